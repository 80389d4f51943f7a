"""Periods: which journeys an observed map covers, by the instant they started (UTC).

A period is written the way analysts say it: `2024`, `2024-Q2`, `2024-03`, `2024-W10` (ISO week),
`2024-03-05`, or a range of two of these, `2024-01..2024-03` (both ends included). It becomes a
half-open interval [since, until) of UTC instants, so consecutive periods never share a journey.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from journeymap.errors import JourneymapError

GRAINS = ("day", "week", "month", "quarter", "year")


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _day(year: str, month: str, day: str) -> tuple[date, date]:
    start = date(int(year), int(month), int(day))
    return start, start + timedelta(days=1)


def _week(year: str, week: str) -> tuple[date, date]:
    start = date.fromisocalendar(int(year), int(week), 1)
    return start, start + timedelta(days=7)


def _month(year: str, month: str) -> tuple[date, date]:
    start = date(int(year), int(month), 1)
    return start, _month_start(int(year), int(month) + 1)


def _quarter(year: str, quarter: str) -> tuple[date, date]:
    first = 3 * (int(quarter) - 1) + 1
    return _month_start(int(year), first), _month_start(int(year), first + 3)


def _year(year: str) -> tuple[date, date]:
    return date(int(year), 1, 1), date(int(year) + 1, 1, 1)


_FORMS = (
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), _day),
    (re.compile(r"(\d{4})-W(\d{1,2})"), _week),
    (re.compile(r"(\d{4})-Q([1-4])"), _quarter),
    (re.compile(r"(\d{4})-(\d{2})"), _month),
    (re.compile(r"(\d{4})"), _year),
)


def _one(text: str) -> tuple[date, date]:
    for pattern, bounds in _FORMS:
        match = pattern.fullmatch(text.strip())
        if match:
            try:
                return bounds(*match.groups())
            except ValueError as exc:
                raise JourneymapError(f"{text!r} is not a period: {exc}", field="period") from exc
    raise JourneymapError(f"{text!r} is not a period; use 2024, 2024-Q2, 2024-03, 2024-W10, "
                          f"2024-03-05 or a range like 2024-01..2024-03", field="period")


def _instant(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def period_bounds(text: str) -> tuple[datetime, datetime]:
    """[since, until) in UTC of a period or an inclusive range of periods 'A..B'."""
    first, sep, last = text.partition("..")
    start, end = _one(first)
    if sep:
        end = _one(last)[1]
    if end <= start:
        raise JourneymapError(f"{text!r} ends before it starts", field="period")
    return _instant(start), _instant(end)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 date or date-time ('2024-03-05', '2024-03-05T10:00:00+01:00') in UTC.

    Without an offset it is taken as UTC, like every timestamp of the store.
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise JourneymapError(f"{text!r} is not an ISO 8601 date or date-time",
                              field="since/until") from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
