"""An event of a calendar, and the direct way of writing the simple ones.

A large calendar is nearly all all-day events, and building each as icalendar objects only
to serialise it again was most of ``export-ics``'s time. ``EventSpec`` says what an event
holds, once, for both ways of writing it; ``write_event`` writes an all-day one as icalendar
writes it (its property order, its escaping, its folding), and ``render.ics`` decides which
events may take this path and writes every other through icalendar. tests/test_ics_direct.py
holds icalendar to be the oracle: every event of several catalogs is written both ways and
compared byte for byte, so a new icalendar that writes differently fails a test instead of
changing calendars unseen.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from vikentool.render.terminal import clean

# RFC 5545 3.1: a content line longer than this many octets is folded; icalendar keeps each
# piece below it (the space a continuation starts with not counted).
FOLD_LIMIT = 75
_FOLD = b"\r\n "
_ESCAPE_CARRIED = b"\\^"


class Reminder(NamedTuple):
    """A DISPLAY reminder ``trigger`` before (negative) an event's start."""

    trigger: dt.timedelta
    description: str


class EventSpec(NamedTuple):
    """What one VEVENT holds. Texts are as the data has them: each way of writing cleans and
    escapes them itself. ``start`` and ``end`` are dates for an all-day event (``end`` the
    day after the last) and zoned datetimes for a timed one; ``status`` and ``transp`` are
    RFC 5545's own words for them."""

    uid: str
    stamp: dt.datetime
    summary: str
    start: dt.date
    end: dt.date
    status: str
    transp: str
    description: str
    category: str
    sequence: int = 0  # how often the date moved; with it, the day it last did
    modified: dt.date | None = None
    url: str | None = None
    contacts: tuple[str, ...] = ()
    parent: str | None = None  # the UID it is RELATED-TO (RELTYPE=PARENT)
    alarms: tuple[Reminder, ...] = ()


def text_value(value: str) -> str:
    """TEXT for a property: RFC 5545 allows no control characters but tab (newlines are
    escaped), so those, and terminal escape sequences, are dropped."""
    return clean(value.replace("\r\n", "\n").replace("\r", "\n"))


def escape_text(value: str) -> str:
    """TEXT escaped by RFC 5545 alone (3.3.11). icalendar's own escaping first turns a
    written backslash-N into a line break, which would change a title that contains one."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def text_content(value: str) -> str:
    """``escape_text(text_value(value))``, the way most text is faster: cleaning changes only
    unprintable characters and escaping only printable ones and line breaks (which cleaning
    keeps), so the two can come in either order, and escaped text that is all printable has
    nothing to clean."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    escaped = escape_text(value)
    return escaped if escaped.isprintable() else clean(escaped)


def fold_line(line: bytes) -> bytes:
    """A content line folded as icalendar folds it: each piece as long as fits below
    ``FOLD_LIMIT`` octets without splitting a character, and a piece that would end in a
    backslash or a caret leaves it to the next, so that no escape is split across a fold
    (which some readers would not join again)."""
    size = len(line)
    if size < FOLD_LIMIT:
        return line
    pieces: list[bytes] = []
    start = 0
    while size - start >= FOLD_LIMIT:
        end = start + FOLD_LIMIT - 1
        while line[end] & 0xC0 == 0x80:  # inside a multi-byte character
            end -= 1
        if line[end - 1] in _ESCAPE_CARRIED and end - start > 1:
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return _FOLD.join(pieces)


def content_line(name: str, value: str) -> bytes:
    """``NAME:value`` (parameters, if any, are part of ``name``), folded, with its CRLF."""
    return fold_line(f"{name}:{value}".encode()) + b"\r\n"


# The same days, and one stamp, come back event after event.
@lru_cache(maxsize=4096)
def date_value(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


@lru_cache(maxsize=64)
def utc_value(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC: ``moment`` must be in UTC, which the caller has checked."""
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"
    )


def duration_value(delta: dt.timedelta) -> str:
    """A DURATION as icalendar writes it: days, then hours, minutes and seconds, each only
    if not zero (minutes also between hours and seconds), no weeks."""
    sign = ""
    if delta.days < 0:
        sign, delta = "-", -delta
    time = ""
    if delta.seconds:
        hours, rest = divmod(delta.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "T"
        if hours:
            time += f"{hours}H"
        if minutes or (hours and seconds):
            time += f"{minutes}M"
        if seconds:
            time += f"{seconds}S"
    if delta.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{delta.days}D{time}"


def is_all_day(event: EventSpec) -> bool:
    """Whether ``event`` is all-day: a datetime is also a date, so the type itself is asked."""
    return type(event.start) is dt.date and type(event.end) is dt.date


def write_event(event: EventSpec) -> bytes:
    """An all-day event as icalendar writes it: SUMMARY, DTSTART, DTEND, DTSTAMP, UID and
    SEQUENCE in its canonical order, the rest by name, then each VALARM. Only for what
    ``render.ics`` lets take this path: UTC stamp, plain UID and category, and a URL without
    line breaks."""
    lines = [
        b"BEGIN:VEVENT\r\n",
        content_line("SUMMARY", text_content(event.summary)),
        b"DTSTART;VALUE=DATE:%s\r\nDTEND;VALUE=DATE:%s\r\nDTSTAMP:%s\r\n"
        % (
            date_value(event.start).encode(),
            date_value(event.end).encode(),
            utc_value(event.stamp).encode(),
        ),
        content_line("UID", event.uid),
    ]
    if event.sequence:
        lines.append(b"SEQUENCE:%d\r\n" % event.sequence)
    lines.append(content_line("CATEGORIES", event.category))
    for contact in event.contacts:
        lines.append(content_line("CONTACT", text_content(contact)))
    lines.append(content_line("DESCRIPTION", text_content(event.description)))
    if event.modified is not None:
        lines.append(b"LAST-MODIFIED:%sT000000Z\r\n" % date_value(event.modified).encode())
    if event.parent is not None:
        lines.append(content_line("RELATED-TO;RELTYPE=PARENT", event.parent))
    lines.append(b"STATUS:%s\r\nTRANSP:%s\r\n" % (event.status.encode(), event.transp.encode()))
    if event.url is not None:
        lines.append(content_line("URL", event.url))
    for alarm in event.alarms:
        lines.append(b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n")
        lines.append(content_line("DESCRIPTION", text_content(alarm.description)))
        lines.append(b"TRIGGER:%s\r\nEND:VALARM\r\n" % duration_value(alarm.trigger).encode())
    lines.append(b"END:VEVENT\r\n")
    return b"".join(lines)
