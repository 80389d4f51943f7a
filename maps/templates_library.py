"""The template library: ready designed maps for common business goals, to copy and adapt."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import yaml

from journeymap.errors import JourneymapError
from maps.designed import DesignedMap, parse_designed_map

PACKAGE = "maps.journey_templates"
PLACEHOLDER_PERSONA = "your_persona"


@dataclass(frozen=True)
class Template:
    """One template: its name (the file stem), and the designed map it holds."""

    name: str
    designed: DesignedMap

    def summary(self) -> dict:
        return {"template": self.name, "title": self.designed.name, "goal": self.designed.goal,
                "stages": [s.name for s in self.designed.stages],
                "steps": len(self.designed.steps()), "description": self.designed.description}


def templates() -> dict[str, Template]:
    """Every bundled template, by name."""
    found = {}
    for entry in sorted(files(PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            name = entry.name.removesuffix(".yaml")
            found[name] = Template(name, parse_designed_map(yaml.safe_load(entry.read_text()),
                                                            f"{PACKAGE}/{entry.name}"))
    return found


def new_designed_map(template: str, persona: str, out: str | Path) -> Path:
    """Write a copy of a template for a persona: the start of a team's own designed map."""
    available = templates()
    if template not in available:
        raise JourneymapError(f"unknown template {template!r}; available: {sorted(available)}")
    out = Path(out)
    if out.exists():
        raise JourneymapError("file exists already; choose another --out", file=str(out))
    data = yaml.safe_load(files(PACKAGE).joinpath(f"{template}.yaml").read_text())
    data["persona"] = persona
    data["version"] = 1
    parse_designed_map(data, str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# Designed map from the template {template!r}; edit it to fit your "
                   f"journey, then `journeymap validate {out.name}`.\n"
                   + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
    return out
