"""Store guarantees: a transaction per file, manifest, re-ingest, privacy, stitching."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from connectors import connect, ingest
from journeymap.cli import main
from tests.connectors.conftest import FIXTURES
from tests.connectors.helpers import one, rows

ROOT = Path(__file__).resolve().parents[2]
STORE_TABLES = ("touchpoints", "identifier_edges", "traits", "channel_metrics", "quarantine",
                "ingested_files", "identities", "feedback")


def _all_fixtures(tmp_path: Path) -> Path:
    """Every fixture export in one folder: the same people seen by many tools."""
    folder = tmp_path / "all"
    for sub in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        shutil.copytree(sub, folder / sub.name)
    return folder


def _counts(con) -> dict[str, int]:
    return {t: one(con, f"SELECT count(*) FROM {t}") for t in STORE_TABLES}


def test_one_person_across_tools_is_one_customer(tmp_path, load, con):
    _, report = load(_all_fixtures(tmp_path))
    ada = one(con, "SELECT customer_id FROM identities WHERE identifier_key = "
                   "'email:ada@acme.example'")
    keys = {k for (k,) in rows(con, "SELECT identifier_key FROM identities WHERE customer_id = ?",
                               [ada])}
    assert {"hubspot_contact:100001", "hubspot_deal:9001", "gclid:Cj0KCQjwAda0000000000000001",
            "klaviyo_profile:01GDDKASAP8TKDDA2GRZDSVP4H", "meta_lead:l:1290388411822033",
            "email_md5:07a9ba3011f51ae0c2e2d9302e13b31c",
            "ga_client_id:1404723871.1777889520"} <= keys
    sources = {s for (s,) in rows(con, "SELECT DISTINCT source FROM touchpoints "
                                       "WHERE customer_id = ?", [ada])}
    assert {"hubspot", "sendgrid", "mailchimp", "klaviyo", "google_ads", "meta_ads", "ga4",
            "generic"} <= sources
    # the ad click (date only) took the time of the GA4 landing page view that carries its gclid
    assert rows(con, "SELECT occurred_at::VARCHAR, timestamp_precision FROM touchpoints "
                     "WHERE source = 'google_ads' AND customer_id = ?", [ada]) == [
        ("2026-05-04 10:12:00.123999+00", "landing")]
    assert one(con, "SELECT count(*) FROM touchpoints WHERE customer_id IS NULL") == 0
    assert report.identities["customers"] == one(
        con, "SELECT count(DISTINCT customer_id) FROM identities")


def test_customer_ids_are_stable_across_runs_and_stores(tmp_path):
    folder = _all_fixtures(tmp_path)
    ids = []
    for name in ("a", "b"):
        con = connect(tmp_path / f"{name}.duckdb")
        ingest(folder, con)
        ids.append(rows(con, "SELECT identifier_key, customer_id FROM identities ORDER BY 1"))
        con.close()
    assert ids[0] == ids[1]


def test_reingest_of_everything_adds_nothing(tmp_path, con):
    folder = _all_fixtures(tmp_path)
    ingest(folder, con)
    before = _counts(con)
    again = ingest(folder, con)
    assert {f.status for f in again.files} <= {"already loaded", "skipped"}
    assert _counts(con) == before


def test_manifest_records_checksum_rows_and_load_time(tmp_path, load, con):
    files, _ = load("hubspot")
    path = FIXTURES / "hubspot" / "hubspot-crm-exports-all-contacts-2026-06-01.csv"
    got = rows(con, "SELECT source, export, rows_read, rows_loaded, rows_quarantined, "
                    "load_seconds >= 0, loaded_at IS NOT NULL, privacy FROM ingested_files "
                    "WHERE file_sha256 = ?", [hashlib.sha256(path.read_bytes()).hexdigest()])
    assert got == [("hubspot", "hubspot_contacts", 4, 3, 1, True, True, "none")]


def test_a_file_failing_midway_leaves_the_store_as_it_was(tmp_path, con, monkeypatch):
    import connectors.load as loading

    ingest(FIXTURES / "sendgrid", con)
    before = _counts(con)
    original = loading._count

    def failing(connection, sql, params):
        if "INSERT INTO traits" in sql:  # after touchpoints, edges and identities were written
            connection.execute("SELECT error('disk on fire')")
        return original(connection, sql, params)

    monkeypatch.setattr(loading, "_count", failing)
    report = ingest(FIXTURES / "hubspot", con)
    assert {f.status for f in report.files} == {"failed"}
    assert "disk on fire" in report.files[0].message
    assert _counts(con) == before


def test_a_run_killed_halfway_leaves_the_store_as_before(tmp_path):
    db = tmp_path / "store.duckdb"
    con = connect(db)
    ingest(FIXTURES / "sendgrid", con)
    before = _counts(con)
    con.close()
    script = f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
import connectors.load as loading
from connectors import connect, ingest
original = loading._count
def kill(connection, sql, params):
    if "INSERT INTO traits" in sql:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(connection, sql, params)
loading._count = kill
ingest({str(FIXTURES / 'hubspot')!r}, connect({str(db)!r}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == -9
    con = connect(db)
    assert _counts(con) == before
    assert ingest(FIXTURES / "hubspot", con).files[0].status == "loaded"  # and loads later
    con.close()


def test_privacy_mode_stores_only_hashed_emails(tmp_path, load, con):
    _, report = load(_all_fixtures(tmp_path), privacy="hash_emails")
    assert report.privacy == "hash_emails"
    for table, column in (("touchpoints", "identifier_key"), ("identities", "identifier_key"),
                          ("identifier_edges", "left_key"), ("identifier_edges", "right_key"),
                          ("traits", "identifier_key"), ("quarantine", "record"),
                          ("feedback", "identifier_key"), ("feedback", "comment")):
        assert one(con, f"SELECT count(*) FROM {table} WHERE {column} LIKE '%@%'") == 0, table
    ada = "email_sha256:" + hashlib.sha256(b"ada@acme.example").hexdigest()
    customer = one(con, "SELECT customer_id FROM identities WHERE identifier_key = ?", [ada])
    md5 = "email_md5:" + hashlib.md5(b"ada@acme.example").hexdigest()
    assert one(con, "SELECT customer_id FROM identities WHERE identifier_key = ?", [md5]) == \
        customer  # Mailchimp's hash still finds Ada
    assert one(con, "SELECT DISTINCT privacy FROM ingested_files") == "hash_emails"


def test_privacy_mode_from_sources_yaml(tmp_path, load, con):
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES / "sendgrid", folder)
    (folder / "sources.yaml").write_text("privacy: hash_emails\n")
    _, report = load(folder)
    assert report.privacy == "hash_emails"
    assert one(con, "SELECT count(*) FROM touchpoints WHERE identifier_key LIKE 'email:%'") == 0


def test_a_later_export_of_the_same_posts_replaces_their_figures(tmp_path, load, con):
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES / "meta_business_suite", folder)
    load(folder)
    text = (folder / "posts_may_2026.csv").read_text(encoding="utf-8-sig")
    (folder / "posts_june_refresh.csv").write_text(text.replace(",5320,4102,", ",6000,4500,"),
                                                   encoding="utf-8-sig")
    files, _ = load(folder)
    refresh = files["posts_june_refresh.csv"]
    assert refresh.metrics_replaced == 14 and refresh.metrics_added == 0
    figures = dict(rows(con, "SELECT metric, value FROM channel_metrics "
                             "WHERE item_id = '1827720132094663'"))
    assert figures["impressions"] == 6000 and figures["reach"] == 4500
    assert one(con, "SELECT count(*) FROM channel_metrics") == 14


def test_cli_json_reports_every_file_and_takes_privacy(tmp_path, capsys):
    db = tmp_path / "store.duckdb"
    assert main(["ingest", str(FIXTURES / "salesforce"), "--db", str(db), "--json",
                 "--privacy", "hash_emails"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["privacy"] == "hash_emails"
    for f in report["files"]:
        assert {"source", "export", "rows_read", "rows_loaded", "rows_quarantined",
                "touchpoints_added", "touchpoints_duplicate", "message"} <= set(f)
        assert f["rows_read"] == f["rows_loaded"] + f["rows_quarantined"]
    assert main(["ingest", str(FIXTURES / "x"), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "x" in out and "customers:" in out


def test_ingest_can_load_only_the_files_named(tmp_path, con):
    folder = _all_fixtures(tmp_path)
    name = "x/tweet_activity_metrics_trailrunnerco_20260501_20260531_en.csv"
    report = ingest(folder, con, files=[name])
    assert [Path(f.file).name for f in report.files] == [
        "tweet_activity_metrics_trailrunnerco_20260501_20260531_en.csv"]
    assert report.files[0].channel == "social"
    assert one(con, "SELECT count(*) FROM ingested_files") == 1
