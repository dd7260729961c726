"""A date exactly as vague as the document wrote it, and the days it may fall on.

Free of third-party imports: every command reads dates, and start-up counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")

OSLO = "Europe/Oslo"

DayRange = tuple[date, date]

# The years a date may fall in, in the data and on the command line: wide enough for any
# document, narrow enough that no reckoning from a date (a lead of workdays, a window, an
# alarm, a week number) can leave the years Python's dates can hold.
FIRST_YEAR = 1900
LAST_YEAR = 2199

# Whole texts of ASCII digits (matched with fullmatch): "\d" takes any script's digits, which
# int() reads, and "$" lets a final line break through, as ids may not either.
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_TIME_SPAN = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])")


def month_range(year: int, month: int) -> DayRange:
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first, following - timedelta(days=1)


@lru_cache(maxsize=4096)
def parse_point(text: str) -> tuple[DayRange, str]:
    """A data-file point: ``YYYY-MM-DD`` (a day) or ``YYYY-MM`` (a whole month).

    Returns the days it covers and its precision (``day`` or ``month``). Remembered: a data
    file writes the same days again and again, and validation and the runtime date both ask.
    """
    match = _DAY.fullmatch(text)
    if match is None:
        match = _MONTH.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is neither a day (YYYY-MM-DD) nor a month (YYYY-MM)")
    year = int(match[1])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    month = int(match[2])
    if match.re is _DAY:
        try:
            single = date(year, month, int(match[3]))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        return (single, single), "day"
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    return month_range(year, month), "month"


def parse_time_span(text: str) -> tuple[str, str]:
    """``"09:00-12:00"`` to its two ends; the end must come after the start."""
    match = _TIME_SPAN.fullmatch(text.replace(" ", ""))
    if not match:
        raise ValueError(f"{text!r} is not a time span like '09:00-12:00'")
    h1, m1, h2, m2 = match.groups()
    start, end = f"{h1}:{m1}", f"{h2}:{m2}"
    if end <= start:
        raise ValueError(f"the time span {text!r} ends before it starts")
    return start, end


# The keys of a date in a data file, in the order the files (and ``viken show``) write them.
WRITTEN_KEYS = (
    "as_written",
    "day",
    "from",
    "to",
    "month",
    "either",
    "year",
    "rolling",
    "unknown",
    "tentative",
    "year_inferred",
    "time",
)
_FORM_KEYS = ("day", "from", "to", "month", "either", "year", "rolling", "unknown")


def resolve_form(written: Mapping[str, Any]) -> tuple[str, tuple[DayRange, ...]]:
    """The form (day, span, month, alternatives, year, rolling, unknown) of a written date and
    its possible days, one range per alternative. ``ValueError`` if the keys do not make one
    date (the data-file validation reports the message at the date's position)."""
    present = {key for key in _FORM_KEYS if written.get(key) is not None}
    if len(present) == 1 and "from" not in present and "to" not in present:
        given = [next(iter(present))]
    else:
        given = [
            name
            for name, keys in (
                ("day", ("day",)),
                ("from/to", ("from", "to")),
                ("month", ("month",)),
                ("either", ("either",)),
                ("year", ("year",)),
                ("rolling", ("rolling",)),
                ("unknown", ("unknown",)),
            )
            if present.intersection(keys)
        ]
    if len(given) != 1:
        raise ValueError(
            "give exactly one of day, from+to, month, either, year, rolling, unknown"
            + (f" (found {', '.join(given)})" if given else "")
        )
    if written.get("time") is not None and "day" not in present:
        raise ValueError("'time' goes with 'day' only")
    form = given[0]
    if form == "day":
        return form, (parse_point(written["day"])[0],)
    if form == "from/to":
        if "from" not in present or "to" not in present:
            raise ValueError("a span needs both 'from' and 'to'")
        start, end = parse_point(written["from"])[0][0], parse_point(written["to"])[0][1]
        if end < start:
            raise ValueError(
                f"the span ends ({written['to']}) before it starts ({written['from']})"
            )
        return "span", ((start, end),)
    if form == "month":
        return form, (parse_point(written["month"])[0],)
    if form == "either":
        return "alternatives", tuple(sorted(parse_point(p)[0] for p in written["either"]))
    if form == "year":
        year = int(written["year"])
        return form, ((date(year, 1, 1), date(year, 12, 31)),)
    return form, ()


class DateSpec(NamedTuple):
    """A date as the document wrote it (``as_written``), in one of the data files' forms, with
    the possible days worked out once (``ranges``: one per alternative; none if undated)."""

    as_written: str
    form: str
    ranges: tuple[DayRange, ...]
    tentative: bool = False
    year_inferred: bool = False
    time: str | None = None
    # The form's own keys as the data file has them ("day", "from", "either", ...).
    written: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def from_written(cls, written: Mapping[str, Any]) -> DateSpec:
        form, ranges = resolve_form(written)
        time = written.get("time")
        if time is not None:
            parse_time_span(time)
        for flag in ("tentative", "year_inferred"):
            if not isinstance(written.get(flag, False), bool):
                raise ValueError(f"{flag!r} is true or false")
        return cls(
            written["as_written"],
            form,
            ranges,
            bool(written.get("tentative", False)),
            bool(written.get("year_inferred", False)),
            time,
            tuple((key, written[key]) for key in _FORM_KEYS if written.get(key) is not None),
        )

    def as_data(self) -> dict[str, Any]:
        """The date as a data file writes it (the keys in ``WRITTEN_KEYS`` order)."""
        values = dict(self.written)
        values.update(
            as_written=self.as_written,
            tentative=self.tentative,
            year_inferred=self.year_inferred,
            time=self.time,
        )
        return {k: values[k] for k in WRITTEN_KEYS if values.get(k) is not None}

    def _written(self, key: str) -> Any:
        return dict(self.written).get(key)

    @property
    def day(self) -> str | None:
        return self._written("day")  # type: ignore[no-any-return]

    @property
    def month(self) -> str | None:
        return self._written("month")  # type: ignore[no-any-return]

    @property
    def either(self) -> list[str] | None:
        return self._written("either")  # type: ignore[no-any-return]

    @property
    def year(self) -> int | None:
        return self._written("year")  # type: ignore[no-any-return]

    def written_positions(self) -> tuple[int, ...]:
        """For each range in ``ranges`` (which are sorted), its 1-based place in the data
        file's own list as written (``either``), so that an alternative keeps its number when
        another is added before it. Equal alternatives get distinct places, in the file's
        order; a date of any other form has one range, place 1."""
        either = self.either
        if not either:
            return tuple(range(1, len(self.ranges) + 1))
        order = sorted(range(len(either)), key=lambda i: (parse_point(either[i])[0], i))
        return tuple(i + 1 for i in order)

    @property
    def earliest(self) -> date | None:
        return self.ranges[0][0] if self.ranges else None

    @property
    def latest(self) -> date | None:
        return max(hi for _, hi in self.ranges) if self.ranges else None

    @property
    def is_dated(self) -> bool:
        return bool(self.ranges)

    @property
    def is_exact_day(self) -> bool:
        return self.form == "day"

    @property
    def is_certain(self) -> bool:
        """One exact day that the document does not hedge: the only date worth no marker."""
        return self.form == "day" and not self.tentative

    def next_possible(self, as_of: date) -> date | None:
        """The first possible day on or after ``as_of`` (``as_of`` itself inside a span or a
        month); ``None`` when every possible day has passed, or there are none."""
        for lo, hi in self.ranges:
            if hi >= as_of:
                return max(lo, as_of)
        return None

    @property
    def points(self) -> tuple[str, ...]:
        """The form's points as the data file writes them (``2021-06``, ``2021-05-10``,
        ``2021`` for a year)."""
        values: list[str] = []
        for _, value in self.written:
            if isinstance(value, list | tuple):
                values.extend(str(v) for v in value)
            elif not isinstance(value, bool):  # rolling and unknown are flags, not points
                values.append(str(value))
        return tuple(values)

    @property
    def uncertain(self) -> bool:
        """No certain day or period: hedged by the document, or only a month, a year or
        alternatives."""
        return self.tentative or self.form in ("month", "year", "alternatives")

    @property
    def times(self) -> tuple[str, str] | None:
        return parse_time_span(self.time) if self.time else None


class ClockChange(NamedTuple):
    """One of Oslo's two yearly clock changes under the EU rule: on the last Sunday of
    ``month``, when the clock reads ``hour`` o'clock in the time before the change, the
    offset goes from ``offset_from`` to ``offset_to`` and the time is called ``name``."""

    name: str
    month: int
    hour: int
    offset_from: timedelta
    offset_to: timedelta

    def local_start(self, year: int) -> datetime:
        """The change in ``year`` as the clock reads it just before (no time zone attached):
        how RFC 5545 wants a VTIMEZONE's DTSTART."""
        day = month_range(year, self.month)[1]
        day -= timedelta(days=(day.weekday() - 6) % 7)
        return datetime(day.year, day.month, day.day, self.hour)

    def instant(self, year: int) -> datetime:
        """The change in ``year`` in UTC."""
        return self.local_start(year).replace(tzinfo=timezone(self.offset_from)).astimezone(UTC)


# The EU rule, which Norway has followed since the first year summer time ended on the last
# Sunday of October: standard time (CET) from then, summer time (CEST) from the last Sunday
# of March. The year is the first that both changes followed it.
OSLO_RULE_SINCE = 1996
OSLO_WINTER_TIME = ClockChange("CET", 10, 3, timedelta(hours=2), timedelta(hours=1))
OSLO_SUMMER_TIME = ClockChange("CEST", 3, 2, timedelta(hours=1), timedelta(hours=2))
OSLO_CLOCK_CHANGES = (OSLO_WINTER_TIME, OSLO_SUMMER_TIME)


def oslo_rule_holds(year: int, zone: tzinfo | None = None) -> bool:
    """Whether the EU rule gives Oslo's clock in ``year`` as the time-zone database
    (``zone``, by default zoneinfo's Europe/Oslo) does: each change at its instant, the
    offsets and names either side, and no other change that lasts a day. A year before the
    rule, or one after a change of the law that tzdata has learnt, does not hold."""
    if zone is None:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(OSLO)
    summer, winter = OSLO_SUMMER_TIME.instant(year), OSLO_WINTER_TIME.instant(year)
    second = timedelta(seconds=1)
    for change, at in ((OSLO_SUMMER_TIME, summer), (OSLO_WINTER_TIME, winter)):
        before, after = (at - second).astimezone(zone), at.astimezone(zone)
        if (before.utcoffset(), after.utcoffset(), after.tzname()) != (
            change.offset_from,
            change.offset_to,
            change.name,
        ):
            return False
    # Between the changes, and around them to the year's ends, the offset stays put.
    moment = datetime(year, 1, 1, tzinfo=UTC)
    while moment.year == year:
        expected = OSLO_SUMMER_TIME if summer <= moment < winter else OSLO_WINTER_TIME
        if moment.astimezone(zone).utcoffset() != expected.offset_to:
            return False
        moment += timedelta(days=1)
    return True


def change_between(before: DateSpec | None, after: DateSpec | None) -> str | None:
    """How a date changed: ``moved`` (the days it may fall on, its form or its time of day,
    or it gained or lost a date), ``reworded`` (only the words), or ``None`` (no change)."""
    if before is None or after is None:
        return None if before is after else "moved"
    if (before.ranges, before.form, before.time) != (after.ranges, after.form, after.time):
        return "moved"
    return "reworded" if before.as_data() != after.as_data() else None


def successors(earlier: Sequence[T], current: T) -> list[tuple[T, T]]:
    """Each earlier value paired with the one that replaced it, the last with ``current``
    (none when there are no earlier values)."""
    if not earlier:
        return []
    return list(zip(earlier, [*earlier[1:], current], strict=True))
