"""Which source wrote a file, and how it is laid out (encoding, preamble, delimiter, JSON shape).

A file's source is the one `sources.yaml` names, else the declaration whose signature its header
columns or JSON keys satisfy (the most specific one). Nothing is guessed: a file no signature
matches is reported and skipped.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from connectors.settings import FileSettings
from connectors.source import Source
from connectors.sources import declarations_named, registry
from journeymap.errors import JourneymapError

CONFIG_FILES = {"sources.yaml", "vocabulary.yaml"}
FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".ndjson": "json", ".jsonl": "json",
           ".json": "json", ".parquet": "parquet", ".xes": "xes", ".gz": "xes"}
SNIFF_BYTES = 1 << 16
SNIFF_LINES = 30  # a header may follow this many preamble lines at most
SNIFF_RECORDS = 50
DELIMITERS = (",", "\t", ";", "|")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class Layout:
    """How an export file is written."""

    format: str  # csv, json, parquet, xes
    encoding: str = "utf-8"  # Python codec of the bytes on disk
    note: str = ""  # said in the file's report (e.g. an encoding that had to be guessed)
    header_line: int = 0  # CSV: 0-based line of the header (lines above it are a preamble)
    delimiter: str = ","
    header: tuple[str, ...] = ()  # CSV: column names, made unique
    json_layout: str = "lines"  # JSON: lines (NDJSON), array, or document (one object)
    fields: frozenset[str] = field(default_factory=frozenset)


def export_files(folder: Path) -> list[Path]:
    """The export files below a folder, in path order, without settings and hidden files."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in CONFIG_FILES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def file_format(path: Path) -> str | None:
    """csv, json, parquet or xes from the file name (`.xes.gz` included), None when unknown."""
    if path.suffix.lower() == ".gz" and not path.name.lower().endswith(".xes.gz"):
        return None
    return FORMATS.get(path.suffix.lower())


def sniff_encoding(head: bytes, settings: FileSettings) -> tuple[str, str]:
    """The codec of a file from its settings, its BOM, or its first bytes; and a note."""
    if settings.encoding:
        return settings.encoding, ""
    for bom, codec in BOMS:
        if head.startswith(bom):
            return codec, ""
    sample = head[:4096]
    if sample and sample.count(0) > len(sample) // 4:  # UTF-16 without a BOM
        odd_zeros = sample[1::2].count(0) > sample[0::2].count(0)
        return ("utf-16-le" if odd_zeros else "utf-16-be"), ""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252", "not UTF-8: read as Windows-1252 (set `encoding:` in sources.yaml)"
    return "utf-8", ""


def _text_head(path: Path, encoding: str) -> str:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)


def sniff(path: Path, settings: FileSettings, candidates: list[Source]) -> Layout:
    """The layout of `path`, finding a CSV header among preamble lines by the candidates."""
    fmt = file_format(path)
    if fmt in ("parquet", "xes", None):
        return Layout(format=fmt or "unknown")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    encoding, note = sniff_encoding(head, settings)
    if fmt == "json" and encoding == "cp1252":  # JSON is UTF-8: bad bytes are bad records
        encoding, note = "utf-8", ""
    text = _text_head(path, encoding).lstrip("\ufeff")
    if fmt == "csv":
        return _sniff_csv(text, settings, candidates, encoding, note)
    return _sniff_json(text, encoding, note)


def _renamed(fields: list[str], settings: FileSettings) -> set[str]:
    inverse = {file_name: name for name, file_name in settings.columns.items()}
    return {inverse.get(f, f) for f in fields}


def _sniff_csv(text: str, settings: FileSettings, candidates: list[Source], encoding: str,
               note: str) -> Layout:
    lines = [line.rstrip("\r") for line in text.split("\n")[:SNIFF_LINES]]
    delimiters = (settings.delimiter,) if settings.delimiter else DELIMITERS
    csv_sources = [s for s in candidates if "csv" in s.formats]
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        for delimiter in delimiters:
            names = next(csv.reader([line], delimiter=delimiter), [])
            if any(s.matches(_renamed(names, settings)) for s in csv_sources):
                return Layout("csv", encoding, note, index, delimiter, _unique(names),
                              fields=frozenset(_renamed(names, settings)))
    # no signature found: describe the first line as the header, split where it splits most
    index = next((i for i, line in enumerate(lines) if line.strip()), 0)
    line = lines[index] if lines else ""
    delimiter = max(delimiters, key=lambda d: len(next(csv.reader([line], delimiter=d), [])))
    names = next(csv.reader([line], delimiter=delimiter), [])
    return Layout("csv", encoding, note, index, delimiter, _unique(names),
                  fields=frozenset(_renamed(names, settings)))


