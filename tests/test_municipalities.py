"""The municipality register (data/municipalities.yaml): its figures against Statistics
Norway's export, its validation, `viken municipalities`, and `viken fee --kommune/--region`
and `--from-csv` looking populations up in it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import SSB_RAW, SSB_SUMS, Invoke, edit, fee_table, statistics_file
from vikentool.domain.catalog import Catalog
from vikentool.domain.records import FeeTable
from vikentool.query.municipalities import register

HOLE_ROW = {
    "name": "Hole",
    "number": "3038",
    "population": 6811,
    "bracket_min": 5001,
    "bracket_max": 7500,
    "fee_nok": 14125,
    "population_date": "2021-01-01",
}


def bracket_fee(table: FeeTable, population: int) -> tuple[int, int]:
    """The bracket's lower bound and fee, read straight off the data's table."""
    for bracket in table.brackets:
        if bracket.min <= population and (bracket.max is None or population <= bracket.max):
            return bracket.min, bracket.fee_nok
    raise AssertionError(f"no bracket for {population}")


# --- the figures -------------------------------------------------------------------------------


def test_the_register_holds_vikens_51_municipalities(catalog: Catalog) -> None:
    entries = register(catalog)
    assert len(entries) == 51
    numbers = [int(e.number) for e in entries]
    assert min(numbers) == 3001 and max(numbers) == 3054 and len(set(numbers)) == 51
    assert sum(e.population for e in entries) == 1_252_384
    (count,) = catalog.populations
    assert count.date == "2021-01-01" and count.county_totals == {"30": 1_252_384}
    assert count.source.table == "07459" and "NLOD" in count.source.licence
    assert "SSB" in count.source.publisher
    (viken,) = catalog.counties
    assert (viken.name, viken.valid_from, viken.valid_to) == ("Viken", "2020-01-01", "2023-12-31")
    assert all(e.municipality.valid_to == "2023-12-31" for e in entries)
    by_name = {e.name: e.population for e in entries}
    assert by_name["Hole"] == 6811 and by_name["Våler (Østfold)"] == 5805
    assert by_name["Ål"] == 4648 and by_name["Råde"] == 7568


def test_every_population_is_the_raw_exports_sum_over_ages(catalog: Catalog) -> None:
    raw = statistics_file(SSB_RAW).read_bytes().decode("latin-1")
    lines = raw.splitlines()
    assert lines[0] == '"07459: Population, by region, age, contents and year"'
    sums: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    ages: dict[str, int] = defaultdict(int)
    for row in csv.reader(io.StringIO("\n".join(lines[3:])), delimiter=";"):
        region, _age, persons = row
        code, name = region.split(" ", 1)
        if code.startswith("K-30"):
            number = code.removeprefix("K-")
            sums[number] += int(persons)
            names[number] = name
            ages[number] += 1
    entries = {e.number: e for e in register(catalog)}
    assert sorted(sums) == sorted(entries)
    assert set(ages.values()) == {106}  # 0 years to 105 years or older
    for number, entry in entries.items():
        assert entry.population == sums[number], number
        assert entry.name == names[number], number
    assert sum(sums.values()) == 1_252_384


def test_the_register_matches_the_summed_file(catalog: Catalog) -> None:
    text = statistics_file(SSB_SUMS).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    expected = {r["kommunenummer"]: (r["kommune"], int(r["innbyggere_2021_01_01"])) for r in rows}
    assert {e.number: (e.name, e.population) for e in register(catalog)} == expected


# --- validation --------------------------------------------------------------------------------


def test_a_count_that_does_not_add_up_to_the_total_is_refused(
    viken: Invoke, data_copy: Path
) -> None:
    edit(data_copy / "municipalities.yaml", '"3038": 6811', '"3038": 6812')
    result = viken("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 1
    assert "populations[0].county_totals.30" in result.stderr
    assert "1252384" in result.stderr and "1252385" in result.stderr


def test_a_number_twice_in_one_period_and_an_unknown_number_are_refused(
    viken: Invoke, data_copy: Path
) -> None:
    path = data_copy / "municipalities.yaml"
    edit(path, '{number: "3002", name: Moss', '{number: "3001", name: Moss')
    edit(path, '"3054": 9062', '"3099": 9062')
    result = viken("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 1
    assert "municipalities[1].number: 3001 is already 'Halden'" in result.stderr
    assert "counts.3099: no municipality 3099 was valid on 2021-01-01" in result.stderr
    assert "municipalities.yaml:" in result.stderr  # with its line


def test_a_renumbering_and_a_newer_count_go_beside_the_old_ones(
    viken: Invoke, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's design: Hole gets a new number from 2024 in a new county, and a newer
    count is added; the old rows stay, and the newest count is the one used."""
    path = data_copy / "municipalities.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "\nmunicipalities:\n",
        '  - {number: "33", name: Buskerud, valid_from: 2024-01-01}\n\nmunicipalities:\n'
        '  - {number: "3310", name: Hole, county: "33", valid_from: 2024-01-01}\n',
    )
    text += (
        "  - date: 2024-01-01\n"
        "    source: {publisher: Statistisk sentralbyrå (SSB), table: '07459', licence: NLOD 2.0}\n"
        "    counts:\n"
        '      "3310": 7000\n'
    )
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    assert viken("validate").exit_code == 0
    document = json.loads(viken("fee", "--kommune", "Hole", "--format", "json").stdout)
    assert (document["number"], document["population"]) == ("3310", 7000)
    assert document["population_date"] == "2024-01-01"
    # The old number is not valid on the newest count's date.
    assert viken("fee", "--kommune", "3038").exit_code == 1


