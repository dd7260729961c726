"""At home in any terminal, pipe and Windows redirect (issue 13).

The installed ``viken`` runs as a separate process with stdout in cp1252 (Windows redirecting
to a file), ASCII, and the C locale without UTF-8 mode; into a pipe whose reader closes after
one line; and at 40, 80 and 200 columns. Nothing may print a traceback or exit non-zero; JSON,
CSV and calendars are the same UTF-8 bytes whatever the stream's encoding. ``-o FILE`` writes
what stdout would get, all or nothing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import Invoke
from vikentool.render.terminal import ASCII_FALLBACK, ascii_stand_in, register_ascii_fallback

VIKEN = Path(sys.executable).parent / ("viken.exe" if os.name == "nt" else "viken")
AS_OF = "2021-02-26"
POSIX = pytest.mark.skipif(
    os.name != "posix" or shutil.which("bash") is None or shutil.which("head") is None,
    reason="pipes are tested with bash and head",
)

# Every command a person reads, with a fixed reference day.
COMMANDS: dict[str, tuple[str, ...]] = {
    "deadlines": ("deadlines", "--as-of", AS_OF, "--kind", "all", "--include-undated"),
    "schemes": ("schemes", "--as-of", AS_OF),
    "show": ("show", "bio"),
    "plans": ("plans", "--as-of", AS_OF),
    "sessions": ("sessions",),
    "timeline": ("timeline", "--as-of", AS_OF),
    "fee": ("fee", "--population", "6200"),
    "fee-table": ("fee", "--table"),
    "export-ics": ("export-ics", "--as-of", AS_OF),
    "validate": ("validate",),
    "help": ("--help",),
    "deadlines-help": ("deadlines", "--help"),
}

# Machine output: the same bytes under every encoding.
MACHINE: dict[str, tuple[str, ...]] = {
    "deadlines-json": ("deadlines", "--as-of", AS_OF, "--kind", "all", "-f", "json"),
    "deadlines-csv": ("deadlines", "--as-of", AS_OF, "--include-undated", "-f", "csv"),
    "deadlines-excel": ("deadlines", "--as-of", AS_OF, "-f", "csv", "--excel"),
    "schemes-csv": ("schemes", "--as-of", AS_OF, "-f", "csv"),
    "plans-json": ("plans", "--as-of", AS_OF, "-f", "json"),
    "sessions-csv": ("sessions", "-f", "csv", "--excel"),
    "show-json": ("show", "bio", "-f", "json"),
    "fee-csv": ("fee", "--table", "-f", "csv", "--excel"),
    "export-ics": ("export-ics", "--as-of", AS_OF),
    "schema": ("schema", "plans"),
}

ENCODINGS: dict[str, dict[str, str]] = {
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "C-locale": {"LC_ALL": "C", "PYTHONUTF8": "0"},
}
WIDTHS = ("40", "80", "200")


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test's environment (its private cache, bokmål) without what the cases set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIKEN_DATA_DIR", "PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "COLUMNS")
    }
    env.update(extra or {})
    return env


def run(args: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(VIKEN), *args], capture_output=True, env=dict(env), timeout=60)


def run_all(
    cases: Mapping[str, tuple[Sequence[str], Mapping[str, str]]],
) -> dict[str, subprocess.CompletedProcess[bytes]]:
    """Each case as its own process, two at a time (the start-up dominates)."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(run, args, env) for name, (args, env) in cases.items()}
        return {name: future.result() for name, future in futures.items()}


def assert_clean_run(name: str, done: subprocess.CompletedProcess[bytes]) -> None:
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, (name, done.returncode, stderr)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, (name, stderr)


# --- a reader that closes the pipe early ------------------------------------------------------


def piped(args: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[bytes]:
    """``viken ARGS | head -n 1`` under ``bash -o pipefail``: the exit status is viken's."""
    command = " ".join(shlex.quote(a) for a in (str(VIKEN), *args)) + " | head -n 1"
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        env=dict(env),
        timeout=60,
    )


PIPED = {**COMMANDS, "deadlines-json": MACHINE["deadlines-json"], "fee-csv": MACHINE["fee-csv"]}


@POSIX
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_reader_closing_after_one_line_is_success(encoding: str) -> None:
    cases = {
        name: (args, environment({**ENCODINGS[encoding], "COLUMNS": WIDTHS[(i + 1) % 3]}))
        for i, (name, args) in enumerate(PIPED.items())
    }
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {n: pool.submit(piped, args, env) for n, (args, env) in cases.items()}
        for name, future in futures.items():
            done = future.result()
            assert_clean_run(name, done)
            assert done.stdout.count(b"\n") == 1, (name, done.stdout)