def _unique(names: list[str]) -> tuple[str, ...]:
    """Header names as DuckDB columns: blanks named by position, repeats (any case) numbered."""
    seen: dict[str, int] = {}
    out = []
    for position, name in enumerate(names, start=1):
        name = name.strip() or f"column{position}"
        seen[name.lower()] = seen.get(name.lower(), 0) + 1
        out.append(name if seen[name.lower()] == 1 else f"{name}_{seen[name.lower()]}")
    return tuple(out)


def _sniff_json(text: str, encoding: str, note: str) -> Layout:
    stripped = text.lstrip()
    first_line = stripped.split("\n", 1)[0]
    if stripped.startswith("["):
        layout, records = "array", _array_head(stripped)
    elif _parses(first_line) and not _parses(stripped):  # (one line alone: an API response)
        layout = "lines"
        records = [r for r in map(_loads_or_none, stripped.split("\n")[:SNIFF_RECORDS]) if r]
    else:
        layout, records = "document", _document_head(stripped)
    keys: set[str] = set()
    for record in records:
        if isinstance(record, dict):
            keys |= _dotted_keys(record)
    return Layout("json", encoding, note, json_layout=layout, fields=frozenset(keys))


def _parses(line: str) -> bool:
    return isinstance(_loads_or_none(line), dict)


def _loads_or_none(line: str) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return None


def _array_head(text: str) -> list:
    """The first records of a JSON array, from a head that may end mid-record."""
    decoder, records, position = json.JSONDecoder(), [], text.index("[") + 1
    while len(records) < SNIFF_RECORDS:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        try:
            record, position = decoder.raw_decode(text, position)
        except ValueError:
            break
        records.append(record)
    return records


def _document_head(text: str) -> list:
    """Records of a single JSON document, to recognise its source: its JSON:API `data` (and
    `included`) lists, else the document itself with the first records of each of its top-level
    lists (Zendesk `tickets`, Typeform `items`, Intercom `conversations`)."""
    document = _loads_or_none(text)
    if isinstance(document, dict):
        if isinstance(document.get("data"), list):
            return document_records(document)
        return [document] + [record for value in document.values() if isinstance(value, list)
                             for record in value[:SNIFF_RECORDS]]
    # a large document cut by the sniff: the name and first records of its first list
    at = text.find('"data"')
    if at >= 0 and "[" in text[at:]:
        return _array_head(text[text.index("[", at):])
    first = re.search(r'"([^"\\]+)"\s*:\s*\[', text)
    if not first:
        return []
    return [{first.group(1): []}] + _array_head(text[first.end() - 1:])


def document_records(document: dict) -> list:
    """The records a JSON document holds: JSON:API `data` + `included`, else the object itself."""
    if isinstance(document.get("data"), list):
        return list(document["data"]) + list(document.get("included") or [])
    return [document]


def _dotted_keys(record: dict, prefix: str = "", depth: int = 3) -> set[str]:
    keys = set()
    for key, value in record.items():
        keys.add(prefix + key)
        if depth > 1 and isinstance(value, dict):
            keys |= _dotted_keys(value, f"{prefix}{key}.", depth - 1)
    return keys


def detect_source(path: Path, settings: FileSettings) -> tuple[Source | None, Layout]:
    """The declaration that reads `path` (None when nothing matches) and the file's layout."""
    named = declarations_named(settings.source) if settings.source else list(registry().values())
    if settings.source and not named:
        raise JourneymapError(f"unknown source {settings.source!r}; known: "
                              f"{sorted({s.source for s in registry().values()})}",
                              file=str(path), field="source")
    layout = sniff(path, settings, named)
    candidates = [s for s in named if layout.format in s.formats]
    if layout.format in ("xes", "parquet"):  # event logs: the generic source, xes by default
        generic = [s for s in candidates if layout.format == "xes" or settings.source]
        return (generic[0] if generic else None), layout
    matching = [s for s in candidates if s.matches(set(layout.fields))]
    if not matching and settings.source and candidates:
        # named outright: the closest export is used and its missing columns reported on loading
        fields = set(layout.fields)
        return min(candidates, key=lambda s: min(len(sig - fields) for sig in s.signatures)), layout
    best = max(matching, key=lambda s: s.specificity(set(layout.fields)), default=None)
    return best, layout
