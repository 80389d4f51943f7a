"""Our SQL on the real event logs equals pm4py, count for count (and second for second)."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
import pm4py
import pytest

from mining import observed_map, read_event_log
from tests.mining.conftest import eventlog, our_map, pm4py_frame, pm4py_map

LOGS = ["running-example.xes", "running-example.csv", "helpdesk.xes.gz",
        "roadtraffic100traces.xes", "02_teleclaims.xes.gz", "receipt.csv",
        pytest.param("bpic2012.xes.gz", marks=pytest.mark.slow)]  # 262k events: pm4py reads 15 s


@pytest.fixture(scope="module", params=LOGS)
def logs(request):
    """(pm4py's formatted dataframe, our connection with the log loaded, our observed map)."""
    path = eventlog(request.param)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    read_event_log(con, path)
    ours = observed_map(con, source="generic_log")
    durations = [d for (d,) in con.execute("SELECT duration_seconds FROM mined_journeys "
                                           "ORDER BY duration_seconds").fetchall()]
    yield pm4py_frame(path), con, ours | {"journey_durations": durations}
    con.close()


def test_dfg_start_end_and_variants_equal_pm4py(logs):
    reference, _, ours = logs
    expected, got = pm4py_map(reference), our_map(ours)
    assert got["dfg"] == expected["dfg"]
    assert got["start"] == expected["start"] == expected["start_dfg"]
    assert got["end"] == expected["end"] == expected["end_dfg"]
    assert got["variants"] == expected["variants"]
    assert ours["cases"] == reference["case:concept:name"].nunique()
    assert ours["events"] == len(reference)


def test_times_between_steps_equal_pm4py_performance_dfg(logs):
    reference, _, ours = logs
    performance, _, _ = pm4py.discover_performance_dfg(reference)
    for edge in ours["dfg"]:
        times = performance[(edge["source"], edge["target"])]
        assert math.isclose(edge["mean_seconds"], times["mean"], rel_tol=1e-9, abs_tol=1e-6)
        assert math.isclose(edge["median_seconds"], times["median"], rel_tol=1e-9, abs_tol=1e-6)


def test_journey_durations_equal_pm4py_case_durations(logs):
    reference, _, ours = logs
    expected = sorted(pm4py.get_all_case_durations(reference))
    assert ours["journey_durations"] == pytest.approx(expected, abs=1e-6)
    assert ours["durations"]["median_seconds"] == pytest.approx(float(np.median(expected)))


def _k_without_tie(variants: dict) -> int | None:
    counts = sorted(variants.values(), reverse=True)
    return next((k for k in range(3, len(counts)) if counts[k - 1] > counts[k]), None)


def test_top_variants_equal_pm4py_filter_variants_top_k(logs):
    reference, con, _ = logs
    k = _k_without_tie(pm4py.get_variants(reference))
    if k is None:
        pytest.skip("every cut of this log's variants falls on a tie")
    filtered = pm4py.filter_variants_top_k(reference, k)
    ours = observed_map(con, source="generic_log", top_variants=k)
    assert our_map(ours) == {key: value for key, value in pm4py_map(filtered).items()
                             if key in ("dfg", "start", "end", "variants")}


def test_period_keeps_journeys_that_started_in_it(logs):
    reference, con, _ = logs
    starts = reference.groupby("case:concept:name")["time:timestamp"].min()
    since = starts.sort_values().iloc[len(starts) // 3]
    until = starts.sort_values().iloc[2 * len(starts) // 3]
    cases = starts[(starts >= since) & (starts < until)].index
    subset = reference[reference["case:concept:name"].isin(cases)]
    ours = observed_map(con, source="generic_log", since=since.to_pydatetime(),
                        until=until.to_pydatetime())
    assert ours["cases"] == len(cases)
    expected = pm4py_map(subset)
    assert our_map(ours)["dfg"] == expected["dfg"]
    assert our_map(ours)["variants"] == expected["variants"]


def test_a_log_without_timestamps_keeps_file_order_like_pm4py(memory):
    path = eventlog("a12f0n50.xes.gz")
    loaded = read_event_log(memory, path)
    assert not loaded.timed and loaded.events == loaded.events_read
    log = pm4py.read_xes(str(path), return_legacy_log_object=True, show_progress_bar=False)
    dfg, start, end = pm4py.discover_dfg(log)
    ours = our_map(observed_map(memory, source="generic_log"))
    assert ours["dfg"] == dict(dfg) and ours["start"] == dict(start) and ours["end"] == dict(end)
    assert ours["variants"] == {v: len(traces) for v, traces in pm4py.get_variants(log).items()}


def test_csv_with_ties_nulls_and_offsets_equals_pm4py(memory):
    from mining import LogColumns
    from tests.mining.conftest import FIXTURES

    path = FIXTURES / "ties.csv"
    loaded = read_event_log(memory, path, LogColumns("order_id", "step", "at"))
    # pm4py needs the dates parsed; a row whose time cannot be read is left out by both.
    frame = pd.read_csv(path)
    frame["at"] = pd.to_datetime(frame["at"], utc=True, errors="coerce", format="mixed")
    reference = pm4py.format_dataframe(frame, case_id="order_id", activity_key="step",
                                       timestamp_key="at")
    assert loaded.events == len(reference) == 14 and loaded.events_dropped == 3
    got, expected = our_map(observed_map(memory, source="generic_log")), pm4py_map(reference)
    assert got == {k: expected[k] for k in got}
    # Same instant: file order decides (the email row comes late in the file).
    assert ("ad_clicked", "page_viewed:pricing", "email_opened", "signed_up",
            "order_placed") in got["variants"]
