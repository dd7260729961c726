"""RFC 5545 calendars from catalog items, built with the icalendar package.

* A day is an all-day event (DTEND the next day); a span is one all-day event over the span;
  a month, a year and each of several alternatives are tentative all-day events over their
  whole range. A timed day is a Europe/Oslo event, with a VTIMEZONE that states the EU rule
  as one yearly pair of changes, the shape Outlook reads.
* Uncertain events say so three ways, because many clients ignore STATUS: STATUS:TENTATIVE,
  a leading "? " in the SUMMARY, and the document's own words in the DESCRIPTION.
* With a lead time, each application or hearing deadline also gets an all-day "internal
  deadline" that many working days before its first possible day, linked to it (RELATED-TO).
* Output is reproducible: UIDs come from the record id alone, DTSTAMP from
  SOURCE_DATE_EPOCH or from the data, and nothing depends on the clock or on dict order.
* Each event is first an ``EventSpec``. icalendar writes the calendar's head, its VTIMEZONE
  and the timed events; the all-day events, nearly all of a large calendar, are written
  directly (``render.ics_lines``), in the bytes icalendar would write, which the tests hold
  it to (``takes_direct_path`` says which events may).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from icalendar import (
    Alarm,
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vText,
)

from vikentool.domain.dates import (
    OSLO,
    OSLO_CLOCK_CHANGES,
    OSLO_RULE_SINCE,
    ClockChange,
    DateSpec,
    oslo_rule_holds,
)
from vikentool.domain.kinds import DEADLINE_KINDS, ItemKind
from vikentool.domain.numbers import norwegian_number
from vikentool.domain.records import as_data
from vikentool.errors import UsageError
from vikentool.i18n import N_, _, ngettext
from vikentool.query.reports import internal_deadline
from vikentool.render.ics_lines import (
    EventSpec,
    Reminder,
    escape_text,
    is_all_day,
    text_value,
    write_event,
)
from vikentool.render.present import date_text, day_text, moved_text, period_text
from vikentool.render.tables import applicant_lines

if TYPE_CHECKING:
    from vikentool.domain.catalog import Item
    from vikentool.domain.records import Contact, Scheme

_P = ParamSpec("_P")
_R = TypeVar("_R")

PRODID = "-//vikentool//viken export-ics//NO"
DEFAULT_NAME = N_("Viken: deadlines and dates")
# What a calendar holds unless asked otherwise: what people act on or attend.
DEFAULT_KINDS: tuple[ItemKind, ...] = (
    "application_deadline",
    "hearing_deadline",
    "milestone",
    "session",
)
ALARM_HOUR = 9  # an all-day event's reminder goes off at 09:00 local time
# How often a subscribed calendar should be fetched again: a moved deadline then reaches
# people's calendars within a day, and deadlines do not move by the hour.
REFRESH = dt.timedelta(days=1)


@dataclass(frozen=True)
class Occurrence:
    """One calendar event: an item, or one alternative of an item."""

    item: Item
    start: dt.date
    end: dt.date  # inclusive last day
    tentative: bool
    alternative: int | None = None  # 1-based index among alternatives, in date order
    period: tuple[dt.date, dt.date] | None = None  # the whole period a marker stands for
    position: int = 1  # its 1-based place in the data file's list (1 unless alternatives)


# A range this long, when the document gives no day in it (a month, a year), becomes one
# marker on its first possible day instead of a banner over every day, unless asked for.
VAGUE_DAYS = 28


def occurrences(items: Sequence[Item], long_periods: bool = False) -> tuple[list[Occurrence], int]:
    """The events for ``items``, and how many items were left out for having no date.

    A month or a year (alone or as an alternative) is one tentative marker on its first
    possible day, saying the period in its summary; ``long_periods`` keeps it as an event
    over the whole period. Spans are real periods and stay spans."""
    events: list[Occurrence] = []
    undated = 0
    vague_forms = () if long_periods else ("month", "year", "alternatives")
    for item in items:
        spec = item.date
        ranges = spec.ranges
        if not ranges:
            undated += 1
            continue
        vague = spec.form in vague_forms
        uncertain = spec.uncertain
        if len(ranges) == 1:  # most dates: no alternatives to number or to place
            lo, hi = ranges[0]
            marker = vague and (hi - lo).days + 1 >= VAGUE_DAYS
            events.append(
                Occurrence(item, lo, lo if marker else hi, uncertain,
                           period=(lo, hi) if marker else None)
            )  # fmt: skip
            continue
        places = spec.written_positions()
        for index, ((lo, hi), place) in enumerate(zip(ranges, places, strict=True), 1):
            marker = vague and (hi - lo).days + 1 >= VAGUE_DAYS
            events.append(
                Occurrence(item, lo, lo if marker else hi, uncertain, index,
                           period=(lo, hi) if marker else None, position=place)
            )  # fmt: skip
    return events, undated


@dataclass(frozen=True)
class Lead:
    """An internal deadline: ``days`` working days before a deadline's first possible day."""

    deadline: Occurrence  # the deadline's event on its first possible day
    day: dt.date
    days: int


