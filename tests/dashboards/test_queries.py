"""The explorer's filtered observed map counts exactly the journeys its filters choose."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboards.queries import ExplorerFilter, explorer_data, filter_choices


@pytest.fixture()
def con(sample_snapshots: Path):
    from dashboards.snapshots import latest_snapshot

    connection = duckdb.connect(str(latest_snapshot(sample_snapshots)), read_only=True)
    yield connection
    connection.close()


def count(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> int:
    return con.execute(sql, params).fetchall()[0][0]


def test_unfiltered_explorer_shows_the_pipelines_observed_map(con):
    data = explorer_data(con, ExplorerFilter("b2b_evaluator"))
    expected = count(con, "SELECT count(*) FROM observed_dfg WHERE persona = ?", ["b2b_evaluator"])
    assert len(data["dfg"]) == expected


def test_recomputed_map_of_all_journeys_matches_the_pipelines(con):
    """Filtering by every month in turn adds up to the whole persona, edge by edge."""
    persona = "b2b_evaluator"
    whole = {(r[0], r[1]): r[2] for r in con.execute(
        "SELECT source, target, count FROM observed_dfg WHERE persona = ?", [persona]).fetchall()}
    summed: dict[tuple[str, str], int] = {}
    for period in filter_choices(con, persona)["periods"]:
        dfg = explorer_data(con, ExplorerFilter(persona, period=period))["dfg"]
        for r in dfg.to_dict("records"):
            key = (r["source"], r["target"])
            summed[key] = summed.get(key, 0) + int(r["count"])
    assert summed == whole


def test_channel_and_month_choose_the_journeys_that_touched_the_channel_then(con):
    persona, period, channel = "newsletter_reader", "2026-06", "email"
    data = explorer_data(con, ExplorerFilter(persona, period=period, channel=channel, top=50))
    expected = count(con, """
        SELECT count(DISTINCT v.journey_id) FROM journey_variants v JOIN journeys j
          ON j.journey_id = v.journey_id AND j.persona = v.persona
        WHERE v.persona = ? AND strftime(v.started_at, '%Y-%m') = ? AND j.channel = ?""",
        [persona, period, channel])
    assert expected > 0
    assert int(data.first("summary")["journeys"]) == expected
    assert int(data["variants"]["count"].sum()) == expected


def test_a_filter_that_matches_nothing_leaves_no_observed_map(con):
    data = explorer_data(con, ExplorerFilter("b2b_evaluator", period="1999-01"))
    assert not data.has_observed


def test_the_cube_matches_the_journeys_in_every_cell(con):
    """The snapshot's precomputed cube gives every filter the same observed map as computing it
    from the journeys: counts exactly, medians and 90th percentiles within their 2% buckets."""
    from dashboards.queries import cube_frames, recomputed_frames

    cells = 0
    for persona in ("b2b_evaluator", "newsletter_reader"):
        choices = filter_choices(con, persona)
        assert choices["periods"] and choices["channels"]
        for period in [None, *choices["periods"]]:
            for channel in [None, *choices["channels"]]:
                if period is None and channel is None:
                    continue
                f = ExplorerFilter(persona, period=period, channel=channel, top=50)
                cube, exact = cube_frames(con, f), recomputed_frames(con, f)
                assert_same_cell(cube, exact)
                cells += 1
    assert cells >= 20


def close(estimate: float, exact: float) -> bool:
    return abs(estimate - exact) <= 0.021 * abs(exact) + 1.0  # 2% bucket, 1 s at zero


def assert_same_cell(cube: dict, exact: dict) -> None:
    if len(exact["summary"]) == 0:
        assert len(cube["summary"]) == 0
        return
    a, b = cube["summary"].iloc[0], exact["summary"].iloc[0]
    for column in ("journeys", "events", "variants", "first_started_at", "last_started_at"):
        assert a[column] == b[column], column
    assert close(a["median_duration_seconds"], b["median_duration_seconds"])
    ends = ["kind", "touchpoint", "count"]
    assert cube["endpoints"][ends].values.tolist() == exact["endpoints"][ends].values.tolist()
    assert cube["variants"]["count"].tolist() == exact["variants"]["count"].tolist()
    assert [list(t) for t in cube["variants"]["touchpoints"]] == \
        [list(t) for t in exact["variants"]["touchpoints"]]
    edges = cube["dfg"].merge(exact["dfg"], on=["source", "target"], suffixes=("", "_exact"))
    assert len(edges) == len(exact["dfg"]) == len(cube["dfg"])
    assert (edges["count"] == edges["count_exact"]).all()
    assert ((edges["mean_seconds"] - edges["mean_seconds_exact"]).abs() < 1e-6 * (
        1 + edges["mean_seconds_exact"].abs())).all()
    for column in ("median_seconds", "p90_seconds"):
        assert all(close(x, y) for x, y in zip(edges[column], edges[f"{column}_exact"],
                                               strict=True)), column
