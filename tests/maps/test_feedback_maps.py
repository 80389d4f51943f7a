"""Voice of the customer on the sample world: the planted per-step emotion is recovered, the
planted worse-than-designed steps top the gap ranking, feedback joins the ranked opportunities,
and the maps draw the measured curve, the thoughts lane, measured pain points and the gap
section (escaped). The browser test leaves screenshots in `<output_dir>/maps/`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from connectors import connect
from journeymap.cli import main
from maps import compute_overlays, load_designed_maps, render_maps
from maps.feedback import FEEDBACK_KINDS, feedback_designs
from mining.feedback import mine_feedback
from tests.maps import XSS, XSS_ESCAPED


@pytest.fixture(scope="module")
def feedback_store(sample_store: Path, sample_project: Path,
                   tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample store with its feedback mined and the overlay ranked again."""
    copy = tmp_path_factory.mktemp("feedback") / "store.duckdb"
    shutil.copyfile(sample_store, copy)
    wal = sample_store.with_name(sample_store.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    maps = load_designed_maps(sample_project / "designed")
    con = connect(copy)
    try:
        mine_feedback(con, feedback_designs(maps))
        compute_overlays(con, maps, periods=False, fitness=False)
    finally:
        con.close()
    return copy


def read(store: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


STEPS_SQL = ("SELECT f.persona, d.touchpoint, f.n, f.measured_emotion, f.gap_rank "
             "FROM feedback_steps f JOIN designed_steps d USING (persona, step_index)")


def test_planted_step_emotion_is_recovered_within_the_stated_tolerance(
        feedback_store: Path, ground_truth: dict) -> None:
    truth = ground_truth["feedback"]
    rows = read(feedback_store, STEPS_SQL)
    assert len(rows) == sum(len(steps) for steps in truth["steps"].values())
    for persona, touchpoint, n, measured, _ in rows:
        planted = truth["steps"][persona][touchpoint]
        assert n == planted["n"], (persona, touchpoint)
        if n:
            assert measured == pytest.approx(planted["planted"], abs=truth["tolerance"]), \
                (persona, touchpoint)


def test_planted_worse_than_designed_steps_top_the_gap_ranking(
        feedback_store: Path, ground_truth: dict) -> None:
    worse = ground_truth["feedback"]["worse_than_designed"]
    ranked: dict[str, list[tuple[int, str]]] = {}
    for persona, touchpoint, _, _, rank in read(feedback_store, STEPS_SQL):
        if rank is not None:
            ranked.setdefault(persona, []).append((rank, touchpoint))
    for persona, steps in worse.items():
        top = {touchpoint for _, touchpoint in sorted(ranked[persona])[:len(steps)]}
        assert top == set(steps), persona


def test_feedback_comments_come_in_the_planted_languages(
        feedback_store: Path, ground_truth: dict) -> None:
    languages = {code for (code,) in read(feedback_store, "SELECT DISTINCT language FROM "
                                          "feedback_scored WHERE comment IS NOT NULL")}
    assert languages == set(ground_truth["feedback"]["languages"])
    accuracy = read(feedback_store, "SELECT language, accuracy, baseline FROM "
                    "feedback_classifier WHERE scorer = 'ngram'")
    assert {language for language, _, _ in accuracy} == {"de", "it", "sv", "da"}
    assert all(a > b for _, a, b in accuracy)


def test_feedback_joins_the_ranked_opportunities(feedback_store: Path) -> None:
    rows = read(feedback_store, "SELECT persona, rank, kind, conversions_lost FROM "
                "overlay_impact ORDER BY persona, rank")
    assert {kind for _, _, kind, _ in rows} & set(FEEDBACK_KINDS)
    for persona in {p for p, *_ in rows}:
        mine = [(rank, lost) for p, rank, _, lost in rows if p == persona]
        assert [rank for rank, _ in mine] == list(range(1, len(mine) + 1))
        losses = [lost for _, lost in mine]
        assert losses == sorted(losses, reverse=True)


@pytest.fixture(scope="module")
def site(feedback_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The maps of the feedback store, with one quote and one pain point made hostile and one
    step short of answers."""
    copy = tmp_path_factory.mktemp("hostile-feedback") / "store.duckdb"
    shutil.copyfile(feedback_store, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE feedback_quotes SET quote = ? WHERE persona = 'bargain_hunter' "
                    "AND rank = 1", [XSS])
        con.execute("UPDATE feedback_pain_points SET label = ? WHERE persona = 'bargain_hunter' "
                    "AND rank = 1", [XSS])
        con.execute("UPDATE feedback_steps SET enough = false, n = 3, gap_rank = NULL "
                    "WHERE persona = 'bargain_hunter' AND step_index = 2")
        return render_maps(con, copy.parent / "site").parent


def test_the_journey_map_draws_measured_emotion_thoughts_and_pain_points(site: Path) -> None:
    page = (site / "bargain_hunter.html").read_text()
    for text in ("Measured emotion", "Too few answers to say", "n = 3: too few", "Thoughts",
                 "measured in feedback", "Voice of the customer", 'id="gap-figure"'):
        assert text in page, text
    assert XSS not in page and XSS_ESCAPED in page


def test_the_feedback_command_prints_steps_as_json(
        feedback_store: Path, sample_project: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "cli.duckdb"
    shutil.copyfile(feedback_store, copy)
    assert main(["feedback", "--db", str(copy), "--designed", str(sample_project / "designed"),
                 "--persona", "bargain_hunter", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    steps = report["personas"]["bargain_hunter"]["steps"]
    assert [s["step_index"] for s in steps] == list(range(1, len(steps) + 1))
    answered = [s for s in steps if s["n"]]
    assert answered and all(s["interval"][0] < s["measured_emotion"] < s["interval"][1]
                            for s in answered)
    assert all({"designed_emotion", "nps", "csat", "pain_points", "quotes"} <= set(s)
               for s in steps)
    assert any(s["quotes"] for s in steps) and any(s["pain_points"] for s in steps)
    assert main(["feedback", "--db", str(copy), "--persona", "nobody"]) == 2
    assert "no feedback results for persona 'nobody'" in capsys.readouterr().err


@pytest.mark.browser
def test_the_feedback_lanes_are_drawn_in_chromium(site: Path, output_dir: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("needs Debian's chromium")
    folder = output_dir / "maps"
    folder.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium),
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
        page.goto((site / "bargain_hunter.html").resolve().as_uri(), wait_until="load")
        page.wait_for_function("document.documentElement.dataset.figures === 'drawn'")
        page.locator("#journey").screenshot(path=str(folder / "feedback-journey.png"))
        page.locator("#feedback").screenshot(path=str(folder / "feedback-gaps.png"))
        names = page.evaluate("[...document.querySelectorAll('#journey-figure .scatterlayer "
                              ".trace')].length")
        bars = page.evaluate("document.querySelectorAll('#gap-figure .bars .point').length")
        browser.close()
    assert not problems
    assert names >= 3  # designed, measured and too-few marks
    assert bars >= 3