def leads(events: Sequence[Occurrence], days: int) -> list[Lead]:
    """One internal deadline for each application or hearing deadline among ``events``,
    counted from its first possible day (so from the first of several alternatives)."""
    found: list[Lead] = []
    seen: set[str] = set()
    # A deadline's internal deadline depends on its first possible day alone, and many
    # deadlines share one.
    counted: dict[dt.date, dt.date | None] = {}
    for occurrence in events:
        item = occurrence.item
        if item.kind not in DEADLINE_KINDS or item.id in seen:
            continue
        if occurrence.start != item.date.earliest:
            continue
        if occurrence.start in counted:
            day = counted[occurrence.start]
        else:
            day = counted[occurrence.start] = internal_deadline(item, days)
        if day is not None:
            seen.add(item.id)
            found.append(Lead(occurrence, day, days))
    return found


def source_date_epoch() -> dt.datetime | None:
    """The time in ``SOURCE_DATE_EPOCH`` (reproducible builds), if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            _("SOURCE_DATE_EPOCH={value} is not a Unix time").format(value=repr(epoch))
        ) from None


def reproducible_stamp(items: Sequence[Item]) -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH if set (reproducible builds), else from the data itself."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    # Never before a LAST-MODIFIED: a recorded change counts as much as a date.
    days = [hi for i in items for _, hi in i.date.ranges]
    days += [move.changed_on for i in items for move in i.moves]
    latest = max(days, default=dt.date(2021, 1, 1))
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC)


def _changes(item: Item) -> tuple[int, dt.date | None]:
    """SEQUENCE and the day of LAST-MODIFIED from the date's recorded changes, so that a
    calendar that holds the event replaces it with this one (RFC 5545 3.8.7.4); none for a
    date that never moved (SEQUENCE is 0 when absent)."""
    if item.moves:
        return len(item.moves), item.moves[-1].changed_on
    return 0, None


class _ExactText(vText):
    """TEXT escaped by RFC 5545 alone: icalendar's own escaping would change a written
    backslash-N (see ``escape_text``)."""

    def to_ical(self) -> bytes:
        return escape_text(self).encode("utf-8")


def _text(value: str) -> vText:
    return _ExactText(text_value(value))


def _uid(occurrence: Occurrence) -> str:
    return _uid_for(occurrence.item.id, occurrence.position)


def _uid_for(record_id: str, position: int) -> str:
    """The record id alone, so that a calendar that already holds the event updates it when
    the date moves. The second and later alternatives add their place in the data file's
    list, which adding another alternative does not change; the first keeps the bare id, so
    a single date that becomes alternatives (or back) keeps its event."""
    if position == 1:
        return f"{record_id}@vikentool"
    return f"{record_id}-alt{position}@vikentool"


def _uids_of(record_id: str, spec: DateSpec) -> list[tuple[str, dt.date]]:
    """The UIDs a date gives its events, each with its first day."""
    places = spec.written_positions()
    return [(_uid_for(record_id, p), lo) for (lo, _), p in zip(spec.ranges, places, strict=True)]


@dataclass(frozen=True)
class Withdrawn:
    """An event an earlier value of a date gave that the current value does not (an
    alternative dropped, a date withdrawn): written again as cancelled, so that a calendar
    that imported it does not keep a day that no longer holds."""

    item: Item
    uid: str
    day: dt.date


def withdrawn(items: Sequence[Item], lead: int | None) -> list[Withdrawn]:
    found: list[Withdrawn] = []
    for item in items:
        if not item.moves:
            continue
        current = {uid for uid, _ in _uids_of(item.id, item.date)}
        if lead is not None and internal_deadline(item, lead) is not None:
            current.add(_lead_uid(item))
        earlier: dict[str, dt.date] = {}
        for move in item.moves:  # oldest first: the latest day of each UID wins
            earlier.update(_uids_of(item.id, move.before))
            if lead is not None and (day := internal_deadline(item._replace(date=move.before),
                                                             lead)):  # fmt: skip
                earlier[_lead_uid(item)] = day
        found.extend(
            Withdrawn(item, uid, day) for uid, day in earlier.items() if uid not in current
        )
    return found


def _uid_of(entry: Occurrence | Lead) -> str:
    return _lead_uid(entry.deadline.item) if isinstance(entry, Lead) else _uid(entry)


def _lead_uid(item: Item) -> str:
    return f"{item.id}-lead@vikentool"


class _Shared:
    """What many events of one calendar say alike, worked out once for it: a date in words,
    a scheme's lines, a contact's. Only for one calendar, since the words are in the
    language of the moment; a scheme is known by identity and kept, so that its id is not
    another's."""

    def __init__(self) -> None:
        self._dates: dict[tuple[object, ...], str] = {}
        self._schemes: dict[int, tuple[Scheme, list[str]]] = {}
        self._periods: dict[tuple[dt.date, dt.date], str] = {}
        self._contacts: dict[Contact, tuple[str, str]] = {}

    def date_text(self, spec: DateSpec) -> str:
        """``date_text(spec, long=True)``, known by what it reads of ``spec``: the form, the
        points as written, the time, the ranges and whether the document hedges."""
        key: tuple[object, ...] = (spec.form, spec.written, spec.time, spec.tentative, spec.ranges)
        try:
            found = self._dates.get(key)
        except TypeError:  # alternatives, written as a list
            key = (spec.form, spec.points, spec.time, spec.tentative, spec.ranges)
            found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = date_text(spec, long=True)
        return found

    def period_text(self, period: tuple[dt.date, dt.date]) -> str:
        found = self._periods.get(period)
        if found is None:
            found = self._periods[period] = period_text(*period)
        return found

    def scheme_lines(self, scheme: Scheme) -> list[str]:
        """Its budget, the most one applicant gets, and who may apply."""
        found = self._schemes.get(id(scheme))
        if found is not None:
            return found[1]
        lines = []
        if scheme.budget is not None:
            lines.append(
                _("Budget: kr {amount} ({wording})").format(
                    amount=norwegian_number(scheme.budget.nok), wording=scheme.budget.as_written
                )
            )
        if scheme.max_per_applicant is not None:
            lines.append(
                _("At most: kr {amount} ({wording})").format(
                    amount=norwegian_number(scheme.max_per_applicant.nok),
                    wording=scheme.max_per_applicant.as_written,
                )
            )
        who = applicant_lines(as_data(scheme.applicants))
        lines.append(_("Who may apply: {text}").format(text="; ".join(who)))
        self._schemes[id(scheme)] = (scheme, lines)
        return lines

    def contact(self, contact: Contact) -> tuple[str, str]:
        """The CONTACT property's text, and the description's line."""
        found = self._contacts.get(contact)
        if found is None:
            text = ", ".join(p for p in (contact.name, contact.email, contact.phone) if p)
            phone = contact.phone and _("tel. {number}").format(number=contact.phone)
            parts = [contact.name, contact.email, phone]
            line = _("Contact: {contact}").format(contact=", ".join(p for p in parts if p))
            found = self._contacts[contact] = (text, line)
        return found


