"""Weekends and Norwegian public holidays: warnings for deadlines, and working-day lead times."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

WEEKDAYS_NO = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

# 1 and 17 May are "offentlige høytidsdager" by the 1947 law (lov 1947-04-26-1); the other
# public holidays are "helligdager" (helligdagsloven).
_HOYTIDSDAGER = {(5, 1), (5, 17)}


# Norway's public holidays by the rule that sets each (helligdagsloven; 1 and 17 May from
# 1947): days after Easter Sunday, or a fixed day. Computed here because the ``holidays``
# package can only answer for Norway after importing every country it knows, which was the
# largest part of a first run; the tests hold this table to the package for every year the
# package covers. Two holidays on one day are named as the package names them: both, in
# alphabetical order, joined by "; ".
_AFTER_EASTER = (
    (-3, "Skjærtorsdag"),
    (-2, "Langfredag"),
    (0, "Første påskedag"),
    (1, "Andre påskedag"),
)
_FROM_1947 = (((5, 1), "Arbeidernes dag"), ((5, 17), "Grunnlovsdag"))
_WHITSUN = ((39, "Kristi himmelfartsdag"), (49, "Første pinsedag"), (50, "Andre pinsedag"))
_CHRISTMAS = (((12, 25), "Første juledag"), ((12, 26), "Andre juledag"))


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def holidays_of(year: int) -> dict[date, str]:
    """Norway's public holidays in ``year``, by day, with their Norwegian names."""
    easter = easter_sunday(year)
    named: list[tuple[date, str]] = [(date(year, 1, 1), "Første nyttårsdag")]
    named += [(easter + timedelta(days=n), name) for n, name in _AFTER_EASTER]
    if year >= 1947:
        named += [(date(year, m, d), name) for (m, d), name in _FROM_1947]
    named += [(easter + timedelta(days=n), name) for n, name in _WHITSUN]
    named += [(date(year, m, d), name) for (m, d), name in _CHRISTMAS]
    names: dict[date, list[str]] = {}
    for day, name in named:
        names.setdefault(day, []).append(name)
    return {day: "; ".join(sorted(found)) for day, found in names.items()}


def holiday_name(day: date) -> str | None:
    return holidays_of(day.year).get(day)


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
