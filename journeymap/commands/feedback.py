"""`journeymap feedback`: surveys, reviews and support conversations as measured emotion,
thoughts and pain points per designed step (scored, attributed and summarised into the store),
printed per step."""

from __future__ import annotations

import argparse

from journeymap.commands.base import add_command, print_json
from journeymap.errors import JourneymapError


def _settings(args: argparse.Namespace):  # noqa: ANN202
    from pydantic import ValidationError

    from mining.feedback import FeedbackSettings

    values = {"window": args.window, "min_n": args.min_n, "scorer": args.scorer}
    try:
        return FeedbackSettings(**{k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        error = exc.errors()[0]
        raise JourneymapError(error["msg"], field=str(error["loc"][0])) from exc


def cmd_feedback(args: argparse.Namespace) -> None:
    from connectors import connect
    from maps import load_designed_maps
    from maps.feedback import feedback_designs, feedback_designs_from_store, merge_feedback_impact
    from mining.feedback import mine_feedback
    from mining.feedback.report import feedback_report

    settings = _settings(args)
    con = connect(args.db)
    try:
        designs = (feedback_designs(load_designed_maps(args.designed)) if args.designed
                   else feedback_designs_from_store(con))
        if not designs:
            raise JourneymapError("no designed steps to attribute feedback to: give --designed "
                                  "DIR or run `journeymap conform` first", field="designed")
        mine_feedback(con, designs, settings)
        merge_feedback_impact(con)
        report = feedback_report(con, args.persona)
    finally:
        con.close()
    if args.json:
        print_json(report)
        return
    _print(report)


def _number(value: float | None, spec: str = "+.2f") -> str:
    return "-" if value is None else format(value, spec)


def _print(report: dict) -> None:
    for persona, data in report["personas"].items():
        print(f"{persona}: {data['n']} answers, measured emotion "
              f"{_number(data['measured_emotion'])}")
        print(f"  {'step':34} {'n':>5} {'measured':>8} {'interval':>15} {'designed':>8} "
              f"{'NPS':>5} {'CSAT':>5}")
        for step in data["steps"]:
            low, high = step["interval"]
            interval = f"{_number(low)}..{_number(high)}" if low is not None else ""
            measured = _number(step["measured_emotion"]) if step["enough"] else (
                f"n<{report['settings'][0]['min_n']}" if step["n"] else "-")
            name = f"{step['step_index']}. {step['step']}"[:34]
            print(f"  {name:34} {step['n']:>5} {measured:>8} {interval:>15} "
                  f"{_number(step['designed_emotion'], '+.0f'):>8} "
                  f"{_number(step['nps'], '+.0f'):>5} {_number(step['csat'], '.0%'):>5}")
            for pain in step["pain_points"]:
                print(f"      pain point: {pain['label']} (~{pain['complaints']} comments)")
            for quote in step["quotes"]:
                print(f"      “{quote['quote']}” ({quote['language']})")
    for row in report["classifier"]:
        accuracy = "-" if row["accuracy"] is None else f"{row['accuracy']:.1%}"
        print(f"text sentiment {row['language']} ({row['scorer']}): held-out accuracy "
              f"{accuracy} on {row['test_n']} comments ({row['split']}), majority baseline "
              f"{_number(row['baseline'], '.1%')}")


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "feedback", cmd_feedback, "Score surveys, reviews and support "
                    "conversations, attribute them to journey steps and print measured emotion, "
                    "NPS, CSAT, pain points and quotes per step.")
    p.add_argument("--db", required=True, help="DuckDB store file (after `mine`)")
    p.add_argument("--designed", help="folder of designed maps (default: the maps the last "
                                      "`conform` registered in the store)")
    p.add_argument("--persona", help="print only this persona")
    p.add_argument("--window", help="attach feedback without a stated step to the customer's "
                                    "preceding touchpoint within this (default 7 days)")
    p.add_argument("--min-n", type=int, help="answers a step needs for its measured emotion to "
                                             "be drawn (default 5)")
    p.add_argument("--scorer", choices=["ngram", "embedding"],
                   help="features of the non-English sentiment classifier (default ngram)")
    p.add_argument("--json", action="store_true", help="the report as JSON")
