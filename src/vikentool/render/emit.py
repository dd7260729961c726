"""Rows out as JSON, CSV or a table for people: the one way every listing command prints.

JSON and CSV never change with the terminal or the language: the keys are the field names,
and the bytes are UTF-8 whatever the encoding of stdout (a Windows redirect is cp1252). Text
for people is written in stdout's encoding, which stands in ASCII for what it cannot show
(``cli.app.prepare_streams``). With ``output`` a file, either is written all or nothing;
text for people then as UTF-8 and plain, at ``$COLUMNS`` or 80 columns.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from vikentool.render.terminal import UNSAFE, clean, is_terminal

Draw = Callable[[TextIO], None]
"""Draws text for people on the stream it is given (a console of its own, or plain text)."""


def to_json(document: Any) -> str:
    return "".join(json_chunks(document))


def json_chunks(document: Any) -> Iterator[str]:
    """``to_json`` in pieces, for a file too large to hold twice in memory. The characters
    ``terminal.clean`` shows as codes are written as JSON's ``\\uXXXX`` escapes: the same
    value for a program, nothing that acts or hides on a screen, and no lone surrogate
    that UTF-8 cannot hold."""
    pending: list[str] = []
    held = 0
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(document):
        pending.append(chunk)
        held += len(chunk)
        if held >= _JSON_BATCH:
            yield UNSAFE.sub(_json_escape, "".join(pending))
            pending, held = [], 0
    pending.append("\n")
    yield UNSAFE.sub(_json_escape, "".join(pending))


_JSON_BATCH = 1 << 16  # characters gathered before they are checked and handed on


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


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
    text = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: Iterable[Mapping[str, Any]], fields: Sequence[str], excel: bool = False) -> str:
    """A header row and one row per item. ``excel``: BOM and ``;`` for Norwegian Excel."""
    return "".join(csv_chunks(rows, fields, excel))


def csv_chunks(
    rows: Iterable[Mapping[str, Any]], fields: Sequence[str], excel: bool = False
) -> Iterator[str]:
    """``to_csv`` a line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    if excel:
        yield "\ufeff"
    for values in (fields, *([csv_cell(row.get(f)) for f in fields] for row in rows)):
        writer.writerow(values)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def emit(
    rows: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    fmt: str,
    *,
    table: Draw,
    excel: bool = False,
    json_document: Any = None,
    output: Path | None = None,
) -> None:
    """Print ``rows``: ``json`` (an array, or ``json_document`` if given), ``csv`` (a header of
    ``fields``), or ``table``, which draws the command's own table for people on the stream
    it is given. ``output``: a file to write instead of stdout (``-`` is stdout)."""
    if fmt == "json":
        document = rows if json_document is None else json_document
        emit_bytes(to_json(document).encode("utf-8"), output)
    elif fmt == "csv":
        text = to_csv(rows, fields, excel=excel)
        if output_file(output) is None and is_terminal(sys.stdout):
            # CSV has no escapes of its own: on a screen, the data's text is shown safe
            # (and Excel's byte-order mark, which means nothing there, is left out).
            text = clean(text.removeprefix("\ufeff").replace("\r\n", "\n"))
        emit_bytes(text.encode("utf-8"), output)
    else:
        emit_text(table, output)


def output_file(output: Path | None) -> Path | None:
    """The file ``-o/--output`` names; None for stdout (no option, or ``-``)."""
    return None if output is None or str(output) == "-" else output


def emit_bytes(data: bytes, output: Path | None = None) -> None:
    """``data`` as they are: to stdout's binary stream, or atomically to the file ``output``."""
    target = output_file(output)
    if target is not None:
        from vikentool.store.output import write_file

        write_file(target, data)
        return
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stream (an embedding program's): its own encoding
        sys.stdout.write(data.decode("utf-8"))
    else:
        binary.write(data)


def emit_text(draw: Draw, output: Path | None = None) -> None:
    """Text for people: drawn on stdout, or drawn plain into memory (so a failure leaves no
    partial file) and written to the file ``output`` as UTF-8, atomically."""
    target = output_file(output)
    if target is None:
        draw(sys.stdout)
        return
    from vikentool.store.output import write_file

    text = io.StringIO()
    draw(text)
    write_file(target, text.getvalue().encode("utf-8"))
