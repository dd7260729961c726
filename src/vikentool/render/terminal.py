"""Rendering rows as JSON, CSV or a rich table, the same way for every listing command."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

if TYPE_CHECKING:
    from rich.console import Console

# C0 and C1 control characters (and DEL) other than newline and tab: they could move the
# cursor, clear the screen or fake output when a data file's text is printed to a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def clean(text: str) -> str:
    """Text from a data file made safe to print on a terminal."""
    return _CONTROL.sub("", _ANSI.sub("", text))


def to_json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# OWASP's rule for CSV injection: a cell that a spreadsheet would read as a formula gets a
# leading apostrophe. Applied to text from the data, not to the numbers the tool computes.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: Iterable[Mapping[str, Any]], fields: Sequence[str], excel: bool = False) -> str:
    """A header row and one row per item. ``excel``: BOM and ``;`` for Norwegian Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_cell(row.get(f)) for f in fields])
    return ("\ufeff" if excel else "") + buffer.getvalue()


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


def norwegian_number(value: int) -> str:
    """``14125`` as ``14 125`` (a space groups thousands in Norwegian)."""
    return f"{value:,}".replace(",", " ")


def plain_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> str:
    """Aligned columns with no colour or frame; ``right`` are the indexes to right-align."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), *(line(r) for r in rows)]) + "\n"
