"""Text a user hands the tool: a file, or ``-`` for standard input.

UTF-8 (with or without a BOM); a spreadsheet's other encodings when the caller accepts
them: UTF-16 with its BOM (Excel's "Unicode text") and Windows-1252 (Norwegian Excel's
plain "CSV (semikolondelt)", which ISO-8859-1 files also read correctly as).
"""

from __future__ import annotations

import sys
from pathlib import Path

from vikentool.errors import DataError, FileAccessError, os_reason
from vikentool.i18n import _

UTF8 = "UTF-8"
UTF16 = "UTF-16"
WINDOWS_1252 = "Windows-1252"


def read_text_input(path: str, spreadsheet: bool = False) -> tuple[str, str, str]:
    """The text of ``path`` (``-``: stdin), the name to cite it by in error lines, and the
    encoding it was read as; with ``spreadsheet``, also UTF-16 and Windows-1252."""
    if path == "-":
        data = (
            sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        )
        source = "<stdin>"
    else:
        try:
            data = Path(path).read_bytes()
        except IsADirectoryError:
            raise FileAccessError(f"{path}: " + _("is a directory, not a CSV file")) from None
        except OSError as exc:
            raise FileAccessError(
                f"{path}: " + _("cannot be read ({reason})").format(reason=os_reason(exc))
            ) from None
        source = path
    if spreadsheet and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), source, UTF16
        except UnicodeDecodeError:
            raise DataError(
                [f"{source}:1: " + _("starts like UTF-16 text but is not; save it as UTF-8 CSV")]
            ) from None
    try:
        return data.decode("utf-8"), source, UTF8
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if spreadsheet:
            try:
                return data.decode("cp1252"), source, WINDOWS_1252
            except UnicodeDecodeError:
                pass
            message = _("neither UTF-8 nor Windows-1252 text; save the file as UTF-8 CSV")
        else:
            message = _("not UTF-8 text; save the file as UTF-8 CSV")
        raise DataError([f"{source}:{line}: {message}"]) from None
