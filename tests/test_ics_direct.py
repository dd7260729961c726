"""The calendar's direct writing of all-day events, held to icalendar as the oracle.

Every event of the embedded data, of generated catalogs of 1 000 and 10 000 deadlines and of
data with moved, withdrawn and linked dates is written both ways and compared byte for byte;
random text, URLs, UIDs and whole events are compared the same way. A new icalendar that
writes anything differently fails here, before a calendar changes.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Event, vDuration, vText

from tests.conftest import (
    MOVED_DATE_LINE,
    MOVED_ID,
    edit,
    embedded_data,
    generate_deadlines,
    move_deadline,
)
from vikentool.domain.catalog import Item
from vikentool.domain.kinds import ALL_KINDS
from vikentool.i18n import set_language
from vikentool.model.load import load_catalog
from vikentool.render.ics import (
    DEFAULT_KINDS,
    build_calendar,
    calendar_entries,
    event_spec,
    icalendar_event,
    reproducible_stamp,
    takes_direct_path,
)
from vikentool.render.ics_lines import (
    FOLD_LIMIT,
    EventSpec,
    Reminder,
    content_line,
    duration_value,
    escape_text,
    text_content,
    text_value,
    write_event,
)
from vikentool.render.terminal import UNSAFE

ALARMS = (14, 1, 0)  # largest first, as build_calendar orders them


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Catalogs are loaded afresh: no test reads or writes a cache."""
    monkeypatch.setenv("VIKEN_CACHE", "0")


def generated(folder: Path, deadlines: int) -> list[Item]:
    generate_deadlines(folder, deadlines)
    return list(load_catalog(folder).items)


def chosen(items: Sequence[Item], kinds: Sequence[str]) -> list[Item]:
    return [item for item in items if item.kind in kinds]


def compare_both_ways(
    items: Sequence[Item], *, alarms: Sequence[int] = (), lead: int | None = None,
    long_periods: bool = False,
) -> int:  # fmt: skip
    """Every event of the calendar of ``items`` written directly and through icalendar: the
    same bytes, and the direct path taken by every event but the timed ones. Returns how
    many events took it."""
    stamp = reproducible_stamp(items)
    entries, _ = calendar_entries(items, long_periods=long_periods, lead=lead)
    direct = 0
    for entry in entries:
        spec = event_spec(entry, stamp, alarms)
        oracle = icalendar_event(spec).to_ical()
        if not takes_direct_path(spec):
            assert isinstance(spec.start, dt.datetime), spec  # only a timed event may not
            continue
        assert write_event(spec) == oracle, spec.uid
        direct += 1
    return direct


def events_of(data: bytes) -> int:
    return data.count(b"BEGIN:VEVENT\r\n")


# --- whole data sets, every event both ways --------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_event_of_the_embedded_data_both_ways(language: str) -> None:
    set_language(language)
    items = list(load_catalog(embedded_data()).items)
    assert compare_both_ways(chosen(items, DEFAULT_KINDS)) > 20
    assert compare_both_ways(chosen(items, ALL_KINDS), alarms=ALARMS, lead=5) > 30
    assert compare_both_ways(chosen(items, ALL_KINDS), alarms=(7,), lead=0, long_periods=True)


def test_every_event_of_moved_withdrawn_and_linked_dates_both_ways(data_copy: Path) -> None:
    """SEQUENCE and LAST-MODIFIED (a moved deadline), cancelled events (a dropped
    alternative, a withdrawn date), URL (with text the URI keeps as written), a long
    RELATED-TO that folds."""
    move_deadline(data_copy)
    edit(data_copy / "schemes.yaml", "    name: Regionale forskningsfond (RFF)\n",
         "    name: Regionale forskningsfond (RFF)\n"
         "    url: 'https://viken.no/rff/søknad?år=2021;side=2,3&x=\\N"
         + "-æøå" * 20 + "'\n")  # fmt: skip
    edit(data_copy / "schemes.yaml",
         'date: {day: 2021-05-18, as_written: "Ny frist: 2021-05-18"}',
         'date: {unknown: true, as_written: "Utsatt, ny frist kommer"}')  # fmt: skip
    items = list(load_catalog(data_copy).items)
    assert compare_both_ways(chosen(items, ALL_KINDS), alarms=ALARMS, lead=3) > 30
    data, _ = build_calendar(chosen(items, ALL_KINDS), alarms=ALARMS, lead=3)
    for wanted in ("SEQUENCE:1", "STATUS:CANCELLED", "URL:https://viken.no/rff/søknad?år=2021;",
                   "RELATED-TO;RELTYPE=PARENT:", "LAST-MODIFIED:20210420T000000Z"):  # fmt: skip
        assert f"\r\n{wanted}".encode() in data, wanted
    assert f"{MOVED_ID}-lead@vikentool".encode() in data


