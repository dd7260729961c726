"""The catalog cache: used when nothing changed, never stale, never trusted blindly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Invoke, edit, output_and_imports
from vikentool.model import load, validate
from vikentool.store import cache, datadir


def cached_files(folder: Path) -> list[Path]:
    return sorted((folder / "vikentool").glob("catalog-*.bin"))


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

    monkeypatch.setattr(validate, "validate_contents", no_validation)
    for args in (("deadlines", "-f", "json"), ("schemes",), ("plans",), ("show", "bio")):
        cached = viken("--data-dir", str(data_copy), *args)
        monkeypatch.setenv("VIKEN_CACHE", "0")
        monkeypatch.undo()  # validation back, for the uncached run
        uncached = viken("--data-dir", str(data_copy), *args, env={"VIKEN_CACHE": "0"})
        monkeypatch.setenv("XDG_CACHE_HOME", str(fresh_cache))
        monkeypatch.setattr(validate, "validate_contents", no_validation)
        assert cached.stdout == uncached.stdout, args


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


def test_the_cache_holds_plain_json_behind_a_checked_header(
    viken: Invoke, fresh_cache: Path
) -> None:
    viken("fee", "-p", "6200")
    [path] = cached_files(fresh_cache)
    header, key, _digest, payload = path.read_bytes().split(b"\n", 3)
    assert header == b"vikentool-cache 2" and path.name == f"catalog-{key.decode()}.bin"
    assert json.loads(payload)["schemes"][0]["id"]  # data, not code: no pickle anywhere
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_a_damaged_truncated_or_swapped_entry_is_rebuilt(
    viken: Invoke, fresh_cache: Path, data_copy: Path
) -> None:
    expected = viken("deadlines", "-f", "json").stdout
    [path] = cached_files(fresh_cache)
    good = path.read_bytes()
    damaged = [
        b"not a cache file",
        good[: len(good) // 2],  # truncated
        good[:-40] + b"X" * 40,  # payload changed, digest not
        good.replace(b"2021-03-01", b"2021-03-11", 1),  # one digit
        b"",
    ]
    for blob in damaged:
        path.write_bytes(blob)
        result = viken("deadlines", "-f", "json")
        assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")
    # An entry of other data, renamed onto this key, is refused by the key in its header.
    viken("--data-dir", str(data_copy), "fee", "-p", "1")
    other = next(p for p in cached_files(fresh_cache) if p != path)
    shutil.copy(other, path)
    assert viken("deadlines", "-f", "json").stdout == expected


class _Planted:
    """What an attacker would plant in a pickled cache: code that runs when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_never_runs(viken: Invoke, fresh_cache: Path, tmp_path: Path) -> None:
    """Issue 18, case 1: another user rewrote a group-writable pickle, and the victim's next
    ``viken deadlines`` ran the code in it. The payload is planted raw, behind a header with
    the right key and a matching SHA-256 (as one who can write as this user could), and as a
    left-over ``.pickle`` of the first version: nothing reads it as code."""
    import hashlib
    import pickle

    expected = viken("deadlines", "-f", "json").stdout
    [path] = cached_files(fresh_cache)
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Planted(marker))
    key = path.name.split("-", 1)[1].removesuffix(".bin")
    digest = hashlib.sha256(payload).hexdigest().encode()
    for blob in (payload, cache.MAGIC + key.encode() + b"\n" + digest + b"\n" + payload):
        path.write_bytes(blob)
        path.chmod(0o600)
        result = viken("deadlines", "-f", "json")
        assert (result.exit_code, result.stdout) == (0, expected)
        assert not marker.exists()
    path.with_suffix(".pickle").write_bytes(payload)
    assert viken("deadlines", "-f", "json").stdout == expected
    assert not marker.exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(0, 10**9), value=st.integers(0, 255))
