"""Periods as analysts write them, turned into half-open UTC intervals of journey starts."""

from datetime import UTC, datetime

import pytest

from journeymap.errors import JourneymapError
from mining import parse_instant, period_bounds


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("text, since, until", [
    ("2024", _utc(2024, 1, 1), _utc(2025, 1, 1)),
    ("2024-Q4", _utc(2024, 10, 1), _utc(2025, 1, 1)),
    ("2024-02", _utc(2024, 2, 1), _utc(2024, 3, 1)),
    ("2024-12", _utc(2024, 12, 1), _utc(2025, 1, 1)),
    ("2024-W01", _utc(2024, 1, 1), _utc(2024, 1, 8)),
    ("2020-W53", _utc(2020, 12, 28), _utc(2021, 1, 4)),
    ("2024-02-29", _utc(2024, 2, 29), _utc(2024, 3, 1)),
    ("2024-01..2024-03", _utc(2024, 1, 1), _utc(2024, 4, 1)),
    ("2024-03-01..2024-03-31", _utc(2024, 3, 1), _utc(2024, 4, 1)),
])
def test_periods_become_half_open_intervals(text, since, until):
    assert period_bounds(text) == (since, until)


@pytest.mark.parametrize("text", ["March", "2024-13", "2023-02-29", "2024-W60", "2024-03..2024-01",
                                  "2024-Q5"])
def test_what_is_not_a_period_is_refused(text):
    with pytest.raises(JourneymapError, match="period"):
        period_bounds(text)


def test_instants_without_an_offset_are_utc():
    assert parse_instant("2024-03-05") == _utc(2024, 3, 5)
    assert parse_instant("2024-03-05T10:00:00+01:00") == _utc(2024, 3, 5, 9)
    with pytest.raises(JourneymapError):
        parse_instant("next tuesday")
