"""Personas: ordered rules over customer attributes, evaluated in SQL; first match wins.

A rules file looks like::

    fallback: unassigned
    personas:
      - name: b2b_evaluator
        when: {first_campaign: {starts_with: "B2B"}}
      - name: bargain_hunter
        when: {first_touchpoint: {equals: ad_clicked}}

All conditions of a rule must hold. Every customer gets exactly one persona (the fallback when no
rule matches) and `persona_rule` records which rule assigned it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from journeymap.errors import JourneymapError
from journeymap.sql import query

ATTRIBUTES = ("first_touchpoint", "first_channel", "first_source", "first_campaign")
OPERATORS = {
    "equals": "{col} = ?",
    "not_equals": "{col} IS DISTINCT FROM ?",
    "in": "list_contains(?, {col})",
    "starts_with": "starts_with({col}, ?)",
    "contains": "contains({col}, ?)",
}


class PersonaRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    description: str = ""
    when: dict[str, dict[str, Any]]

    @field_validator("when")
    @classmethod
    def _known(cls, when: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        for attribute, test in when.items():
            if attribute not in ATTRIBUTES:
                raise ValueError(f"unknown attribute {attribute!r}; known: {list(ATTRIBUTES)}")
            for op in test:
                if op not in OPERATORS:
                    raise ValueError(f"unknown test {op!r}; known: {list(OPERATORS)}")
        return when


class PersonaRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fallback: str = "unassigned"
    personas: list[PersonaRule]


def load_persona_rules(path: str | Path) -> PersonaRules:
    """Read and validate a persona rules file; errors name the file and the bad field."""
    path = Path(path)
    try:
        return PersonaRules.model_validate(yaml.safe_load(path.read_text()) or {})
    except FileNotFoundError as exc:
        raise JourneymapError("persona rules file not found", file=str(path)) from exc
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"])
        raise JourneymapError(error["msg"], file=str(path), field=field) from exc


def _condition(rule: PersonaRule) -> tuple[str, list[Any]]:
    parts, params = [], []
    for attribute, tests in rule.when.items():
        for op, value in tests.items():
            parts.append(OPERATORS[op].format(col=attribute))  # attribute is whitelisted
            params.append(list(value) if op == "in" else value)
    return " AND ".join(parts) or "TRUE", params


def assign_personas(con: duckdb.DuckDBPyConnection, rules: PersonaRules) -> dict[str, int]:
    """Build the `customers` table: attributes, persona and the rule that assigned it.

    Returns the number of customers per persona.
    """
    con.execute(query("mining", "journeys.sql", "journey_events"))
    con.execute(query("mining", "journeys.sql", "customer_attributes"))
    con.execute("CREATE OR REPLACE TEMP TABLE persona_rules "
                "(rule_index INTEGER, persona VARCHAR, rule VARCHAR)")
    con.executemany("INSERT INTO persona_rules VALUES (?, ?, ?)",
                    [(i, r.name, yaml.safe_dump(r.when, default_flow_style=True).strip())
                     for i, r in enumerate(rules.personas, start=1)]
                    + [(0, rules.fallback, "fallback")])
    whens, params = [], []
    for index, rule in enumerate(rules.personas, start=1):
        condition, values = _condition(rule)
        whens.append(f"WHEN {condition} THEN {index}")
        params.extend(values)
    case = f"CASE {' '.join(whens)} ELSE 0 END" if whens else "0"
    con.execute(
        "CREATE OR REPLACE TABLE customers AS "
        "SELECT a.*, r.persona, r.rule AS persona_rule "
        f"FROM (SELECT *, {case} AS rule_index FROM customer_attributes) a "
        "JOIN persona_rules r USING (rule_index)", params)
    con.execute(query("mining", "journeys.sql", "journeys"))
    return dict(con.execute("SELECT persona, count(*) FROM customers GROUP BY 1 ORDER BY 1")
                .fetchall())
