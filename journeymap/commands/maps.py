"""Commands of the maps room: `journeymap conform`, `render`, `validate`."""

from __future__ import annotations

import argparse

from journeymap.commands.base import add_command, print_json


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
        print_json({"personas": summary, "steps": steps.to_dict("records"),
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


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "conform", cmd_conform, "Hold observed journeys against the designed "
                    "maps.")
    p.add_argument("--db", required=True, help="DuckDB store file (after `mine`)")
    p.add_argument("--designed", required=True, help="folder of designed maps (YAML)")
    p.add_argument("--persona", help="only this persona")
    p.add_argument("--json", action="store_true", help="overlay figures as JSON")

    p = add_command(sub, "render", cmd_render, "Write the HTML journey maps and print the index "
                    "path.")
    p.add_argument("--db", required=True, help="DuckDB store file (after `conform`)")
    p.add_argument("--out", required=True, help="output folder for the HTML maps")

    p = add_command(sub, "validate", cmd_validate, "Check a designed map YAML against its schema.")
    p.add_argument("map", metavar="MAP")
