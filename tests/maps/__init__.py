"""Shared helpers for the maps tests: a hostile copy of the sample store.

The copy carries the label below in the places data text reaches the rendered pages: a step
name, a stage name, a designed map name, an unexpected touchpoint, a step's action, goal, pain
point, opportunity and KPI, a ranked opportunity, and a whole persona (with its touchpoints and
variants) that has an observed map but no designed map.

`scaled_store` makes a copy that looks like a million journeys to the pages: every count of the
results scaled up, and as many variants, edges and unexpected touchpoints as such a store has.
`overlay_rows` reads every table the overlay wrote, to compare two ways of computing it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

XSS = "<img src=x onerror=alert(1)>"
XSS_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
HOSTILE_STEP = f"Compares prices {XSS} & saves"
HOSTILE_STAGE = f"Consider {XSS}"
HOSTILE_PERSONA = XSS


def overlay_rows(con: duckdb.DuckDBPyConnection,
                 *extra: str) -> dict[str, list[tuple]]:
    """The rows (sorted) of every `overlay*` table of the store, and of the tables `extra`."""
    names = [name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'overlay%' "
        "ORDER BY 1").fetchall()]
    return {name: sorted(con.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
            for name in (*names, *extra)}


def hostile_store(sample_store: Path, folder: Path) -> Path:
    """A copy of `sample_store` in `folder` with the XSS label written into its results."""
    copy = folder / "hostile.duckdb"
    shutil.copyfile(sample_store, copy)
    wal = sample_store.with_name(sample_store.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    con = duckdb.connect(str(copy))
    try:
        label_designed_parts(con)
        add_observed_only_persona(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return copy


def label_designed_parts(con: duckdb.DuckDBPyConnection) -> None:
    """Rename a step, a stage and a designed map; add an unexpected touchpoint."""
    where = "WHERE persona = 'bargain_hunter'"
    for table in ("designed_steps", "overlay_steps"):
        con.execute(f"UPDATE {table} SET step = ? {where} AND step_index = 3", [HOSTILE_STEP])
    for table in ("designed_steps", "overlay_steps", "overlay_stages"):
        con.execute(f"UPDATE {table} SET stage = ? {where} AND stage = 'Consider'", [HOSTILE_STAGE])
    for table in ("designed_journeys", "overlay_summary"):
        con.execute(
            f"UPDATE {table} SET designed_map = ? WHERE persona = 'newsletter_reader'",
            [f"Newsletter {XSS} & friends"],
        )
    con.execute(
        "INSERT INTO overlay_unexpected (persona, touchpoint, after_step_index, after_step, "
        "events, journeys) VALUES ('bargain_hunter', ?, 4, 'Creates an account', 9, 7)",
        [XSS],
    )
    con.execute(
        "UPDATE designed_steps SET action = ?, customer_goal = ?, pain_points = [?], "
        f"opportunities = [?], kpis = [?] {where} AND step_index = 2",
        [XSS] * 5,
    )
    con.execute(f"UPDATE overlay_impact SET subject = ? {where} AND step_index = 3", [HOSTILE_STEP])


def add_observed_only_persona(con: duckdb.DuckDBPyConnection) -> None:
    """A persona named with the label, with an observed map through a labelled touchpoint."""
    p = HOSTILE_PERSONA
    con.execute(
        "INSERT INTO observed_summary (persona, journeys, events, variants, "
        "median_duration_seconds, first_started_at, last_started_at) VALUES "
        "(?, 10, 30, 2, 5400, TIMESTAMPTZ '2026-05-01 10:00:00+00', "
        "TIMESTAMPTZ '2026-06-01 10:00:00+00')",
        [p],
    )
    con.executemany(
        "INSERT INTO observed_dfg (persona, source, target, count, mean_seconds, "
        "median_seconds, p90_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            [p, "ad_clicked", XSS, 10, 600.0, 500.0, 900.0],
            [p, XSS, "signed_up", 6, 4000.0, 3600.0, 7000.0],
        ],
    )
    con.executemany(
        "INSERT INTO observed_endpoints (persona, kind, touchpoint, count) VALUES (?, ?, ?, ?)",
        [[p, "start", "ad_clicked", 10], [p, "end", XSS, 4], [p, "end", "signed_up", 6]],
    )
    con.executemany(
        "INSERT INTO observed_variants (persona, touchpoints, count, share, "
        "median_duration_seconds, rank) VALUES (?, ?, ?, ?, ?, ?)",
        [
            [p, ["ad_clicked", XSS, "signed_up"], 6, 0.6, 4100.0, 1],
            [p, ["ad_clicked", XSS], 4, 0.4, 500.0, 2],
        ],
    )


# Count columns of each result table the pages read, scaled by `scaled_store`.
COUNTS = {
    "observed_summary": ("journeys", "events"),
    "observed_dfg": ("count",),
    "observed_endpoints": ("count",),
    "observed_variants": ("count",),
    "overlay_steps": (
        "journeys",
        "followed",
        "in_order",
        "out_of_order",
        "late",
        "skipped",
        "not_taken",
        "repeated",
        "not_reached",
        "dropped_after",
    ),
    "overlay_unexpected": ("events", "journeys"),
    "overlay_summary": ("journeys", "converted", "fitting", "with_late_step"),
    "overlay_stages": ("reached", "dropped_in_stage"),
    "overlay_impact": ("journeys_with", "journeys_without"),
    "overlay_periods": ("journeys", "converted", "fitting", "with_late_step"),
    "overlay_period_steps": (
        "journeys",
        "followed",
        "skipped",
        "late",
        "not_reached",
        "dropped_after",
    ),
}


def scaled_store(
    sample_store: Path,
    folder: Path,
    journeys: int = 1_000_000,
    variants: int = 10_000,
    extra_touchpoints: int = 40,
) -> Path:
    """A copy of `sample_store` whose results describe about `journeys` journeys per persona:
    counts scaled, `variants` variants, a dense graph over `extra_touchpoints` touchpoints
    that are not in the design, and one unexpected touchpoint after every step."""
    copy = folder / "scaled.duckdb"
    shutil.copyfile(sample_store, copy)
    con = duckdb.connect(str(copy))
    try:
        (factor,) = con.execute(
            "SELECT ? / max(journeys) FROM observed_summary", [journeys]
        ).fetchone()
        tables = {
            t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        for table, columns in COUNTS.items():
            if table in tables:
                scaled = ", ".join(f"{c} = round({c} * $f)" for c in columns)
                con.execute(f"UPDATE {table} SET {scaled}", {"f": factor})
        con.execute(
            """
            INSERT INTO observed_variants (persona, touchpoints, count, share,
                                           median_duration_seconds, rank)
            SELECT s.persona,
                   list_transform(range(3 + v % 12), lambda i: 'x' || ((v * 7 + i * 13) % $n)),
                   1 + v % 50, (1 + v % 50) / s.journeys, 3600.0 * (v % 97), 1000 + v
            FROM observed_summary s, range($variants) t(v)""",
            {"n": extra_touchpoints, "variants": variants},
        )
        con.execute(
            """
            INSERT INTO observed_dfg (persona, source, target, count, mean_seconds,
                                      median_seconds, p90_seconds)
            SELECT s.persona, 'x' || a, 'x' || b, 1 + (a * 31 + b * 17) % 900,
                   60.0 * (a + b), 50.0 * (a + b), 120.0 * (a + b)
            FROM observed_summary s, range($n) t1(a), range($n) t2(b) WHERE a <> b""",
            {"n": extra_touchpoints},
        )
        con.execute("UPDATE observed_summary SET variants = variants + ?", [variants])
        con.execute("""
            INSERT INTO overlay_unexpected (persona, touchpoint, after_step_index, after_step,
                                            events, journeys)
            SELECT persona, 'x' || step_index, step_index, step, 900, 700 FROM designed_steps""")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return copy
