"""Rows out as JSON, CSV or a table for people: the one way every listing command prints.

JSON and CSV never change with the terminal or the language: the keys are the field names,
and the bytes are UTF-8 whatever the encoding of stdout (a Windows redirect is cp1252). Text
for people is written in stdout's encoding, which stands in ASCII for what it cannot show
(``cli.app.prepare_streams``).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any


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
    text = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: Iterable[Mapping[str, Any]], fields: Sequence[str], excel: bool = False) -> str:
    """A header row and one row per item. ``excel``: BOM and ``;`` for Norwegian Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_cell(row.get(f)) for f in fields])
    return ("\ufeff" if excel else "") + buffer.getvalue()


def emit(
    rows: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    fmt: str,
    *,
    table: Callable[[], None],
    excel: bool = False,
    json_document: Any = None,
) -> None:
    """Print ``rows``: ``json`` (an array, or ``json_document`` if given), ``csv`` (a header of
    ``fields``), or ``table``, which calls the command's own table for people."""
    if fmt == "json":
        document = rows if json_document is None else json_document
        emit_bytes(to_json(document).encode("utf-8"))
    elif fmt == "csv":
        emit_bytes(to_csv(rows, fields, excel=excel).encode("utf-8"))
    else:
        table()


def emit_bytes(data: bytes) -> None:
    """``data`` as they are, to stdout's binary stream: UTF-8 stays UTF-8 whatever the
    stream's encoding."""
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stream (an embedding program's): its own encoding
        sys.stdout.write(data.decode("utf-8"))
    else:
        binary.write(data)
