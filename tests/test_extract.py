"""``viken extract``: every way the documents write a date, read into the data files' forms,
through the real CLI; measured against the two source documents when they are at hand."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DECK, KS_PAGE, Invoke, embedded_data, source_document
from vikentool.query.inputs import parse_cli_date
from vikentool.store.datadir import DATA_FILES


def found(viken: Invoke, text: str, document_date: str = "2021-02-26") -> list[dict[str, Any]]:
    result = viken("extract", "-", "--document-date", document_date, "-f", "json", input=text)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def dates(viken: Invoke, text: str, document_date: str = "2021-02-26") -> list[dict[str, Any]]:
    """Each candidate's date without its words (the form keys and flags that are set)."""
    return [
        {k: v for k, v in c["date"].items() if k != "as_written" and v is not False}
        for c in found(viken, text, document_date)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Søknadsfrist 12. april", {"day": "2021-04-12", "year_inferred": True}),
        ("Frist 1.febr. for alle", {"day": "2021-02-01", "year_inferred": True}),
        ("Søknadsfrist 1. mars 2021", {"day": "2021-03-01"}),
        ("Møtet er 03.03.2022.", {"day": "2022-03-03"}),
        ("Johan 26.02.21", {"day": "2021-02-26"}),
        ("Svar innen 20.10. i år", {"day": "2021-10-20", "year_inferred": True}),
        (
            "Klynger – 10.-15.mai ?",
            {"from": "2021-05-10", "to": "2021-05-15", "tentative": True, "year_inferred": True},
        ),
        ("høring juni til september", {"from": "2021-06", "to": "2021-09", "year_inferred": True}),
        ("utlysning i oktober", {"month": "2021-10", "year_inferred": True}),
        (
            "Hovedprosjekter – til juni eller sept.",
            {"either": ["2021-06", "2021-09"], "year_inferred": True},
        ),
        (
            "behandles i juni evt. sept.",
            {"either": ["2021-06", "2021-09"], "tentative": True, "year_inferred": True},
        ),
        ("Planen revideres i 2022.", {"year": 2022}),
        ("Søknadsfrist: løpende", {"rolling": True}),
        ("Lyses ut i løpet av kort tid.", {"unknown": True}),
        ("Datoen kunngjøres senere.", {"unknown": True}),
        ("Samling i uke 44", {"from": "2021-11-01", "to": "2021-11-07", "year_inferred": True}),
        ("Svar innen utgangen av januar 2022", {"day": "2022-01-31"}),
        ("Rapport medio mars", {"month": "2021-03", "tentative": True, "year_inferred": True}),
        ("Oppstart primo april 2021", {"month": "2021-04", "tentative": True}),
        ("høring i april-ish", {"month": "2021-04", "tentative": True, "year_inferred": True}),
        ("Foreløpig dato: 5. mai 2021", {"day": "2021-05-05", "tentative": True}),
        (
            "Oppstart torsdag 03. mars 2022 kl 09.00 - 12.00.",
            {"day": "2022-03-03", "time": "09:00-12:00"},
        ),
        ("Webinar 4. mai 2021 kl. 10:00–11:30", {"day": "2021-05-04", "time": "10:00-11:30"}),
    ],
)
def test_each_form_of_date(viken: Invoke, text: str, expected: dict[str, Any]) -> None:
    assert dates(viken, text) == [expected]


def test_the_words_stay_as_written(viken: Invoke) -> None:
    (candidate,) = found(viken, "• Klyngesatsing i Viken (8 mill) – 10.-15.mai ?\n")
    assert candidate["expression"] == "10.-15.mai ?"
    assert candidate["as_written"] == candidate["date"]["as_written"]
    assert "10.-15.mai ?" in candidate["as_written"]
    assert candidate["line"] == 1
    assert candidate["context"]["tentative_because"] == ["?"]


