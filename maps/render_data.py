"""What the maps read from the store: one persona's observed, designed and overlay results.

Only result tables written by mining (`observed_*`) and conformance (`designed_*`, `overlay_*`)
are read; nothing is recomputed here. A table that does not exist (say, no designed maps were
ever registered) reads as an empty frame with its columns, so a persona without a designed map
still gets its observed map. Columns that newer stores add (optional steps not taken, repeats,
a step's action, goal, pain points, opportunities and KPIs) are read when present and default
to zero/false/empty when not. Tables that hold results per period as well (a `period` column)
give their whole-time rows to the page, and every period to the drift figures; reads of
variants and opportunities are capped, so a page never carries per-journey data.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from maps.render_feedback_data import with_measured_emotion

ALTERNATIVES = " | "  # how `designed_steps.touchpoint` joins a step's alternative touchpoints


WHOLE_TIME = "all"  # the `period` of results over all journeys, beside the monthly ones
MAX_VARIANTS = 50  # variants read per persona: the page lists the top few, never thousands
MAX_IMPACT = 8  # ranked opportunities read per persona


@dataclass(frozen=True)
class TableRead:
    """One persona's rows of one result table: the columns we use, in a stable order, and
    columns read only when the table has them (name -> SQL default otherwise).

    `period` chooses the rows of tables that hold a `period` column: `WHOLE_TIME` for the
    results over all journeys, `None` for every period (the drift tables), `"monthly"` for all
    but the whole-time rows. Tables without the column are read whole.
    """

    table: str
    columns: tuple[str, ...]
    order_by: str = ""
    extras: tuple[tuple[str, str], ...] = ()
    period: str | None = WHOLE_TIME
    limit: int | None = None

    def names(self) -> list[str]:
        """Every column of the resulting frame."""
        return [*self.columns, *(name for name, _ in self.extras)]

    def sql(self, available: set[str]) -> tuple[str, list]:
        """The query and its bound parameters after the persona (the period, the limit)."""
        extras = [
            name if name in available else f"{default} AS {name}" for name, default in self.extras
        ]
        where, params = ["persona = ?"], []
        if self.period is not None and "period" in available:
            # a row without a period holds the whole time, like the WHOLE_TIME rows
            compare = "<>" if self.period == "monthly" else "="
            where.append(f"coalesce(period, ?) {compare} ?")
            params += [WHOLE_TIME, WHOLE_TIME if self.period == "monthly" else self.period]
        order = f" ORDER BY {self.order_by}" if self.order_by else ""
        limit = " LIMIT ?" if self.limit else ""
        params += [self.limit] if self.limit else []
        sql = (
            f"SELECT {', '.join([*self.columns, *extras])} FROM {self.table} "
            f"WHERE {' AND '.join(where)}{order}{limit}"
        )
        return sql, params


# What a designed step is, in both the designed_steps and overlay_steps tables.
STEP_COLUMNS = ("step_index", "stage_index", "stage", "step", "touchpoint", "channel",
                "designed_emotion", "target_hours")

READS: dict[str, TableRead] = {
    "summary": TableRead(
        "observed_summary",
        (
            "journeys",
            "events",
            "variants",
            "median_duration_seconds",
            "first_started_at",
            "last_started_at",
        ),
    ),
    "dfg": TableRead(
        "observed_dfg",
        ("source", "target", "count", "mean_seconds", "median_seconds", "p90_seconds"),
        "count DESC, source, target",
    ),
    "endpoints": TableRead(
        "observed_endpoints", ("kind", "touchpoint", "count"), "kind, count DESC, touchpoint"
    ),
    "variants": TableRead(
        "observed_variants",
        ("touchpoints", "count", "share", "median_duration_seconds", "rank"),
        "rank, count DESC",
        limit=MAX_VARIANTS,
    ),
    "design": TableRead("designed_journeys", ("designed_map", "goal", "owner", "version", "steps")),
    "designed_steps": TableRead(
        "designed_steps",
        (*STEP_COLUMNS, "optional"),
        "step_index",
        extras=(
            ("repeatable", "false"),
            ("action", "NULL"),
            ("customer_goal", "NULL"),
            ("expectation", "NULL"),
            ("pain_points", "[]::VARCHAR[]"),
            ("opportunities", "[]::VARCHAR[]"),
            ("kpis", "[]::VARCHAR[]"),
        ),
    ),
    "steps": TableRead(
        "overlay_steps",
        (
            *STEP_COLUMNS,
            "journeys",
            "followed",
            "in_order",
            "out_of_order",
            "late",
            "skipped",
            "not_reached",
            "dropped_after",
            "median_hours_from_previous",
        ),
        "step_index",
        extras=(("not_taken", "0"), ("repeated", "0"), ("repeatable", "false")),
    ),
    "unexpected": TableRead(
        "overlay_unexpected",
        ("touchpoint", "after_step_index", "after_step", "events", "journeys"),
        "after_step_index, journeys DESC, touchpoint",
    ),
    "overlay": TableRead(
        "overlay_summary",
        (
            "designed_map",
            "goal",
            "journeys",
            "converted",
            "conversion_rate",
            "fitting",
            "fitting_share",
            "with_late_step",
        ),
    ),
    "stages": TableRead(
        "overlay_stages", ("stage_index", "stage", "reached", "dropped_in_stage"), "stage_index"
    ),
    "impact": TableRead(
        "overlay_impact",
        (
            "kind",
            "step_index",
            "subject",
            "journeys_with",
            "journeys_without",
            "conversion_with",
            "conversion_without",
            "mean_hours_to_goal_with",
            "mean_hours_to_goal_without",
            "conversion_difference",
            "conversions_lost",
            "rank",
        ),
        "rank",
        limit=MAX_IMPACT,
    ),
    "fitness": TableRead(
        "overlay_fitness",
        ("method", "fitness", "average_journey_fitness", "fitting_share", "journeys", "variants"),
        "method",
    ),
    "periods": TableRead(
        "overlay_periods",
        (
            "period",
            "period_start",
            "journeys",
            "converted",
            "conversion_rate",
            "fitting",
            "fitting_share",
        ),
        "period_start, period",
        extras=(("with_late_step", "NULL"),),
        period=None,
    ),
    "period_steps": TableRead(
        "overlay_period_steps",
        (
            "period",
            "step_index",
            "step",
            "journeys",
            "followed",
            "skipped",
            "late",
            "not_reached",
            "dropped_after",
            "median_hours_from_previous",
        ),
        "period, step_index",
        period=None,
    ),
    "period_fitness": TableRead(
        "overlay_fitness",
        ("period", "method", "fitness", "fitting_share", "journeys"),
        "period, method",
        period="monthly",
    ),
    # Voice of the customer (mining.feedback): measured emotion, thoughts, pain points, support.
    "feedback": TableRead(
        "feedback_steps",
        ("step_index", "stage", "step", "n", "measured_emotion", "ci_low", "ci_high", "enough",
         "designed_emotion",
         "gap", "gap_rank", "nps", "nps_n", "csat", "csat_n", "stars", "stars_n",
         "negative_share", "comments", "confidence"),
        "step_index",
    ),
    "quotes": TableRead(
        "feedback_quotes", ("step_index", "rank", "quote", "language", "source", "kind"),
        "step_index, rank",
    ),
    "pain_points": TableRead(
        "feedback_pain_points",
        ("stage_index", "stage", "rank", "label", "step_index", "complaints",
         "estimated_complaints", "stage_complaints", "example"),
        "stage_index, rank",
    ),
    "support": TableRead(
        "feedback_support",
        ("support_group", "journeys", "converted", "conversion_rate", "active_after",
         "active_after_rate"),
        "support_group",
    ),
}


@dataclass(frozen=True)
class PersonaData:
    """Everything the page of one persona shows, as small frames (one row per edge/step)."""

    persona: str
    frames: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def first(self, name: str) -> dict:
        """The first row of a one-row table (summary, design, overlay), or {} when absent."""
        frame = self.frames[name]
        return frame.iloc[0].to_dict() if len(frame) else {}

    def designed_steps_of(self, touchpoint: str) -> list[dict]:
        """Designed steps at a touchpoint; a step with alternatives lists them joined by
        " | " in `designed_steps.touchpoint`."""
        return [
            row
            for row in self.frames["designed_steps"].to_dict("records")
            if touchpoint in str(row["touchpoint"]).split(ALTERNATIVES)
        ]

    def designed_touchpoints(self) -> set[str]:
        """Every touchpoint some designed step of this persona expects."""
        return {
            t
            for value in self.frames["designed_steps"]["touchpoint"]
            for t in str(value).split(ALTERNATIVES)
        }

    @property
    def has_design(self) -> bool:
        return len(self.frames["design"]) > 0 and len(self.frames["designed_steps"]) > 0

    @property
    def has_overlay(self) -> bool:
        return self.has_design and len(self.frames["steps"]) > 0

    @property
    def has_observed(self) -> bool:
        return len(self.frames["summary"]) > 0

    @property
    def goal(self) -> str | None:
        """The touchpoint that completes the designed map, when there is one."""
        return self.first("design").get("goal") or None


def existing_tables(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Columns of each table and view of the store (not the session's temporary ones)."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = current_schema()"
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


def list_personas(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every persona with an observed map or a designed map, sorted by name."""
    tables = set(existing_tables(con)) & {"observed_summary", "designed_journeys"}
    if not tables:
        return []
    union = " UNION ".join(f"SELECT persona FROM {table}" for table in sorted(tables))
    rows = con.execute(
        f"SELECT DISTINCT persona FROM ({union}) WHERE persona IS NOT NULL ORDER BY persona"
    ).fetchall()
    return [persona for (persona,) in rows]


