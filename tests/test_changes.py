"""``viken changes``: the recorded history, and two copies of the data compared by id."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import MOVED_DATE_LINE, MOVED_ID, Invoke, edit, move_deadline
from tests.test_layout import check_screen, words
from vikentool.query.changes import CHANGE_FIELDS

REMOVED = "nytt-innspill-kmd-2022"
ADDED_DEADLINE = (
    "deadlines:\n"
    "  - id: ny-ordning-frist-2021\n"
    "    kind: application_deadline\n"
    "    title: Ny frist\n"
    "    date: {day: 2021-07-01, as_written: 1. juli 2021}\n"
    "    source: {document: nytt-fra-viken-2021, location: Side 24}\n"
)


@pytest.fixture
def old_copy(data_copy: Path, tmp_path: Path) -> Path:
    """The embedded data as it was, beside ``data_copy`` which a test changes."""
    old = tmp_path / "old"
    shutil.copytree(data_copy, old)
    return old


def remove_record(path: Path, record_id: str) -> None:
    """Drop the list entry that starts ``  - id: RECORD_ID`` (up to the next entry)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  - id: {record_id}\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")),
        len(lines),
    )
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def changes_json(viken: Invoke, data: Path, *args: str) -> list[dict[str, object]]:
    result = viken("--data-dir", str(data), "changes", *args, "--format", "json")
    assert result.exit_code == 0, result
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_comparison_lists_exactly_the_moved_the_added_and_the_removed(
    viken: Invoke, data_copy: Path, old_copy: Path
) -> None:
    schemes = data_copy / "schemes.yaml"
    edit(schemes, MOVED_DATE_LINE, '    date: {day: 2021-05-18, as_written: "18. mai"}\n')
    edit(schemes, "deadlines:\n", ADDED_DEADLINE)
    remove_record(schemes, REMOVED)
    rows = changes_json(viken, data_copy, "--from", str(old_copy))
    assert [(r["change"], r["id"]) for r in rows] == [
        ("moved", MOVED_ID),
        ("added", "ny-ordning-frist-2021"),
        ("removed", REMOVED),
    ]
    moved, added, removed = rows
    assert (moved["from_date"], moved["from_as_written"]) == (
        "2021-05-01",
        "Kvalifiseringsprosjekter 1.mai",
    )
    assert (moved["to_date"], moved["to_as_written"]) == ("2021-05-18", "18. mai")
    assert moved["changed_on"] is None and moved["record_type"] == "deadline"
    assert added["from_date"] is None and added["to_date"] == "2021-07-01"
    assert removed["to_date"] is None and removed["from_as_written"].startswith("nytt innspill")
    assert str(removed["source"]).startswith("Nytt fra Viken (Viken fylkeskommune, 26.02.21)")


def test_the_same_data_has_no_differences_and_exits_0(
    viken: Invoke, data_copy: Path, old_copy: Path
) -> None:
    assert changes_json(viken, data_copy, "--from", str(old_copy)) == []
    result = viken("--data-dir", str(data_copy), "changes", "--from", str(old_copy))
    assert result.exit_code == 0
    assert " ".join(result.stdout.split()) == f"Ingen forskjeller mellom {old_copy} og {data_copy}."


def test_words_or_a_title_alone_are_reworded_not_moved(
    viken: Invoke, data_copy: Path, old_copy: Path
) -> None:
    edit(data_copy / "schemes.yaml", "as_written: \"Søknadsfrist 1. mars 2021\"",
         "as_written: \"Søknadsfrist mandag 1. mars 2021\"")  # fmt: skip
    edit(data_copy / "plans.yaml", "title: Høring av landbruksstrategien",
         "title: Høring om landbruksstrategien")  # fmt: skip
    rows = changes_json(viken, data_copy, "--from", str(old_copy))
    assert [(r["change"], r["id"], r["previous_title"]) for r in rows] == [
        ("reworded", "bio-soknadsfrist-2021", None),
        ("reworded", "landbruksstrategi-horing", "Høring av landbruksstrategien"),
    ]
    assert rows[0]["from_date"] == rows[0]["to_date"] == "2021-03-01"


def test_a_milestone_moves_on_its_own_not_its_plan(
    viken: Invoke, data_copy: Path, old_copy: Path
) -> None:
    edit(
        data_copy / "plans.yaml",
        "{month: 2021-04, tentative: true,",
        "{month: 2021-05, tentative: true,",
    )
    rows = changes_json(viken, data_copy, "--from", str(old_copy))
    assert [(r["change"], r["id"], r["from_date"], r["to_latest"]) for r in rows] == [
        ("moved", "landbruksstrategi-horing", "2021-04-01", "2021-05-31")
    ]
    # A milestone has no source of its own: the plan's is cited.
    assert str(rows[0]["source"]).endswith(", Landbruksstrategi")


@pytest.mark.parametrize(
    ("as_of", "since", "expected"),
    [
        ("2021-05-01", None, [MOVED_ID]),  # 30 days back reaches 20 April
        ("2021-05-20", None, [MOVED_ID]),  # 20 April is the first day of the window
        ("2021-05-21", None, []),
        ("2021-04-19", None, []),  # not yet changed on the reference day
        ("2021-06-01", "2021-04-20", [MOVED_ID]),
        ("2021-06-01", "21.04.2021", []),
        ("2021-04-20", "2021-04-20", [MOVED_ID]),
    ],
)
def test_history_lists_the_changes_made_in_the_window(
    viken: Invoke, data_copy: Path, as_of: str, since: str | None, expected: list[str]
) -> None:
    move_deadline(data_copy)
    args = ("--as-of", as_of) + (("--since", since) if since else ())
    assert [r["id"] for r in changes_json(viken, data_copy, *args)] == expected


