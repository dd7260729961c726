"""Every ``console`` example in the README is run, and its output must be what the README
shows: the README cannot drift from the tool.

A ``console`` block is a session: ``$ `` starts a command (a line ending in ``\\`` goes
on), and the lines up to the next command are its output. ``$ cat FILE`` shows a file the
later commands read: the runner writes the shown text to FILE first. The commands run in
bash in an empty folder, with the installed ``viken`` first on PATH, in bokmål, 80 columns
wide, with no colour.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BIN = Path(sys.executable).parent


class Step(NamedTuple):
    command: str
    output: str
    line: int


def sessions(text: str) -> list[list[Step]]:
    found = []
    for block in re.finditer(r"^```console\n(.*?)^```", text, re.M | re.S):
        first_line = text[: block.start()].count("\n") + 2
        steps: list[Step] = []
        command: list[str] = []
        output: list[str] = []
        start = first_line
        for number, line in enumerate(block.group(1).splitlines(), start=first_line):
            if line.startswith("$ ") or (command and command[-1].endswith("\\")):
                if command and not command[-1].endswith("\\"):
                    steps.append(Step("\n".join(command), "\n".join(output), start))
                    command, output = [], []
                if not command:
                    start = number
                command.append(line[2:] if line.startswith("$ ") else line)
            else:
                output.append(line)
        if command:
            steps.append(Step("\n".join(command), "\n".join(output), start))
        found.append(steps)
    return found


SESSIONS = sessions(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_to_check() -> None:
    assert sum(len(s) for s in SESSIONS) >= 8


@pytest.mark.parametrize(
    "steps", SESSIONS, ids=[f"README.md:{s[0].line}" if s else "empty" for s in SESSIONS]
)
def test_readme_example(steps: list[Step], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "VIKEN_"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        VIKEN_LANG="nb",
        COLUMNS="80",
        NO_COLOR="1",
        TZ="Europe/Oslo",
    )
    for step in steps:
        if step.command.startswith("cat ") and " " not in step.command[4:].strip():
            (tmp_path / step.command[4:].strip()).write_text(step.output + "\n", encoding="utf-8")
        for tool in re.findall(r"\|\s*(jq)\b", step.command):
            if shutil.which(tool, path=env["PATH"]) is None:
                pytest.skip(f"README.md:{step.line} needs {tool}, which is not installed")
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", step.command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        shown = "\n".join(line.rstrip() for line in result.stdout.rstrip("\n").splitlines())
        assert (result.returncode, shown) == (0, step.output.rstrip("\n")), (
            f"README.md:{step.line}: $ {step.command}\n{result.stderr}"
        )
