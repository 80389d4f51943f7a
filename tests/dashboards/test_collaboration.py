"""Collaboration over HTTP against a running workspace: sign-in, CSRF, roles checked on the
server, comments with @mentions delivered in the app, by email and by webhook, share links,
map versions and the backlog."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
import requests

from dashboards import build_workspace
from dashboards.collab import open_store
from dashboards.collab.accounts import add_user
from dashboards.collab.sharing import create_link, open_link, revoke_link
from dashboards.config import WorkspaceConfig
from tests.dashboards.http import Client, form_value
from tests.dashboards.receivers import wait_for

PERSONA = "b2b_evaluator"


@pytest.fixture()
def ben(team_workspace) -> Client:
    return Client(team_workspace.url).sign_in("ben")


def test_pages_need_a_signed_in_user(team_workspace):
    anonymous = requests.get(f"{team_workspace.url}/journey?persona=x", allow_redirects=False)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"] == "/login?next=/journey%3Fpersona%3Dx"
    drawn = requests.post(f"{team_workspace.url}/_dash-update-component", json={})
    assert drawn.status_code == 401


def test_a_wrong_password_is_refused(team_workspace):
    response = requests.post(f"{team_workspace.url}/login", data={
        "email": "ben@example.com", "password": "guess"}, allow_redirects=False)
    assert response.status_code == 401
    assert "Wrong email or password" in response.text


def test_a_write_without_the_csrf_token_is_refused(ben: Client):
    response = ben.post("/actions/comment", csrf_token="forged", persona=PERSONA,
                        element="map", body="hello")
    assert response.status_code == 403


def test_a_viewer_cannot_write_even_by_a_direct_request(team_workspace):
    vic = Client(team_workspace.url).sign_in("vic")
    assert vic.post("/actions/comment", persona=PERSONA, element="map",
                    body="sneaky").status_code == 403
    assert vic.post("/actions/map", persona=PERSONA, yaml="x: 1").status_code == 403
    assert vic.post("/actions/backlog", persona=PERSONA, subject="s",
                    status="done").status_code == 403
    assert "comment-form" not in vic.page("/journey", f"?persona={PERSONA}")
    assert "sneaky" not in vic.page("/journey", f"?persona={PERSONA}")


def test_a_mention_reaches_the_app_the_mailbox_and_the_webhook(
    team_workspace, ben: Client, smtp_sink, webhook
):
    body = "@ana the demo step loses <b>people</b> & time"
    response = ben.post("/actions/comment", persona=PERSONA, element="step:3", body=body,
                        next=f"/journey?persona={PERSONA}")
    assert response.status_code == 303
    ana = Client(team_workspace.url).sign_in("ana")
    assert "the demo step loses <b>people</b>" in ana.page("/inbox")
    assert wait_for(lambda: any("people" in m.get_content() for m in smtp_sink.messages))
    mails = [m.get_content() for m in smtp_sink.messages if m["To"] == "ana@example.com"]
    assert any("ben mentioned you" in m and "<b>people</b>" in m for m in mails)
    assert wait_for(lambda: any("people" in b["text"] for b in webhook.bodies))
    text = next(b["text"] for b in webhook.bodies if "people" in b["text"])
    assert "&lt;b&gt;people&lt;/b&gt; &amp; time" in text  # Slack's escaping: no markup


def test_a_share_link_opens_one_view_read_only_until_revoked(team_workspace, ben: Client):
    view = f"/explorer?persona={PERSONA}&period=2026-06"
    created = ben.post("/actions/share", path=view, hours=1)
    token = re.search(r"created=([^&]+)", created.headers["Location"]).group(1)
    guest = Client(team_workspace.url)
    opened = guest.http.get(f"{team_workspace.url}/s/{token}", allow_redirects=False)
    assert opened.status_code == 303 and opened.headers["Location"] == view
    page = guest.page("/inbox")  # asks for another page: gets the shared view
    assert "observed-figure" in page and "2026-06" in page
    assert guest.http.post(f"{team_workspace.url}/actions/comment", data={
        "persona": PERSONA, "element": "map", "body": "x"}).status_code == 403
    link_id = form_value(ben.page("/shares"), "link_id")
    assert ben.post("/actions/share/revoke", link_id=link_id).status_code == 303
    assert guest.http.get(f"{team_workspace.url}/s/{token}").status_code == 410
    assert guest.http.post(f"{team_workspace.url}/_dash-update-component",
                           json={}).status_code == 401


def test_a_share_link_expires_and_a_forged_one_opens_nothing(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    with store.session() as s:
        user = add_user(s, "a@example.com", "a", "pw", "editor")
        short = create_link(s, "secret", user, "/", hours=0.5 / 3600)
        long = create_link(s, "secret", user, "/", hours=1)
    time.sleep(0.6)
    with store.session() as s:
        assert open_link(s, "secret", short) is None
        assert open_link(s, "secret", long) is not None
        assert open_link(s, "another secret", long) is None
        revoke_link(s, open_link(s, "secret", long).id)
        assert open_link(s, "secret", long) is None


def test_saving_a_map_makes_a_version_whose_changes_are_listed(
    ben: Client, sample_project: Path
):
    original = (sample_project / "designed" / f"{PERSONA}.yaml").read_text()
    assert "imported from b2b_evaluator.yaml" in ben.page("/editor", f"?persona={PERSONA}")
    edited = original.replace("name: Requests a demo", "name: Books a demo")
    saved = ben.post("/actions/map", persona=PERSONA, yaml=edited, message="clearer step name")
    assert saved.status_code == 303
    number = int(re.search(r"saved=(\d+)", saved.headers["Location"]).group(1))
    page = ben.page("/editor", f"?persona={PERSONA}&a=1&b={number}")
    assert "Books a demo" in page and "Requests a demo" in page
    assert '"added"' in page and '"removed"' in page and "clearer step name" in page


def test_an_invalid_map_is_refused_with_the_path_of_the_bad_field(ben: Client):
    response = ben.post("/actions/map", persona=PERSONA, next=f"/editor?persona={PERSONA}",
                        yaml="name: x\npersona: b2b_evaluator\ngoal: g\nstages: []\n")
    assert response.status_code == 303
    assert "error=" in response.headers["Location"] and "stages" in response.headers["Location"]


def test_assigning_an_opportunity_notifies_its_owner_and_exports_as_csv(
    team_workspace, ben: Client
):
    page = ben.page("/backlog", f"?persona={PERSONA}")
    subject = form_value(page, "subject")
    assert ben.post("/actions/backlog", persona=PERSONA, subject=subject, owner="vic",
                    status="in progress").status_code == 303
    vic = Client(team_workspace.url).sign_in("vic")
    assert "ben assigned you" in vic.page("/inbox")
    csv = vic.http.get(f"{team_workspace.url}/export/backlog.csv?persona={PERSONA}")
    assert csv.status_code == 200
    assert "vic,in progress" in csv.text


def test_behind_a_proxy_the_header_names_the_user(sample_snapshots: Path, tmp_path: Path):
    """Single sign-on mode: the authenticating proxy's header signs a known, enabled user in;
    no header or an unknown email signs no one in."""
    config = WorkspaceConfig(snapshots_dir=sample_snapshots, auth="header", host="0.0.0.0",
                             collab_url=f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    app = build_workspace(config)
    with open_store(config.collab_url).session() as s:
        add_user(s, "sso@example.com", "sso", None, "viewer")
    client = app.test_client()
    me = client.get("/api/me", headers={"X-Forwarded-Email": "sso@example.com"})
    assert me.status_code == 200 and me.json["name"] == "sso"
    assert client.get("/api/me", headers={"X-Forwarded-Email": "who@example.com"}) \
        .status_code == 302
    assert client.get("/api/me").status_code == 302


def comment_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'"id": "comment-(\d+)"', page)]


def test_a_reply_joins_the_thread_and_tells_its_author(team_workspace, ben: Client):
    ben.post("/actions/comment", persona=PERSONA, element="step:4",
             body="are leads scored before sales calls?", next=f"/journey?persona={PERSONA}")
    ana = Client(team_workspace.url).sign_in("ana")
    page = ana.page("/journey", f"?persona={PERSONA}")
    thread = max(comment_ids(page))
    assert ana.post("/actions/comment", persona=PERSONA, parent_id=thread,
                    body="yes, by the CRM", next=f"/journey?persona={PERSONA}").status_code == 303
    replied = max(comment_ids(ana.page("/journey", f"?persona={PERSONA}")))
    vic = Client(team_workspace.url).sign_in("vic")
    page = vic.page("/journey", f"?persona={PERSONA}")
    order = comment_ids(page)
    assert order.index(replied) == order.index(thread) + 1  # drawn under its thread
    assert f'"id": "reply-form-{thread}"' not in page  # a viewer gets no reply form
    assert "ana replied on b2b_evaluator (step:4): yes, by the CRM" in ben.page("/inbox")
    feed = vic.page("/activity", f"?persona={PERSONA}")
    assert "replied on step:4: yes, by the CRM" in feed
    assert "commented on step:4: are leads scored" in feed
    assert ana.post("/actions/comment/resolve", persona=PERSONA,
                    comment_id=replied).status_code == 303  # resolving a reply: its thread
    assert "resolved the thread on step:4" in vic.page("/activity", f"?persona={PERSONA}")


def test_a_reply_to_another_maps_comment_is_refused(team_workspace, ben: Client):
    ben.post("/actions/comment", persona=PERSONA, element="map", body="on the b2b map")
    thread = max(comment_ids(ben.page("/journey", f"?persona={PERSONA}")))
    refused = ben.post("/actions/comment", persona="newsletter_reader", parent_id=thread,
                       body="elsewhere", next="/journey?persona=newsletter_reader")
    assert "error=" in refused.headers["Location"] and "parent_id" in refused.headers["Location"]


def figure_of(page: str, graph_id: str) -> dict:
    """The figure of the graph `graph_id` in a drawn page's JSON."""
    import json

    def walk(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == graph_id:
                return node["props"]["figure"]
            for value in node.values():
                found = walk(value)
                if found is not None:
                    return found
        elif isinstance(node, list):
            for value in node:
                found = walk(value)
                if found is not None:
                    return found
        return None

    found = walk(json.loads(page))
    assert found is not None, f"no graph {graph_id}"
    return found


def test_a_dated_annotation_is_drawn_on_every_time_chart(team_workspace, ben: Client):
    assert ben.post("/actions/annotation", day="2026-06-15", label="Summer <b>sale</b>",
                    persona="", next="/annotations").status_code == 303
    assert ben.post("/actions/annotation", day="2026-07-02", label="Demo form shortened",
                    persona=PERSONA, next="/annotations").status_code == 303
    for page, graph in ((ben.page("/funnel", f"?persona={PERSONA}"), "trend-figure"),
                        (ben.page("/"), "trends-figure")):
        layout = figure_of(page, graph)["layout"]
        labels = [a["text"] for a in layout["annotations"] if "·" in a.get("text", "")]
        assert "Jun 15 · Summer &lt;b&gt;sale&lt;/b&gt;" in labels  # escaped for Plotly
        assert "Jul 2 · Demo form shortened" in labels
        lines = [sh for sh in layout["shapes"] if sh.get("line", {}).get("dash") == "dot"]
        axes = {sh["xref"] for sh in lines}
        assert axes == ({"x"} if graph == "trend-figure" else {"x", "x2", "x3"})  # every panel
        xs = sorted(sh["x0"] for sh in lines if sh["xref"] == "x")
        # months 2026-05, -06, -07 are the categories 0, 1, 2; a day sits within its month
        assert {round(1 - 0.5 + 14.5 / 30, 6), round(2 - 0.5 + 1.5 / 31, 6)} <= \
            {round(x, 6) for x in xs}
    newsletter = figure_of(ben.page("/funnel", "?persona=newsletter_reader"), "trend-figure")
    texts = [a.get("text", "") for a in newsletter["layout"]["annotations"]]
    assert any("Summer" in t for t in texts) and not any("Demo form" in t for t in texts)
    assert "Demo form shortened" in ben.page("/activity", f"?persona={PERSONA}")
    vic = Client(team_workspace.url).sign_in("vic")
    assert vic.post("/actions/annotation", day="2026-06-01", label="x",
                    persona="").status_code == 403
    bad = ben.post("/actions/annotation", day="June 1st", label="x", persona="",
                   next="/annotations")
    assert "day" in bad.headers["Location"] and "error=" in bad.headers["Location"]


def test_an_owner_grants_a_role_on_one_map(team_workspace):
    ana = Client(team_workspace.url).sign_in("ana")
    ben = Client(team_workspace.url).sign_in("ben")
    assert ben.post("/actions/role", user="vic", scope="newsletter_reader",
                    role="editor").status_code == 403  # an editor grants nothing
    assert '"id": "role-form"' not in ben.page("/team")
    assert '"id": "role-form"' in ana.page("/team")
    assert ana.post("/actions/role", user="vic", scope="newsletter_reader", role="editor",
                    next="/team").status_code == 303
    vic = Client(team_workspace.url).sign_in("vic")
    assert "newsletter_reader: editor" in vic.page("/team")
    assert vic.post("/actions/comment", persona="newsletter_reader", element="map",
                    body="now I can").status_code == 303
    assert vic.post("/actions/comment", persona=PERSONA, element="map",
                    body="but not here").status_code == 403
    assert "gave vic the editor role" in ana.page("/activity", "?persona=newsletter_reader")
    assert ana.post("/actions/role", user="vic", scope="newsletter_reader", role="",
                    next="/team").status_code == 303
    assert vic.post("/actions/comment", persona="newsletter_reader", element="map",
                    body="not any more").status_code == 403


def test_a_map_is_imported_and_exported_as_yaml(team_workspace, sample_project: Path):
    ana = Client(team_workspace.url).sign_in("ana")
    persona = "newsletter_reader"  # vic has no editor role on it
    original = (sample_project / "designed" / f"{persona}.yaml").read_text()
    ana.page("/editor", f"?persona={persona}")  # reads the folder's file as version 1
    edited = original.replace("version: 1", "version: 2", 1)
    response = ana.upload("/actions/map/import", f"{persona}-v2.yaml", edited.encode(),
                          persona=persona, next=f"/editor?persona={persona}")
    assert response.status_code == 303 and "saved=" in response.headers["Location"]
    page = ana.page("/editor", f"?persona={persona}")
    assert f"imported from {persona}-v2.yaml" in page
    exported = ana.http.get(f"{team_workspace.url}/export/map.yaml?persona={persona}")
    assert exported.text == edited
    assert exported.headers["Content-Disposition"] == f'attachment; filename="{persona}.yaml"'
    refused = ana.upload("/actions/map/import", "bad.yaml", b"stages: [", persona=persona,
                         next=f"/editor?persona={persona}")
    assert "error=" in refused.headers["Location"]
    vic = Client(team_workspace.url).sign_in("vic")
    assert vic.upload("/actions/map/import", "x.yaml", edited.encode(),
                      persona=persona).status_code == 403


def test_the_designed_maps_folder_and_the_app_keep_each_other_current(
    sample_snapshots: Path, sample_project: Path, tmp_path: Path
):
    """With write-back, a version saved in the app is written to the folder (and not read back
    as a change); a change made in the folder (a git pull) becomes a version."""
    folder = tmp_path / "designed"
    shutil.copytree(sample_project / "designed", folder)
    config = WorkspaceConfig(snapshots_dir=sample_snapshots, designed_dir=folder, write_back=True,
                             collab_url=f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    client = build_workspace(config).test_client()
    csrf = client.get("/api/me").json["csrf_token"]
    path = folder / f"{PERSONA}.yaml"
    original = path.read_text()

    def editor() -> str:
        return json.dumps(client.post("/_dash-update-component", json=dash_body(
            "/editor", f"?persona={PERSONA}")).json)

    assert "imported from b2b_evaluator.yaml" in editor()
    edited = original.replace("name: Requests a demo", "name: Books a demo")
    saved = client.post("/actions/map", data={"csrf_token": csrf, "persona": PERSONA,
                                                "yaml": edited, "message": "from the app"})
    assert saved.status_code == 303
    assert path.read_text() == edited
    assert "changed in the folder" not in editor()
    path.write_text(edited.replace("name: Books a demo", "name: Schedules a demo"))
    page = editor()
    assert "Version 3: changed in the folder (b2b_evaluator.yaml)" in page
    assert "Schedules a demo" in page
    assert "Version 4" not in editor()  # read once
    path.write_text("stages: [")
    assert "is not valid, so it was not read" in editor()
    assert "is not valid" not in editor()  # reported once, until it changes again


def dash_body(pathname: str, search: str) -> dict:
    return {"output": "page.children", "outputs": {"id": "page", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": pathname},
                       {"id": "url", "property": "search", "value": search}],
            "changedPropIds": ["url.pathname"], "state": []}


def test_the_designed_maps_pain_points_are_backlog_items_too(team_workspace, ben: Client):
    subject = "pain point: step 3 (Requests a demo): Long form with fields already known"
    assert subject in ben.page("/backlog", f"?persona={PERSONA}")
    assert ben.post("/actions/backlog", persona=PERSONA, subject=subject, owner="ben",
                    status="done", next=f"/backlog?persona={PERSONA}").status_code == 303
    csv = ben.http.get(f"{team_workspace.url}/export/backlog.csv?persona={PERSONA}").text
    row = next(line for line in csv.splitlines() if "Long form with fields" in line)
    assert "not measured" in row and row.endswith("ben,done")
