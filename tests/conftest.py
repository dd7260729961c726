"""Shared fixtures: the real CLI through Typer's CliRunner, and copies of the embedded data."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vikentool.cli import app
from vikentool.domain.catalog import Catalog
from vikentool.domain.records import FeeTable
from vikentool.model.load import load_catalog
from vikentool.store.datadir import DATA_FILES

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"

# The browser fixture, for the tests of the published site (it imports Selenium only when a
# test asks for it).
pytest_plugins = ("tests.browser_support",)

# The two source documents the data is transcribed from. They are not in the repository:
# the checks that compare the data with a line of them read them from the folder that
# $VIKEN_SOURCES names (CI sets it to ../shared/seeds), and are skipped when it is unset.
SOURCES_VARIABLE = "VIKEN_SOURCES"
DECK = "000_c8f27399199fab7a.txt"
KS_PAGE = "004_12f2db94b6001e10.txt"
SOURCES_UNSET = (
    f"source documents not available: set {SOURCES_VARIABLE} to a folder holding {DECK}"
    f" and {KS_PAGE} (CI sets it to ../shared/seeds)"
)


# Statistics Norway's population export, which data/municipalities.yaml is summed from: in
# the folder $VIKEN_STATISTICS names (CI sets it to ../shared/data), skipped when unset.
STATISTICS_VARIABLE = "VIKEN_STATISTICS"
SSB_RAW = "ssb-07459-persons-2021-raw-latin1.csv"
SSB_SUMS = "ssb-07459-viken-2021-01-01.csv"


def statistics_file(name: str) -> Path:
    """A file of the folder ``$VIKEN_STATISTICS`` names, by the rule of ``source_document``:
    unset, the calling test is skipped; set to a folder without it, the test fails."""
    folder = os.environ.get(STATISTICS_VARIABLE, "")
    if not folder:
        pytest.skip(
            f"Statistics Norway's export not available: set {STATISTICS_VARIABLE} to a folder "
            f"holding {SSB_RAW} and {SSB_SUMS} (CI sets it to ../shared/data)"
        )
    path = Path(folder).expanduser().resolve() / name
    if not path.is_file():
        pytest.fail(
            f"{STATISTICS_VARIABLE}={folder!r}: no {name} there; point it at the folder "
            "holding it, or unset it to skip the checks against the export",
            pytrace=False,
        )
    return path


class Result:
    """What one run of ``viken`` printed and returned."""

    def __init__(self, exit_code: int, stdout: str, stderr: str, stdout_bytes: bytes = b"") -> None:
        self.exit_code = exit_code
        self.stdout = stdout  # CliRunner turns CRLF into LF here; stdout_bytes is untouched
        self.stderr = stderr
        self.stdout_bytes = stdout_bytes

    def __repr__(self) -> str:
        return f"Result(exit_code={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


Invoke = Callable[..., Result]


_PRIVATE_CACHE = Path(tempfile.mkdtemp(prefix="viken-test-cache-"))


def pytest_configure(config: pytest.Config) -> None:
    """Tests never read or write the real user's cache or state: set before any test module
    is imported (some load the catalog at import time)."""
    os.environ["XDG_CACHE_HOME"] = str(_PRIVATE_CACHE)
    # Nor its state (the digests it sent), its netrc, or a mail server from its environment.
    os.environ["XDG_STATE_HOME"] = str(_PRIVATE_CACHE / "state")
    os.environ["NETRC"] = str(_PRIVATE_CACHE / "no-netrc")
    for name in ("VIKEN_SMTP_URL", "VIKEN_SMTP_USER", "VIKEN_SMTP_PASSWORD", "VIKEN_SMTP_FROM"):
        os.environ.pop(name, None)
    # The interface language is bokmål unless a test chooses another: a developer's own
    # locale must not change what the tests see.
    os.environ["VIKEN_LANG"] = "nb"


@pytest.fixture(autouse=True)
def bokmal() -> None:
    """Each test starts in bokmål, whatever language the one before chose."""
    from vikentool.i18n import set_language

    set_language("nb")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English for this test, whatever language earlier tests chose."""
    from vikentool.i18n import set_language

    monkeypatch.setenv("VIKEN_LANG", "en")
    set_language("en")  # for library calls; the CLI reads VIKEN_LANG on every run


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_PRIVATE_CACHE, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def private_cache() -> Path:
    assert os.environ["XDG_CACHE_HOME"] == str(_PRIVATE_CACHE)
    return _PRIVATE_CACHE


