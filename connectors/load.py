"""Load export files into the store: one transaction per file, nothing lost, nothing doubled.

Every record of a file ends in exactly one place: its touchpoints, identifier edges, traits,
metrics and feedback, or the quarantine table with the field and the reason. A file already
loaded (same SHA-256) is skipped; a touchpoint or feedback item already loaded from another file
(same vendor id, or same content when the tool has no id) is counted as a duplicate and not added
again.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path

import duckdb
import yaml

from connectors.detect import Layout, detect_source
from connectors.read import ReadResult, read_export
from connectors.settings import FileSettings
from connectors.source import DEFAULTS, OUTPUTS, TOUCHPOINT_EXTRAS, Source
from connectors.sources import registry
from journeymap.errors import JourneymapError
from journeymap.sql import insert_rows, query

MAPPED_TABLES = {"touchpoints": "mapped", "edges": "edges", "traits": "traits_out",
                 "metrics": "metrics_out", "feedback": "feedback_out",
                 "problems": "source_problems"}
XES_COLUMNS = {"case": "case:concept:name", "activity": "concept:name",
               "timestamp": "time:timestamp"}
EMPTY_TYPES = {"source_row": "BIGINT", "occurred_at": "TIMESTAMPTZ", "observed_at": "TIMESTAMPTZ",
               "day": "DATE", "metrics.value": "DOUBLE", "score": "DOUBLE"}  # VARCHAR otherwise


@dataclass(frozen=True)
class FileReport:
    """What happened to one export file."""

    file: str
    source: str | None  # the tool (touchpoints.source)
    status: str  # loaded, already loaded, skipped, failed
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    touchpoints_added: int = 0
    touchpoints_duplicate: int = 0
    message: str = ""
    export: str | None = None  # the declaration that read it (hubspot_deals ...)
    channel: str | None = None  # email, ads, social, crm, web
    touchpoints_ignored: int = 0  # events the vocabulary says are not touchpoints
    edges_added: int = 0
    traits_added: int = 0
    metrics_added: int = 0
    metrics_replaced: int = 0
    feedback_added: int = 0  # survey answers, reviews, support items (feedback table)
    feedback_duplicate: int = 0
    encoding: str | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LoadOptions:
    """What applies to every file of a run."""

    hash_emails: bool = False  # privacy mode: store SHA-256 of emails only

    @property
    def privacy(self) -> str:
        return "hash_emails" if self.hash_emails else "none"


def _sql(name: str) -> str:
    return query("connectors", "load.sql", name)


def file_sha256(path: Path) -> str:
    """Checksum that identifies a file's content in the manifest."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def load_vocabulary(con: duckdb.DuckDBPyConnection, exports_dir: Path) -> None:
    """The vendor-event -> touchpoint vocabulary: bundled entries, overridden by the folder's.

    An entry mapped to null (`~`) says the event is not a touchpoint (e.g. GA4 `scroll`).
    """
    entries = yaml.safe_load(files("connectors").joinpath("vocabulary.yaml").read_text())
    local = exports_dir / "vocabulary.yaml"
    if local.exists():
        try:
            overrides = yaml.safe_load(local.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise JourneymapError(f"not valid YAML: {exc}", file=str(local)) from exc
        if not isinstance(overrides, dict):
            raise JourneymapError("expected a mapping of source -> {vendor event: touchpoint}",
                                  file=str(local))
        for source, mapping in overrides.items():
            entries.setdefault(source, {}).update(mapping or {})
    rows = [(s, str(event), tp, tp is None) for s, mapping in entries.items()
            for event, tp in mapping.items()]
    con.execute("CREATE OR REPLACE TEMP TABLE vocabulary "
                "(source VARCHAR, vendor_event VARCHAR, touchpoint VARCHAR, ignored BOOLEAN)")
    insert_rows(con, "vocabulary", rows)


def load_file(con: duckdb.DuckDBPyConnection, path: Path, settings: FileSettings,
              options: LoadOptions | None = None) -> FileReport:
    """Load one export file in its own transaction and say what happened to its records."""
    options = options or LoadOptions()
    name = str(path)
    if path.stat().st_size == 0:
        return FileReport(name, None, "skipped", message="empty file (0 bytes): nothing to load")
    sha = file_sha256(path)
    earlier = con.execute(_sql("earlier_load"), {"sha": sha}).fetchall()
    if earlier:  # its records are in the store already, as the first copy's
        source_name, export, rows_read, loaded, quarantined, added, first_path = earlier[0]
        return FileReport(name, source_name, "already loaded", rows_read, loaded, quarantined,
                          touchpoints_duplicate=added, export=export,
                          channel=_channel_of(export),
                          message=f"same content as {first_path}, loaded before")
    try:
        source, layout = detect_source(path, settings)
    except (JourneymapError, UnicodeError, OSError) as exc:
        return FileReport(name, None, "failed", message=str(exc))
    if source is None:
        return FileReport(name, None, "skipped", message=_unmatched(path, layout))
    if layout.format == "xes" and not settings.columns:
        settings = settings.model_copy(update={"columns": XES_COLUMNS})
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="journeymap-load-") as workdir:
        try:  # reading writes temp tables only: a file DuckDB cannot parse changes nothing
            read = read_export(con, path, source, layout, settings, Path(workdir))
            _require_signature(con, path, source)
        except (duckdb.Error, JourneymapError) as exc:
            return FileReport(name, source.source, "failed", message=_explain(exc, path),
                              export=source.name, channel=source.channel)
        con.execute("BEGIN TRANSACTION")
        try:
            report = _load_in_transaction(con, path, source, layout, settings, options, sha,
                                          read, started)
            con.execute("COMMIT")
        except (duckdb.Error, JourneymapError) as exc:
            con.execute("ROLLBACK")
            return FileReport(name, source.source, "failed", message=_explain(exc, path),
                              export=source.name, channel=source.channel)
    return report


