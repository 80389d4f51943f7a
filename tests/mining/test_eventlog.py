"""Generic event logs: XES (plain and gzip), CSV and Parquet read into `generic_log`."""

import gzip
import shutil

import pm4py
import pytest

from journeymap.errors import JourneymapError
from mining import LogColumns, observed_map, read_event_log
from mining.xes import read_xes_columns
from tests.mining.conftest import FIXTURES, our_map, pm4py_map

COLUMNS = LogColumns("order_id", "step", "at")


def _variants(con) -> dict:
    return our_map(observed_map(con, source="generic_log"))["variants"]


def test_xes_reads_direct_attributes_in_file_order_like_pm4py(memory):
    path = FIXTURES / "nested.xes"
    loaded = read_event_log(memory, path)
    # A trace without a name and an event without a time are left out, as pm4py does.
    assert (loaded.events_read, loaded.events, loaded.timed) == (7, 5, True)
    reference = pm4py.format_dataframe(pm4py.read_xes(str(path), show_progress_bar=False))
    assert _variants(memory) == pm4py_map(reference)["variants"] == {
        ("register & check", "decide", "pay"): 1, ("register & check", "decide"): 1}


def test_gzip_xes_reads_the_same(memory, tmp_path):
    packed = tmp_path / "nested.xes.gz"
    with (FIXTURES / "nested.xes").open("rb") as plain, gzip.open(packed, "wb") as out:
        shutil.copyfileobj(plain, out)
    read_event_log(memory, packed)
    assert sum(_variants(memory).values()) == 2


def test_xes_keys_read_trace_and_event_attributes():
    values, seen = read_xes_columns(FIXTURES / "nested.xes",
                                    ["case:concept:name", "concept:name", "history"])
    assert values["case:concept:name"] == ["case-1"] * 3 + [None] + ["case-3"] * 3
    assert values["concept:name"][0] == "register & check"  # not the nested attribute
    assert seen == {"case:concept:name", "concept:name"}


def test_csv_and_parquet_give_the_same_log(memory, tmp_path):
    csv = FIXTURES / "ties.csv"
    parquet = tmp_path / "ties.parquet"
    memory.read_csv(str(csv)).write_parquet(str(parquet))
    read_event_log(memory, csv, COLUMNS)
    from_csv = observed_map(memory, source="generic_log")
    read_event_log(memory, parquet, COLUMNS)
    assert observed_map(memory, source="generic_log") == from_csv


def test_a_missing_column_names_the_file_the_field_and_the_columns(memory):
    path = FIXTURES / "ties.csv"
    with pytest.raises(JourneymapError) as error:
        read_event_log(memory, path, LogColumns("order_id", "activity", "at"))
    message = str(error.value)
    assert str(path) in message and "'activity'" in message and "order_id" in message


def test_unreadable_timestamps_are_refused_with_an_example(memory, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("case,activity,time\n1,a,yesterday\n1,b,today\n")
    with pytest.raises(JourneymapError, match="'today'|'yesterday'"):
        read_event_log(memory, path, LogColumns("case", "activity", "time"))


def test_a_log_can_be_read_without_timestamps(memory, tmp_path):
    path = tmp_path / "ordered.csv"
    path.write_text("case,activity\n1,b\n2,a\n1,a\n2,b\n")
    loaded = read_event_log(memory, path, LogColumns("case", "activity", None))
    assert not loaded.timed
    assert _variants(memory) == {("b", "a"): 1, ("a", "b"): 1}


@pytest.mark.parametrize("name, content, message", [
    ("log.json", "{}", "unknown event log format"),
    ("broken.xes", "<log><trace><event></log>", "not a readable XES file"),
])
def test_files_that_are_not_logs_are_refused(memory, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(JourneymapError, match=message) as error:
        read_event_log(memory, path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("extra", ["", ", i AS file_row_number"])
def test_parquet_events_are_numbered_in_file_order_across_row_groups(memory, tmp_path, extra):
    """Events at one instant keep their order in the file (pm4py's tie order), however many row
    groups DuckDB reads side by side, and whether or not the file has a column of that name."""
    path = tmp_path / "ties.parquet"
    memory.execute(
        f"COPY (SELECT 'c' || (i % 7) AS case_id, 'a' || ((i * 13) % 11) AS activity, "
        f"TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_hours(i // 1000) AS at{extra} "
        f"FROM range(50000) t(i)) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)")
    read_event_log(memory, path, LogColumns("case_id", "activity", "at"))
    got = memory.execute("SELECT journey_id, touchpoint, step_index FROM generic_log "
                         "ORDER BY step_index").fetchall()
    expected = [(f"c{i % 7}", f"a{(i * 13) % 11}", i + 1) for i in range(50000)]
    assert got == expected
