"""Forgiving input (issue 13): dates and ids as people type them, mistakes named clearly.

Every run has a fixed reference day (``--as-of``); none depends on today's clock. Tests that
read a message's words run in English (the ``english`` fixture); the others look only at exit
codes, the ``viken: error:`` prefix and the dates and ids a message names.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vikentool
from tests.conftest import Invoke
from vikentool.query.inputs import parse_cli_date

AS_OF = "2021-02-26"  # the day the deck was presented


# Every message here is read in English; bokmål and nynorsk are checked in test_language.
pytestmark = pytest.mark.usefixtures("english")


def ids(viken: Invoke, *args: str) -> list[str]:
    result = viken("deadlines", "--as-of", AS_OF, *args, "--format", "json")
    assert result.exit_code == 0, result
    return [row["id"] for row in json.loads(result.stdout)]


def error_line(result: object) -> str:
    """The one line a mistake prints, checked to be one line with the usual prefix."""
    stderr: str = result.stderr  # type: ignore[attr-defined]
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("viken: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- dates ------------------------------------------------------------------------------------

# 12 April 2021, every way the tool reads it (the deck itself writes "26.02.21").
TWELFTH_OF_APRIL = [
    "2021-04-12",
    "2021/04/12",
    "12.04.2021",
    "12.4.2021",
    "12.04.21",
    "12.4.21",
    "12/4/2021",
    "12/4-21",
    "12/4-2021",
    "12. april 2021",
    "12. apr. 2021",
    "12 apr 2021",
    "12.apr 2021",
    "12. APR 2021",
    "12 April 2021",
    "  12.4.21 ",
    "12-04-2021",
    "12. 4. 2021",
    "12.04.2021.",
    "mandag 12. april 2021",
    "Man 12.4.21",
    "monday, 12 April 2021",
]


@pytest.mark.parametrize("written", TWELFTH_OF_APRIL)
def test_every_form_of_a_day_means_the_same_day(viken: Invoke, written: str) -> None:
    assert ids(viken, "--before", written) == ids(viken, "--before", "2021-04-12")
    assert ids(viken, "--on", written) == ids(viken, "--on", "2021-04-12") != []


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("1 jan 2021", 1),
        ("1. feb. 2021", 2),
        ("1 febr 2021", 2),
        ("1 mar 2021", 3),
        ("1. mars 2021", 3),
        ("1 mai 2021", 5),
        ("1 May 2021", 5),
        ("1 jun 2021", 6),
        ("1. jul. 2021", 7),
        ("1 aug 2021", 8),
        ("1 sep 2021", 9),
        ("1. sept. 2021", 9),
        ("1 okt 2021", 10),
        ("1 oct 2021", 10),
        ("1 nov. 2021", 11),
        ("1. des 2021", 12),
        ("1 Dec 2021", 12),
    ],
)
def test_month_abbreviations_in_norwegian_and_english(written: str, month: int) -> None:
    assert parse_cli_date(written, dt.date(2021, 2, 26)) == dt.date(2021, month, 1)


ON_1_MARCH = [
    "strategier-smabyer-kyst-fjell-innland-innspillsfrist",
    "landbruksmidler-soknadsfrist-2021",
    "bio-soknadsfrist-2021",
]


@pytest.mark.parametrize("word", ["tomorrow", "i morgen", "i morgon", "I MORGEN", "imorgen"])
def test_tomorrow_counts_from_the_reference_day(viken: Invoke, word: str) -> None:
    result = viken("deadlines", "--as-of", "2021-02-28", "--on", word, "-f", "json")
    assert [row["id"] for row in json.loads(result.stdout)] == ON_1_MARCH


@pytest.mark.parametrize("word", ["yesterday", "i går", "i gar", "igår", "I GÅR"])
def test_yesterday_counts_from_the_reference_day(viken: Invoke, word: str) -> None:
    result = viken("deadlines", "--as-of", "2.3.21", "--on", word, "-f", "json")
    assert [row["id"] for row in json.loads(result.stdout)] == ON_1_MARCH


def test_as_of_and_the_timeline_read_the_same_forms(viken: Invoke) -> None:
    assert ids(viken, "--as-of", "26.02.21", "--on", "i dag") == []
    assert ids(viken, "--as-of", "1/3-21", "--on", "idag") == ON_1_MARCH
    typed = viken("timeline", "--as-of", "26.02.21", "--from", "1/3-21", "--to", "1. apr. 2021")
    iso = viken("timeline", "--as-of", AS_OF, "--from", "2021-03-01", "--to", "2021-04-01")
    assert typed.exit_code == 0 and typed.stdout == iso.stdout


@pytest.mark.parametrize(
    "bad", ["31.02.21", "29.02.2021", "2021-13-01", "32/1-21", "0.1.21", "12.04.021", "21-04-12"]
)
@pytest.mark.parametrize("option", ["--before", "--after", "--on", "--as-of"])
def test_impossible_or_unreadable_dates_exit_2(viken: Invoke, option: str, bad: str) -> None:
    result = viken("deadlines", "--as-of", AS_OF, option, bad)
    assert result.exit_code == 2 and result.stdout == ""
    line = error_line(result)
    assert option in line and repr(bad) in line


def test_a_refused_date_lists_the_accepted_forms(viken: Invoke, english: None) -> None:
    line = error_line(viken("deadlines", "--as-of", AS_OF, "--before", "31.02.21"))
    assert line == (
        "viken: error: --before: '31.02.21' is not a day in the calendar; use 2021-04-12, "
        "12.04.2021, 12.4.21, 12/4-21, '12. april 2021', '12 apr 2021', today, tomorrow or "
        "yesterday"
    )
    line = error_line(viken("deadlines", "--as-of", AS_OF, "--after", "soon"))
    assert line.startswith("viken: error: --after: 'soon' is not a date; use 2021-04-12, ")


@pytest.mark.parametrize(
    ("bad", "example"),
    [
        ("12.04", "12.04.2021"),
        ("12.4.", "12.4.2021"),
        ("12/4", "12/4-2021"),
        ("12. april", "12. april 2021"),
    ],
)
def test_a_day_without_a_year_asks_for_the_year(
    viken: Invoke, english: None, bad: str, example: str
) -> None:
    result = viken("deadlines", "--as-of", AS_OF, "--before", bad)
    assert result.exit_code == 2
    line = error_line(result)
    assert line == f"viken: error: --before: {bad!r} has no year; add it, like {example}"


def test_a_day_without_a_year_names_the_reference_year(viken: Invoke) -> None:
    result = viken("deadlines", "--as-of", "2022-12-01", "--before", "12.04")
    assert result.exit_code == 2 and "12.04.2022" in error_line(result)


def test_words_for_a_day_stay_in_the_calendar() -> None:
    for word in ("tomorrow", "i morgen"):
        with pytest.raises(ValueError, match="2199"):
            parse_cli_date(word, dt.date(2199, 12, 31))
        with pytest.raises(ValueError, match="2199"):
            parse_cli_date(word, dt.date.max)
    with pytest.raises(ValueError, match="1900"):
        parse_cli_date("i går", dt.date(1900, 1, 1))
    assert parse_cli_date("i går", dt.date(1900, 1, 2)) == dt.date(1900, 1, 1)


NORWEGIAN_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep",
                           "okt", "nov", "des")  # fmt: skip


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_short_form_of_a_day_this_century_reads_back(day: dt.date) -> None:
    short = NORWEGIAN_ABBREVIATIONS[day.month - 1]
    yy = f"{day.year % 100:02d}"
    for text in (
        f"{day:%d.%m}.{yy}",
        f"{day.day}.{day.month}.{yy}",
        f"{day.day}/{day.month}-{yy}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.year}/{day.month:02d}/{day.day:02d}",
        f"{day.day}. {short}. {day.year}",
        f"{day.day} {short.upper()} {day.year}",
    ):
        assert parse_cli_date(text, dt.date(2021, 2, 26)) == day, text


# --- ids --------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["RFF", "Rff", " rff "])
def test_scheme_ids_match_whatever_their_case(viken: Invoke, typed: str) -> None:
    expected = ids(viken, "--scheme", "rff")
    assert expected != [] and ids(viken, "--scheme", typed) == expected
    calendar = viken("export-ics", "--scheme", typed)
    assert calendar.exit_code == 0
    assert calendar.stdout == viken("export-ics", "--scheme", "rff").stdout
    timeline = viken("timeline", "--as-of", AS_OF, "--scheme", typed)
    assert timeline.exit_code == 0
    assert timeline.stdout == viken("timeline", "--as-of", AS_OF, "--scheme", "rff").stdout


def test_show_finds_an_id_whatever_its_case(viken: Invoke) -> None:
    lower = viken("show", "bio", "-f", "json")
    assert lower.exit_code == 0
    for typed in ("BIO", "Bio", "Klyngesatsing-I-Viken", "NÆRINGSUTVIKLING-I-DISTRIKTSKOMMUNER"):
        found = viken("show", typed, "-f", "json")
        assert found.exit_code == 0, found
        assert json.loads(found.stdout)["id"] == typed.lower().replace("æ", "ae")
    assert viken("show", "BIO", "-f", "json").stdout == lower.stdout
    table = viken("show", "BIO")
    assert table.exit_code == 0 and "bio" in table.stdout and "2021" in table.stdout


def test_fee_network_id_whatever_its_case(viken: Invoke) -> None:
    lower = viken("fee", "--network", "omstillingsdyktig-naeringsliv", "-p", "6200", "-f", "json")
    upper = viken("fee", "--network", "OMSTILLINGSDYKTIG-NAERINGSLIV", "-p", "6200", "-f", "json")
    assert upper.exit_code == 0 and upper.stdout == lower.stdout
    assert json.loads(upper.stdout)["network"] == "omstillingsdyktig-naeringsliv"


# An id the data does not hold exits 1 (as before, and as the README says): the value is
# well-formed and whether it exists depends on the data read. The closest ids are suggested.
UNKNOWN_IDS = [
    (("show", "klynge"), "klynge", "klyngesatsing-i-viken"),
    (("show", "BIO-FRIST"), "BIO-FRIST", "bio-soknadsfrist-2021"),
    (("deadlines", "--scheme", "RF"), "RF", "rff"),
    (("export-ics", "--scheme", "Klynge-Satsing"), "Klynge-Satsing", "klyngesatsing-i-viken"),
    (("timeline", "--scheme", "Bioo"), "Bioo", "bio"),
    (("fee", "--network", "omstilling", "-p", "5"), "omstilling", "omstillingsdyktig-naeringsliv"),
]


@pytest.mark.parametrize(("args", "typed", "suggested"), UNKNOWN_IDS, ids=lambda v: str(v))
def test_an_unknown_id_exits_1_and_suggests_the_closest(
    viken: Invoke, args: tuple[str, ...], typed: str, suggested: str
) -> None:
    result = viken(*args)
    assert result.exit_code == 1 and result.stdout == ""
    line = error_line(result)
    assert repr(typed) in line and suggested in line


def test_an_unknown_id_message(viken: Invoke, english: None) -> None:
    line = error_line(viken("deadlines", "--scheme", "RF"))
    assert line == "viken: error: no scheme with id 'RF'; did you mean rff?"
    line = error_line(viken("show", "samling"))
    assert line == (
        "viken: error: no record with id 'samling'; did you mean samling-1, samling-2, samling-3?"
    )
    assert error_line(viken("show", "zzzzzz")) == "viken: error: no record with id 'zzzzzz'"


# --- a window with no day in it -----------------------------------------------------------------

EMPTY_WINDOWS = [
    (("--before", "2021-04-12", "--after", "2021-05-01"), "2021-05-01", "2021-04-12"),
    (("--after", "1.5.21", "--before", "12/4-21"), "2021-05-01", "2021-04-12"),
    (("--on", "2021-05-01", "--before", "2021-04-12"), "2021-05-01", "2021-04-12"),
    (("--on", "2021-04-01", "--after", "2021-04-12"), "2021-04-12", "2021-04-01"),
    (("--on", "i morgen", "--before", "i dag"), "2021-02-27", "2021-02-26"),
]


@pytest.mark.parametrize(("args", "later", "earlier"), EMPTY_WINDOWS, ids=lambda v: str(v))
@pytest.mark.parametrize("command", ["deadlines", "export-ics"])
def test_a_window_with_no_day_is_a_usage_error_naming_both_dates(
    viken: Invoke, command: str, args: tuple[str, ...], later: str, earlier: str
) -> None:
    result = viken(command, "--as-of", AS_OF, *args)
    assert result.exit_code == 2 and result.stdout == ""
    line = error_line(result)
    assert later in line and earlier in line and line.index(later) < line.index(earlier)


def test_the_empty_window_message(viken: Invoke, english: None) -> None:
    line = error_line(viken("deadlines", "--before", "2021-04-12", "--after", "2021-05-01"))
    assert line == (
        "viken: error: --after 2021-05-01 is later than --before 2021-04-12: no day can match"
    )
    line = error_line(viken("deadlines", "--on", "2021-05-01", "--before", "2021-04-12"))
    assert line == (
        "viken: error: --on 2021-05-01 is later than --before 2021-04-12: no day can match"
    )


def test_a_window_of_one_day_is_fine(viken: Invoke) -> None:
    one_day = ids(viken, "--after", "2021-03-01", "--before", "2021-03-01")
    assert one_day == ids(viken, "--on", "2021-03-01", "--after", "1.3.21", "--before", "1/3-21")
    assert one_day == ON_1_MARCH


def test_upcoming_past_a_fixed_date_is_an_empty_answer_not_an_error(viken: Invoke) -> None:
    # --upcoming counts from the reference day (today by default): a script's fixed --before
    # passing must not turn its run into a usage error.
    result = viken("deadlines", "--as-of", "2021-06-01", "--upcoming", "--before", "2021-04-12")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "2021-05-01", "--to", "2021-04-01"),
            "--from 2021-05-01 is later than --to 2021-04-01: the timeline would have no days",
        ),
        (
            ("--from", "2024-01-01"),
            "--from 2024-01-01 is later than the last day in the data, 2022-12-31; add --to",
        ),
        (
            ("--to", "2019-01-01"),
            "--to 2019-01-01 is earlier than the first day in the data, 2020-12-18; add --from",
        ),
    ],
)
def test_a_timeline_with_no_day_names_both_ends(
    viken: Invoke, english: None, args: tuple[str, ...], message: str
) -> None:
    result = viken("timeline", "--as-of", AS_OF, *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert error_line(result) == f"viken: error: {message}"


# --- every line on stderr in the one format ---------------------------------------------------


def test_a_missing_csv_is_one_error_line(viken: Invoke, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    result = viken("fee", "--from-csv", str(missing))
    assert result.exit_code == 1 and result.stdout == ""
    assert error_line(result).startswith(f"viken: error: {missing}: ")
    folder = viken("fee", "--from-csv", str(tmp_path))
    assert folder.exit_code == 1 and error_line(folder).startswith(f"viken: error: {tmp_path}: ")


def test_a_missing_data_directory_is_one_error_line(viken: Invoke, tmp_path: Path) -> None:
    for args in (
        ("--data-dir", str(tmp_path / "nope"), "deadlines"),
        ("validate", str(tmp_path / "nope")),
    ):
        result = viken(*args)
        assert result.exit_code == 1, args
        assert error_line(result).startswith(f"viken: error: {tmp_path / 'nope'}: "), args


def test_problems_inside_a_file_keep_their_position(viken: Invoke, tmp_path: Path) -> None:
    table = tmp_path / "kommuner.csv"
    table.write_text("kommune,innbyggere\nGol,4 600\nFlå,x\nHol,-1\n", encoding="utf-8")
    result = viken("fee", "--from-csv", str(table))
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{table}:3", f"{table}:4"]


def test_only_the_cli_app_writes_to_stderr() -> None:
    package = Path(vikentool.__file__).parent
    writers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"sys\.stderr|err=True|file=sys\.", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["cli/app.py"]


def test_installed_viken_reports_a_missing_csv_in_the_one_format(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "viken"), "fee", "--from-csv", "missing.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "VIKEN_LANG": "en"},
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("viken: error: missing.csv: cannot be read (")
    assert len(result.stderr.splitlines()) == 1


# --- a number split in two by the shell ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fix"),
    [
        (("--population", "6", "200"), "--population '6 200'"),
        (("-p", "6", "200"), "-p '6 200'"),
        (("--population=6", "200"), "--population '6 200'"),
        (("-p", "1", "250", "000"), "-p '1 250 000'"),
        (("-p", "6", "200", "-p", "1", "100"), "-p '6 200' -p '1 100'"),
    ],
)
def test_a_number_split_by_the_shell_gets_a_hint(
    viken: Invoke, english: None, args: tuple[str, ...], fix: str
) -> None:
    result = viken("fee", *args)
    assert result.exit_code == 2 and result.stdout == ""
    line = error_line(result)
    assert line.endswith(f" (did you mean {fix}? quote a number written with a space)"), line


@pytest.mark.parametrize(
    "args", [("-p", "6", "abc"), ("-p", "6200", "200"), ("-p", "6", "20"), ("--table", "200")]
)
def test_no_hint_when_the_extra_argument_is_no_thousands_group(
    viken: Invoke, english: None, args: tuple[str, ...]
) -> None:
    result = viken("fee", *args)
    assert result.exit_code == 2
    line = error_line(result)
    assert "did you mean" not in line and line.endswith(" (see 'viken fee --help')")


@pytest.mark.parametrize("written", ["6 200", "6\u00a0200", "6\u202f200", " 6 200 "])
def test_a_quoted_number_with_a_space_is_read(viken: Invoke, written: str) -> None:
    result = viken("fee", "--population", written, "-f", "json")
    assert result.exit_code == 0, result
    assert json.loads(result.stdout)["population"] == 6200


def test_installed_viken_hints_at_quoting_a_split_number(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "viken"), "fee", "--population", "6", "200"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "VIKEN_LANG": "en"},
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("viken: error: ")
    assert "--population '6 200'" in result.stderr and len(result.stderr.splitlines()) == 1


# --- "nothing matched" names the window and the filters ---------------------------------------


def one_line(text: str) -> str:
    """Table output as one line (the console wraps at 80 columns when piped)."""
    return " ".join(text.split())


def test_deadlines_that_match_nothing_name_the_window(viken: Invoke, english: None) -> None:
    result = viken(
        "deadlines", "--as-of", AS_OF, "--after", "12.4.21", "--before", "1/5-21",
        "--scheme", "bio",
    )  # fmt: skip
    assert result.exit_code == 0 and result.stderr == ""
    assert one_line(result.stdout) == (
        "No items between 2021-04-12 and 2021-05-01 match (kinds: application deadline, "
        "hearing deadline; scheme: bio). Dates in the data run from 2020-12-18 to 2022-12-31."
    )
    on_a_day = viken("deadlines", "--on", "2021-03-02", "--owner", "ks", "--search", "møte")
    assert one_line(on_a_day.stdout).startswith(
        "No items on 2021-03-02 match (kinds: application deadline, hearing deadline; "
        "owner: 'ks'; search: 'møte')."
    )
    after = viken("deadlines", "--as-of", "2030-01-01", "--upcoming")
    assert one_line(after.stdout).startswith("No items on or after 2030-01-01 match (kinds: ")
    no_window = viken("deadlines", "--kind", "session", "--search", "zzz")
    assert one_line(no_window.stdout).startswith("No items match (kinds: session; search: 'zzz').")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_output_of_nothing_is_still_only_data(viken: Invoke, fmt: str) -> None:
    result = viken("deadlines", "--before", "2019-01-01", "-f", fmt)
    assert result.exit_code == 0 and result.stderr == ""
    assert "2019-01-01" not in result.stdout


def test_schemes_and_plans_that_match_nothing_name_the_filters(
    viken: Invoke, english: None
) -> None:
    schemes = viken("schemes", "--as-of", "2030-01-01", "--upcoming", "--owner", "Viken")
    assert schemes.exit_code == 0
    assert one_line(schemes.stdout) == (
        "No schemes match (owner: 'Viken'; a deadline on or after 2030-01-01)."
    )
    assert one_line(viken("schemes", "--search", "zzz").stdout) == (
        "No schemes match (search: 'zzz')."
    )
    plans = viken("plans", "--as-of", AS_OF, "--search", "zzz")
    assert plans.exit_code == 0 and one_line(plans.stdout) == "No plans match (search: 'zzz')."


def test_an_empty_timeline_says_so_under_the_axis(viken: Invoke, english: None) -> None:
    result = viken(
        "timeline", "--as-of", AS_OF, "--from", "1.1.21", "--to", "31.12.21",
        "--kind", "session", "--scheme", "bio",
    )  # fmt: skip
    assert result.exit_code == 0
    assert one_line(result.stdout).endswith(
        "No items between 2021-01-01 and 2021-12-31 match (kinds: session; scheme: bio)."
    )


def test_an_empty_calendar_is_written_and_said_on_stderr(
    viken: Invoke, english: None, tmp_path: Path
) -> None:
    from ical.calendar_stream import IcsCalendarStream
    from icalendar import Calendar

    result = viken("export-ics", "--before", "2019-01-01")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "viken: no events on or before 2019-01-01 (kinds: application deadline, "
        "hearing deadline, milestone, session); the calendar written is empty",
        "viken: 2 items without a date left out (see `viken deadlines --include-undated`)",
    ]
    calendar = Calendar.from_ical(result.stdout_bytes)
    assert calendar.name == "VCALENDAR" and calendar.walk("VEVENT") == []
    assert IcsCalendarStream.calendar_from_ics(result.stdout_bytes.decode()).events == []
    target = tmp_path / "tom.ics"
    to_file = viken("export-ics", "--scheme", "BIO", "--after", "2021-03-02", "-o", str(target))
    assert to_file.exit_code == 0 and to_file.stdout == ""
    assert to_file.stderr.startswith("viken: no events on or after 2021-03-02 (kinds: ")
    assert "; scheme: BIO); the calendar written is empty" in to_file.stderr
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT") == []


def test_a_calendar_with_events_says_nothing_about_emptiness(viken: Invoke) -> None:
    result = viken("export-ics", "--scheme", "bio")
    assert result.exit_code == 0 and b"BEGIN:VEVENT" in result.stdout_bytes
    assert result.stderr == ""


def test_a_weekday_that_does_not_fit_the_date_is_refused(viken: Invoke, english: None) -> None:
    result = viken("deadlines", "--on", "tirsdag 12. april 2021")
    assert result.exit_code == 2
    assert error_line(result) == (
        "viken: error: --on: 'tirsdag 12. april 2021': 2021-04-12 is a Monday"
    )
    # A two-digit year after dashes reads either way round, so it is still refused.
    assert viken("deadlines", "--on", "12-04-21").exit_code == 2


@pytest.mark.parametrize("period", ["3m", "3 måneder", "3 mnd", "3 månader", "13 uker", "13 veker"])
def test_periods_in_norwegian_units(viken: Invoke, period: str) -> None:
    weeks = "13w" if "u" in period or "v" in period else "3m"
    assert ids(viken, "--within", period) == ids(viken, "--within", weeks) != []


@pytest.mark.parametrize("word", ["søknadsfrist", "Søknadsfrist", "soknadsfrist"])
def test_a_kind_by_the_word_the_table_shows(viken: Invoke, word: str) -> None:
    assert ids(viken, "--kind", word) == ids(viken, "--kind", "application_deadline") != []


def test_lang_in_any_case(viken: Invoke) -> None:
    assert viken("--lang", "EN", "deadlines", "--as-of", AS_OF).stdout.split()[:2] == [
        "When",
        "Left",
    ]