def test_a_heading_date_governs_the_bullets_under_it(viken: Invoke) -> None:
    text = (
        "Støtteordninger\n\nSøknadsfrist 12. april\n• Næring og innovasjon i Viken (24 mill)\n\n"
        "• KulturArvOpplevelser (3,6 mill)\n\n• Ny ordning for fjellet\n\nSide 21\n"
    )
    candidates = found(viken, text)
    assert [c["line"] for c in candidates] == [4, 6, 8]
    assert {c["date"]["day"] for c in candidates} == {"2021-04-12"}
    assert all(c["kind"] == "application_deadline" for c in candidates)
    assert [c["title"] for c in candidates] == [
        "Søknadsfrist: Næring og innovasjon i Viken",
        "Søknadsfrist: KulturArvOpplevelser",
        "Søknadsfrist: Ny ordning for fjellet",
    ]
    assert all(c["context"]["heading"] == "Søknadsfrist 12. april" for c in candidates)
    # A name the catalog knows becomes its scheme id; another is only a name.
    assert [c["scheme"] for c in candidates] == [
        "naering-og-innovasjon-i-viken",
        "kulturarvopplevelser",
        None,
    ]


def test_an_undated_deadline_heading_lists_its_items_as_unknown(viken: Invoke) -> None:
    text = "Andre søknadsfrister\n• Klynger – 10.-15.mai ?\n\n• FORREGION – knyttet til meglere\n"
    candidates = found(viken, text)
    assert [c["line"] for c in candidates] == [2, 4]
    assert candidates[1]["date"]["unknown"] is True
    assert candidates[1]["as_written"] == "FORREGION – knyttet til meglere"
    assert candidates[1]["kind"] == "application_deadline"


def test_a_hedge_carries_into_what_it_means(viken: Invoke) -> None:
    text = (
        "• Fylkesrådet ønsker behandling i fylkestinget\n\n• Det betyr høring juni til september\n"
    )
    (candidate,) = found(viken, text)
    assert candidate["date"]["tentative"] is True
    assert candidate["context"]["tentative_because"] == ["ønsker"]


@pytest.mark.parametrize(
    ("document_date", "text", "expected"),
    [
        # A deck from February: a day just gone stays in its year, March is ahead.
        ("2021-02-26", "allerede forbi (1.febr.)", "2021-02-01"),
        ("2021-02-26", "Lyses ut 1. mars", "2021-03-01"),
        # A newsletter from September: February is next year's.
        ("2021-09-15", "Søknadsfrist 1. februar", "2022-02-01"),
        ("2021-12-20", "Frist 10. januar", "2022-01-10"),
        ("2022-01-05", "Frist 20. desember", "2021-12-20"),
    ],
)
def test_a_missing_year_follows_the_document_date(
    viken: Invoke, document_date: str, text: str, expected: str
) -> None:
    (candidate,) = found(viken, text, document_date)
    assert candidate["date"]["day"] == expected
    assert candidate["date"]["year_inferred"] is True
    assert candidate["context"]["year_inferred_from"] == document_date


def test_months_and_weeks_cross_the_new_year(viken: Invoke) -> None:
    assert dates(viken, "høring november til februar", "2021-09-01") == [
        {"from": "2021-11", "to": "2022-02", "year_inferred": True}
    ]
    assert dates(viken, "samling i uke 2", "2021-12-01") == [
        {"from": "2022-01-10", "to": "2022-01-16", "year_inferred": True}
    ]


def test_what_cannot_be_placed_is_kept_without_a_date(viken: Invoke) -> None:
    (candidate,) = found(viken, "Søknadsfrist 31. februar 2021")
    assert candidate["date"]["unknown"] is True
    assert candidate["expression"] == "31. februar 2021"
    assert candidate["context"]["problem"]


def test_numbers_that_are_not_dates_are_left_alone(viken: Invoke) -> None:
    text = (
        "NOU 2020:12 og sak 19/21. Opp til 5000 innbyggere, kr: 11.625. Side 21.\n"
        "Mob: 93457137. KS' Landsting 2020 har vedtatt. 10.001 – 15.000 innbyggere, kr: 28.250\n"
    )
    assert found(viken, text) == []


@pytest.mark.parametrize("written", ["03.03.2022", "26.02.21", "1. mars 2021", "12. apr 2021"])
def test_a_written_date_reads_as_before_and_after_read_it(viken: Invoke, written: str) -> None:
    (candidate,) = found(viken, f"Frist {written}")
    assert candidate["date"]["day"] == parse_cli_date(written, date(2021, 2, 26)).isoformat()


