"""The one presentation of a date for people: exactly as vague as the document wrote it.

Every output that shows a date in words (tables, ``show``, ``plans``, the calendar's text)
uses ``date_text``; machine output keeps ISO dates beside it. An uncertain date gets the
marker ``?`` (a month, a year, alternatives, or a date the document hedges); the long form
also says "foreløpig" where the document hedges.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from vikentool.domain.dates import DateSpec
from vikentool.i18n import _, month_name, pgettext

if TYPE_CHECKING:
    from vikentool.domain.catalog import Move

MARK = "?"


def _pattern() -> str:
    """The CLDR long date pattern: ``d. MMMM y`` in Norwegian, ``d MMMM y`` in English."""
    return pgettext("date pattern", "d MMMM y")


# The fields of a CLDR date pattern that dates here use; a day keeps the dot that follows it
# ("d." in Norwegian), so that a pattern without its day loses the dot too.
_FIELD = re.compile(r"MMMM|d+\.?|y+")
_DAY_FIELD = re.compile(r"d+(\.?)")


def _format(pattern: str, day: int | None, month: int, year: int | None) -> str:
    """A CLDR pattern with only ``d``, ``MMMM`` and ``y`` filled in; a part given as None is
    left out with the punctuation and space that belong to it."""

    def field(found: re.Match[str]) -> str:
        token = found.group()
        if token == "MMMM":
            return month_name(month)
        if token[0] == "d":
            return "" if day is None else str(day) + token.lstrip("d")
        return "" if year is None else str(year)

    return " ".join(_FIELD.sub(field, pattern).split()).strip(" ,")


def day_text(day: date, year: bool = True) -> str:
    """``12. april 2021`` (``12 April 2021`` in English)."""
    return _format(_pattern(), day.day, day.month, day.year if year else None)


def _day_number(day: int) -> str:
    """The day alone as the pattern writes it before the month: ``10.`` or ``10``."""
    found = _DAY_FIELD.search(_pattern())
    return str(day) + (found.group(1) if found else "")


def _point(point: str, year: bool) -> str:
    """A data-file point, ``2021-04-12`` or ``2021-04``, in words."""
    if len(point) == 10:
        return day_text(date.fromisoformat(point), year)
    return _format(_pattern(), None, int(point[5:7]), int(point[:4]) if year else None)


def _span(first: str, last: str) -> str:
    if first[:4] != last[:4]:
        return f"{_point(first, True)}–{_point(last, True)}"
    if len(first) == len(last) == 10 and first[:7] == last[:7]:
        return f"{_day_number(int(first[8:]))}–{_point(last, True)}"  # 10.–15. mai 2021
    return f"{_point(first, False)}–{_point(last, True)}"


def _alternatives(points: tuple[str, ...], breaks: bool) -> str:
    one_year = len({p[:4] for p in points}) == 1
    words = [_point(p, not one_year) for p in points]
    text = _("{some} or {last}").format(some=", ".join(words[:-1]), last=words[-1])
    if breaks:
        text = text.replace(" " + words[-1], "\n" + words[-1])
    return f"{text} {points[0][:4]}" if one_year else text


def plain_text(spec: DateSpec, *, breaks: bool = False) -> str:
    """The date in words, without a marker: ``10.–15. mai 2021``, ``juni eller september
    2021``, ``i løpet av 2021``, ``løpende``, ``ikke oppgitt``. ``breaks``: alternatives and a
    time of day on lines of their own (a narrow column)."""
    points = spec.points
    if spec.form == "day":
        text = _point(points[0], True)
        if spec.time:
            start, end = spec.time.replace(" ", "").split("-")
            at = _("at {start}–{end}").format(start=start, end=end)
            text += ("\n" if breaks else " ") + at
        return text
    if spec.form == "span":
        return _span(points[0], points[1])
    if spec.form == "month":
        return _point(points[0], True)
    if spec.form == "alternatives":
        return _alternatives(tuple(sorted(points)), breaks)
    if spec.form == "year":
        return period_text(*spec.ranges[0])
    if spec.form == "rolling":
        return _("ongoing")
    return _("not given")


def period_text(first: date, last: date) -> str:
    """A whole month or year that is all the document gives: ``i løpet av juni 2021``,
    ``i løpet av 2021``."""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return _("during {period}").format(period=first.year)
    month = _format(_pattern(), None, first.month, first.year)
    return _("during {period}").format(period=month)


def date_text(
    spec: DateSpec, *, long: bool = False, uncertain: bool = False, breaks: bool = False
) -> str:
    """The date in words, with ``? `` in front when it is uncertain (a month, a year,
    alternatives, or hedged by the document; or ``uncertain``: the caller knows more, such as
    a window that cuts it). ``long`` adds "(foreløpig)" where the document hedges."""
    text = plain_text(spec, breaks=breaks)
    if spec.tentative and long:
        text += " " + _("(tentative)")
    if spec.is_dated and (uncertain or spec.uncertain):
        text = f"{MARK} {text}"
    return text


def moved_text(move: Move) -> str:
    """One recorded change of a date, for people: ``Flyttet fra 1. mai 2021 («1.mai») den
    20. april 2021 (kilde: ...)``, or for new words on the same days ``Omformulert den ...``."""
    if move.kind == "reworded":
        return _("Reworded on {day}; it said «{wording}» (source: {source})").format(
            day=day_text(move.changed_on), wording=move.before.as_written, source=move.citation
        )
    return _("Moved from {date} («{wording}») on {day} (source: {source})").format(
        date=date_text(move.before, long=True),
        wording=move.before.as_written,
        day=day_text(move.changed_on),
        source=move.citation,
    )
