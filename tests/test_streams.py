"""At home in any terminal, pipe and Windows redirect (issue 13).

The installed ``viken`` runs as a separate process into a pipe whose reader closes after one
line, at 40, 80 and 200 columns. Nothing may print a traceback or exit non-zero.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

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


PIPED = {
    **COMMANDS,
    "deadlines-json": ("deadlines", "--as-of", AS_OF, "--kind", "all", "-f", "json"),
    "fee-csv": ("fee", "--table", "-f", "csv", "--excel"),
}


@POSIX
@pytest.mark.parametrize("columns", WIDTHS)
def test_a_reader_closing_after_one_line_is_success(columns: str) -> None:
    cases = {name: (args, environment({"COLUMNS": columns})) for name, args in PIPED.items()}
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
