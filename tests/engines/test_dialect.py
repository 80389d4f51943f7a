"""The one place where DuckDB SQL and Spark SQL differ: each rewrite, and every mining query."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest

from journeymap.engines.dialect import DialectError, spark_macros, to_spark
from journeymap.sql import insert_rows, named_queries
from tests.engines.conftest import assert_same_rows

# Every file of mining SQL that runs on Spark (conformance and connectors stay on DuckDB).
MINING_SQL = ("observed.sql", "funnel.sql", "journeys.sql", "attributes.sql", "report.sql",
              "dialect.sql")


def one(sql: str):
    (statement,) = to_spark(sql)
    return statement


def test_every_dialect_function_has_a_spark_body_with_the_same_arguments():
    duckdb_macros = {}
    for name, sql in named_queries("mining", "dialect.sql").items():
        match = re.search(r"MACRO\s+(\w+)\s*\(([^)]*)\)", sql)
        duckdb_macros[name] = tuple(a.strip() for a in match.group(2).split(","))
        assert match.group(1) == name
        assert one(sql).kind == "macro" and one(sql).name == name
    assert {name: m.arguments for name, m in spark_macros().items()} == duckdb_macros


@pytest.mark.parametrize("filename", MINING_SQL)
def test_every_mining_query_translates(filename):
    for name, sql in named_queries("mining", filename).items():
        for statement in to_spark(sql):
            text = statement.sql.upper()
            assert "PERCENTILE" not in text, name  # approximate, or exact but slow: never
            assert "$" not in text, name  # parameters are Spark markers
            if "COLLECT_LIST" in text:
                assert "SORT_ARRAY(COLLECT_LIST" in text, name  # order kept


def test_list_indexes_are_one_based_with_computed_indexes_too():
    sql = one("SELECT names[codes[1]], codes[events], codes[events + 1] FROM t").sql
    assert sql == ("SELECT TRY_ELEMENT_AT(names, "
                   "CAST(NULLIF(TRY_ELEMENT_AT(codes, 1), 0) AS INT)), "
                   "TRY_ELEMENT_AT(codes, CAST(NULLIF(events, 0) AS INT)), "
                   "TRY_ELEMENT_AT(codes, CAST(NULLIF(events + 1, 0) AS INT)) FROM t")


def test_ordered_array_agg_keeps_its_order_and_descending_is_refused():
    sql = one("SELECT ARRAY_AGG(code ORDER BY position, seq) FROM t").sql
    assert sql == ("SELECT TRANSFORM(SORT_ARRAY(COLLECT_LIST(NAMED_STRUCT("
                   "'n1', position IS NULL, 'k1', position, 'n2', seq IS NULL, 'k2', seq, "
                   "'v', code))), entry_ -> entry_.v) FROM t")
    with pytest.raises(DialectError, match="ascending"):
        to_spark("SELECT ARRAY_AGG(code ORDER BY position DESC) FROM t")


def test_percentiles_are_exact_and_unordered_row_numbers_become_unique_keys():
    several, single = one("SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY d), "
                          "percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FROM t").sql \
        .removeprefix("SELECT ").removesuffix(" FROM t").split(", ELEMENT_AT(", 1)
    # the sorted values, bound once; NULL for an empty group; then each fraction interpolated
    sorted_once = ("TRANSFORM(ARRAY(SORT_ARRAY(COLLECT_LIST(d))), s_ -> "
                   "CASE WHEN SIZE(s_) = 0 THEN NULL ELSE ")
    assert several.startswith(f"ELEMENT_AT({sorted_once}TRANSFORM(ARRAY(0.5, 0.9), f_ -> ")
    assert single.startswith(sorted_once)
    interpolated = ("TRY_ELEMENT_AT(s_, CAST(FLOOR(p_) AS INT) + 1) + "
                    "(TRY_ELEMENT_AT(s_, CAST(CEIL(p_) AS INT) + 1) - "
                    "TRY_ELEMENT_AT(s_, CAST(FLOOR(p_) AS INT) + 1)) * (p_ - FLOOR(p_))")
    assert "ARRAY(CAST(SIZE(s_) - 1 AS DOUBLE) * CAST(f_ AS DOUBLE)), p_ -> " + interpolated \
        in several
    assert "ARRAY(CAST(SIZE(s_) - 1 AS DOUBLE) * CAST(0.5 AS DOUBLE)), p_ -> " + interpolated \
        in single
    assert one("SELECT CAST(ROW_NUMBER() OVER () AS INTEGER) AS k FROM t").sql == \
        "SELECT CAST(MONOTONICALLY_INCREASING_ID() + 1 AS BIGINT) AS k FROM t"
    ordered = one("SELECT ROW_NUMBER() OVER (ORDER BY x) AS r FROM t").sql
    assert ordered == "SELECT CAST(ROW_NUMBER() OVER (ORDER BY x NULLS LAST) AS BIGINT) AS r FROM t"


def test_statements_are_classified_for_spark_temp_views():
    table = one("CREATE OR REPLACE TEMP TABLE x AS SELECT a FROM t WHERE a = $a")
    assert (table.kind, table.name, table.materialise) == ("create_as", "x", True)
    assert table.sql == "SELECT a FROM t WHERE a = :a"
    view = one("CREATE OR REPLACE VIEW v AS SELECT 1 AS one")
    assert (view.kind, view.materialise) == ("create_as", False)
    empty = one("CREATE OR REPLACE TABLE s (rule VARCHAR NOT NULL, pause INTERVAL, n INTEGER)")
    assert (empty.kind, empty.sql) == ("create_columns",
                                       "`rule` STRING, `pause` INTERVAL DAY TO SECOND, `n` INT")
    delete = one("DELETE FROM x WHERE k NOT IN (SELECT k FROM kept)")
    assert (delete.kind, delete.name) == ("delete", "x")
    assert delete.sql == ("SELECT * FROM x WHERE NOT COALESCE((NOT k IN (SELECT k FROM kept)), "
                          "FALSE)")
    assert one("INSERT INTO x VALUES (?, ?)").kind == "insert_values"
    assert (one("DROP TABLE IF EXISTS x").kind, one("DROP VIEW x").name) == ("drop", "x")
    moved = one("SELECT seconds_between(?, ?) > ? FROM t").sql  # markers keep their values
    assert moved.index(":p2") < moved.index(":p1") < moved.index(":p3")
    assert [s.kind for s in to_spark("BEGIN TRANSACTION; COMMIT; ROLLBACK")] == \
        ["transaction"] * 3
    with pytest.raises(DialectError, match="no Spark translation"):
        to_spark("ATTACH 'other.duckdb'")


def test_macros_are_inlined_with_their_arguments():
    sql = one("SELECT seconds_between(min(a), max(a)), touchpoint_names(codes, names) FROM t").sql
    assert sql.startswith("SELECT ((CAST(UNIX_MILLIS((MAX(a))) AS DOUBLE) / 1000 + ")
    assert "- (CAST(UNIX_MILLIS((MIN(a))) AS DOUBLE) / 1000 + " in sql
    assert sql.endswith("(TRANSFORM((codes), code_ -> TRY_ELEMENT_AT((names), NULLIF(code_, 0)))) "
                        "FROM t")


@pytest.mark.slow
def test_the_spark_functions_give_duckdbs_values(spark_con, memory):
    """The dialect functions on random instants (before 1970 too) and codes, bit for bit; the
    rows go in through insert_rows, as the mining code's goals and stages do."""
    rng = random.Random(11)
    start = datetime(1960, 1, 1, tzinfo=UTC)
    codes = [[rng.randrange(1, 0xD7FF) for _ in range(rng.randrange(0, 9))] for _ in range(500)]
    rows = [(i, start + timedelta(microseconds=rng.randrange(2 * 10**15)),
             start + timedelta(microseconds=rng.randrange(2 * 10**15)), row,
             [code % 400 for code in row]) for i, row in enumerate(codes)]
    names = [f"touchpoint {i}" for i in range(1, 300)]
    results = []
    for con in (memory, spark_con):
        for macro in named_queries("mining", "dialect.sql").values():
            con.execute(macro)
        con.execute("CREATE OR REPLACE TEMP TABLE cases (i INTEGER, a TIMESTAMPTZ, "
                    "b TIMESTAMPTZ, codes INTEGER[], name_codes INTEGER[])")
        insert_rows(con, "cases", rows)
        results.append(con.execute(
            "SELECT i, seconds_between(a, b), code_string(codes), "
            "touchpoint_names(name_codes, ?) FROM cases ORDER BY i",
            [names]).fetchall())
    assert len(results[1]) == 500
    assert results[1] == results[0]  # names past the list are NULL on both


