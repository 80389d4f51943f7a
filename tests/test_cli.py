import json
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap.cli import build_parser, main

COMMANDS = ("samples", "ingest", "mine", "discover", "feedback", "conform", "render", "validate",
            "templates", "new", "export-model", "demo")
JOURNEYMAP = Path(sys.executable).parent / "journeymap"


def test_help_lists_every_command():
    done = subprocess.run([str(JOURNEYMAP), "--help"], capture_output=True, text=True,
                          check=True)
    for command in COMMANDS:
        assert command in done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([command, "--help"])
    assert done.value.code == 0
    assert "usage: journeymap " + command in capsys.readouterr().out


def test_ingest_mine_conform_render_from_the_command_line(tmp_path, capsys):
    assert main(["samples", str(tmp_path), "--customers", "80", "--seed", "11"]) == 0
    db = str(tmp_path / "store.duckdb")
    capsys.readouterr()
    assert main(["ingest", str(tmp_path / "exports"), "--db", db, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    truth = json.loads((tmp_path / "ground_truth.json").read_text())
    assert {f["source"] for f in report["files"]} == {
        f["source"] for f in truth["files"].values()} >= {"google_ads", "segment", "sendgrid",
                                                          "hubspot", "qualtrics", "zendesk"}
    assert {"rows_read", "rows_loaded", "rows_quarantined", "touchpoints_duplicate"} <= set(
        report["files"][0])
    assert main(["mine", "--db", db, "--personas", str(tmp_path / "personas.yaml"),
                 "--json"]) == 0
    observed = json.loads(capsys.readouterr().out)
    assert observed["cases"] == 80 and observed["dfg"] and observed["variants"]
    assert set(observed["dfg"][0]) == {"source", "target", "count", "mean_seconds",
                                       "median_seconds"}
    assert main(["conform", "--db", db, "--designed", str(tmp_path / "designed"), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"bargain_hunter", "newsletter_reader",
                                                         "b2b_evaluator"}
    assert main(["conform", "--db", db, "--map", str(tmp_path / "designed" / "b2b_evaluator.yaml"),
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"fitness", "fitting_share", "cases", "variants", "steps", "unexpected",
            "impact"} <= set(report)
    assert main(["render", "--db", db, "--out", str(tmp_path / "maps")]) == 0
    assert capsys.readouterr().out.strip().endswith("index.html")


def test_user_errors_exit_2_with_the_file_named(tmp_path, capsys):
    bad = tmp_path / "map.yaml"
    bad.write_text("name: x\n")
    assert main(["validate", str(bad)]) == 2
    assert str(bad) in capsys.readouterr().err
