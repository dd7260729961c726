"""Values a person types: dates, periods, kinds, whole numbers. Errors name the value only;
the CLI adds which option it came from."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, timedelta

from vikentool.domain.kinds import ALIASES, ALL_KINDS, DEADLINE_KINDS, ItemKind
from vikentool.errors import UsageError

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
    raise UsageError(f"{text!r} is not a date; use {ACCEPTED_DATE_FORMS}")


_DURATION = re.compile(r"^(\d{1,4})\s*([dwmy])$")


def parse_within(text: str, reference: date) -> date:
    """``30d``, ``6w``, ``3m`` or ``1y`` from ``reference``: the last day of that period."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise UsageError(
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
        raise UsageError(f"{text!r} reaches past the year 9999") from None


def parse_kinds(values: Sequence[str], default: Sequence[ItemKind]) -> tuple[ItemKind, ...]:
    """Kind names (repeatable, comma-separated allowed) to item kinds; ``all`` for all,
    ``deadlines`` for application and hearing deadlines."""
    if not values:
        return tuple(default)
    kinds: list[ItemKind] = []
    for value in values:
        for raw in value.split(","):
            name = raw.strip().lower().replace("-", "_")
            if name == "all":
                return ALL_KINDS
            if name == "deadlines":
                kinds.extend(DEADLINE_KINDS)
                continue
            kind = ALIASES.get(name) or next((k for k in ALL_KINDS if k == name), None)
            if kind is None:
                raise UsageError(
                    f"{raw.strip()!r} is not a kind; use one of "
                    f"{', '.join(ALL_KINDS)}, deadlines or all"
                )
            kinds.append(kind)
    return tuple(dict.fromkeys(kinds))


def parse_whole_number(text: str, low: int, high: int) -> int:
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise UsageError(f"{text!r} is not a whole number from {low} to {high}")
    return int(value)


_ALARM = re.compile(r"^(\d{1,3})\s*([dw])$")


def parse_alarm(text: str) -> int:
    """A reminder's distance before an event, ``14d`` or ``2w``, in days."""
    match = _ALARM.match(text.strip().lower())
    if not match:
        raise UsageError(f"{text!r} is not a period before the event; use e.g. 14d or 2w")
    days = int(match[1]) * (7 if match[2] == "w" else 1)
    if days > 366:
        raise UsageError(f"{text!r} is more than a year before the event")
    return days