def test_a_dropped_alternative_both_ways(data_copy: Path) -> None:
    edit(data_copy / "schemes.yaml", MOVED_DATE_LINE,
         '    date: {day: 2021-05-20, as_written: "20. mai"}\n'
         "    history:\n"
         '      - date: {either: [2021-05-01, 2021-05-20], as_written: "1. eller 20. mai"}\n'
         "        changed_on: 2021-04-10\n"
         "        source: {document: nytt-fra-viken-2021, location: Side 21}\n")  # fmt: skip
    items = chosen(load_catalog(data_copy).items, ALL_KINDS)
    assert compare_both_ways(items, lead=2)
    assert b"\r\nSTATUS:CANCELLED\r\n" in build_calendar(items, lead=2)[0]


def test_every_event_of_a_thousand_deadlines_both_ways(tmp_path: Path) -> None:
    items = chosen(generated(tmp_path / "data", 1_000), ALL_KINDS)
    assert compare_both_ways(items, alarms=ALARMS, lead=5) > 1_500
    assert compare_both_ways(items, long_periods=True) > 900


def test_every_event_of_ten_thousand_deadlines_both_ways(tmp_path: Path) -> None:
    items = chosen(generated(tmp_path / "data", 10_000), DEFAULT_KINDS)
    assert compare_both_ways(items) > 9_000


# --- whole calendars ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "alarms", "lead", "long_periods", "name"),
    [
        (DEFAULT_KINDS, [], None, False, None),
        (ALL_KINDS, [14, 0, 2], 5, False, None),
        (ALL_KINDS, [], None, True, "Frister; høst, vår \\ alt"),
    ],
)
def test_the_embedded_calendar_is_what_icalendar_alone_writes(
    kinds: Sequence[str], alarms: list[int], lead: int | None, long_periods: bool, name: str | None
) -> None:
    items = chosen(load_catalog(embedded_data()).items, kinds)

    def calendar(icalendar_only: bool) -> tuple[bytes, int]:
        return build_calendar(items, alarms=alarms, lead=lead, long_periods=long_periods,
                              name=name, icalendar_only=icalendar_only)  # fmt: skip

    direct = calendar(icalendar_only=False)
    assert direct == calendar(icalendar_only=True)
    assert events_of(direct[0]) > 20


def test_a_moved_calendar_is_what_icalendar_alone_writes(data_copy: Path) -> None:
    move_deadline(data_copy)
    items = chosen(load_catalog(data_copy).items, ALL_KINDS)
    assert build_calendar(items, lead=2, alarms=[3]) == build_calendar(
        items, lead=2, alarms=[3], icalendar_only=True
    )


def test_a_stamp_not_in_utc_goes_through_icalendar() -> None:
    items = chosen(load_catalog(embedded_data()).items, DEFAULT_KINDS)
    oslo = dt.timezone(dt.timedelta(hours=1))
    stamp = dt.datetime(2022, 1, 1, 1, 0, tzinfo=oslo)
    entries, _ = calendar_entries(items)
    assert not any(takes_direct_path(event_spec(entry, stamp)) for entry in entries)
    data, _ = build_calendar(items, stamp=stamp)
    assert data == build_calendar(items, stamp=stamp, icalendar_only=True)[0]
    assert b"\r\nDTSTAMP:20220101T000000Z\r\n" in data


# --- random text, URLs, UIDs and events ----------------------------------------------------


# Text that tries every rule: escapes, line breaks of every kind, characters cleaning
# removes, multi-byte characters to land on the fold, and a backslash or caret to end a
# piece on.
TRICKY = "\\;,:\n\r\t^\"'\ufeff\x00\x1b\x7f\x85\u00ad\u200b\u2028\u2029\ud800é€😀ø N"
TEXT = st.text(st.one_of(st.sampled_from(TRICKY), st.characters()), max_size=400)
PLAIN = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789@._-"), min_size=1, max_size=150
)


def icalendar_line(name: str, value: object, parameters: dict[str, str] | None = None) -> bytes:
    """The one content line icalendar writes for a property, folded, with its CRLF."""
    event = Event()
    event.add(name, value, parameters=parameters or {})
    data: bytes = event.to_ical()
    head, tail = b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n"
    assert data.startswith(head) and data.endswith(tail)
    return data[len(head) : -len(tail)]


class _Text(vText):
    """The TEXT the calendar gives icalendar: cleaned, and escaped by RFC 5545 alone."""

    def to_ical(self) -> bytes:
        return escape_text(self).encode("utf-8")


@settings(max_examples=400, deadline=None)
@example(text="\\N")
@example(text="\ufeffa")
@example(text="é" * 40)
@example(text="a" * 73 + "\\b" + "c" * 80)
@example(text="a" * 72 + "é,b" + "^" * 90)
@given(text=TEXT)
def test_text_properties_fold_and_escape_as_icalendar_does(text: str) -> None:
    value = text_value(text)
    assert text_content(text) == escape_text(value)
    for name in ("SUMMARY", "DESCRIPTION", "CONTACT"):
        assert content_line(name, text_content(text)) == icalendar_line(name, _Text(value))
    # icalendar's own TEXT escaping is RFC 5545's too, but for a written backslash-N, which
    # it reads as a line break and the calendar keeps as written.
    if "\\N" not in value:
        assert escape_text(value).encode() == vText(value).to_ical()


