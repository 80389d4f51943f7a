"""`journeymap discover` and `journeymap mine` print the observed map, JSON with --json."""

import json
import shutil

import pytest

from journeymap.cli import build_parser, main
from tests.mining.conftest import FIXTURES, eventlog, pm4py_frame, pm4py_map

SHAPE = {"cases", "events", "dfg", "start", "end", "variants"}


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_discover_prints_pm4pys_map_of_an_xes_log(capsys):
    path = eventlog("running-example.xes")
    assert main(["discover", "--log", str(path), "--json"]) == 0
    got = _json(capsys)
    assert SHAPE <= set(got) and got["cases"] == 6 and got["events"] == 42
    assert set(got["dfg"][0]) == {"source", "target", "count", "mean_seconds", "median_seconds"}
    expected = pm4py_map(pm4py_frame(path))
    assert {(e["source"], e["target"]): e["count"] for e in got["dfg"]} == expected["dfg"]
    assert {tuple(v["touchpoints"]): v["count"] for v in got["variants"]} == expected["variants"]


def test_discover_takes_column_names_filters_and_exports_the_model(capsys, tmp_path):
    bpmn, pnml = tmp_path / "m.bpmn", tmp_path / "m.pnml"
    assert main(["discover", "--log", str(FIXTURES / "ties.csv"), "--case", "order_id",
                 "--activity", "step", "--timestamp", "at", "--period", "2024-03",
                 "--goal", "order_placed", "--stage", "visit=ad_clicked,page_viewed:pricing",
                 "--bpmn", str(bpmn), "--pnml", str(pnml), "--json"]) == 0
    captured = capsys.readouterr()
    got = json.loads(captured.out)
    assert got["cases"] == 2 and got["conversion"]["converted"] == 1
    assert got["log"]["events_dropped"] == 3 and "3 of 17 events" in captured.err
    assert got["process_model"] == [str(bpmn), str(pnml)] and bpmn.exists() and pnml.exists()


def test_discover_without_json_prints_a_readable_summary(capsys):
    assert main(["discover", "--log", str(FIXTURES / "funnel.csv"), "--case", "journey",
                 "--activity", "touchpoint", "--timestamp", "at", "--goal", "deal_won"]) == 0
    out = capsys.readouterr().out
    assert "5 journeys, 12 events" in out and "converted: 2 of 5 (40.0%)" in out


@pytest.mark.parametrize("argv, message", [
    (["--case", "nope"], "no column 'nope'"),
    (["--period", "soon"], "is not a period"),
    (["--stage", "a=b"], "--stage needs --goal"),
    (["--grain", "fortnight"], "unknown grain"),
])
def test_discover_user_errors_exit_2_with_the_reason(capsys, argv, message):
    args = ["discover", "--log", str(FIXTURES / "funnel.csv"), "--timestamp", "at",
            "--case", "journey", "--activity", "touchpoint", *argv]
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_mine_reads_the_store_without_writing_it(sample_store, ground_truth, capsys):
    assert main(["mine", "--db", str(sample_store), "--persona", "bargain_hunter",
                 "--top-variants", "3", "--grain", "month", "--json"]) == 0
    got = _json(capsys)
    assert got["persona"] == "bargain_hunter" and len(got["variants"]) == 3
    assert sum(p["journeys"] for p in got["periods"]) == got["cases"]
    assert main(["mine", "--db", str(sample_store), "--json"]) == 0
    assert _json(capsys)["cases"] == ground_truth["customers"]


def test_mine_with_personas_can_split_journeys(sample_store, sample_project, tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    shutil.copy(sample_store, store)
    assert main(["mine", "--db", str(store), "--personas", str(sample_project / "personas.yaml"),
                 "--split-after", "order_placed", "--json"]) == 0
    split = _json(capsys)
    assert main(["mine", "--db", str(store), "--personas", str(sample_project / "personas.yaml"),
                 "--json"]) == 0
    whole = _json(capsys)
    assert split["events"] == whole["events"] and split["cases"] > whole["cases"]


def test_mine_refuses_a_split_without_personas(sample_store, capsys):
    assert main(["mine", "--db", str(sample_store), "--split-after-inactivity", "30d"]) == 2
    assert "--personas" in capsys.readouterr().err


def test_discover_has_help(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["discover", "--help"])
    assert "usage: journeymap discover" in capsys.readouterr().out
