"""What a source declaration is: a tool's export declared as data plus a small SQL mapping.

A module in `connectors/sources/` holds one `SOURCE = Source(...)` and a SQL file of the same
name with named queries over the relation `raw` (one row per record, `source_row` = its 1-based
number in the file, one column per CSV header or declared JSON field). Each query is optional:

- `-- name: touchpoints` one row per touchpoint event, columns `TOUCHPOINT_COLUMNS` (plus any of
  `TOUCHPOINT_EXTRAS`); a record may give zero, one or many touchpoints;
- `-- name: edges` `EDGE_COLUMNS`: pairs of identifiers the export says are one person;
- `-- name: traits` `TRAIT_COLUMNS`: customer attributes (snake_case names);
- `-- name: metrics` `METRIC_COLUMNS`: aggregate figures for `channel_metrics`;
- `-- name: feedback` `FEEDBACK_COLUMNS`: survey answers, reviews and support conversations for
  the `feedback` table; an item with a person (`identifier_key`) also becomes a touchpoint event
  (its id is the item's `feedback_key`), one without stays channel-level feedback;
- `-- name: problems` `PROBLEM_COLUMNS`: source-specific reasons to quarantine a record.

A query may leave out the columns `DEFAULTS` has a rule for: the loader types `timestamp_raw`
with `utc_time`/`time_precision` (macros.sql), `day_raw` with `local_day`, `value_raw` with
`metric_value`, `score_raw` with `score_value`, and sets the rest to NULL. CSV exports also
offer `raw_cells` (one row per record and column: `source_row`, `question`, `answer`) and, for
exports with more than one header line (`header_rows`), `raw_header_rows` (`header_row` = 2, 3
... and the file's columns). Bound parameters a query may use: `$timezone` (the
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
TOUCHPOINT_EXTRAS = ("utm_source", "utm_medium", "score", "score_scale")
EDGE_COLUMNS = ("source_row", "left_key", "right_key")
TRAIT_COLUMNS = ("source_row", "identifier_key", "name", "value", "observed_at")
METRIC_COLUMNS = ("source_row", "day_field", "day_raw", "day", "campaign", "item_id",
                  "item_name", "metric", "value_raw", "value")
FEEDBACK_COLUMNS = (
    "source_row",
    "feedback_key",  # the vendor's id of the item (response, review, ticket, rating): dedupe key
    "kind",  # survey, review, support
    "vendor_event",  # named through vocabulary.yaml like a touchpoint's
    "default_touchpoint",
    "timestamp_field", "timestamp_raw", "occurred_at", "timestamp_precision",
    "identifier_field",
    "identifier_key",  # NULL: no person in the item (channel-level feedback), never guessed
    "campaign",  # the survey or form, when the export names it
    "score_field", "score_raw", "score",
    "score_scale",  # nps_0_10, csat_1_5, ces_1_7, stars_1_5, rating_1_5, good_bad (macros.sql)
    "comment",  # the customer's words as exported
    "language_hint",  # a language the export states (not detected)
    "about_step",  # the step the export says the item is about (trigger / hidden field)
    "subject",  # location, app or product the item is about
)
FEEDBACK_KINDS = ("survey", "review", "support")
PROBLEM_COLUMNS = ("source_row", "field", "reason")
DEFAULTS = {
    "touchpoints": {"occurred_at": "utc_time(timestamp_raw, $timezone)",
                    "timestamp_precision": "time_precision(timestamp_raw)",
                    "click_id": "NULL::VARCHAR", "campaign": "NULL::VARCHAR",
                    "event_key": "NULL::VARCHAR", "utm_source": "NULL::VARCHAR",
                    "utm_medium": "NULL::VARCHAR", "score": "NULL::DOUBLE",
                    "score_scale": "NULL::VARCHAR"},
    "traits": {"observed_at": "NULL::TIMESTAMPTZ"},
    "metrics": {"day": "local_day(day_raw, $timezone)", "value": "metric_value(value_raw)",
                "campaign": "NULL::VARCHAR", "item_name": "NULL::VARCHAR"},
    "feedback": {"occurred_at": "utc_time(timestamp_raw, $timezone)",
                 "timestamp_precision": "time_precision(timestamp_raw)",
                 "score": "score_value(score_raw)", "identifier_key": "NULL::VARCHAR",
                 "identifier_field": "NULL::VARCHAR", "campaign": "NULL::VARCHAR",
                 "score_field": "NULL::VARCHAR", "score_raw": "NULL::VARCHAR",
                 "score_scale": "NULL::VARCHAR", "comment": "NULL::VARCHAR",
                 "language_hint": "NULL::VARCHAR", "about_step": "NULL::VARCHAR",
                 "subject": "NULL::VARCHAR"},
}
OUTPUTS = {"touchpoints": TOUCHPOINT_COLUMNS, "edges": EDGE_COLUMNS, "traits": TRAIT_COLUMNS,
           "metrics": METRIC_COLUMNS, "feedback": FEEDBACK_COLUMNS, "problems": PROBLEM_COLUMNS}

Format = Literal["csv", "json", "parquet", "xes"]  # of the files an export may come as


@dataclass(frozen=True)
class Source:
    """One export of one tool: how to recognise it and which SQL maps it.

    `name` is the declaration (unique: `hubspot_deals`); `source` is the tool in the glossary's
    sense (`hubspot`), written to `touchpoints.source`. `signatures`: any one set of header
    columns (CSV) or JSON keys (dotted for nested ones) identifies the export. `columns`: for
    JSON the fields read and their DuckDB types; for CSV optional columns the SQL may use,
    added as NULL when a file lacks them. `channel_from_settings`: a file's `channel:` setting
    overrides `channel` (the generic source). `header_rows`: CSV exports with more header lines
    than one (Qualtrics: tags, labels, ImportIds); the lines after the first are no records and
    reach the mapping as `raw_header_rows`. `records`: JSON documents whose records sit in
    top-level lists (Zendesk `tickets`, Typeform `items`): those lists, in order; each record
    also gets the field `document` (JSON: the rest of the document, e.g. its links).
    """

    name: str
    source: str
    channel: str
    formats: tuple[Format, ...]
    signatures: tuple[frozenset[str], ...]
    description: str
    columns: dict[str, str] = field(default_factory=dict)
    channel_from_settings: bool = False
    header_rows: int = 1
    records: tuple[str, ...] = ()

    @property
    def json_columns(self) -> dict[str, str]:
        """The fields read from a JSON record (with `document` for list-held records)."""
        return dict(self.columns, document="JSON") if self.records else self.columns

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
