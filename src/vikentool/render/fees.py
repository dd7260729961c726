"""The learning network's fee and the municipality register as plain text for people.

Plain aligned columns (``tables.plain_table``), laid out to the width they are given; the
population figures are always followed by the line that names their date and source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from vikentool.domain.numbers import norwegian_number
from vikentool.domain.records import Network
from vikentool.i18n import _, ngettext
from vikentool.render.present import day_text
from vikentool.render.tables import paragraph, plain_table
from vikentool.render.terminal import clean

Row = Mapping[str, Any]


def bracket_text(low: int, high: int | None) -> str:
    """A fee bracket in the interface language: ``5 001–7 500 innbyggere``."""
    if high is None:
        return _("{low} inhabitants or more").format(low=norwegian_number(low))
    if low == 1:
        return _("up to {high} inhabitants").format(high=norwegian_number(high))
    return _("{low}–{high} inhabitants").format(
        low=norwegian_number(low), high=norwegian_number(high)
    )


def _footer(network: Network, width: int) -> str:
    note = network.fee.note if network.fee else None
    if not note:
        text = _("One-off fee per municipality; travel and accommodation come on top.")
        return f"\n{paragraph(text, width)}\n"
    text = _("One-off fee per municipality; travel and accommodation come on top:")
    return f"\n{paragraph(text, width)}\n{paragraph(f'«{clean(note)}»', width)}\n"


def _heading(network: Network, width: int) -> str:
    return paragraph(clean(f"{network.name} ({network.organiser})"), width)


def population_source_text(rows: Sequence[Row], width: int) -> str:
    """``Innbyggere 1. januar 2021: Statistisk sentralbyrå (SSB), tabell 07459, ...``, once
    for each count the rows' figures come from; nothing if none was looked up."""
    counts = dict.fromkeys(
        (r["population_date"], r["population_source"]) for r in rows if r.get("population_date")
    )
    lines = [
        paragraph(
            _("Inhabitants on {day}: {source}.").format(
                day=day_text(date.fromisoformat(day)), source=clean(source)
            ),
            width,
        )
        for day, source in counts
    ]
    return "".join(f"\n{line}\n" for line in lines)


def fee_brackets_text(network: Network, rows: Sequence[Row], width: int = 80) -> str:
    """The whole fee table, laid out to ``width`` columns."""
    body = [
        (bracket_text(r["bracket_min"], r["bracket_max"]), norwegian_number(r["fee_nok"]))
        for r in rows
    ]
    table = plain_table((_("Inhabitants"), _("Fee (NOK)")), body, right=(1,), width=width)
    return f"{_heading(network, width)}\n\n{table}{_footer(network, width)}"


def _municipalities(count: int) -> str:
    return ngettext("{count} municipality", "{count} municipalities", count).format(count=count)


def fee_quotes_text(network: Network, rows: Sequence[Row], named: bool, width: int = 80) -> str:
    """The quotes as aligned columns, laid out to ``width``: with names (a CSV, ``--kommune``,
    ``--region``) the kommunenummer where known and, for more than one, a total line."""
    table = _quote_table(rows, named, width)
    sources = population_source_text(rows, width)
    return f"{_heading(network, width)}\n\n{table}{sources}{_footer(network, width)}"


class Column(NamedTuple):
    header: str
    cells: list[str]
    right: bool = False
    # Left out, in this order, when the table is wider than the terminal (0: always kept).
    give_way: int = 0


def fitted_table(columns: Sequence[Column], width: int) -> str:
    """``plain_table`` of the columns, leaving out those that give way (first the one
    with the lowest ``give_way``) while the table is wider than ``width``."""
    kept = list(columns)
    while True:
        table = plain_table(
            [c.header for c in kept],
            list(zip(*(c.cells for c in kept), strict=True)),
            right=[i for i, c in enumerate(kept) if c.right],
            width=width,
        )
        optional = [c for c in kept if c.give_way]
        if not optional or max(len(line) for line in table.splitlines()) <= width:
            return table
        kept.remove(min(optional, key=lambda c: c.give_way))


