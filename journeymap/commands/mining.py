"""Commands of the mining room: `journeymap mine` (the store) and `journeymap discover` (a log).

Both print the same observed map (JSON with `--json`) and take the same filters: period,
top variants, minimum edge share, goal and stages, and can export the observed process model.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from journeymap.commands.base import add_command, print_json
from journeymap.errors import JourneymapError


def _window(args: argparse.Namespace) -> tuple[Any, Any]:
    from mining import parse_instant, period_bounds

    if args.period and (args.since or args.until):
        raise JourneymapError("give --period or --since/--until, not both", field="period")
    if args.period:
        return period_bounds(args.period)
    return (parse_instant(args.since) if args.since else None,
            parse_instant(args.until) if args.until else None)


def _funnel(args: argparse.Namespace) -> Any:
    from mining import Funnel, parse_stage

    if args.stage and not args.goal:
        raise JourneymapError("--stage needs --goal: the funnel ends at the goal", field="stage")
    if not args.goal:
        return None
    return Funnel(tuple(args.goal), tuple(parse_stage(s) for s in args.stage or ()))


def _map_options(args: argparse.Namespace) -> dict[str, Any]:
    since, until = _window(args)
    return {"since": since, "until": until, "top_variants": args.top_variants,
            "min_edge_share": args.min_edge_share, "funnel": _funnel(args), "grain": args.grain}


def _export_model(con: Any, args: argparse.Namespace) -> list[str]:
    if not (args.bpmn or args.pnml):
        return []
    from mining import discover_process_tree, export_process_model, variant_counts

    tree = discover_process_tree(variant_counts(con), args.noise)
    return [str(p) for p in export_process_model(tree, bpmn=args.bpmn, pnml=args.pnml)]


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if abs(seconds) >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def _print_map(result: dict[str, Any], top: int = 10) -> None:
    durations = result["durations"]
    print(f"{result['cases']} journeys, {result['events']} events, "
          f"{len(result['variants'])} variants, {len(result['dfg'])} directly-follows edges")
    print(f"journey duration: median {_duration(durations['median_seconds'])}, "
          f"mean {_duration(durations['mean_seconds'])}, p90 {_duration(durations['p90_seconds'])}")
    print("variants (journeys, share):")
    for variant in result["variants"][:top]:
        path = " > ".join(variant["touchpoints"])
        print(f"  {variant['count']:>7} {variant['share']:6.1%}  {path}")
    print("directly-follows edges (pairs, median and mean time between):")
    for edge in result["dfg"][:top]:
        print(f"  {edge['count']:>7}  {edge['source']} > {edge['target']}  "
              f"{_duration(edge['median_seconds'])} / {_duration(edge['mean_seconds'])}")
    conversion = result.get("conversion")
    if conversion:
        print(f"converted: {conversion['converted']} of {conversion['journeys']} "
              f"({conversion['conversion_rate']:.1%}), median time to convert "
              f"{_duration(conversion['median_seconds_to_convert'])}")
        for stage in result["funnel"]:
            print(f"  stage {stage['stage']}: reached {stage['reached']} "
                  f"({stage['reached_share']:.1%}), dropped {stage['dropped']}")


def _report(result: dict[str, Any], args: argparse.Namespace, models: list[str]) -> None:
    if models:
        result["process_model"] = models
    if args.json:
        print_json(result)
        return
    _print_map(result, args.top_variants or 10)
    for path in models:
        print(f"process model: {path}")


def _split(args: argparse.Namespace) -> Any:
    if args.split_after_inactivity is None and not args.split_after:
        return None
    if not args.personas:
        raise JourneymapError("journeys are cut when personas are assigned: add --personas",
                              field="split")
    from pydantic import ValidationError

    from mining import JourneySplit

    try:
        return JourneySplit(inactivity=args.split_after_inactivity, after=args.split_after or [])
    except ValidationError as exc:
        raise JourneymapError(exc.errors()[0]["msg"], field="split-after-inactivity") from exc


def cmd_mine(args: argparse.Namespace) -> None:
    import duckdb

    from connectors import connect
    from mining import assign_personas, compute_observed_maps, load_persona_rules, observed_map

    options, split = _map_options(args), _split(args)
    try:
        con = connect(args.db, read_only=not args.personas)
    except duckdb.Error as exc:
        raise JourneymapError(f"cannot open the store: {exc}", file=args.db) from exc
    try:
        if args.personas:
            counts = assign_personas(con, load_persona_rules(args.personas), split)
            funnel = options["funnel"]
            compute_observed_maps(con, funnels={None: funnel} if funnel else None)
            if not args.json:
                print("customers per persona: "
                      + ", ".join(f"{p} {n}" for p, n in counts.items()))
        result = observed_map(con, args.persona, **options)
        models = _export_model(con, args)
    finally:
        con.close()
    _report(result, args, models)


def cmd_discover(args: argparse.Namespace) -> None:
    import duckdb

    from mining import LogColumns, observed_map, read_event_log

    options = _map_options(args)
    timestamp = None if args.timestamp.lower() == "none" else args.timestamp
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        loaded = read_event_log(con, args.log, LogColumns(args.case, args.activity, timestamp))
        if loaded.events_dropped:
            print(f"journeymap: {loaded.events_dropped} of {loaded.events_read} events lack a "
                  f"case, activity or readable timestamp and were left out", file=sys.stderr)
        result = observed_map(con, source="generic_log", **options)
        models = _export_model(con, args)
    finally:
        con.close()
    result["log"] = {"file": loaded.file, "events_read": loaded.events_read,
                     "events_dropped": loaded.events_dropped, "timed": loaded.timed}
    _report(result, args, models)


def _add_map_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", help="journeys that started in this period: 2024, 2024-Q2, "
                   "2024-03, 2024-W10, 2024-03-05, or a range 2024-01..2024-03 (UTC)")
    p.add_argument("--since", help="journeys that started at or after this ISO date/time")
    p.add_argument("--until", help="journeys that started before this ISO date/time")
    p.add_argument("--top-variants", type=int, metavar="K",
                   help="map only the journeys of the K most frequent variants")
    p.add_argument("--min-edge-share", type=float, default=0.0, metavar="SHARE",
                   help="hide directly-follows edges below this share of all pairs (0..1)")
    p.add_argument("--goal", action="append", metavar="TOUCHPOINT",
                   help="a touchpoint that converts the journey (repeat for several)")
    p.add_argument("--stage", action="append", metavar="NAME=TP[,TP...]",
                   help="a stage and its touchpoints, in funnel order (repeat)")
    p.add_argument("--grain", help="add journeys per day, week, month, quarter or year")
    p.add_argument("--bpmn", help="write the observed process model (inductive miner) as BPMN")
    p.add_argument("--pnml", help="write the observed process model as a Petri net (PNML)")
    p.add_argument("--noise", type=float, default=0.0,
                   help="noise threshold of the inductive miner (0: every behaviour)")
    p.add_argument("--json", action="store_true", help="observed map as JSON")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "mine", cmd_mine,
                    "Print the observed map of the store (assign personas first with --personas).")
    p.add_argument("--db", required=True, help="DuckDB store file")
    p.add_argument("--personas", help="persona rules YAML: assign personas and store the "
                   "observed maps of every persona before printing")
    p.add_argument("--persona", help="only this persona (default: all journeys)")
    p.add_argument("--split-after-inactivity", metavar="DURATION",
                   help="start a new journey after a pause this long ('30 days', '12h')")
    p.add_argument("--split-after", action="append", metavar="TOUCHPOINT",
                   help="start a new journey after this touchpoint (repeat)")
    _add_map_options(p)

    p = add_command(sub, "discover", cmd_discover,
                    "Print the observed map of an event log (XES, XES.GZ, CSV or Parquet).")
    p.add_argument("--log", required=True, help="event log file")
    p.add_argument("--case", default="case:concept:name", help="case column (XES: case:<key>)")
    p.add_argument("--activity", default="concept:name", help="activity column")
    p.add_argument("--timestamp", default="time:timestamp",
                   help="timestamp column ('none': order by position in the file)")
    _add_map_options(p)
