"""Pictures of the current view (PNG, PDF) rendered by Debian's chromium from a real
`journeymap serve`, and digests of saved views mailed with their filters to a local SMTP sink:
sent now from the app, when due by `send_due_digests`, by `journeymap digest`, and by the
pipeline's Dagster digest job."""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
from datetime import timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import requests

from dashboards.collab import open_store
from dashboards.collab.models import SavedView, now
from dashboards.config import WorkspaceConfig
from dashboards.digest import send_due_digests
from dashboards.snapshots import latest_snapshot
from journeymap.settings import Settings
from pipelines.resources import resources_for
from pipelines.sensors import digest_job
from tests.dashboards.http import Client
from tests.dashboards.receivers import wait_for
from tests.dashboards.serve import JOURNEYMAP

pytestmark = pytest.mark.browser
PERSONA = "b2b_evaluator"
VIEW = f"/explorer?channel=email&period=2026-06&persona={PERSONA}"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_current_view_downloads_as_png_and_pdf(team_workspace, output_dir: Path):
    ben = Client(team_workspace.url).sign_in("ben")
    png = ben.http.get(f"{team_workspace.url}/export/view.png",
                       params={"path": f"/funnel?persona={PERSONA}"}, timeout=120)
    assert png.status_code == 200 and png.headers["Content-Type"] == "image/png"
    assert png.headers["Content-Disposition"].startswith('attachment; filename="journeymap-funnel')
    width, height = png_size(png.content)
    assert width == 1400 and height > 1200  # the whole page, not one screen
    (output_dir / "workspace").mkdir(parents=True, exist_ok=True)
    (output_dir / "workspace" / "export-funnel.png").write_bytes(png.content)
    pdf = ben.http.get(f"{team_workspace.url}/export/view.pdf", params={"path": VIEW},
                       timeout=120)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 10_000
    (output_dir / "workspace" / "export-explorer.pdf").write_bytes(pdf.content)
    anonymous = requests.get(f"{team_workspace.url}/export/view.png?path=/",
                             allow_redirects=False)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


def journeys_in_view(snapshots: Path) -> int:
    con = duckdb.connect(str(latest_snapshot(snapshots)), read_only=True)
    try:
        return con.execute(
            "SELECT journeys FROM explorer_summary WHERE persona = ? AND period = '2026-06' "
            "AND channel = 'email'", [PERSONA]).fetchall()[0][0]
    finally:
        con.close()


def view_ids(page: str) -> list[int]:
    """The ids of the saved views listed on a drawn /views page, oldest first."""
    found = re.findall(r'"value": "(\d+)", "type": "hidden", "name": "view_id"', page)
    return sorted({int(i) for i in found})


def digests_to(smtp_sink, email: str) -> list:
    return [m for m in smtp_sink.messages
            if m["To"] == email and m["Subject"].startswith("journeymap digest")]


def test_a_saved_view_is_mailed_with_its_filters_and_picture(
    team_workspace, smtp_sink, sample_snapshots: Path, output_dir: Path
):
    ben = Client(team_workspace.url).sign_in("ben")
    assert ben.post("/actions/view", name="June email buyers", path=VIEW).status_code == 303
    page = ben.page("/views")
    assert "June email buyers" in page
    view_id = view_ids(page)[-1]
    assert ben.post("/actions/view/digest", view_id=view_id, digest="daily",
                    next="/views").status_code == 303
    before = len(digests_to(smtp_sink, "ben@example.com"))
    sent = ben.post("/actions/view/send", view_id=view_id, next="/views")
    assert sent.status_code == 303 and "sent=" in sent.headers["Location"]
    assert wait_for(lambda: len(digests_to(smtp_sink, "ben@example.com")) > before, 30)
    mail = digests_to(smtp_sink, "ben@example.com")[-1]
    assert mail["Subject"] == "journeymap digest: June email buyers"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "month of journey start 2026-06" in text and "journeys that touched email" in text
    assert f"{journeys_in_view(sample_snapshots):,} journeys" in text
    assert VIEW in text  # the link opens the view with its filters
    picture = next(part for part in mail.iter_attachments()
                   if part.get_content_type() == "image/png")
    width, _ = png_size(picture.get_content())
    assert width == 1400
    (output_dir / "workspace" / "digest-view.png").write_bytes(picture.get_content())
    other = Client(team_workspace.url).sign_in("vic")
    refused = other.post("/actions/view/send", view_id=view_id, next="/views")
    assert "error=" in refused.headers["Location"]  # another's saved view is not theirs


