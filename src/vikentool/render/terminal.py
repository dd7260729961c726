"""The terminal: a console that decorates only a terminal, and text made safe to print on it."""

from __future__ import annotations

import io
import os
import re
import sys
from typing import IO, TYPE_CHECKING, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console

# C0 and C1 control characters (and DEL) other than newline and tab: they could move the
# cursor, clear the screen or fake output when a data file's text is printed to a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def clean(text: str) -> str:
    """Text from a data file made safe to print on a terminal."""
    return _CONTROL.sub("", _ANSI.sub("", text))


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console(stream: TextIO | None = None, width: int | None = None) -> Console:
    """A rich console: colour only on a terminal and without ``NO_COLOR``; plain otherwise."""
    from rich.console import Console

    stream = stream or sys.stdout
    terminal = is_terminal(stream)
    no_color = "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != ""
    if width is None and not terminal:
        width = _env_width() or 80
    return Console(
        file=stream if terminal else cast(IO[str], _RstripLines(stream)),
        width=width,
        force_terminal=terminal,
        no_color=no_color or not terminal,
        color_system="auto" if terminal and not no_color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


class _RstripLines(io.TextIOBase):
    """Drops the padding rich leaves at the end of lines, for output that is not a terminal."""

    def __init__(self, target: TextIO) -> None:
        self.target = target

    def write(self, text: str) -> int:
        self.target.write("\n".join(line.rstrip() for line in text.split("\n")))
        return len(text)

    def flush(self) -> None:
        self.target.flush()


def _env_width() -> int | None:
    try:
        return int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
