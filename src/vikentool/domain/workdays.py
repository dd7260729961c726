"""Weekends and Norwegian public holidays: warnings for deadlines, and working-day lead times."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

WEEKDAYS_NO = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

# 1 and 17 May are "offentlige høytidsdager" by the 1947 law (lov 1947-04-26-1); the other
# public holidays are "helligdager" (helligdagsloven).
_HOYTIDSDAGER = {(5, 1), (5, 17)}


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> dict[date, str]:
    import holidays

    return dict(holidays.country_holidays("NO", years=[year], language="no").items())


def holiday_name(day: date) -> str | None:
    return _holidays_for(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def is_hoytidsdag(day: date) -> bool:
    return (day.month, day.day) in _HOYTIDSDAGER


def day_warning(day: date) -> str | None:
    """Why a deadline on ``day`` is awkward: a weekend, a public holiday, or both. Always in
    Norwegian: it is machine output, and the holiday names are Norway's own."""
    parts: list[str] = []
    if day.weekday() >= 5:
        parts.append(WEEKDAYS_NO[day.weekday()])
    name = holiday_name(day)
    if name is not None:
        category = "Offentlig høytidsdag" if is_hoytidsdag(day) else "Helligdag"
        parts.append(f"{category}{_NAME_SEPARATOR}{name}")
    return "; ".join(parts) or None


_NAME_SEPARATOR = ": "


def warned_holiday(warning: str) -> str | None:
    """The holiday's name in a warning ``day_warning`` wrote (kept with the catalog, so that
    no command needs the holidays library to word the warning in another language)."""
    _, found, name = warning.rpartition(_NAME_SEPARATOR)
    return name if found else None


def working_days_before(day: date, count: int) -> date:
    """The day ``count`` working days before ``day`` (weekends and holidays skipped)."""
    current = day
    remaining = count
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
