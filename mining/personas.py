"""Personas: ordered rules over customer attributes, evaluated in SQL; first match wins.

A rules file looks like::

    fallback: unassigned
    personas:
      - name: b2b_evaluator
        when: {first_campaign: {starts_with: "B2B"}, country: {in: [DE, AT, CH]}}
      - name: bargain_hunter
        when: {first_touchpoint: {equals: ad_clicked}}
    journeys:                      # optional: cut a customer's history into several journeys
      inactivity: 30 days
      after: [deal_won]

Attributes are the customer's first touch (`first_touchpoint`, `first_channel`, `first_source`,
`first_campaign`) and the latest value of each trait (`company`, `country`, `plan`,
`lifecycle_stage`, `original_source`, `industry`, `lead_source`, and any other snake_case trait
in the store). All conditions of a rule must hold; two rules with the same name make an "or".
Every customer gets exactly one persona (the fallback when no rule matches); `persona_rule` and
`rule_index` record which rule assigned it (0 for the fallback).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from journeymap.errors import JourneymapError, invalid_input
from journeymap.sql import insert_rows
from mining.attributes import build_customer_attributes, is_attribute_name
from mining.journeys import JourneySplit, build_journey_events, build_journeys

Scalar = str | int | float | bool


def _text(value: Scalar) -> str:
    """Attributes are text: YAML's 3 or true compare as '3' and 'true'."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _placeholders(values: list[Any]) -> str:
    return ", ".join("?" for _ in values)


# Each test: (SQL with {col} for the quoted attribute, how the YAML value becomes bound params).
OPERATORS: dict[str, tuple[str, Any]] = {
    "equals": ("{col} = ?", lambda v: [_text(v)]),
    "not_equals": ("{col} IS DISTINCT FROM ?", lambda v: [_text(v)]),
    "in": ("{col} IN ({marks})", lambda v: [_text(x) for x in v]),
    "not_in": ("({col} IS NULL OR {col} NOT IN ({marks}))", lambda v: [_text(x) for x in v]),
    "starts_with": ("starts_with({col}, ?)", lambda v: [_text(v)]),
    "ends_with": ("ends_with({col}, ?)", lambda v: [_text(v)]),
    "contains": ("contains({col}, ?)", lambda v: [_text(v)]),
    "matches": ("regexp_matches({col}, ?)", lambda v: [_text(v)]),
    "exists": ("({col} IS NOT NULL) = ?", lambda v: [v]),
}
_LISTS = ("in", "not_in")


def _check_value(op: str, value: Any) -> None:
    if op in _LISTS:
        if not isinstance(value, list) or not value or not all(
                isinstance(x, Scalar) for x in value):
            raise ValueError(f"{op!r} needs a non-empty list of values")
    elif op == "exists":
        if not isinstance(value, bool):
            raise ValueError("'exists' needs true or false")
    elif not isinstance(value, Scalar):
        raise ValueError(f"{op!r} needs one value, not {type(value).__name__}")
    if op == "matches":
        try:
            re.compile(str(value))
        except re.error as exc:
            raise ValueError(f"'matches' needs a regular expression: {exc}") from exc


class PersonaRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    description: str = ""
    when: dict[str, dict[str, Any]]

    @field_validator("when")
    @classmethod
    def _known(cls, when: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        for attribute, tests in when.items():
            if not is_attribute_name(attribute):
                raise ValueError(f"attribute {attribute!r} is not a snake_case attribute name")
            if not tests:
                raise ValueError(f"attribute {attribute!r} has no test; known: {list(OPERATORS)}")
            for op, value in tests.items():
                if op not in OPERATORS:
                    raise ValueError(f"unknown test {op!r}; known: {list(OPERATORS)}")
                _check_value(op, value)
        return when

    def condition(self) -> tuple[str, list[Any]]:
        """The rule as one SQL condition over `customer_attributes`, with its bound values."""
        parts, params = [], []
        for attribute, tests in self.when.items():
            for op, value in tests.items():
                template, bind = OPERATORS[op]
                values = bind(value)
                # attribute passed is_attribute_name and is checked against existing columns.
                parts.append(template.format(col=f'"{attribute}"', marks=_placeholders(values)))
                params.extend(values)
        return " AND ".join(parts) or "TRUE", params


class PersonaRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fallback: str = Field(default="unassigned", min_length=1)
    personas: list[PersonaRule]
    journeys: JourneySplit = Field(default_factory=JourneySplit)
    _source: str | None = PrivateAttr(default=None)


def load_persona_rules(path: str | Path) -> PersonaRules:
    """Read and validate a persona rules file; errors name the file and the bad field."""
    path = Path(path)
    try:
        rules = PersonaRules.model_validate(yaml.safe_load(path.read_text()) or {})
    except FileNotFoundError as exc:
        raise JourneymapError("persona rules file not found", file=str(path)) from exc
    except yaml.YAMLError as exc:
        raise JourneymapError(f"not valid YAML: {exc}", file=str(path)) from exc
    except ValidationError as exc:
        raise invalid_input(exc, str(path)) from exc
    rules._source = str(path)
    return rules


def _check_attributes(rules: PersonaRules, known: tuple[str, ...]) -> None:
    for index, rule in enumerate(rules.personas):
        for attribute in rule.when:
            if attribute not in known:
                raise JourneymapError(
                    f"unknown attribute {attribute!r}: neither a first-touch attribute nor a "
                    f"trait in the store; known: {list(known)}",
                    file=rules._source, field=f"personas.{index}.when.{attribute}")


def _write_customers(con: duckdb.DuckDBPyConnection, rules: PersonaRules) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE persona_rules "
                "(rule_index INTEGER, persona VARCHAR, rule VARCHAR)")
    insert_rows(con, "persona_rules",
                [(i, r.name, yaml.safe_dump(r.when, default_flow_style=True).strip())
                 for i, r in enumerate(rules.personas, start=1)]
                + [(0, rules.fallback, "fallback")])
    whens, params = [], []
    for index, rule in enumerate(rules.personas, start=1):
        condition, values = rule.condition()
        whens.append(f"WHEN {condition} THEN {index}")
        params.extend(values)
    case = f"CASE {' '.join(whens)} ELSE 0 END" if whens else "0"
    con.execute(
        "CREATE OR REPLACE TABLE customers AS "
        "SELECT a.*, r.persona, r.rule AS persona_rule "
        f"FROM (SELECT *, {case} AS rule_index FROM customer_attributes) a "
        "JOIN persona_rules r ON r.rule_index = a.rule_index", params)


def assign_personas(con: duckdb.DuckDBPyConnection, rules: PersonaRules,
                    split: JourneySplit | None = None) -> dict[str, int]:
    """Build `customers` (attributes, persona, the rule that assigned it) and the `journeys` view.

    `split` overrides the rules file's `journeys:` split rule. Returns customers per persona.
    An attribute that is neither first-touch nor a trait of the store is refused with the rule's
    field named.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        build_journey_events(con, split if split is not None else rules.journeys)
        _check_attributes(rules, build_customer_attributes(con))
        _write_customers(con, rules)
        build_journeys(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return dict(con.execute("SELECT persona, count(*) FROM customers GROUP BY 1 ORDER BY 1")
                .fetchall())
