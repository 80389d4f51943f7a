"""The collaboration store on PostgreSQL, as a team would run it: a throwaway PostgreSQL server
(Debian's `postgresql` package) started for this module, the Alembic migrations applied to it,
and the workspace's sign-in, comments with mentions, roles, share links, map versions, backlog,
dates, saved views, run reports and sign-in limits used through the app.

Skipped, with the reason, when no PostgreSQL server program or no `psycopg` driver is
installed (`make test` does not install them: `apt-get install postgresql`, and the test
extra's `psycopg[binary]`)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from dashboards import build_workspace
from dashboards.collab import open_store
from dashboards.collab.accounts import add_user
from dashboards.collab.models import Comment, Notification, RunReport
from dashboards.config import WorkspaceConfig
from dashboards.runs import CheckOutcome, RunOutcome, report_run
from dashboards.services import make_services
from tests.dashboards.http import PASSWORD

pytestmark = pytest.mark.slow
PERSONA = "b2b_evaluator"


def server_programs() -> Path | None:
    """The folder of PostgreSQL's initdb and pg_ctl (Debian keeps them out of the PATH)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server of our own on a free loopback port, and an empty database on it."""
    pytest.importorskip("psycopg", reason="the psycopg driver is not installed")
    programs = server_programs()
    if programs is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    as_server_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="jm-postgres-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: use its own account
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser to start PostgreSQL as postgres")
        try:
            shutil.chown(folder, "postgres", "postgres")
        except (LookupError, PermissionError) as error:
            pytest.skip(f"no postgres account to run the server as: {error}")
        as_server_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()

    def run(*command: str) -> subprocess.CompletedProcess:
        return subprocess.run([*as_server_user, *command], capture_output=True, text=True,
                              timeout=120)

    started = run(str(programs / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-sync")
    if started.returncode == 0:
        started = run(str(programs / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
                      "-w", "-o", f"-p {port} -c listen_addresses=127.0.0.1 "
                      f"-c unix_socket_directories={folder}", "start")
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {started.stderr.strip()[-300:]}")
    try:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres",
                             autocommit=True) as con:
            con.execute("CREATE DATABASE journeymap")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/journeymap"
    finally:
        run(str(programs / "pg_ctl"), "-D", str(data), "-m", "fast", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_the_migrations_build_the_schema_on_postgresql(postgres_url: str):
    store = open_store(postgres_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"users", "roles", "comments", "notifications", "share_links", "map_versions",
            "backlog", "annotations", "activity", "saved_views", "run_reports",
            "login_failures", "map_files", "alembic_version"} <= tables
    open_store(postgres_url).engine.dispose()  # migrating again changes nothing
    store.engine.dispose()


def test_the_workspace_works_on_postgresql(postgres_url: str, sample_snapshots: Path,
                                           sample_project: Path):
    config = WorkspaceConfig(snapshots_dir=sample_snapshots, collab_url=postgres_url,
                             auth="password", secret_key="test secret",
                             designed_dir=sample_project / "designed")
    with open_store(postgres_url).session() as s:
        add_user(s, "pat@example.com", "pat", PASSWORD, "editor")
        add_user(s, "quinn@example.com", "quinn", PASSWORD, "viewer")
    app = build_workspace(config)
    pat, quinn = app.test_client(), app.test_client()
    assert pat.post("/login", data={"email": "pat@example.com", "password": "no"}) \
        .status_code == 401
    for client, email in ((pat, "pat@example.com"), (quinn, "quinn@example.com")):
        assert client.post("/login", data={"email": email, "password": PASSWORD}) \
            .status_code == 303
    csrf = pat.get("/api/me").json["csrf_token"]

    def post(action: str, **form: object) -> int:
        return pat.post(action, data={"csrf_token": csrf, "next": "/", **form}).status_code

    assert post("/actions/comment", persona=PERSONA, element="step:2",
                body="@quinn have a look") == 303
    with open_store(postgres_url).session() as s:
        thread = s.scalar(select(Comment.id).where(Comment.persona == PERSONA))
    assert post("/actions/comment", persona=PERSONA, parent_id=thread, body="and a reply") == 303
    assert post("/actions/comment/resolve", persona=PERSONA, comment_id=thread) == 303
    yaml = (sample_project / "designed" / f"{PERSONA}.yaml").read_text()
    assert pat.post("/_dash-update-component", json={
        "output": "page.children", "outputs": {"id": "page", "property": "children"},
        "inputs": [{"id": "url", "property": "pathname", "value": "/editor"},
                   {"id": "url", "property": "search", "value": f"?persona={PERSONA}"}],
        "changedPropIds": ["url.pathname"], "state": []}).status_code == 200
    assert post("/actions/map", persona=PERSONA, message="on postgres",
                yaml=yaml.replace("Requests a demo", "Books a demo")) == 303
    assert post("/actions/backlog", persona=PERSONA, subject="skipped: x", owner="quinn",
                status="in progress") == 303
    assert post("/actions/annotation", day="2026-06-01", label="launch", persona=PERSONA) == 303
    assert post("/actions/view", name="mine", path=f"/funnel?persona={PERSONA}") == 303
    assert post("/actions/share", path="/", hours=1) == 303
    assert quinn.post("/actions/comment", data={
        "csrf_token": quinn.get("/api/me").json["csrf_token"], "persona": PERSONA,
        "element": "map", "body": "a viewer"}).status_code == 403
    with open_store(postgres_url).session() as s:
        kinds = sorted(n.kind for n in s.scalars(select(Notification)))
    assert kinds == ["assignment", "mention"]
    services = make_services(config)
    outcome = RunOutcome("run-on-postgres", "journeymap", "success", datetime(2026, 7, 1),
                         None, (CheckOutcome("touchpoints", "touchpoints_schema", True),))
    assert report_run(services, outcome) is not None
    assert report_run(services, outcome) is None  # once per run
    with services.store.session() as s:
        assert s.scalar(select(RunReport.run_id)) == "run-on-postgres"
    services.store.engine.dispose()
