"""Who may apply: each scheme's applicants as its document names them (or not), and
``--for CATEGORY`` on schemes, deadlines, digest and export-ics."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import DECK, Invoke, edit, source_document
from vikentool.domain.catalog import Catalog

# The schemes whose document names who may apply: category, conditional, the document's words.
NAMED = {
    "bio": ("business", True, "Bedrifter som på grunn av Covid-19 situasjonen"),
    "forregion": ("business", False, "FORREGION (for bedrifter)"),
    "naeringsutvikling-i-distriktskommuner": (
        "municipality",
        True,
        "Kun distriktskommunene i Viken.",
    ),
    "reiselivsordningen": ("destination_company", False, "støtte til destinasjonsselskapene"),
    "kompetansepilot": ("region", True, "Vi har valgt delregionene i gamle Buskerud"),
}


def test_each_scheme_names_its_applicants_or_says_nothing(catalog: Catalog) -> None:
    for scheme in catalog.schemes:
        if scheme.id not in NAMED:
            assert scheme.applicants == (), scheme.id
            continue
        category, conditional, words = NAMED[scheme.id]
        (applicant,) = scheme.applicants
        assert (applicant.category, applicant.conditional) == (category, conditional), scheme.id
        assert applicant.as_written[0].startswith(words), scheme.id
    assert len(catalog.schemes) - len(NAMED) == 10


def test_the_words_are_the_documents_source(catalog: Catalog) -> None:
    deck = " ".join(" ".join(source_document(DECK)).split())
    for scheme in catalog.schemes:
        for applicant in scheme.applicants:
            for words in applicant.as_written:
                assert " ".join(words.split()) in deck, (scheme.id, words)


def ids(viken: Invoke, *args: str) -> list[str]:
    result = viken(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


@pytest.mark.parametrize("typed", ["kommune", "Kommuner", "municipality", "distriktskommuner"])
def test_schemes_for_municipalities_are_exactly_those_naming_them(
    viken: Invoke, typed: str
) -> None:
    assert ids(viken, "schemes", "--for", typed) == ["naeringsutvikling-i-distriktskommuner"]


def test_schemes_for_shows_the_condition_and_counts_the_silent_ones(viken: Invoke) -> None:
    result = viken("schemes", "--for", "kommune")
    assert "kommuner, med vilkår" in result.stdout
    assert "«Kun distriktskommunene i Viken.»" in result.stdout
    assert "10 ordninger til sier ikke hvem som kan søke" in result.stderr


def test_schemes_for_with_the_silent_ones(viken: Invoke) -> None:
    found = ids(viken, "schemes", "--for", "bedrift", "--include-unstated")
    assert set(found) == {"bio", "forregion"} | {s for s in ids(viken, "schemes") if s not in NAMED}
    rows = json.loads(viken("schemes", "--for", "bedrift", "-f", "json").stdout)
    assert {r["id"]: r["conditional_applicants"] for r in rows} == {
        "bio": ["business"],
        "forregion": [],
    }
    table = viken("schemes", "--for", "bedrift", "--include-unstated").stdout
    assert "ikke oppgitt i kilden" in table
    assert viken("schemes", "--include-unstated").exit_code == 2


def test_an_unknown_category_is_a_usage_error(viken: Invoke) -> None:
    result = viken("deadlines", "--for", "turister")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--for: 'turister'" in result.stderr and "municipality" in result.stderr


def test_deadlines_for_keep_what_may_concern_the_applicant(viken: Invoke) -> None:
    args = ("deadlines", "--kind", "all", "--include-undated", "--format", "json")
    every = {r["id"]: r for r in json.loads(viken(*args).stdout)}
    rows = {r["id"]: r for r in json.loads(viken(*args, "--for", "bedrift").stdout)}
    dropped = set(every) - set(rows)
    # Only items of schemes whose documents name other applicants only are left out.
    assert dropped and all(
        every[i]["applicants"] and "business" not in every[i]["applicants"] for i in dropped
    )
    assert "naeringsutvikling-i-distriktskommuner-soknadsfrist-2021" in dropped
    assert rows["bio-soknadsfrist-2021"]["applicants"] == ["business"]
    assert rows["landbruksmidler-soknadsfrist-2021"]["applicants"] == []  # not said: kept
    assert any(r["applicants"] is None for r in rows.values())  # of no scheme: kept
    header = viken("deadlines", "--for", "kommune", "-f", "csv").stdout.splitlines()[0]
    assert header.endswith(",applicants,conditional_applicants")


def test_deadlines_for_say_who_may_apply(viken: Invoke) -> None:
    out = viken("deadlines", "--for", "kommune", "--as-of", "2021-03-01", "--within", "6w").stdout
    assert "Hvem kan søke: kommuner, med vilkår: «Kun distriktskommunene i Viken.»" in " ".join(
        out.split()
    )
    assert "Hvem kan søke: ikke oppgitt i kilden" in " ".join(out.split())
    assert "Hvem kan søke" not in viken("deadlines", "--as-of", "2021-03-01").stdout


def test_digest_for_leaves_out_schemes_for_others(viken: Invoke) -> None:
    args = ("digest", "--as-of", "2021-04-01", "--weeks", "3", "--format", "json")
    document = json.loads(viken(*args, "--for", "bedrift").stdout)
    assert document["applicant"] == "business"
    due = [r["id"] for r in document["due"]]
    assert "naeringsutvikling-i-distriktskommuner-soknadsfrist-2021" not in due
    assert "kulturarvopplevelser-soknadsfrist-2021" in due
    every = json.loads(viken(*args).stdout)
    assert "naeringsutvikling-i-distriktskommuner-soknadsfrist-2021" in [
        r["id"] for r in every["due"]
    ]
    text = viken("digest", "--as-of", "2021-04-01", "--for", "bedrift").stdout
    assert "andre enn bedrifter" in text


def test_export_ics_for_a_category(viken: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "kommune.ics"
    assert viken("export-ics", "--for", "kommune", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    unfolded = text.replace("\r\n ", "")
    assert "Søknadsfrist: Næringsutvikling i distriktskommuner" in unfolded
    assert "bedriftsintern opplæring" not in unfolded  # BIO: businesses only
    assert "Hvem kan søke: ikke oppgitt i kilden" in unfolded


def test_show_says_who_may_apply(viken: Invoke) -> None:
    out = " ".join(viken("show", "kompetansepilot").stdout.split())
    assert "Hvem kan søke" in out and "kommuneregioner, med vilkår" in out
    silent = " ".join(viken("show", "rff").stdout.split())
    assert "Hvem kan søke ikke oppgitt i kilden" in silent
    document = json.loads(viken("show", "bio", "--format", "json").stdout)
    assert document["applicants"][0]["category"] == "business"
    assert "Covid-19" in document["audience"][0]  # the words, as the key always gave them
    rows = list(csv.DictReader(io.StringIO(viken("schemes", "-f", "csv").stdout)))
    bio = next(r for r in rows if r["id"] == "bio")
    assert "Covid-19" in bio["audience"] and bio["applicants"] == "business"


def test_the_old_audience_field_is_refused_with_the_new_name(
    viken: Invoke, data_copy: Path, english: None
) -> None:
    edit(
        data_copy / "schemes.yaml",
        "    applicants:\n      - {category: business, as_written: [FORREGION (for bedrifter)]}",
        "    audience: [bedrifter]",
    )
    result = viken("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 1 and "'audience' is now 'applicants'" in result.stderr


def test_an_unknown_category_in_the_data_is_refused(viken: Invoke, data_copy: Path) -> None:
    edit(
        data_copy / "schemes.yaml",
        "{category: business, as_written: [FORREGION",
        "{category: tourists, as_written: [FORREGION",
    )
    result = viken("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 1 and "applicants[0].category" in result.stderr
