"""Commands of the maps room: designed maps, templates, conformance and rendering."""

from __future__ import annotations

import argparse
from pathlib import Path

from journeymap.commands.base import add_command, print_json
from journeymap.errors import JourneymapError


def cmd_conform(args: argparse.Namespace) -> None:
    from connectors import connect
    from maps import compute_overlays, load_designed_maps

    if args.map:
        return _conform_one(args)
    if args.log:
        raise JourneymapError("hold a log against one designed journey: give --map MAP")
    if not args.designed:
        raise JourneymapError("give --map MAP (one designed journey) or --designed DIR")
    con = connect(args.db)
    try:
        summary = compute_overlays(con, load_designed_maps(args.designed))
    finally:
        con.close()
    summary = {k: v for k, v in summary.items() if not args.persona or k == args.persona}
    if args.json:
        print_json(summary)
        return
    for persona, s in summary.items():
        print(f"{persona}: {s['journeys']} journeys, conversion {s['conversion_rate']:.1%}, "
              f"journeys that follow the design {s['fitting_share']:.1%}")


def _conform_one(args: argparse.Namespace) -> None:
    from maps.compile import load_process_model
    from maps.designed import load_designed_map

    map_path = Path(args.map)
    designed = load_designed_map(map_path) if map_path.suffix in (".yaml", ".yml") else None
    model = load_process_model(map_path)
    report = (_conform_log(args, designed, model) if args.log
              else _conform_store(args, designed, model))
    if args.json:
        print_json(report)
        return
    print(f"{report['persona']} vs {report['model']} ({report['method']}): "
          f"fitness {report['fitness']:.3f}, "
          f"fitting journeys {report['fitting_share']:.1%} of {report['cases']}, "
          f"{report['variants']} variants")
    for item in report.get("impact", [])[:5]:
        print(f"  {item['kind']:12} {item['subject']}: conversion {item['conversion_with']:.0%} "
              f"with vs {item['conversion_without']:.0%} without ({item['journeys_with']} "
              f"journeys)")


def _conform_store(args: argparse.Namespace, designed, model) -> dict:
    from connectors import connect
    from maps.report import conformance_report

    persona = args.persona or (designed.persona_names()[0] if designed else None)
    if persona is None:
        raise JourneymapError("name the persona (--persona) to hold against a BPMN/PNML model")
    con = connect(args.db)
    try:
        return conformance_report(con, persona, designed, model, quick=args.quick)
    finally:
        con.close()


def _conform_log(args: argparse.Namespace, designed, model) -> dict:
    import duckdb

    from maps.report import conformance_report_for_log
    from mining import LogColumns, read_event_log

    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        timestamp = None if args.timestamp.lower() == "none" else args.timestamp
        read_event_log(con, args.log, LogColumns(args.case, args.activity, timestamp))
        return conformance_report_for_log(con, designed, model, quick=args.quick)
    finally:
        con.close()


def cmd_render(args: argparse.Namespace) -> None:
    from connectors import connect
    from maps.render import render_maps

    con = connect(args.db)
    try:
        index = render_maps(con, args.out, min_edge_share=args.min_edge_share,
                            top_variants=args.top_variants, top_paths=args.top_paths,
                            images=args.images or ())
    finally:
        con.close()
    print(index)


def cmd_validate(args: argparse.Namespace) -> None:
    from maps import load_designed_map

    designed = load_designed_map(args.map)
    print(f"{args.map}: valid designed map {designed.name!r} for "
          f"{', '.join(designed.persona_names())} ({len(designed.stages)} stages, "
          f"{len(designed.steps())} steps)")


def cmd_templates(args: argparse.Namespace) -> None:
    from maps.templates_library import templates

    summaries = [t.summary() for t in templates().values()]
    if args.json:
        print_json(summaries)
        return
    for s in summaries:
        print(f"{s['template']:32} {s['title']}  (goal: {s['goal']}, {s['steps']} steps)")


def cmd_new(args: argparse.Namespace) -> None:
    from maps.templates_library import new_designed_map

    out = new_designed_map(args.template, args.persona, args.out or f"{args.persona}.yaml")
    print(out)


def cmd_export_model(args: argparse.Namespace) -> None:
    from maps import load_designed_map
    from maps.compile import export_process_model

    for kind, path in export_process_model(load_designed_map(args.map), args.out).items():
        print(f"{kind}: {path}")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "conform", cmd_conform, "Hold observed journeys against designed maps: "
                    "fitness, step deviations and their impact.")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", help="DuckDB store file (after `mine`)")
    source.add_argument("--log", help="an event log instead: XES (.xes, .xes.gz), CSV or Parquet")
    p.add_argument("--case", default="case:concept:name", help="case column of --log")
    p.add_argument("--activity", default="concept:name", help="activity column of --log")
    p.add_argument("--timestamp", default="time:timestamp",
                   help="timestamp column of --log ('none': events in file order)")
    p.add_argument("--map", help="one designed journey: designed map .yaml, .bpmn or .pnml")
    p.add_argument("--designed", help="folder of designed maps: overlay every persona")
    p.add_argument("--persona", help="only this persona (default: the map's persona)")
    p.add_argument("--quick", action="store_true",
                   help="token-based replay instead of alignments (for very large inputs)")
    p.add_argument("--json", action="store_true", help="the report as JSON")

    p = add_command(sub, "render", cmd_render, "Write the HTML journey maps and print the index "
                    "path.")
    p.add_argument("--db", required=True, help="DuckDB store file (after `conform`)")
    p.add_argument("--out", required=True, help="output folder for the HTML maps")
    p.add_argument("--images", metavar="FORMATS",
                   help="also write every figure as images for slides into OUT/images: "
                        "png, svg or png,svg (uses Debian's chromium, or BROWSER_PATH)")
    p.add_argument("--min-edge-share", type=float, default=0.01, metavar="SHARE",
                   help="observed map: hide edges seen in fewer than this share of journeys "
                        "(default 0.01)")
    p.add_argument("--top-variants", type=int, default=10, metavar="N",
                   help="variants listed per persona (default 10)")
    p.add_argument("--top-paths", type=int, default=10, metavar="N",
                   help="paths drawn in the Sankey per persona (default 10)")

    p = add_command(sub, "validate", cmd_validate, "Check a designed map YAML against its schema.")
    p.add_argument("map", metavar="MAP")

    p = add_command(sub, "templates", cmd_templates, "List the designed-map templates.")
    p.add_argument("--json", action="store_true", help="as JSON")

    p = add_command(sub, "new", cmd_new, "Start a designed map from a template.")
    p.add_argument("--template", required=True, help="template name (see `templates`)")
    p.add_argument("--persona", required=True, help="persona the map is designed for")
    p.add_argument("--out", help="file to write (default: PERSONA.yaml)")

    p = add_command(sub, "export-model", cmd_export_model, "Write a designed map as BPMN and "
                    "PNML process models.")
    p.add_argument("map", metavar="MAP")
    p.add_argument("--out", required=True, help="output folder")
