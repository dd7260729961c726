"""``viken extract``: a document's dated expressions as candidate records, for review."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from vikentool.cli.app import note
from vikentool.cli.options import date_option, today_in_oslo
from vikentool.errors import UsageError
from vikentool.i18n import _

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vikentool.domain.catalog import Catalog
    from vikentool.domain.records import Document
    from vikentool.query.extract import Candidate


class ExtractFormat(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


class ExtractRequest(NamedTuple):
    path: str
    document_date: str | None
    source_id: str | None
    fmt: ExtractFormat
    output: Path | None
    score: bool = False


def run_extract(catalog: Catalog, asked: ExtractRequest) -> None:
    from vikentool.domain.records import SLUG
    from vikentool.query.extract import extract, scheme_names
    from vikentool.render.emit import emit_bytes, emit_text, to_json
    from vikentool.store.textin import UTF8, read_text_input

    if asked.source_id is not None and not re.fullmatch(SLUG, asked.source_id):
        raise UsageError(
            _("--source-id {value}: an id is lower-case a-z, 0-9 and '-'").format(
                value=repr(asked.source_id)
            )
        )
    today = today_in_oslo()
    typed_date = date_option("--document-date", asked.document_date, today)
    text, source, encoding = read_text_input(asked.path, spreadsheet=True, document=True)
    if encoding != UTF8:
        note(_("{source}: read as {encoding}").format(source=source, encoding=encoding))
    known = _known_document(catalog, asked)
    document_id = asked.source_id or (known.id if known else _slug_of(asked.path))
    given = typed_date or _document_day(known)
    candidates = extract(text, given or today, scheme_names(catalog.schemes))
    if given is None and any(c.year_from for c in candidates):
        note(
            _(
                "{source}: no --document-date; a year not written is counted from today, {day}"
            ).format(source=source, day=today.isoformat())
        )
    if asked.score:
        _print_score(catalog, document_id, candidates, asked.output)
    elif asked.fmt == ExtractFormat.json:
        emit_bytes(to_json([c.as_data() for c in candidates]).encode("utf-8"), asked.output)
    elif asked.fmt == ExtractFormat.yaml:
        from vikentool.render.extract import draft_yaml

        emit_bytes(draft_yaml(candidates, document_id, source).encode("utf-8"), asked.output)
    else:

        def draw(stream: TextIO) -> None:
            from vikentool.render.extract import candidates_table
            from vikentool.render.screen import console

            candidates_table(console(stream), candidates)

        emit_text(draw, asked.output)


def _known_document(catalog: Catalog, asked: ExtractRequest) -> Document | None:
    """The catalog's record of the document: by ``--source-id``, else by its file name."""
    if asked.source_id is not None:
        return catalog.document(asked.source_id)
    name = Path(asked.path).name
    return next((d for d in catalog.documents if d.file and d.file == name), None)


def _document_day(document: Document | None) -> dt.date | None:
    return document.date.earliest if document and document.date.is_exact_day else None


def _slug_of(path: str) -> str:
    from vikentool.query.text import slug

    return slug("stdin" if path == "-" else Path(path).stem) or "document"


def _print_score(
    catalog: Catalog, document_id: str, candidates: Sequence[Candidate], output: Path | None
) -> None:
    """Recall and precision against the records of the data that cite this document."""
    from vikentool.errors import DataError
    from vikentool.query.extract import LINE_DISTANCE, score
    from vikentool.render.emit import emit_bytes

    records = {
        i.id: (i.date, i.source.line)
        for i in catalog.items
        if i.source.document == document_id and i.source.line is not None
    }
    if not records:
        raise DataError(
            [
                _(
                    "no dated record in the data cites {document} with a line to compare with"
                ).format(document=document_id)
            ]
        )
    result = score(candidates, records)
    lines = [
        _(
            "recall {found}/{records} = {recall:.2f}, precision {matching}/{candidates} = "
            "{precision:.2f} ({document}; a candidate matches a record with the same possible "
            "days within {distance} lines, tentative where it is)"
        ).format(
            found=result.found,
            records=result.records,
            recall=result.recall,
            matching=result.matching,
            candidates=result.candidates,
            precision=result.precision,
            document=document_id,
            distance=LINE_DISTANCE,
        )
    ]
    lines += [_("missed: {id}").format(id=record_id) for record_id in result.missed]
    lines += [
        _("no record: line {line}, «{words}»").format(line=c.line, words=c.as_written)
        for c in result.unmatched
    ]
    from vikentool.render.terminal import clean

    emit_bytes(("\n".join(clean(line) for line in lines) + "\n").encode("utf-8"), output)
