"""Helpers of the connectors tests: a fresh store and the bundled fixture exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors import connect, ingest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "connectors"


@pytest.fixture()
def con(tmp_path):
    connection = connect(tmp_path / "store.duckdb")
    yield connection
    connection.close()


@pytest.fixture()
def load(con):
    """Ingest one fixture folder (by name) or any folder; returns the report by file name."""

    def _load(folder: str | Path, **options):
        path = FIXTURES / folder if isinstance(folder, str) else folder
        report = ingest(path, con, **options)
        return {Path(f.file).name: f for f in report.files}, report

    return _load
