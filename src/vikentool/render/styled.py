"""Styled text for people, without rich: plain text and the styles of its stretches.

The tables and views are built of ``Text`` whatever the output; only a terminal needs rich
to draw them (``to_rich``), so a listing written to a pipe or a file neither imports rich
nor pays for its objects, row by row. The model is rich's own (a base style, and spans of
``(start, end, style)`` in the order they were added, a later one drawn over an earlier
one), so a text drawn on a terminal looks exactly as one built with rich would.

The text given is ``clean`` already (``render.terminal.clean``): nothing here looks for
control characters again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import rich.text


class Span(NamedTuple):
    start: int
    end: int
    style: str


class Text:
    """A string with a base ``style`` and styled ``spans``; appended to in place."""

    __slots__ = ("_length", "_parts", "spans", "style")

    def __init__(self, text: str = "", style: str = "", spans: list[Span] | None = None) -> None:
        self._parts = [text]
        self._length = len(text)
        self.style = style
        self.spans: list[Span] = spans if spans is not None else []

    @property
    def plain(self) -> str:
        if len(self._parts) != 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0]

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0

    def __repr__(self) -> str:
        return f"Text({self.plain!r}, {self.style!r}, {self.spans!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return (self.plain, self.style, self.spans) == (other.plain, other.style, other.spans)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def append(self, text: str, style: str = "") -> Text:
        if text:
            if style:
                self.spans.append(Span(self._length, self._length + len(text), style))
            self._parts.append(text)
            self._length += len(text)
        return self

    def append_text(self, other: Text) -> Text:
        """``other`` added at the end, its base style kept as a span of its own."""
        offset = self._length
        if other.style and other._length:
            self.spans.append(Span(offset, offset + other._length, other.style))
        self.spans.extend(Span(a + offset, b + offset, s) for a, b, s in other.spans)
        self._parts.append(other.plain)
        self._length += other._length
        return self

    def __add__(self, other: Text) -> Text:
        return self.copy().append_text(other)

    def copy(self) -> Text:
        return Text(self.plain, self.style, list(self.spans))

    def cut(self, start: int, end: int) -> Text:
        """The characters from ``start`` to ``end``, with the styles that cover them."""
        spans = [
            Span(max(a, start) - start, min(b, end) - start, s)
            for a, b, s in self.spans
            if a < end and b > start
        ]
        return Text(self.plain[start:end], self.style, spans)

    def lines(self) -> list[Text]:
        """One text per line (a last empty line included, as ``str.split`` gives it)."""
        plain = self.plain
        if "\n" not in plain:
            return [self.copy()]
        out = []
        start = 0
        for line in plain.split("\n"):
            out.append(self.cut(start, start + len(line)))
            start += len(line) + 1
        return out

    def join(self, texts: Iterable[Text]) -> Text:
        """``texts`` with this text between each two (``Text("\\n").join(lines)``)."""
        out = Text(style=self.style)
        for number, text in enumerate(texts):
            if number:
                out.append_text(self)
            out.append_text(text)
        return out

    def to_rich(self) -> rich.text.Text:
        """The same text for rich to draw."""
        from rich.text import Span as RichSpan
        from rich.text import Text as RichText

        return RichText(
            self.plain,
            style=self.style,
            spans=[RichSpan(a, b, s) for a, b, s in self.spans],
        )


def styled(pieces: Iterable[tuple[str, str]], style: str = "") -> Text:
    """One ``Text`` of ``(text, style)`` pieces, made at once."""
    spans = []
    parts = []
    start = 0
    for text, piece_style in pieces:
        end = start + len(text)
        if piece_style and text:
            spans.append(Span(start, end, piece_style))
        parts.append(text)
        start = end
    return Text("".join(parts), style=style, spans=spans)


# --- measuring and breaking lines ------------------------------------------------------------

# What must stay on one line wherever it appears, in a title or a wording: a date as the
# documents write it ("26. mars", "10.-15.mai", "1. mars 2021", "April 12, 2021"), a time
# ("kl 09.00 - 12.00") and a grouped number ("14 125", "kr 700 000").
_MONTH = (
    r"(?:januar|january|jan|februar|february|febr|feb|mars|march|mar|april|apr|mai|may"
    r"|juni|june|jun|juli|july|jul|august|aug|september|sept|sep|oktober|october|okt|oct"
    r"|november|nov|desember|december|des|dec)\.?(?!\w)"
)
_KEEP_TOGETHER = re.compile(
    # The look-ahead lets the search skip, at once, letters none of the forms starts with.
    r"(?=[\djfmasondk])(?:\b\d{1,2}\.?(?:\s?[-–]\s?\d{1,2}\.?)?\s?" + _MONTH + r"(?:\s\d{4}\b)?"
    r"|\b" + _MONTH + r"\s\d{1,2}\b(?:,\s\d{4}\b)?"
    r"|\bkl\.?\s\d{1,2}[.:]\d{2}(?:\s?[-–]\s?\d{1,2}[.:]\d{2})?"
    r"|(?:\bkr\.?\s)?\b\d{1,3}(?:\s\d{3})+\b)",
    re.IGNORECASE,
)
_HANG = "  "  # a list item's later lines start under its text, after "• "
# Text made only of these takes one cell a character (Latin letters, punctuation, arrows, box
# drawing, the warning sign): counted by its length, without a look at each character.
_ONE_CELL_EACH = re.compile(
    "[\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u25fc\u26a0]*"
)
_SPACE = re.compile(" ")
_DIGIT = re.compile(r"\d")


# Text is measured as rich measures it, since rich draws it on a terminal: a pipe, a file and
# a terminal get the same lines, with no rich imported for common text. These characters rich
# measures alike in every Unicode version it can be told to use ($UNICODE_VERSION): none
# for a newline and the combining accents, one for ``_ONE_CELL_EACH``'s, two for the CJK
# ideographs, kana, Hangul syllables and fullwidth forms. Any other character (an emoji, a
# letter Unicode's own width tables and rich's disagree on) is measured by rich, and so is text
# with a variation selector or a joiner, which rich measures with the character before them.
_NO_CELLS = ((0x0A, 0x0A), (0x0300, 0x036F))
_TWO_CELLS = (
    (0x3041, 0x3096),
    (0x309B, 0x30FF),
    (0x4E00, 0x9FBB),
    (0xAC00, 0xD7A3),
    (0xFF01, 0xFF60),
)
_JOINED = re.compile("[\u200d\ufe0f]")


@functools.lru_cache(maxsize=4096)
def character_cells(char: str) -> int:
    """How many cells rich gives one character on its own (``get_character_cell_size``)."""
    if _ONE_CELL_EACH.fullmatch(char):
        return 1
    code = ord(char)
    if any(first <= code <= last for first, last in _TWO_CELLS):
        return 2
    if any(first <= code <= last for first, last in _NO_CELLS):
        return 0
    from rich.cells import get_character_cell_size

    return get_character_cell_size(char)


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes, as rich counts (``rich.cells.cell_len``)."""
    if _ONE_CELL_EACH.fullmatch(text):
        return len(text)
    if _JOINED.search(text):
        from rich.cells import cell_len

        return cell_len(text)
    return sum(map(character_cells, text))


