"""The feedback results of the store as JSON-ready data: per persona, its steps with n, measured
emotion and interval, designed emotion and gap, NPS and CSAT where present, the pain points
placed at each step and its quotes; the support comparison; the classifier's accuracy."""

from __future__ import annotations

import math
from typing import Any

import duckdb

from journeymap.errors import JourneymapError
from mining.catalog import existing_relations

TABLES = ("feedback_steps", "feedback_personas", "feedback_pain_points", "feedback_quotes",
          "feedback_support", "feedback_classifier", "feedback_run")


def _clean(value: Any) -> Any:
    """NaN as None, numpy scalars and arrays as Python values (for JSON)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _rows(con: duckdb.DuckDBPyConnection, table: str, persona: str | None,
          order: str) -> list[dict]:
    where = " WHERE persona = ?" if persona is not None else ""
    # table and order are constants of this module
    frame = con.execute(f"SELECT * FROM {table}{where} ORDER BY {order}",
                        [persona] if persona is not None else []).df()
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _step(row: dict, pains: list[dict], quotes: list[dict]) -> dict:
    index = row["step_index"]
    return {
        "step_index": index, "stage": row["stage"], "step": row["step"], "n": row["n"],
        "from_score": row["from_score"], "from_text": row["from_text"],
        "measured_emotion": row["measured_emotion"],
        "interval": [row["ci_low"], row["ci_high"]], "enough": row["enough"],
        "designed_emotion": row["designed_emotion"], "gap": row["gap"],
        "gap_rank": row["gap_rank"],
        "nps": row["nps"] if row["nps_n"] else None, "nps_n": row["nps_n"],
        "csat": row["csat"] if row["csat_n"] else None, "csat_n": row["csat_n"],
        "stars": row["stars"] if row["stars_n"] else None, "stars_n": row["stars_n"],
        "negative_share": row["negative_share"],
        "pain_points": [{"label": p["label"], "complaints": p["estimated_complaints"],
                         "example": p["example"]} for p in pains if p["step_index"] == index],
        "quotes": [{"quote": q["quote"], "language": q["language"], "source": q["source"]}
                   for q in quotes if q["step_index"] == index],
    }


def feedback_report(con: duckdb.DuckDBPyConnection, persona: str | None = None) -> dict:
    """Everything `journeymap feedback --json` prints (see module docstring)."""
    if len(existing_relations(con, *TABLES)) < len(TABLES):
        raise JourneymapError("the store has no feedback results: run journeymap feedback",
                              field="feedback")
    personas = _rows(con, "feedback_personas", persona, "persona")
    steps = _rows(con, "feedback_steps", persona, "persona, step_index")
    pains = _rows(con, "feedback_pain_points", persona, "persona, stage_index, rank")
    quotes = _rows(con, "feedback_quotes", persona, "persona, step_index, rank")
    support = _rows(con, "feedback_support", persona, "persona, support_group")
    names = sorted({r["persona"] for r in steps} | {r["persona"] for r in personas})
    if persona is not None and persona not in names:
        known = sorted({r["persona"] for r in _rows(con, "feedback_steps", None, "persona")})
        raise JourneymapError(f"no feedback results for persona {persona!r}; known: {known}",
                              field="persona")
    report = {"settings": _rows(con, "feedback_run", None, "computed_at")[:1],
              "classifier": _rows(con, "feedback_classifier", None, "language, scorer"),
              "personas": {}}
    for name in names:
        summary = next((r for r in personas if r["persona"] == name), {})
        mine_pains = [p for p in pains if p["persona"] == name]
        mine_quotes = [q for q in quotes if q["persona"] == name]
        report["personas"][name] = {
            "n": summary.get("n", 0), "measured_emotion": summary.get("measured_emotion"),
            "interval": [summary.get("ci_low"), summary.get("ci_high")],
            "nps": summary.get("nps"), "csat": summary.get("csat"),
            "steps": [_step(r, mine_pains, mine_quotes) for r in steps if r["persona"] == name],
            "pain_points": [{k: p[k] for k in ("stage", "rank", "label", "step_index",
                                                "estimated_complaints", "example")}
                            for p in mine_pains],
            "support": [{k: s[k] for k in ("support_group", "journeys", "conversion_rate",
                                            "active_after_rate")}
                        for s in support if s["persona"] == name],
        }
    return report
