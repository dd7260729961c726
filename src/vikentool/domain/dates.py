"""Date values: the points the data is written in, command-line dates, and the window rule.

Kept free of pydantic and third-party imports so the CLI can parse its options cheaply.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from vikentool.errors import UsageError

OSLO = "Europe/Oslo"

DayRange = tuple[date, date]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_TIME_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


def month_range(year: int, month: int) -> DayRange:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def parse_point(text: str) -> tuple[DayRange, str]:
    """A data-file point: ``YYYY-MM-DD`` (a day) or ``YYYY-MM`` (a whole month).

    Returns the days it covers and its precision (``day`` or ``month``).
    """
    match = _DAY.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            single = date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        return (single, single), "day"
    match = _MONTH.match(text)
    if match:
        year, month = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        return month_range(year, month), "month"
    raise ValueError(f"{text!r} is neither a day (YYYY-MM-DD) nor a month (YYYY-MM)")


def parse_time_span(text: str) -> tuple[str, str]:
    """``"09:00-12:00"`` to its two ends; the end must come after the start."""
    match = _TIME_SPAN.match(text.replace(" ", ""))
    if not match:
        raise ValueError(f"{text!r} is not a time span like '09:00-12:00'")
    h1, m1, h2, m2 = match.groups()
    start, end = f"{h1}:{m1}", f"{h2}:{m2}"
    if end <= start:
        raise ValueError(f"the time span {text!r} ends before it starts")
    return start, end


@dataclass(frozen=True)
class Window:
    """The days a query asks about; ``None`` on a side means open."""

    start: date | None = None
    end: date | None = None

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None

    def overlaps(self, lo: date, hi: date) -> bool:
        """Whether some day of ``lo``..``hi`` is in the window (never, if the window is empty)."""
        first = lo if self.start is None else max(lo, self.start)
        last = hi if self.end is None else min(hi, self.end)
        return first <= last

    def covers(self, lo: date, hi: date) -> bool:
        return (self.start is None or lo >= self.start) and (self.end is None or hi <= self.end)


@dataclass(frozen=True)
class WindowMatch:
    shown: bool
    uncertain: bool


def match_window(ranges: tuple[DayRange, ...], tentative: bool, window: Window) -> WindowMatch:
    """The rule: show what *may* fall in the window; mark what only partly does.

    ``ranges`` are the item's possible days (several for alternatives). An item is shown when
    any possible day lies in the window. It is uncertain when some possible day lies outside
    it, or when the document itself marks it tentative. Undated items (no ranges) are never
    matched here; callers list them separately.
    """
    if not ranges:
        return WindowMatch(False, False)
    shown = any(window.overlaps(lo, hi) for lo, hi in ranges)
    if not shown:
        return WindowMatch(False, False)
    partial = not all(window.covers(lo, hi) for lo, hi in ranges)
    return WindowMatch(True, partial or tentative)


# --- dates typed by a person on the command line -------------------------------------------

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("januar", "january", "jan"),
        ("februar", "february", "feb", "febr"),
        ("mars", "march", "mar"),
        ("april", "apr"),
        ("mai", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nov"),
        ("desember", "december", "des", "dec"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

ACCEPTED_DATE_FORMS = "2021-04-12, 12.04.2021, 12.4.2021, '12. april 2021', or today"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\.?\s*([^\W\d_]+)\.?,?\s+(\d{4})$")


class DateInputError(UsageError, ValueError):
    """A date or duration typed by a user that the tool cannot read."""


def parse_cli_date(text: str, today: date) -> date:
    """Read a date as a Norwegian or international user would type it."""
    value = " ".join(text.strip().split())
    lowered = value.lower()
    if lowered in ("today", "i dag", "idag"):
        return today
    parts: tuple[int, int, int] | None = None
    if m := _ISO.match(value):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif m := _DOTTED.match(value):
        parts = int(m[3]), int(m[2]), int(m[1])
    elif m := _WORDS.match(lowered):
        month = MONTHS.get(m[2])
        if month is not None:
            parts = int(m[3]), month, int(m[1])
    if parts is not None:
        try:
            return date(*parts)
        except ValueError:
            pass
    raise DateInputError(f"{text!r} is not a date; use {ACCEPTED_DATE_FORMS}")


_DURATION = re.compile(r"^(\d{1,4})\s*([dwmy])$")


def parse_within(text: str, reference: date) -> date:
    """``30d``, ``6w``, ``3m`` or ``1y`` from ``reference``: the last day of that period."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise DateInputError(
            f"{text!r} is not a period; use a number and d, w, m or y, like 30d, 6w, 3m, 1y"
        )
    amount, unit = int(match[1]), match[2]
    if unit == "d":
        return reference + timedelta(days=amount)
    if unit == "w":
        return reference + timedelta(weeks=amount)
    months = amount * (12 if unit == "y" else 1)
    year, month0 = divmod(reference.month - 1 + months, 12)
    year += reference.year
    last = calendar.monthrange(year, month0 + 1)[1]
    try:
        return date(year, month0 + 1, min(reference.day, last))
    except (ValueError, OverflowError):
        raise DateInputError(f"{text!r} reaches past the year 9999") from None


# --- text matching ----------------------------------------------------------------------------

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form: ``Næring``, ``naering`` and ``naring`` all meet.

    æ folds to ``ae``; a query is also tried with ``ae`` read as ``a`` (see ``text_matches``).
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def text_matches(query: str, *fields: str | None) -> bool:
    needle = fold(query)
    haystacks = [fold(f) for f in fields if f]
    loose_haystacks = [h.replace("ae", "a") for h in haystacks]
    loose_needle = needle.replace("ae", "a")
    return any(needle in h for h in haystacks) or any(loose_needle in h for h in loose_haystacks)
