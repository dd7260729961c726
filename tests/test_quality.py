"""Static checks and the installed command, run as a user would run them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import embedded_data

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    if not found.exists():
        found_on_path = shutil.which(name)
        assert found_on_path, f"{name} is not installed (pip install '.[test]')"
        return found_on_path
    return str(found)


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [
            tool("ruff"),
            "check",
            *[d for d in ("src", "tests", "benchmarks") if (REPO / d).is_dir()],
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([tool("mypy"), "src"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def run_viken(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "VIKEN_DATA_DIR"}
    full_env.update(env or {})
    return subprocess.run(
        [tool("viken"), *args], cwd=cwd, capture_output=True, text=True, env=full_env, timeout=60
    )


def test_installed_viken_validates_embedded_data_from_another_folder(tmp_path: Path) -> None:
    result = run_viken("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ordninger" in result.stdout and "15" in result.stdout


def test_installed_viken_reports_broken_copy_and_exits_1(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("schemes.yaml", "plans.yaml", "contacts.yaml"):
        shutil.copy(embedded_data() / name, data / name)
    text = (data / "schemes.yaml").read_text(encoding="utf-8")
    (data / "schemes.yaml").write_text(
        text.replace("{day: 2021-02-01,", "{day: 2021-02-29,", 1), encoding="utf-8"
    )
    result = run_viken("validate", str(data), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{data / 'schemes.yaml'}:")
    assert "deadlines[0].date.day: '2021-02-29' is not a real date" in first


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vikentool", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stdout.startswith("viken ")


@pytest.mark.parametrize("name", ["README.md", "SECURITY.md"])
def test_docs_exist(name: str) -> None:
    assert (REPO / name).is_file()


def test_ci_runs_the_readme_test_command() -> None:
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = ci_lines[-1]
    # CI ends with exactly the README's test command, a code block of its own there ...
    assert f"```sh\n{command}\n```" in (REPO / "README.md").read_text(encoding="utf-8")
    # ... which installs, lints, type-checks and tests, each a step that stops the run.
    steps = command.split(" && ")
    assert steps[0].startswith("python3 -m venv .venv"), command
    assert any(s.startswith(".venv/bin/pip install") and ".[test]" in s for s in steps), command
    assert ".venv/bin/ruff check" in steps, command
    assert any(s.startswith(".venv/bin/mypy") for s in steps), command
    assert steps[-1] == ".venv/bin/python -m pytest", command
    # On a clean venv, failing on the first error, with the source documents beside the clone.
    assert "set -euo pipefail" in ci_lines and "rm -rf .venv" in ci_lines
    assert 'VIKEN_SOURCES="$(cd .. && pwd)/shared/seeds"' in ci_lines
    assert "export VIKEN_SOURCES" in ci_lines
    assert 'VIKEN_STATISTICS="$(cd .. && pwd)/shared/data"' in ci_lines
    assert "export VIKEN_STATISTICS" in ci_lines


def command_names() -> list[str]:
    from typer.main import get_command

    from vikentool.cli import app

    group = get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_help_and_is_in_the_readme() -> None:
    from typer.testing import CliRunner

    from vikentool.cli import app

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = command_names()
    assert {"deadlines", "schemes", "show", "validate", "schema"} <= set(names)
    for name in names:
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert len(result.stdout.split()) > 10, f"viken {name} has no real help"
        assert f"`viken {name}" in readme, f"viken {name} is not documented in README.md"
