"""The one presentation of a date for people: exactly as vague as the document wrote it.

Every output that shows a date in words (tables, ``show``, ``plans``, the calendar's text)
uses ``date_text``; machine output keeps ISO dates beside it. An uncertain date gets the
marker ``?`` (a month, a year, alternatives, or a date the document hedges); the long form
also says "foreløpig" where the document hedges.
"""

from __future__ import annotations

from datetime import date

from vikentool.domain.dates import DateSpec

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
MARK = "?"
HEDGED = "foreløpig"


def day_text(day: date, year: bool = True) -> str:
    """``12. april 2021``."""
    text = f"{day.day}. {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _point(point: str, year: bool) -> str:
    """A data-file point, ``2021-04-12`` or ``2021-04``, in words."""
    if len(point) == 10:
        return day_text(date.fromisoformat(point), year)
    text = MONTHS[int(point[5:7]) - 1]
    return f"{text} {point[:4]}" if year else text


def _span(first: str, last: str) -> str:
    if first[:4] != last[:4]:
        return f"{_point(first, True)}–{_point(last, True)}"
    if len(first) == len(last) == 10 and first[:7] == last[:7]:
        return f"{int(first[8:])}.–{_point(last, True)}"  # 10.–15. mai 2021
    return f"{_point(first, False)}–{_point(last, True)}"


def _alternatives(points: tuple[str, ...]) -> str:
    one_year = len({p[:4] for p in points}) == 1
    words = [_point(p, not one_year) for p in points]
    text = ", ".join(words[:-1]) + " eller " + words[-1]
    return f"{text} {points[0][:4]}" if one_year else text


def plain_text(spec: DateSpec) -> str:
    """The date in words, without a marker: ``10.–15. mai 2021``, ``juni eller september
    2021``, ``i løpet av 2021``, ``løpende``, ``ikke oppgitt``."""
    points = spec.points
    if spec.form == "day":
        text = _point(points[0], True)
        if spec.time:
            start, end = spec.time.replace(" ", "").split("-")
            text += f" kl. {start}–{end}"
        return text
    if spec.form == "span":
        return _span(points[0], points[1])
    if spec.form == "month":
        return _point(points[0], True)
    if spec.form == "alternatives":
        return _alternatives(tuple(sorted(points)))
    if spec.form == "year":
        return period_text(*spec.ranges[0])
    if spec.form == "rolling":
        return "løpende"
    return "ikke oppgitt"


def period_text(first: date, last: date) -> str:
    """A whole month or year that is all the document gives: ``i løpet av juni 2021``,
    ``i løpet av 2021``."""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return f"i løpet av {first.year}"
    return f"i løpet av {MONTHS[first.month - 1]} {first.year}"


def date_text(spec: DateSpec, *, long: bool = False, uncertain: bool = False) -> str:
    """The date in words, with ``? `` in front when it is uncertain (a month, a year,
    alternatives, or hedged by the document; or ``uncertain``: the caller knows more, such as
    a window that cuts it). ``long`` adds "(foreløpig)" where the document hedges."""
    text = plain_text(spec)
    if spec.tentative and long:
        text += f" ({HEDGED})"
    if spec.is_dated and (uncertain or spec.uncertain):
        text = f"{MARK} {text}"
    return text
