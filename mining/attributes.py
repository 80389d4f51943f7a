"""Customer attributes for persona rules: first touch plus the latest value of each trait.

`customer_attributes` (a temp table) has one row per customer: the first-touch columns
(`first_touchpoint`, `first_channel`, `first_source`, `first_campaign`, and the extent
`first_seen`, `last_seen`, `touchpoint_events`) and one column per trait name: the canonical ones
connectors write (`company`, `country`, `plan`, ...) always, empty in stores without traits, and
any other snake_case trait name found in the store.
"""

from __future__ import annotations

import re

import duckdb

from journeymap.sql import query
from mining.catalog import existing_relations

FIRST_TOUCH = ("first_touchpoint", "first_channel", "first_source", "first_campaign")
EXTENT = ("first_seen", "last_seen", "touchpoint_events")
CANONICAL_TRAITS = ("company", "country", "plan", "lifecycle_stage", "original_source",
                    "industry", "lead_source")
RESERVED = frozenset(("customer_id", "persona", "persona_rule", "rule_index", *FIRST_TOUCH,
                      *EXTENT))
# A trait name becomes a column only when it is a plain snake_case identifier: that is what lets
# a rule name it in SQL without quoting surprises, and keeps anything else out of the statement.
ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")


def is_attribute_name(name: str) -> bool:
    """Whether `name` is shaped like an attribute (snake_case identifier, at most 63 chars)."""
    return ATTRIBUTE_NAME.fullmatch(name) is not None


def _trait_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    if existing_relations(con, "traits", "identities") == {"traits", "identities"}:
        con.execute(query("mining", "attributes.sql", "latest_traits"))
    else:
        con.execute(query("mining", "attributes.sql", "no_traits"))
    found = [name for (name,) in con.execute(query("mining", "attributes.sql",
                                                   "trait_names")).fetchall()]
    usable = {name for name in found if is_attribute_name(name) and name not in RESERVED}
    return sorted(usable | set(CANONICAL_TRAITS))


def build_customer_attributes(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """Create the `customer_attributes` temp table; return the attributes rules may test.

    Needs the `journey_events` view. Traits come from `traits` ⋈ `identities` when both exist
    (latest value per name and customer); older stores get the canonical trait columns, empty.
    """
    con.execute(query("mining", "attributes.sql", "first_touch"))
    traits = _trait_names(con)
    # Column names are validated identifiers (above); the trait names they match are bound.
    pivot = ", ".join(f'max(CASE WHEN name = ? THEN value END) AS "{name}"' for name in traits)
    picked = ", ".join(f'p."{name}"' for name in traits)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE customer_attributes AS "
        f"SELECT f.*, {picked} FROM first_touch_attributes f "
        f"LEFT JOIN (SELECT customer_id, {pivot} FROM latest_traits GROUP BY customer_id) p "
        f"USING (customer_id)", traits)
    return (*FIRST_TOUCH, *traits)