def read_table(
    con: duckdb.DuckDBPyConnection, read: TableRead, persona: str, tables: dict[str, set[str]]
) -> pd.DataFrame:
    """One persona's rows of one table; an empty frame with the columns if the table is absent."""
    available = tables.get(read.table, set())
    if not available or not set(read.columns) <= available:
        return pd.DataFrame(columns=read.names())
    sql, params = read.sql(available)
    return con.execute(sql, [persona, *params]).df()


def load_persona(
    con: duckdb.DuckDBPyConnection, persona: str, tables: dict[str, set[str]] | None = None
) -> PersonaData:
    """Read everything one persona's page needs from the store."""
    tables = existing_tables(con) if tables is None else tables
    frames = {name: read_table(con, read, persona, tables) for name, read in READS.items()}
    return PersonaData(persona=persona, frames=with_measured_emotion(frames))


TOP_PATHS_SQL = """
WITH cut AS (
    SELECT coalesce(list_position(touchpoints, $goal), 0) AS at_goal, touchpoints, count
    FROM observed_variants
    WHERE persona = $persona
)
SELECT CASE WHEN at_goal > 0 THEN touchpoints[1:at_goal] ELSE touchpoints END AS path,
       at_goal > 0 AS converted,
       sum(count) AS journeys
FROM cut
GROUP BY ALL
ORDER BY journeys DESC, path
LIMIT $top
"""


def read_top_paths(
    con: duckdb.DuckDBPyConnection,
    persona: str,
    goal: str | None,
    top: int,
    tables: dict[str, set[str]] | None = None,
) -> pd.DataFrame:
    """The `top` most frequent paths from the first touchpoint to the goal (cut there) or to
    the journey's end, with whether they reached the goal and how many journeys took them.

    Variants that share their part up to the goal are one path here, so a path's journeys add
    up over the variants (one row per variant is read by DuckDB, a few rows come back)."""
    tables = existing_tables(con) if tables is None else tables
    if "observed_variants" not in tables:
        return pd.DataFrame(columns=["path", "converted", "journeys"])
    params = {"goal": goal, "persona": persona, "top": top}
    return con.execute(TOP_PATHS_SQL, params).df()