def team_config(team_workspace, sample_snapshots: Path) -> WorkspaceConfig:
    env = team_workspace.env
    return WorkspaceConfig(snapshots_dir=sample_snapshots,
                           collab_url=env["JOURNEYMAP_WORKSPACE_DB"],
                           smtp_host="127.0.0.1", smtp_port=int(env["JOURNEYMAP_SMTP_PORT"]))


def test_due_digests_go_out_once_per_period(team_workspace, smtp_sink, sample_snapshots: Path):
    ben = Client(team_workspace.url).sign_in("ben")
    ben.post("/actions/view", name="Weekly overview", path="/")
    for view_id in view_ids(ben.page("/views")):
        ben.post("/actions/view/digest", view_id=view_id, digest="weekly", next="/views")
    config = team_config(team_workspace, sample_snapshots)
    first = send_due_digests(config, pictures=False)
    assert {d.view for d in first} >= {"Weekly overview"} and all(not d.picture for d in first)
    assert send_due_digests(config, pictures=False) == []  # sent: not due again today
    assert send_due_digests(config, at=now() + timedelta(days=3), pictures=False) == []
    later = send_due_digests(config, at=now() + timedelta(days=7), pictures=False)
    assert {d.view for d in later} >= {"Weekly overview"}
    mail = digests_to(smtp_sink, "ben@example.com")[-1]
    assert "Filters: / · no filters" in mail.get_body(preferencelist=("plain",)).get_content()


def test_the_digest_command_and_the_dagster_job_send_what_is_due(
    team_workspace, smtp_sink, sample_snapshots: Path, tmp_path: Path
):
    ana = Client(team_workspace.url).sign_in("ana")
    ana.post("/actions/view", name="Funnel of buyers", path=f"/funnel?persona={PERSONA}")
    view_id = view_ids(ana.page("/views"))[-1]
    ana.post("/actions/view/digest", view_id=view_id, digest="daily", next="/views")
    env = {**os.environ, **team_workspace.env, "JOURNEYMAP_SNAPSHOTS": str(sample_snapshots)}
    done = subprocess.run([str(JOURNEYMAP), "digest", "--no-pictures", "--json"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {"view": "Funnel of buyers", "to": "ana@example.com", "picture": False} in \
        json.loads(done.stdout)
    # a day later the pipeline's daily digest job sends it again, with its picture
    with open_store(team_workspace.env["JOURNEYMAP_WORKSPACE_DB"]).session() as s:
        s.get(SavedView, view_id).last_sent_at = now() - timedelta(days=1)
    before = len(digests_to(smtp_sink, "ana@example.com"))
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {**team_workspace.env,
                            "JOURNEYMAP_SNAPSHOTS": str(sample_snapshots)}.items():
            patch.setenv(name, value)
        resources = resources_for(Settings.for_project(tmp_path))
        result = digest_job.execute_in_process(resources=resources,
                                               instance=dg.DagsterInstance.ephemeral())
    assert result.success
    assert wait_for(lambda: len(digests_to(smtp_sink, "ana@example.com")) > before, 30)
    mail = digests_to(smtp_sink, "ana@example.com")[-1]
    assert any(p.get_content_type() == "image/png" for p in mail.iter_attachments())
