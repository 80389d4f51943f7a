"""Every page draws over a real snapshot, and the server answers over HTTP with its headers."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from dashboards.access import Access
from dashboards.app import PAGES, render_page
from dashboards.config import WorkspaceConfig
from dashboards.reader import SnapshotReader
from dashboards.services import Services, make_services
from journeymap.errors import JourneymapError


@pytest.fixture(scope="module")
def reader(sample_snapshots: Path):
    r = SnapshotReader(sample_snapshots)
    yield r
    r.close()


@pytest.fixture(scope="module")
def services(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Services:
    folder = tmp_path_factory.mktemp("collab")
    return make_services(WorkspaceConfig(
        snapshots_dir=folder, collab_url=f"sqlite:///{folder / 'workspace.sqlite'}",
        designed_dir=sample_project / "designed"))


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("persona", ["b2b_evaluator", "newsletter_reader"])
def test_every_page_draws_each_persona(
    reader: SnapshotReader, services: Services, path: str, persona: str
):
    access = Access(services.local_user_id(), "local", {"*": "owner"}, csrf="token")
    page = str(render_page(reader, path, f"?persona={persona}", access, services))
    assert "No results to show" not in page
    assert "Not found" not in page
    assert "No access" not in page


def test_a_map_without_a_role_on_it_is_not_drawn(reader: SnapshotReader, services: Services):
    access = Access(None, "someone", {"newsletter_reader": "viewer"}, csrf="token")
    for path in ("/journey", "/explorer", "/backlog", "/editor"):
        page = str(render_page(reader, path, "?persona=b2b_evaluator", access, services))
        assert "No access" in page
        assert "journey-figure" not in page
    page = str(render_page(reader, "/", "", access, services))
    assert "newsletter_reader" in page and "b2b_evaluator" not in page


def test_an_unknown_page_says_so(reader: SnapshotReader):
    assert "Not found" in str(render_page(reader, "/nowhere", ""))


def test_no_snapshot_yet_is_explained(tmp_path: Path):
    page = str(render_page(SnapshotReader(tmp_path), "/", ""))
    assert "run the pipeline" in page


def test_serving_on_a_network_address_needs_authentication(tmp_path: Path):
    config = WorkspaceConfig(snapshots_dir=tmp_path, collab_url="sqlite://", host="0.0.0.0")
    with pytest.raises(JourneymapError, match="without authentication"):
        config.validate()


def post_callback(base: str, pathname: str, search: str) -> dict:
    body = {
        "output": "page.children",
        "outputs": {"id": "page", "property": "children"},
        "inputs": [{"id": "url", "property": "pathname", "value": pathname},
                   {"id": "url", "property": "search", "value": search}],
        "changedPropIds": ["url.search"], "state": [],
    }
    request = urllib.request.Request(
        f"{base}/_dash-update-component", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_the_server_sends_security_headers(open_workspace):
    with urllib.request.urlopen(open_workspace.url + "/", timeout=10) as response:
        headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_the_explorer_is_drawn_from_the_url_over_http(open_workspace):
    answer = post_callback(open_workspace.url, "/explorer",
                           "?persona=newsletter_reader&channel=email&period=2026-06")
    text = json.dumps(answer)
    assert '"id": "observed-figure"' in text
    assert '"value": "2026-06"' in text
