"""Every output says exactly what the documents say: one presentation of a date, everywhere.

Each dated item of the embedded data goes through every output that words a date; an
uncertain date is never shown without its marker, and no day is shown that is not one of the
item's possible days.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from tests.conftest import Invoke
from vikentool.domain.catalog import Catalog
from vikentool.domain.dates import DateSpec
from vikentool.i18n import month_name
from vikentool.render.present import MARK, date_text, plain_text

MONTHS = tuple(month_name(number) for number in range(1, 13))  # bokmål, as the tests run

AS_OF = "2021-02-26"


def flat(text: str) -> str:
    return " ".join(text.split())


def possible(spec: DateSpec, day: dt.date) -> bool:
    return any(lo <= day <= hi for lo, hi in spec.ranges)


def days_named(text: str, year: int) -> list[dt.date]:
    """The exact days a worded date names ("12. april 2021"; a span's "10.–15. mai")."""
    found: list[dt.date] = []
    for start, end, month in re.findall(r"(\d{1,2})\.(?:–(\d{1,2})\.)? (\w+)", text):
        if month in MONTHS:
            number = MONTHS.index(month) + 1
            found += [dt.date(year, number, int(d)) for d in (start, end) if d]
    return found


def test_every_item_in_every_output(viken: Invoke, catalog: Catalog) -> None:
    rows = {
        r["id"]: r
        for r in json.loads(
            viken(
                "deadlines", "--kind", "all", "--include-undated", "--as-of", AS_OF, "-f", "json"
            ).stdout
        )
    }
    table = flat(viken("deadlines", "--kind", "all", "--as-of", AS_OF).stdout)
    plans = flat(viken("plans", "--as-of", AS_OF).stdout)
    csv_text = viken("deadlines", "--kind", "all", "--include-undated", "-f", "csv").stdout
    csv_rows = {
        r["id"]: r for r in __import__("csv").DictReader(__import__("io").StringIO(csv_text))
    }
    timeline = viken(
        "timeline", "--from", "2020-12-01", "--to", "2022-12-31", "--width", "400"
    ).stdout.splitlines()
    calendar = Calendar.from_ical(viken("export-ics", "--kind", "all").stdout_bytes)
    events: dict[str, list[object]] = {}
    for event in calendar.walk("VEVENT"):
        events.setdefault(str(event["UID"]).split("@")[0], []).append(event)
    assert catalog.items
    for item in catalog.items:
        spec = item.date
        row = rows[item.id]
        # JSON/CSV: the meaning is explicit.
        assert row["certain"] is spec.is_certain
        if spec.uncertain:
            assert row["certain"] is False, item.id
        if spec.is_dated:
            assert row["date"] == spec.earliest.isoformat()  # type: ignore[union-attr]
            assert row["next_possible"] is None or possible(
                spec, dt.date.fromisoformat(row["next_possible"])
            )
        words = date_text(spec)
        assert words.startswith(MARK + " ") == (spec.is_dated and spec.uncertain), item.id
        for day in days_named(words, spec.earliest.year if spec.earliest else 2021):
            assert possible(spec, day), (item.id, day)
        assert csv_rows[item.id]["certain"] == ("true" if spec.is_certain else "false")
        shown = flat(viken("show", item.id).stdout)
        if not spec.is_dated:
            assert "ikke oppgitt" in shown or "løpende" in shown, item.id
            continue
        assert flat(words) in shown, item.id
        grouped = item.kind not in ("milestone", "session") and ": " in item.title
        label = item.title.split(": ", 1)[1] if grouped else item.title
        line = next(x for x in timeline if x.startswith(label[:20]))
        assert (" ?" in line[:60]) == spec.uncertain, (item.id, line[:60])
        # The table words it the same way; its When column breaks a line only after "eller"
        # and before "kl.", so what comes before those is on one line.
        head = words.split(" eller ")[0].split(" kl. ")[0]
        assert flat(head) in table, item.id
        if item.parent_id and any(p.id == item.parent_id for p in catalog.plans):
            assert flat(head) in plans, item.id
        # The calendar: uncertain is tentative, with "?" in front and the words inside.
        if item.kind in ("application_deadline", "hearing_deadline", "milestone", "session"):
            uid = next(u for u in events if u.startswith(item.id))
            for event in events[uid]:
                tentative = str(event["STATUS"]) == "TENTATIVE"  # type: ignore[index]
                assert tentative == spec.uncertain, item.id
                assert str(event["SUMMARY"]).startswith("? ") == spec.uncertain  # type: ignore[index]
                assert plain_text(spec) in str(event["DESCRIPTION"])  # type: ignore[index]


MONTH_POINTS = st.tuples(st.integers(2019, 2023), st.integers(1, 12)).map(
    lambda ym: f"{ym[0]}-{ym[1]:02d}"
)
DAY_POINTS = st.dates(dt.date(2019, 1, 1), dt.date(2023, 12, 31)).map(dt.date.isoformat)


@st.composite
def written_dates(draw: st.DrawFn) -> dict[str, object]:
    form = draw(st.sampled_from(["day", "span", "month", "either", "year", "rolling", "unknown"]))
    data: dict[str, object] = {"as_written": "x", "tentative": draw(st.booleans())}
    if form == "day":
        data["day"] = draw(DAY_POINTS)
    elif form == "span":
        points = draw(st.sampled_from([DAY_POINTS, MONTH_POINTS]))
        data["from"], data["to"] = sorted([draw(points), draw(points)])
    elif form == "month":
        data["month"] = draw(MONTH_POINTS)
    elif form == "either":
        data["either"] = draw(st.lists(DAY_POINTS | MONTH_POINTS, min_size=2, max_size=3))
    elif form == "year":
        data["year"] = draw(st.integers(2019, 2023))
    else:
        data[form] = True
    return data


@given(written_dates(), st.dates(dt.date(2018, 6, 1), dt.date(2024, 6, 30)))
def test_every_form_is_worded_truthfully(written: dict[str, object], as_of: dt.date) -> None:
    spec = DateSpec.from_written(written)
    words = date_text(spec, long=True)
    assert words.startswith(MARK + " ") == (spec.is_dated and spec.uncertain)
    assert ("foreløpig" in words) == spec.tentative
    assert spec.is_certain == (spec.form == "day" and not spec.tentative)
    # Every month a point names appears; every day named is a possible day.
    for point in spec.points:
        if len(point) >= 7:
            assert MONTHS[int(point[5:7]) - 1] in words
    years = {lo.year for lo, _ in spec.ranges} | {hi.year for _, hi in spec.ranges}
    if len(years) == 1:
        for day in days_named(words, years.pop()):
            assert possible(spec, day)
    nxt = spec.next_possible(as_of)
    if nxt is not None:
        assert nxt >= as_of and possible(spec, nxt)
        assert not any(possible(spec, d) for d in _days(as_of, nxt))
    else:
        assert all(hi < as_of for _, hi in spec.ranges)


def _days(first: dt.date, stop: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((stop - first).days)]


def test_the_readme_shows_each_form_as_the_code_words_it() -> None:
    from pathlib import Path

    from vikentool.model.yamlsafe import parse_text

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| [a-z ]+ \| `(\{.*\})` \| `([^`]*)` \| `(\w+)`, `(\w+)` \|", readme, flags=re.M
    )
    assert len(rows) == 9, "one row per date form"
    for written, shown, form, certain in rows:
        spec = DateSpec.from_written(parse_text(f"date: {written}\n").value["date"])
        assert date_text(spec, long=True) == shown, written
        assert (spec.form, str(spec.is_certain).lower()) == (form, certain), written
