"""Digests of saved views: a saved view, with all its filters, mailed to its owner every day or
week: the filters and the view's headline figures in the text, a link that opens the view, and
a picture of the view (rendered as the owner, so it shows what their page shows).

`send_due_digests` sends what is due; `journeymap digest` runs it, and the pipeline's daily
digest schedule runs that command's function (`pipelines.sensors`). It starts the workspace on a
loopback port for the time of the pictures when it is not already running (the "Send now"
button passes the running app's own address).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from dashboards.access import Access, Forbidden
from dashboards.auth import SESSION_COOKIE
from dashboards.collab.accounts import end_session, start_session
from dashboards.collab.models import SavedView, User, now
from dashboards.collab.notify import Attachment, send_email
from dashboards.collab.views import due_views
from dashboards.config import WorkspaceConfig
from dashboards.pages import View
from dashboards.pages.explorer import read_filter
from dashboards.pages.persona import chosen_persona
from dashboards.queries import explorer_data, personas
from dashboards.reader import SnapshotReader
from dashboards.render import Visitor, render_view
from dashboards.services import Services, make_services
from dashboards.urlstate import parse
from journeymap.errors import JourneymapError
from maps.render_data import load_persona
from maps.render_format import fmt_count, fmt_rate, humanise_seconds
from maps.render_html import persona_kpis

log = logging.getLogger(__name__)
FILTER_WORDS = {"persona": "persona", "period": "month of journey start",
                "channel": "journeys that touched", "min_share": "edges hidden under",
                "top": "variants listed", "personas": "personas", "before": "month before",
                "after": "month after", "as_of": "as of snapshot"}


@dataclass(frozen=True)
class Sent:
    """A digest that went out."""

    view: str
    to: str
    picture: bool


def filters_text(path: str) -> str:
    """The view's page and filters in words ('/explorer · persona b2b, month …')."""
    page, _, search = path.partition("?")
    state = parse(search)
    words = [f"{FILTER_WORDS.get(k, k)} {v}" for k, v in state.items() if k != "present"]
    return f"{page} · " + (", ".join(words) if words else "no filters")


def explorer_lines(view: View) -> list[str]:
    f = read_filter(view, chosen_persona(view))
    data = explorer_data(view.con, f)
    if not data.has_observed:
        return ["No journey matches these filters."]
    summary = data.first("summary")
    lines = [f"{fmt_count(summary['journeys'])} journeys, {fmt_count(summary['variants'])} "
             f"variants, median duration {humanise_seconds(summary['median_duration_seconds'])}."]
    lines += [f"#{int(r['rank'])} {' → '.join(map(str, r['touchpoints']))}: "
              f"{fmt_count(r['count'])} journeys ({float(r['share']):.1%})"
              for r in data["variants"].head(min(f.top, 5)).to_dict("records")]
    return lines


def persona_lines(view: View) -> list[str]:
    persona = chosen_persona(view)
    if persona is None:
        return ["The snapshot holds no persona yet."]
    kpis = persona_kpis(load_persona(view.con, persona))
    return [f"{persona}: " + "; ".join(f"{k.label} {k.value}" for k in kpis) + "."]


def overview_lines(view: View) -> list[str]:
    lines = []
    for data in personas(view.con, view.personas()):
        overlay = data.first("overlay")
        journeys = overlay.get("journeys", data.first("summary").get("journeys"))
        conversion = f", conversion {fmt_rate(overlay['conversion_rate'])}" if overlay else ""
        lines.append(f"{data.persona}: {fmt_count(journeys)} journeys{conversion}.")
    return lines


def view_lines(reader: SnapshotReader, services: Services, path: str,
               access: Access) -> list[str]:
    """The headline figures of the view at `path`, as the user `access` may read them."""
    page, _, search = path.partition("?")
    state = parse(search)
    try:
        with reader.cursor(state.get("as_of")) as (snapshot, con):
            view = View(con, snapshot, state, access, services, reader.snapshots_dir)
            lines = explorer_lines(view) if page == "/explorer" else \
                overview_lines(view) if page == "/" else persona_lines(view)
            return [f"Snapshot {snapshot}."] + lines
    except Forbidden as refusal:
        return [str(refusal)]
    except JourneymapError as error:
        return [f"No results to show: {error}"]


@contextmanager
def signed_in(services: Services, user: User) -> Iterator[Visitor]:
    """A login session of the user for the time of a picture, ended afterwards."""
    with services.store.session() as s:
        token = start_session(s, s.get(User, user.id))
    try:
        yield Visitor(cookies={SESSION_COOKIE: token})
    finally:
        with services.store.session() as s:
            end_session(s, token)


def picture(services: Services, base_url: str | None, path: str,
            user: User) -> Attachment | None:
    """The view as a PNG taken as its owner; None (logged) when Chromium cannot draw it."""
    if not base_url:
        return None
    try:
        with signed_in(services, user) as visitor:
            png = render_view(base_url, path, "png", visitor)
    except (JourneymapError, OSError, RuntimeError) as error:
        log.warning("no picture of %s for the digest: %s", path, error)
        return None
    return Attachment("view.png", png)


def send_digest(services: Services, view_id: int, user_id: int,
                base_url: str | None = None, at: datetime | None = None) -> Sent:
    """Mail one saved view to its owner now, and note when."""
    config = services.config
    if not config.smtp_host:
        raise JourneymapError("digests are sent by email: set JOURNEYMAP_SMTP_HOST")
    with services.store.session() as s:
        view, user = s.get(SavedView, view_id), s.get(User, user_id)
        if view is None or user is None or view.user_id != user.id:
            raise JourneymapError(f"no saved view {view_id} of user {user_id}")
    access = Access(user.id, user.name, services.roles_of(user.id))
    reader = SnapshotReader(config.snapshots_dir)
    try:
        lines = view_lines(reader, services, view.path, access)
    finally:
        reader.close()
    attachment = picture(services, base_url, view.path, user)
    text = "\n".join([
        f"Your {'' if view.digest == 'none' else view.digest + ' '}journeymap digest: "
        f"{view.name}",
        f"Filters: {filters_text(view.path)}", "", *lines, "",
        f"Open the view: {config.public_url}{view.path}",
        "" if attachment else "(No picture: the view could not be rendered this time.)",
        f"Change or stop this digest: {config.public_url}/views"])
    send_email(services.delivery, user.email, f"journeymap digest: {view.name}", text,
               (attachment,) if attachment else ())
    with services.store.session() as s:
        s.get(SavedView, view_id).last_sent_at = at or now()
    return Sent(view.name, user.email, attachment is not None)


def send_due_digests(config: WorkspaceConfig, at: datetime | None = None,
                     pictures: bool = True) -> list[Sent]:
    """Send every digest that is due at `at` (UTC); with `pictures`, the workspace is started
    on a free loopback port to render them."""
    from dashboards import build_workspace
    from dashboards.server import start_in_thread

    services = make_services(config)
    with services.store.session() as s:
        due = [(v.id, u.id) for v, u in due_views(s, at)]
    if not due:
        return []
    running = start_in_thread(build_workspace(config)) if pictures else None
    try:
        return [send_digest(services, view_id, user_id, running.url if running else None, at)
                for view_id, user_id in due]
    finally:
        if running is not None:
            running.stop()

