"""``viken plans``, ``viken sessions`` and ``viken timeline``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from vikentool.domain.catalog import Catalog

REPO = Path(__file__).resolve().parents[1]
DOCS_SVG = REPO / "docs" / "timeline-2021.svg"
DOCS_SVG_ARGS = (
    "timeline",
    "--from",
    "2021-01-01",
    "--to",
    "2021-12-31",
    "--as-of",
    "2021-02-26",
    "--width",
    "100",
)


def plans_json(viken: Invoke, as_of: str) -> dict[str, dict[str, Any]]:
    result = viken("plans", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result
    return {row["id"]: row for row in json.loads(result.stdout)}


def test_plans_cover_the_planning_picture(viken: Invoke) -> None:
    found = plans_json(viken, "2021-02-26")
    assert len(found) == 12
    assert found["regional-planstrategi"]["status"] == "done"
    assert "18. desember 2020" in found["regional-planstrategi"]["dates"]
    programme = found["felles-planprogram"]
    assert programme["status"] == "planned"
    assert programme["next_as_written"] == "Det betyr høring juni til september"
    assert programme["related"].count("regional-plan-") == 3
    regional = [r for r in found.values() if r["kind"] == "regional_plan"]
    assert sum(r["followed_by"] == "Handlingsprogram" for r in regional) == 3
    assert found["landbruksstrategi"]["related"] == "regional-plan-naeringsutvikling-landbruket"
    assert found["partnerskapsavtaler-kommuneregionene"]["case_number"] == "sak 19/21"
    assert found["partnerskapsavtaler-kommuneregionene"]["status"] == "unknown"
    assert {r["id"] for r in found.values() if r["kind"] == "temastrategi"} == {
        "temastrategi-kunst-og-kultur",
        "temastrategi-frivillighet",
        "temastrategi-bibliotekutvikling",
    }


@pytest.mark.parametrize(
    ("as_of", "programme", "strategy", "etablerer"),
    [
        # Every step of these is uncertain (a hedged period, "april-ish", "juni evt. sept.",
        # "i 2022"): the documents never say work has begun, so nothing is "under way".
        ("2021-02-26", "planned", "planned", "planned"),
        ("2021-07-15", "planned", "planned", "planned"),
        ("2021-12-01", "done", "done", "planned"),
        ("2022-06-01", "done", "done", "planned"),
        ("2023-01-01", "done", "done", "done"),
    ],
)
def test_plan_status_follows_the_reference_day(
    viken: Invoke, as_of: str, programme: str, strategy: str, etablerer: str
) -> None:
    found = plans_json(viken, as_of)
    assert found["felles-planprogram"]["status"] == programme
    assert found["landbruksstrategi"]["status"] == strategy
    assert found["etablerertjeneste-i-hele-viken"]["status"] == etablerer


def test_a_firm_step_that_has_begun_is_under_way(viken: Invoke, firm_hearing: Path) -> None:
    assert plans_json(viken, "2021-07-15")["felles-planprogram"]["status"] == "under way"
    assert plans_json(viken, "2021-05-31")["felles-planprogram"]["status"] == "planned"


def test_plans_table_and_csv(viken: Invoke) -> None:
    text = viken("plans", "--as-of", "2021-02-26").stdout
    assert "Regional planstrategi for" in text and "ferdig" in text
    assert "18. desember 2020»" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    rows = list(csv.DictReader(io.StringIO(viken("plans", "-f", "csv").stdout)))
    assert len(rows) == 12 and "status" in rows[0]


def test_sessions(viken: Invoke) -> None:
    result = viken("sessions", "--format", "json")
    rows = json.loads(result.stdout)
    assert [r["kind"] for r in rows] == ["session"] * 4 + ["theme_day"]
    first = rows[0]
    assert (first["number"], first["date"], first["start_time"], first["end_time"]) == (
        1,
        "2022-03-03",
        "09:00",
        "12:00",
    )
    assert first["timezone"] == "Europe/Oslo" and first["mode"] == "digitalt"
    assert "FOU-en «Lærdommer fra gode vertskommuner for næringsutvikling»" in first["topics"]
    assert all(r["date"] is None for r in rows[1:])
    assert "i starten" in rows[4]["as_written"]
    assert all(r["contact"] == "Gustav Weiberg-Aurdal, gwa@ks.no, 93457137" for r in rows)
    assert all("reise- og oppholdsutgifter" in r["fee_note"] for r in rows)
    table = viken("sessions").stdout
    assert "torsdag 3. mars 2022" in table and "kl. 09:00–12:00" in table
    assert "Temadag med" in table and "gwa@ks.no" in table
    csv_rows = list(csv.DictReader(io.StringIO(viken("sessions", "-f", "csv").stdout)))
    assert len(csv_rows) == 5


# --- timeline -------------------------------------------------------------------------------


def timeline(viken: Invoke, *args: str) -> list[str]:
    result = viken("timeline", "--as-of", "2021-02-26", *args)
    assert result.exit_code == 0, result
    return result.stdout.splitlines()


def test_every_dated_item_in_the_window_appears_once(viken: Invoke, catalog: Catalog) -> None:
    lines = timeline(viken, "--from", "2021-01-01", "--to", "2021-12-31", "--width", "220")
    start, end = dt.date(2021, 1, 1), dt.date(2021, 12, 31)
    expected = [
        i
        for i in catalog.items
        if i.date.is_dated and any(lo <= end and hi >= start for lo, hi in i.date.ranges)
    ]
    # 9 application deadlines, 2 hearing deadlines, 1 reply, 2 announcements, 7 milestones
    assert len(expected) == 21
    from vikentool.domain.kinds import WORDS, heading

    sections: dict[str, list[str]] = {}
    current: list[str] = []
    headings = {heading(kind): kind for kind in WORDS}
    for line in lines:
        if line in headings:
            current = sections.setdefault(headings[line], [])
        elif line.strip():
            current.append(line)
    for item in expected:
        label = item.title
        if item.kind != "milestone" and ": " in label:
            label = label.split(": ", 1)[1]  # the group heading says "Søknadsfrister" etc.
        hits = [line for line in sections[item.kind] if line.startswith(label[:30].rstrip(" ,"))]
        assert len(hits) == 1, (item.id, label)
    outside = timeline(viken, "--from", "2022-01-01", "--to", "2022-12-31", "--width", "220")
    assert not any(line.startswith("Klyngesatsing") for line in outside)
    assert any(line.startswith("Samling 1") for line in outside)


@pytest.mark.parametrize("width", [80, 120])
def test_a_span_covers_the_right_columns(viken: Invoke, width: int, firm_hearing: Path) -> None:
    lines = timeline(viken, "--from", "2021-01-01", "--to", "2021-12-31", "--width", str(width))
    line = next(line for line in lines if line.startswith("Høring av planprogrammet"))
    label = max(12, min(34, width * 2 // 5))
    bar = width - label - 1
    # 1 June is day 151 of 365 and 30 September day 272: columns by proportion.
    first, last = 151 * bar // 365, 272 * bar // 365
    cells = line[label + 1 :]
    solid = [i for i, c in enumerate(cells) if c == "█"]
    assert solid == list(range(first, last + 1))


def test_uncertain_items_are_drawn_differently(viken: Invoke, firm_hearing: Path) -> None:
    lines = timeline(viken, "--from", "2021-01-01", "--to", "2021-12-31", "--width", "100")
    klynge = next(line for line in lines if line.startswith("Klyngesatsing i Viken"))
    bio = next(line for line in lines if line.startswith("Tilskudd til kompetanseheving"))
    hearing = next(line for line in lines if line.startswith("Høring av planprogrammet"))
    rff = next(line for line in lines if line.startswith("RFF Hovedprosjekter"))
    assert "░" in klynge and "█" not in klynge and "Klyngesatsing i Viken ?" in klynge
    assert "◆" in bio and "░" not in bio and "?" not in bio
    assert "█" in hearing and "░" not in hearing
    # Two alternatives: two separate light runs, nothing solid between them.
    runs = [r for r in rff.split(" ") if set(r) == {"░"}]
    assert len(runs) == 2


def test_reference_day_and_month_axis(viken: Invoke) -> None:
    lines = timeline(viken, "--from", "2021-01-01", "--to", "2021-12-31", "--width", "100")
    axis = next(line for line in lines if "┬" in line)
    assert axis.count("▲") == 1 and axis.count("┬") == 12  # a tick per month, ▲ on 26 Feb
    labels = lines[lines.index(axis) + 1]
    assert "jan 2021" in labels and "des" in labels
    assert any("┊" in line for line in lines)
    assert "2021-02-26" in lines[-1]


@pytest.mark.parametrize("width", [80, 120])
def test_fits_the_width(viken: Invoke, width: int) -> None:
    for window in ((), ("--from", "2021-01-01", "--to", "2021-12-31")):
        lines = timeline(viken, *window, "--width", str(width))
        assert max(len(line) for line in lines) <= width


def test_default_window_is_the_whole_data(viken: Invoke) -> None:
    lines = timeline(viken, "--width", "120")
    axis_labels = lines[-2]
    assert "jan 2021" in axis_labels and "jan 2022" in axis_labels
    assert any(line.startswith("Samling 1") for line in lines)
    assert any(line.startswith("Regional planstrategi vedtatt") for line in lines)


def test_bad_window_is_a_usage_error(viken: Invoke) -> None:
    result = viken("timeline", "--from", "2021-05-01", "--to", "2021-01-01")
    assert result.exit_code == 2 and result.stderr.startswith("viken: feil: --from 2021-05-01 ")
    assert "--to 2021-01-01" in result.stderr
    assert viken("timeline", "--from", "soon").exit_code == 2


def test_svg_and_html_exports(viken: Invoke, tmp_path: Path) -> None:
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    result = viken(*DOCS_SVG_ARGS, "--svg", str(svg), "--html", str(html))
    assert result.exit_code == 0
    assert svg.read_text(encoding="utf-8").startswith("<svg")
    assert "Klyngesatsing" in svg.read_text(encoding="utf-8")
    assert "<html" in html.read_text(encoding="utf-8").lower()


def test_committed_svg_is_current(viken: Invoke, tmp_path: Path) -> None:
    fresh = tmp_path / "timeline-2021.svg"
    viken(*DOCS_SVG_ARGS, "--svg", str(fresh))
    assert fresh.read_bytes() == DOCS_SVG.read_bytes(), (
        "regenerate: viken " + " ".join(DOCS_SVG_ARGS) + " --svg docs/timeline-2021.svg"
    )
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/timeline-2021.svg" in readme
    assert "viken " + " ".join(DOCS_SVG_ARGS) + " --svg docs/timeline-2021.svg" in readme
