"""Designed maps: the journey a team intends for a persona, kept as YAML and validated.

A designed map has ordered stages; each stage has steps at touchpoints, with the customer's
action, the designed emotion (-2..+2), pain points, opportunities, KPIs and an optional target
time from the previous step. An invalid map is refused with the path to the bad field.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from journeymap.errors import JourneymapError


class DesignedStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    touchpoint: str = Field(min_length=1)
    channel: str = Field(min_length=1)
    action: str = ""
    customer_goal: str = ""
    emotion: int = Field(0, ge=-2, le=2)
    pain_points: list[str] = []
    opportunities: list[str] = []
    kpis: list[str] = []
    target_hours: float | None = Field(None, gt=0)
    optional: bool = False


class Stage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    steps: list[DesignedStep] = Field(min_length=1)


class DesignedMap(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    persona: str = Field(min_length=1)
    goal: str = Field(min_length=1, description="the touchpoint that means the journey succeeded")
    owner: str = ""
    version: int = Field(1, ge=1)
    description: str = ""
    stages: list[Stage] = Field(min_length=1)

    @model_validator(mode="after")
    def _goal_is_a_step(self) -> DesignedMap:
        if self.goal not in {s.touchpoint for s in self.steps()}:
            raise ValueError(f"goal {self.goal!r} is not the touchpoint of any step")
        return self

    def steps(self) -> list[DesignedStep]:
        """All steps in designed order."""
        return [step for stage in self.stages for step in stage.steps]

    def step_rows(self) -> list[tuple]:
        """(persona, step_index, stage_index, stage, step, touchpoint, channel, emotion,
        target_hours, optional) per step, 1-based, for the conformance SQL."""
        rows, index = [], 0
        for stage_index, stage in enumerate(self.stages, start=1):
            for step in stage.steps:
                index += 1
                rows.append((self.persona, index, stage_index, stage.name, step.name,
                             step.touchpoint, step.channel, step.emotion, step.target_hours,
                             step.optional))
        return rows


def load_designed_map(path: str | Path) -> DesignedMap:
    """Read and validate one designed map; errors name the file and the path to the bad field."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError as exc:
        raise JourneymapError("designed map not found", file=str(path)) from exc
    except yaml.YAMLError as exc:
        raise JourneymapError(f"not valid YAML: {exc}", file=str(path)) from exc
    try:
        return DesignedMap.model_validate(data or {})
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or "(map)"
        raise JourneymapError(error["msg"], file=str(path), field=field) from exc


def load_designed_maps(folder: str | Path) -> dict[str, DesignedMap]:
    """Every designed map in a folder (*.yaml, *.yml), by persona; one map per persona."""
    folder = Path(folder)
    if not folder.is_dir():
        raise JourneymapError("designed maps folder not found", file=str(folder))
    maps: dict[str, DesignedMap] = {}
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        designed = load_designed_map(path)
        if designed.persona in maps:
            raise JourneymapError(f"a second designed map for persona {designed.persona!r}",
                                  file=str(path), field="persona")
        maps[designed.persona] = designed
    return maps
