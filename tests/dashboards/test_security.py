"""Security of the workspace beyond roles and CSRF: the headers on every kind of response,
sign-in rate limits, and which proxy headers are believed."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from dashboards import build_workspace
from dashboards.collab import open_store
from dashboards.collab.accounts import add_user
from dashboards.collab.limits import PER_ADDRESS, PER_EMAIL
from dashboards.config import WorkspaceConfig
from tests.dashboards.http import PASSWORD, Client

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def team_app(folder: Path, snapshots: Path, **settings: object):
    """The workspace in process with password sign-in and two accounts, ann and bob."""
    url = f"sqlite:///{folder / 'workspace.sqlite'}"
    store = open_store(url)
    with store.session() as s:
        add_user(s, "ann@example.com", "ann", PASSWORD, "owner")
        add_user(s, "bob@example.com", "bob", PASSWORD, "viewer")
    store.engine.dispose()
    config = WorkspaceConfig(snapshots_dir=snapshots, collab_url=url, auth="password",
                             secret_key="test secret", **settings)
    return build_workspace(config).test_client()


def sign_in(client, email: str, password: str, **headers: str):
    return client.post("/login", data={"email": email, "password": password, "next": "/"},
                       headers=headers)


def test_every_kind_of_response_carries_the_security_headers(team_workspace):
    ben = Client(team_workspace.url).sign_in("ben")
    responses = {
        "login page": requests.get(f"{team_workspace.url}/login"),
        "page": ben.http.get(f"{team_workspace.url}/journey?persona=b2b_evaluator"),
        "drawn page": ben.http.post(f"{team_workspace.url}/_dash-update-component", json={
            "output": "page.children", "outputs": {"id": "page", "property": "children"},
            "inputs": [{"id": "url", "property": "pathname", "value": "/"},
                       {"id": "url", "property": "search", "value": ""}],
            "changedPropIds": ["url.pathname"], "state": []}),
        "refused write": ben.post("/actions/comment", csrf_token="forged", persona="x",
                                  element="map", body="x"),
        "download": ben.http.get(f"{team_workspace.url}/export/backlog.csv?persona=x"),
        "stylesheet": requests.get(f"{team_workspace.url}/assets/workspace.css"),
    }
    assert responses["refused write"].status_code == 403
    for what, response in responses.items():
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (what, name)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, what
        assert "camera=()" in response.headers["Permissions-Policy"], what
        assert "Strict-Transport-Security" not in response.headers, what  # plain http here
    for what in ("login page", "page", "drawn page", "download"):
        assert responses[what].headers["Cache-Control"] == "no-store", what
    assert "no-store" not in responses["stylesheet"].headers.get("Cache-Control", "")
    session = next(c for c in ben.http.cookies if c.name == "jm_session")
    assert session.has_nonstandard_attr("HttpOnly") and not session.secure


def test_sign_in_is_refused_after_repeated_wrong_passwords(
    sample_snapshots: Path, tmp_path: Path
):
    client = team_app(tmp_path, sample_snapshots)
    for _ in range(PER_EMAIL):
        assert sign_in(client, "bob@example.com", "guess").status_code == 401
    locked = sign_in(client, "bob@example.com", PASSWORD)  # right, but too late
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 60
    assert "Too many failed sign-ins" in locked.text
    assert sign_in(client, "ann@example.com", PASSWORD).status_code == 303  # others may


def test_a_successful_sign_in_forgets_the_accounts_failures(
    sample_snapshots: Path, tmp_path: Path
):
    client = team_app(tmp_path, sample_snapshots)
    for _ in range(PER_EMAIL - 1):
        sign_in(client, "bob@example.com", "guess")
    assert sign_in(client, "bob@example.com", PASSWORD).status_code == 303
    for _ in range(PER_EMAIL - 1):
        assert sign_in(client, "bob@example.com", "guess").status_code == 401


@pytest.mark.slow
def test_one_address_trying_many_accounts_is_limited(sample_snapshots: Path, tmp_path: Path):
    client = team_app(tmp_path, sample_snapshots)
    for i in range(PER_ADDRESS):
        assert sign_in(client, f"nobody{i}@example.com", "guess").status_code == 401
    assert sign_in(client, "ann@example.com", PASSWORD).status_code == 429


@pytest.mark.slow
@pytest.mark.parametrize("trusted", [0, 1])
def test_proxy_headers_are_believed_only_from_trusted_proxies(
    sample_snapshots: Path, tmp_path: Path, trusted: int
):
    """Behind one trusted proxy the client's address (rate limits) and https (secure cookie,
    HSTS) come from X-Forwarded-*; without trust, a client cannot claim them."""
    client = team_app(tmp_path, sample_snapshots, trusted_proxies=trusted)
    for i in range(PER_ADDRESS):  # one client rotating its claimed address
        sign_in(client, f"nobody{i}@example.com", "guess",
                **{"X-Forwarded-For": f"203.0.113.{i}"})
    answer = sign_in(client, "ann@example.com", PASSWORD,
                     **{"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"})
    if trusted:
        assert answer.status_code == 303  # each failure came from its own address
        assert "Secure" in answer.headers["Set-Cookie"]
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
    else:
        assert answer.status_code == 429  # all from the one real address
        assert "Strict-Transport-Security" not in answer.headers


def test_a_bad_number_in_the_environment_is_named(monkeypatch):
    from dashboards.config import from_env
    from journeymap.errors import JourneymapError

    monkeypatch.setenv("JOURNEYMAP_TRUSTED_PROXIES", "one")
    with pytest.raises(JourneymapError, match="JOURNEYMAP_TRUSTED_PROXIES"):
        from_env()
