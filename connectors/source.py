"""What a source declaration is: a tool's export declared as data plus a small SQL mapping.

A module in `connectors/sources/` holds one `SOURCE = Source(...)` and a SQL file of the same
name with named queries over the relation `raw` (one row per record, `source_row` = its 1-based
number in the file, one column per CSV header or declared JSON field). Each query is optional:

- `-- name: touchpoints` one row per touchpoint event, columns `TOUCHPOINT_COLUMNS` (plus any of
  `TOUCHPOINT_EXTRAS`); a record may give zero, one or many touchpoints;
- `-- name: edges` `EDGE_COLUMNS`: pairs of identifiers the export says are one person;
- `-- name: traits` `TRAIT_COLUMNS`: customer attributes (snake_case names);
- `-- name: metrics` `METRIC_COLUMNS`: aggregate figures for `channel_metrics`;
- `-- name: problems` `PROBLEM_COLUMNS`: source-specific reasons to quarantine a record.

A query may leave out the columns `DEFAULTS` has a rule for: the loader types `timestamp_raw`
with `utc_time`/`time_precision` (macros.sql), `day_raw` with `local_day`, `value_raw` with
`metric_value`, and sets the rest to NULL. Bound parameters a query may use: `$timezone` (the
file's zone for wall-clock times) and, for the generic source, `$identifier` (the kind of
identifier in its case column).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from journeymap.sql import named_queries

TOUCHPOINT_COLUMNS = (
    "source_row",
    "timestamp_field",  # the export's column the time came from (named in errors)
    "timestamp_raw",  # the text as exported, kept for the quarantine message
    "occurred_at",  # TIMESTAMPTZ, NULL when the text does not parse
    "timestamp_precision",
    "vendor_event",
    "default_touchpoint",  # used when vocabulary.yaml has no entry for vendor_event
    "identifier_field",
    "identifier_key",
    "click_id",
    "campaign",
    "event_key",  # the vendor's event id, NULL to dedupe on the record's content
)
TOUCHPOINT_EXTRAS = ("utm_source", "utm_medium")
EDGE_COLUMNS = ("source_row", "left_key", "right_key")
TRAIT_COLUMNS = ("source_row", "identifier_key", "name", "value", "observed_at")
METRIC_COLUMNS = ("source_row", "day_field", "day_raw", "day", "campaign", "item_id",
                  "item_name", "metric", "value_raw", "value")
PROBLEM_COLUMNS = ("source_row", "field", "reason")
DEFAULTS = {
    "touchpoints": {"occurred_at": "utc_time(timestamp_raw, $timezone)",
                    "timestamp_precision": "time_precision(timestamp_raw)",
                    "click_id": "NULL::VARCHAR", "campaign": "NULL::VARCHAR",
                    "event_key": "NULL::VARCHAR", "utm_source": "NULL::VARCHAR",
                    "utm_medium": "NULL::VARCHAR"},
    "traits": {"observed_at": "NULL::TIMESTAMPTZ"},
    "metrics": {"day": "local_day(day_raw, $timezone)", "value": "metric_value(value_raw)",
                "campaign": "NULL::VARCHAR", "item_name": "NULL::VARCHAR"},
}
OUTPUTS = {"touchpoints": TOUCHPOINT_COLUMNS, "edges": EDGE_COLUMNS, "traits": TRAIT_COLUMNS,
           "metrics": METRIC_COLUMNS, "problems": PROBLEM_COLUMNS}

Format = Literal["csv", "json", "parquet", "xes"]  # of the files an export may come as


@dataclass(frozen=True)
class Source:
    """One export of one tool: how to recognise it and which SQL maps it.

    `name` is the declaration (unique: `hubspot_deals`); `source` is the tool in the glossary's
    sense (`hubspot`), written to `touchpoints.source`. `signatures`: any one set of header
    columns (CSV) or JSON keys (dotted for nested ones) identifies the export. `columns`: for
    JSON the fields read and their DuckDB types; for CSV optional columns the SQL may use,
    added as NULL when a file lacks them. `channel_from_settings`: a file's `channel:` setting
    overrides `channel` (the generic source).
    """

    name: str
    source: str
    channel: str
    formats: tuple[Format, ...]
    signatures: tuple[frozenset[str], ...]
    description: str
    columns: dict[str, str] = field(default_factory=dict)
    channel_from_settings: bool = False

    @property
    def queries(self) -> dict[str, str]:
        """The named queries of the declaration's SQL file."""
        return named_queries("connectors.sources", f"{self.name}.sql")

    def matches(self, fields: set[str]) -> bool:
        """Whether a file with these header columns or JSON keys is an export of this kind."""
        return any(signature <= fields for signature in self.signatures)

    def specificity(self, fields: set[str]) -> int:
        """Size of the largest signature the fields satisfy (the most specific match wins)."""
        return max((len(s) for s in self.signatures if s <= fields), default=0)


def signature(*names: str) -> frozenset[str]:
    """A set of header columns or JSON keys that together identify an export."""
    return frozenset(names)