def _summary(occurrence: Occurrence, shared: _Shared) -> str:
    title = occurrence.item.title
    if occurrence.alternative is not None:
        count = len(occurrence.item.date.ranges)
        title = _("{title} (alternative {number} of {count})").format(
            title=title, number=occurrence.alternative, count=count
        )
    if occurrence.period is not None:
        title = f"{title} ({shared.period_text(occurrence.period)})"
    return f"? {title}" if occurrence.tentative else title


def _description(occurrence: Occurrence, shared: _Shared) -> str:
    item = occurrence.item
    spec = item.date
    lines = [
        _("Date: {date}").format(date=shared.date_text(spec)),
        _("As written: «{wording}»").format(wording=spec.as_written),
    ]
    if occurrence.period is not None:
        lines.append(
            _("Placed on the first possible day; the document says only {period}.").format(
                period=shared.period_text(occurrence.period)
            )
        )
    if occurrence.tentative:
        if occurrence.alternative:
            lines.append(_("Uncertain date: the document gives no certain day (alternatives)."))
        else:
            lines.append(_("Uncertain date: the document gives no certain day."))
    if spec.year_inferred:
        lines.append(
            _("The year ({year}) is not in the document; it follows from the date.").format(
                year=occurrence.start.year
            )
        )
    scheme = item.scheme
    if scheme is not None:
        if scheme.name not in item.title:
            lines.append(_("Scheme: {name}").format(name=scheme.name))
        lines.extend(shared.scheme_lines(scheme))
    elif item.parent_title and item.parent_title not in item.title:
        lines.append(_("Part of: {title}").format(title=item.parent_title))
    if item.note:
        lines.append(_("Note: {note}").format(note=item.note))
    for contact in item.contacts:
        lines.append(shared.contact(contact)[1])
    if item.url:
        lines.append(_("Link: {url}").format(url=item.url))
    lines.append(_("Source: {source}").format(source=item.citation))
    if item.moves:
        # Newest first: the change that explains the date a reader may remember.
        lines.extend(moved_text(move) for move in reversed(item.moves))
    return "\n".join(lines)