@POSIX
@pytest.mark.parametrize("name", PIPED)
def test_a_reader_gone_before_the_first_line_is_success(name: str) -> None:
    """The pipe's reader is closed before viken starts: its first write fails (EPIPE)."""
    args = PIPED[name]
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(VIKEN), *args], stdout=write_end, stderr=subprocess.PIPE, env=environment()
        )
    finally:
        os.close(write_end)
    assert done.returncode == 0, (name, done.stderr)
    assert done.stderr == b"", (name, done.stderr)


@POSIX
def test_stdout_and_stderr_into_one_closed_pipe() -> None:
    # export-ics also writes a note on stderr; both go into the pipe that `head` closes.
    command = f"{shlex.quote(str(VIKEN))} export-ics 2>&1 | head -c 1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, env=environment()
    )
    assert done.returncode == 0 and done.stdout == b"B" and done.stderr == b"", done


@POSIX
def test_a_closed_stderr_does_not_stop_the_output() -> None:
    # The population above Oslo's is a warning on stderr, whose reader is gone.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(VIKEN), "fee", "-p", "900000"],
            stdout=subprocess.PIPE,
            stderr=write_end,
            env=environment(),
        )
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert b"55 000" in done.stdout


# --- no traceback under any encoding, at any width --------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_command_prints_for_people_in_any_encoding(encoding: str) -> None:
    cases = {
        name: (args, environment({**ENCODINGS[encoding], "COLUMNS": WIDTHS[i % 3]}))
        for i, (name, args) in enumerate(COMMANDS.items())
    }
    for name, done in run_all(cases).items():
        assert_clean_run(name, done)
        assert done.stdout.strip(), name
        if name == "export-ics":
            continue  # a calendar is UTF-8 bytes, checked below
        if encoding != "cp1252":
            assert done.stdout.isascii(), (name, done.stdout)
            assert done.stderr.isascii(), (name, done.stderr)
        done.stdout.decode("cp1252")  # nothing but what the stream's encoding has


def test_ascii_stands_in_for_what_the_encoding_lacks() -> None:
    done = run(COMMANDS["deadlines"], environment({"PYTHONIOENCODING": "ascii", "COLUMNS": "200"}))
    assert_clean_run("deadlines", done)
    text = done.stdout.decode("ascii")
    assert "! " in text  # the weekend warning's sign
    assert "Soeknadsfrist" in text and '"' in text  # ø and the documents' « »
    assert "\\u" not in text  # every character the tool prints has a stand-in
    table = run(("fee", "--table"), environment({"PYTHONIOENCODING": "cp1252"}))
    assert "«NB: I tillegg".encode("cp1252") in table.stdout  # cp1252 has « and æøå: kept


def test_help_follows_the_stream_encoding_too() -> None:
    # click would write --help as UTF-8 to a stream it takes for misconfigured (ASCII).
    env = environment({**ENCODINGS["C-locale"], "VIKEN_LANG": "en"})
    done = run(("deadlines", "--help"), env)
    assert_clean_run("help", done)
    assert done.stdout.isascii() and b"--owner" in done.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_errors_on_stderr_in_any_encoding(encoding: str) -> None:
    env = environment({**ENCODINGS[encoding], "VIKEN_LANG": "en"})
    done = run(("show", "næring-ø"), env)
    assert done.returncode == 1
    lines = done.stderr.decode("cp1252").splitlines()
    assert len(lines) == 1 and lines[0].startswith("viken: error: "), lines
    assert "Traceback" not in lines[0]


def test_json_and_csv_are_utf8_bytes_whatever_the_stream() -> None:
    cases = {
        (name, encoding): (args, environment(extra))
        for name, args in MACHINE.items()
        for encoding, extra in {"utf-8": {"PYTHONIOENCODING": "utf-8"}, **ENCODINGS}.items()
    }
    results = run_all({f"{n}/{e}": case for (n, e), case in cases.items()})
    for name in MACHINE:
        reference = results[f"{name}/utf-8"]
        assert_clean_run(name, reference)
        reference.stdout.decode("utf-8")  # valid UTF-8
        assert any(b > 127 for b in reference.stdout), name  # and not only ASCII
        for encoding in ENCODINGS:
            done = results[f"{name}/{encoding}"]
            assert_clean_run(f"{name}/{encoding}", done)
            assert done.stdout == reference.stdout, (name, encoding)
    assert results["deadlines-excel/cp1252"].stdout.startswith(b"\xef\xbb\xbfid;")
    assert results["fee-csv/ascii"].stdout.startswith(b"\xef\xbb\xbfbracket_min;")


