"""``viken export-ics``: parsed back with icalendar, the strict ``ical`` parser, and khal."""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo
from icalendar import Calendar

from tests.conftest import MOVED_DATE_LINE, MOVED_ID, Invoke, edit, move_deadline
from vikentool.domain.dates import oslo_rule_holds
from vikentool.render.ics import oslo_timezone

FIXTURES = Path(__file__).parent / "fixtures" / "ics"


def export(
    viken: Invoke, *args: str, env: dict[str, str] | None = None, data_dir: Path | None = None
) -> bytes:
    before = ("--data-dir", str(data_dir)) if data_dir else ()
    result = viken(*before, "export-ics", *args, env=env)
    assert result.exit_code == 0, result
    return result.stdout_bytes


def events(data: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def by_prefix(found: dict[str, Any], prefix: str) -> list[Any]:
    """The events whose UID starts with ``prefix`` (one record's), in date order."""
    chosen = [e for uid, e in found.items() if uid.startswith(prefix)]
    return sorted(chosen, key=lambda e: (e.decoded("DTSTART"), str(e["UID"])))


def test_every_expected_event_with_the_right_dates(viken: Invoke) -> None:
    data = export(viken)
    found = events(data)
    klynge = found["klyngesatsing-i-viken-soknadsfrist-2021@vikentool"]
    assert klynge.decoded("DTSTART") == dt.date(2021, 5, 10)
    assert klynge.decoded("DTEND") == dt.date(2021, 5, 16), "10-15 May ends on DTEND 16 May"
    bio = found["bio-soknadsfrist-2021@vikentool"]
    assert (bio.decoded("DTSTART"), bio.decoded("DTEND")) == (
        dt.date(2021, 3, 1),
        dt.date(2021, 3, 2),
    )
    assert str(bio["STATUS"]) == "CONFIRMED" and not str(bio["SUMMARY"]).startswith("?")
    session = found["samling-1@vikentool"]
    start, end = session.decoded("DTSTART"), session.decoded("DTEND")
    assert start.astimezone(dt.UTC) == dt.datetime(2022, 3, 3, 8, 0, tzinfo=dt.UTC)
    assert end.astimezone(dt.UTC) == dt.datetime(2022, 3, 3, 11, 0, tzinfo=dt.UTC)
    assert "TZID=Europe/Oslo:20220303T090000" in data.decode()
    hearing = found["felles-planprogram-horing@vikentool"]
    assert (hearing.decoded("DTSTART"), hearing.decoded("DTEND")) == (
        dt.date(2021, 6, 1),
        dt.date(2021, 10, 1),
    )


def test_alternatives_are_one_tentative_event_each(viken: Invoke) -> None:
    found = events(export(viken))
    hoved = by_prefix(found, "rff-hovedprosjekter-soknadsfrist-2021")
    # Each month is one marker on its first possible day, naming the month: no month-long
    # banner over days the document never named.
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in hoved] == [
        (dt.date(2021, 6, 1), dt.date(2021, 6, 2)),
        (dt.date(2021, 9, 1), dt.date(2021, 9, 2)),
    ]
    for event, month in zip(hoved, ("juni", "september"), strict=True):
        assert str(event["STATUS"]) == "TENTATIVE" and str(event["TRANSP"]) == "TRANSPARENT"
        assert str(event["SUMMARY"]).startswith("? ")
        assert str(event["SUMMARY"]).endswith(f"(i løpet av {month} 2021)")
        assert "Som skrevet: «Hovedprosjekter – til juni eller sept.»" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    "uid",
    [
        "klyngesatsing-i-viken-soknadsfrist-2021@vikentool",  # "10.-15.mai ?"
        "landbruksstrategi-horing@vikentool",  # "april-ish"
        "stotteordning-for-klynger-foringer-2021@vikentool",  # month only
        "regional-plan-naeringsutvikling-landbruket-revisjon@vikentool",  # a year
    ],
)
def test_uncertain_events_are_tentative_three_ways(viken: Invoke, uid: str) -> None:
    event = events(export(viken, "--kind", "all"))[uid]
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["SUMMARY"]).startswith("? ")
    assert "Som skrevet: «" in str(event["DESCRIPTION"])


def test_description_and_properties_hold_what_a_person_needs(viken: Invoke) -> None:
    found = events(export(viken))
    dk = found["naeringsutvikling-i-distriktskommuner-soknadsfrist-2021@vikentool"]
    text = str(dk["DESCRIPTION"])
    for expected in (
        "Ramme: kr 3 000 000 (3 mill)",
        "Hvem kan søke: kommuner, med vilkår: «Kun distriktskommunene i Viken.»",
        "Kontakt: Mette Thielemann, mettethi@viken.no",
        "Kilde: Nytt fra Viken (Viken fylkeskommune, 26.02.21), Side 21",
    ):
        assert expected in text
    assert str(dk["CONTACT"]) == "Mette Thielemann, mettethi@viken.no"
    session = found["samling-1@vikentool"]
    assert "tlf. 93457137" in str(session["DESCRIPTION"])
    assert "gwa@ks.no" in str(session["CONTACT"])


def test_url_property_only_for_real_urls(viken: Invoke) -> None:
    found = events(export(viken, "--kind", "all", "--search", "bygdemiljo"))
    assert found == {}  # Bygdemiljøpakker has no dated item: nothing invented
    ns = events(export(viken, "--kind", "all"))
    assert all("URL" not in e for e in ns.values())  # "viken.no/næringsutvikling" is no URI