# Only a value that names its scheme is written as a URL; "viken.no/side" is not one.
_URI = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _occurrence_spec(
    occurrence: Occurrence, stamp: dt.datetime, alarms: Sequence[int], shared: _Shared
) -> EventSpec:
    item = occurrence.item
    spec = item.date
    times = spec.times if spec.time and occurrence.alternative is None else None
    if times is not None:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(OSLO)
        (h1, m1), (h2, m2) = (map(int, t.split(":")) for t in times)
        start: dt.date = dt.datetime.combine(occurrence.start, dt.time(h1, m1), tzinfo=zone)
        end: dt.date = dt.datetime.combine(occurrence.start, dt.time(h2, m2), tzinfo=zone)
    else:
        start, end = occurrence.start, occurrence.end + dt.timedelta(days=1)
    sequence, modified = _changes(item)
    url = item.url
    return EventSpec(
        uid=_uid(occurrence),
        stamp=stamp,
        summary=_summary(occurrence, shared),
        start=start,
        end=end,
        status="TENTATIVE" if occurrence.tentative else "CONFIRMED",
        # A deadline does not make anyone busy all day; a timed session does.
        transp="OPAQUE" if times is not None and not occurrence.tentative else "TRANSPARENT",
        description=_description(occurrence, shared),
        category=item.kind,
        sequence=sequence,
        modified=modified,
        url=url if url and _URI.match(url) else None,
        contacts=tuple([shared.contact(contact)[0] for contact in item.contacts]),
        alarms=tuple(
            [
                _reminder(occurrence.tentative, days, timed=times is not None, title=item.title)
                for days in alarms
            ]
        )
        if alarms
        else (),
    )


def _lead_spec(lead: Lead, stamp: dt.datetime, alarms: Sequence[int], shared: _Shared) -> EventSpec:
    """The internal deadline: an all-day event, as certain as the deadline it leads to."""
    deadline = lead.deadline
    item, spec = deadline.item, deadline.item.date
    title = _("Internal deadline: {title}").format(title=item.title)
    lines = [
        ngettext(
            "{count} working day before the deadline «{title}», {date}.",
            "{count} working days before the deadline «{title}», {date}.",
            lead.days,
        ).format(count=lead.days, title=item.title, date=shared.date_text(spec)),
        _("Weekends and Norwegian public holidays are not counted."),
    ]
    if deadline.tentative and spec.earliest is not None:
        lines.append(
            _("The deadline's date is uncertain: this counts from its first possible day, {day}.")
            .format(day=day_text(spec.earliest))
        )  # fmt: skip
    lines.append(_("As written: «{wording}»").format(wording=spec.as_written))
    sequence, modified = _changes(item)
    return EventSpec(
        uid=_lead_uid(item),
        stamp=stamp,
        summary=f"? {title}" if deadline.tentative else title,
        start=lead.day,
        end=lead.day + dt.timedelta(days=1),
        status="TENTATIVE" if deadline.tentative else "CONFIRMED",
        transp="TRANSPARENT",
        description="\n".join(lines),
        category="internal_deadline",
        sequence=sequence,
        modified=modified,
        parent=_uid(deadline),
        alarms=tuple(
            _reminder(deadline.tentative, days, timed=False, title=title) for days in alarms
        ),
    )


