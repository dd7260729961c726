"""Documents as records, and the history of a date: validated, cited and carried to items."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import MOVED_DATE, MOVED_ID, Invoke, edit, move_deadline
from tests.test_validate import errors_of
from vikentool.model.load import load_catalog

pytestmark = pytest.mark.usefixtures("english")

NOTICE_SOURCE = "        source: {document: endringsvarsel-rff-2021, location: Søknadsfrister}\n"


def add_second_change(data: Path, changed_on: str) -> None:
    """After ``move_deadline``: a second change, to 10 May, recorded on ``changed_on``."""
    edit(
        data / "schemes.yaml",
        NOTICE_SOURCE,
        NOTICE_SOURCE + '      - date: {day: 2021-05-10, as_written: "Ny frist: 10. mai"}\n'
        f"        changed_on: {changed_on}\n" + NOTICE_SOURCE,
    )


def test_a_moved_deadline_keeps_its_earlier_date(data_copy: Path) -> None:
    move_deadline(data_copy)
    item = load_catalog(data_copy).item(MOVED_ID)
    assert item is not None
    assert item.date.earliest == dt.date(2021, 5, 18)
    (move,) = item.moves
    assert move.before.earliest == dt.date(2021, 5, 1)
    assert move.before.as_written == "Kvalifiseringsprosjekter 1.mai"
    assert move.after == item.date
    assert move.changed_on == dt.date(2021, 4, 20)
    assert move.citation == (
        "Endret søknadsfrist for RFF (Viken fylkeskommune, 20.04.2021), Søknadsfrister"
    )


def test_two_moves_chain_each_value_to_the_next(data_copy: Path) -> None:
    move_deadline(data_copy)
    add_second_change(data_copy, "2021-04-25")
    item = load_catalog(data_copy).item(MOVED_ID)
    assert item is not None
    assert [(m.before.earliest, m.after.earliest, m.changed_on) for m in item.moves] == [
        (dt.date(2021, 5, 1), dt.date(2021, 5, 10), dt.date(2021, 4, 20)),
        (dt.date(2021, 5, 10), dt.date(2021, 5, 18), dt.date(2021, 4, 25)),
    ]


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "changed_on: 2021-04-20",
            "changed_on: 20.04.2021",
            ".history[0].changed_on",
            "'20.04.2021' is not a day written YYYY-MM-DD",
        ),
        (
            "changed_on: 2021-04-20",
            "changed_on: 2021-02-30",
            ".history[0].changed_on",
            "not a real date",
        ),
        (
            "source: {document: endringsvarsel-rff-2021,",
            "source: {document: varsel,",
            ".history[0].source.document",
            "unknown document 'varsel'",
        ),
        (
            "      - date: {day: 2021-05-01,",
            "      - date: {day: 2021-05-41,",
            ".history[0].date.day",
            "not a real date",
        ),
        (
            "      - date: {day: 2021-05-01, year_inferred: true,",
            "      - date: {day: 2021-05-01, month: 2021-05, year_inferred: true,",
            ".history[0].date",
            "give exactly one of day",
        ),
        (
            'Kvalifiseringsprosjekter 1.mai"}\n        changed_on',
            'Kvalifiseringsprosjekter 1.mai"}\n        changed: 2021-04-20\n        changed_on',
            ".history[0].changed",
            "unknown field 'changed'",
        ),
    ],
)
def test_a_bad_history_entry_is_named_with_its_place(
    viken: Invoke, data_copy: Path, old: str, new: str, path: str, message: str
) -> None:
    move_deadline(data_copy)
    edit(data_copy / "schemes.yaml", old, new)
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    (error,) = errors_of(result.stderr)
    assert error["file"].endswith("schemes.yaml")
    assert error["path"].endswith(path) and message in error["msg"], result.stderr
    lines = (data_copy / "schemes.yaml").read_text(encoding="utf-8").splitlines()
    assert path.rsplit(".", 1)[-1] + ":" in lines[int(error["line"]) - 1]


def test_history_must_be_oldest_first(viken: Invoke, data_copy: Path) -> None:
    move_deadline(data_copy)
    add_second_change(data_copy, "2021-04-01")
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    (error,) = errors_of(result.stderr)
    assert error["path"].endswith(".history[1].changed_on")
    assert "before the change above it (2021-04-20): oldest change first" in error["msg"]


def test_a_change_to_the_same_date_is_refused(viken: Invoke, data_copy: Path) -> None:
    move_deadline(data_copy, new_day="2021-05-01")
    edit(
        data_copy / "schemes.yaml",
        'date: {day: 2021-05-01, as_written: "Ny frist: 2021-05-01"}',
        f"date: {MOVED_DATE}",
    )
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    (error,) = errors_of(result.stderr)
    assert error["path"].endswith(".history[0].date")
    assert error["msg"] == "the same date as the value that replaced it"


def test_a_changed_wording_alone_is_a_change(data_copy: Path) -> None:
    move_deadline(data_copy, new_day="2021-05-01")
    item = load_catalog(data_copy).item(MOVED_ID)
    assert item is not None and item.moves[0].before.ranges == item.date.ranges


def test_history_without_a_current_date_is_refused(viken: Invoke, data_copy: Path) -> None:
    edit(
        data_copy / "plans.yaml",
        "        number: 2\n",
        "        number: 2\n"
        "        history:\n"
        "          - date: {month: 2022-04, as_written: april}\n"
        "            changed_on: 2022-03-01\n"
        "            source: {document: ks-omstillingsdyktig-naeringsliv, location: Samlinger}\n",
    )
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    (error,) = errors_of(result.stderr)
    assert error["path"].endswith(".history") and "needs a current 'date'" in error["msg"]


def test_a_source_must_name_a_known_document(viken: Invoke, data_copy: Path) -> None:
    edit(
        data_copy / "contacts.yaml",
        "document: nytt-fra-viken-2021",
        "document: 000_c8f27399199fab7a.txt",
    )
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    (error,) = errors_of(result.stderr)
    assert error["file"].endswith("contacts.yaml") and error["path"].endswith("source.document")
    assert error["msg"] == (
        "unknown document '000_c8f27399199fab7a.txt': name it by its id, 'nytt-fra-viken-2021'"
    )


def test_without_documents_a_source_is_cited_as_written(viken: Invoke, data_copy: Path) -> None:
    """Data written before documents were records stays valid: its sources are names."""
    (data_copy / "documents.yaml").unlink()
    for name in ("schemes.yaml", "plans.yaml", "contacts.yaml"):
        path = data_copy / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("nytt-fra-viken-2021", "deck.txt"), encoding="utf-8")
    result = viken("--data-dir", str(data_copy), "deadlines", "--as-of", "2021-01-01", "-f", "json")
    assert result.exit_code == 0, result
    sources = {row["source"] for row in json.loads(result.stdout)}
    assert "deck.txt: Side 21 – «Søknadsfrist 12. april»" in sources


def test_outputs_cite_the_title_not_the_file(viken: Invoke) -> None:
    rows = json.loads(viken("deadlines", "--as-of", "2021-01-01", "-f", "json").stdout)
    assert rows and all("_" not in row["source"].split(")")[0] for row in rows)
    assert "Nytt fra Viken (Viken fylkeskommune, 26.02.21), Side 21 – «Søknadsfrist 12. april»" in {
        row["source"] for row in rows
    }
    sessions = json.loads(viken("sessions", "-f", "json").stdout)
    assert sessions[0]["source"].startswith(
        "Læringsnettverk «Omstillingsdyktig næringsliv» (KS Viken, 2022), "
    )
    shown = viken("show", "nytt-fra-viken-2021")
    assert shown.exit_code == 0
    assert "Viken fylkeskommune" in shown.stdout and "26.02.21" in shown.stdout
    assert "000_c8f27399199fab7a.txt" in shown.stdout


def test_show_gives_the_history_as_written(viken: Invoke, data_copy: Path) -> None:
    move_deadline(data_copy)
    text = " ".join(viken("--data-dir", str(data_copy), "show", MOVED_ID).stdout.split())
    assert (
        "18 May 2021 Søknadsfrist: RFF Kvalifiseringsprosjekter «Ny frist: 2021-05-18» "
        "Moved from 1 May 2021 («Kvalifiseringsprosjekter 1.mai») on 20 April 2021 "
        "(source: Endret søknadsfrist for RFF (Viken fylkeskommune, 20.04.2021), Søknadsfrister)"
    ) in text
    result = viken("--data-dir", str(data_copy), "show", MOVED_ID, "-f", "json")
    document = json.loads(result.stdout)
    assert document["history"] == [
        {
            "date": {
                "as_written": "Kvalifiseringsprosjekter 1.mai",
                "day": "2021-05-01",
                "tentative": False,
                "year_inferred": True,
            },
            "changed_on": "2021-04-20",
            "source": {"document": "endringsvarsel-rff-2021", "location": "Søknadsfrister"},
        }
    ]


def test_deadlines_say_a_date_moved(viken: Invoke, data_copy: Path) -> None:
    move_deadline(data_copy)
    args = ("--data-dir", str(data_copy), "deadlines", "--as-of", "2021-05-01", "--scheme", "rff")
    (row, *_) = json.loads(viken(*args, "-f", "json").stdout)
    assert row["id"] == MOVED_ID
    assert {k: row[k] for k in row if k.startswith(("previous_", "change"))} == {
        "change": "moved",
        "changed_on": "2021-04-20",
        "previous_date": "2021-05-01",
        "previous_latest": "2021-05-01",
        "previous_as_written": "Kvalifiseringsprosjekter 1.mai",
        "previous_form": "day",
    }
    text = " ".join(viken(*args, env={"COLUMNS": "100"}).stdout.split())
    assert "↻ Moved from 1 May 2021 («Kvalifiseringsprosjekter 1.mai») on 20 April 2021" in text
    unmoved = json.loads(viken("deadlines", "--as-of", "2021-01-01", "-f", "json").stdout)
    assert all(r["change"] is r["changed_on"] is r["previous_date"] is None for r in unmoved)


def test_new_words_on_the_same_day_are_not_called_a_move(viken: Invoke, data_copy: Path) -> None:
    move_deadline(data_copy, new_day="2021-05-01")
    args = ("--data-dir", str(data_copy), "deadlines", "--as-of", "2021-04-01", "--scheme", "rff")
    (row, *_) = json.loads(viken(*args, "-f", "json").stdout)
    assert (row["change"], row["previous_date"], row["date"]) == (
        "reworded",
        "2021-05-01",
        "2021-05-01",
    )
    text = " ".join(viken(*args, env={"COLUMNS": "100"}).stdout.split())
    assert "↻ Reworded on 20 April 2021; it said «Kvalifiseringsprosjekter 1.mai»" in text
    assert "Moved from" not in text


def test_a_withdrawn_date_is_listed_without_being_asked_for(viken: Invoke, data_copy: Path) -> None:
    """A deadline postponed with no new date is news: `deadlines` lists it among the undated
    even without --include-undated, saying what it was."""
    move_deadline(data_copy)
    edit(
        data_copy / "schemes.yaml",
        'date: {day: 2021-05-18, as_written: "Ny frist: 2021-05-18"}',
        'date: {unknown: true, as_written: "Utsatt, ny frist kommer"}',
    )
    args = ("--data-dir", str(data_copy), "deadlines", "--as-of", "2021-04-01")
    rows = json.loads(viken(*args, "-f", "json").stdout)
    (row,) = [r for r in rows if r["id"] == MOVED_ID]
    assert (row["status"], row["change"], row["previous_date"]) == (
        "undated",
        "moved",
        "2021-05-01",
    )
    assert not [r for r in rows if r["status"] == "undated" and r["id"] != MOVED_ID]
    text = " ".join(viken(*args, env={"COLUMNS": "100"}).stdout.split())
    assert "«Utsatt, ny frist kommer»" in text and "↻ Moved from 1 May 2021" in text
