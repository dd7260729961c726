"""The learning-network participation fee. The table lives in the data, never in code."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from vikentool.domain.catalog import Catalog
from vikentool.domain.records import FeeTable, Network
from vikentool.errors import DataError, NotFoundError, UsageError
from vikentool.i18n import _
from vikentool.query.text import find_id, suggest

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
# Statistics Norway names its columns.
_NAME_HEADERS = ("kommune", "navn", "namn", "kommunenavn", "kommunenamn", "name")
_POPULATION_HEADERS = ("innbyggere", "innbyggertall", "innbyggjarar", "innbyggjartal",
                       "folketall", "folketal", "population")  # fmt: skip


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


class Municipality(NamedTuple):
    name: str
    population: int
    line: int


def read_population_csv(text: str, source: str) -> list[Municipality]:
    """Rows of a name column (kommune/name) and a population column (innbyggere/population).

    ``,`` or ``;`` between fields, an optional UTF-8 BOM. Every bad row is reported, by line,
    in one ``DataError``; nothing is returned unless every row is good.
    """
    import csv
    import io

    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        raise DataError(
            [f"{source}:1: " + _("the file is empty; expected a header like 'kommune,innbyggere'")]
        )
    names = [cell.strip().lower() for cell in header]
    name_col = next((i for i, h in enumerate(names) if h in _NAME_HEADERS), None)
    pop_col = next((i for i, h in enumerate(names) if h in _POPULATION_HEADERS), None)
    if name_col is None or pop_col is None:
        raise DataError(
            [
                f"{source}:1: "
                + _(
                    "the header {header} needs a name column ({names}) "
                    "and a population column ({populations})"
                ).format(
                    header=repr(header),
                    names="/".join(_NAME_HEADERS),
                    populations="/".join(_POPULATION_HEADERS),
                )
            ]
        )
    problems: list[str] = []
    rows: list[Municipality] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) <= max(name_col, pop_col):
            problems.append(
                f"{source}:{line}: "
                + _("expected {wanted} fields, found {found}").format(
                    wanted=len(header), found=len(cells)
                )
            )
            continue
        name = cells[name_col].strip()
        if not name:
            problems.append(f"{source}:{line}: " + _("the name is empty"))
            continue
        try:
            population = parse_population(cells[pop_col])
        except ValueError as exc:
            problems.append(f"{source}:{line}: {name}: {exc}")
            continue
        rows.append(Municipality(name, population, line))
    if problems:
        raise DataError(problems)
    if not rows:
        raise DataError([f"{source}:2: " + _("no municipalities below the header")])
    return rows


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


def quote_rows(
    municipalities: Sequence[Municipality], table: FeeTable, network_id: str, named: bool
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for m in municipalities:
        quote = fee_for_population(m.population, table)
        row: dict[str, Any] = {"name": m.name} if named else {}
        row.update(
            population=quote.population,
            fee_nok=quote.fee_nok,
            bracket_min=quote.bracket_min,
            bracket_max=quote.bracket_max,
            bracket=bracket_label(quote.bracket_min, quote.bracket_max),
            as_written=quote.as_written,
            network=network_id,
        )
        rows.append(row)
    return rows


def implausible_warnings(municipalities: Sequence[Municipality]) -> list[str]:
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
