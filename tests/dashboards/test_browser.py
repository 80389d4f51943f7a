"""The workspace in a real browser (Debian's chromium) against a real `journeymap serve`
on a loopback port: sign-in, URL state, mentions, roles, share links, map versions,
escaping, and serving while a pipeline run writes. Screenshots of every page go to
`<output_dir>/workspace/`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.dashboards.browser import VIEWPORT, drawn, launch, open_page, screenshot, sign_in
from tests.dashboards.http import PASSWORD, TEAM

pytestmark = pytest.mark.browser
PERSONA = "b2b_evaluator"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(output_dir: Path) -> Path:
    return output_dir / "workspace"


def as_user(browser: Browser, base: str, name: str, target: str = "/"):
    return sign_in(browser, base, TEAM[name][0], PASSWORD, target)


def test_every_page_after_signing_in(browser: Browser, team_workspace, shots: Path):
    context, page = as_user(browser, team_workspace.url, "ana")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    expect(page.locator("#user-name")).to_have_text("ana")
    pages = {
        "overview": "/", "journey": f"/journey?persona={PERSONA}",
        "explorer": f"/explorer?persona={PERSONA}", "funnel": f"/funnel?persona={PERSONA}",
        "compare": "/compare?persona=newsletter_reader", "backlog": f"/backlog?persona={PERSONA}",
        "editor": f"/editor?persona={PERSONA}", "inbox": "/inbox", "shares": "/shares",
        "activity": f"/activity?persona={PERSONA}", "team": "/team", "views": "/views",
        "dates": "/annotations",
    }
    for name, path in pages.items():
        page.goto(team_workspace.url + path)
        drawn(page)
        expect(page.locator(".notice", has_text="No access")).to_have_count(0)
        screenshot(page, shots, name)
    assert errors == []  # no page makes React or Dash complain
    login = context.browser.new_context(viewport=VIEWPORT).new_page()
    login.goto(team_workspace.url + "/login")
    screenshot(login, shots, "login")
    context.close()


def test_a_copied_explorer_url_opens_the_same_view(browser: Browser, team_workspace, shots):
    context, page = as_user(browser, team_workspace.url, "ben", f"/explorer?persona={PERSONA}")
    drawn(page, "#observed-figure")
    everyone = page.inner_text("#explorer-journeys")
    all_variants = page.inner_text("#variants-table")  # drawn right after the map
    page.click("#explorer-period")
    page.get_by_role("option", name="2026-06").click()
    page.wait_for_url(re.compile(r"period=2026-06"))
    expect(page.locator("#explorer-journeys")).not_to_have_text(everyone)  # drawn anew
    in_june = page.inner_text("#explorer-journeys")
    page.click("#explorer-channel")
    page.get_by_role("option", name="email").click()
    page.wait_for_url(re.compile(r"channel=email"))
    expect(page.locator("#explorer-journeys")).not_to_have_text(in_june)
    journeys = page.inner_text("#explorer-journeys")
    # the variants, drawn after the map (in the new page), follow the filters too
    variants = page.inner_text("#variants-table")
    assert variants != all_variants
    copied = page.url
    screenshot(page, shots, "explorer-filtered")

    fresh, other = as_user(browser, team_workspace.url, "ben",
                           copied.removeprefix(team_workspace.url))
    drawn(other, "#observed-figure")
    assert other.url == copied
    expect(other.locator("#explorer-journeys")).to_have_text(journeys)
    assert other.inner_text("#variants-table") == variants
    expect(other.locator("#explorer-period-value")).to_have_text("2026-06")
    expect(other.locator("#explorer-channel-value")).to_have_text("email")
    context.close()
    fresh.close()


def post_comment(page: Page, body: str) -> None:
    page.fill("#comment-body", body)
    page.click("#comment-form button[type=submit]")
    drawn(page, "#comments")


def test_a_mention_is_seen_by_the_other_user(browser: Browser, team_workspace, shots):
    ben, page = as_user(browser, team_workspace.url, "ben", f"/journey?persona={PERSONA}")
    page.select_option("#comment-form select[name=element]", "step:2")
    post_comment(page, "@ana the solutions page loses a third of the buyers")
    ana, inbox = as_user(browser, team_workspace.url, "ana", "/inbox")
    expect(inbox.locator("#notifications")).to_contain_text(
        "ben mentioned you on b2b_evaluator (step:2)")
    screenshot(inbox, shots, "inbox-mention")
    inbox.locator("#notifications a", has_text="open").first.click()
    drawn(inbox, "#comments")
    expect(inbox.locator("#comments")).to_contain_text("loses a third of the buyers")
    expect(inbox.locator("#comments .mention").first).to_have_text("@ana")
    screenshot(inbox, shots, "journey-comments")
    ben.close()
    ana.close()


def test_a_viewer_cannot_edit_in_the_page_nor_by_request(browser: Browser, team_workspace):
    context, page = as_user(browser, team_workspace.url, "vic", f"/journey?persona={PERSONA}")
    drawn(page, "#comments-section")
    expect(page.locator("#comment-form")).to_have_count(0)
    page.goto(f"{team_workspace.url}/editor?persona={PERSONA}")
    drawn(page, "#map-yaml-readonly")
    expect(page.locator("#map-form")).to_have_count(0)
    token = page.request.get(f"{team_workspace.url}/api/me").json()["csrf_token"]
    response = page.request.post(f"{team_workspace.url}/actions/comment", form={
        "csrf_token": token, "persona": PERSONA, "element": "map", "body": "let me in"})
    assert response.status == 403
    context.close()


def test_a_share_link_is_read_only_and_ends_when_revoked(
    browser: Browser, team_workspace, shots
):
    context, page = as_user(browser, team_workspace.url, "ben", f"/funnel?persona={PERSONA}")
    drawn(page, "#funnel-figure")
    page.click("#share-button")
    drawn(page, "#share-url")
    link = team_workspace.url + page.inner_text("#share-url")
    guest = browser.new_context(viewport=VIEWPORT)
    shared = open_page(guest, link, "#funnel-figure")
    expect(shared.locator("#shared-banner")).to_be_visible()
    expect(shared.locator("#share-button")).to_have_count(0)
    screenshot(shared, shots, "shared-view")
    shared.click("#present-link")  # a guest may present the shared view, and only it
    drawn(shared, ".presenting #funnel-figure .main-svg")
    assert shared.request.post(f"{team_workspace.url}/actions/comment", form={
        "persona": PERSONA, "element": "map", "body": "x"}).status == 403
    page.locator("#shares-table tr", has_text=f"/funnel?persona={PERSONA}").first \
        .locator("button", has_text="Revoke").click()
    drawn(page, "#shares-table")
    assert guest.new_page().goto(link).status == 410
    context.close()
    guest.close()


def test_a_map_edit_makes_a_version_whose_diff_is_shown(browser: Browser, team_workspace, shots):
    context, page = as_user(browser, team_workspace.url, "ben", f"/editor?persona={PERSONA}")
    drawn(page, "#map-yaml")
    text = page.input_value("#map-yaml")
    page.fill("#map-yaml", text.replace("name: Reads the solutions page",
                                        "name: Reads the use cases"))
    page.fill("#map-message", "name the step after what buyers read")
    page.click("#map-form button[type=submit]")
    drawn(page, "#saved-note")
    expect(page.locator("#diff-table")).to_contain_text("Reads the use cases")
    expect(page.locator("#diff-table")).to_contain_text("added")
    expect(page.locator("#versions-table")).to_contain_text("name the step after what buyers")
    screenshot(page, shots, "editor-diff")
    context.close()


def test_a_script_in_a_comment_is_shown_as_text(browser: Browser, team_workspace):
    context, page = as_user(browser, team_workspace.url, "ben", f"/journey?persona={PERSONA}")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    post_comment(page, "<script>alert(1)</script>")
    page.reload()
    drawn(page, "#comments")
    expect(page.locator("#comments")).to_contain_text("<script>alert(1)</script>")
    assert page.locator("#comments script").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    context.close()


def test_a_reply_is_posted_in_its_thread(browser: Browser, team_workspace, shots):
    context, page = as_user(browser, team_workspace.url, "ben", f"/journey?persona={PERSONA}")
    page.select_option("#comment-form select[name=element]", "stage:2")
    post_comment(page, "Evaluate takes two weeks: can we shorten it?")
    thread = page.locator(".comment:not(.reply)", has_text="can we shorten it").last
    thread.locator("summary", has_text="Reply").click()
    thread.locator("textarea").fill("@ana yes, with the demo booked online")
    thread.locator("button", has_text="Reply").click()
    drawn(page, "#comments")
    thread = page.locator(".comment:not(.reply)", has_text="can we shorten it").last
    reply = page.locator(".comment.reply", has_text="booked online").last
    expect(reply).to_contain_text("ben replied")
    above = thread.bounding_box()["y"]
    assert reply.bounding_box()["y"] > above  # under its thread
    reply.scroll_into_view_if_needed()
    screenshot(page, shots, "journey-thread")
    page.click("#nav-activity")
    drawn(page, "#activity-feed")
    expect(page.locator("#activity-feed li").first).to_contain_text("replied on stage:2")
    screenshot(page, shots, "activity-feed")
    context.close()


def test_presentation_mode_shows_the_view_alone(browser: Browser, team_workspace, shots):
    context, page = as_user(browser, team_workspace.url, "ana", f"/journey?persona={PERSONA}")
    drawn(page, "#journey-figure")
    page.click("#present-link")
    page.wait_for_url(re.compile(r"present=1"))
    drawn(page, ".presenting #overlay-figure .main-svg")
    expect(page.locator("#topnav")).to_be_hidden()
    expect(page.locator("#comments-section")).to_be_hidden()
    expect(page.locator("#exit-presentation")).to_be_visible()
    screenshot(page, shots, "presentation")
    sections = page.locator(".presenting section")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => Math.abs(document.querySelectorAll('.presenting section')[0]"
                           ".getBoundingClientRect().top) < 2")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => Math.abs(document.querySelectorAll('.presenting section')[1]"
                           ".getBoundingClientRect().top) < 2")
    assert sections.count() >= 3
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"^(?!.*present=1)"))
    drawn(page, "#journey-figure")
    expect(page.locator("#topnav")).to_be_visible()
    context.close()


def test_a_date_added_in_the_page_is_drawn_on_the_time_charts(
    browser: Browser, team_workspace, shots
):
    context, page = as_user(browser, team_workspace.url, "ben", "/annotations")
    drawn(page, "#annotation-form")
    page.fill("#annotation-day", "2026-06-10")
    page.fill("#annotation-label", "Price test starts")
    page.select_option("#annotation-form select[name=persona]", PERSONA)
    page.click("#annotation-form button[type=submit]")
    drawn(page, "#annotations-table")
    expect(page.locator("#annotations-table")).to_contain_text("Price test starts")
    screenshot(page, shots, "dates")
    page.goto(f"{team_workspace.url}/funnel?persona={PERSONA}")
    drawn(page, "#trend-figure .main-svg")
    expect(page.locator("#trend-figure .annotation-text", has_text="Price test starts")) \
        .to_have_count(1)
    page.locator("#trend").scroll_into_view_if_needed()
    screenshot(page, shots, "funnel-with-dates")
    context.close()


def test_an_owner_grants_a_map_role_in_the_team_page(browser: Browser, team_workspace, shots):
    context, page = as_user(browser, team_workspace.url, "ana", "/team")
    drawn(page, "#role-form")
    page.select_option("#role-form select[name=user]", "vic")
    page.select_option("#role-form select[name=scope]", "bargain_hunter")
    page.select_option("#role-form select[name=role]", "editor")
    page.click("#role-form button[type=submit]")
    drawn(page, "#team-table")
    expect(page.locator("#team-table tr", has_text="vic")).to_contain_text(
        "bargain_hunter: editor")
    screenshot(page, shots, "team-granted")
    vic, mine = as_user(browser, team_workspace.url, "vic", "/journey?persona=bargain_hunter")
    drawn(mine, "#comment-form")  # an editor of this map now
    mine.goto(f"{team_workspace.url}/journey?persona={PERSONA}")
    drawn(mine, "#comments-section")
    expect(mine.locator("#comment-form")).to_have_count(0)  # still a viewer here
    vic.close()
    context.close()


def test_a_view_is_saved_and_exported_from_its_page(browser: Browser, team_workspace, shots):
    context, page = as_user(browser, team_workspace.url, "ben",
                            f"/explorer?persona={PERSONA}&period=2026-06")
    drawn(page, "#observed-figure .main-svg")
    page.fill("#view-name", "June buyers")
    page.click("#save-view")
    drawn(page, "#views-table")
    expect(page.locator("#views-table")).to_contain_text("June buyers")
    screenshot(page, shots, "saved-views")
    page.locator("#views-table a", has_text="June buyers").click()
    drawn(page, "#observed-figure .main-svg")
    expect(page.locator("#explorer-period-value")).to_have_text("2026-06")
    with page.expect_download(timeout=120000) as download:
        page.click("#export-png")
    assert download.value.suggested_filename.startswith("journeymap-explorer")
    assert Path(download.value.path()).read_bytes()[:4] == b"\x89PNG"
    context.close()


def test_the_version_diff_is_drawn_on_the_map(browser: Browser, team_workspace, shots):
    context, page = as_user(browser, team_workspace.url, "ana",
                            "/editor?persona=newsletter_reader")
    drawn(page, "#map-yaml")
    text = page.input_value("#map-yaml")
    steps = re.findall(r"- name: (.+)", text)
    moved = text.replace("emotion: 0", "emotion: 1", 1)
    page.fill("#map-yaml", moved)
    page.fill("#map-message", "warmer first step")
    page.click("#map-form button[type=submit]")
    drawn(page, "#diff-figure .main-svg")
    tags = page.locator("#diff-figure .annotation-text")
    expect(tags.filter(has_text="changed")).to_have_count(1)
    expect(page.locator("#diff-table")).to_contain_text("emotion")
    assert steps
    page.locator("#diff").scroll_into_view_if_needed()
    screenshot(page, shots, "editor-diff-map")
    context.close()


# When each part of a page appears, and how often plotly.js is evaluated in it.
WATCH = """
window.__seen = {};
window.__plotlyRuns = 0;
new MutationObserver(() => {
  for (const [name, selector] of [['figure', '#overlay-figure .main-svg'],
                                  ['comments', '#comments-section']]) {
    if (!(name in window.__seen) && document.querySelector(selector)) {
      window.__seen[name] = performance.now();
    }
  }
}).observe(document, {childList: true, subtree: true});
let plotly;
Object.defineProperty(window, 'Plotly', {configurable: true, get: () => plotly,
  set: (value) => { if (value && value.react) window.__plotlyRuns += 1; plotly = value; }});
