"""Collaboration over HTTP against a running workspace: sign-in, CSRF, roles checked on the
server, comments with @mentions delivered in the app, by email and by webhook, share links,
map versions and the backlog."""

from __future__ import annotations

import re
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
