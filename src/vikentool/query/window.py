"""Selecting dated items and turning them into flat rows, shared by listing and export commands.

The rule (also in ``viken deadlines --help`` and the README): an item is shown when any of
its possible days falls in the window; it is marked uncertain when only some of them do, or
when the document itself hedges. Undated items (rolling, unknown) are listed separately, only
when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from vikentool.dates import Window, WindowMatch, match_window, text_matches
from vikentool.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from vikentool.catalog import Item
    from vikentool.snapshot import IndexedItem, Snapshot

ALL_KINDS = (
    "application_deadline",
    "hearing_deadline",
    "hearing_reply",
    "announcement",
    "milestone",
    "session",
)
DEADLINE_KINDS = ("application_deadline", "hearing_deadline")
_KIND_ALIASES = {
    "application": "application_deadline",
    "hearing": "hearing_deadline",
    "reply": "hearing_reply",
    "announcements": "announcement",
    "milestones": "milestone",
    "sessions": "session",
}


def parse_kinds(values: Sequence[str], default: Sequence[str]) -> tuple[str, ...]:
    """``--kind`` values (repeatable, comma-separated allowed) to item kinds; ``all`` for all."""
    if not values:
        return tuple(default)
    kinds: list[str] = []
    for value in values:
        for raw in value.split(","):
            name = raw.strip().lower().replace("-", "_")
            if name == "all":
                return ALL_KINDS
            if name == "deadlines":
                kinds.extend(DEADLINE_KINDS)
                continue
            name = _KIND_ALIASES.get(name, name)
            if name not in ALL_KINDS:
                raise UsageError(
                    f"--kind: {raw.strip()!r} is not a kind; use one of "
                    f"{', '.join(ALL_KINDS)}, deadlines or all"
                )
            kinds.append(name)
    return tuple(dict.fromkeys(kinds))


@dataclass(frozen=True)
class ItemFilter:
    kinds: tuple[str, ...] = DEADLINE_KINDS
    window: Window = field(default_factory=Window)
    scheme: str | None = None
    owner: str | None = None
    search: str | None = None


@dataclass(frozen=True)
class Selected:
    item: IndexedItem
    match: WindowMatch


@dataclass(frozen=True)
class Selection:
    dated: list[Selected]
    undated: list[IndexedItem]


def suggest(unknown: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(unknown, list(known), n=3, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else ""


def select(snapshot: Snapshot, flt: ItemFilter) -> Selection:
    if flt.scheme is not None and flt.scheme not in snapshot.scheme_ids:
        raise NotFoundError(
            f"no scheme with id {flt.scheme!r}" + suggest(flt.scheme, snapshot.scheme_ids)
        )
    dated: list[Selected] = []
    undated: list[IndexedItem] = []
    kinds = set(flt.kinds)
    for item in snapshot.items:
        if item.kind not in kinds:
            continue
        if flt.scheme is not None and item.scheme_id != flt.scheme:
            continue
        if flt.owner is not None and not text_matches(flt.owner, item.owner):
            continue
        if flt.search is not None and not text_matches(flt.search, *item.haystack):
            continue
        if not item.ranges:
            undated.append(item)
            continue
        match = match_window(item.ranges, item.tentative, flt.window)
        if match.shown:
            dated.append(Selected(item, match))
    return Selection(dated, undated)


def data_range(snapshot: Snapshot) -> tuple[date, date] | None:
    if snapshot.first_day is None or snapshot.last_day is None:
        return None
    return snapshot.first_day, snapshot.last_day


# --- rows ---------------------------------------------------------------------------------

ROW_FIELDS = (
    "id",
    "title",
    "kind",
    "scheme",
    "scheme_name",
    "date",
    "latest",
    "as_written",
    "form",
    "tentative",
    "year_inferred",
    "uncertain_in_window",
    "days_left",
    "status",
    "holiday_warning",
    "internal_deadline",
    "start_time",
    "end_time",
    "amount_nok",
    "amount_as_written",
    "owner",
    "contact",
    "contact_email",
    "contact_phone",
    "url",
    "source",
)


def status_of(item: IndexedItem, as_of: date) -> str:
    earliest, latest = item.earliest, item.latest
    if earliest is None or latest is None:
        return "undated"
    if latest < as_of:
        return "passed"
    if earliest <= as_of:
        return "today" if earliest == latest else "now"
    return "upcoming"


def days_left(item: IndexedItem, as_of: date) -> int | None:
    """Days from ``as_of`` to the earliest possible day; 0 while a span is running; negative
    (days since the latest possible day) once it has passed."""
    earliest, latest = item.earliest, item.latest
    if earliest is None or latest is None:
        return None
    if latest < as_of:
        return (latest - as_of).days
    return max(0, (earliest - as_of).days)


def item_row(
    selected: Selected | IndexedItem, as_of: date, lead: int | None = None
) -> dict[str, Any]:
    """One flat, JSON-ready row. Keys are always ``ROW_FIELDS``, in that order."""
    if isinstance(selected, Selected):
        item, uncertain = selected.item, selected.match.uncertain
    else:
        item, uncertain = selected, True
    internal: date | None = None
    if lead is not None and item.earliest is not None and item.kind in DEADLINE_KINDS:
        from vikentool.workdays import working_days_before

        internal = working_days_before(item.earliest, lead)
    dynamic = {
        "uncertain_in_window": uncertain or item.tentative,
        "days_left": days_left(item, as_of),
        "status": status_of(item, as_of),
        "internal_deadline": internal.isoformat() if internal else None,
    }
    return {f: dynamic[f] if f in dynamic else item.static[f] for f in ROW_FIELDS}


def window_from_options(
    *,
    as_of: date,
    before: date | None = None,
    after: date | None = None,
    on: date | None = None,
    within_end: date | None = None,
    upcoming: bool = False,
) -> Window:
    """The intersection of every window option given; open where none is."""
    starts = [d for d in (after, on, as_of if upcoming else None) if d is not None]
    if within_end is not None:
        starts.append(as_of)
    ends = [d for d in (before, on, within_end) if d is not None]
    return Window(max(starts) if starts else None, min(ends) if ends else None)


def next_deadline(items: Sequence[Item], as_of: date) -> tuple[Item | None, bool]:
    """The first deadline not yet passed on ``as_of``, else the last one (``passed`` True)."""
    dated = [i for i in items if i.date.is_dated]
    upcoming = [i for i in dated if i.date.latest is not None and i.date.latest >= as_of]
    if upcoming:
        return min(upcoming, key=lambda i: i.sort_key), False
    if dated:
        return max(dated, key=lambda i: (i.date.latest or date.min, i.title)), True
    return None, False


def plan_status(items: Sequence[Item], as_of: date) -> str:
    """done, under way, coming or unknown, from a plan's dated milestones on ``as_of``."""
    dated = [i for i in items if i.date.is_dated]
    if not dated:
        return "unknown"
    if all(i.date.latest is not None and i.date.latest < as_of for i in dated):
        return "done"
    if all(i.date.earliest is not None and i.date.earliest > as_of for i in dated):
        return "coming"
    return "under way"