@pytest.mark.slow
def test_percentiles_and_ordered_lists_give_duckdbs_values(spark_con, memory):
    """Exact percentiles (one fraction and a list) and ordered lists on groups of 0 to 1,001
    values with ties, NULL values and NULL sort keys: DuckDB's results, floats to 1e-12."""
    rng = random.Random(3)
    rows = []
    for group in range(300):
        size = rng.choice([0, 1, 2, 3, 5, 10, 11, 100, 1001])
        for _ in range(size):
            value = rng.choice([None, rng.expovariate(1 / 3600), rng.random() * 1e6,
                                float(rng.randrange(5))])
            rows.append((group, value, rng.randrange(3) if rng.random() < 0.9 else None,
                         rng.randrange(50)))
        if size == 0:
            rows.append((group, None, 1, 1))  # a group with no values: NULL percentiles
    results = []
    for con in (memory, spark_con):
        con.execute("CREATE OR REPLACE TEMP TABLE cases (g INTEGER, v DOUBLE, c INTEGER, "
                    "k INTEGER)")
        insert_rows(con, "cases", rows)
        results.append(con.execute(
            "SELECT g, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY v), "
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY v), "
            "ARRAY_AGG(c ORDER BY k, c), ARRAY_AGG(k ORDER BY c, k) "
            "FROM cases GROUP BY g ORDER BY g").fetchall())
    assert len(results[1]) == 300
    assert_same_rows(results[0], results[1], "percentiles and ordered lists")
