"""Run reports: what a finished pipeline run tells the team, in the app, by email and on the
webhook: its asset-check results and the drift of its snapshot against the previous one.

Asset checks never fail a Dagster run, so nobody would hear of a failed check from a
run-failure alert. The pipeline's sensor (`pipelines.sensors`) reads each finished run's check
evaluations and calls `report_run` with them as plain data; everything else happens here, so it
is tested without Dagster. Reporting a run twice changes nothing (runs are keyed by id).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from dashboards.collab.activity import record
from dashboards.collab.models import RunReport, User
from dashboards.collab.notify import announce, notify
from dashboards.drift import PersonaDrift, snapshot_drift
from dashboards.services import Services
from dashboards.urlstate import href


@dataclass(frozen=True)
class CheckOutcome:
    """One asset check's result in a run."""

    asset: str
    check: str
    passed: bool
    severity: str = "ERROR"  # or WARN
    description: str = ""
    details: dict[str, str] = field(default_factory=dict)  # the check's metadata, as text

    def sentence(self) -> str:
        facts = ", ".join(f"{k} {v}" for k, v in self.details.items())
        verdict = "passed" if self.passed else ("warns" if self.severity == "WARN" else "failed")
        return f"{self.check} on {self.asset} {verdict}" + (f" ({facts})" if facts else "")


@dataclass(frozen=True)
class RunOutcome:
    """A finished run: its id, job, how it ended, when (UTC), its snapshot and its checks."""

    run_id: str
    job: str
    status: str  # success or failure
    finished_at: datetime
    snapshot: str | None = None  # the snapshot's file name, when the run published one
    checks: tuple[CheckOutcome, ...] = ()


@dataclass(frozen=True)
class Report:
    """What was sent about a run."""

    outcome: RunOutcome
    drift: list[PersonaDrift]
    problems: list[str]

    @property
    def title(self) -> str:
        failed = sum(not c.passed for c in self.outcome.checks)
        checks = f"{len(self.outcome.checks) - failed} of {len(self.outcome.checks)} checks passed"
        return f"Run {self.outcome.run_id[:8]} {self.outcome.status}: {checks}"

    def text(self) -> str:
        lines = [self.title + "."]
        lines += [f"Problem: {p}." for p in self.problems]
        lines += [f"{d.persona}: {d.sentence()}." for d in self.drift]
        return " ".join(lines)

    @property
    def link(self) -> str:
        return href("/", {"as_of": self.outcome.snapshot})


def problems_of(outcome: RunOutcome, drift: list[PersonaDrift], max_drop: float) -> list[str]:
    """Failed checks, a failed run, and personas whose conversion or fitness fell too far."""
    found = [c.sentence() for c in outcome.checks if not c.passed]
    if outcome.status != "success":
        found.append(f"the run ended with {outcome.status}")
    found += [f"{d.persona} fell more than {100 * max_drop:.0f} points since the previous run"
              for d in drift if d.dropped(max_drop)]
    return found


def wants(user: User, report: Report) -> bool:
    """Whether the user asked to hear of this run (their `run_alerts`)."""
    return user.run_alerts == "all" or (user.run_alerts == "problems" and bool(report.problems))


def report_run(services: Services, outcome: RunOutcome) -> Report | None:
    """Record a finished run once, add it to each map's feed, notify the users who asked for
    it, and post it to the webhook; None when the run was reported before."""
    config = services.config
    snapshot_ok = outcome.snapshot and (Path(config.snapshots_dir) / outcome.snapshot).is_file()
    drift = snapshot_drift(config.snapshots_dir, outcome.snapshot) if snapshot_ok else []
    report = Report(outcome, drift, problems_of(outcome, drift, config.max_run_drop))
    with services.store.session() as s:
        if s.scalar(select(RunReport).where(RunReport.run_id == outcome.run_id)):
            return None
        s.add(RunReport(run_id=outcome.run_id, job=outcome.job, status=outcome.status,
                        finished_at=outcome.finished_at, snapshot=outcome.snapshot,
                        checks=json.dumps([asdict(c) for c in outcome.checks]),
                        drift=json.dumps([d.as_dict() for d in drift])))
        for d in drift:
            record(s, d.persona, None, "run", f"{report.title}; {d.sentence()}",
                   href("/journey", {"persona": d.persona, "as_of": outcome.snapshot}))
        for user in s.scalars(select(User).where(User.disabled.is_(False))):
            if wants(user, report):
                notify(s, services.delivery, user, "run", report.text(), report.link,
                       webhook=False)
    announce(services.delivery, report.text(), report.link)
    return report


@dataclass(frozen=True)
class ShownRun:
    """The latest run report as the overview shows it."""

    run_id: str
    status: str
    finished_at: str
    snapshot: str | None
    checks: list[CheckOutcome]


def run_of_snapshot(services: Services, snapshot: str) -> ShownRun | None:
    """The report of the run that published `snapshot` (None: published outside Dagster, or
    not reported yet)."""
    with services.store.session() as s:
        row = s.scalar(select(RunReport).where(RunReport.snapshot == snapshot)
                       .order_by(RunReport.id.desc()).limit(1))
        if row is None:
            return None
        checks = [CheckOutcome(**c) for c in json.loads(row.checks)]
        return ShownRun(row.run_id, row.status, row.finished_at.strftime("%Y-%m-%d %H:%M UTC"),
                        row.snapshot, checks)