@pytest.fixture
def viken(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run ``viken ARGS`` in-process; stdout and stderr kept apart."""
    monkeypatch.delenv("VIKEN_DATA_DIR", raising=False)
    runner = CliRunner()

    def run(
        *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None
    ) -> Result:
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return run


def embedded_data() -> Path:
    return Path(str(resources.files("vikentool").joinpath("data")))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the embedded data directory."""
    target = tmp_path / "data"
    target.mkdir()
    for name in DATA_FILES:
        shutil.copy(embedded_data() / name, target / name)
    return target


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(embedded_data())


def fee_table(catalog: Catalog) -> FeeTable:
    """The learning network's fee table, as the model holds it."""
    return next(n.fee for n in catalog.networks if n.fee is not None)


def source_document(document: str) -> tuple[str, ...]:
    """The lines of a source document, from the folder ``$VIKEN_SOURCES`` names.

    Unset (or empty): the calling test is skipped, saying how to run it. Set to a folder that
    does not exist or lacks the document: the calling test fails, since the run asked for the
    source checks and cannot make them. There is no other place the documents are looked for.
    """
    folder = os.environ.get(SOURCES_VARIABLE, "")
    if not folder:
        pytest.skip(SOURCES_UNSET)
    path = Path(folder).expanduser().resolve() / document
    if not path.parent.is_dir():
        pytest.fail(
            f"{SOURCES_VARIABLE}={folder!r}: {path.parent} is not a folder; point it at the"
            f" folder holding {DECK} and {KS_PAGE}, or unset it to skip the source checks",
            pytrace=False,
        )
    if not path.is_file():
        pytest.fail(
            f"{SOURCES_VARIABLE}={folder!r}: {path.parent} has no {document}; point it at the"
            f" folder holding {DECK} and {KS_PAGE}, or unset it to skip the source checks",
            pytrace=False,
        )
    return _read_lines(path)


@functools.cache
def _read_lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def source_line(document: str, number: int) -> str:
    """Line ``number`` (1-based) of a source document, to tie a fidelity test to its source.

    Skips the calling test when ``$VIKEN_SOURCES`` is unset (see ``source_document``), so call
    it only in a test (or after the assertions) that needs nothing but the source.
    """
    lines = source_document(document)
    assert 1 <= number <= len(lines), f"{document} has {len(lines)} lines, not {number}"
    return lines[number - 1]


def generate_deadlines(folder: Path, deadlines: int) -> None:
    """A data folder of ``deadlines`` generated deadlines, as the benchmark makes them."""
    spec = importlib.util.spec_from_file_location("viken_benchmarks", BENCHMARKS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(folder, deadlines)


def output_and_imports(args: Sequence[str], env: dict[str, str]) -> tuple[str, set[str]]:
    """What ``viken ARGS`` writes to a pipe, run in a fresh interpreter, and every module that
    run imported."""
    code = (
        "import sys\n"
        "from vikentool.cli import app\n"
        "try:\n"
        f"    app({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return done.stdout, set(done.stderr.split())


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture
def firm_hearing(viken: Invoke, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data with the planprogram hearing ("juni til september") as a firm span: the
    embedded data has no firm span (that hearing depends on what fylkesrådet wishes)."""
    edit(
        data_copy / "plans.yaml",
        'year_inferred: true, tentative: true, as_written: "Det betyr',
        'year_inferred: true, as_written: "Det betyr',
    )
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    return data_copy


# A deadline moved as the data records it: the current date in `date`, the earlier one in
# `history`, and the notice that announced the change added to the documents.
MOVED_ID = "rff-kvalifiseringsprosjekter-soknadsfrist-2021"
MOVED_WORDING = "Kvalifiseringsprosjekter 1.mai"
MOVED_DATE = f'{{day: 2021-05-01, year_inferred: true, as_written: "{MOVED_WORDING}"}}'
MOVED_DATE_LINE = f"    date: {MOVED_DATE}\n"
NOTICE = (
    "  - id: endringsvarsel-rff-2021\n"
    "    title: Endret søknadsfrist for RFF\n"
    "    publisher: Viken fylkeskommune\n"
    "    date: {day: 2021-04-20, as_written: 20.04.2021}\n"
)


def move_deadline(data: Path, new_day: str = "2021-05-18", changed_on: str = "2021-04-20") -> None:
    """Move the RFF qualification projects' deadline from 1 May 2021 to ``new_day`` in the
    copy of the data at ``data``, recording the old date in its history."""
    edit(data / "documents.yaml", "documents:\n", "documents:\n" + NOTICE)
    edit(
        data / "schemes.yaml",
        MOVED_DATE_LINE,
        f'    date: {{day: {new_day}, as_written: "Ny frist: {new_day}"}}\n'
        "    history:\n"
        "      - date: {day: 2021-05-01, year_inferred: true,"
        ' as_written: "Kvalifiseringsprosjekter 1.mai"}\n'
        f"        changed_on: {changed_on}\n"
        "        source: {document: endringsvarsel-rff-2021, location: Søknadsfrister}\n",
    )