@POSIX
def test_a_table_on_a_terminal_that_is_not_utf8() -> None:
    """On a cp1252 terminal rich draws its rules in ASCII; colours stay."""
    import pty

    leader, follower = pty.openpty()
    try:
        env = environment({"PYTHONIOENCODING": "cp1252", "COLUMNS": "100", "TERM": "xterm"})
        env.pop("NO_COLOR", None)
        process = subprocess.Popen(
            [str(VIKEN), "deadlines", "--as-of", AS_OF], stdout=follower, stderr=follower, env=env
        )
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            output += chunk
        assert process.wait(timeout=60) == 0, output
    finally:
        os.close(leader)
    assert b"Traceback" not in output
    assert b"\x1b[" in output  # decorated: it is a terminal
    assert b"\xe2\x94" not in output  # no UTF-8 box drawing
    assert b"! " in output  # the warning sign, which cp1252 lacks
    output.decode("cp1252")


# --- the stand-ins ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "stand_in"),
    [
        ("⚠", "!"),
        ("→", ">"),
        ("↔", "="),
        ("≈", "~"),
        ("•", "*"),
        ("«", '"'),
        ("»", '"'),
        ("–", "-"),
        ("—", "-"),
        ("…", "~"),
        ("æ", "ae"),
        ("ø", "oe"),
        ("å", "aa"),
        ("Æ", "AE"),
        ("Ø", "OE"),
        ("Å", "AA"),
        ("\u00a0", " "),
        ("\ufeff", ""),
        ("é", "e"),
        ("ü", "u"),
        ("Ñ", "N"),
        ("ﬁ", "fi"),
        ("☃", "\\u2603"),
        ("😀", "\\U0001f600"),
        ("\x85", "\\x85"),
    ],
)
def test_ascii_stand_ins(char: str, stand_in: str) -> None:
    assert ascii_stand_in(char) == stand_in


def test_no_stand_in_is_a_question_mark() -> None:
    # '?' is the tool's mark for an uncertain date; a lost character must not look like one.
    for code in range(0x80, 0x3000):
        assert "?" not in ascii_stand_in(chr(code)), hex(code)
        assert ascii_stand_in(chr(code)).isascii()


def test_the_error_handler_only_stands_in_for_what_is_missing() -> None:
    register_ascii_fallback()
    text = "⚠ «Søknadsfrist» → 1.–3. mai ✓"
    assert text.encode("ascii", ASCII_FALLBACK) == b'! "Soeknadsfrist" > 1.-3. mai \\u2713'
    assert text.encode("cp1252", ASCII_FALLBACK) == (
        "! «Søknadsfrist» > 1.–3. mai \\u2713".encode("cp1252")
    )


# --- -o/--output on every command -------------------------------------------------------------

OUTPUT_COMMANDS = {
    "deadlines": ("deadlines", "--as-of", AS_OF, "--kind", "all"),
    "deadlines-json": ("deadlines", "--as-of", AS_OF, "-f", "json"),
    "deadlines-excel": ("deadlines", "--as-of", AS_OF, "-f", "csv", "--excel"),
    "schemes": ("schemes", "--as-of", AS_OF),
    "schemes-csv": ("schemes", "--as-of", AS_OF, "-f", "csv"),
    "plans": ("plans", "--as-of", AS_OF),
    "plans-json": ("plans", "--as-of", AS_OF, "-f", "json"),
    "sessions": ("sessions",),
    "sessions-csv": ("sessions", "-f", "csv"),
    "show": ("show", "bio"),
    "show-json": ("show", "bio", "-f", "json"),
    "show-csv": ("show", "bio", "-f", "csv"),
    "timeline": ("timeline", "--as-of", AS_OF),
    "fee": ("fee", "-p", "6200"),
    "fee-json": ("fee", "-p", "6200", "-p", "120000", "-f", "json"),
    "fee-table": ("fee", "--table"),
    "fee-table-excel": ("fee", "--table", "-f", "csv", "--excel"),
    "export-ics": ("export-ics", "--as-of", AS_OF),
}