def _withdrawn_spec(gone: Withdrawn, stamp: dt.datetime) -> EventSpec:
    item = gone.item
    lines = [
        _("This day no longer holds. Now: {date}").format(date=date_text(item.date, long=True))
    ]
    lines.extend(moved_text(move) for move in reversed(item.moves))
    sequence, modified = _changes(item)
    return EventSpec(
        uid=gone.uid,
        stamp=stamp,
        summary=_("No longer this day: {title}").format(title=item.title),
        start=gone.day,
        end=gone.day + dt.timedelta(days=1),
        status="CANCELLED",
        transp="TRANSPARENT",
        description="\n".join(lines),
        category=item.kind,
        sequence=sequence,
        modified=modified,
    )


def _reminder(tentative: bool, days: int, timed: bool, title: str) -> Reminder:
    """A reminder ``days`` before; for all-day events at 09:00, and never after the start."""
    if timed:
        trigger = -dt.timedelta(days=days)
    elif days == 0:
        trigger = -dt.timedelta(hours=24 - ALARM_HOUR)  # 09:00 the day before
    else:
        trigger = -dt.timedelta(days=days) + dt.timedelta(hours=ALARM_HOUR)
    if days == 0:
        when = _("today") if timed else _("tomorrow")
    else:
        when = ngettext("in {days} day", "in {days} days", days).format(days=days)
    return Reminder(trigger, f"{'? ' if tentative else ''}{title} ({when})")


Entry = Occurrence | Lead | Withdrawn


def event_spec(
    entry: Entry, stamp: dt.datetime, alarms: Sequence[int] = (), shared: _Shared | None = None
) -> EventSpec:
    """What the calendar's event for ``entry`` holds (``alarms``: days before, largest
    first; a withdrawn event has none). ``shared``: what the calendar's other events have
    worked out already."""
    if shared is None:
        shared = _Shared()
    if isinstance(entry, Lead):
        return _lead_spec(entry, stamp, alarms, shared)
    if isinstance(entry, Withdrawn):
        return _withdrawn_spec(entry, stamp)
    return _occurrence_spec(entry, stamp, alarms, shared)


# What a UID or a category may hold to be written as it is: icalendar would escape nothing
# in it, nor drop anything from its start.
_PLAIN = re.compile(r"[A-Za-z0-9@._-]+")


def takes_direct_path(event: EventSpec) -> bool:
    """Whether ``write_event`` writes ``event`` as icalendar would: an all-day event with a
    stamp in UTC, whose UIDs and category need no escaping and whose URL (which icalendar
    refuses with a line break in it) has none. Every other event goes through icalendar."""
    url = event.url
    return (
        is_all_day(event)
        and event.stamp.tzinfo is dt.UTC
        and _PLAIN.fullmatch(event.uid) is not None
        and (event.parent is None or _PLAIN.fullmatch(event.parent) is not None)
        and _PLAIN.fullmatch(event.category) is not None
        and (url is None or ("\n" not in url and "\r" not in url))
    )


def icalendar_event(event: EventSpec) -> Event:
    """``event`` built with icalendar, which writes any event: the timed ones, and the oracle
    that ``write_event`` is tested against."""
    built = Event()
    built.add("uid", event.uid)
    built.add("dtstamp", event.stamp)
    if event.sequence:
        built.add("sequence", event.sequence)
    if event.modified is not None:
        changed = event.modified
        built.add("last-modified", dt.datetime(changed.year, changed.month, changed.day,
                                               tzinfo=dt.UTC))  # fmt: skip
    built.add("summary", _text(event.summary))
    built.add("dtstart", event.start)
    built.add("dtend", event.end)
    built.add("status", event.status)
    built.add("transp", event.transp)
    built.add("description", _text(event.description))
    built.add("categories", [event.category])
    if event.parent is not None:
        built.add("related-to", event.parent, parameters={"RELTYPE": "PARENT"})
    if event.url is not None:
        built.add("url", event.url)
    for contact in event.contacts:
        built.add("contact", _text(contact))
    for reminder in event.alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", reminder.trigger)
        alarm.add("description", _text(reminder.description))
        built.add_component(alarm)
    return built


