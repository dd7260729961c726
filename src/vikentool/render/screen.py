"""Where text for people is drawn: a terminal through rich (colour, a framed table), any
other stream as plain lines written directly, without importing rich.

Every text is broken into lines by ``render.styled`` before it is drawn, so a pipe, a file
and a terminal of the same width get the same lines; only the decoration differs.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

from vikentool.render.styled import Text, crop, wrapped
from vikentool.render.terminal import is_terminal, text_width

if TYPE_CHECKING:
    import rich.console
    from rich.text import Text as RichText


class Screen:
    """Draws ``Text`` on ``file``: ``width`` cells wide, decorated only on a terminal."""

    def __init__(self, file: TextIO, width: int, terminal: bool) -> None:
        self.file = file
        self.width = width
        self.is_terminal = terminal
        self._rich: rich.console.Console | None = None

    @property
    def rich(self) -> rich.console.Console:
        """The terminal's rich console: colour unless ``NO_COLOR`` is set."""
        if self._rich is None:
            from rich.console import Console

            no_color = os.environ.get("NO_COLOR", "") != ""
            self._rich = Console(
                file=self.file,
                width=self.width,
                force_terminal=True,
                no_color=no_color,
                color_system=None if no_color else "auto",
                highlight=False,
                markup=False,
                emoji=False,
                soft_wrap=False,
            )
        return self._rich

    def print(self, text: Text | str = "", *, indent: int = 0) -> None:
        """``text`` broken to the width, less ``indent``, by which each line is moved right."""
        text = wrapped(Text(text) if isinstance(text, str) else text, self.width - indent)
        if indent:
            pad = Text(" " * indent)
            text = Text("\n").join(pad + line for line in text.lines())
        if self.is_terminal:
            self.rich.print(text.to_rich(), no_wrap=True, overflow="ignore", crop=False)
        else:
            self.write_lines(text.plain.split("\n"))

    def print_rich(self, text: Text | RichText) -> None:
        """A line styled already (a timeline's), cut at the width as rich cuts it, never
        broken as ``print`` breaks text. A ``Text`` needs rich on a terminal only."""
        if isinstance(text, Text):
            if self.is_terminal:
                self.rich.print(text.to_rich(), overflow="crop", no_wrap=True)
            else:
                self.write_lines([crop(line, self.width) for line in text.plain.split("\n")])
            return
        if self.is_terminal:
            self.rich.print(text, overflow="crop", no_wrap=True)
            return
        lines = text.split("\n", allow_blank=True)
        for line in lines:
            line.truncate(self.width, overflow="crop")
        self.write_lines([line.plain for line in lines])

    def write_lines(self, lines: list[str]) -> None:
        """Plain lines, without the spaces a column leaves at their end."""
        self.file.write("".join(line.rstrip() + "\n" for line in lines))


def console(stream: TextIO | None = None, width: int | None = None) -> Screen:
    """The screen for ``stream`` (stdout by default): ``width`` or ``text_width``'s."""
    stream = stream or sys.stdout
    return Screen(stream, width or text_width(stream), is_terminal(stream))