def _quote_table(rows: Sequence[Row], named: bool, width: int) -> str:
    total = named and len(rows) > 1
    numbers = [r.get("number") or "" for r in rows] + ([""] if total else [])
    populations = [norwegian_number(r["population"]) for r in rows]
    brackets = [bracket_text(r["bracket_min"], r["bracket_max"]) for r in rows]
    amounts = [norwegian_number(r["fee_nok"]) for r in rows]
    names = [clean(r.get("name") or "") for r in rows]
    if total:
        names.append(_("Total"))
        populations.append(norwegian_number(sum(r["population"] for r in rows)))
        brackets.append(_municipalities(len(rows)))
        amounts.append(norwegian_number(sum(r["fee_nok"] for r in rows)))
    columns = [
        Column(_("No."), numbers, give_way=1),
        Column(_("Municipality"), names),
        Column(_("Inhabitants"), populations, right=True),
        Column(_("Bracket"), brackets, give_way=2),
        Column(_("Fee (NOK)"), amounts, right=True),
    ]
    if not named:
        columns = columns[2:]
    elif not any(numbers):
        columns = columns[1:]
    return fitted_table(columns, width)


def region_text(network: Network, document: Mapping[str, Any], width: int = 80) -> str:
    """``fee --region``: every municipality with its fee and the total, then how many
    municipalities fall in each bracket and what they pay together."""
    rows = document["municipalities"]
    brackets = document["brackets"]
    total = document["total"]
    columns = [
        Column(
            _("Bracket"),
            [bracket_text(b["bracket_min"], b["bracket_max"]) for b in brackets] + [_("Total")],
        ),
        Column(
            _("Municipalities"),
            [str(b["municipalities"]) for b in brackets] + [str(total["municipalities"])],
            right=True,
        ),
        Column(
            _("Fee (NOK)"),
            [norwegian_number(b["fee_nok"]) for b in brackets] + [""],
            right=True,
            give_way=1,
        ),
        Column(
            _("Together (NOK)"),
            [norwegian_number(b["total_nok"]) for b in brackets]
            + [norwegian_number(total["fee_nok"])],
            right=True,
        ),
    ]
    per_bracket = fitted_table(columns, width)
    table = _quote_table(rows, named=True, width=width)
    sources = population_source_text(rows, width)
    return f"{_heading(network, width)}\n\n{table}\n{per_bracket}{sources}{_footer(network, width)}"


def municipalities_text(rows: Sequence[Row], width: int = 80) -> str:
    """``viken municipalities``: number, name, inhabitants, and the fee with its bracket for
    each network that has a fee table; the source of the figures below."""
    with_fee = any(r.get("network") for r in rows)
    columns = [
        Column(_("No."), [r["number"] for r in rows], give_way=2),
        Column(_("Municipality"), [clean(r["name"]) for r in rows]),
        Column(_("Inhabitants"), [norwegian_number(r["population"]) for r in rows], right=True),
    ]
    if with_fee:
        columns += [
            Column(
                _("Bracket"),
                [
                    bracket_text(r["bracket_min"], r["bracket_max"]) if r.get("network") else ""
                    for r in rows
                ],
                give_way=1,
            ),
            Column(
                _("Fee (NOK)"),
                [norwegian_number(r["fee_nok"]) if r.get("network") else "" for r in rows],
                right=True,
            ),
        ]
    table = fitted_table(columns, width)
    networks = list(dict.fromkeys(r["network_name"] for r in rows if r.get("network_name")))
    fee_line = ""
    if networks:
        fee_line = (
            "\n"
            + paragraph(
                _("Fee: the one-off participation fee of {networks}.").format(
                    networks=", ".join(clean(n) for n in networks)
                ),
                width,
            )
            + "\n"
        )
    return f"{table}{population_source_text(rows, width)}{fee_line}"