"""
TIMES = """() => {  // when plotly.js was asked for; when the page's callbacks left and came back
  const all = performance.getEntriesByType('resource');
  const calls = all.filter(e => e.name.includes('_dash-update-component'));
  return {plotly: all.find(e => e.name.includes('plotly.min.js')).startTime,
          sent: calls.map(e => e.startTime), back: calls.map(e => e.responseEnd)}; }"""


def test_a_page_opened_for_its_figure_draws_it_before_its_other_parts(
    browser: Browser, team_workspace
):
    context, page = as_user(browser, team_workspace.url, "ana")
    page.add_init_script(WATCH)
    page.goto(f"{team_workspace.url}/journey?persona={PERSONA}")
    drawn(page, "#comments-section")
    seen, times = page.evaluate("window.__seen"), page.evaluate(TIMES)
    assert times["sent"][1] > seen["figure"]  # the comments are asked for once it is drawn
    assert seen["figure"] < seen["comments"]
    assert times["plotly"] < times["back"][0]  # plotly.js loaded while the server drew the page
    assert page.evaluate("window.__plotlyRuns") == 1  # and evaluated once, graphs waited for it
    page.goto(f"{team_workspace.url}/")  # the overview's text first: plotly.js after it
    drawn(page, "#trends-figure .main-svg")
    times = page.evaluate(TIMES)
    assert times["plotly"] > times["back"][0]
    assert page.evaluate("window.__plotlyRuns") == 1
    context.close()
