"""The index cache: used when the data is unchanged, never stale, never in the data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke, edit
from vikentool import cache, catalog, datafiles


def cached_files(folder: Path) -> list[Path]:
    return sorted((folder / "vikentool").glob("snapshot-*.pickle"))


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("VIKEN_CACHE", raising=False)
    return folder


def test_second_run_answers_from_the_cache(
    viken: Invoke, data_copy: Path, fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = viken("--data-dir", str(data_copy), "deadlines", "-f", "json")
    assert first.exit_code == 0 and len(cached_files(fresh_cache)) == 1

    def no_validation(*args: object) -> None:
        raise AssertionError("validated although the data did not change")

    monkeypatch.setattr(catalog, "validate_contents", no_validation)
    second = viken("--data-dir", str(data_copy), "deadlines", "-f", "json")
    assert second.stdout == first.stdout


def test_an_edited_file_is_never_served_stale(
    viken: Invoke, data_copy: Path, fresh_cache: Path
) -> None:
    def bio_date() -> str:
        rows = json.loads(viken("--data-dir", str(data_copy), "deadlines", "-f", "json").stdout)
        return next(r["date"] for r in rows if r["id"] == "bio-soknadsfrist-2021")

    assert bio_date() == "2021-03-01"
    edit(
        data_copy / "schemes.yaml",
        '{day: 2021-03-01, as_written: "Søknadsfrist 1. mars 2021"}',
        '{day: 2021-03-02, as_written: "Søknadsfrist 1. mars 2021"}',
    )
    assert bio_date() == "2021-03-02"
    edit(data_copy / "schemes.yaml", "{day: 2021-03-02,", "{day: 2021-02-30,")
    broken = viken("--data-dir", str(data_copy), "deadlines")
    assert broken.exit_code == 1 and "'2021-02-30' is not a real date" in broken.stderr
    assert len(cached_files(fresh_cache)) == 2


def test_cache_can_be_turned_off(
    viken: Invoke, fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIKEN_CACHE", "0")
    assert viken("fee", "-p", "6200").exit_code == 0
    assert cached_files(fresh_cache) == []


def test_a_corrupt_or_foreign_cache_file_is_ignored(viken: Invoke, fresh_cache: Path) -> None:
    expected = viken("deadlines", "-f", "json").stdout
    [path] = cached_files(fresh_cache)
    path.write_bytes(b"not a pickle")
    assert viken("deadlines", "-f", "json").stdout == expected
    path.write_bytes(b"\x80\x05K\x01.")  # a valid pickle of something else
    assert viken("deadlines", "-f", "json").stdout == expected


def test_an_unwritable_cache_folder_is_not_an_error(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    result = viken("deadlines")
    assert result.exit_code == 0 and result.stderr == ""


def test_the_key_covers_content_location_and_code(data_copy: Path) -> None:
    contents = datafiles.read_files(data_copy)
    key = cache.content_key(data_copy, contents)
    assert key == cache.content_key(data_copy, dict(contents))
    changed = {**contents, "plans.yaml": contents["plans.yaml"] + b"\n"}
    assert cache.content_key(data_copy, changed) != key
    assert cache.content_key(data_copy.parent, contents) != key


def _imports_after(*args: str, env: dict[str, str]) -> set[str]:
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
    return set(done.stderr.split())


def test_fast_paths_do_not_import_heavy_modules(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("VIKEN_CACHE", None)
    _imports_after("fee", "-p", "6200", env=env)  # fills the cache
    for args in (("fee", "-p", "6200"), ("deadlines", "--before", "2021-04-12", "-f", "json")):
        loaded = _imports_after(*args, env=env)
        assert "vikentool.cli" in loaded
        for heavy in ("icalendar", "holidays", "pydantic", "yaml", "rich"):
            assert heavy not in loaded, (args, heavy)


@pytest.mark.parametrize("args", [("export-ics",), ("timeline", "--width", "100")])
def test_a_command_needing_catalog_and_index_validates_once(
    viken: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("VIKEN_CACHE", "0")
    real = catalog.validate_contents
    calls: list[object] = []

    def counting(*given: object) -> object:
        calls.append(given)
        return real(*given)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog, "validate_contents", counting)
    assert viken(*args).exit_code == 0
    assert len(calls) == 1