@pytest.mark.parametrize("name", OUTPUT_COMMANDS)
def test_output_file_holds_what_stdout_gets(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    args = OUTPUT_COMMANDS[name]
    shown = viken(*args)
    assert shown.exit_code == 0, shown
    target = tmp_path / "out"
    written = viken(*args, "-o", str(target))
    assert written.exit_code == 0, written
    assert written.stdout_bytes == b""
    assert target.read_bytes() == shown.stdout_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary left
    dash = viken(*args, "-o", "-")
    assert dash.stdout_bytes == shown.stdout_bytes


def test_a_table_in_a_file_is_plain_at_columns(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plans.txt"
    for columns, width in (("60", 60), ("", 80), ("wide", 80)):
        monkeypatch.setenv("COLUMNS", columns)
        assert viken("plans", "--as-of", AS_OF, "-o", str(target)).exit_code == 0
        text = target.read_text(encoding="utf-8")
        assert "\x1b" not in text and "─" not in text  # no colour, no frame
        assert max(len(line) for line in text.splitlines()) <= width
        assert max(len(line) for line in text.splitlines()) > width - 10


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder this user may not create files in (root may anywhere but in sysfs)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    for folder in (locked, Path("/sys")):
        try:
            handle, name = tempfile.mkstemp(dir=folder)
        except PermissionError:
            return folder
        except OSError:
            continue
        os.close(handle)
        os.unlink(name)
    pytest.skip("no folder this user cannot write to")


@pytest.mark.parametrize("name", ["deadlines", "fee-json", "timeline", "show-csv", "export-ics"])
@pytest.mark.parametrize("problem", ["missing folder", "a directory", "permission denied"])
def test_a_failed_write_is_one_line_and_no_file(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, problem: str
) -> None:
    monkeypatch.setenv("VIKEN_LANG", "en")
    if problem == "missing folder":
        target = tmp_path / "no" / "such" / "out.txt"
    elif problem == "a directory":
        target = tmp_path
    else:
        target = unwritable_folder(tmp_path) / "out.txt"
    before = sorted(tmp_path.rglob("*"))
    result = viken(*OUTPUT_COMMANDS[name], "-o", str(target))
    assert result.exit_code == 1, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("viken: error: "), lines
    assert str(target) in lines[0]
    assert result.stdout_bytes == b""
    assert sorted(tmp_path.rglob("*")) == before
    assert not target.is_file()


def test_an_error_before_writing_keeps_the_old_file(viken: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "fee.csv"
    target.write_bytes(b"old")
    result = viken("fee", "--table", "-f", "csv", "-o", str(target), "--network", "nope")
    assert result.exit_code == 1
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fee.csv"]


# --- COLUMNS ----------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize(
    "args",
    [("fee", "-p", "6200"), ("fee", "--table"), ("fee", "-p", "3", "-p", "120000")],
    ids=lambda a: " ".join(a),
)
@pytest.mark.parametrize("columns", [40, 50, 64, 200])
def test_the_fee_fits_columns_without_breaking_words(
    viken: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    wide = viken(*args).stdout
    monkeypatch.setenv("COLUMNS", str(columns))
    narrow = viken(*args).stdout
    assert max(len(line) for line in narrow.splitlines()) <= columns, narrow
    # The same words, none cut: only the lines (and the spaces between columns) differ.
    assert sorted(words(narrow)) == sorted(words(wide))


def test_the_fee_note_wraps_between_words(viken: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    text = viken("fee", "--table").stdout
    note = text[text.index("«NB") :]
    assert len(note.splitlines()) >= 3
    assert " ".join(note.split()) == (
        "«NB: I tillegg betaler kommunene som deltar egne reise- og oppholdsutgifter på samlinger.»"
    )


def test_named_fee_rows_wrap_names_and_brackets(
    viken: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "48")
    csv_text = "kommune;innbyggere\nNordre Follo og Ås og Frogn samlet;60000\nÅl;4700\n"
    text = viken("fee", "--from-csv", "-", input=csv_text).stdout
    assert max(len(line) for line in text.splitlines()) <= 48, text
    assert "60 000" in text and "4 700" in text  # numbers are never split


@pytest.mark.parametrize("columns", [40, 57, 80, 200])
def test_the_timeline_legend_wraps(
    viken: Invoke, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    text = viken("timeline", "--as-of", AS_OF).stdout
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= columns
    legend = " ".join(text[text.rindex("◆ ") :].split())
    assert legend.startswith("◆ dag █ periode ░") and legend.endswith(f"«?») ┊ {AS_OF}")
