"""Reading one export into the relation `raw` that source mappings select from.

Whatever the format, reading leaves:

- `raw`: one row per readable record, `source_row` first, then one column per CSV header
  (VARCHAR) or declared JSON field (typed), renamed as `sources.yaml` says, declared optional
  columns present as NULL when the file lacks them;
- `read_problems`: records that could not be read (wrong column count, invalid bytes, malformed
  JSON line, truncated array), with `source_row`, `field`, `reason` and the raw text.

`source_row` is the record's 1-based number: for CSV the data row after the header lines
(counting rows that were rejected), for NDJSON the non-blank line, for JSON arrays the element,
for JSON documents the element of the source's record lists (in their order).
Files in another encoding than UTF-8 are first transcoded into the load's work folder.

CSV exports also leave `raw_cells` (one row per record and column: `source_row`, `question`,
`answer`), and `raw_header_rows` when the source declares more than one header line.
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from connectors.detect import Layout, document_records
from connectors.settings import FileSettings
from connectors.source import Source
from journeymap.errors import JourneymapError
from journeymap.sql import insert_rows, query


@dataclass(frozen=True)
class ReadResult:
    """How many records the file holds, and in which encoding it was read."""

    rows_read: int
    encoding: str


def _sql(name: str) -> str:
    return query("connectors", "read.sql", name)


def quote_ident(name: str) -> str:
    """A column name as a quoted SQL identifier (names come from file headers)."""
    return '"' + name.replace('"', '""') + '"'


def read_export(con: duckdb.DuckDBPyConnection, path: Path, source: Source, layout: Layout,
                settings: FileSettings, workdir: Path) -> ReadResult:
    """Create `raw` and `read_problems` for one file; return the number of records read."""
    con.execute(_sql("no_problems"))
    readable = _utf8_copy(path, layout, workdir)
    renumbered = False
    if layout.format == "csv":
        columns, renumbered = _read_csv(con, readable, layout, source.header_rows - 1)
    elif layout.format == "json":
        columns = _read_json(con, readable, source, layout, workdir)
    elif layout.format == "parquet":
        con.execute(_sql("raw_parquet"), {"path": str(readable)})
        columns = _input_columns(con)
    else:
        columns = _read_xes(con, path)
    _create_raw_view(con, source, settings, columns, path, renumbered)
    if layout.format == "csv":
        con.execute(_sql("raw_cells"))
    apart = {"rejected_apart": layout.format == "csv"}
    rows = con.execute(_sql("rows_read"), apart).fetchall()[0][0]
    return ReadResult(rows, layout.encoding)


def _utf8_copy(path: Path, layout: Layout, workdir: Path) -> Path:
    """The file itself when DuckDB can read it, else a UTF-8 transcoding of it."""
    if layout.format not in ("csv", "json") or layout.encoding in ("utf-8", "utf-8-sig"):
        return path
    target = workdir / ("transcoded" + path.suffix)
    with path.open("rb") as raw, target.open("w", encoding="utf-8", newline="") as out:
        reader = codecs.getreader(layout.encoding)(raw, errors="replace")
        shutil.copyfileobj(reader, out, 1 << 20)
    return target


def _input_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute("DESCRIBE raw_input").fetchall()]


# ------------------------------------------------------------------------------------- CSV
def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, layout: Layout,
              extra_headers: int) -> tuple[list[str], bool]:
    """Read a CSV below its header; `extra_headers` lines after the header are set apart in
    `raw_header_input` (they are no records)."""
    if not layout.header:
        raise JourneymapError("no header line found", file=str(path))
    con.execute("DROP TABLE IF EXISTS file_rejects")
    con.execute("DROP TABLE IF EXISTS file_reject_scans")
    con.execute(_sql("raw_csv"), {
        "path": str(path), "skip": layout.header_line, "delim": layout.delimiter,
        "columns": {name: "VARCHAR" for name in layout.header}})
    header_lines = layout.header_line + 1 + extra_headers
    if extra_headers:
        bad = con.execute(_sql("rejected_header_lines"), {"last": header_lines}).fetchall()
        if bad:
            raise JourneymapError(f"header line {bad[0][0]} cannot be read: {bad[0][1]}",
                                  file=str(path))
        con.execute(_sql("header_rows_apart"), {"extra": extra_headers})
        con.execute(_sql("records_apart"), {"extra": extra_headers})
        con.execute(_sql("records_only"))
    rejected = con.execute(_sql("csv_rejects"), {"header_line": header_lines}).fetchall()[0][0]
    if rejected:  # rejected rows still count: number the others around them
        con.execute(_sql("csv_numbering"))
    return list(layout.header), bool(rejected)


# ------------------------------------------------------------------------------------ JSON
def _read_json(con: duckdb.DuckDBPyConnection, path: Path, source: Source, layout: Layout,
               workdir: Path) -> list[str]:
    columns = source.json_columns
    if layout.json_layout == "document":
        path = _document_as_lines(con, path, workdir, source.records)
    elif layout.json_layout == "array":
        try:
            con.execute(_sql("raw_json_array"), {"path": str(path), "columns": columns})
            return list(columns)
        except duckdb.Error:
            path = _array_as_lines(con, path, workdir)
    con.execute(_sql("raw_ndjson"), {"path": str(path), "columns": columns})
    all_null = " AND ".join(f"{quote_ident(c)} IS NULL" for c in source.columns)
    suspects = [r[0] for r in con.execute(
        f"SELECT rowid + 1 FROM raw_input WHERE {all_null}").fetchall()]  # noqa: S608
    if suspects:
        _explain_lines(con, path, set(suspects))
    return list(columns)


def _explain_lines(con: duckdb.DuckDBPyConnection, path: Path, numbers: set[int]) -> None:
    """Why NDJSON records came back empty: bad bytes, bad JSON, or none of the fields."""
    problems, number = [], 0
    with path.open("rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            number += 1
            if number not in numbers:
                continue
            text = line.decode("utf-8", errors="replace").rstrip("\r\n")
            problems.append((number, "(line)", _line_problem(line), text))
    insert_rows(con, "read_problems", problems)


def _line_problem(line: bytes) -> str:
    try:
        record = json.loads(line.decode("utf-8").strip())
    except UnicodeDecodeError:
        return "invalid UTF-8 bytes in JSON line"
    except ValueError as exc:
        return f"malformed JSON line: {exc.msg} at column {exc.colno}"
    if not isinstance(record, dict):
        return "JSON line is not an object"
    return "record has none of the source's fields"


def _array_as_lines(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path,
                    start: int | None = None) -> Path:
    """A JSON array DuckDB cannot parse whole (the file's first, or the one opening at `start`):
    its complete records as NDJSON, the rest flagged."""
    text = path.read_text(encoding="utf-8", errors="replace")
    decoder, count = json.JSONDecoder(), 0
    position = (text.index("[") if start is None else start) + 1
    target = workdir / "array.ndjson"
    with target.open("w", encoding="utf-8") as out:
        while True:
            while position < len(text) and text[position] in " \t\r\n,":
                position += 1
            if position >= len(text) or text[position] == "]":
                break
            try:
                record, position = decoder.raw_decode(text, position)
            except ValueError as exc:
                count += 1
                out.write("{}\n")  # keeps numbering; the record is quarantined below
                con.execute("INSERT INTO read_problems VALUES (?, '(record)', ?, ?)", [
                    count, f"truncated or malformed JSON array: {exc.msg} (after record "
                    f"{count - 1})", text[position:position + 2000]])
                break
            count += 1
            out.write(json.dumps(record) + "\n")
    return target


def _document_as_lines(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path,
                       lists: tuple[str, ...]) -> Path:
    """A JSON document's records as NDJSON: the elements of `lists` (each with the rest of the
    document as `document`), else JSON:API `data` + `included`, else the document itself. A
    truncated document keeps the complete records of its first list; the cut one is flagged."""
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except ValueError as exc:
        first = re.search(rf'"{re.escape(lists[0])}"\s*:\s*\[', text) if lists else None
        if first:
            return _array_as_lines(con, path, workdir, first.end() - 1)
        raise JourneymapError(f"not valid JSON: {exc}", file=str(path)) from exc
    if isinstance(document, dict) and any(name in document for name in lists):
        context = {k: v for k, v in document.items() if k not in lists}
        records = [dict(r, document=context) if isinstance(r, dict) else r
                   for name in lists for r in (document.get(name) or [])]
    else:
        records = document_records(document) if isinstance(document, dict) else [document]
    target = workdir / "document.ndjson"
    target.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return target


# ------------------------------------------------------------------------------------- XES
def _read_xes(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    import pm4py  # slow to import: only when an event log is loaded

    try:
        frame = pm4py.read_xes(str(path), return_legacy_log_object=False,
                               show_progress_bar=False)
    except Exception as exc:  # pm4py raises many kinds for a bad log  # noqa: BLE001
        raise JourneymapError(f"not a readable XES event log: {exc}", file=str(path)) from exc
    frame = frame.astype(str).replace({"nan": None, "NaT": None, "None": None})
    con.register("xes_frame", frame)
    con.execute(_sql("raw_frame"))
    con.unregister("xes_frame")
    return _input_columns(con)


# ------------------------------------------------------------------------------------- raw
def _create_raw_view(con: duckdb.DuckDBPyConnection, source: Source, settings: FileSettings,
                     columns: list[str], path: Path, renumbered: bool) -> None:
    """`raw` over `raw_input`: renamed columns, missing optional columns as NULL."""
    renamed = {file_name: name for name, file_name in settings.columns.items()}
    missing_renames = set(renamed) - set(columns)
    if missing_renames:
        raise JourneymapError(f"sources.yaml renames columns the file does not have: "
                              f"{sorted(missing_renames)}", file=str(path), field="columns")
    select = [f"i.{quote_ident(c)} AS {quote_ident(renamed.get(c, c))}" for c in columns]
    present = {renamed.get(c, c).lower() for c in columns}  # DuckDB names ignore case
    if {"csv", "parquet", "xes"} & set(source.formats):
        select += [f"NULL::VARCHAR AS {quote_ident(c)}" for c in source.columns
                   if c.lower() not in present]
    if source.header_rows > 1 and "csv" in source.formats:
        con.execute(f"CREATE OR REPLACE TEMP VIEW raw_header_rows AS SELECT "  # noqa: S608
                    f"i.header_row, {', '.join(select)} FROM raw_header_input i")
    row = "n.source_row" if renumbered else "i.rowid + 1"
    sql = f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {row} AS source_row, {', '.join(select)} "
    sql += "FROM raw_input i"
    if renumbered:
        sql += " JOIN numbering n ON n.input_rowid = i.rowid"
    if con.execute("SELECT count(*) FROM read_problems").fetchall()[0][0]:
        sql += f" WHERE {row} NOT IN (SELECT source_row FROM read_problems)"
    con.execute(sql)
