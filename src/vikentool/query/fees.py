"""The learning-network participation fee. The table lives in the data, never in code."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from vikentool.domain.catalog import Catalog
from vikentool.domain.records import FeeTable, Network
from vikentool.errors import DataError, NotFoundError, UsageError
from vikentool.i18n import _
from vikentool.query.text import find_id, suggest

if TYPE_CHECKING:
    from _csv import Reader

    # The register is read only when a municipality is named: ``fee -p`` never imports it.
    from vikentool.query.municipalities import Counted

# Oslo, Norway's largest municipality, had about 709 000 inhabitants in 2022; a population
# far above it is almost certainly a typing mistake, so it is accepted with a warning.
LARGEST_MUNICIPALITY = 720_000


class FeeQuote(NamedTuple):
    population: int
    fee_nok: int
    bracket_min: int
    bracket_max: int | None
    as_written: str


def fee_for_population(population: int, table: FeeTable | None = None) -> FeeQuote:
    """The one-off fee for a municipality of ``population`` inhabitants.

    ``table`` defaults to the fee table in the embedded (or ``$VIKEN_DATA_DIR``) data. The
    table is validated to cover every population from 1 upwards exactly once.
    """
    if isinstance(population, bool) or not isinstance(population, int):
        raise UsageError(
            _("population must be a whole number, got {value}").format(value=repr(population))
        )
    if population < 1:
        raise UsageError(_("population must be 1 or more, got {value}").format(value=population))
    if table is None:
        from vikentool.model.load import load_catalog

        network = fee_network(load_catalog())
        assert network.fee is not None
        table = network.fee
    brackets = table.brackets
    index = bisect.bisect_right([b.min for b in brackets], population) - 1
    if index < 0:
        raise DataError(
            [_("the fee table has no bracket for a population of {value}").format(value=population)]
        )
    bracket = brackets[index]
    return FeeQuote(
        population=population,
        fee_nok=bracket.fee_nok,
        bracket_min=bracket.min,
        bracket_max=bracket.max,
        as_written=bracket.as_written,
    )


# Header names a municipality's spreadsheet may use, in bokmål, nynorsk, English and as
# Statistics Norway names its columns ("region" holds "K-3001 Halden" in its exports).
_NAME_HEADERS = ("kommune", "navn", "namn", "kommunenavn", "kommunenamn", "name")
_NUMBER_HEADERS = ("kommunenummer", "kommunenr", "knr", "nummer", "number", "region")
# A population header may go on with its date: "innbyggere_2021_01_01", "Persons 2021".
_POPULATION_HEADERS = ("innbyggere", "innbyggertall", "innbyggjarar", "innbyggjartal",
                       "folketall", "folketal", "folkemengde", "population", "persons")  # fmt: skip
_NUMBER_CELL = re.compile(r"^(?:K-)?([0-9]{4})(?:\s|$)", re.IGNORECASE)


def _is_population_header(header: str) -> bool:
    return any(
        header == word or (header.startswith(word) and not header[len(word)].isalpha())
        for word in _POPULATION_HEADERS
    )


def parse_population(text: str) -> int:
    """A population as a person types it: digits, optionally grouped by spaces ("6 200"), also
    the no-break spaces a spreadsheet or a word processor puts there (U+00A0, U+202F)."""
    compact = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", compact):  # 6.200, as the source writes kr 14.125
        compact = compact.replace(".", "")
    digits = compact.replace(" ", "")
    if not digits.isascii() or not digits.isdigit() or "  " in compact:
        raise UsageError(
            _("{value} is not a whole number of inhabitants").format(value=repr(text.strip()))
        )
    value = int(digits)
    if value < 1:
        raise UsageError(_("{value}: a population is 1 or more").format(value=repr(text.strip())))
    return value


class FeeRequest(NamedTuple):
    """A municipality to price: its name as given (empty for a bare population), its
    population, the CSV line it came from (0 if typed), and the register's entry when the
    population was looked up there."""

    name: str
    population: int
    line: int
    entry: Counted | None = None
    number: str | None = None


Lookup = Callable[[str], "Counted"]

# Rows of --from-csv read at most: every municipality of Norway many times over, and a bound
# on the memory a file of the size the reader accepts could take.
MAX_CSV_ROWS = 10_000


def request_for(entry: Counted) -> FeeRequest:
    """A municipality of the register, priced by its population there."""
    return FeeRequest(entry.name, entry.population, 0, entry, entry.number)


def read_population_csv(text: str, source: str, lookup: Lookup | None = None) -> list[FeeRequest]:
    """Rows naming a municipality (a name and/or a number column) and giving its population,
    or, with ``lookup`` (the register), a number or name to look the population up by.

    ``,``, ``;`` or tabs between fields, an optional BOM. Every bad row is reported, by line,
    in one ``DataError``; nothing is returned unless every row is good.
    """
    import csv
    import io

    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _read_rows(reader, source, lookup)
    except csv.Error as exc:
        raise DataError(
            [
                f"{source}:{reader.line_num}: "
                + _(
                    "not readable as CSV ({reason}); a field may be missing its closing quote"
                ).format(reason=exc)
            ]
        ) from None


def _read_rows(reader: Reader, source: str, lookup: Lookup | None) -> list[FeeRequest]:
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        raise DataError(
            [f"{source}:1: " + _("the file is empty; expected a header like 'kommune,innbyggere'")]
        )
    names = [cell.strip().lower() for cell in header]
    name_col = next((i for i, h in enumerate(names) if h in _NAME_HEADERS), None)
    number_col = next((i for i, h in enumerate(names) if h in _NUMBER_HEADERS), None)
    pop_col = next((i for i, h in enumerate(names) if _is_population_header(h)), None)
    if (name_col is None and number_col is None) or (pop_col is None and lookup is None):
        raise DataError(
            [
                f"{source}:1: "
                + _(
                    "the header {header} needs a name column ({names}) or a number column "
                    "({numbers}), and a population column ({populations}) unless the "
                    "population is looked up in the register"
                ).format(
                    header=repr(header),
                    names="/".join(_NAME_HEADERS),
                    numbers="/".join(_NUMBER_HEADERS),
                    populations="/".join(_POPULATION_HEADERS),
                )
            ]
        )
    used = [c for c in (name_col, number_col, pop_col) if c is not None]
    problems: list[str] = []
    rows: list[FeeRequest] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) + len(problems) == MAX_CSV_ROWS:
            raise DataError(
                [
                    f"{source}:{line}: "
                    + _(
                        "more than {count} municipalities; Norway has fewer than 400, so this "
                        "is not a list of municipalities"
                    ).format(count=MAX_CSV_ROWS)
                ]
            )
        if len(cells) <= max(used):
            problems.append(
                f"{source}:{line}: "
                + _("expected {wanted} fields, found {found}").format(
                    wanted=len(header), found=len(cells)
                )
            )
            continue
        try:
            rows.append(_request(cells, line, name_col, number_col, pop_col, lookup))
        except (UsageError, NotFoundError) as exc:  # the row's own problem
            problems.append(f"{source}:{line}: {exc}")
    if problems:
        raise DataError(problems)
    if not rows:
        raise DataError([f"{source}:2: " + _("no municipalities below the header")])
    return rows


def _request(
    cells: list[str],
    line: int,
    name_col: int | None,
    number_col: int | None,
    pop_col: int | None,
    lookup: Lookup | None,
) -> FeeRequest:
    """One CSV row as a request; ``ValueError`` (a ``UsageError``) says what is wrong."""
    from vikentool.query.municipalities import names_it

    name = cells[name_col].strip() if name_col is not None else ""
    number_cell = cells[number_col].strip() if number_col is not None else ""
    typed = cells[pop_col].strip() if pop_col is not None else ""
    entry = None
    number = None
    if number_cell:
        found = _NUMBER_CELL.match(number_cell)
        if found is None:
            raise UsageError(
                _("{value} is not a kommunenummer (four digits)").format(value=repr(number_cell))
            )
        number = found.group(1)
        if lookup is not None:
            entry = lookup(number)
            if name and not names_it(name, entry):
                raise UsageError(
                    _("{number} is {name} in the register, not {typed}").format(
                        number=entry.number, name=entry.name, typed=repr(name)
                    )
                )
    elif not name:
        raise UsageError(_("the name is empty"))
    elif lookup is not None and not typed:
        entry = lookup(name)
    label = name or (entry.name if entry else number_cell)
    if entry is not None and not typed:
        return request_for(entry)._replace(name=label, line=line)
    if not typed:
        raise UsageError(
            f"{label}: " + _("no population given, and no register to look it up in")
            if lookup is None
            else f"{label}: " + _("no population given")
        )
    try:
        return FeeRequest(label, parse_population(typed), line, number=number)  # the user's figure
    except UsageError as exc:
        raise UsageError(f"{label}: {exc}") from None


# --- rows -----------------------------------------------------------------------------------

QUOTE_FIELDS = (
    "population",
    "fee_nok",
    "bracket_min",
    "bracket_max",
    "bracket",
    "as_written",
    "network",
)
# A named municipality's row adds where its population figure is from: the register's
# number, count date and source when it was looked up there.
NAMED_QUOTE_FIELDS = ("name", *QUOTE_FIELDS, "number", "population_date", "population_source")
BRACKET_FIELDS = ("bracket_min", "bracket_max", "bracket", "fee_nok", "as_written")


def bracket_label(low: int, high: int | None) -> str:
    """``5 001-7 500 innbyggere``, ``opp til 5 000 innbyggere``, ``40 001 innbyggere og mer``."""
    from vikentool.domain.numbers import norwegian_number as n

    if high is None:
        return f"{n(low)} innbyggere og mer"
    if low == 1:
        return f"opp til {n(high)} innbyggere"
    return f"{n(low)}-{n(high)} innbyggere"


def bracket_rows(table: FeeTable) -> list[dict[str, Any]]:
    return [
        {
            "bracket_min": b.min,
            "bracket_max": b.max,
            "bracket": bracket_label(b.min, b.max),
            "fee_nok": b.fee_nok,
            "as_written": b.as_written,
        }
        for b in table.brackets
    ]


def quote_fields(quote: FeeQuote) -> dict[str, Any]:
    """The fee part of a row: what ``fee`` and ``municipalities`` both show of a quote."""
    return {
        "fee_nok": quote.fee_nok,
        "bracket_min": quote.bracket_min,
        "bracket_max": quote.bracket_max,
        "bracket": bracket_label(quote.bracket_min, quote.bracket_max),
        "as_written": quote.as_written,
    }


def quote_rows(
    requests: Sequence[FeeRequest], table: FeeTable, network_id: str, named: bool
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for m in requests:
        quote = fee_for_population(m.population, table)
        row: dict[str, Any] = {"name": m.name} if named else {}
        row.update(population=quote.population, **quote_fields(quote), network=network_id)
        if named:
            row.update(number=m.number, population_date=None, population_source=None)
            if m.entry is not None:
                from vikentool.query.municipalities import population_fields

                row.update(population_fields(m.entry))
        rows.append(row)
    return rows


def region_document(rows: Sequence[dict[str, Any]], table: FeeTable) -> dict[str, Any]:
    """``fee --region`` as JSON: every municipality's row, the total, and how many
    municipalities fall in each bracket of the table (those with none too)."""
    per_bracket = []
    for bracket in bracket_rows(table):
        members = [r for r in rows if r["bracket_min"] == bracket["bracket_min"]]
        per_bracket.append(
            {
                **bracket,
                "municipalities": len(members),
                "total_nok": sum(r["fee_nok"] for r in members),
            }
        )
    return {
        "network": rows[0]["network"] if rows else None,
        "population_date": rows[0]["population_date"] if rows else None,
        "population_source": rows[0]["population_source"] if rows else None,
        "municipalities": list(rows),
        "total": {
            "municipalities": len(rows),
            "population": sum(r["population"] for r in rows),
            "fee_nok": sum(r["fee_nok"] for r in rows),
        },
        "brackets": per_bracket,
    }


def implausible_warnings(municipalities: Sequence[FeeRequest]) -> list[str]:
    from vikentool.domain.numbers import norwegian_number

    return [
        (f"{m.name}: " if m.name else "")
        + _(
            "population {population} is more than any Norwegian municipality has "
            "(Oslo: about 700 000); check the number"
        ).format(population=norwegian_number(m.population))
        for m in municipalities
        if m.population > LARGEST_MUNICIPALITY
    ]


def fee_network(catalog: Catalog, network_id: str | None = None) -> Network:
    """The network whose fee table to use: the one named, or the first with a table."""
    if network_id is not None:
        known = [n.id for n in catalog.networks if n.fee is not None]
        found = find_id(network_id, known)
        if found is None:
            raise NotFoundError(
                _("no network {id} with a fee table").format(id=repr(network_id))
                + suggest(network_id, known)
            )
        network_id = found
    network = catalog.fee_network(network_id)
    if network is not None:
        return network
    raise DataError([f"{catalog.location}: " + _("no network in plans.yaml has a fee table")])


# --- the register -----------------------------------------------------------------------------

_NETWORK_FEE_FIELDS = (
    "network",
    "network_name",
    "bracket_min",
    "bracket_max",
    "bracket",
    "fee_nok",
    "as_written",
)
MUNICIPALITY_FIELDS = (
    "number",
    "name",
    "county",
    "county_name",
    "population",
    "population_date",
    "population_source",
    *_NETWORK_FEE_FIELDS,
    "valid_from",
    "valid_to",
)


def municipality_rows(catalog: Catalog, entries: Sequence[Counted]) -> list[dict[str, Any]]:
    """One row per municipality and network with a fee table (one row with no fee if no
    network has one): the register's facts beside the fee they give."""
    from vikentool.query.municipalities import county_name, population_fields

    networks = [n for n in catalog.networks if n.fee is not None]
    rows: list[dict[str, Any]] = []
    for entry in entries:
        m = entry.municipality
        base: dict[str, Any] = {
            "number": m.number,
            "name": m.name,
            "county": m.county,
            "county_name": county_name(catalog, m.county),
            "population": entry.population,
            **population_fields(entry),
        }
        fees: list[dict[str, Any]] = [dict.fromkeys(_NETWORK_FEE_FIELDS)]
        if networks:
            fees = []
            for network in networks:
                assert network.fee is not None
                quote = fee_for_population(entry.population, network.fee)
                fee = {"network": network.id, "network_name": network.name, **quote_fields(quote)}
                fees.append({key: fee[key] for key in _NETWORK_FEE_FIELDS})
        for fee in fees:
            rows.append({**base, **fee, "valid_from": m.valid_from, "valid_to": m.valid_to})
    return rows
