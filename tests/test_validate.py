"""Loading, ``viken validate``, ``viken schema``, ``--data-dir`` and ``$VIKEN_DATA_DIR``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Invoke, edit, embedded_data
from vikentool.errors import DataError
from vikentool.model.load import load_catalog
from vikentool.model.schema import FILE_MODELS, json_schema

ERROR_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<path>\S+): (?P<msg>.+)$")


def errors_of(stderr: str) -> list[re.Match[str]]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    matches = [ERROR_LINE.match(line) for line in lines]
    assert all(matches), f"not all lines are FILE:LINE:COL errors:\n{stderr}"
    return [m for m in matches if m]


def test_validate_embedded_prints_counts(viken: Invoke) -> None:
    result = viken("validate")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("OK: ")
    counts = dict(
        (name.strip(), int(n))
        for name, n in re.findall(r"^\s+(.+?)\s+(\d+)$", result.stdout, flags=re.M)
    )
    assert counts["ordninger"] == 15
    assert counts["frister i ordninger"] == 17
    assert counts["kontakter"] == 7
    assert counts["høringer"] == 3
    assert counts["samlinger"] == 4
    assert counts["avgiftstrinn"] == 8
    assert counts["punkter: søknadsfrist"] == 10


def test_version(viken: Invoke) -> None:
    result = viken("--version")
    assert result.exit_code == 0 and re.fullmatch(r"viken \d+\.\d+\.\d+\n", result.stdout)


@pytest.mark.parametrize(
    ("file", "old", "new", "line_text", "path", "message"),
    [
        (
            "schemes.yaml",
            "  - id: landbruksmidler\n",
            "  - id: landbruksmidler\n    colour: red\n",
            "colour: red",
            "schemes[1].colour",
            "unknown field 'colour'",
        ),
        (
            "schemes.yaml",
            "budget: {nok: 8000000,",
            "budget: {nok: lots,",
            "nok: lots",
            "schemes[5].budget.nok",
            "valid integer",
        ),
        (
            "schemes.yaml",
            '{day: 2021-03-01, as_written: "Søknadsfrist 1. mars 2021"}',
            '{day: 2021-02-30, as_written: "Søknadsfrist 1. mars 2021"}',
            "2021-02-30",
            "deadlines[1].date.day",
            "'2021-02-30' is not a real date",
        ),
        (
            "schemes.yaml",
            "  - id: forregion\n",
            "  - id: bio\n",
            "id: bio",
            "schemes[6].id",
            "duplicate id 'bio'",
        ),
        (
            "schemes.yaml",
            "    scheme: rff\n",
            "    scheme: rfff\n",
            "scheme: rfff",
            "deadlines[8].scheme",
            "unknown scheme 'rfff'",
        ),
        (
            "schemes.yaml",
            "contacts: [knut-fossgard]",
            "contacts: [knut]",
            "[knut]",
            "schemes[3].contacts[0]",
            "unknown contact 'knut'",
        ),
        (
            "schemes.yaml",
            "    description: Pakketenkning",
            "    owner: KS\n    description: Pakketenkning",
            "owner: KS",
            "schemes[11].owner",
            "duplicate key 'owner'",
        ),
        (
            "schemes.yaml",
            "  - id: landbruksmidler\n",
            "  - id: Landbruks_midler\n",
            "Landbruks_midler",
            "schemes[1].id",
            "is not a valid id",
        ),
        (
            # Python's "$" lets one line break through at the end; the id pattern does not.
            "schemes.yaml",
            "  - id: landbruksmidler\n",
            '  - id: "landbruksmidler\\n"\n',
            "landbruksmidler",
            "schemes[1].id",
            "'landbruksmidler\\n' is not a valid id: use lower-case a-z",
        ),
        (
            "plans.yaml",
            "{min: 5001, max: 7500",
            "{min: 5002, max: 7500",
            "min: 5002",
            "networks[0].fee.brackets[1]",
            "gap: no bracket covers 5001-5001",
        ),
        (
            "plans.yaml",
            "{min: 5001, max: 7500",
            "{min: 4000, max: 7500",
            "min: 4000",
            "networks[0].fee.brackets[1]",
            "overlap",
        ),
        (
            "plans.yaml",
            "{min: 40001, fee_nok: 55000",
            "{min: 40001, max: 90000, fee_nok: 55000",
            "max: 90000",
            "networks[0].fee.brackets[7]",
            "no bracket covers 90001 and more",
        ),
        (
            "plans.yaml",
            "{from: 2021-06, to: 2021-09",
            "{from: 2021-09, to: 2021-06",
            "from: 2021-09",
            "plans[1].milestones[1].date",
            "ends (2021-06) before it starts",
        ),
        (
            "plans.yaml",
            "{day: 2020-12-18, as_written",
            "{day: 2020-12-18, month: 2020-12, as_written",
            "month: 2020-12",
            "plans[0].milestones[0].date",
            "exactly one of",
        ),
        (
            "plans.yaml",
            "    organiser: KS Viken\n",
            "",
            "id: omstillingsdyktig-naeringsliv",
            "networks[0].organiser",
            "missing required field 'organiser'",
        ),
    ],
)
def test_broken_data_is_reported_with_file_line_column(
    viken: Invoke,
    data_copy: Path,
    file: str,
    old: str,
    new: str,
    line_text: str,
    path: str,
    message: str,
) -> None:
    edit(data_copy / file, old, new)
    result = viken("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 1, result
    assert "Traceback" not in result.stderr + result.stdout
    found = [m for m in errors_of(result.stderr) if m["path"] == path]
    assert found, result.stderr
    error = found[0]
    assert message in error["msg"]
    assert error["file"] == str(data_copy / file)
    lines = (data_copy / file).read_text(encoding="utf-8").splitlines()
    assert line_text in lines[int(error["line"]) - 1]
    assert 1 <= int(error["col"]) <= len(lines[int(error["line"]) - 1]) + 1


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('"2021-05-01\\n"', "'2021-05-01\\n' is neither a day"),
        ('"\u0662\u0660\u0662\u0661-\u0660\u0665-\u0660\u0661"', "is neither a day"),
    ],
    ids=["line-break", "arabic-indic-digits"],
)
def test_a_day_is_ascii_digits_and_nothing_after(
    viken: Invoke, data_copy: Path, written: str, shown: str
) -> None:
    """Found in review: Python's "\\d" and "$" let other scripts' digits and a final line
    break through, where an id allowed neither."""
    edit(data_copy / "schemes.yaml", "date: {day: 2021-05-01,", f"date: {{day: {written},")
    result = viken("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 1 and shown in result.stderr, result.stderr
    assert ".date.day: " in result.stderr  # where it is, not a message about the file


def test_all_errors_in_a_file_are_reported(viken: Invoke, data_copy: Path) -> None:
    edit(
        data_copy / "schemes.yaml",
        "  - id: landbruksmidler\n",
        "  - id: landbruksmidler\n    colour: red\n",
    )
    edit(data_copy / "schemes.yaml", "budget: {nok: 8000000,", "budget: {nok: lots,")
    edit(
        data_copy / "schemes.yaml",
        "    description: Pakketenkning",
        "    owner: KS\n    description: Pakketenkning",
    )
    edit(data_copy / "plans.yaml", "{from: 2021-06, to: 2021-09", "{from: 2021-09, to: 2021-06")
    result = viken("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 1
    paths = [m["path"] for m in errors_of(result.stderr)]
    assert set(paths) == {
        "schemes[1].colour",
        "schemes[5].budget.nok",
        "schemes[11].owner",
        "plans[1].milestones[1].date",
    }


def test_malformed_yaml(viken: Invoke, data_copy: Path) -> None:
    (data_copy / "schemes.yaml").write_text("schemes: [\n  - id: x\n", encoding="utf-8")
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1
    [error] = errors_of(result.stderr)
    assert error["file"].endswith("schemes.yaml") and "YAML syntax" in error["msg"]
    assert int(error["line"]) == 2


def test_missing_file_and_directory(viken: Invoke, data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "plans.yaml").unlink()
    result = viken("validate", str(data_copy))
    assert result.exit_code == 1 and "plans.yaml: mangler" in result.stderr
    result = viken("validate", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "finnes ikke" in result.stderr
    assert "Traceback" not in result.stderr


def test_load_catalog_raises_data_error_with_every_line(data_copy: Path) -> None:
    edit(data_copy / "schemes.yaml", "    scheme: rff\n", "    scheme: nope\n")
    edit(data_copy / "schemes.yaml", "    scheme: rff\n", "    scheme: nada\n")
    with pytest.raises(DataError) as caught:
        load_catalog(data_copy)
    assert len(caught.value.lines()) == 2
    assert all(ERROR_LINE.match(line) for line in caught.value.lines())


def test_data_dir_option_and_environment(viken: Invoke, data_copy: Path) -> None:
    edit(data_copy / "schemes.yaml", "name: FORREGION\n", "name: FORREGION (kopi)\n")
    edit(data_copy / "schemes.yaml", "  - id: forregion\n", "  - id: forregion-kopi\n")
    edit(data_copy / "schemes.yaml", "    scheme: forregion\n", "    scheme: forregion-kopi\n")
    by_option = viken("--data-dir", str(data_copy), "validate")
    by_env = viken("validate", env={"VIKEN_DATA_DIR": str(data_copy)})
    for result in (by_option, by_env):
        assert result.exit_code == 0, result
        assert result.stdout.startswith(f"OK: {data_copy}")
    assert load_catalog(data_copy).scheme("forregion-kopi") is not None
    assert viken("validate").stdout.startswith(f"OK: {embedded_data()}")


def test_schema_prints_every_file_schema(viken: Invoke) -> None:
    result = viken("schema")
    assert result.exit_code == 0
    schemas = json.loads(result.stdout)
    assert set(schemas) == {
        "schemes.yaml",
        "plans.yaml",
        "contacts.yaml",
        "documents.yaml",
        "municipalities.yaml",
    }
    date_spec = schemas["schemes.yaml"]["$defs"]["DateSpec"]
    assert date_spec["additionalProperties"] is False
    assert {"day", "from", "to", "month", "either", "year", "rolling", "unknown"} <= set(
        date_spec["properties"]
    )


@pytest.mark.parametrize("name", sorted(FILE_MODELS))
def test_committed_schema_copies_are_current(name: str) -> None:
    committed = embedded_data() / "schema" / name.replace(".yaml", ".schema.json")
    assert json.loads(committed.read_text(encoding="utf-8")) == json_schema(name), (
        f"regenerate with: viken schema {name.removesuffix('.yaml')} > {committed}"
    )
    first_line = (embedded_data() / name).read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=schema/{committed.name}"
