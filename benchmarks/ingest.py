"""Benchmark: `journeymap ingest` against DuckDB's bare readers on the same export files.

Generates about 10 million export rows across sources (GA4, Segment and SendGrid NDJSON; Google
Ads, HubSpot and Mailchimp CSV) into a temporary folder, then, each in its own process:

- bare: `CREATE TABLE AS SELECT * FROM read_json(file)` / `read_csv(file)` per file, DuckDB's
  own auto-detection, into a DuckDB file: what loading the files with DuckDB alone costs;
- journeymap: `connectors.ingest` of the folder into a DuckDB file (detection, typing, mapping,
  quarantine checks, dedupe, manifest, identity stitching).

Prints both times, the ratio bare / journeymap (target >= 0.5), rows per second and each
process's peak memory (target < 4 GB). Usage: `.venv/bin/python benchmarks/ingest.py [--rows N]
[--keep DIR]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from processes import run_child  # benchmarks/processes.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
SHARES = {"ga4": 0.35, "segment": 0.25, "sendgrid": 0.25, "google_ads": 0.05,
          "hubspot": 0.05, "mailchimp": 0.05}
PEOPLE_PER_ROW = 0.05  # one person per 20 events

# Each query writes one export the way its tool does; $n rows, $people persons.
GENERATORS = {
    "ga4_events.ndjson": """
        COPY (SELECT 'page_view' AS event_name,
                     (1780000000000000 + i * 997)::VARCHAR AS event_timestamp,
                     'cid.' || (i % $people) AS user_pseudo_id,
                     CASE WHEN i % 4 = 0 THEN 'u' || (i % $people) END AS user_id,
                     (i // 7)::VARCHAR AS event_bundle_sequence_id,
                     [{'key': 'page_location', 'value': {'string_value':
                         'https://shop.example/' || ['pricing', 'product/x', 'blog/a'][i % 3 + 1]
                         || CASE WHEN i % 50 = 0 THEN '?gclid=g' || i ELSE '' END}},
                      {'key': 'ga_session_id', 'value': {'int_value': i // 20}}] AS event_params,
                     {'manual_source': 'google', 'manual_medium': 'cpc',
                      'manual_campaign_name': 'spring'} AS collected_traffic_source,
                     {'country': 'Germany', 'city': 'Berlin'} AS geo
              FROM range($n) t(i)) TO '{path}' (FORMAT json)""",
    "segment_events.ndjson": """
        COPY (SELECT CASE WHEN i % 10 = 0 THEN 'track' ELSE 'page' END AS type,
                     'ajs-' || md5(i::VARCHAR) AS messageId,
                     'anon-' || (i % $people) AS anonymousId,
                     CASE WHEN i % 3 = 0 THEN 'u' || (i % $people) END AS userId,
                     strftime(TIMESTAMP '2026-05-01' + to_milliseconds(i * 37),
                              '%Y-%m-%dT%H:%M:%S.%gZ') AS timestamp,
                     CASE WHEN i % 10 = 0 THEN 'Signed Up' END AS event,
                     {'path': '/pricing', 'url': 'https://shop.example/pricing'} AS properties,
                     {'page': {'path': '/pricing', 'url': 'https://shop.example/pricing'},
                      'campaign': {'name': 'spring', 'source': 'google', 'medium': 'cpc'},
                      'userAgent': 'Mozilla/5.0'} AS context
              FROM range($n) t(i)) TO '{path}' (FORMAT json)""",
    "sendgrid_events.ndjson": """
        COPY (SELECT 'p' || (i % $people) || '@mail.example' AS email,
                     1780000000 + i AS timestamp,
                     ['delivered', 'open', 'click'][i % 3 + 1] AS event,
                     md5(i::VARCHAR) AS sg_event_id,
                     md5(i::VARCHAR) || '.filter0001' AS sg_message_id,
                     ['newsletter'] AS category, 'Spring sale' AS marketing_campaign_name
              FROM range($n) t(i)) TO '{path}' (FORMAT json)""",
    "google_ads_click_view.csv": """
        COPY (SELECT 'spring' AS "campaign.name", 'shoes' AS "ad_group.name",
                     'g' || (i * 50) AS "click_view.gclid", 'running shoes'
                         AS "click_view.keyword_info.text",
                     strftime(DATE '2026-05-01' + (i % 90)::INTEGER, '%Y-%m-%d')
                         AS "segments.date"
              FROM range($n) t(i)) TO '{path}' (FORMAT csv, HEADER)""",
    "hubspot_contacts.csv": """
        COPY (SELECT (100000 + i)::VARCHAR AS "Record ID", 'Ada' AS "First Name",
                     'p' || i || '@mail.example' AS "Email", 'lead' AS "Lifecycle Stage",
                     'Acme' AS "Company Name", 'Germany' AS "Country/Region",
                     strftime(TIMESTAMP '2026-05-01' + to_minutes(i), '%Y-%m-%d %H:%M')
                         AS "Create Date",
                     strftime(TIMESTAMP '2026-05-01' + to_minutes(i), '%Y-%m-%d %H:%M')
                         AS "Became a Lead Date",
                     CASE WHEN i % 5 = 0 THEN strftime(TIMESTAMP '2026-06-01' + to_minutes(i),
                         '%Y-%m-%d %H:%M') END AS "Became a Customer Date"
              FROM range($n) t(i)) TO '{path}' (FORMAT csv, HEADER)""",
    "mailchimp_audience.csv": """
        COPY (SELECT 'p' || i || '@mail.example' AS "Email Address", 'Ada' AS "First Name",
                     '3' AS "MEMBER_RATING",
                     strftime(TIMESTAMP '2026-04-01' + to_minutes(i), '%Y-%m-%d %H:%M:%S')
                         AS "OPTIN_TIME",
                     strftime(TIMESTAMP '2026-04-01' + to_minutes(i + 3), '%Y-%m-%d %H:%M:%S')
                         AS "CONFIRM_TIME",
                     strftime(TIMESTAMP '2026-04-02' + to_minutes(i), '%Y-%m-%d %H:%M:%S')
                         AS "LAST_CHANGED",
                     (10000000 + i)::VARCHAR AS "LEID", md5(i::VARCHAR) AS "EUID",
                     'DE' AS "CC", 'Berlin' AS "REGION"
              FROM range($n) t(i)) TO '{path}' (FORMAT csv, HEADER)""",
}
SOURCE_OF = {"ga4_events.ndjson": "ga4", "segment_events.ndjson": "segment",
             "sendgrid_events.ndjson": "sendgrid", "google_ads_click_view.csv": "google_ads",
             "hubspot_contacts.csv": "hubspot", "mailchimp_audience.csv": "mailchimp"}


def generate(folder: Path, rows: int) -> dict[str, int]:
    """Write the export files; returns rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    counts = {}
    for name, sql in GENERATORS.items():
        n = int(rows * SHARES[SOURCE_OF[name]])
        people = max(1, int(n * PEOPLE_PER_ROW))
        params = {k: v for k, v in {"n": n, "people": people}.items() if f"${k}" in sql}
        con.execute(sql.replace("{path}", str(folder / name)), params)
        counts[name] = n
    con.close()
    return counts


def bare_read(folder: Path, db: Path) -> dict:
    """DuckDB alone: every file into a table with its own reader and auto-detection."""
    con = duckdb.connect(str(db))
    started = time.perf_counter()
    rows = 0
    for index, path in enumerate(sorted(folder.iterdir())):
        reader = "read_json" if path.suffix == ".ndjson" else "read_csv"
        con.execute(f"CREATE TABLE bare_{index} AS SELECT * FROM {reader}(?)", [str(path)])
        rows += con.execute(f"SELECT count(*) FROM bare_{index}").fetchall()[0][0]
    con.execute("CHECKPOINT")
    return {"seconds": time.perf_counter() - started, "rows": rows}


def journeymap_ingest(folder: Path, db: Path) -> dict:
    """journeymap's whole ingest: detection, mapping, checks, dedupe, manifest, stitching."""
    sys.path.insert(0, str(ROOT))
    from connectors import connect, ingest

    con = connect(db)
    started = time.perf_counter()
    report = ingest(folder, con)
    con.execute("CHECKPOINT")
    seconds = time.perf_counter() - started
    totals = report.totals()
    return {"seconds": seconds, "rows": totals["rows_read"], "totals": totals,
            "customers": report.identities.get("customers"),
            "files": [{"file": Path(f.file).name, "status": f.status, "seconds": f.seconds,
                       "rows": f.rows_read, "quarantined": f.rows_quarantined,
                       "message": f.message} for f in report.files]}


def _child(phase: str, folder: str, db: str) -> None:
    result = (bare_read if phase == "bare" else journeymap_ingest)(Path(folder), Path(db))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_bytes"] = usage.ru_maxrss * 1024
    result["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(result))


def _run(phase: str, folder: Path, db: Path) -> dict:
    return run_child(__file__, "--phase", phase, str(folder), str(db))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--phase", choices=("bare", "journeymap"), help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        _child(args.phase, *args.paths)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="journeymap-bench-"))
    exports = work / "exports"
    try:
        started = time.perf_counter()
        counts = generate(exports, args.rows)
        size = sum(p.stat().st_size for p in exports.iterdir())
        print(f"generated {sum(counts.values()):,} rows in {len(counts)} files "
              f"({size / 1e9:.2f} GB) in {time.perf_counter() - started:.0f} s")
        bare = _run("bare", exports, work / "bare.duckdb")
        ours = _run("journeymap", exports, work / "journeymap.duckdb")
        for f in ours["files"]:
            print(f"  {f['file']:28} {f['rows']:>10,} rows  {f['seconds']:7.1f} s  {f['status']}"
                  f"{'  ' + f['message'] if f['message'] else ''}")
        for label, run in (("bare DuckDB read", bare), ("journeymap ingest", ours)):
            print(f"{label:19} {run['seconds']:7.1f} s wall {run['cpu_seconds']:7.1f} s CPU "
                  f"{run['rows'] / run['seconds']:>11,.0f} rows/s  "
                  f"peak {run['peak_bytes'] / 2**30:.2f} GiB")
        print(f"customers stitched: {ours['customers']:,}")
        print(f"ratio bare/journeymap: {bare['seconds'] / ours['seconds']:.2f} wall, "
              f"{bare['cpu_seconds'] / ours['cpu_seconds']:.2f} CPU (target >= 0.5); "
              f"peak memory {ours['peak_bytes'] / 2**30:.2f} GiB (target < 4)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
