"""Commands of the connectors room: `journeymap ingest`."""

from __future__ import annotations

import argparse

from journeymap.commands.base import add_command, print_json


def cmd_ingest(args: argparse.Namespace) -> None:
    from connectors import connect, ingest

    con = connect(args.db)
    try:
        report = ingest(args.exports_dir, con)
    finally:
        con.close()
    if args.json:
        print_json(report.as_dict())
        return
    for f in report.files:
        print(f"{f.status:15} {f.source or '-':12} read {f.rows_read:>7}  loaded {f.rows_loaded:>7}"
              f"  quarantined {f.rows_quarantined:>5}  duplicates {f.touchpoints_duplicate:>6}"
              f"  {f.file}{'  (' + f.message + ')' if f.message else ''}")
    print(f"customers: {report.identities.get('customers', 0)}  store: {args.db}")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "ingest", cmd_ingest, "Load a folder of exports into the store and "
                    "stitch identities.")
    p.add_argument("exports_dir", metavar="DIR")
    p.add_argument("--db", required=True, help="DuckDB store file")
    p.add_argument("--json", action="store_true", help="per-file report as JSON")