@settings(max_examples=300, deadline=None)
@example(scheme="https", rest="é" * 80)
@example(scheme="https", rest="a" * 60 + "\\" + "b" * 20)
@given(
    scheme=st.from_regex(r"[a-z][a-z0-9+.-]{0,10}", fullmatch=True),
    rest=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n")),
)
def test_urls_fold_as_icalendar_does(scheme: str, rest: str) -> None:
    url = f"{scheme}://{rest}"
    assert content_line("URL", url) == icalendar_line("url", url)


@settings(max_examples=200, deadline=None)
@given(uid=PLAIN)
def test_uids_and_links_fold_as_icalendar_does(uid: str) -> None:
    assert content_line("UID", uid) == icalendar_line("uid", uid)
    assert content_line("RELATED-TO;RELTYPE=PARENT", uid) == icalendar_line(
        "related-to", uid, {"RELTYPE": "PARENT"}
    )


@settings(max_examples=300, deadline=None)
@given(delta=st.timedeltas(min_value=-dt.timedelta(days=400), max_value=dt.timedelta(days=400)))
def test_durations_as_icalendar_writes_them(delta: dt.timedelta) -> None:
    assert duration_value(delta).encode() == vDuration(delta).to_ical()


DAYS = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9990, 1, 1))


@st.composite
def event_specs(draw: st.DrawFn) -> EventSpec:
    start = draw(DAYS)
    moved = draw(st.booleans())
    url = draw(st.none() | st.text(st.characters(blacklist_categories=("Cs",))))
    return EventSpec(
        uid=draw(PLAIN),
        stamp=draw(st.datetimes(timezones=st.just(dt.UTC))),
        summary=draw(TEXT),
        start=start,
        end=start + dt.timedelta(days=draw(st.integers(1, 400))),
        status=draw(st.sampled_from(["TENTATIVE", "CONFIRMED", "CANCELLED"])),
        transp=draw(st.sampled_from(["TRANSPARENT", "OPAQUE"])),
        description=draw(TEXT),
        category=draw(st.sampled_from([*ALL_KINDS, "internal_deadline"])),
        sequence=draw(st.integers(1, 99)) if moved else 0,
        modified=draw(DAYS) if moved else None,
        url=None if url is None else f"https://{url}",
        contacts=tuple(draw(st.lists(TEXT, max_size=3))),
        parent=draw(st.none() | PLAIN),
        alarms=tuple(
            Reminder(delta, description)
            for delta, description in draw(
                st.lists(st.tuples(st.timedeltas(max_value=dt.timedelta(0)), TEXT), max_size=3)
            )
        ),
    )


@settings(max_examples=300, deadline=None)
@given(event=event_specs())
def test_random_all_day_events_as_icalendar_writes_them(event: EventSpec) -> None:
    if takes_direct_path(event):
        assert write_event(event) == icalendar_event(event).to_ical()
    else:  # a URL with a line break, which icalendar refuses
        assert event.url is not None and ("\n" in event.url or "\r" in event.url)
        with pytest.raises(ValueError, match="CR or LF"):
            icalendar_event(event)


def test_what_takes_the_direct_path() -> None:
    day = dt.date(2021, 5, 1)
    plain = EventSpec(
        uid="a@vikentool", stamp=dt.datetime(2021, 1, 1, tzinfo=dt.UTC), summary="s",
        start=day, end=day + dt.timedelta(days=1), status="CONFIRMED", transp="TRANSPARENT",
        description="d", category="milestone",
    )  # fmt: skip
    assert takes_direct_path(plain)
    oslo = dt.timezone(dt.timedelta(hours=2))
    for different in (
        plain._replace(start=dt.datetime(2021, 5, 1, 9, tzinfo=oslo)),
        plain._replace(stamp=dt.datetime(2021, 1, 1)),
        plain._replace(stamp=dt.datetime(2021, 1, 1, tzinfo=oslo)),
        plain._replace(uid="a,b@vikentool"),
        plain._replace(parent="a;b"),
        plain._replace(category="x\\N"),
        plain._replace(url="https://x\n"),
    ):
        assert not takes_direct_path(different), different


def test_what_cleaning_changes_is_unprintable() -> None:
    """``text_content`` skips cleaning printable text: that is right only while every
    character cleaning changes is unprintable."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    changed = set(UNSAFE.findall(everything)) | {"\t"}
    assert changed and not any(character.isprintable() for character in changed)


def test_folded_pieces_stay_below_the_limit() -> None:
    for text in ("é" * 200, "a\\" * 100, "😀" * 60, "^" * 200):
        for piece in content_line("DESCRIPTION", text).split(b"\r\n "):
            assert len(piece.rstrip(b"\r\n")) < FOLD_LIMIT
