"""Every table for people: the listings in rich tables, the fee in plain aligned columns.

rich is imported inside the functions that draw with it: ``viken fee`` prints a small plain
table and starts faster without it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from vikentool.domain.catalog import Item
from vikentool.domain.dates import DateSpec
from vikentool.domain.kinds import label
from vikentool.domain.numbers import norwegian_number
from vikentool.domain.records import Network, Plan
from vikentool.render.present import MARK, date_text, day_text
from vikentool.render.terminal import clean

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


def _table(console: Console, *titles: str, ratios: Sequence[int] | None = None) -> Table:
    """Plain columns when piped (no box, no colour); a light frame on a terminal.

    ``ratios`` share out the width (0 = as narrow as the content, never wrapped).
    """
    from rich import box
    from rich.table import Table

    decorated = console.is_terminal
    table = Table(
        box=box.SIMPLE_HEAD if decorated else None,
        show_edge=False,
        pad_edge=False,
        expand=ratios is not None,
        header_style="bold" if decorated else "",
        padding=(0, 1),
    )
    for index, title in enumerate(titles):
        ratio = ratios[index] if ratios else None
        if ratio == 0:
            table.add_column(title, no_wrap=True)
        else:
            table.add_column(title, overflow="fold", ratio=ratio)
    return table


def when_text(spec: DateSpec, uncertain: bool, breaks: bool = True) -> Text:
    """The date as ``present.date_text`` words it, the ``?`` in yellow; never broken inside a
    date (the column does not wrap), but alternatives and a time of day on lines of their own.
    """
    from rich.text import Text

    words = date_text(spec, uncertain=uncertain)
    if breaks:
        words = words.replace(" eller ", " eller\n").replace(" kl. ", "\nkl. ")
    text = Text()
    if words.startswith(MARK + " "):
        text.append(MARK + " ", style="bold yellow")
        words = words[len(MARK) + 1 :]
    text.append(words, style="" if spec.is_dated else "dim")
    return text


def left_text(row: Mapping[str, Any]) -> Text:
    from rich.text import Text

    status, days = row["status"], row["days_left"]
    if status == "passed":
        return Text("passed", style="dim")
    if status in ("today", "now"):
        return Text(status, style="bold red")
    if days is None:
        return Text("–", style="dim")
    style = "bold red" if days <= 7 else "yellow" if days <= 30 else ""
    return Text(f"{days} d", style=style)


def detail_text(row: Mapping[str, Any], lead: int | None) -> Text:
    from rich.text import Text

    text = Text(clean(row["title"]), style="bold")
    text.append(f"\n«{clean(row['as_written'])}»", style="italic")
    facts = [
        row["scheme_name"]
        and row["scheme_name"] not in row["title"]
        and f"ordning: {clean(row['scheme_name'])}",
        row["amount_nok"] is not None and f"kr {norwegian_number(row['amount_nok'])}",
        row["contact"] and clean(row["contact"]),
    ]
    shown = [f for f in facts if f]
    if shown:
        text.append("\n" + " · ".join(shown), style="dim")
    if row["holiday_warning"]:
        text.append(f"\n⚠ {row['holiday_warning']}", style="yellow")
    if lead is not None and row["internal_deadline"]:
        internal = day_text(date.fromisoformat(row["internal_deadline"]))
        text.append(f"\n→ internal deadline {internal} ({lead} working days before)", style="cyan")
    return text


def deadlines_table(
    console: Console,
    rows: Sequence[Mapping[str, Any]],
    dates: Sequence[DateSpec],
    undated: Sequence[Mapping[str, Any]],
    lead: int | None,
) -> None:
    """``dates``: each row's date, to word it (the rows hold ISO days for scripts)."""
    from rich.text import Text

    if rows:
        table = _table(console, "When", "Left", "What", "Kind", ratios=(0, 0, 5, 0))
        for row, spec in zip(rows, dates, strict=True):
            table.add_row(
                when_text(spec, row["uncertain_in_window"]),
                left_text(row),
                detail_text(row, lead),
                label(row["kind"]),
            )
        console.print(table)
    if undated:
        console.print(Text("\nWithout a date (rolling or not given):", style="bold"))
        table = _table(console, "What", "Kind")
        for row in undated:
            table.add_row(detail_text(row, None), label(row["kind"]))
        console.print(table)