def render_event(event: EventSpec, *, icalendar_only: bool = False) -> bytes:
    """``event`` as the calendar's bytes: directly if it may take that path (and
    ``icalendar_only`` is false), else through icalendar; the same bytes either way."""
    if not icalendar_only and takes_direct_path(event):
        return write_event(event)
    data: bytes = icalendar_event(event).to_ical()
    return data


def oslo_timezone(years: Iterable[int], zone: dt.tzinfo | None = None) -> Timezone:
    """Europe/Oslo's VTIMEZONE for events in ``years``.

    Outlook reduces any VTIMEZONE to one yearly pair of changes, read from each
    sub-component's RRULE and the time of its DTSTART, so the EU rule is written as exactly
    that pair, with DTSTART in the local time before each change as RFC 5545 wants. It is
    written only for years in which it is checked to give the clock that ``zone`` (zoneinfo's
    Europe/Oslo) gives. Every other year (one before the rule, or one after tzdata learns of
    a change in the law) gets that year's own changes as zoneinfo has them; if such a year
    comes after the rule's, the rule ends (UNTIL) with the last year it was checked for, so
    that it never claims a year it does not hold for."""
    if zone is None:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(OSLO)
    wanted = sorted(set(years))
    ruled: list[int] = []
    for year in wanted:
        if year >= OSLO_RULE_SINCE and oslo_rule_holds(year, zone):
            ruled.append(year)
        elif ruled:
            break
    timezone = Timezone()
    timezone.add("tzid", OSLO)
    if ruled:
        until = ruled[-1] if wanted[-1] > ruled[-1] else None
        for change in OSLO_CLOCK_CHANGES:
            timezone.add_component(_rule_component(change, until))
    for year in wanted:
        if year not in ruled:
            for component in _year_components(year, zone):
                timezone.add_component(component)
    return timezone


