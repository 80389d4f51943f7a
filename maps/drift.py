"""Drift: has a persona's fitness to its designed map dropped since the previous period?"""

from __future__ import annotations

import duckdb

MIN_JOURNEYS = 20  # a month with fewer journeys is too small to compare


def fitness_drift(con: duckdb.DuckDBPyConnection, max_drop: float,
                  min_journeys: int = MIN_JOURNEYS) -> list[dict]:
    """Per persona, the latest month's fitness against the month before (months with at least
    `min_journeys` journeys); `drifted` is true when it fell by more than `max_drop`."""
    rows = con.execute("""
        WITH months AS (
            SELECT persona, period, fitness, journeys,
                   ROW_NUMBER() OVER (PARTITION BY persona ORDER BY period DESC) AS recency
            FROM overlay_fitness WHERE period <> 'all' AND journeys >= ?
        )
        SELECT l.persona, p.period, p.fitness, l.period, l.fitness, l.journeys
        FROM months l JOIN months p ON p.persona = l.persona AND p.recency = 2
        WHERE l.recency = 1 ORDER BY l.persona""", [min_journeys]).fetchall()
    return [{"persona": persona, "previous_period": prev_period,
             "previous_fitness": round(prev, 4), "period": period, "fitness": round(last, 4),
             "journeys": journeys, "change": round(last - prev, 4),
             "drifted": prev - last > max_drop}
            for persona, prev_period, prev, period, last, journeys in rows]