NOT_GIVEN = "ikke oppgitt i kilden"


def schemes_table(console: Console, rows: Sequence[tuple[Mapping[str, Any], Item | None]]) -> None:
    """``rows``: each scheme's row and the deadline it names as next."""
    from rich.text import Text

    table = _table(
        console, "Scheme", "Budget / max", "Next deadline", "Who may apply", ratios=(4, 0, 3, 4)
    )
    for row, nxt in rows:
        name = Text(clean(row["name"]), style="bold")
        name.append(f"\n{row['id']}", style="dim")
        for twin in row["possibly_same_as"] or ():
            name.append(f"\n≈ maybe the same as {twin}", style="dim")
        money = Text()
        if row["budget_nok"] is not None:
            money.append(f"kr {norwegian_number(row['budget_nok'])}")
        if row["max_per_applicant_nok"] is not None:
            money.append(
                ("\n" if money else "") + f"max kr {norwegian_number(row['max_per_applicant_nok'])}"
            )
        if nxt is None:
            deadline = Text(NOT_GIVEN, style="dim")
        else:
            deadline = when_text(nxt.date, uncertain=False)
            if row["next_deadline_status"] == "passed":
                deadline.append(" passed", style="dim")
            deadline.append(f"\n«{clean(nxt.date.as_written)}»", style="italic")
        audience = clean(row["audience"] or "")
        if len(audience) > 90:  # the table is an overview; show/json carry the full text
            audience = audience[:89].rstrip() + "…"
        who = Text(audience) if audience else Text(NOT_GIVEN, style="dim")
        table.add_row(name, money, deadline, who)
    console.print(table)


# Field names of the data files as a person reads them, in the order they are shown.
_LABELS = {
    "name": "Name",
    "title": "Title",
    "also_known_as": "Also known as",
    "owner": "Owner",
    "organiser": "Organiser",
    "organisation": "Organisation",
    "role": "Role",
    "section": "Section",
    "email": "E-mail",
    "phone": "Phone",
    "kind": "Kind",
    "number": "Number",
    "mode": "Mode",
    "committee": "Committee",
    "status": "Status",
    "case_number": "Case number",
    "description": "Description",
    "target_group": "Target group",
    "goal": "Goal",
    "method": "Method",
    "contributors": "Contributors",
    "audience": "Who may apply",
    "purposes": "What it may fund",
    "benefits": "Benefits",
    "points": "Points",
    "topics": "Topics",
    "budget": "Budget",
    "max_per_applicant": "At most per applicant",
    "timing": "When",
    "followed_by": "Followed by",
    "related": "Related plans",
    "scheme": "Scheme",
    "note": "Note",
    "notes": "Notes",
    "url": "Link",
    "fee": "Fee",
}
_SHOWN_ELSEWHERE = {"type", "id", "date", "dates", "milestones", "sessions", "theme_day",
                    "contacts", "dated_items", "source", "fee"}  # fmt: skip


def _value_text(value: Any) -> str:
    if isinstance(value, dict) and "nok" in value:
        return f"kr {norwegian_number(value['nok'])} («{value['as_written']}»)"
    if isinstance(value, list):
        return "\n".join(f"• {v}" for v in value)
    return str(value)


def record_view(console: Console, document: Mapping[str, Any], dates: Sequence[Item]) -> None:
    """``viken show`` for a person: the record's fields in words, then its dates (worded as
    the documents date them, with the wording beside), contacts and source."""
    from rich.text import Text

    name = str(document.get("name") or document.get("title") or document.get("id"))
    console.print(Text(clean(name), style="bold"))
    console.print(Text(f"{document['type'].replace('_', ' ')} · {document['id']}", style="dim"))
    table = _table(console, "", "", ratios=(0, 1))
    table.show_header = False
    for key, label_text in _LABELS.items():
        value = document.get(key)
        if key in _SHOWN_ELSEWHERE or value in (None, [], ""):
            continue
        if key in ("name", "title") and value == name:
            continue
        table.add_row(Text(label_text, style="dim"), Text(clean(_value_text(value))))
    console.print(table)
    if dates:
        console.print(Text("\nDates", style="bold"))
        for item in dates:
            line = when_text(item.date, uncertain=False, breaks=False)
            line.append(f"  {clean(item.title)}")
            line.append(f"\n  «{clean(item.date.as_written)}»", style="italic")
            console.print(line)
    contacts = document.get("contacts") if document["type"] != "contact" else None
    if contacts:
        console.print(Text("\nContacts", style="bold"))
        for contact in contacts:
            parts = [contact.get(k) for k in ("name", "role", "organisation", "email", "phone")]
            console.print(Text(clean(", ".join(p for p in parts if p))))
    source = document.get("source")
    if source:
        console.print(Text(f"\nSource: {clean(source['document'])}, {clean(source['location'])}"))