def _rule_component(change: ClockChange, until: int | None) -> Component:
    """One change of the EU rule, yearly from its first year (to ``until``'s, if given)."""
    forward = change.offset_to > change.offset_from
    component = TimezoneDaylight() if forward else TimezoneStandard()
    component.add("dtstart", change.local_start(OSLO_RULE_SINCE))
    rule: dict[str, object] = {"freq": "yearly", "bymonth": change.month, "byday": "-1SU"}
    if until is not None:
        # In UTC, as RFC 5545 wants inside a VTIMEZONE; at the year's end rather than at the
        # change itself, since some readers (dateutil) compare it with the local onset time.
        rule["until"] = dt.datetime(until, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    component.add("rrule", rule)
    component.add("tzname", change.name)
    component.add("tzoffsetfrom", change.offset_from)
    component.add("tzoffsetto", change.offset_to)
    return component


def _year_components(year: int, zone: dt.tzinfo) -> list[Component]:
    """The changes ``zone`` has in ``year`` alone, one sub-component each, as
    ``Timezone.from_tzinfo`` finds them, each onset moved to the local time before it."""
    found = Timezone.from_tzinfo(
        zone, OSLO, first_date=dt.date(year, 1, 1), last_date=dt.date(year + 1, 1, 1)
    )
    components: list[Component] = []
    for sub in found.subcomponents:
        offsets = sub.TZOFFSETFROM, sub.TZOFFSETTO
        rdates = sub.get("RDATE", [])
        lists = rdates if isinstance(rdates, list) else [rdates]
        for start in (sub.DTSTART, *(one.dt for dates in lists for one in dates.dts)):
            component = type(sub)()
            component.add("dtstart", _local_before(start, *offsets, zone))
            component.add("tzname", str(sub["TZNAME"]))
            component.add("tzoffsetfrom", offsets[0])
            component.add("tzoffsetto", offsets[1])
            components.append(component)
    return components


def _local_before(
    start: dt.datetime, offset_from: dt.timedelta, offset_to: dt.timedelta, zone: dt.tzinfo
) -> dt.datetime:
    """An onset as RFC 5545 reads it: the local time before the change. icalendar writes a
    change at the first clock time after it (03:00 when summer time starts at 02:00), which
    readers that follow the RFC take to be an hour late; which instant it is, ``zone`` says."""
    second = dt.timedelta(seconds=1)
    for offset in (offset_from, offset_to):
        instant = (start - offset).replace(tzinfo=dt.UTC)
        before, after = (instant - second).astimezone(zone), instant.astimezone(zone)
        if (before.utcoffset(), after.utcoffset()) == (offset_from, offset_to):
            return (instant + offset_from).replace(tzinfo=None)
    return start


def calendar_entries(
    items: Sequence[Item], *, long_periods: bool = False, lead: int | None = None
) -> tuple[list[Entry], int]:
    """The calendar's events in the order it holds them (by first day, title, then record
    id or UID), and the number of undated items left out."""
    events, undated = occurrences(items, long_periods)
    internal = leads(events, lead) if lead is not None else []
    entries: list[tuple[tuple[dt.date, str, str], Entry]] = [
        ((o.start, o.item.title, o.item.id), o) for o in events
    ]
    entries.extend(((x.day, x.deadline.item.title, x.deadline.item.id), x) for x in internal)
    entries.extend(((w.day, w.item.title, w.uid), w) for w in withdrawn(items, lead))
    entries.sort(key=lambda entry: entry[0])
    return [entry for _, entry in entries], undated


def _without_collection(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` with the garbage collector paused: a calendar's events are built from
    strings and short-lived tuples, never in cycles, so a collection would only scan the
    growing list of written events again and again."""

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return paused


@_without_collection
def build_calendar(
    items: Sequence[Item],
    *,
    name: str | None = None,
    alarms: Sequence[int] = (),
    long_periods: bool = False,
    lead: int | None = None,
    stamp: dt.datetime | None = None,
    memo: dict[tuple[str, str], bytes] | None = None,
    icalendar_only: bool = False,
) -> tuple[bytes, int]:
    """The calendar as bytes (CRLF, folded at 75 octets), and the number of undated items
    left out. ``lead``: also an internal deadline that many working days before each
    application or hearing deadline. Several calendars of the same items (a site's feeds)
    made with the same options share a ``stamp`` and a ``memo`` of the events already
    written, so that each is written once. ``icalendar_only``: every event through
    icalendar, the bytes the direct path is held to."""
    entries, undated = calendar_entries(items, long_periods=long_periods, lead=lead)
    if stamp is None:
        stamp = reproducible_stamp(items)
    written = {} if memo is None else memo
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # Given as vText so ',' ';' '\\' and newlines are escaped: icalendar does not treat these
    # two names as TEXT on its own.
    name = _(DEFAULT_NAME) if name is None else name
    calendar.add("name", _text(name))  # RFC 7986
    calendar.add("x-wr-calname", _text(name))  # Google Calendar and Apple Calendar read this one
    calendar.add("x-wr-timezone", OSLO)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    # Outlook reads its own name for the same hint; icalendar would write an unknown
    # property's timedelta as Python text, so it is given as a DURATION.
    calendar.add("x-published-ttl", vDuration(REFRESH))
    timed_years = {
        o.start.year
        for o in entries
        if isinstance(o, Occurrence) and o.item.date.time and o.alternative is None
    }
    if timed_years:
        calendar.add_component(oslo_timezone(timed_years))
    # Each event is serialised as soon as it is built and spliced in before the calendar's
    # END line, exactly where icalendar's to_ical() would put it: the same bytes, without
    # holding tens of thousands of event objects at once.
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    reminders = sorted(set(alarms), reverse=True)
    parts = [head[: -len(end)]]
    shared = _Shared()
    for entry in entries:
        uid = entry.uid if isinstance(entry, Withdrawn) else _uid_of(entry)
        memo_key = (type(entry).__name__, uid)
        found = written.get(memo_key)
        if found is None:
            spec = event_spec(entry, stamp, reminders, shared)
            found = render_event(spec, icalendar_only=icalendar_only)
            written[memo_key] = found
        parts.append(found)
    parts.append(end)
    return b"".join(parts), undated
