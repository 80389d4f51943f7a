"""Drift since the previous run: each persona's headline figures in one snapshot against the
snapshot published before it (journeys, conversion, fitness). The overview shows it beside
each persona, and the run reports (`dashboards.runs`) send it to the team."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from dashboards.queries import personas
from dashboards.snapshots import list_snapshots
from maps.render_data import PersonaData


@dataclass(frozen=True)
class Figures:
    """A persona's headline figures in one snapshot (None: not measured there)."""

    journeys: int | None
    conversion: float | None  # 0..1
    fitness: float | None  # 0..1


@dataclass(frozen=True)
class PersonaDrift:
    persona: str
    before: Figures | None  # None: the persona is new in this run
    after: Figures

    def change(self, name: str) -> float | None:
        """How a figure moved (after - before), None when either is missing."""
        if self.before is None:
            return None
        a, b = getattr(self.after, name), getattr(self.before, name)
        return None if a is None or b is None else float(a) - float(b)

    def dropped(self, max_drop: float) -> bool:
        """Whether conversion or fitness fell by more than `max_drop` (0..1 points)."""
        return any((c := self.change(name)) is not None and c < -max_drop
                   for name in ("conversion", "fitness"))

    def sentence(self) -> str:
        """'conversion +1.2 pts, fitness -0.013, journeys +150' (or 'new')."""
        if self.before is None:
            return "new in this run"
        parts = []
        if (c := self.change("conversion")) is not None:
            parts.append(f"conversion {100 * c:+.1f} pts")
        if (c := self.change("fitness")) is not None:
            parts.append(f"fitness {c:+.3f}")
        if (c := self.change("journeys")) is not None:
            parts.append(f"journeys {int(c):+,}")
        return ", ".join(parts) or "no comparable figures"

    def as_dict(self) -> dict:
        return asdict(self)


def figures(data: PersonaData) -> Figures:
    overlay, fitness = data.first("overlay"), data.first("fitness")
    journeys = overlay.get("journeys", data.first("summary").get("journeys"))
    return Figures(
        journeys=int(journeys) if journeys is not None else None,
        conversion=float(overlay["conversion_rate"]) if overlay else None,
        fitness=float(fitness["fitness"]) if fitness.get("fitness") is not None else None)


def snapshot_figures(con: duckdb.DuckDBPyConnection) -> dict[str, Figures]:
    """Every persona's figures in one snapshot."""
    return {data.persona: figures(data) for data in personas(con)}


def drift(before: dict[str, Figures] | None, after: dict[str, Figures]) -> list[PersonaDrift]:
    """Each persona of `after` against `before` (None: no earlier snapshot, nothing drifts)."""
    if before is None:
        return []
    return [PersonaDrift(p, before.get(p), f) for p, f in sorted(after.items())]


def previous_snapshot(snapshots_dir: Path, name: str) -> Path | None:
    """The snapshot published just before the one named `name`, if any is still kept."""
    earlier = [p for p in list_snapshots(snapshots_dir) if p.name < name]
    return earlier[-1] if earlier else None


def read_figures(path: Path) -> dict[str, Figures]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return snapshot_figures(con)
    finally:
        con.close()


def snapshot_drift(snapshots_dir: Path, name: str) -> list[PersonaDrift]:
    """The drift of the snapshot `name` against the one before it (files opened read-only)."""
    path = Path(snapshots_dir) / Path(name).name
    before = previous_snapshot(snapshots_dir, path.name)
    return drift(read_figures(before) if before else None, read_figures(path))