STATUS_STYLES = {"done": "dim", "under way": "bold green", "planned": "cyan", "unknown": "yellow"}


def plans_table(
    console: Console,
    rows: Sequence[tuple[Mapping[str, Any], Sequence[Item]]],
    plans: Sequence[Plan],
) -> None:
    """``rows``: each plan's row and its dated steps; ``plans``: to name the related plans."""
    from rich.text import Text

    titles = {p.id: p.title for p in plans}

    table = _table(console, "Plan", "Status", "Steps", ratios=(4, 0, 5))
    for row, steps in rows:
        name = Text(clean(row["title"]), style="bold")
        name.append(f"\n{row['kind']}", style="dim")
        if row["case_number"]:
            name.append(f" · {clean(row['case_number'])}", style="dim")
        if row["followed_by"]:
            name.append(f"\n→ {clean(row['followed_by'])}", style="dim")
        for related in (row["related"] or "").split("; "):
            if related in titles:
                name.append(f"\n↔ {clean(titles[related])}", style="dim")
        status = Text(row["status"], style=STATUS_STYLES.get(row["status"], ""))
        dates = Text()
        for step in steps:
            if dates:
                dates.append("\n")
            dates.append_text(when_text(step.date, uncertain=False))
            dates.append(f": {clean(step.title)}")
            dates.append(f"\n«{clean(step.date.as_written)}»", style="italic")
        if not steps:
            dates.append("no date given", style="dim")
        table.add_row(name, status, dates)
    console.print(table)
    console.print(
        Text(
            "→ followed by  ↔ related plan  ? uncertain date (a month, a year, alternatives, "
            "or hedged)",
            style="dim",
        )
    )


def sessions_table(console: Console, rows: Sequence[Mapping[str, Any]]) -> None:
    from rich.text import Text

    table = _table(console, "Session", "When", "Topics", ratios=(2, 3, 6))
    for row in rows:
        name = Text(clean(row["title"]), style="bold")
        when = Text()
        if row["date"]:
            from datetime import date

            from vikentool.domain.workdays import WEEKDAYS_NO

            when.append(f"{WEEKDAYS_NO[date.fromisoformat(row['date']).weekday()]} {row['date']}")
            if row["start_time"]:
                when.append(f" {row['start_time']}-{row['end_time']}")
            if row["mode"]:
                when.append(f"\n{clean(row['mode'])}", style="dim")
        elif row["kind"] == "theme_day":
            when.append(clean(row["as_written"] or ""), style="italic")
        else:
            when.append("no date given", style="dim")
        topics = Text(clean(row["topics"] or "").replace("; ", "\n"))
        table.add_row(name, when, topics)
    console.print(table)
    if rows:
        first = rows[0]
        console.print(
            Text(f"\n{clean(first['network'])} ({clean(first['organiser'])})", style="bold")
        )
        if first["contact"]:
            console.print(Text(f"Kontakt: {clean(first['contact'])}"))
        if first["network_notes"]:
            console.print(Text(f"«{clean(first['network_notes'])}»", style="italic"))
        if first["fee_note"]:
            console.print(Text(f"Deltakeravgift: se `viken fee`. {clean(first['fee_note'])}"))


# --- the fee: plain columns -----------------------------------------------------------------


