"""Designed maps: the journey a team intends for a persona, kept as YAML and validated.

A designed map has ordered stages. A stage holds steps in sequence, or in any order
(`order: any`). A step happens at one touchpoint or at any of several (`touchpoints: [...]`), with
the customer's action, goal and expectation, the designed emotion (-2..+2), pain points,
opportunities, KPIs and a target time from the previous step. A step may be `optional` or
`repeatable`; an `one_of` block offers alternative steps. An invalid map is refused with the path
to the bad field (see `schema()` for the published JSON Schema).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from journeymap.errors import JourneymapError, invalid_input
from mining.funnel import Funnel
from mining.funnel import Stage as FunnelStage


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DesignedStep(_Strict):
    """One thing the customer is meant to do, at one of its touchpoints."""

    name: str = Field(min_length=1)
    touchpoint: str | None = Field(None, min_length=1, description="the touchpoint of the step")
    touchpoints: list[str] = Field(default_factory=list,
                                   description="several touchpoints, any of which is the step")
    channel: str = Field(min_length=1)
    action: str = Field("", description="what the customer does")
    customer_goal: str = Field("", description="what the customer wants at this step")
    expectation: str = Field("", description="what the customer expects to happen")
    emotion: int = Field(0, ge=-2, le=2,
                         description="designed emotion, -2 (angry) .. +2 (delighted)")
    pain_points: list[str] = Field(default_factory=list)
    opportunities: list[str] = Field(default_factory=list)
    kpis: list[str] = Field(default_factory=list)
    target_hours: float | None = Field(None, gt=0, description="longest intended wait after the "
                                                               "previous step, in hours")
    optional: bool = False
    repeatable: bool = False

    @model_validator(mode="after")
    def _one_touchpoint_field(self) -> DesignedStep:
        if bool(self.touchpoint) == bool(self.touchpoints):
            raise ValueError("give either 'touchpoint' or a non-empty 'touchpoints' list")
        return self

    def all_touchpoints(self) -> list[str]:
        return [self.touchpoint] if self.touchpoint else list(self.touchpoints)


class Alternatives(_Strict):
    """A choice: the customer takes one of these steps (e.g. pays by card or by invoice)."""

    name: str = Field(min_length=1)
    one_of: list[DesignedStep] = Field(min_length=2)
    optional: bool = False


def _item_kind(item: object) -> str:
    fields = item if isinstance(item, dict) else vars(item)
    return "alternatives" if "one_of" in fields else "designed_step"


UNION_TAGS = frozenset({"designed_step", "alternatives"})  # pydantic's names, not fields
StageItem = Annotated[
    Annotated[DesignedStep, Tag("designed_step")] | Annotated[Alternatives, Tag("alternatives")],
    Discriminator(_item_kind),
]


class Stage(_Strict):
    name: str = Field(min_length=1)
    order: Literal["sequence", "any"] = Field("sequence", description="'any': the stage's steps "
                                                                     "may happen in any order")
    steps: list[StageItem] = Field(min_length=1)


class DesignedMap(_Strict):
    name: str = Field(min_length=1)
    persona: str | None = Field(None, min_length=1)
    personas: list[str] = Field(default_factory=list)
    goal: str = Field(min_length=1, description="the touchpoint that means the journey succeeded")
    owner: str = ""
    version: int = Field(1, ge=1)
    description: str = ""
    stages: list[Stage] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> DesignedMap:
        if not self.persona and not self.personas:
            raise ValueError("name the persona ('persona') or personas ('personas')")
        if self.goal not in {tp for step in self.steps() for tp in step.touchpoints}:
            raise ValueError(f"goal {self.goal!r} is not the touchpoint of any step")
        return self

    def persona_names(self) -> list[str]:
        """The personas this map is designed for."""
        return list(dict.fromkeys(([self.persona] if self.persona else []) + self.personas))

    def steps(self) -> list[FlatStep]:
        """The designed steps in order; an alternatives block counts as one step."""
        return list(_flatten(self))


@dataclass(frozen=True)
class FlatStep:
    """A designed step as conformance sees it: an index, its stage, and the touchpoints that
    count as doing it (an alternatives block gives the union of its options)."""

    index: int
    stage_index: int
    stage: str
    name: str
    touchpoints: tuple[str, ...]
    channel: str
    emotion: int
    target_hours: float | None
    optional: bool
    repeatable: bool
    order_rank: int  # steps of an any-order stage share a rank
    options: tuple[DesignedStep, ...]  # the alternatives, or the step itself


def _flatten(designed: DesignedMap) -> Iterator[FlatStep]:
    index = rank = 0
    for stage_index, stage in enumerate(designed.stages, start=1):
        if stage.order == "any":
            rank += 1
        for item in stage.steps:
            index += 1
            if stage.order == "sequence":
                rank += 1
            options = tuple(item.one_of) if isinstance(item, Alternatives) else (item,)
            first = options[0]
            touchpoints = tuple(dict.fromkeys(tp for o in options for tp in o.all_touchpoints()))
            yield FlatStep(
                index=index, stage_index=stage_index, stage=stage.name, name=item.name,
                touchpoints=touchpoints, channel=first.channel,
                emotion=round(sum(o.emotion for o in options) / len(options)),
                target_hours=first.target_hours,
                optional=item.optional or all(o.optional for o in options),
                repeatable=all(o.repeatable for o in options),
                order_rank=rank, options=options)


def funnel_of(designed: DesignedMap) -> Funnel:
    """What mining needs for the observed funnel: the goal, and each designed touchpoint in the
    first stage where the map uses it."""
    seen: set[str] = set()
    stages = []
    for index, stage in enumerate(designed.stages, start=1):
        touchpoints = [tp for step in designed.steps() if step.stage_index == index
                       for tp in step.touchpoints if tp not in seen]
        seen.update(touchpoints)
        if touchpoints:
            stages.append(FunnelStage(stage.name, tuple(dict.fromkeys(touchpoints))))
    return Funnel(goals=(designed.goal,), stages=tuple(stages))


def schema() -> dict:
    """The published JSON Schema of a designed map file."""
    document = DesignedMap.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "journeymap designed map"
    return document


def write_schema(path: str | Path) -> Path:
    """Write the JSON Schema next to the maps (for editors that validate YAML against it)."""
    path = Path(path)
    path.write_text(json.dumps(schema(), indent=2) + "\n")
    return path


def parse_designed_map(data: object, source: str = "(map)") -> DesignedMap:
    """Validate a designed map already read from YAML/JSON; errors name the bad field."""
    try:
        return DesignedMap.model_validate(data or {})
    except ValidationError as exc:
        raise invalid_input(exc, source, hidden=UNION_TAGS) from exc


def load_designed_map(path: str | Path) -> DesignedMap:
    """Read and validate one designed map; errors name the file and the path to the bad field."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError as exc:
        raise JourneymapError("designed map not found", file=str(path)) from exc
    except yaml.YAMLError as exc:
        raise JourneymapError(f"not valid YAML: {exc}", file=str(path)) from exc
    return parse_designed_map(data, str(path))


def load_designed_maps(folder: str | Path) -> dict[str, DesignedMap]:
    """Every designed map in a folder (*.yaml, *.yml), by persona; one map per persona."""
    folder = Path(folder)
    if not folder.is_dir():
        raise JourneymapError("designed maps folder not found", file=str(folder))
    maps: dict[str, DesignedMap] = {}
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        designed = load_designed_map(path)
        for persona in designed.persona_names():
            if persona in maps:
                raise JourneymapError(f"a second designed map for persona {persona!r}",
                                      file=str(path), field="persona")
            maps[persona] = designed
    return maps
