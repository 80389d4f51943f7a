"""Load export files into the store: one transaction per file, nothing lost, nothing doubled.

Every record of a file ends in exactly one place: its touchpoints and identifier edges, or the
quarantine table with the field and the reason. A file already loaded (same SHA-256) is skipped;
a record already loaded from another file (same vendor event id, or same content when the tool
has no id) is counted as a duplicate and not added again.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path

import duckdb
import yaml

from connectors.detect import FileSettings, detect_source
from connectors.source import TOUCHPOINT_COLUMNS, Source
from journeymap.errors import JourneymapError
from journeymap.sql import query

RECORD_SEPARATOR = "\x1e"  # never in NDJSON text: each line is read whole


@dataclass(frozen=True)
class FileReport:
    """What happened to one export file."""

    file: str
    source: str | None
    status: str  # loaded, already loaded, skipped, failed
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    touchpoints_added: int = 0
    touchpoints_duplicate: int = 0
    message: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _sql(name: str) -> str:
    return query("connectors", "load.sql", name)


def file_sha256(path: Path) -> str:
    """Checksum that identifies a file's content in the manifest."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_vocabulary(con: duckdb.DuckDBPyConnection, exports_dir: Path) -> None:
    """The vendor-event -> touchpoint vocabulary: bundled entries, overridden by the folder's."""
    entries = yaml.safe_load(files("connectors").joinpath("vocabulary.yaml").read_text())
    local = exports_dir / "vocabulary.yaml"
    if local.exists():
        for source, mapping in (yaml.safe_load(local.read_text()) or {}).items():
            entries.setdefault(source, {}).update(mapping or {})
    rows = [(s, str(event), tp) for s, mapping in entries.items() for event, tp in mapping.items()]
    con.execute("CREATE OR REPLACE TEMP TABLE vocabulary "
                "(source VARCHAR, vendor_event VARCHAR, touchpoint VARCHAR)")
    con.executemany("INSERT INTO vocabulary VALUES (?, ?, ?)", rows)


def load_file(con: duckdb.DuckDBPyConnection, path: Path, settings: FileSettings) -> FileReport:
    """Load one export file in its own transaction and say what happened to its records."""
    name = str(path)
    if path.stat().st_size == 0:
        return FileReport(name, None, "skipped", message="empty file")
    sha = file_sha256(path)
    earlier = con.execute("SELECT source, rows_read, touchpoints_added, path FROM ingested_files "
                          "WHERE file_sha256 = ?", [sha]).fetchall()
    if earlier:
        source_name, rows_read, added, first_path = earlier[0]
        return FileReport(name, source_name, "already loaded", rows_read=rows_read,
                          touchpoints_duplicate=added,
                          message=f"same content as {first_path}, loaded before")
    source = detect_source(path, settings)
    if source is None:
        return FileReport(name, None, "skipped", message="matches no known source")
    con.execute("BEGIN TRANSACTION")
    try:
        report = _load_in_transaction(con, path, source, settings, sha)
        con.execute("COMMIT")
    except (duckdb.Error, JourneymapError) as exc:
        con.execute("ROLLBACK")
        return FileReport(name, source.name, "failed", message=_explain(exc, path))
    return report


def _load_in_transaction(con: duckdb.DuckDBPyConnection, path: Path, source: Source,
                         settings: FileSettings, sha: str) -> FileReport:
    name = str(path)
    if source.format == "csv":
        con.execute(_sql("raw_csv"), {"path": name})
        con.execute("CREATE OR REPLACE TEMP TABLE raw_lines AS "
                    "SELECT 0::BIGINT AS source_row, ''::VARCHAR AS record, true AS valid LIMIT 0")
    else:
        con.execute(_sql("raw_ndjson_lines"), {"path": name, "delim": RECORD_SEPARATOR})
        con.execute(_sql("raw_ndjson"))
    con.execute(_sql(f"records_{source.format}"))
    _create_mapped(con, source, "touchpoints", settings.timezone)
    _check_columns(con, source)
    con.execute(_sql("problems"), {"is_ndjson": source.format == "ndjson"})
    if "edges" in source.queries:
        _create_mapped(con, source, "edges", settings.timezone, table="edges")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE edges "
                    "(source_row BIGINT, left_key VARCHAR, right_key VARCHAR)")
    common = {"source": source.name, "file": name}
    added = con.execute(_sql("insert_touchpoints"),
                        dict(common, channel=source.channel)).fetchall()[0][0]
    con.execute(_sql("insert_edges"), common)
    con.execute(_sql("insert_quarantine"), common)
    rows_read, quarantined, mapped = con.execute(_sql("counts")).fetchall()[0]
    report = FileReport(name, source.name, "loaded", rows_read, rows_read - quarantined,
                        quarantined, added, mapped - added)
    con.execute(_sql("insert_manifest"), dict(
        common, sha=sha, rows_read=rows_read, rows_loaded=report.rows_loaded,
        rows_quarantined=quarantined, added=added, duplicate=report.touchpoints_duplicate))
    return report


def _create_mapped(con: duckdb.DuckDBPyConnection, source: Source, name: str, timezone: str,
                   table: str = "mapped") -> None:
    sql = source.queries[name]
    params = {"timezone": timezone} if "$timezone" in sql else {}
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}", params)


def _check_columns(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    columns = tuple(row[0] for row in con.execute("DESCRIBE mapped").fetchall())
    if columns != TOUCHPOINT_COLUMNS:  # a mistake in a source declaration, not in user input
        raise AssertionError(f"{source.name}.sql touchpoints returns {columns}")


def _explain(exc: Exception, path: Path) -> str:
    if isinstance(exc, JourneymapError):
        return str(exc)
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"file {path}: could not be read as its source's format: {first_line}"