def _channel_of(export: str | None) -> str | None:
    source = registry().get(export or "")
    return source.channel if source else None


def _unmatched(path: Path, layout: Layout) -> str:
    if layout.format == "unknown":
        return f"matches no known source: journeymap does not read {path.suffix or 'this'} files"
    if layout.format == "parquet":
        return "matches no known source: name it in sources.yaml (source: generic, columns: ...)"
    shown = sorted(layout.fields)[:12]
    return f"matches no known source (fields found: {', '.join(shown) or 'none'})"


def _load_in_transaction(con: duckdb.DuckDBPyConnection, path: Path, source: Source,
                         layout: Layout, settings: FileSettings, options: LoadOptions, sha: str,
                         read: ReadResult, started: float) -> FileReport:
    params = {"timezone": settings.timezone, "identifier": settings.identifier}
    for output, table in MAPPED_TABLES.items():
        _create_mapped(con, source, output, table, params)
    con.execute(_sql("feedback_touchpoints"))
    con.execute(_sql("problems"))
    con.execute(_sql("bad_rows"))
    common = {"source": source.source, "file": str(path), "hash_emails": options.hash_emails}
    channel = settings.channel if source.channel_from_settings else source.channel
    edges = _count(con, _sql("insert_edges"), common)
    traits = _count(con, _sql("insert_traits"), common)
    _count(con, _sql("new_identities"), common)
    added = _count(con, _sql("insert_touchpoints"), dict(common, channel=channel))
    mapped_ok, ignored = con.execute(_sql("touchpoint_counts"),
                                     {"source": source.source}).fetchall()[0]
    con.execute(_sql("new_metrics"))
    replaced = _count(con, _sql("replace_metrics"), {"source": source.source})
    metrics = _count(con, _sql("insert_metrics"), dict(common, channel=channel)) - replaced
    feedback = _count(con, _sql("insert_feedback"), common)
    feedback_ok = con.execute(_sql("feedback_count")).fetchall()[0][0]
    con.execute(_sql("insert_quarantine"), _bind(_sql("insert_quarantine"), common))
    quarantined = con.execute("SELECT count(*) FROM bad_rows").fetchall()[0][0]
    report = FileReport(
        str(path), source.source, "loaded", read.rows_read, read.rows_read - quarantined,
        quarantined, added, mapped_ok - ignored - added, layout.note, export=source.name,
        channel=channel, touchpoints_ignored=ignored, edges_added=edges, traits_added=traits,
        metrics_added=metrics, metrics_replaced=replaced, feedback_added=feedback,
        feedback_duplicate=feedback_ok - feedback, encoding=read.encoding,
        seconds=round(time.perf_counter() - started, 3))
    manifest = dict(common, sha=sha, export=source.name, rows_read=report.rows_read,
                    rows_loaded=report.rows_loaded, rows_quarantined=quarantined, added=added,
                    duplicate=report.touchpoints_duplicate, metrics_added=metrics,
                    traits_added=traits, feedback_added=feedback, encoding=read.encoding,
                    privacy=options.privacy,
                    load_seconds=report.seconds)
    _count(con, _sql("insert_manifest"), manifest)
    return report


def _bind(sql: str, params: dict) -> dict:
    """The parameters a statement uses (DuckDB refuses unused named parameters)."""
    return {k: v for k, v in params.items() if f"${k}" in sql}


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> int:
    return con.execute(sql, _bind(sql, params)).fetchall()[0][0]


def _require_signature(con: duckdb.DuckDBPyConnection, path: Path, source: Source) -> None:
    """A file named outright in sources.yaml must still have the columns its mapping reads."""
    fields = {row[0] for row in con.execute("DESCRIBE raw").fetchall()}
    if "json" in source.formats or source.matches(fields):
        return
    missing = min((s - fields for s in source.signatures), key=len)
    raise JourneymapError(f"not a {source.name} export: missing columns {sorted(missing)}",
                          file=str(path))


def _create_mapped(con: duckdb.DuckDBPyConnection, source: Source, output: str, table: str,
                   params: dict) -> None:
    """The output of one named query as a temp table with the canonical columns, in order."""
    columns = OUTPUTS[output] + (TOUCHPOINT_EXTRAS if output == "touchpoints" else ())
    defaults = DEFAULTS.get(output, {})
    sql = source.queries.get(output)
    if sql is None:
        typed = ", ".join(f"{c} {EMPTY_TYPES.get(f'{output}.{c}', EMPTY_TYPES.get(c, 'VARCHAR'))}"
                          for c in columns)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({typed})")
        return
    got = [row[0] for row in con.execute(f"DESCRIBE ({sql})", _bind(sql, params)).fetchall()]
    missing = [c for c in columns if c not in got and c not in defaults]
    unknown = [c for c in got if c not in columns]
    if missing or unknown:  # a mistake in a source declaration, not in user input
        raise AssertionError(f"{source.name}.sql {output}: missing {missing}, unknown {unknown}")
    select = ", ".join(c if c in got else f"{defaults[c]} AS {c}" for c in columns)
    full = f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select} FROM ({sql}) AS mapping"
    con.execute(full, _bind(full, params))


def _explain(exc: Exception, path: Path) -> str:
    if isinstance(exc, JourneymapError):
        return str(exc)
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"file {path}: could not be read as its source's format: {first_line}"
