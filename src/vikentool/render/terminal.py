"""The terminal: its width, text made safe to print on it, and an ASCII stand-in for the
characters a terminal's encoding cannot show."""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

# What a data file's text must never do where a person reads it: C0 and C1 control
# characters (and DEL) other than newline and tab could move the cursor, clear the screen,
# set a window title or fake an "OK"; direction marks could make a title read backwards or
# hide part of it (the "Trojan source" characters); zero-width characters and the byte-order
# mark make two texts that look the same differ; surrogates and U+FFFE/U+FFFF cannot be
# written as UTF-8 or XML at all. Each is shown as its code, so the oddity stays visible
# instead of acting or vanishing.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]"
)


def _code(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group()):04X}]"


def clean(text: str) -> str:
    """Text from a data file (or typed by a user) made safe to show anywhere a person reads
    it: a terminal, an error line, a calendar, a web page, an e-mail. Newlines stay, a tab is
    a space (a table counts every character as a cell), every character in ``UNSAFE``
    becomes ``[U+XXXX]``."""
    return UNSAFE.sub(_code, text).replace("\t", " ")


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


MIN_WIDTH = 40
# COLUMNS beyond these is a mistake, not a terminal (COLUMNS=1, or 100000: a megabyte of
# padding), and is ignored.
SANE_COLUMNS = range(20, 1001)


def _env_width() -> int | None:
    try:
        width = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return width if width in SANE_COLUMNS else None


def text_width(stream: TextIO | None = None) -> int:
    """The width plain text is laid out to: ``COLUMNS`` (if between 20 and 1000), else the
    terminal's, else 80; never less than 40 (the narrowest the tables are drawn for)."""
    stream = stream or sys.stdout
    width = _env_width()
    if width is None and is_terminal(stream):
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            width = None
    return max(MIN_WIDTH, width or 80)


# --- text on a terminal whose encoding lacks a character ---------------------------------------

ASCII_FALLBACK = "vikentool-ascii"
"""The codec error handler that ``register_ascii_fallback`` registers: text for people written
to a stream that cannot encode a character (cp1252 on a Windows redirect, ASCII under
``LC_ALL=C``) gets an ASCII stand-in for it instead of a UnicodeEncodeError."""

# The symbols the tool and its data print, as a person would type them on a typewriter, one
# cell wide like the symbol, because rich has laid the table out for the symbol by the time
# the encoder meets it. Letters with accents need no entry: they lose the accent (é -> e).
# Only æ, ø and å take two letters, on an ASCII-only terminal (LC_ALL=C), where a column
# holding them may come out one cell wider.
_STAND_INS = {
    "\u26a0": "!",  # ⚠ a weekend or holiday warning
    "\u2192": ">",  # → followed by; internal deadline (one cell, as the arrow: columns stay)
    "\u2194": "=",  # ↔ related plan
    "\u2248": "~",  # ≈ maybe the same as
    "\u2022": "*",  # • a list item
    "\u00ab": '"',  # « the documents' quotes
    "\u00bb": '"',  # »
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u2013": "-",  # – en dash in spans
    "\u2014": "-",  # — em dash
    "\u2026": "~",  # … cut text (one cell, as the ellipsis)
    "\u00b7": "-",  # · between facts
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\ufeff": "",  # a byte-order mark
    "æ": "ae",
    "ø": "oe",
    "å": "aa",
    "Æ": "AE",
    "Ø": "OE",
    "Å": "AA",
    "ß": "ss",
    # the timeline: a day, a span, an uncertain range, the reference day, cut ends, the axis
    "\u25c6": "*",  # ◆
    "\u2588": "#",  # █
    "\u2591": ".",  # ░
    "\u250a": "|",  # ┊
    "\u25b2": "^",  # ▲
    "\u25c2": "<",  # ◂
    "\u25b8": ">",  # ▸
    "\u252c": "+",  # ┬
    "\u2500": "-",  # ─
    "\u2502": "|",  # │
}


def ascii_stand_in(char: str) -> str:
    """An ASCII stand-in for ``char``: a known symbol's (``⚠`` -> ``!``, ``ø`` -> ``oe``), an
    accented letter without its accent, else a visible escape (``\\u2603``) -- never ``?``,
    which the tool prints for an uncertain date."""
    if char in _STAND_INS:
        return _STAND_INS[char]
    import unicodedata

    bare = "".join(
        _STAND_INS.get(c, c)
        for c in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(c)
    )
    if bare and bare.isascii() and bare.isprintable() and "?" not in bare:
        return bare
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    stand_in = "".join(ascii_stand_in(c) for c in error.object[error.start : error.end])
    return stand_in, error.end


ASCII_CODEC = "vikentool-ascii"
"""ASCII under a name of its own, for a stream that ``register_ascii_fallback`` reconfigures:
click takes a stream whose encoding is called ``ascii`` for a misconfigured one and writes
``--help`` to it as UTF-8 bytes; under another name it writes through the stream, and the
fallback, like every other text for people."""

_registered = False


def register_ascii_fallback() -> None:
    """Register the ``vikentool-ascii`` error handler and codec (once; again is harmless)."""
    global _registered
    if _registered:
        return
    import codecs

    def find(name: str) -> codecs.CodecInfo | None:
        if name != ASCII_CODEC.replace("-", "_"):
            return None
        ascii_codec = codecs.lookup("ascii")
        return codecs.CodecInfo(
            ascii_codec.encode,
            ascii_codec.decode,
            streamreader=ascii_codec.streamreader,
            streamwriter=ascii_codec.streamwriter,
            incrementalencoder=ascii_codec.incrementalencoder,
            incrementaldecoder=ascii_codec.incrementaldecoder,
            name=ASCII_CODEC,
        )

    codecs.register_error(ASCII_FALLBACK, _ascii_fallback)
    codecs.register(find)
    _registered = True
