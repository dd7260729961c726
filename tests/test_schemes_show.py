"""``viken schemes``, ``viken show`` and how tables behave on terminals and pipes."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.conftest import Invoke
from vikentool.render.screen import console
from vikentool.render.styled import Text

AS_OF = "2021-02-26"


def schemes_json(viken: Invoke, *args: str) -> dict[str, dict[str, Any]]:
    result = viken("schemes", "--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code == 0, result
    return {row["id"]: row for row in json.loads(result.stdout)}


def test_schemes_lists_every_scheme_with_next_deadline(viken: Invoke) -> None:
    found = schemes_json(viken)
    assert len(found) == 15
    bio = found["bio"]
    assert (bio["next_deadline"], bio["next_deadline_status"]) == ("2021-03-01", "upcoming")
    assert bio["max_per_applicant_nok"] == 700_000 and "Covid-19" in bio["audience"]
    assert found["naering-og-innovasjon-i-viken"]["budget_nok"] == 24_000_000
    assert found["reiselivsordningen"]["next_deadline_status"] == "passed"
    assert found["forregion"]["next_deadline_status"] == "undated"
    assert found["bygdemiljopakker"]["next_deadline"] is None
    assert (
        found["naeringsutvikling-i-distriktskommuner"]["contact"]
        == "Mette Thielemann <mettethi@viken.no>"
    )


def test_schemes_next_deadline_moves_with_the_reference_day(viken: Invoke) -> None:
    rff = schemes_json(viken)["rff"]
    assert (rff["next_deadline"], rff["next_deadline_as_written"]) == (
        "2021-05-01",
        "Kvalifiseringsprosjekter 1.mai",
    )
    later = viken("schemes", "--as-of", "2021-05-02", "-f", "json")
    rff_later = {r["id"]: r for r in json.loads(later.stdout)}["rff"]
    assert (rff_later["next_deadline"], rff_later["next_deadline_latest"]) == (
        "2021-06-01",
        "2021-09-30",
    )
    after_all = viken("schemes", "--as-of", "2022-01-01", "-f", "json")
    rff_after = {r["id"]: r for r in json.loads(after_all.stdout)}["rff"]
    assert rff_after["next_deadline_status"] == "passed"
    assert rff_after["next_deadline_as_written"] == "Hovedprosjekter – til juni eller sept."


def test_schemes_filters(viken: Invoke) -> None:
    assert set(schemes_json(viken, "--search", "naring")) == {
        "naering-og-innovasjon-i-viken",
        "naeringsutvikling-i-distriktskommuner",
        "stotteordning-naeringsutvikling-og-innovasjon",
        "kompetansepilot",
        "kulturarvopplevelser",
        "stotteordning-for-klynger",
    }
    assert schemes_json(viken, "--owner", "KS") == {}
    upcoming = schemes_json(viken, "--upcoming")
    assert "reiselivsordningen" not in upcoming and "forregion" not in upcoming
    assert "klyngesatsing-i-viken" in upcoming


def test_schemes_csv_and_table(viken: Invoke) -> None:
    result = viken("schemes", "--as-of", AS_OF, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(table) == 15 and table[0]["id"] == "landbruksmidler"
    # Soonest next deadline first (1 March: Landbruksmidler, then BIO by name).
    upcoming = [r["next_deadline"] for r in table if r["next_deadline_status"] == "upcoming"]
    assert upcoming == sorted(upcoming) and [r["id"] for r in table[:2]] == [
        "landbruksmidler",
        "bio",
    ]
    text = viken("schemes", "--as-of", AS_OF).stdout
    assert "Næring og innovasjon" in text and "kr 24 000 000" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_show_a_scheme_in_full(viken: Invoke) -> None:
    result = viken("show", "bio", "--format", "json")
    assert result.exit_code == 0
    bio = json.loads(result.stdout)
    assert bio["type"] == "scheme" and bio["id"] == "bio"
    assert bio["source"]["document"] == "nytt-fra-viken-2021"
    assert bio["citation"].startswith("Nytt fra Viken (Viken fylkeskommune, 26.02.21), ")
    assert bio["max_per_applicant"] == {"nok": 700000, "as_written": "inntil kr. 700 000,-"}
    assert [d["as_written"] for d in bio["dated_items"]] == ["Søknadsfrist 1. mars 2021"]
    assert bio["dated_items"][0]["earliest"] == "2021-03-01"


@pytest.mark.parametrize(
    ("record_id", "record_type", "expected"),
    [
        ("nou-2020-15", "hearing", "høringsfrist 26. mars"),
        ("felles-planprogram", "plan", "høring juni til september"),
        ("omstillingsdyktig-naeringsliv", "network", "gwa@ks.no"),
        ("samling-1", "session", "09:00-12:00"),
        ("temadag-folkevalgte", "theme_day", "folkevalgte"),
        ("knut-fossgard", "contact", "knutfo@viken.no"),
        ("klyngesatsing-i-viken-soknadsfrist-2021", "deadline", "10.-15.mai ?"),
    ],
)
def test_show_any_kind_of_record(
    viken: Invoke, record_id: str, record_type: str, expected: str
) -> None:
    result = viken("show", record_id, "-f", "json")
    assert result.exit_code == 0, result
    document = json.loads(result.stdout)
    assert document["type"] == record_type
    assert expected in result.stdout
    table = viken("show", record_id)
    assert table.exit_code == 0 and record_id in table.stdout
    readable = " ".join(table.stdout.split())
    worded = {"09:00-12:00": "3. mars 2022 kl. 09:00–12:00"}.get(expected, expected)
    assert worded in readable
    assert "dated_items[0]" not in table.stdout  # for people, not a dump of the JSON paths


def test_show_words_each_date_and_keeps_the_wording(viken: Invoke) -> None:
    text = " ".join(viken("show", "landbruksstrategi").stdout.split())
    assert "? april 2021 Høring av landbruksstrategien «høring i april-ish»" in text
    assert "? juni eller september 2021 Landbruksstrategien behandles i fylkestinget" in text
    assert "Kilde: Nytt fra Viken (Viken fylkeskommune, 26.02.21), Landbruksstrategi" in text
    assert "json (ett objekt" in " ".join(viken("show", "--help").stdout.split())


def test_show_csv_is_field_value_pairs(viken: Invoke) -> None:
    result = viken("show", "klyngesatsing-i-viken", "--format", "csv")
    pairs = {r["field"]: r["value"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert pairs["budget.nok"] == "8000000"
    assert pairs["dated_items[0].as_written"] == "10.-15.mai ?"
    assert pairs["dated_items[0].tentative"] == "true"


def test_show_unknown_id_suggests_the_closest(viken: Invoke) -> None:
    result = viken("show", "klynge-satsing")
    assert result.exit_code == 1
    assert result.stderr.startswith("viken: feil: ingen oppføring med id 'klynge-satsing'")
    assert "klyngesatsing-i-viken" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_console_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def render(stream: io.StringIO) -> str:
        out = console(stream, width=80)
        out.print(Text("[x]", style="bold red"))
        return stream.getvalue()

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert "\x1b[" in render(Terminal())
    assert "\x1b[" not in render(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in render(Terminal())


def test_schemes_next_deadline_is_the_next_possible_day(viken: Invoke) -> None:
    # "Hovedprosjekter – til juni eller sept.": in July only September remains.
    rff = schemes_json(viken, "--as-of", "2021-07-01")["rff"]
    assert rff["next_deadline"] == "2021-09-01" and rff["next_deadline_status"] == "upcoming"
    assert rff["next_deadline_form"] == "alternatives" and rff["next_deadline_certain"] is False
    table = viken("schemes", "--as-of", "2021-07-01").stdout
    lines = table.splitlines()  # RFF comes first; its date breaks after "eller"
    first = lines.index("    ? juni eller") if "    ? juni eller" in lines else None
    assert first is not None and lines[first + 1] == "    september 2021", table
    assert "2021-06-01" not in table