def test_strict_parser_accepts_it(viken: Invoke) -> None:
    text = export(viken, "--kind", "all", "--alarm", "14d").decode("utf-8")
    calendar = IcsCalendarStream.calendar_from_ics(text)
    assert len(calendar.events) == len(events(text.encode()))
    assert [tz.tz_id for tz in calendar.timezones] == ["Europe/Oslo"]
    session = next(e for e in calendar.events if e.uid == "samling-1@vikentool")
    assert session.dtstart.astimezone(dt.UTC).hour == 8


@pytest.mark.parametrize("args", [(), ("--kind", "all", "--lead", "5"), ("--upcoming",)])
def test_refresh_hints_once_on_every_calendar(viken: Invoke, args: tuple[str, ...]) -> None:
    """RFC 7986's REFRESH-INTERVAL and Outlook's X-PUBLISHED-TTL, once each, in the calendar
    itself, also when it holds no event; and the strict parser still takes the file."""
    data = export(viken, "--as-of", "2030-01-01", *args)
    lines = data.split(b"\r\n")
    assert lines.count(b"REFRESH-INTERVAL;VALUE=DURATION:P1D") == 1
    assert lines.count(b"X-PUBLISHED-TTL:P1D") == 1
    assert sum(line.startswith((b"REFRESH-INTERVAL", b"X-PUBLISHED-TTL")) for line in lines) == 2
    head = data.split(b"BEGIN:VEVENT")[0]
    assert b"REFRESH-INTERVAL" in head and b"X-PUBLISHED-TTL" in head
    calendar = Calendar.from_ical(data)
    assert calendar.decoded("REFRESH-INTERVAL") == dt.timedelta(days=1)
    IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))


OSLO = ZoneInfo("Europe/Oslo")
HOUR = dt.timedelta(hours=1)
# The EU rule, as an importer reads it: Outlook keeps one yearly pair of changes from the
# RRULEs and the times of the DTSTARTs, which are the local times before each change.
EU_RULE = [
    b"BEGIN:STANDARD",
    b"DTSTART:19961027T030000",
    b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    b"TZNAME:CET",
    b"TZOFFSETFROM:+0200",
    b"TZOFFSETTO:+0100",
    b"END:STANDARD",
    b"BEGIN:DAYLIGHT",
    b"DTSTART:19960331T020000",
    b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    b"TZNAME:CEST",
    b"TZOFFSETFROM:+0100",
    b"TZOFFSETTO:+0200",
    b"END:DAYLIGHT",
]


def vtimezone_of(data: bytes) -> bytes:
    """The one VTIMEZONE in a calendar, as written."""
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    return (
        b"BEGIN:VTIMEZONE"
        + data.split(b"BEGIN:VTIMEZONE")[1].split(b"END:VTIMEZONE")[0]
        + (b"END:VTIMEZONE\r\n")
    )


def zone_changes(zone: dt.tzinfo, year: int) -> list[dt.datetime]:
    """The instants (UTC) at which ``zone`` changes its offset in ``year``, found by stepping
    through the year: nothing here comes from the code under test."""

    def offset(instant: dt.datetime) -> dt.timedelta | None:
        return instant.astimezone(zone).utcoffset()

    changes = []
    day = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    while day.year == year:
        following = day + dt.timedelta(days=1)
        if offset(day) != offset(following):
            hour = day
            while offset(hour) == offset(day):
                hour += HOUR
            changes.append(hour)
        day = following
    return changes


Reader = Callable[[dt.datetime], tuple[dt.timedelta, str] | None]
# icalendar expands a VTIMEZONE's unbounded RRULE only to the end of 2038.
ICALENDAR_HORIZON = dt.datetime(2039, 1, 1, tzinfo=dt.UTC)


def readers(vtimezone: bytes) -> dict[str, Reader]:
    """The VTIMEZONE as three parsers read it, never looked up by its TZID: each gives the
    offset and name at an instant, or None where it gives none. dateutil's tzical (through
    icalendar's to_tz); icalendar's own transitions (to its horizon); and the strict ical
    package, which gives none before the first onset and (in 14.3) none for an observance
    with no RRULE or RDATE, since it drops the onset that DTSTART itself stands for."""
    text = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n" + vtimezone + b"END:VCALENDAR\r\n"
    component = Calendar.from_ical(text).walk("VTIMEZONE")[0]
    by_dateutil = component.to_tz(lookup_tzid=False)
    assert not isinstance(by_dateutil, ZoneInfo)
    times, infos = component.get_transitions()
    by_ical = IcsTimezoneInfo.from_timezone(
        IcsCalendarStream.calendar_from_ics(text.decode("utf-8")).timezones[0]
    )

    def through(zone: dt.tzinfo) -> Reader:
        def read(instant: dt.datetime) -> tuple[dt.timedelta, str] | None:
            try:
                local = instant.astimezone(zone)
                offset, name = local.utcoffset(), local.tzname()
            except ValueError:  # ical 14.3 on an RRULE with UNTIL, in UTC as RFC 5545 wants
                return None
            return None if offset is None or name is None else (offset, name)

        return read

    def transitions(instant: dt.datetime) -> tuple[dt.timedelta, str] | None:
        index = bisect.bisect_right(times, instant.replace(tzinfo=None)) - 1
        if index < 0 or instant >= ICALENDAR_HORIZON:
            return None
        return infos[index][0], infos[index][2]

    return {"dateutil": through(by_dateutil), "icalendar": transitions, "ical": through(by_ical)}


