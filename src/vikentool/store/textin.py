"""Text a user hands the tool: a file, or ``-`` for standard input.

UTF-8 (with or without a BOM); a spreadsheet's other encodings when the caller accepts
them: UTF-16 with its BOM (Excel's "Unicode text") and Windows-1252 (Norwegian Excel's
plain "CSV (semikolondelt)", which ISO-8859-1 files also read correctly as).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from vikentool.errors import DataError, FileAccessError, os_reason
from vikentool.i18n import _

# A spreadsheet of every municipality in Norway is a few hundred kB; far larger is refused
# before it is read.
MAX_INPUT_BYTES = 32 * 1024 * 1024
# A UTF-8 sequence for a letter beyond ASCII: in a file that is not UTF-8 as a whole, a sign
# that two encodings are mixed ("Å" as UTF-8 would read as "Ã…" in Windows-1252).
_UTF8_LETTER = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
UTF8 = "UTF-8"
UTF16 = "UTF-16"
WINDOWS_1252 = "Windows-1252"


def read_text_input(
    path: str, spreadsheet: bool = False, document: bool = False
) -> tuple[str, str, str]:
    """The text of ``path`` (``-``: stdin), the name to cite it by in error lines, and the
    encoding it was read as; with ``spreadsheet``, also UTF-16 and Windows-1252. A
    ``document`` (plain text to read, not a CSV) is read the same way and named so in the
    messages."""
    if path == "-":
        source = "<stdin>"
        try:
            data = (
                sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
                if hasattr(sys.stdin, "buffer")
                else sys.stdin.read(MAX_INPUT_BYTES + 1).encode()
            )
        except OSError as exc:
            raise FileAccessError(
                f"{source}: " + _("cannot be read ({reason})").format(reason=os_reason(exc))
            ) from None
    else:
        try:
            with Path(path).open("rb") as stream:
                data = stream.read(MAX_INPUT_BYTES + 1)
        except IsADirectoryError:
            raise FileAccessError(
                f"{path}: "
                + (
                    _("is a directory, not a text file")
                    if document
                    else _("is a directory, not a CSV file")
                )
            ) from None
        except OSError as exc:
            raise FileAccessError(
                f"{path}: " + _("cannot be read ({reason})").format(reason=os_reason(exc))
            ) from None
        source = path
    if len(data) > MAX_INPUT_BYTES:
        raise DataError(
            [
                f"{source}: "
                + (
                    _("more than {limit} MiB; a document is far smaller")
                    if document
                    else _("more than {limit} MiB; a CSV of municipalities is far smaller")
                ).format(limit=MAX_INPUT_BYTES // 1_048_576)
            ]
        )
    if spreadsheet and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), source, UTF16
        except UnicodeDecodeError:
            raise DataError(
                [f"{source}:1: " + _("starts like UTF-16 text but is not; save it as UTF-8 CSV")]
            ) from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DataError(
            [
                f"{source}:{line}: "
                + (
                    _("holds NUL bytes (UTF-16 without a BOM?); save it as UTF-8 text")
                    if document
                    else _("holds NUL bytes (UTF-16 without a BOM?); save it as UTF-8 CSV")
                )
            ]
        )
    try:
        return data.decode("utf-8"), source, UTF8
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if spreadsheet and _UTF8_LETTER.search(data):
            mixed = (
                _("UTF-8 in places and not at line {line}: save the file as UTF-8 text")
                if document
                else _("UTF-8 in places and not at line {line}: save the file as UTF-8 CSV")
            )
            raise DataError([f"{source}:{line}: " + mixed.format(line=line)]) from None
        if spreadsheet:
            try:
                return data.decode("cp1252"), source, WINDOWS_1252
            except UnicodeDecodeError:
                pass
            message = (
                _("neither UTF-8 nor Windows-1252 text; save the file as UTF-8 text")
                if document
                else _("neither UTF-8 nor Windows-1252 text; save the file as UTF-8 CSV")
            )
        else:
            message = _("not UTF-8 text; save the file as UTF-8 CSV")
        raise DataError([f"{source}:{line}: {message}"]) from None
