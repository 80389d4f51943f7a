"""What a source is: the tool's export declared as data plus a small SQL mapping.

A source module in `connectors/sources/` holds one `SOURCE = Source(...)` declaration and a SQL file
of the same name with two named queries over the relation `raw`:

- `-- name: touchpoints` selects one row per touchpoint event with the columns in
  `TOUCHPOINT_COLUMNS` (rows of `raw` may give zero, one or many touchpoints);
- `-- name: edges` (optional) selects `source_row, left_key, right_key`: pairs of identifiers the
  export says belong to one person.

`raw` has `source_row` (1-based record number), `record` (the record as JSON text) and, for CSV,
one VARCHAR column per header name. `$timezone` is bound to the file's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Source:
    """A vendor export: how to recognise it and which SQL maps it to touchpoints and edges."""

    name: str
    channel: str
    format: Literal["csv", "ndjson"]
    signature: frozenset[str]  # header columns (CSV) or JSON keys (NDJSON) that identify it
    description: str

    @property
    def queries(self) -> dict[str, str]:
        """The named queries of the source's SQL file (`touchpoints`, optionally `edges`)."""
        return named_queries("connectors.sources", f"{self.name}.sql")

    def matches(self, fields: set[str]) -> bool:
        """Whether a file with these header columns or JSON keys is an export of this source."""
        return self.signature <= fields
