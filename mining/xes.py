"""A streaming XES reader: only the attributes asked for, one value per event, in file order.

pm4py's reader builds every attribute of every event as Python objects; the observed map needs
three (case, activity, timestamp), so this reads the file once with lxml's iterparse, keeps those,
and frees each trace as soon as it is read. Works on `.xes` and gzip-compressed `.xes.gz`.
Keys follow pm4py's dataframe names: `case:<key>` is an attribute of the trace, any other key an
attribute of the event itself (nested attributes are not looked at, as in pm4py).
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from lxml import etree

from journeymap.errors import JourneymapError

CASE_PREFIX = "case:"


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _open(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


class _Columns:
    """Values of the requested keys, appended event by event."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.values: dict[str, list[str | None]] = {key: [] for key in keys}
        self.event_keys = [k for k in keys if not k.startswith(CASE_PREFIX)]
        self.trace_keys = {k: k[len(CASE_PREFIX):] for k in keys if k.startswith(CASE_PREFIX)}
        self.seen: set[str] = set()
        self.pending = 0  # events of the current trace, waiting for its attributes

    def add_event(self, element: etree._Element) -> None:
        found = dict.fromkeys(self.event_keys)
        for child in element:
            key = child.get("key")
            if key in found:
                found[key] = child.get("value")
        for key, value in found.items():
            self.values[key].append(value)
            if value is not None:
                self.seen.add(key)
        self.pending += 1

    def close_trace(self, element: etree._Element) -> None:
        attributes = {child.get("key"): child.get("value") for child in element
                      if _local(child.tag) != "event"}
        for key, trace_key in self.trace_keys.items():
            value = attributes.get(trace_key)
            self.values[key].extend([value] * self.pending)
            if value is not None and self.pending:
                self.seen.add(key)
        self.pending = 0


def read_xes_columns(path: str | Path, keys: Sequence[str]) -> tuple[dict[str, list], set[str]]:
    """The values of `keys` for every event of the XES file, in file order.

    Returns the columns (key -> list, None where an event lacks the attribute) and the keys seen
    at least once. A file that is not XML names the file and the line.
    """
    path = Path(path)
    columns = _Columns(keys)
    try:
        with _open(path) as stream:
            for _, element in etree.iterparse(stream, events=("end",),
                                              tag=("{*}event", "{*}trace"), huge_tree=True,
                                              collect_ids=False):
                if _local(element.tag) == "event":
                    if _local(element.getparent().tag) == "trace":
                        columns.add_event(element)
                    element.clear()
                    continue
                columns.close_trace(element)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise JourneymapError(f"not a readable XES file: {exc.msg}", file=str(path),
                              row=exc.lineno) from exc
    except (OSError, EOFError) as exc:
        raise JourneymapError(f"cannot read the file: {exc}", file=str(path)) from exc
    return columns.values, columns.seen