def test_a_recorded_move_says_who_announced_it(viken: Invoke, data_copy: Path) -> None:
    move_deadline(data_copy)
    (row,) = changes_json(viken, data_copy, "--as-of", "2021-05-01")
    assert row == {
        "change": "moved",
        "id": MOVED_ID,
        "record_type": "deadline",
        "title": "Søknadsfrist: RFF Kvalifiseringsprosjekter",
        "previous_title": None,
        "changed_on": "2021-04-20",
        "from_date": "2021-05-01",
        "from_latest": "2021-05-01",
        "from_as_written": "Kvalifiseringsprosjekter 1.mai",
        "from_form": "day",
        "from_alternatives": None,
        "from_time": None,
        "to_date": "2021-05-18",
        "to_latest": "2021-05-18",
        "to_as_written": "Ny frist: 2021-05-18",
        "to_form": "day",
        "to_alternatives": None,
        "to_time": None,
        "source": "Endret søknadsfrist for RFF (Viken fylkeskommune, 20.04.2021), Søknadsfrister",
    }
    text = viken("--data-dir", str(data_copy), "changes", "--as-of", "2021-05-01").stdout
    flat = " ".join(text.split())
    for shown in ("flyttet", "20. april 2021", "1. mai 2021", "18. mai 2021",
                  "«Kvalifiseringsprosjekter 1.mai»", "Kilde: Endret søknadsfrist"):  # fmt: skip
        assert shown in flat, text


def test_the_embedded_data_records_no_change(viken: Invoke) -> None:
    result = viken("changes", "--as-of", "2021-03-01")
    assert result.exit_code == 0
    assert result.stdout == "Ingen registrerte endringer fra 2021-01-30 til 2021-03-01.\n"


def test_json_and_csv_keys_are_english_in_every_language(viken: Invoke, data_copy: Path) -> None:
    move_deadline(data_copy)
    outputs = set()
    for language in ("nb", "nn", "en"):
        result = viken("--lang", language, "--data-dir", str(data_copy), "changes",
                       "--as-of", "2021-05-01", "-f", "csv")  # fmt: skip
        assert result.exit_code == 0
        outputs.add(result.stdout)
    (text,) = outputs
    reader = csv.reader(io.StringIO(text))
    assert tuple(next(reader)) == CHANGE_FIELDS
    assert next(reader)[0] == "moved"


def test_the_table_fits_any_width_and_keeps_every_fact(
    viken: Invoke, data_copy: Path, old_copy: Path
) -> None:
    edit(
        data_copy / "schemes.yaml",
        MOVED_DATE_LINE,
        '    date: {day: 2021-05-18, as_written: "18. mai"}\n',
    )

    def screen(columns: int) -> str:
        result = viken("--data-dir", str(data_copy), "changes", "--from", str(old_copy),
                       env={"COLUMNS": str(columns)})  # fmt: skip
        assert result.exit_code == 0
        return result.stdout

    whole = words(screen(400))
    for words_shown in ("flyttet", "«18.", "«Kvalifiseringsprosjekter", MOVED_ID):
        assert words_shown in whole
    for columns in (40, 47, 60, 80, 120):
        check_screen(screen(columns), whole, columns)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--since", "2021-04-01", "--from", "."), 2, "--since reads the recorded history"),
        (("--since", "2021-05-02", "--as-of", "2021-05-01"), 2, "is after the reference day"),
        (("--since", "soon"), 2, "--since"),
        (("--from", "no-such-folder"), 1, "the data directory does not exist"),
    ],
)
def test_bad_input_is_one_line(
    viken: Invoke, args: tuple[str, ...], code: int, message: str
) -> None:
    result = viken("changes", *args)
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_broken_old_copy_reports_its_own_lines(
    viken: Invoke, data_copy: Path, old_copy: Path
) -> None:
    edit(
        old_copy / "schemes.yaml",
        "  - id: landbruksmidler\n",
        "  - id: landbruksmidler\n    colour: red\n",
    )
    result = viken("--data-dir", str(data_copy), "changes", "--from", str(old_copy))
    assert result.exit_code == 1
    assert f"{old_copy / 'schemes.yaml'}:" in result.stderr and "colour" in result.stderr


def test_a_new_time_of_day_is_a_move(viken: Invoke, data_copy: Path, old_copy: Path) -> None:
    edit(data_copy / "plans.yaml", 'time: "09:00-12:00"', 'time: "13:00-16:00"')
    (row,) = changes_json(viken, data_copy, "--from", str(old_copy))
    assert (row["change"], row["id"]) == ("moved", "samling-1")
    assert (row["from_time"], row["to_time"]) == ("09:00-12:00", "13:00-16:00")
    assert row["title"].startswith("Samling 1: ")  # as every listing names a session


def test_alternatives_are_given_as_written(viken: Invoke, data_copy: Path, old_copy: Path) -> None:
    edit(data_copy / "schemes.yaml", "{either: [2021-06, 2021-09], year_inferred: true, as_w",
         "{month: 2021-09, year_inferred: true, as_w")  # fmt: skip
    (row,) = changes_json(viken, data_copy, "--from", str(old_copy))
    assert (row["change"], row["from_form"], row["from_alternatives"]) == (
        "moved",
        "alternatives",
        ["2021-06", "2021-09"],
    )
    assert (row["to_form"], row["to_alternatives"], row["to_date"]) == ("month", None, "2021-09-01")