def test_a_draft_validates_as_it_is(viken: Invoke, tmp_path: Path) -> None:
    text = (
        "Søknadsfrist 12. april\n• Næring: «innovasjon» i Viken\n\n"
        '• Ordning med "sitat" og \\ tegn\n\nAndre søknadsfrister\n• Ukjent – kommer\n\n'
        "• Ny ordning 31. februar 2021\n\nHøring i april-ish, vedtak juni evt. sept.\n"
    )
    draft = tmp_path / "draft.yaml"
    result = viken(
        "extract", "-", "--document-date", "2021-02-26", "--source-id", "nytt-fra-viken-2021",
        "-f", "yaml", "-o", str(draft), input=text,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert _validates(viken, tmp_path, draft) == 6


def _validates(viken: Invoke, tmp_path: Path, draft: Path) -> int:
    """The number of dated records the data holds once ``draft`` is its schemes.yaml."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in DATA_FILES:
        shutil.copy(embedded_data() / name, folder / name)
    shutil.copy(draft, folder / "schemes.yaml")
    checked = viken("validate", str(folder))
    assert checked.exit_code == 0, checked.stderr
    line = next(x for x in checked.stdout.splitlines() if "frister i ordninger" in x)
    return int(line.split()[-1])


def test_windows_1252_is_read_with_a_note(viken: Invoke) -> None:
    result = viken(
        "extract", "-", "--document-date", "2021-02-26", "-f", "json",
        input="Søknadsfrist 1. mars 2021 for Ål\n".encode("cp1252"),
    )  # fmt: skip
    assert result.exit_code == 0
    assert "Windows-1252" in result.stderr
    assert "Ål" in json.loads(result.stdout)[0]["as_written"]


def test_bad_input_gets_one_line(viken: Invoke, tmp_path: Path) -> None:
    folder = viken("extract", str(tmp_path))
    assert folder.exit_code == 1
    assert folder.stderr.count("\n") == 1 and "tekstfil" in folder.stderr
    bad_day = viken("extract", "-", "--document-date", "i fjor", input="x")
    assert bad_day.exit_code == 2 and "--document-date" in bad_day.stderr
    bad_id = viken("extract", "-", "--source-id", "Ikke En Id", input="x")
    assert bad_id.exit_code == 2


def test_no_dates_is_said_and_succeeds(viken: Invoke) -> None:
    result = viken("extract", "-", "--document-date", "2021-02-26", input="Ingen datoer her.\n")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Fant ingen datouttrykk."


def test_without_a_document_date_the_year_comes_from_today(viken: Invoke) -> None:
    result = viken("extract", "-", "-f", "json", input="Frist 1. mars\n")
    assert result.exit_code == 0
    assert "--document-date" in result.stderr
    (candidate,) = json.loads(result.stdout)
    assert candidate["date"]["year_inferred"] is True


def test_the_installed_command_reads_stdin() -> None:
    viken = Path(sys.executable).with_name("viken")
    done = subprocess.run(
        [str(viken), "extract", "-", "--document-date", "2021-02-26", "-f", "json"],
        input="Søknadsfrist 12. april\n".encode(),
        capture_output=True,
        env={**os.environ, "LANG": "C.UTF-8"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["date"]["day"] == "2021-04-12"


# --- the two source documents ($VIKEN_SOURCES) ----------------------------------------------


def _document_path(name: str) -> Path:
    source_document(name)  # skips when $VIKEN_SOURCES is unset
    return Path(os.environ["VIKEN_SOURCES"]).expanduser() / name


@pytest.mark.parametrize("name", [DECK, KS_PAGE])
def test_recall_and_precision_on_the_source_documents(viken: Invoke, name: str) -> None:
    result = viken("extract", str(_document_path(name)), "--score")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    recall = first.split("tilbakekalling ")[1].split(" = ")[1].split(",")[0]
    precision = first.split("presisjon ")[1].split(" = ")[1].split(" ")[0]
    assert float(recall) >= 0.95, result.stdout
    assert float(precision) >= 0.8, result.stdout


def test_the_deck_drafted_then_validated(viken: Invoke, tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    result = viken("extract", str(_document_path(DECK)), "-f", "yaml", "-o", str(draft))
    assert result.exit_code == 0, result.stderr
    assert 'document: "nytt-fra-viken-2021"' in draft.read_text(encoding="utf-8")
    assert _validates(viken, tmp_path, draft) >= 30