def test_any_changed_byte_means_the_same_answer(
    tmp_path_factory: pytest.TempPathFactory, position: int, value: int
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    env = {"XDG_CACHE_HOME": str(folder)}
    old = os.environ.copy()
    os.environ.update(env)
    try:
        from vikentool.query.reports import DEADLINE_FIELDS  # noqa: F401 - warm imports

        expected = load.load_catalog().as_data()
        [path] = cached_files(folder)
        blob = bytearray(path.read_bytes())
        blob[position % len(blob)] = value
        path.write_bytes(bytes(blob))
        assert load.load_catalog().as_data() == expected
    finally:
        os.environ.clear()
        os.environ.update(old)


def test_a_folder_others_can_write_is_not_used(viken: Invoke, fresh_cache: Path) -> None:
    expected = viken("deadlines", "-f", "json").stdout
    folder = fresh_cache / "vikentool"
    [path] = cached_files(fresh_cache)
    path.write_bytes(b"planted")
    folder.chmod(0o777)
    try:
        assert cache.read("catalog", path.name[8:-4]) is None
        result = viken("deadlines", "-f", "json")
        assert (result.exit_code, result.stdout) == (0, expected)
        assert path.read_bytes() == b"planted"  # neither read nor written through
    finally:
        folder.chmod(0o700)


def test_a_file_others_can_write_or_a_link_is_not_read(fresh_cache: Path) -> None:
    cache.write("catalog", "k1", b"{}")
    [path] = cached_files(fresh_cache)
    assert cache.read("catalog", "k1") == b"{}"
    path.chmod(0o666)
    assert cache.read("catalog", "k1") is None
    path.chmod(0o600)
    target = path.with_name("elsewhere")
    path.rename(target)
    path.symlink_to(target)
    assert cache.read("catalog", "k1") is None


def test_a_fifo_under_the_key_does_not_hang(fresh_cache: Path) -> None:
    cache.write("catalog", "k2", b"{}")
    [path] = cached_files(fresh_cache)
    path.unlink()
    os.mkfifo(path)
    assert cache.read("catalog", "k2") is None


def test_old_entries_are_pruned(fresh_cache: Path) -> None:
    for n in range(cache.KEEP + 5):
        cache.write("catalog", f"key{n}", b"{}")
    assert len(cached_files(fresh_cache)) == cache.KEEP


@pytest.mark.parametrize("xdg", ["relative/cache", ""])
def test_no_cache_without_an_absolute_home(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setenv("HOME", "")
    assert cache.cache_dir() is None
    assert viken("fee", "-p", "6200").exit_code == 0
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_folder_is_not_an_error(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    result = viken("deadlines")
    assert result.exit_code == 0 and result.stderr == ""


def test_the_key_covers_content_location_and_code(data_copy: Path, tmp_path: Path) -> None:
    contents = datadir.read_files(data_copy)
    key = load.content_key(data_copy, contents)
    assert key == load.content_key(data_copy, dict(contents))
    changed = {**contents, "plans.yaml": contents["plans.yaml"] + b"\n"}
    assert load.content_key(data_copy, changed) != key
    assert load.content_key(data_copy.parent, contents) != key
    # Every source file of the package counts, not a chosen few.
    package = tmp_path / "pkg"
    shutil.copytree(Path(load.__file__).parents[1], package)
    before = load.source_fingerprint(package)
    for module in ("domain/dates.py", "model/validate.py", "model/yamlsafe.py", "cli/app.py"):
        with (package / module).open("a", encoding="utf-8") as stream:
            stream.write("# a new rule\n")
        after = load.source_fingerprint(package)
        assert after != before, module
        before = after


def _imports_after(*args: str, env: dict[str, str]) -> set[str]:
    return output_and_imports(args, env)[1]


@pytest.mark.parametrize(
    "args",
    [
        ("fee", "-p", "6200"),
        ("deadlines", "--before", "2021-04-12", "-f", "json"),
        ("schemes", "-f", "json"),
        ("plans", "-f", "json"),
        ("sessions", "-f", "json"),
        ("show", "bio", "-f", "json"),
        ("deadlines", "--as-of", "2021-03-01", "--lead", "5", "-f", "json"),
    ],
)
def test_every_command_starts_from_the_cached_domain(tmp_path: Path, args: tuple[str, ...]) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("VIKEN_CACHE", None)
    _imports_after("fee", "-p", "6200", env=env)  # fills the cache
    loaded = _imports_after(*args, env=env)
    assert "vikentool.cli" in loaded
    for heavy in ("icalendar", "holidays", "pydantic", "yaml", "rich"):
        assert heavy not in loaded, (args, heavy)


def test_no_run_imports_the_holidays_package(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "VIKEN_CACHE": "0"}
    for args in (("validate",), ("deadlines", "--as-of", "2021-03-01", "--lead", "5")):
        assert "holidays" not in _imports_after(*args, env=env), args


@pytest.mark.parametrize("args", [("export-ics",), ("timeline", "--width", "100")])
def test_a_command_validates_at_most_once(
    viken: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("VIKEN_CACHE", "0")
    real = validate.validate_contents
    calls: list[object] = []

    def counting(*given: object) -> object:
        calls.append(given)
        return real(*given)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "validate_contents", counting)
    assert viken(*args).exit_code == 0
    assert len(calls) == 1


def _plant(path: Path, payload: bytes) -> None:
    """An entry with a consistent header: as if someone wrote it as this user."""
    import hashlib

    key = path.name.split("-", 1)[1].removesuffix(".bin")
    digest = hashlib.sha256(payload).hexdigest()
    path.write_bytes(cache.MAGIC + key.encode() + b"\n" + digest.encode() + b"\n" + payload)


def _wrong_shapes(core: dict[str, object], deadlines: list[object]) -> list[tuple[object, object]]:
    """Entries (the catalog's, its deadlines') that break what validation guarantees. (A
    well-formed catalog with fewer records cannot be told from a real one without the secret
    nobody has: someone who can write here as this user can change the data files too;
    SECURITY.md says so.)"""
    import copy

    def changed(edit: object) -> tuple[object, object]:
        data = copy.deepcopy(core)
        edit(data)  # type: ignore[operator]
        return data, deadlines

    def first_deadline(edit: object) -> tuple[object, object]:
        data = copy.deepcopy(deadlines)
        edit(data[0])  # type: ignore[operator]
        return core, data

    return [
        *((shape, deadlines) for shape in ({}, [], None, {"location": 1})),
        *((core, shape) for shape in ({}, [{}], None, [1])),
        first_deadline(lambda d: d.pop("title")),
        first_deadline(lambda d: d.pop("date")),
        first_deadline(lambda d: d.update(kind="bogus")),
        first_deadline(lambda d: d.update(scheme="no-such-scheme")),
        first_deadline(lambda d: d.update(contacts=["nobody"])),
        first_deadline(lambda d: d.update(id=deadlines[1]["id"])),  # type: ignore[index]
        first_deadline(lambda d: d["date"].update(day="2021-13-45")),
        first_deadline(lambda d: d["date"].update(tentative="no")),
        first_deadline(lambda d: d.update(as_written=1)),
        changed(lambda d: d["schemes"][0].pop("name")),
        changed(lambda d: d["schemes"][0].update(name=7)),
        changed(lambda d: d["schemes"][0].update(extra="x")),
        changed(lambda d: d["networks"][0]["fee"].update(brackets=[])),
        changed(lambda d: d["networks"][0]["fee"]["brackets"].pop(0)),
        changed(lambda d: d.update(holiday_warnings={"not a day": 1})),
    ]


def test_a_consistent_entry_of_the_wrong_shape_is_refused(viken: Invoke, fresh_cache: Path) -> None:
    commands = [("deadlines", "-f", "json"), ("show", "bio"), ("fee", "-p", "6200"), ("validate",)]
    expected = [viken(*c, env={"VIKEN_CACHE": "0"}) for c in commands]
    viken("fee", "-p", "1")
    [core_path] = cached_files(fresh_cache)
    [deadlines_path] = sorted((fresh_cache / "vikentool").glob("deadlines-*.bin"))

    def payload(path: Path) -> Any:
        return json.loads(path.read_bytes().split(b"\n", 3)[3])

    good_core, good_deadlines = payload(core_path), payload(deadlines_path)
    assert "deadlines" not in good_core and len(good_deadlines) > 1
    for number, (core, deadlines) in enumerate(_wrong_shapes(good_core, good_deadlines)):
        _plant(core_path, json.dumps(core).encode())
        _plant(deadlines_path, json.dumps(deadlines).encode())
        for command, want in zip(commands, expected, strict=True):
            got = viken(*command)
            assert (got.exit_code, got.stdout, got.stderr) == (
                want.exit_code,
                want.stdout,
                want.stderr,
            ), (number, command)


def test_a_command_without_scheme_deadlines_never_reads_them(
    viken: Invoke, fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = [("plans", "-f", "json"), ("sessions", "-f", "json"), ("fee", "-p", "6200")]
    expected = [viken(*c).stdout for c in commands]  # fills the cache
    [deadlines] = sorted((fresh_cache / "vikentool").glob("deadlines-*.bin"))
    deadlines.unlink()
    calls: list[object] = []
    real = validate.validate_contents

    def counting(*given: object) -> object:
        calls.append(given)
        return real(*given)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "validate_contents", counting)
    assert [viken(*c).stdout for c in commands] == expected
    assert calls == []
    # A command that shows them finds the entry gone and validates afresh.
    want = viken("deadlines", "-f", "json", env={"VIKEN_CACHE": "0"}).stdout
    calls.clear()
    assert viken("deadlines", "-f", "json").stdout == want
    assert len(calls) == 1
