"""Which items a listing shows: the window rule and the filter every listing command takes.

The rule (also in ``viken deadlines --help`` and the README): an item is shown when any of
its possible days falls in the window; it is marked uncertain when only some of them do, or
when the document itself hedges. Undated items (rolling, unknown) are kept apart, for the
commands to list when asked.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from vikentool.domain.kinds import DEADLINE_KINDS, ItemKind, label
from vikentool.errors import NotFoundError
from vikentool.i18n import _
from vikentool.query.text import find_id, suggest, text_matches

if TYPE_CHECKING:
    from vikentool.domain.catalog import Catalog, Item
    from vikentool.domain.dates import DayRange


class Window(NamedTuple):
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


class WindowMatch(NamedTuple):
    shown: bool
    uncertain: bool


def match_window(ranges: tuple[DayRange, ...], tentative: bool, window: Window) -> WindowMatch:
    """Shown when any possible day lies in the window; uncertain when some possible day lies
    outside it, or when the document itself marks it tentative. Undated items (no ranges) are
    never matched here."""
    if not ranges:
        return WindowMatch(False, False)
    shown = any(window.overlaps(lo, hi) for lo, hi in ranges)
    if not shown:
        return WindowMatch(False, False)
    partial = not all(window.covers(lo, hi) for lo, hi in ranges)
    return WindowMatch(True, partial or tentative)


def window_from_options(
    *,
    as_of: date,
    before: date | None = None,
    after: date | None = None,
    on: date | None = None,
    within_end: date | None = None,
    upcoming: bool = False,
) -> Window:
    """The intersection of every bound given; open where none is."""
    starts = [d for d in (after, on, as_of if upcoming else None) if d is not None]
    if within_end is not None:
        starts.append(as_of)
    ends = [d for d in (before, on, within_end) if d is not None]
    return Window(max(starts) if starts else None, min(ends) if ends else None)


class ItemFilter(NamedTuple):
    """What a listing asks for: kinds, a window, a scheme, an owner, a text, and an applicant
    category (``applicant``: items of schemes the documents open to others are left out;
    those of schemes whose documents do not say, and of no scheme, are kept)."""

    kinds: tuple[ItemKind, ...] = DEADLINE_KINDS
    window: Window = Window()
    scheme: str | None = None
    owner: str | None = None
    search: str | None = None
    applicant: str | None = None


def window_text(window: Window) -> str:
    """The window in words, for a message: ``between 2021-04-12 and 2021-05-01``."""
    start, end = window
    if start is not None and end is not None:
        if start == end:
            return _("on {day}").format(day=start)
        return _("between {start} and {end}").format(start=start, end=end)
    if start is not None:
        return _("on or after {start}").format(start=start)
    if end is not None:
        return _("on or before {end}").format(end=end)
    return _("on any day")


def filter_text(flt: ItemFilter) -> str:
    """The filters in words, for a message: ``kinds: application deadline; scheme: rff``."""
    parts = [_("kinds: {kinds}").format(kinds=", ".join(label(k) for k in flt.kinds))]
    if flt.scheme is not None:
        parts.append(_("scheme: {id}").format(id=flt.scheme))
    if flt.owner is not None:
        parts.append(_("owner: {text}").format(text=repr(flt.owner)))
    if flt.search is not None:
        parts.append(_("search: {text}").format(text=repr(flt.search)))
    if flt.applicant is not None:
        from vikentool.domain.applicants import label as category_label

        parts.append(_("for: {category}").format(category=category_label(flt.applicant)))
    return "; ".join(parts)


def no_items_text(flt: ItemFilter, data_days: tuple[date, date] | None = None) -> str:
    """What a listing says when nothing matched: the window and the filters it used, and the
    first and last day in the data when given."""
    if flt.window.is_open:
        text = _("No items match ({filters}).").format(filters=filter_text(flt))
    else:
        text = _("No items {window} match ({filters}).").format(
            window=window_text(flt.window), filters=filter_text(flt)
        )
    if data_days is None:
        return text
    first, last = data_days
    return (
        text
        + " "
        + _("Dates in the data run from {first} to {last}.").format(first=first, last=last)
    )


def no_events_text(flt: ItemFilter) -> str:
    """What ``export-ics`` says on stderr when the calendar it wrote has no event."""
    if flt.window.is_open:
        return _("no events ({filters}); the calendar written is empty").format(
            filters=filter_text(flt)
        )
    return _("no events {window} ({filters}); the calendar written is empty").format(
        window=window_text(flt.window), filters=filter_text(flt)
    )


class Selected(NamedTuple):
    item: Item
    match: WindowMatch


class Selection(NamedTuple):
    dated: list[Selected]
    undated: list[Item]

    def items(self, with_undated: bool = True) -> list[Item]:
        return [s.item for s in self.dated] + (self.undated if with_undated else [])


def select(catalog: Catalog, flt: ItemFilter) -> Selection:
    scheme_id = None
    if flt.scheme is not None:
        known = [s.id for s in catalog.schemes]
        scheme_id = find_id(flt.scheme, known)
        if scheme_id is None:
            raise NotFoundError(
                _("no scheme with id {id}").format(id=repr(flt.scheme)) + suggest(flt.scheme, known)
            )
    dated: list[Selected] = []
    undated: list[Item] = []
    kinds = set(flt.kinds)
    for item in catalog.items:
        if item.kind not in kinds:
            continue
        if scheme_id is not None and (item.scheme is None or item.scheme.id != scheme_id):
            continue
        if flt.owner is not None and not text_matches(flt.owner, item.owner):
            continue
        if flt.search is not None and not text_matches(flt.search, *item.search_text):
            continue
        scheme = item.scheme
        if (
            flt.applicant is not None
            and scheme is not None
            and scheme.open_to(flt.applicant) is False
        ):
            continue
        if not item.date.ranges:
            undated.append(item)
            continue
        match = match_window(item.date.ranges, item.date.tentative, flt.window)
        if match.shown:
            dated.append(Selected(item, match))
    return Selection(dated, undated)
