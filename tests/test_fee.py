"""``viken fee`` and ``fee_for_population``: every bracket boundary, properties, CSV input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Invoke, fee_table
from vikentool import fee_for_population
from vikentool.domain.catalog import Catalog
from vikentool.errors import UsageError
from vikentool.model.load import load_catalog

_TABLE = fee_table(load_catalog())  # hypothesis tests call the function thousands of times

BOUNDARIES = [
    (5_000, 11_625),
    (5_001, 14_125),
    (7_500, 14_125),
    (7_501, 21_750),
    (10_000, 21_750),
    (10_001, 28_250),
    (15_000, 28_250),
    (15_001, 34_625),
    (20_000, 34_625),
    (20_001, 42_250),
    (30_000, 42_250),
    (30_001, 47_375),
    (40_000, 47_375),
    (40_001, 55_000),
    (1, 11_625),
    (700_000, 55_000),
]


@pytest.mark.parametrize(("population", "fee"), BOUNDARIES)
def test_both_sides_of_every_boundary(viken: Invoke, population: int, fee: int) -> None:
    result = viken("fee", "--population", str(population), "--format", "json")
    assert result.exit_code == 0, result
    assert json.loads(result.stdout)["fee_nok"] == fee


def test_6200_in_the_table(viken: Invoke) -> None:
    result = viken("fee", "--population", "6200")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Læringsnettverk «Omstillingsdyktig næringsliv» (KS Viken)"
    assert lines[3].split() == ["6", "200", "5", "001–7", "500", "innbyggere", "14", "125"]
    assert "14 125" in lines[3] and "5 001–7 500 innbyggere" in lines[3]
    assert "reise og opphold kommer i tillegg" in result.stdout
    assert "reise- og oppholdsutgifter" in result.stdout


def test_json_for_one_and_several(viken: Invoke) -> None:
    one = json.loads(viken("fee", "-p", "6200", "-f", "json").stdout)
    assert one == {
        "population": 6200,
        "fee_nok": 14125,
        "bracket_min": 5001,
        "bracket_max": 7500,
        "bracket": "5 001-7 500 innbyggere",
        "as_written": "5001 – 7500 innbyggere, kr: 14.125",
        "network": "omstillingsdyktig-naeringsliv",
    }
    several = json.loads(viken("fee", "-p", "6200", "-p", "50000", "-f", "json").stdout)
    assert [(r["population"], r["fee_nok"], r["bracket_max"]) for r in several] == [
        (6200, 14125, 7500),
        (50000, 55000, None),
    ]


def test_whole_table(viken: Invoke) -> None:
    brackets = json.loads(viken("fee", "--table", "-f", "json").stdout)
    assert [(b["bracket_min"], b["bracket_max"], b["fee_nok"]) for b in brackets] == [
        (1, 5000, 11625),
        (5001, 7500, 14125),
        (7501, 10000, 21750),
        (10001, 15000, 28250),
        (15001, 20000, 34625),
        (20001, 30000, 42250),
        (30001, 40000, 47375),
        (40001, None, 55000),
    ]
    text = viken("fee", "--table").stdout
    assert "opp til 5 000 innbyggere" in text and "40 001 innbyggere eller flere" in text


def test_csv_for_excel(viken: Invoke) -> None:
    quote = viken("fee", "-p", "6200", "-f", "csv", "--excel")
    assert quote.exit_code == 0
    assert quote.stdout_bytes.startswith(b"\xef\xbb\xbfpopulation;fee_nok;")
    brackets = viken("fee", "--table", "-f", "csv", "--excel")
    assert brackets.stdout_bytes.startswith(b"\xef\xbb\xbfbracket_min;bracket_max;")
    assert viken("fee", "-p", "6200", "--excel").exit_code == 2  # --excel goes with csv


@pytest.mark.parametrize("bad", ["0", "-5", "abc", "6.5", "1e9", "", "6,200", "٣٣"])
def test_bad_population_exits_2_with_one_line(viken: Invoke, bad: str) -> None:
    result = viken("fee", "--population", bad)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert repr(bad) in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_option_exits_2(viken: Invoke) -> None:
    result = viken("fee")
    assert result.exit_code == 2 and "--population" in result.stderr
    assert viken("fee", "--population").exit_code == 2


def test_more_than_oslo_is_accepted_with_a_warning(viken: Invoke) -> None:
    result = viken("fee", "-p", "2000000", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["fee_nok"] == 55000
    assert "viken: advarsel:" in result.stderr and "2 000 000" in result.stderr
    assert "warning" not in viken("fee", "-p", "700000").stderr


@pytest.mark.parametrize("grouped", ["6 200", "6\u00a0200", "6.200"])
def test_grouped_digits_are_read(viken: Invoke, grouped: str) -> None:
    # 6.200 as the source writes "kr: 14.125"; a dot is a thousands separator only before
    # groups of three digits, so 6.5 and 6.20 are still refused.
    assert json.loads(viken("fee", "-p", grouped, "-f", "json").stdout)["population"] == 6200
    assert viken("fee", "-p", "6.20").exit_code == 2


# --- the library function ------------------------------------------------------------------


def test_fee_for_population_api(catalog: Catalog) -> None:
    quote = fee_for_population(6200, fee_table(catalog))
    assert (quote.fee_nok, quote.bracket_min, quote.bracket_max) == (14125, 5001, 7500)
    assert fee_for_population(6200).fee_nok == 14125  # default: the embedded data
    for bad in (0, -1):
        with pytest.raises(UsageError):
            fee_for_population(bad, fee_table(catalog))
    with pytest.raises(UsageError):
        fee_for_population(6.5, fee_table(catalog))  # type: ignore[arg-type]


@given(st.integers(min_value=1, max_value=10_000_000), st.integers(min_value=0, max_value=100_000))
def test_fee_never_decreases_as_population_grows(population: int, extra: int) -> None:
    table = _TABLE
    assert (
        fee_for_population(population, table).fee_nok
        <= fee_for_population(population + extra, table).fee_nok
    )


@given(st.integers(min_value=1, max_value=10_000_000))
def test_every_population_is_in_exactly_one_bracket(population: int) -> None:
    containing = [
        b for b in _TABLE.brackets if b.min <= population and (b.max is None or population <= b.max)
    ]
    assert len(containing) == 1
    quote = fee_for_population(population, _TABLE)
    assert (quote.bracket_min, quote.fee_nok) == (containing[0].min, containing[0].fee_nok)


# --- --from-csv -------------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "kommuner.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize(
    ("name_header", "pop_header"),
    [
        ("kommune", "innbyggere"),
        ("Name", "Population"),
        ("namn", "innbyggjarar"),  # nynorsk
        ("Kommunenavn", "Folketall"),  # as Statistics Norway names them
    ],
)
def test_from_csv_good_files(
    viken: Invoke, tmp_path: Path, delimiter: str, bom: bool, name_header: str, pop_header: str
) -> None:
    d = delimiter
    text = (
        f"{name_header}{d}{pop_header}\n"
        f"Ål{d}4700\nGol{d}4600\nRingerike{d}30641\nØvre Eiker{d}19500\n"
    )
    path = write(tmp_path, text, bom=bom)
    result = viken("fee", "--from-csv", str(path), "-f", "json")
    assert result.exit_code == 0, result
    rows = json.loads(result.stdout)
    assert [(r["name"], r["fee_nok"]) for r in rows] == [
        ("Ål", 11625),
        ("Gol", 11625),
        ("Ringerike", 47375),
        ("Øvre Eiker", 34625),
    ]
    table = viken("fee", "--from-csv", str(path))
    total_line = next(line for line in table.stdout.splitlines() if line.startswith("Sum"))
    assert total_line.split()[-2:] == ["105", "250"]  # 11625 + 11625 + 47375 + 34625
    assert "4 kommuner" in total_line


def test_from_csv_stdin_and_csv_output(viken: Invoke) -> None:
    result = viken("fee", "--from-csv", "-", "-f", "csv", input="kommune,innbyggere\nFlå,1100\n")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["name"] == "Flå" and rows[0]["fee_nok"] == "11625"


def test_from_csv_reports_every_bad_row_and_no_total(viken: Invoke, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "kommune;innbyggere\nÅl;4700\nGol;mange\n;300\nHol;-2\nNesbyen\nFlå;1100\n",
    )
    result = viken("fee", "--from-csv", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert [line.split(":")[1] for line in lines] == ["3", "4", "5", "6"]
    assert all(line.startswith(f"{path}:") for line in lines)
    assert "'mange'" in lines[0] and "tomt" in lines[1] and "'-2'" in lines[2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "filen er tom"),
        ("by,folk\nÅl,4700\n", "trenger en navnekolonne"),
        ("kommune,innbyggere\n", "ingen kommuner"),
    ],
)
def test_from_csv_broken_files(viken: Invoke, tmp_path: Path, content: str, message: str) -> None:
    result = viken("fee", "--from-csv", str(write(tmp_path, content)))
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_from_csv_missing_directory_and_not_utf8(viken: Invoke, tmp_path: Path) -> None:
    assert viken("fee", "--from-csv", str(tmp_path / "nope.csv")).exit_code == 1
    assert "er en mappe" in viken("fee", "--from-csv", str(tmp_path)).stderr
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("kommune,innbyggere\n\xc5l,4700\n".encode("latin-1"))
    result = viken("fee", "--from-csv", str(latin1))
    assert result.exit_code == 0 and "Ål" in result.stdout and "Windows-1252" in result.stderr
    latin1.write_bytes(b"kommune,innbyggere\n\x8dl,4700\n")  # no character in cp1252
    result = viken("fee", "--from-csv", str(latin1))
    assert result.exit_code == 1 and ":2: verken UTF-8" in result.stderr