def first_cells(text: str, room: int) -> str:
    """The longest start of ``text`` that takes at most ``room`` cells, each character
    counted on its own as rich counts it (a wide letter is never split)."""
    if _ONE_CELL_EACH.fullmatch(text):
        return text[: max(room, 0)]
    taken = 0
    for index, char in enumerate(text):
        taken += character_cells(char)
        if taken > room:
            return text[:index]
    return text


def crop(line: str, width: int) -> str:
    """One line cut to ``width`` cells as rich's ``Text.truncate(width, overflow="crop")``
    cuts it: a combining accent stays with its letter, and a wide letter the edge goes
    through becomes a space."""
    if _ONE_CELL_EACH.fullmatch(line):
        return line[:width]
    if _JOINED.search(line):
        from rich.cells import cell_len, set_cell_size

        return set_cell_size(line, width) if cell_len(line) > width else line
    taken = 0
    for index, char in enumerate(line):
        after = taken + character_cells(char)
        if after > width:
            return line[:index] + " " * (width - taken) if width > 0 else ""
        taken = after
    return line


@functools.lru_cache(maxsize=1 << 16)
def word_spans(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the parts of ``line`` a break may not go through: words, and dates,
    times and grouped numbers whole. Cached: a long listing repeats its lines (a scheme's
    name, a contact, "«i januar»") many times, each measured once and broken once."""
    kept = (
        [m.span() for m in _KEEP_TOGETHER.finditer(line) if " " in m.group()]
        if _DIGIT.search(line)  # every form that is kept together holds a digit
        else []
    )
    spaces = [m.start() for m in _SPACE.finditer(line)]
    if kept:
        inside = {i for a, b in kept for i in range(a + 1, b)}
        spaces = [i for i in spaces if i not in inside]
    return tuple(zip([0, *(i + 1 for i in spaces)], [*spaces, len(line)], strict=True))


def _hang(line: str) -> str:
    return _HANG if line.startswith("• ") else ""


def narrowest(text: str) -> int:
    """The narrowest ``text`` can be set without splitting a word, a date or a number."""
    return max(narrowest_line(line, word_spans(line)) for line in text.split("\n"))


def narrowest_line(line: str, words: Sequence[tuple[int, int]]) -> int:
    """The widest of ``line``'s unbreakable parts, set after its hang."""
    return len(_hang(line)) + max(_sizes(line, words))


def line_breaks(
    line: str, width: int, words: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Where ``line`` is cut to fit ``width``: (start, end) of each output line, at spaces
    only, never inside a date, a time or a grouped number; a word longer than the line stays
    whole. The later lines of a ``• `` item are set after ``_HANG``. ``words``: the line's
    ``word_spans``, when they are known already."""
    words = word_spans(line) if words is None else words
    sizes = _sizes(line, words)
    room = width
    out: list[tuple[int, int]] = []
    first, end = words[0]
    taken = sizes[0]
    for (start, stop), size in zip(words[1:], sizes[1:], strict=True):
        if taken + 1 + size <= room:  # one cell for the space between
            end = stop
            taken += 1 + size
            continue
        out.append((first, end))
        first, end, taken = start, stop, size
        room = width - cells(_hang(line))
    out.append((first, end))
    return out


def break_text(text: str, width: int) -> list[str]:
    """Plain ``text`` in lines of at most ``width`` (see ``line_breaks``)."""
    return [piece for line in text.split("\n") for piece in break_line(line, width)]


def break_line(line: str, width: int, words: Sequence[tuple[int, int]] | None = None) -> list[str]:
    """One line of text cut as ``line_breaks`` says, the later pieces after its hang."""
    cuts = line_breaks(line, width, words)
    return [(_hang(line) if n else "") + line[a:b] for n, (a, b) in enumerate(cuts)]


def wrapped(text: Text, width: int) -> Text:
    """``text`` broken into lines of at most ``width`` cells (see ``line_breaks``), its styles
    kept."""
    out = Text()
    for number, piece in enumerate(text.lines()):
        if number:
            out.append("\n")
        line = piece.plain
        for index, (start, end) in enumerate(line_breaks(line, width)):
            if index:
                out.append("\n" + _hang(line))
            out.append_text(piece.cut(start, end))
    return out


def _sizes(line: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """The width in cells of each span of ``line``."""
    if _ONE_CELL_EACH.fullmatch(line):
        return [b - a for a, b in spans]
    return [cells(line[a:b]) for a, b in spans]