def rfc_offset(reader: Reader, local: dt.datetime) -> dt.timedelta | None:
    """The offset RFC 5545 (3.3.5) gives a local time under a VTIMEZONE: of two that fit (the
    hour repeated in autumn) the first, and if none does (the hour skipped in spring) the
    offset before the gap. None if the reader gives no offset at an instant it is asked."""
    for offset in (dt.timedelta(hours=2), dt.timedelta(hours=1)):  # the earlier instant first
        found = reader((local - offset).replace(tzinfo=dt.UTC))
        if found is None:
            return None
        if found[0] == offset:
            return offset
    before_the_gap = reader((local - dt.timedelta(hours=2)).replace(tzinfo=dt.UTC))
    return None if before_the_gap is None else before_the_gap[0]


class Comparison(NamedTuple):
    compared: dict[str, int]  # hours each reader gave an offset for, all of them zoneinfo's
    thin: list[str]  # hours fewer than two readers gave an offset for


def compare_around_changes(vtimezone: bytes, zone: dt.tzinfo, years: Iterable[int]) -> Comparison:
    """Every hour from three before to three after each of ``zone``'s changes in ``years``,
    as an instant (offset and name) and as a local time (fold 0, which is RFC 5545's reading
    of the skipped and the repeated hour): what the VTIMEZONE implies, by each reader that
    gives an offset there, against ``zone``."""
    mismatches: list[str] = []
    compared = dict.fromkeys(READERS, 0)
    thin: list[str] = []
    parsed = readers(vtimezone)
    changes = [change for year in years for change in zone_changes(zone, year)]
    assert changes
    for change in changes:
        before = (change - HOUR).astimezone(zone).utcoffset()
        assert before is not None
        wall = change.replace(tzinfo=None) + before
        for step in range(-3, 4):
            instant, local = change + step * HOUR, wall + step * HOUR
            expected = instant.astimezone(zone)
            expected_local = local.replace(tzinfo=zone).utcoffset()
            answers = {name: reader(instant) for name, reader in parsed.items()}
            local_answers = {name: rfc_offset(reader, local) for name, reader in parsed.items()}
            for name, got in answers.items():
                if got is not None:
                    compared[name] += 1
                    if got != (expected.utcoffset(), expected.tzname()):
                        mismatches.append(f"{name} at {instant}: {got}, not {expected}")
            for name, got_local in local_answers.items():
                if got_local is not None:
                    compared[name] += 1
                    if got_local != expected_local:
                        mismatches.append(f"{name} at local {local}: {got_local}")
            if sum(a is not None for a in answers.values()) < 2:
                thin.append(f"{instant:%Y-%m-%d %H:%M}Z")
            if sum(a is not None for a in local_answers.values()) < 2:
                thin.append(f"{local:%Y-%m-%d %H:%M}")
    assert not mismatches, "\n".join(mismatches[:20])
    return Comparison(compared, thin)


READERS = ("dateutil", "icalendar", "ical")


def test_vtimezone_is_the_eu_rule_outlook_reads(viken: Invoke) -> None:
    data = export(viken)
    calendar = Calendar.from_ical(data)
    used = {
        e["DTSTART"].params["TZID"]
        for e in calendar.walk("VEVENT")
        if "TZID" in e["DTSTART"].params
    }
    declared = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert used == declared == {"Europe/Oslo"}
    assert vtimezone_of(data).split(b"\r\n")[:-1] == [
        b"BEGIN:VTIMEZONE",
        b"TZID:Europe/Oslo",
        *EU_RULE,
        b"END:VTIMEZONE",
    ]
    no_sessions = export(viken, "--kind", "deadlines")
    assert b"VTIMEZONE" not in no_sessions


def test_vtimezone_gives_oslo_time_every_hour_around_every_change(viken: Invoke) -> None:
    """The rule for every year from 1996 to 2040, built directly and as exported: the offset
    the VTIMEZONE implies, read back by three parsers, is zoneinfo's around every change."""
    built = oslo_timezone(range(1996, 2041)).to_ical()
    exported = vtimezone_of(export(viken))
    assert built == exported  # from 1996 the rule alone covers every year
    compared, thin = compare_around_changes(exported, OSLO, range(1996, 2041))
    assert compared["dateutil"] == 45 * 2 * 7 * 2  # years, changes, hours, instant and local
    assert min(compared.values()) > 40 * 2 * 7 * 2
    # RFC 5545 gives no offset before a VTIMEZONE's first onset (31 March 1996, 01:00 UTC):
    # dateutil takes standard time's, the other two give none. Every other hour has two.
    assert thin and all(hour.startswith(("1996-03-30", "1996-03-31")) for hour in thin)


def test_rule_agrees_with_zoneinfo_from_1996_only() -> None:
    assert [y for y in range(1970, 2041) if oslo_rule_holds(y)] == list(range(1996, 2041))


