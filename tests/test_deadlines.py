"""``viken deadlines`` through the real CLI, with a fixed reference day."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

AS_OF = "2021-02-26"  # the day the deck was presented

BEFORE_12_APRIL = [
    "reiselivsordningen-soknadsfrist-2021",
    "strategier-smabyer-kyst-fjell-innland-innspillsfrist",
    "landbruksmidler-soknadsfrist-2021",
    "bio-soknadsfrist-2021",
    "nou-2020-15-horingsfrist",
    "kulturarvopplevelser-soknadsfrist-2021",
    "naering-og-innovasjon-i-viken-soknadsfrist-2021",
    "naeringsutvikling-i-distriktskommuner-soknadsfrist-2021",
]


def rows(viken: Invoke, *args: str) -> list[dict[str, Any]]:
    result = viken("deadlines", "--as-of", AS_OF, *args, "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def ids(viken: Invoke, *args: str) -> list[str]:
    return [r["id"] for r in rows(viken, *args)]


def by_id(viken: Invoke, *args: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in rows(viken, *args)}


def test_before_12_april_lists_exactly_the_eight(viken: Invoke) -> None:
    found = rows(viken, "--before", "2021-04-12")
    assert [r["id"] for r in found] == BEFORE_12_APRIL
    assert [r["date"] for r in found] == [
        "2021-02-01",
        "2021-03-01",
        "2021-03-01",
        "2021-03-01",
        "2021-03-26",
        "2021-04-12",
        "2021-04-12",
        "2021-04-12",
    ]
    titles = " ".join(r["title"] for r in found)
    for absent in ("RFF", "Klyngesatsing", "NOU 2020:12"):
        assert absent not in titles


def test_sorted_by_earliest_day_then_title(viken: Invoke) -> None:
    found = rows(viken, "--kind", "all")
    keys = [(r["date"], r["title"].casefold()) for r in found]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    "written", ["2021-04-12", "12.04.2021", "12.4.2021", "12. april 2021", "12 April 2021"]
)
def test_every_accepted_date_form(viken: Invoke, written: str) -> None:
    assert ids(viken, "--before", written) == BEFORE_12_APRIL


def test_today_is_the_reference_day(viken: Invoke) -> None:
    assert ids(viken, "--before", "today") == BEFORE_12_APRIL[:1]
    assert ids(viken, "--on", "today", "--as-of", "2021-03-01") == BEFORE_12_APRIL[1:4]


@pytest.mark.parametrize(
    "bad", ["2021-13-45", "32.01.2021", "soon", "31.02.2021", "12. smarch 2021"]
)
@pytest.mark.parametrize("option", ["--before", "--after", "--on", "--as-of"])
def test_bad_dates_exit_2_with_one_line(viken: Invoke, option: str, bad: str) -> None:
    result = viken("deadlines", option, bad)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert option in lines[0] and repr(bad) in lines[0]
    assert "2021-04-12, 12.04.2021" in lines[0]
    assert result.stdout == ""


# --- the window rule on each date form ---------------------------------------------------------


def test_span_straddling_the_bound_is_shown_uncertain(viken: Invoke) -> None:
    # Klyngesatsing: "10.-15.mai ?"
    klynge = "klyngesatsing-i-viken-soknadsfrist-2021"
    assert klynge not in ids(viken, "--before", "2021-05-09")
    straddling = by_id(viken, "--before", "2021-05-12")[klynge]
    assert straddling["uncertain_in_window"] is True
    assert (straddling["date"], straddling["latest"]) == ("2021-05-10", "2021-05-15")
    assert klynge in ids(viken, "--after", "2021-05-15")
    assert klynge not in ids(viken, "--after", "2021-05-16")


def test_span_fully_inside_is_certain_unless_tentative(viken: Invoke, firm_hearing: Path) -> None:
    hearing = "felles-planprogram-horing"  # "høring juni til september", made firm
    inside = by_id(viken, "--kind", "milestone", "--after", "2021-06-01", "--before", "2021-09-30")
    assert inside[hearing]["uncertain_in_window"] is False
    partly = by_id(viken, "--kind", "milestone", "--before", "2021-07-01")
    assert partly[hearing]["uncertain_in_window"] is True
    # Klyngesatsing is hedged with "?": uncertain even when the window covers it all.
    klynge = by_id(viken, "--after", "2021-05-01", "--before", "2021-05-31")
    assert klynge["klyngesatsing-i-viken-soknadsfrist-2021"]["certain"] is False
    assert klynge["klyngesatsing-i-viken-soknadsfrist-2021"]["uncertain_in_window"] is True


def test_alternatives_on_both_sides_of_the_window(viken: Invoke) -> None:
    hoved = "rff-hovedprosjekter-soknadsfrist-2021"  # "til juni eller sept."
    assert hoved not in ids(viken, "--after", "2021-07-01", "--before", "2021-08-31")
    june = by_id(viken, "--before", "2021-06-15")
    assert june[hoved]["uncertain_in_window"] is True
    september = by_id(viken, "--after", "2021-09-10")
    assert september[hoved]["uncertain_in_window"] is True
    both = by_id(viken, "--after", "2021-06-01", "--before", "2021-09-30")
    assert both[hoved]["uncertain_in_window"] is False


def test_month_only(viken: Invoke) -> None:
    march = "stotteordning-for-klynger-foringer-2021"  # "på sitt møte i mars"
    assert by_id(viken, "--kind", "milestone", "--on", "2021-03-15")[march]["uncertain_in_window"]
    whole = by_id(viken, "--kind", "milestone", "--after", "2021-03-01", "--before", "2021-03-31")
    assert whole[march]["uncertain_in_window"] is False
    assert march not in ids(viken, "--kind", "milestone", "--after", "2021-04-01")


def test_tentative_month_is_always_marked(viken: Invoke) -> None:
    april = "landbruksstrategi-horing"  # "høring i april-ish"
    found = by_id(viken, "--kind", "milestone", "--after", "2021-03-01", "--before", "2021-05-31")
    assert found[april]["tentative"] is True and found[april]["uncertain_in_window"] is True


def test_exact_day_inside_is_certain(viken: Invoke) -> None:
    found = rows(viken, "--on", "2021-04-12")
    assert len(found) == 3
    assert not any(r["uncertain_in_window"] for r in found)


def test_within_and_upcoming(viken: Invoke) -> None:
    assert ids(viken, "--within", "30d") == [
        "strategier-smabyer-kyst-fjell-innland-innspillsfrist",
        "landbruksmidler-soknadsfrist-2021",
        "bio-soknadsfrist-2021",
        "nou-2020-15-horingsfrist",
    ]
    assert ids(viken, "--within", "6w") == ids(viken, "--within", "30d")
    three_months = ids(viken, "--within", "3m")
    assert "rff-kvalifiseringsprosjekter-soknadsfrist-2021" in three_months
    assert "klyngesatsing-i-viken-soknadsfrist-2021" in three_months
    assert "rff-hovedprosjekter-soknadsfrist-2021" not in three_months
    upcoming = ids(viken, "--upcoming")
    assert "reiselivsordningen-soknadsfrist-2021" not in upcoming
    assert "bio-soknadsfrist-2021" in upcoming
    assert "rff-hovedprosjekter-soknadsfrist-2021" in upcoming
    assert len(upcoming) == 11 - 1  # every dated deadline but the one already passed


def test_no_window_filters_nothing_and_undated_only_on_request(viken: Invoke) -> None:
    everything = rows(viken)
    assert len(everything) == 11  # 9 dated application deadlines + 2 hearing deadlines
    assert all(r["date"] is not None for r in everything)
    with_undated = rows(viken, "--include-undated")
    undated = [r for r in with_undated if r["date"] is None]
    assert [r["id"] for r in undated] == ["forregion-soknadsfrist"]
    assert with_undated[-1]["id"] == "forregion-soknadsfrist"


def test_kind_selects_others(viken: Invoke) -> None:
    assert {r["kind"] for r in rows(viken, "--kind", "all")} == {
        "application_deadline",
        "hearing_deadline",
        "hearing_reply",
        "announcement",
        "milestone",
        "session",
    }
    announced = rows(viken, "--kind", "announcement")
    assert {r["id"] for r in announced} == {
        "kulturarvopplevelser-utlysning-2021",
        "naeringsutvikling-i-distriktskommuner-utlysning-2021",
    }
    sessions = rows(viken, "--kind", "session")
    assert [(r["id"], r["start_time"], r["end_time"]) for r in sessions] == [
        ("samling-1", "09:00", "12:00")
    ]
    assert ids(viken, "--kind", "reply") == ["nou-2020-12-horingssvar-sendt"]
    result = viken("deadlines", "--kind", "bogus")
    assert result.exit_code == 2 and "'bogus'" in result.stderr


def test_scheme_owner_and_folded_search(viken: Invoke) -> None:
    assert ids(viken, "--scheme", "rff") == [
        "rff-kvalifiseringsprosjekter-soknadsfrist-2021",
        "rff-hovedprosjekter-soknadsfrist-2021",
    ]
    found = {q: ids(viken, "--search", q) for q in ("naering", "naring", "Næring", "NÆRING")}
    assert len({tuple(v) for v in found.values()}) == 1, found
    assert "naering-og-innovasjon-i-viken-soknadsfrist-2021" in found["naring"]
    assert "naeringsutvikling-i-distriktskommuner-soknadsfrist-2021" in found["naring"]
    assert ids(viken, "--search", "hoeringsfrist") == []
    assert ids(viken, "--search", "horingsfrist") == ["nou-2020-15-horingsfrist"]
    assert ids(viken, "--kind", "session", "--owner", "ks viken") == ["samling-1"]
    assert ids(viken, "--owner", "ks viken") == []


def test_unknown_scheme_suggests(viken: Invoke) -> None:
    result = viken("deadlines", "--scheme", "klyngesatsing")
    assert result.exit_code == 1
    assert "klyngesatsing-i-viken" in result.stderr and "Traceback" not in result.stderr


def test_days_left_and_status(viken: Invoke) -> None:
    found = by_id(viken)
    assert found["bio-soknadsfrist-2021"]["days_left"] == 3
    assert found["bio-soknadsfrist-2021"]["status"] == "upcoming"
    assert found["reiselivsordningen-soknadsfrist-2021"]["status"] == "passed"
    assert found["reiselivsordningen-soknadsfrist-2021"]["days_left"] == -25
    on_the_day = by_id(viken, "--as-of", "2021-03-01")  # a later --as-of wins
    assert on_the_day["bio-soknadsfrist-2021"]["status"] == "today"


def test_holiday_warning_rff_1_may(viken: Invoke) -> None:
    rff = by_id(viken)["rff-kvalifiseringsprosjekter-soknadsfrist-2021"]
    assert rff["holiday_warning"] == "lørdag; Offentlig høytidsdag: Arbeidernes dag"
    bio = by_id(viken)["bio-soknadsfrist-2021"]
    assert bio["holiday_warning"] is None  # a Monday
    table_args = ("deadlines", "--as-of", AS_OF, "--scheme", "rff")
    table = viken(*table_args)
    # The table words it in the interface language; the holiday keeps its Norwegian name.
    assert "lørdag; offentlig høytidsdag: Arbeidernes dag" in " ".join(table.stdout.split())
    english = viken("--lang", "en", *table_args)
    assert "Saturday; public holiday (høytidsdag): Arbeidernes dag" in " ".join(
        english.stdout.split()
    )


def test_lead_skips_weekends_and_easter(viken: Invoke) -> None:
    found = by_id(viken, "--lead", "5")
    # 1 March 2021 is a Monday: five working days earlier is Monday 22 February.
    assert found["bio-soknadsfrist-2021"]["internal_deadline"] == "2021-02-22"
    # 12 April 2021: Easter (1, 2 and 5 April) and two weekends lie in between.
    assert (
        found["naering-og-innovasjon-i-viken-soknadsfrist-2021"]["internal_deadline"]
        == "2021-03-31"
    )
    assert by_id(viken)["bio-soknadsfrist-2021"]["internal_deadline"] is None
    table = viken("deadlines", "--as-of", AS_OF, "--lead", "5", "--on", "2021-03-01")
    flat = " ".join(table.stdout.split())
    assert "intern frist 22. februar 2021 (5 arbeidsdager før)" in flat
    assert viken("deadlines", "--lead", "-1").exit_code == 2


# --- formats ----------------------------------------------------------------------------------

REQUIRED = [
    "id",
    "title",
    "kind",
    "scheme",
    "date",
    "latest",
    "as_written",
    "tentative",
    "uncertain_in_window",
    "days_left",
    "holiday_warning",
    "source",
]


def test_json_is_flat_stable_and_utf8(viken: Invoke) -> None:
    result = viken("deadlines", "--as-of", AS_OF, "--format", "json", "--include-undated")
    assert "\\u" not in result.stdout and "Søknadsfrist" in result.stdout
    data = json.loads(result.stdout)
    key_orders = {tuple(r) for r in data}
    assert len(key_orders) == 1, "every object has the same keys in the same order"
    keys = list(next(iter(key_orders)))
    assert [k for k in keys if k in REQUIRED] == REQUIRED
    for row in data:
        # Flat: the one list is the alternatives' points, strings like "2021-06".
        lists = ("alternatives", "applicants", "conditional_applicants")  # of plain strings
        assert all(not isinstance(v, dict | list) for k, v in row.items() if k not in lists)
        assert all(row[k] is None or all(isinstance(v, str) for v in row[k]) for k in lists)
        assert row["alternatives"] is None or all(isinstance(p, str) for p in row["alternatives"])
        assert isinstance(row["tentative"], bool) and isinstance(row["uncertain_in_window"], bool)
        assert row["days_left"] is None or isinstance(row["days_left"], int)
        assert row["scheme"] is None or isinstance(row["scheme"], str)
    assert (
        viken("deadlines", "--as-of", AS_OF, "--format", "json").stdout
        == viken("deadlines", "--as-of", AS_OF, "--format", "json").stdout
    )


def test_csv_reads_back(viken: Invoke) -> None:
    result = viken("deadlines", "--as-of", AS_OF, "--before", "2021-04-12", "--format", "csv")
    assert result.exit_code == 0
    assert not result.stdout.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in table] == BEFORE_12_APRIL
    assert table[0]["tentative"] == "false" and table[0]["days_left"] == "-25"
    as_json = rows(viken, "--before", "2021-04-12")
    assert list(table[0]) == list(as_json[0])


def test_csv_for_norwegian_excel(viken: Invoke) -> None:
    result = viken("deadlines", "--as-of", AS_OF, "--format", "csv", "--excel")
    assert result.stdout.startswith("\ufeffid;title;kind;")
    table = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert len(table) == 11 and table[0]["as_written"] == "allerede forbi (1.febr.)"
    assert viken("deadlines", "--excel").exit_code == 2


def test_table_is_plain_when_piped_and_fits_80_columns(viken: Invoke) -> None:
    result = viken(
        "deadlines", "--as-of", AS_OF, "--kind", "all", "--include-undated", "--lead", "3"
    )
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "━" not in result.stdout and "│" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "Uten dato" in result.stdout
    assert "«10.-15.mai ?»" in result.stdout
    assert "? 10.–15. mai 2021" in result.stdout


def test_empty_result_names_the_data_range(viken: Invoke) -> None:
    result = viken("deadlines", "--before", "2019-01-01")
    assert result.exit_code == 0 and result.stderr == ""
    # The window, then the data's first and last day (the words: tests/test_input.py).
    found = re.findall(r"\d{4}-\d{2}-\d{2}", result.stdout)
    assert found == ["2019-01-01", "2020-12-18", "2022-12-31"]
    assert "søknadsfrist" in result.stdout
    assert json.loads(viken("deadlines", "--before", "2019-01-01", "-f", "json").stdout) == []
    csv_out = viken("deadlines", "--before", "2019-01-01", "-f", "csv").stdout
    assert csv_out.splitlines()[0].startswith("id,title,kind,") and len(csv_out.splitlines()) == 1


def test_help_states_the_rule(viken: Invoke) -> None:
    result = viken("deadlines", "--help")
    flat = " ".join(result.stdout.split())
    assert "et punkt vises når en dag det kan falle på, er i vinduet" in flat
    assert "--include-undated" in flat


def test_the_data_files_kinds_are_the_domains_kinds() -> None:
    # The schema takes the kinds from the domain; nothing else lists them.
    from typing import get_args

    from vikentool.domain.kinds import ALL_KINDS, WORDS
    from vikentool.model.schema import Deadline

    annotation = Deadline.model_fields["kind"].annotation
    assert get_args(annotation) == ALL_KINDS
    assert tuple(WORDS) == ALL_KINDS


def test_between_two_alternatives_is_upcoming_not_now(viken: Invoke) -> None:
    # "til juni eller sept." on 1 July: June has passed, September is ahead.
    found = by_id(viken, "--as-of", "2021-07-01", "--upcoming", "--kind", "all")
    for item_id in ("rff-hovedprosjekter-soknadsfrist-2021", "landbruksstrategi-fylkestinget"):
        row = found[item_id]
        assert row["status"] == "upcoming" and row["next_possible"] == "2021-09-01", row
        assert row["days_left"] == 62 and row["certain"] is False
        assert row["alternatives"] == ["2021-06", "2021-09"]
    table = viken("deadlines", "--as-of", "2021-07-01", "--upcoming", "--kind", "all").stdout
    alternatives = [line for line in table.splitlines() if "? juni eller" in line]
    assert len(alternatives) == 2 and all("62 d" in line for line in alternatives)
