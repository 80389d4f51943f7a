"""Commands of the mining room: `journeymap mine`."""

from __future__ import annotations

import argparse

from journeymap.commands.base import add_command, print_json


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
        print_json(result)
        return
    print("customers per persona: " + ", ".join(f"{p} {n}" for p, n in counts.items()))
    print(f"{result['cases']} journeys, {result['events']} events, "
          f"{len(result['dfg'])} directly-follows edges")
    for variant in result["variants"][: args.top_variants or 10]:
        print(f"  {variant['count']:>6}  {' > '.join(variant['touchpoints'])}")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "mine", cmd_mine, "Assign personas and compute observed maps; print one.")
    p.add_argument("--db", required=True, help="DuckDB store file")
    p.add_argument("--personas", required=True, help="persona rules YAML")
    p.add_argument("--persona", help="only this persona (default: all)")
    p.add_argument("--top-variants", type=int, help="keep the K most frequent variants")
    p.add_argument("--json", action="store_true", help="observed map as JSON")
