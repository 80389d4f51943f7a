"""The `journeymap` command line: samples, ingest, mine, conform, render, validate, demo."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journeymap.errors import JourneymapError


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, default=str))


def cmd_samples(args: argparse.Namespace) -> None:
    from journeymap.samples import write_samples

    truth = write_samples(args.out_dir, customers=args.customers, seed=args.seed)
    if args.json:
        _print_json(truth)
        return
    print(f"wrote {truth['customers']} customers, {truth['touchpoint_events']} touchpoint "
          f"events to {Path(args.out_dir) / 'exports'}")
    for name, entry in truth["files"].items():
        print(f"  {name:32} {entry['source']:12} {entry['rows']:>7} rows")


def cmd_ingest(args: argparse.Namespace) -> None:
    from connectors import connect, ingest

    con = connect(args.db)
    try:
        report = ingest(args.exports_dir, con)
    finally:
        con.close()
    if args.json:
        _print_json(report.as_dict())
        return
    for f in report.files:
        print(f"{f.status:15} {f.source or '-':12} read {f.rows_read:>7}  loaded {f.rows_loaded:>7}"
              f"  quarantined {f.rows_quarantined:>5}  duplicates {f.touchpoints_duplicate:>6}"
              f"  {f.file}{'  (' + f.message + ')' if f.message else ''}")
    print(f"customers: {report.identities.get('customers', 0)}  store: {args.db}")


def cmd_mine(args: argparse.Namespace) -> None:
    from connectors import connect
    from mining import assign_personas, compute_observed_maps, load_persona_rules, observed_map

    con = connect(args.db)
    try:
        counts = assign_personas(con, load_persona_rules(args.personas))
        compute_observed_maps(con)
        result = observed_map(con, args.persona, top_variants=args.top_variants)
    finally:
        con.close()
    if args.json:
        _print_json(result)
        return
    print("customers per persona: " + ", ".join(f"{p} {n}" for p, n in counts.items()))
    print(f"{result['cases']} journeys, {result['events']} events, "
          f"{len(result['dfg'])} directly-follows edges")
    for variant in result["variants"][: args.top_variants or 10]:
        print(f"  {variant['count']:>6}  {' > '.join(variant['touchpoints'])}")


def cmd_conform(args: argparse.Namespace) -> None:
    from connectors import connect
    from maps import compute_overlays, load_designed_maps

    con = connect(args.db)
    try:
        summary = compute_overlays(con, load_designed_maps(args.designed))
        steps = con.execute("SELECT * FROM overlay_steps ORDER BY persona, step_index").fetchdf()
        unexpected = con.execute("SELECT * FROM overlay_unexpected ORDER BY persona, journeys "
                                 "DESC").fetchdf()
    finally:
        con.close()
    if args.persona:
        summary = {k: v for k, v in summary.items() if k == args.persona}
        steps = steps[steps["persona"] == args.persona]
        unexpected = unexpected[unexpected["persona"] == args.persona]
    if args.json:
        _print_json({"personas": summary, "steps": steps.to_dict("records"),
                     "unexpected": unexpected.to_dict("records")})
        return
    for persona, s in summary.items():
        print(f"{persona}: {s['journeys']} journeys, conversion {s['conversion_rate']:.1%}, "
              f"fitting {s['fitting_share']:.1%}")


def cmd_render(args: argparse.Namespace) -> None:
    from connectors import connect
    from maps.render import render_maps

    con = connect(args.db)
    try:
        index = render_maps(con, args.out)
    finally:
        con.close()
    print(index)


def cmd_validate(args: argparse.Namespace) -> None:
    from maps import load_designed_map

    designed = load_designed_map(args.map)
    print(f"{args.map}: valid designed map {designed.name!r} for persona {designed.persona!r} "
          f"({len(designed.stages)} stages, {len(designed.steps())} steps)")


def cmd_demo(args: argparse.Namespace) -> None:
    from journeymap.samples import write_samples
    from journeymap.settings import Settings
    from pipelines.run import run_pipeline

    started = time.perf_counter()
    folder = Path(args.dir)
    truth = write_samples(folder, customers=args.customers, seed=args.seed)
    settings = Settings.for_project(folder)
    print(f"sample exports: {settings.exports_dir} ({truth['customers']} customers)")
    result = run_pipeline(settings)
    if not result.success:
        raise JourneymapError("the Dagster run failed; see the log above")
    maps_dir = settings.maps_dir.resolve()
    print(f"store: {settings.db_path.resolve()}")
    print(f"Dagster run {result.run_id} materialised "
          f"{len(result.get_asset_materialization_events())} assets "
          f"in {time.perf_counter() - started:.1f} s")
    print("journey maps:")
    for page in sorted(maps_dir.glob("*.html")):
        if page.name != "index.html":
            print(f"  {page}")
    print(f"open the index: {maps_dir / 'index.html'}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Customer-journey maps from tool exports, held against the designed journey.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = command("samples", cmd_samples, "Write the seeded sample world: exports, designed maps, "
                                        "persona rules and ground truth.")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("--customers", type=int, default=400, help="customers to simulate (400)")
    p.add_argument("--seed", type=int, default=7, help="random seed (7)")
    p.add_argument("--json", action="store_true", help="print the ground truth as JSON")

    p = command("ingest", cmd_ingest, "Load a folder of exports into the store and stitch "
                                      "identities.")
    p.add_argument("exports_dir", metavar="DIR")
    p.add_argument("--db", required=True, help="DuckDB store file")
    p.add_argument("--json", action="store_true", help="per-file report as JSON")

    p = command("mine", cmd_mine, "Assign personas and compute observed maps; print one.")
    p.add_argument("--db", required=True, help="DuckDB store file")
    p.add_argument("--personas", required=True, help="persona rules YAML")
    p.add_argument("--persona", help="only this persona (default: all)")
    p.add_argument("--top-variants", type=int, help="keep the K most frequent variants")
    p.add_argument("--json", action="store_true", help="observed map as JSON")

    p = command("conform", cmd_conform, "Hold observed journeys against the designed maps.")
    p.add_argument("--db", required=True, help="DuckDB store file (after `mine`)")
    p.add_argument("--designed", required=True, help="folder of designed maps (YAML)")
    p.add_argument("--persona", help="only this persona")
    p.add_argument("--json", action="store_true", help="overlay figures as JSON")

    p = command("render", cmd_render, "Write the HTML journey maps and print the index path.")
    p.add_argument("--db", required=True, help="DuckDB store file (after `conform`)")
    p.add_argument("--out", required=True, help="output folder for the HTML maps")

    p = command("validate", cmd_validate, "Check a designed map YAML against its schema.")
    p.add_argument("map", metavar="MAP")

    p = command("demo", cmd_demo, "Sample exports -> Dagster run -> DuckDB -> HTML maps.")
    p.add_argument("--dir", default="demo", help="project folder to write (demo)")
    p.add_argument("--customers", type=int, default=400, help="customers to simulate (400)")
    p.add_argument("--seed", type=int, default=7, help="random seed (7)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `journeymap` command."""
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except JourneymapError as exc:
        print(f"journeymap: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
