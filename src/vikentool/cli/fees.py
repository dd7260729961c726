"""``viken fee`` and ``viken municipalities``: the fee by population, by municipality, for the
whole region or a CSV of municipalities, and the register it looks populations up in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from vikentool.cli.app import note, warn
from vikentool.cli.options import OutputFormat, check_excel, read_option
from vikentool.errors import NotFoundError, UsageError
from vikentool.i18n import _

if TYPE_CHECKING:
    from vikentool.domain.catalog import Catalog
    from vikentool.query.fees import FeeRequest, Lookup
    from vikentool.query.municipalities import Counted


# Warnings about one CSV shown line by line before they are counted instead.
SHOWN_WARNINGS = 10


class FeeRequestOptions(NamedTuple):
    """What ``viken fee`` was asked for: exactly one of the first five."""

    populations: list[str]
    municipalities: list[str]
    region: bool
    table: bool
    from_csv: str | None
    network: str | None
    fmt: OutputFormat
    excel: bool
    output: Path | None


def run_fee(catalog: Catalog, asked: FeeRequestOptions) -> None:
    from vikentool.query import fees
    from vikentool.render import fees as text
    from vikentool.render.emit import emit
    from vikentool.render.terminal import text_width

    check_excel(asked.fmt, asked.excel)
    modes = [
        bool(asked.populations),
        bool(asked.municipalities),
        asked.region,
        asked.table,
        asked.from_csv is not None,
    ]
    if sum(modes) != 1:
        raise UsageError(
            _("give one of --population N, --kommune NAME, --region, --table or --from-csv FILE")
        )
    network = fees.fee_network(catalog, asked.network)
    fee_table = network.fee
    assert fee_table is not None  # fee_network chooses a network with a table

    if asked.table:
        brackets = fees.bracket_rows(fee_table)

        def brackets_text(out: TextIO) -> None:
            out.write(text.fee_brackets_text(network, brackets, width=text_width(out)))

        emit(
            brackets,
            fees.BRACKET_FIELDS,
            asked.fmt,
            table=brackets_text,
            excel=asked.excel,
            output=asked.output,
        )
        return

    if asked.region:
        from vikentool.query.municipalities import require_register

        wanted = [fees.request_for(e) for e in require_register(catalog)]
        rows = fees.quote_rows(wanted, fee_table, network.id, named=True)
        document = fees.region_document(rows, fee_table)

        def region_text(out: TextIO) -> None:
            out.write(text.region_text(network, document, width=text_width(out)))

        emit(
            rows,
            fees.NAMED_QUOTE_FIELDS,
            asked.fmt,
            table=region_text,
            excel=asked.excel,
            json_document=document,
            output=asked.output,
        )
        return

    named = not asked.populations
    if asked.populations:
        wanted = [
            fees.FeeRequest("", read_option("--population", fees.parse_population, raw), 0)
            for raw in asked.populations
        ]
    elif asked.municipalities:
        wanted = _named_requests(catalog, asked.municipalities)
    else:
        assert asked.from_csv is not None
        wanted = _csv_requests(catalog, asked.from_csv)
    rows = fees.quote_rows(wanted, fee_table, network.id, named=named)
    for warning in fees.implausible_warnings(wanted):
        warn(warning)

    def quotes_text(out: TextIO) -> None:
        out.write(text.fee_quotes_text(network, rows, named, width=text_width(out)))

    single = len(rows) == 1 and asked.from_csv is None
    emit(
        rows,
        fees.NAMED_QUOTE_FIELDS if named else fees.QUOTE_FIELDS,
        asked.fmt,
        table=quotes_text,
        excel=asked.excel,
        json_document=rows[0] if single else None,
        output=asked.output,
    )


def _lookup(catalog: Catalog, entries: list[Counted], where: str) -> Lookup:
    """A function from what a user typed to the register's entry, telling them (once per
    name) when a name without its county in brackets was taken as the one in the register."""
    from vikentool.query.municipalities import find_municipality, register_scope

    scope = register_scope(catalog, entries)
    told: set[str] = set()

    def lookup(typed: str) -> Counted:
        found = find_municipality(typed, entries, scope)
        entry = found.counted
        if found.qualified and entry.number not in told:
            told.add(entry.number)
            note(
                _("{where}{typed}: taken as {name} ({number}), the one in the register").format(
                    where=where, typed=typed.strip(), name=entry.name, number=entry.number
                )
            )
        return entry

    return lookup


def _named_requests(catalog: Catalog, typed: list[str]) -> list[FeeRequest]:
    from vikentool.query.fees import request_for
    from vikentool.query.municipalities import require_register

    lookup = _lookup(catalog, require_register(catalog), "--kommune ")
    wanted: dict[str, FeeRequest] = {}
    for name in typed:
        try:
            entry = read_option("--kommune", lookup, name)
        except NotFoundError as exc:
            raise NotFoundError(f"--kommune: {exc}") from None
        if entry.number in wanted:
            note(_("--kommune {typed}: {name} is named twice; counted once").format(
                typed=name.strip(), name=entry.name
            ))  # fmt: skip
            continue
        wanted[entry.number] = request_for(entry)
    return list(wanted.values())


def _csv_requests(catalog: Catalog, path: str) -> list[FeeRequest]:
    from vikentool.query.fees import read_population_csv
    from vikentool.query.municipalities import name_key, register
    from vikentool.store.textin import UTF8, read_text_input

    text, source, encoding = read_text_input(path, spreadsheet=True)
    if encoding != UTF8:
        note(_("{source}: read as {encoding}").format(source=source, encoding=encoding))
    entries = register(catalog)
    lookup = _lookup(catalog, entries, f"{source}: ") if entries else None
    wanted = read_population_csv(text, source, lookup)
    first_line: dict[str, int] = {}
    twice: list[str] = []
    for request in wanted:
        key = request.number or name_key(request.name)
        if key in first_line:
            twice.append(
                _("{source}:{line}: {name} is also on line {first}; both are counted").format(
                    source=source, line=request.line, name=request.name, first=first_line[key]
                )
            )
        else:
            first_line[key] = request.line
    for warning in twice[:SHOWN_WARNINGS]:
        warn(warning)
    if len(twice) > SHOWN_WARNINGS:
        warn(
            _("{source}: {count} more municipalities are on more than one line").format(
                source=source, count=len(twice) - SHOWN_WARNINGS
            )
        )
    return wanted


def run_municipalities(
    catalog: Catalog,
    *,
    search: str | None,
    fmt: OutputFormat,
    excel: bool,
    output: Path | None,
) -> None:
    from vikentool.query.fees import MUNICIPALITY_FIELDS, municipality_rows
    from vikentool.query.municipalities import matching, require_register
    from vikentool.render.emit import emit
    from vikentool.render.fees import municipalities_text
    from vikentool.render.terminal import text_width

    check_excel(fmt, excel)
    rows = municipality_rows(catalog, matching(require_register(catalog), search))

    def table(out: TextIO) -> None:
        if not rows:
            out.write(_("No municipality matches {text}.").format(text=repr(search)) + "\n")
            return
        out.write(municipalities_text(rows, width=text_width(out)))

    emit(rows, MUNICIPALITY_FIELDS, fmt, table=table, excel=excel, output=output)