def test_a_year_the_rule_does_not_cover_gets_its_own_changes(
    viken: Invoke, data_copy: Path
) -> None:
    """A timed session in 1990, when summer time ended in September: that year gets
    zoneinfo's own changes (each at the local time before it), the rule still covers 2022."""
    edit(
        data_copy / "plans.yaml",
        "        title: Samling 2\n",
        "        title: Samling 2\n"
        '        date: {day: 1990-10-04, time: "09:00-12:00", as_written: "4.10.1990 kl 9-12"}\n',
    )
    data = export(viken, data_dir=data_copy)
    vtimezone = vtimezone_of(data)
    lines = vtimezone.split(b"\r\n")
    assert lines[2 : 2 + len(EU_RULE)] == EU_RULE
    assert lines[2 + len(EU_RULE) : -2] == [
        b"BEGIN:STANDARD",
        b"DTSTART:19900101T000000",
        b"TZNAME:CET",
        b"TZOFFSETFROM:+0100",
        b"TZOFFSETTO:+0100",
        b"END:STANDARD",
        b"BEGIN:DAYLIGHT",
        b"DTSTART:19900325T020000",  # icalendar alone would write 03:00, after the change
        b"TZNAME:CEST",
        b"TZOFFSETFROM:+0100",
        b"TZOFFSETTO:+0200",
        b"END:DAYLIGHT",
        b"BEGIN:STANDARD",
        b"DTSTART:19900930T030000",
        b"TZNAME:CET",
        b"TZOFFSETFROM:+0200",
        b"TZOFFSETTO:+0100",
        b"END:STANDARD",
    ]
    every_hour = 2 * 2 * 7 * 2
    # ical reads none of 1990's observances (they have no RRULE), only the rule's 2022.
    assert compare_around_changes(vtimezone, OSLO, (1990, 2022)) == (
        {"dateutil": every_hour, "icalendar": every_hour, "ical": every_hour // 2},
        [],
    )
    # The session is at 09:00 CET (08:00 UTC); the EU rule would have put it in summer time.
    parsed = readers(vtimezone)
    for name in ("dateutil", "icalendar"):
        assert rfc_offset(parsed[name], dt.datetime(1990, 10, 4, 9)) == HOUR


class OsloUntil(dt.tzinfo):
    """Oslo as zoneinfo has it until ``year``, then standard time all year: tzdata as it
    would be if Norway stopped changing its clocks."""

    def __init__(self, year: int) -> None:
        self.year = year

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta | None:
        assert when is not None
        return HOUR if when.year >= self.year else OSLO.utcoffset(when)

    def dst(self, when: dt.datetime | None) -> dt.timedelta | None:
        assert when is not None
        return dt.timedelta(0) if when.year >= self.year else OSLO.dst(when)

    def tzname(self, when: dt.datetime | None) -> str | None:
        assert when is not None
        return "CET" if when.year >= self.year else OSLO.tzname(when)

    def fromutc(self, when: dt.datetime) -> dt.datetime:
        if when.year >= self.year:
            return when + HOUR
        return when.replace(tzinfo=dt.UTC).astimezone(OSLO).replace(tzinfo=self)


def test_the_rule_ends_before_a_year_tzdata_says_it_no_longer_holds() -> None:
    zone = OsloUntil(2030)
    built = oslo_timezone((2022, 2029, 2031), zone=zone).to_ical()
    lines = built.split(b"\r\n")
    # The rule's last changes are 2029's; 2031 has its own: none, a year of standard time.
    assert b"RRULE:FREQ=YEARLY;UNTIL=20291231T235959Z;BYDAY=-1SU;BYMONTH=10" in lines
    assert b"RRULE:FREQ=YEARLY;UNTIL=20291231T235959Z;BYDAY=-1SU;BYMONTH=3" in lines
    assert lines.count(b"BEGIN:STANDARD") == 2 and b"DTSTART:20310101T000000" in lines
    every_hour = 2 * 2 * 7 * 2
    # ical cannot evaluate an RRULE that has an UNTIL in a VTIMEZONE.
    assert compare_around_changes(built, zone, (2022, 2029)) == (
        {"dateutil": every_hour, "icalendar": every_hour, "ical": 0},
        [],
    )
    where_the_rule_was = [
        dt.datetime(2031, 3, 30, 1, tzinfo=dt.UTC),
        dt.datetime(2031, 10, 26, 1, tzinfo=dt.UTC),
    ]
    parsed = readers(built)
    for name in ("dateutil", "icalendar"):
        for change in where_the_rule_was:
            for step in range(-3, 4):
                assert parsed[name](change + step * HOUR) == (HOUR, "CET")


def test_lines_crlf_folded_utf8(viken: Invoke) -> None:
    data = export(viken, "--kind", "all", "--alarm", "14d", "--alarm", "1d")
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # every physical line is valid UTF-8 on its own
    assert b"METHOD" not in data


def test_byte_identical_and_reproducible(viken: Invoke) -> None:
    assert export(viken) == export(viken)
    stamped = export(viken, env={"SOURCE_DATE_EPOCH": "1614297600"})
    assert b"DTSTAMP:20210226T000000Z" in stamped
    assert stamped == export(viken, env={"SOURCE_DATE_EPOCH": "1614297600"})
    bad = viken("export-ics", env={"SOURCE_DATE_EPOCH": "soon"})
    assert bad.exit_code == 2 and "SOURCE_DATE_EPOCH" in bad.stderr


def test_uids_survive_an_unrelated_addition(viken: Invoke, data_copy: Path) -> None:
    before = set(events(export(viken, data_dir=data_copy)))
    before_here = set(events(export(viken)))
    assert before == before_here
    edit(
        data_copy / "schemes.yaml",
        "deadlines:\n",
        "deadlines:\n"
        "  - id: ny-ordning-frist\n"
        "    kind: application_deadline\n"
        "    title: Ny frist\n"
        "    date: {day: 2021-07-01, as_written: 1. juli 2021}\n"
        "    source: {document: nytt-fra-viken-2021, location: y}\n",
    )
    after = set(events(export(viken, data_dir=data_copy)))
    assert after - before == {"ny-ordning-frist@vikentool"}
    assert before <= after


HOVED = "rff-hovedprosjekter-soknadsfrist-2021"
HOVED_DATE = "date: {either: [2021-06, 2021-09], year_inferred: true"


def add_alternative(data: Path, point: str) -> None:
    """Append ``point`` to RFF Hovedprosjekter's list of alternatives, as someone would."""
    edit(data / "schemes.yaml", HOVED_DATE, HOVED_DATE.replace("2021-09]", f"2021-09, {point}]"))


def test_a_moved_date_keeps_its_uid(viken: Invoke, data_copy: Path) -> None:
    before = events(export(viken, data_dir=data_copy))
    edit(data_copy / "schemes.yaml", "date: {day: 2021-03-01", "date: {day: 2021-03-08")
    after = events(export(viken, data_dir=data_copy))
    assert set(after) == set(before)
    bio = "bio-soknadsfrist-2021@vikentool"
    assert (before[bio].decoded("DTSTART"), after[bio].decoded("DTSTART")) == (
        dt.date(2021, 3, 1),
        dt.date(2021, 3, 8),
    )


def test_an_alternative_added_before_the_others_keeps_their_uids(
    viken: Invoke, data_copy: Path
) -> None:
    """An alternative's UID is its place in the file's list, not in date order: appending
    May, which comes first by date, must not renumber June and September."""
    before = events(export(viken, data_dir=data_copy))
    add_alternative(data_copy, "2021-05")
    after = events(export(viken, data_dir=data_copy))
    assert set(after) - set(before) == {f"{HOVED}-alt3@vikentool"}
    assert set(before) <= set(after)
    starts = {uid: e.decoded("DTSTART") for uid, e in after.items() if uid.startswith(HOVED)}
    assert starts == {
        f"{HOVED}@vikentool": dt.date(2021, 6, 1),
        f"{HOVED}-alt2@vikentool": dt.date(2021, 9, 1),
        f"{HOVED}-alt3@vikentool": dt.date(2021, 5, 1),
    }
    # The summary still counts in date order, as a reader would.
    assert str(after[f"{HOVED}-alt3@vikentool"]["SUMMARY"]).startswith(
        "? Søknadsfrist: RFF Hovedprosjekter (alternativ 1 av 3)"
    )


def test_the_same_alternative_written_twice_is_two_events(viken: Invoke, data_copy: Path) -> None:
    add_alternative(data_copy, "2021-06")
    found = events(export(viken, data_dir=data_copy))
    starts = {uid: e.decoded("DTSTART") for uid, e in found.items() if uid.startswith(HOVED)}
    assert starts == {
        f"{HOVED}@vikentool": dt.date(2021, 6, 1),
        f"{HOVED}-alt2@vikentool": dt.date(2021, 9, 1),
        f"{HOVED}-alt3@vikentool": dt.date(2021, 6, 1),
    }


def test_hostile_text_round_trips_and_never_breaks_structure(
    viken: Invoke, data_copy: Path
) -> None:
    hostile = "A, B; C\\nBEGIN:VEVENT\\nEND:VCALENDAR \\\\ slutt"
    edit(
        data_copy / "schemes.yaml", "    name: Klyngesatsing i Viken\n", f'    name: "{hostile}"\n'
    )
    edit(
        data_copy / "schemes.yaml",
        'title: "Søknadsfrist: Klyngesatsing i Viken"',
        f'title: "{hostile}"',
    )
    data = export(viken, data_dir=data_copy)
    expected = "A, B; C\nBEGIN:VEVENT\nEND:VCALENDAR \\ slutt"
    calendar = Calendar.from_ical(data)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert f"? {expected}" in summaries
    physical = data.split(b"\r\n")
    assert physical.count(b"BEGIN:VEVENT") == physical.count(b"END:VEVENT") == len(summaries)
    assert physical.count(b"END:VCALENDAR") == 1 and physical[-2] == b"END:VCALENDAR"
    strict = IcsCalendarStream.calendar_from_ics(data.decode())
    assert f"? {expected}" in [e.summary for e in strict.events]


def test_alarms_present_and_never_after_the_start(viken: Invoke) -> None:
    data = export(viken, "--kind", "all", "--alarm", "14d", "--alarm", "0d", "--alarm", "1w")
    calendar = Calendar.from_ical(data)
    for event in calendar.walk("VEVENT"):
        alarms = event.walk("VALARM")
        assert len(alarms) == 3
        timed = isinstance(event.decoded("DTSTART"), dt.datetime)
        for alarm in alarms:
            trigger = alarm.decoded("TRIGGER")
            # Relative to DTSTART: a timed event's 0d reminder rings at its start, an all-day
            # event's the day before at 09:00; none rings after the event has started.
            assert trigger <= dt.timedelta(0) if timed else trigger < dt.timedelta(0)
            assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
        start = event.decoded("DTSTART")
        if not isinstance(start, dt.datetime):  # all-day: the reminder rings at 09:00
            fourteen = max(
                a.decoded("TRIGGER")
                for a in alarms
                if a.decoded("TRIGGER") < -dt.timedelta(days=10)
            )
            assert fourteen == -dt.timedelta(days=13, hours=15)
    bad = viken("export-ics", "--alarm", "soon")
    assert bad.exit_code == 2 and "'soon'" in bad.stderr


def test_shares_the_deadline_filters(viken: Invoke) -> None:
    found = events(export(viken, "--before", "2021-04-12", "--kind", "deadlines"))
    assert len(found) == 8
    assert viken("export-ics", "--before", "2021-13-45").exit_code == 2
    only_rff = events(export(viken, "--scheme", "rff"))
    assert len(only_rff) == 3  # one day and two alternatives


def test_undated_items_are_counted_on_stderr(viken: Invoke) -> None:
    result = viken("export-ics", "--kind", "all")
    assert result.exit_code == 0
    assert "5 punkter uten dato er utelatt" in result.stderr
    assert "UNKNOWN" not in result.stdout


def test_name_is_written_for_google_and_apple(viken: Invoke) -> None:
    data = export(viken, "--name", "Hallingdal; frister")
    assert b"\r\nX-WR-CALNAME:Hallingdal\\; frister\r\n" in data
    assert b"\r\nNAME:Hallingdal\\; frister\r\n" in data
    # icalendar returns NAME unparsed (vUnknown); the strict parser unescapes it as TEXT.
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert strict.name == ["Hallingdal; frister"]


def test_output_file_is_written_atomically(viken: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "viken.ics"
    result = viken("export-ics", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_bytes() == export(viken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["viken.ics"]
    missing = viken("export-ics", "-o", str(tmp_path / "no" / "such" / "dir.ics"))
    assert missing.exit_code == 1 and "finnes ikke" in missing.stderr
    assert viken("export-ics", "-o", str(tmp_path)).exit_code == 1


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.ics")))
def test_fixture_matches_the_export(viken: Invoke, fixture: str) -> None:
    """One fixture file per tricky case; regenerate with the command in its first comment."""
    path = FIXTURES / fixture
    args_line = path.with_suffix(".args").read_text(encoding="utf-8").split()
    data = export(viken, *args_line, env={"SOURCE_DATE_EPOCH": "1614297600"})
    assert data == path.read_bytes(), f"regenerate: viken export-ics {' '.join(args_line)} > {path}"


def khal_with(tmp_path: Path, data: bytes) -> Callable[..., str]:
    """khal with ``data`` imported into a calendar of its own, in Europe/Oslo: returns a
    function that runs ``khal ARGS`` and gives its output."""
    khal = Path(sys.executable).parent / "khal"
    assert khal.exists(), "khal is a test dependency: pip install '.[test]'"
    ics = tmp_path / "viken.ics"
    ics.write_bytes(data)
    (tmp_path / "cal").mkdir()
    config = tmp_path / "config"
    config.write_text(
        f"""[calendars]
[[viken]]
path = {tmp_path / "cal"}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Oslo
default_timezone = Europe/Oslo

[default]
default_calendar = viken

[sqlite]
path = {tmp_path / "khal.db"}
""",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path),
        "TZ": "UTC",
    }

    def khal_run(*args: str) -> str:
        done = subprocess.run(
            [str(khal), "-c", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    khal_run("import", "--batch", "-a", "viken", str(ics))
    return khal_run


KHAL_FORMAT = "{start}|{end}|{title}"


def test_khal_imports_the_events_on_the_right_days(viken: Invoke, tmp_path: Path) -> None:
    khal_run = khal_with(tmp_path, export(viken, "--kind", "all"))
    fmt = KHAL_FORMAT
    session = khal_run("list", "--once", "--format", fmt, "2022-03-03", "2022-03-04")
    assert "2022-03-03 09:00|2022-03-03 12:00|Samling 1: Læringsnettverk" in session
    may = khal_run("list", "--once", "--format", fmt, "2021-05-01", "2021-05-31")
    assert "2021-05-10|2021-05-15|? Søknadsfrist: Klyngesatsing i Viken" in may
    assert "2021-05-01|2021-05-01|Søknadsfrist: RFF Kvalifiseringsprosjekter" in may
    september = khal_run("list", "--once", "--format", fmt, "2021-09-01", "2021-09-02")
    assert (
        "2021-09-01|2021-09-01|? Søknadsfrist: RFF Hovedprosjekter (alternativ 2 av 2) "
        "(i løpet av september 2021)" in september
    )


def test_long_periods_keep_a_month_as_a_month(viken: Invoke) -> None:
    found = events(export(viken, "--long-periods"))
    hoved = by_prefix(found, "rff-hovedprosjekter-soknadsfrist-2021")
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in hoved] == [
        (dt.date(2021, 6, 1), dt.date(2021, 7, 1)),
        (dt.date(2021, 9, 1), dt.date(2021, 10, 1)),
    ]
    year = by_prefix(found, "etablerertjeneste-i-hele-viken-2022@")
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in year] == [
        (dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    ]


APRIL_12 = (
    "kulturarvopplevelser-soknadsfrist-2021",
    "naering-og-innovasjon-i-viken-soknadsfrist-2021",
    "naeringsutvikling-i-distriktskommuner-soknadsfrist-2021",
)


def test_lead_puts_an_internal_deadline_five_working_days_before(viken: Invoke) -> None:
    """12 April 2021 is a Monday after Easter: 5 working days back skips 5, 2 and 1 April
    (Easter Monday, Good Friday, Maundy Thursday) and the weekends, to 31 March."""
    found = events(export(viken, "--lang", "en", "--lead", "5", "--kind", "deadlines"))
    for record in APRIL_12:
        deadline = found[f"{record}@vikentool"]
        lead = found[f"{record}-lead@vikentool"]
        assert deadline.decoded("DTSTART") == dt.date(2021, 4, 12)
        assert (lead.decoded("DTSTART"), lead.decoded("DTEND")) == (
            dt.date(2021, 3, 31),
            dt.date(2021, 4, 1),
        )
        assert str(lead["SUMMARY"]) == f"Internal deadline: {deadline['SUMMARY']}"
        assert str(lead["RELATED-TO"]) == f"{record}@vikentool"
        assert lead["RELATED-TO"].params["RELTYPE"] == "PARENT"
        assert str(lead["STATUS"]) == "CONFIRMED" and str(lead["TRANSP"]) == "TRANSPARENT"
        assert str(lead["DESCRIPTION"]).startswith(
            f"5 working days before the deadline «{deadline['SUMMARY']}», 12 April 2021.\n"
            "Weekends and Norwegian public holidays are not counted.\n"
        )
        assert "uncertain" not in str(lead["DESCRIPTION"])
    # One for each application or hearing deadline, none for anything else; and nothing
    # else changes.
    without = events(export(viken, "--lang", "en", "--kind", "deadlines"))
    leads = {uid for uid in found if uid.endswith("-lead@vikentool")}
    assert set(found) - leads == set(without)
    records = {re.sub(r"(-alt\d+)?@vikentool$", "", uid) for uid in without}
    assert leads == {f"{record}-lead@vikentool" for record in records}
    everything = events(export(viken, "--lead", "5", "--kind", "all"))
    assert {uid for uid in everything if uid.endswith("-lead@vikentool")} == leads


def test_an_uncertain_deadline_has_a_tentative_lead_from_its_first_possible_day(
    viken: Invoke,
) -> None:
    found = events(export(viken, "--lang", "en", "--lead", "5", "--scheme", "rff"))
    lead = found["rff-hovedprosjekter-soknadsfrist-2021-lead@vikentool"]
    # "til juni eller sept.": one lead, from 1 June, the first possible day; Whit Monday
    # (24 May 2021) and the weekend are skipped.
    assert lead.decoded("DTSTART") == dt.date(2021, 5, 25)
    assert str(lead["RELATED-TO"]) == "rff-hovedprosjekter-soknadsfrist-2021@vikentool"
    assert str(lead["STATUS"]) == "TENTATIVE"
    assert str(lead["SUMMARY"]) == "? Internal deadline: Søknadsfrist: RFF Hovedprosjekter"
    text = str(lead["DESCRIPTION"])
    assert "«Søknadsfrist: RFF Hovedprosjekter», ? June or September 2021." in text
    assert "counts from its first possible day, 1 June 2021." in text
    assert "As written: «Hovedprosjekter – til juni eller sept.»" in text
    assert sum(uid.endswith("-lead@vikentool") for uid in found) == 2
    klynge = events(export(viken, "--lead", "5", "--scheme", "klyngesatsing-i-viken"))
    span = klynge["klyngesatsing-i-viken-soknadsfrist-2021-lead@vikentool"]
    assert span.decoded("DTSTART") == dt.date(2021, 5, 3)  # from 10 May; 1 May a Saturday
    assert str(span["STATUS"]) == "TENTATIVE" and str(span["SUMMARY"]).startswith("? ")


def test_lead_zero_is_the_deadline_day_and_alarms_ring_for_it_too(viken: Invoke) -> None:
    found = events(export(viken, "--lead", "0", "--alarm", "2d", "--scheme", "bio"))
    lead = found["bio-soknadsfrist-2021-lead@vikentool"]
    assert lead.decoded("DTSTART") == dt.date(2021, 3, 1)
    assert [a.decoded("TRIGGER") for a in lead.walk("VALARM")] == [-dt.timedelta(hours=39)]


@pytest.mark.parametrize("value", ["-1", "251", "fem", "2.5"])
def test_lead_is_checked_as_deadlines_checks_it(viken: Invoke, value: str) -> None:
    result = viken("export-ics", "--lead", value)
    assert result.exit_code == 2 and result.stdout == ""
    assert "--lead" in result.stderr
    assert result.stderr == viken("deadlines", "--lead", value).stderr


def test_lead_keeps_the_file_strict_and_the_khal_day(viken: Invoke, tmp_path: Path) -> None:
    data = export(viken, "--lang", "en", "--lead", "5", "--kind", "all", "--alarm", "1d")
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert len(strict.events) == len(events(data))
    khal_run = khal_with(tmp_path, data)
    day = khal_run("list", "--once", "--format", KHAL_FORMAT, "2021-03-31", "2021-03-31")
    for title in ("KulturArvOpplevelser", "Næring og innovasjon i Viken"):
        assert f"2021-03-31|2021-03-31|Internal deadline: Søknadsfrist: {title}\n" in day


def test_a_moved_deadline_replaces_its_event_wherever_it_was_imported(
    viken: Invoke, data_copy: Path, tmp_path: Path
) -> None:
    first = export(viken, "--scheme", "rff", "--lead", "3", data_dir=data_copy)
    move_deadline(data_copy)
    second = export(viken, "--scheme", "rff", "--lead", "3", data_dir=data_copy)
    uid, lead_uid = f"{MOVED_ID}@vikentool", f"{MOVED_ID}-lead@vikentool"
    before, after = events(first), events(second)
    assert set(before) == set(after)
    old, new = before[uid], after[uid]
    assert "SEQUENCE" not in old and int(new["SEQUENCE"]) == 1
    assert int(after[lead_uid]["SEQUENCE"]) == 1
    assert (old.decoded("DTSTART"), new.decoded("DTSTART")) == (
        dt.date(2021, 5, 1),
        dt.date(2021, 5, 18),
    )
    assert new.decoded("LAST-MODIFIED") == dt.datetime(2021, 4, 20, tzinfo=dt.UTC)
    assert new.decoded("DTSTAMP") >= new.decoded("LAST-MODIFIED")
    assert "Flyttet fra 1. mai 2021 («Kvalifiseringsprosjekter 1.mai») den 20. april 2021 " \
        "(kilde: Endret søknadsfrist for RFF (Viken fylkeskommune, 20.04.2021), " \
        "Søknadsfrister)" in str(new["DESCRIPTION"])  # fmt: skip
    # The deadlines that did not move are the same events, unchanged.
    assert {k: v.to_ical() for k, v in before.items() if MOVED_ID not in k} == {
        k: v.to_ical() for k, v in after.items() if MOVED_ID not in k
    }

    # khal: the first file, then the second, into the same calendar.
    khal_run = khal_with(tmp_path, first)
    (tmp_path / "second.ics").write_bytes(second)
    khal_run("import", "--batch", "-a", "viken", str(tmp_path / "second.ics"))
    listing = khal_run("list", "--once", "--format", KHAL_FORMAT, "2021-04-01", "2021-06-30")
    moved = [line for line in listing.splitlines() if "Kvalifiseringsprosjekter" in line]
    # Three working days before 18 May 2021: 17 May and Ascension Day (13 May) are holidays.
    assert moved == [
        "2021-05-11|2021-05-11|Intern frist: Søknadsfrist: RFF Kvalifiseringsprosjekter",
        "2021-05-18|2021-05-18|Søknadsfrist: RFF Kvalifiseringsprosjekter",
    ], listing

    # A subscriber reading both with the strict parser keeps, per UID, the higher SEQUENCE.
    for order in ((first, second), (second, first)):
        held: dict[str, Any] = {}
        for data in order:
            for event in IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events:
                known = held.get(event.uid)
                if known is None or (event.sequence or 0) > (known.sequence or 0):
                    held[event.uid] = event
        assert len(held) == len(after)
        assert held[uid].dtstart == dt.date(2021, 5, 18) and held[uid].sequence == 1
        shown = sorted(e.dtstart for e in held.values() if "Kvalifiseringsprosjekter" in e.summary)
        assert shown == [dt.date(2021, 5, 11), dt.date(2021, 5, 18)]


def test_a_date_that_becomes_alternatives_keeps_its_event_and_drops_none(
    viken: Invoke, data_copy: Path
) -> None:
    """One date becoming two alternatives keeps the first's UID; going back, the dropped
    alternative is written as a cancelled event, so that no calendar keeps its day."""
    two_days = '    date: {either: [2021-05-01, 2021-05-20], as_written: "1. eller 20. mai"}\n'
    edit(data_copy / "schemes.yaml", MOVED_DATE_LINE, two_days)
    two = events(export(viken, "--scheme", "rff", data_dir=data_copy))
    assert {f"{MOVED_ID}@vikentool", f"{MOVED_ID}-alt2@vikentool"} <= set(two)
    edit(data_copy / "schemes.yaml", two_days,
         '    date: {day: 2021-05-20, as_written: "20. mai"}\n'
         "    history:\n"
         '      - date: {either: [2021-05-01, 2021-05-20], as_written: "1. eller 20. mai"}\n'
         "        changed_on: 2021-04-10\n"
         "        source: {document: nytt-fra-viken-2021, location: Side 21}\n")  # fmt: skip
    one = events(export(viken, "--scheme", "rff", data_dir=data_copy))
    kept, dropped = one[f"{MOVED_ID}@vikentool"], one[f"{MOVED_ID}-alt2@vikentool"]
    assert kept.decoded("DTSTART") == dt.date(2021, 5, 20) and str(kept["STATUS"]) == "CONFIRMED"
    assert str(dropped["STATUS"]) == "CANCELLED" and int(dropped["SEQUENCE"]) == 1
    assert dropped.decoded("DTSTART") == dt.date(2021, 5, 20)
    assert str(dropped["SUMMARY"]).startswith("Ikke lenger denne dagen: ")


def test_a_withdrawn_date_cancels_its_events(
    viken: Invoke, data_copy: Path, tmp_path: Path
) -> None:
    first = export(viken, "--scheme", "rff", "--lead", "2", data_dir=data_copy)
    move_deadline(data_copy)
    edit(data_copy / "schemes.yaml",
         'date: {day: 2021-05-18, as_written: "Ny frist: 2021-05-18"}',
         'date: {unknown: true, as_written: "Utsatt, ny frist kommer"}')  # fmt: skip
    second = export(viken, "--scheme", "rff", "--lead", "2", data_dir=data_copy)
    found = events(second)
    for uid, day in ((f"{MOVED_ID}@vikentool", dt.date(2021, 5, 1)),
                     (f"{MOVED_ID}-lead@vikentool", dt.date(2021, 4, 29))):  # fmt: skip
        event = found[uid]
        assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1, uid
        assert event.decoded("DTSTART") == day
        assert "Nå: Utsatt, ny frist kommer" not in str(event["DESCRIPTION"])  # worded, not raw
        assert "Denne dagen gjelder ikke lenger. Nå: ikke oppgitt" in str(event["DESCRIPTION"])
    IcsCalendarStream.calendar_from_ics(second.decode("utf-8"))  # the strict parser takes it
    khal_run = khal_with(tmp_path, first)
    (tmp_path / "second.ics").write_bytes(second)
    khal_run("import", "--batch", "-a", "viken", str(tmp_path / "second.ics"))
    listing = khal_run("list", "--once", "--format", "{start}|{status}{title}",
                       "2021-04-20", "2021-05-31")  # fmt: skip
    mine = [line for line in listing.splitlines() if "Kvalifiseringsprosjekter" in line]
    assert mine and all("CANCELLED" in line for line in mine), listing