def _plain_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[int] = (),
    width: int = 80,
) -> str:
    """Aligned columns with no colour or frame; ``right`` are the indexes to right-align.

    Wider than ``width``, the widest columns give way first: their cells wrap between words
    (a right-aligned column only in its header), never inside a word or a number.
    """
    table = [[_unbreakable(str(c)) for c in r] for r in [headers, *rows]]
    count = len(headers)
    widths = [max(len(r[i]) for r in table) for i in range(count)]
    narrowest = [
        max(
            len(word)
            for n, r in enumerate(table)
            for word in (r[i].split(" ") if n == 0 or i not in right else [r[i]])
        )
        for i in range(count)
    ]
    while sum(widths) + 2 * (count - 1) > width:
        can_give = [i for i in range(count) if widths[i] > narrowest[i]]
        if not can_give:
            break
        widths[max(can_give, key=lambda i: widths[i])] -= 1

    def row_lines(row: Sequence[str]) -> list[str]:
        cells = [_wrap(c, w) for c, w in zip(row, widths, strict=True)]
        lines = []
        for depth in range(max(len(c) for c in cells)):
            parts = [
                _align(c[depth] if depth < len(c) else "", w, i in right)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ]
            lines.append(_breakable("  ".join(parts).rstrip()))
        return lines

    return "\n".join(line for row in table for line in row_lines(row)) + "\n"


def _align(text: str, width: int, right: bool) -> str:
    return text.rjust(width) if right else text.ljust(width)


# A space inside a number ("14 125") or a bracket ("5 001-7 500") is not a place to wrap.
_NO_BREAK = "\u00a0"


def _unbreakable(text: str) -> str:
    return re.sub(r"(?<=\d) (?=\d)", _NO_BREAK, text)


def _breakable(text: str) -> str:
    return text.replace(_NO_BREAK, " ")


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` (longer only for a word that is longer)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _paragraph(text: str, width: int) -> str:
    return "\n".join(_breakable(line) for line in _wrap(_unbreakable(text), width))


def _fee_footer(note: str | None, width: int = 80) -> str:
    text = "One-off fee per municipality; travel and accommodation come on top"
    if not note:
        return f"\n{_paragraph(text + '.', width)}\n"
    return f"\n{_paragraph(text + ':', width)}\n{_paragraph(f'«{note}»', width)}\n"


def _fee_heading(network: Network, width: int = 80) -> str:
    return _paragraph(clean(f"{network.name} ({network.organiser})"), width)


def fee_brackets_text(network: Network, rows: Sequence[Mapping[str, Any]], width: int = 80) -> str:
    """The whole fee table, laid out to ``width`` columns."""
    note = network.fee.note if network.fee else None
    body = [(r["bracket"], norwegian_number(r["fee_nok"])) for r in rows]
    table = _plain_table(("Innbyggere", "Fee (NOK)"), body, right=(1,), width=width)
    heading = _fee_heading(network, width)
    return f"{heading}\n\n{table}{_fee_footer(note and clean(note), width)}"


def fee_quotes_text(
    network: Network, rows: Sequence[Mapping[str, Any]], named: bool, width: int = 80
) -> str:
    """The quotes as aligned columns, laid out to ``width``; with names (a CSV of
    municipalities) a total line too."""
    note = network.fee.note if network.fee else None
    headers: tuple[str, ...] = ("Innbyggere", "Bracket", "Fee (NOK)")
    body: list[tuple[str, ...]] = [
        (norwegian_number(r["population"]), r["bracket"], norwegian_number(r["fee_nok"]))
        for r in rows
    ]
    right = (0, 2)
    if named:
        headers = ("Kommune", *headers)
        body = [(clean(r["name"]), *line) for r, line in zip(rows, body, strict=True)]
        body.append(
            (
                "Sum",
                norwegian_number(sum(r["population"] for r in rows)),
                f"{len(rows)} kommuner",
                norwegian_number(sum(r["fee_nok"] for r in rows)),
            )
        )
        right = (1, 3)
    table = _plain_table(headers, body, right=right, width=width)
    heading = _fee_heading(network, width)
    return f"{heading}\n\n{table}{_fee_footer(note and clean(note), width)}"


def summary_text(location: str, counts: Mapping[str, int]) -> str:
    """``viken validate``'s report: the folder, then a count per kind of record."""
    width = max(len(k) for k in counts)
    lines = [f"OK: {location}", *(f"  {name:<{width}}  {n:>5}" for name, n in counts.items())]
    return "\n".join(lines) + "\n"
