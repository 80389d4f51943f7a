"""Commands of the connectors room: `journeymap ingest`."""

from __future__ import annotations

import argparse

from journeymap.commands.base import add_command, print_json


def cmd_ingest(args: argparse.Namespace) -> None:
    from connectors import connect, ingest

    con = connect(args.db)
    try:
        report = ingest(args.exports_dir, con, privacy=args.privacy, lake=args.lake)
    finally:
        con.close()
    if args.json:
        print_json(report.as_dict())
        return
    for f in report.files:
        print(f"{f.status:15} {f.source or '-':20} read {f.rows_read:>9}  loaded {f.rows_loaded:>9}"
              f"  quarantined {f.rows_quarantined:>6}  duplicates {f.touchpoints_duplicate:>7}"
              f"  {f.file}{'  (' + f.message + ')' if f.message else ''}")
    for message in report.conflicts:
        print(f"identity conflict: {message}")
    print(f"customers: {report.identities.get('customers', 0)}  store: {args.db}")
    if args.lake:
        print(f"lake: {args.lake}  event dates written {report.lake['dates_written']}, "
              f"kept {report.lake['dates_kept']}, removed {report.lake['dates_removed']}")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "ingest", cmd_ingest, "Load a folder of exports into the store and "
                    "stitch identities.")
    p.add_argument("exports_dir", metavar="DIR")
    p.add_argument("--db", required=True, help="DuckDB store file")
    p.add_argument("--json", action="store_true",
                   help="per-file report as JSON (source, rows read, loaded, quarantined, "
                        "duplicates)")
    p.add_argument("--privacy", choices=("none", "hash_emails"), default=None,
                   help="hash_emails: store only SHA-256 hashes of email addresses (default: "
                        "`privacy:` in the folder's sources.yaml, else none)")
    p.add_argument("--lake", default=None, metavar="DIR",
                   help="also write the touchpoints as Parquet partitioned by event date (with "
                        "identities and traits) for mining on DuckDB or Spark; only changed "
                        "dates are rewritten")