# --- viken fee --kommune -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Hole", "hole", "HOLE", " Hole ", "3038", "K-3038"])
def test_fee_for_hole_by_name_or_number(viken: Invoke, typed: str) -> None:
    result = viken("fee", "--kommune", typed, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert {k: document[k] for k in HOLE_ROW} == HOLE_ROW
    assert "07459" in document["population_source"]


def test_fee_for_hole_as_a_person_reads_it(viken: Invoke) -> None:
    result = viken("fee", "--kommune", "Hole")
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "Hole" in line)
    assert row.split() == [
        "3038",
        "Hole",
        "6",
        "811",
        "5",
        "001–7",
        "500",
        "innbyggere",
        "14",
        "125",
    ]
    assert "1. januar 2021" in result.stdout and "tabell 07459" in result.stdout


def test_a_name_without_its_county_is_taken_and_said(viken: Invoke, english: None) -> None:
    result = viken("fee", "-k", "Våler", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["name"] == "Våler (Østfold)"
    assert "taken as Våler (Østfold) (3018)" in result.stderr


def test_two_municipalities_of_one_name_are_asked_about(
    viken: Invoke, data_copy: Path, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    path = data_copy / "municipalities.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "\nmunicipalities:\n",
        '  - {number: "34", name: Innlandet, valid_from: 2020-01-01, valid_to: 2023-12-31}\n'
        "\nmunicipalities:\n"
        '  - {number: "3419", name: "Våler (Innlandet)", county: "34", valid_from: 2020-01-01}\n',
    )
    path.write_text(text.replace('      "3054": 9062', '      "3054": 9062\n      "3419": 3700'))
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    result = viken("fee", "--kommune", "Våler")
    assert result.exit_code == 2 and result.stdout == ""
    assert "Våler (Østfold) (3018), Våler (Innlandet) (3419)" in result.stderr
    assert viken("fee", "--kommune", "Våler (Innlandet)").exit_code == 0


def test_an_unknown_municipality_says_what_the_register_holds(viken: Invoke, english: None) -> None:
    result = viken("fee", "--kommune", "Oslo")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "--kommune: no municipality 'Oslo'" in result.stderr
    assert "municipalities of Viken" in result.stderr
    result = viken("fee", "--kommune", "Hoel")
    assert "did you mean" in result.stderr and "Hole" in result.stderr
    result = viken("fee", "--kommune", "0301")
    assert result.exit_code == 1 and "3001-3054" in result.stderr


def test_several_municipalities_and_the_total(viken: Invoke, catalog: Catalog) -> None:
    result = viken("fee", "-k", "Hole", "-k", "Ål", "-k", "hole", "-f", "json")
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == ["Hole", "Ål"]  # Hole once
    assert "Hole" in result.stderr  # ... and the user is told
    table = viken("fee", "-k", "Hole", "-k", "Ål").stdout
    expected_total = 14125 + bracket_fee(fee_table(catalog), 4648)[1]
    total = next(line for line in table.splitlines() if "2 kommuner" in line)
    assert total.replace(" ", "").endswith(str(expected_total))


def test_one_mode_at_a_time(viken: Invoke) -> None:
    assert viken("fee", "-k", "Hole", "--region").exit_code == 2
    assert viken("fee", "-p", "6811", "-k", "Hole").exit_code == 2
    assert viken("fee").exit_code == 2


def test_without_a_register_fee_by_population_still_works(
    viken: Invoke, data_copy: Path, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    (data_copy / "municipalities.yaml").unlink()
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    result = viken("fee", "--kommune", "Hole")
    assert result.exit_code == 1 and "no municipality register" in result.stderr
    assert viken("fee", "--region").exit_code == 1
    assert json.loads(viken("fee", "-p", "6811", "-f", "json").stdout)["fee_nok"] == 14125


# --- viken fee --region ------------------------------------------------------------------------


def test_the_whole_regions_bill_as_json(viken: Invoke, catalog: Catalog) -> None:
    result = viken("fee", "--region", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    rows = document["municipalities"]
    assert len(rows) == 51
    table = fee_table(catalog)
    for row in rows:
        assert (row["bracket_min"], row["fee_nok"]) == bracket_fee(table, row["population"])
    total = document["total"]
    assert total["municipalities"] == 51 and total["population"] == 1_252_384
    assert total["fee_nok"] == sum(r["fee_nok"] for r in rows)
    brackets = document["brackets"]
    assert len(brackets) == len(table.brackets)
    assert sum(b["municipalities"] for b in brackets) == 51
    assert sum(b["total_nok"] for b in brackets) == total["fee_nok"]
    for bracket in brackets:
        members = [r for r in rows if r["bracket_min"] == bracket["bracket_min"]]
        assert bracket["municipalities"] == len(members)
    assert document["population_date"] == "2021-01-01"


def test_the_whole_regions_bill_for_people_and_as_csv(viken: Invoke) -> None:
    table = viken("fee", "--region").stdout
    assert "51 kommuner" in table and "1 252 384" in table
    bill = json.loads(viken("fee", "--region", "-f", "json").stdout)["total"]["fee_nok"]
    assert f"{bill:,}".replace(",", " ") in table
    rows = list(csv.DictReader(io.StringIO(viken("fee", "--region", "-f", "csv").stdout)))
    assert len(rows) == 51 and rows[0]["number"] == "3001"
    assert sum(int(r["fee_nok"]) for r in rows) == bill


@pytest.mark.parametrize("columns", [40, 80])
def test_the_regions_table_fits_the_terminal(
    viken: Invoke, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    for args in (("fee", "--region"), ("fee", "-k", "Hole"), ("municipalities",)):
        out = viken(*args).stdout
        assert max(len(line) for line in out.splitlines()) <= columns, args
        assert "Hole" in out


# --- --from-csv --------------------------------------------------------------------------------


def test_a_windows_1252_csv_from_excel_is_read(viken: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("Kommune;Innbyggere\r\nÅl;4648\r\nRåde;7568\r\n".encode("cp1252"))
    result = viken("fee", "--from-csv", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["name"], r["population"], r["fee_nok"]) for r in rows] == [
        ("Ål", 4648, 11625),
        ("Råde", 7568, 21750),
    ]
    assert "Windows-1252" in result.stderr


def test_a_utf16_csv_is_read_and_undecodable_bytes_are_refused(
    viken: Invoke, tmp_path: Path, english: None
) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("kommune\tinnbyggere\nÅl\t4648\n".encode("utf-16"))
    result = viken("fee", "--from-csv", str(path), "-f", "json")
    assert json.loads(result.stdout)[0]["name"] == "Ål" and "UTF-16" in result.stderr
    path.write_bytes(b"kommune,innbyggere\n\x81l,4648\n")  # 0x81: no character in cp1252
    result = viken("fee", "--from-csv", str(path))
    assert result.exit_code == 1 and ":2: neither UTF-8 nor Windows-1252" in result.stderr


def test_a_csv_of_numbers_looks_the_populations_up(viken: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("kommunenummer;kommune\n3038;Hole\n3043;Ål\n3018;Våler\n", encoding="utf-8")
    rows = json.loads(viken("fee", "--from-csv", str(path), "-f", "json").stdout)
    assert [(r["number"], r["population"]) for r in rows] == [
        ("3038", 6811),
        ("3043", 4648),
        ("3018", 5805),
    ]
    assert all(r["population_date"] == "2021-01-01" for r in rows)


def test_a_csv_of_names_alone_looks_them_up(viken: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("kommune\nhole\nBaerum\n", encoding="utf-8")
    rows = json.loads(viken("fee", "--from-csv", str(path), "-f", "json").stdout)
    assert [(r["name"], r["number"], r["population"]) for r in rows] == [
        ("hole", "3038", 6811),
        ("Baerum", "3024", 128233),
    ]


def test_a_csv_whose_name_and_number_disagree_is_refused_by_line(
    viken: Invoke, tmp_path: Path, english: None
) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("knr,kommune\n3038,Hole\n3044,Hole\nxx,Gol\n9999,Ingen\n", encoding="utf-8")
    result = viken("fee", "--from-csv", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{path}:3: 3044 is Hol in the register, not 'Hole'" in result.stderr
    assert f"{path}:4: 'xx' is not a kommunenummer" in result.stderr
    assert f"{path}:5: no municipality numbered 9999" in result.stderr


def test_the_ssb_file_itself_prices_the_region(viken: Invoke, tmp_path: Path) -> None:
    """SSB's own column name "innbyggere_2021_01_01" is a population column."""
    source = statistics_file(SSB_SUMS)
    rows = json.loads(viken("fee", "--from-csv", str(source), "-f", "json").stdout)
    region = json.loads(viken("fee", "--region", "-f", "json").stdout)
    assert [(r["number"], r["fee_nok"]) for r in rows] == [
        (r["number"], r["fee_nok"]) for r in region["municipalities"]
    ]


def test_a_municipality_twice_in_a_csv_is_warned_of(viken: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("kommune,innbyggere\nHole,6811\nÅl,4648\nhole,6811\n", encoding="utf-8")
    result = viken("fee", "--from-csv", str(path), "-f", "json")
    assert len(json.loads(result.stdout)) == 3
    assert f"{path}:4:" in result.stderr and "2" in result.stderr


# --- viken municipalities ----------------------------------------------------------------------


def test_municipalities_lists_every_one_with_its_fee(viken: Invoke, catalog: Catalog) -> None:
    rows = json.loads(viken("municipalities", "--format", "json").stdout)
    assert len(rows) == 51
    table = fee_table(catalog)
    for row in rows:
        assert (row["bracket_min"], row["fee_nok"]) == bracket_fee(table, row["population"])
        assert row["county_name"] == "Viken" and row["population_date"] == "2021-01-01"
    hole = next(r for r in rows if r["number"] == "3038")
    assert {k: hole[k] for k in HOLE_ROW} == HOLE_ROW


@pytest.mark.parametrize(("search", "found"), [("baerum", "Bærum"), ("ÅL", "Ål"), ("3038", "Hole")])
def test_municipalities_search_folds_like_the_other_searches(
    viken: Invoke, search: str, found: str
) -> None:
    rows = json.loads(viken("municipalities", "--search", search, "-f", "json").stdout)
    assert found in [r["name"] for r in rows]


def test_municipalities_as_csv_and_by_its_norwegian_name(viken: Invoke) -> None:
    out = viken("kommuner", "--format", "csv", "--excel").stdout_bytes
    assert out.startswith("\ufeff".encode())
    header = out.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("number;name;county;county_name;population;population_date")
    assert viken("kommuner", "--search", "ingen-slik").stdout.startswith("Ingen")


def test_installed_viken_prices_hole(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "viken"),
            "fee",
            "--kommune",
            "Hole",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["fee_nok"] == 14125


# --- what a hostile or careless file does ------------------------------------------------------


def test_a_count_must_cover_every_municipality_of_its_date(
    viken: Invoke, data_copy: Path, english: None
) -> None:
    """A newer count of one municipality would otherwise price a region of one."""
    path = data_copy / "municipalities.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - date: 2022-01-01\n"
        + "    source: {publisher: SSB, table: '07459', licence: NLOD 2.0}\n"
        + '    counts: {"3038": 7000}\n',
        encoding="utf-8",
    )
    result = viken("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 1
    assert "populations[1].counts: no count for 3001 Halden" in result.stderr


@pytest.mark.parametrize("count", ["0", "true", '" 6811 "', "-5"])
def test_a_count_is_a_whole_number_of_one_or_more(
    viken: Invoke, data_copy: Path, count: str
) -> None:
    edit(data_copy / "municipalities.yaml", '"3038": 6811', f'"3038": {count}')
    result = viken("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 1 and "populations[0].counts.3038" in result.stderr


def test_a_csv_number_is_checked_even_beside_a_population(
    viken: Invoke, tmp_path: Path, english: None
) -> None:
    path = tmp_path / "both.csv"
    path.write_text(
        "kommunenummer,kommune,innbyggere\n3038,Asker,100\n9999,Ingen,5\n3001.5,Halden,3\n"
        "３０３８,Hole,6811\n",
        encoding="utf-8",
    )
    result = viken("fee", "--from-csv", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{path}:2: 3038 is Hole in the register, not 'Asker'" in result.stderr
    assert f"{path}:3: no municipality numbered 9999" in result.stderr
    assert f"{path}:4: '3001.5' is not a kommunenummer" in result.stderr
    assert f"{path}:5: '３０３８' is not a kommunenummer" in result.stderr
    path.write_text("kommunenummer,innbyggere\n3038,7000\n", encoding="utf-8")
    row = json.loads(viken("fee", "--from-csv", str(path), "-f", "json").stdout)[0]
    assert (row["number"], row["population"]) == ("3038", 7000)  # the user's own figure


def test_files_that_are_not_one_text_encoding_are_refused(
    viken: Invoke, tmp_path: Path, english: None
) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes("kommune;innbyggere\nÅl;4700\n".encode("utf-16-le"))  # no BOM
    result = viken("fee", "--from-csv", str(path))
    assert result.exit_code == 1 and "NUL bytes" in result.stderr and "\\x00" not in result.stderr
    path.write_bytes(b"kommune;innbyggere\n\xc3\x85l;4700\nR\xe5de;7000\n")  # UTF-8, then cp1252
    result = viken("fee", "--from-csv", str(path))
    assert result.exit_code == 1 and ":3: UTF-8 in places" in result.stderr
    assert result.stdout == ""


def test_odd_municipality_input(viken: Invoke, english: None) -> None:
    result = viken("fee", "--kommune", "  ")
    assert result.exit_code == 2 and "name or kommunenummer" in result.stderr
    assert json.loads(viken("fee", "-k", "３０３８", "-f", "json").stdout)["name"] == "Hole"
    result = viken("fee", "--kommune", "x" * 10_000)
    assert result.exit_code == 1 and len(result.stderr) < 400
    for search, name in (("aas", "Ås"), ("K-3038", "Hole"), ("  hole ", "Hole")):
        rows = json.loads(viken("municipalities", "--search", search, "-f", "json").stdout)
        assert name in [r["name"] for r in rows], search


def test_many_duplicate_lines_are_counted_not_listed(viken: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("kommune\n" + "Hole\n" * 50 + "Bærum\nBaerum\n", encoding="utf-8")
    result = viken("fee", "--from-csv", str(path), "-f", "json")
    assert len(json.loads(result.stdout)) == 52
    assert result.stderr.count("\n") == 11  # ten lines, then the count of the rest
    assert "40" in result.stderr.splitlines()[-1]
