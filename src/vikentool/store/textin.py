"""Text a user hands the tool: a file, or ``-`` for standard input, as UTF-8."""

from __future__ import annotations

import sys
from pathlib import Path

from vikentool.errors import DataError, FileAccessError, os_reason
from vikentool.i18n import _


def read_text_input(path: str) -> tuple[str, str]:
    """The text of ``path`` (``-``: stdin) and the name to cite it by in error lines."""
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
    try:
        return data.decode("utf-8"), source
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            [f"{source}:{line}: " + _("not UTF-8 text; save the file as UTF-8 CSV")]
        ) from None
