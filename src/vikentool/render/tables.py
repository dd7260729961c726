"""Every table for people: the listings, and the fee in plain aligned columns.

The listings are built of ``render.styled.Text``; rich draws them only on a terminal, so
a listing piped or written to a file starts and runs without it. A listing is drawn as a
table only when every column can be wide enough for its longest word and every date fits on
its line; otherwise each row becomes a block of lines, so that no word or date is ever
split.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from vikentool.domain.catalog import Item
from vikentool.domain.dates import DateSpec
from vikentool.domain.kinds import ALL_KINDS, label
from vikentool.domain.numbers import norwegian_number
from vikentool.domain.records import Plan, Scheme
from vikentool.domain.workdays import is_hoytidsdag, warned_holiday
from vikentool.i18n import _, ngettext, pgettext, weekday_name
from vikentool.render.present import MARK, date_text, day_text, moved_text
from vikentool.render.styled import (
    Text,
    break_line,
    break_text,
    cells,
    narrowest,
    narrowest_line,
    styled,
    word_spans,
    wrapped,
)
from vikentool.render.terminal import clean

if TYPE_CHECKING:
    from vikentool.render.screen import Screen


class Cell(NamedTuple):
    """A table cell and the pieces of it that must stay on one line (dates)."""

    text: Text
    atoms: tuple[str, ...] = ()


def _cell(text: Text | Cell) -> Cell:
    return text if isinstance(text, Cell) else Cell(text)


class _Measured(NamedTuple):
    """A cell's lines, where each may break (``None`` in a column that never wraps), and
    its narrowest and widest in cells: worked out once, for the widths and for the breaks."""

    lines: list[str]
    words: list[tuple[tuple[int, int], ...]] | None
    shortest: int
    widest: int


def _measure(cell: Cell, wraps: bool) -> _Measured:
    lines = cell.text.plain.split("\n")
    widest = max((cells(line) for line in lines), default=0)
    if not wraps:
        return _Measured(lines, None, widest, widest)
    words = [word_spans(line) for line in lines]
    shortest = max(
        [
            *(narrowest_line(line, spans) for line, spans in zip(lines, words, strict=True)),
            *(cells(a) for a in cell.atoms),
        ]
    )
    return _Measured(lines, words, shortest, widest)


def _widths(
    titles: Sequence[str], rows: Sequence[Sequence[_Measured]], ratios: Sequence[int], room: int
) -> list[int] | None:
    """Content widths for the columns, or None when the table cannot fit ``room`` cells
    without splitting a word. A column with ratio 0 is never wrapped; the others start at
    their longest word and share what is left by their ratios."""
    columns = range(len(titles))
    widest = [max([cells(titles[c]), *(r[c].widest for r in rows)]) for c in columns]
    shortest = [max([cells(titles[c]), *(r[c].shortest for r in rows)]) for c in columns]
    room -= 2 * (len(titles) - 1)  # one space of padding on each side between columns
    if sum(shortest) > room:
        return None
    widths = list(shortest)
    while (spare := room - sum(widths)) > 0:
        growing = [c for c in columns if ratios[c] and widths[c] < widest[c]]
        if not growing:
            break
        total = sum(ratios[c] for c in growing)
        given = 0
        for c in growing:
            share = max(1, spare * ratios[c] // total)
            step = min(share, widest[c] - widths[c], spare - given)
            widths[c] += step
            given += step
        if given == 0:
            break
    return widths


def print_listing(
    console: Screen,
    titles: Sequence[str],
    rows: Sequence[Sequence[Text | Cell]],
    ratios: Sequence[int],
    *,
    header: bool = True,
    labelled: Sequence[int] = (),
) -> None:
    """Rows as a table if it fits the console without splitting a word; else as blocks.

    ``ratios`` share out the width (0 = as wide as its content, never wrapped). A table is
    plain when piped (no box, no colour, and no rich) and lightly framed on a terminal.
    """
    grid = [[_cell(c) for c in row] for row in rows]
    measured = [
        [_measure(c, ratio > 0) for c, ratio in zip(row, ratios, strict=True)] for row in grid
    ]
    widths = _widths(titles if header else [""] * len(titles), measured, ratios, console.width)
    if widths is not None and not console.is_terminal:
        _plain_listing(console, titles if header else None, measured, widths)
        return
    if widths is not None:
        from rich import box
        from rich.table import Table

        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            show_header=header,
            pad_edge=False,
            header_style="bold",
            padding=(0, 1),
        )
        for title, width in zip(titles, widths, strict=True):
            table.add_column(title, width=width, overflow="ignore", no_wrap=True)
        for row in grid:
            table.add_row(*(wrapped(c.text, w).to_rich() for c, w in zip(row, widths, strict=True)))
        console.rich.print(table)
        return
    # Too narrow for columns: each row a block. Its first cell, then the one-line cells on
    # the same line if they all fit (else on the next), then the longer cells, indented;
    # the cells of ``labelled`` columns under their column's title.
    joiner = " · " if header else ": "
    previous_was_long = False
    for index, row in enumerate(grid):
        head = row[0].text.copy()
        short: list[Text] = []
        long: list[tuple[int, Text]] = []
        for column, cell in enumerate(row[1:], start=1):
            text = cell.text
            if not text.plain:
                continue
            if column in labelled and (cell.atoms or "\n" in text.plain):
                long.append((4, Text(f"{titles[column]}:", style="dim")))
                long.append((4, text))
                continue
            if column in labelled:
                text = Text(f"{titles[column]}: ", style="dim").append_text(text)
            if "\n" in text.plain or column in labelled:
                long.append((2, text))
            else:
                short.append(text)
        line = Text(joiner).join(short)
        if (
            short
            and "\n" not in head.plain
            and cells(head.plain + joiner + line.plain) <= console.width
        ):
            head.append(joiner)
            head.append_text(line)
        elif short:
            long.insert(0, (2, line))
        # Blocks of several lines are set apart by a blank line; one-line blocks stay together.
        if index and (header or long or previous_was_long):
            console.print()
        previous_was_long = bool(long)
        console.print(head)
        for indent, text in long:
            if indent == 4 and text.plain.endswith(":"):
                indent = 2
            console.print(text, indent=indent)


def _plain_listing(
    console: Screen,
    titles: Sequence[str] | None,
    rows: Sequence[Sequence[_Measured]],
    widths: list[int],
) -> None:
    """The table ``print_listing`` draws, as plain text for a file or a pipe: the same lines
    rich would give with no box and no colour, written directly, so that a listing of many
    thousand rows takes time in proportion to its rows (rich's table is made for a screen)."""
    out: list[str] = []
    last = len(widths) - 1

    def add(columns: Sequence[list[str]]) -> None:
        for number in range(max(len(lines) for lines in columns)):
            parts = []
            for column, lines in enumerate(columns):
                text = lines[number] if number < len(lines) else ""
                if column < last:
                    text = _fit(text, widths[column])
                parts.append(text)
            out.append("  ".join(parts).rstrip() + "\n")

    if titles is not None:
        add([[title] for title in titles])
    for row in rows:
        add([_broken(cell, width) for cell, width in zip(row, widths, strict=True)])
    console.file.write("".join(out))


def _broken(cell: _Measured, width: int) -> list[str]:
    """The cell's lines, each cut to ``width`` as ``break_text`` would."""
    if cell.words is None:
        return cell.lines
    return [
        piece
        for line, words in zip(cell.lines, cell.words, strict=True)
        for piece in break_line(line, width, words)
    ]


def _fit(text: str, width: int) -> str:
    """``text`` padded to ``width`` cells (a column's lines are never wider)."""
    return text + " " * (width - cells(text))


def when_cell(spec: DateSpec, uncertain: bool, breaks: bool = True) -> Cell:
    """The date as ``present.date_text`` words it, the ``?`` in yellow; alternatives and a
    time of day on lines of their own; each line kept whole."""

    words = date_text(spec, uncertain=uncertain, breaks=breaks)
    pieces = []
    if words.startswith(MARK + " "):
        pieces.append((MARK + " ", "bold yellow"))
        words = words[len(MARK) + 1 :]
    pieces.append((words, "" if spec.is_dated else "dim"))
    text = styled(pieces)
    return Cell(text, tuple(text.plain.split("\n")))


def status_word(status: str) -> str:
    """A status value of the JSON (``passed``, ``under way`` ...) as people read it."""
    words = {
        "passed": pgettext("status", "passed"),
        "today": pgettext("status", "today"),
        "now": pgettext("status", "under way now"),
        "upcoming": pgettext("status", "upcoming"),
        "undated": pgettext("status", "no date"),
        "done": pgettext("status", "done"),
        "under way": pgettext("status", "under way"),
        "planned": pgettext("status", "planned"),
        "unknown": pgettext("status", "unknown"),
    }
    return words.get(status, status)


def status_words(row: Mapping[str, Any]) -> str:
    """A deadline row's status in a sentence's words: ``om 12 dager, tidligst``."""
    status, days = row["status"], row["days_left"]
    if status != "upcoming" or days is None:
        return status_word(status)
    words = ngettext("in {days} day", "in {days} days", days).format(days=days)
    if not row["certain"]:
        words += " " + _("at the earliest")
    return words


def left_text(row: Mapping[str, Any]) -> Text:

    status, days = row["status"], row["days_left"]
    if status == "passed":
        return Text(status_word(status), style="dim")
    if status in ("today", "now"):
        return Text(status_word(status), style="bold red")
    if days is None:
        return Text("–", style="dim")
    style = "bold red" if days <= 7 else "yellow" if days <= 30 else ""
    pieces = [(ngettext("{days} day", "{days} days", days).format(days=days), "")]
    if not row["certain"]:
        # Counted to the first possible day of a month, a span or alternatives: the count
        # alone would claim a precision the document does not give.
        pieces.append(("\n" + _("at the earliest"), "dim"))
    return styled(pieces, style=style)


def warning_text(day: date, warning: str) -> str:
    """Why the day is awkward (``lørdag; Offentlig høytidsdag: Arbeidernes dag``), in the
    interface language; the holiday keeps its Norwegian name."""
    parts = []
    if day.weekday() >= 5:
        parts.append(weekday_name(day))
    name = warned_holiday(warning)
    if name is not None:
        kind = _("public holiday (høytidsdag)") if is_hoytidsdag(day) else _("public holiday")
        parts.append(f"{kind}: {name}")
    return "; ".join(parts)


def detail_text(
    row: Mapping[str, Any], lead: int | None, item: Item, applicants: bool = False
) -> Text:
    """``applicants``: say who may apply for the item's scheme (``--for``)."""
    pieces = [(clean(row["title"]), ""), (f"\n«{clean(row['as_written'])}»", "italic")]
    facts = [
        row["scheme_name"]
        and row["scheme_name"] not in row["title"]
        and _("scheme: {name}").format(name=clean(row["scheme_name"])),
        row["amount_nok"] is not None and f"kr {norwegian_number(row['amount_nok'])}",
        row["contact"] and clean(row["contact"]),
    ]
    shown = [f for f in facts if f]
    if shown:
        pieces.append(("\n" + " · ".join(shown), "dim"))
    if row["holiday_warning"] and row["date"]:
        warning = warning_text(date.fromisoformat(row["date"]), row["holiday_warning"])
        pieces.append((f"\n⚠ {warning}", "yellow"))
    if lead is not None and row["internal_deadline"]:
        internal = day_text(date.fromisoformat(row["internal_deadline"]))
        note = ngettext(
            "→ internal deadline {day} ({lead} working day before)",
            "→ internal deadline {day} ({lead} working days before)",
            lead,
        )
        pieces.append(("\n" + note.format(day=internal, lead=lead), "cyan"))
    if item.moves:  # the latest change: the one a reader may have in an old calendar
        pieces.append(("\n↻ " + clean(moved_text(item.moves[-1])), "magenta"))
    if applicants and item.scheme is not None:
        from vikentool.domain.records import as_data

        who = "; ".join(applicant_lines(as_data(item.scheme.applicants)))
        pieces.append(("\n" + _("Who may apply: {text}").format(text=who), "dim"))
    return styled(pieces, style="bold")


def kind_word(kind: str) -> str:
    """An item kind's label; a value that is not an item kind as it is."""
    return label(kind) if kind in ALL_KINDS else kind


def _kind_text(kind: str) -> Text:

    return Text(label(kind))


def deadlines_table(
    console: Screen,
    rows: Sequence[Mapping[str, Any]],
    items: Sequence[Item],
    undated: Sequence[tuple[Mapping[str, Any], Item]],
    lead: int | None,
    applicants: bool = False,
) -> None:
    """``items``: each row's item, to word its date and its changes (the rows hold ISO days
    for scripts); ``applicants``: each says who may apply (``--for``)."""

    if rows:
        print_listing(
            console,
            (_("When"), _("Left"), _("What"), _("Kind")),
            [
                (
                    when_cell(item.date, row["uncertain_in_window"]),
                    left_text(row),
                    detail_text(row, lead, item, applicants),
                    _kind_text(row["kind"]),
                )
                for row, item in zip(rows, items, strict=True)
            ],
            ratios=(0, 0, 5, 2),
        )
    if undated:
        console.print(Text("\n" + _("Without a date (ongoing or not given):"), style="bold"))
        print_listing(
            console,
            (_("What"), _("Kind")),
            [
                (detail_text(row, None, item, applicants), _kind_text(row["kind"]))
                for row, item in undated
            ],
            ratios=(5, 2),
        )


def not_given() -> str:
    return _("not given in the source")


def applicant_lines(applicants: Sequence[Mapping[str, Any]]) -> list[str]:
    """Who may apply, one line per category, the conditions shown in the document's words:
    ``kommuner, med vilkår: «Kun distriktskommunene i Viken.»``; the data's shape
    (``category``, ``as_written``, ``conditional``). No applicants: the source does not say."""
    from vikentool.domain.applicants import label as category_label

    if not applicants:
        return [not_given()]
    lines = []
    for applicant in applicants:
        head = category_label(applicant["category"])
        if applicant.get("conditional"):
            head = _("{category}, with conditions").format(category=head)
        words = " ".join(f"«{clean(w)}»" for w in applicant["as_written"])
        lines.append(f"{head}: {words}")
    return lines


def schemes_table(
    console: Screen,
    rows: Sequence[tuple[Mapping[str, Any], Item | None]],
    schemes: Sequence[Scheme],
) -> None:
    """``schemes``: the records the rows are of, to say who may apply for each."""
    from vikentool.domain.records import as_data

    applicants = {s.id: as_data(s.applicants) for s in schemes}
    """``rows``: each scheme's row and the deadline it names as next."""

    lines = []
    for row, nxt in rows:
        name = Text(clean(row["name"]), style="bold")
        name.append(f"\n{row['id']}", style="dim")
        for twin in row["possibly_same_as"] or ():
            name.append("\n≈ " + _("maybe the same as {id}").format(id=twin), style="dim")
        money = Text()
        if row["budget_nok"] is not None:
            money.append(f"kr {norwegian_number(row['budget_nok'])}")
        if row["max_per_applicant_nok"] is not None:
            most = _("at most kr {amount}").format(
                amount=norwegian_number(row["max_per_applicant_nok"])
            )
            money.append(("\n" if money else "") + most)
        if nxt is None:
            deadline = Cell(Text(not_given(), style="dim"))
        else:
            deadline = when_cell(nxt.date, uncertain=False)
            if row["next_deadline_status"] == "passed":
                deadline.text.append("\n" + status_word("passed"), style="dim")
            deadline.text.append(f"\n«{clean(nxt.date.as_written)}»", style="italic")
        own = applicants.get(row["id"], ())
        who = Text("\n".join(applicant_lines(own)), style="" if own else "dim")
        lines.append((name, money, deadline, who))
    print_listing(
        console,
        (_("Scheme"), _("Budget / max"), _("Next deadline"), _("Who may apply")),
        lines,
        ratios=(4, 0, 3, 5),
        labelled=(2, 3),
    )


def field_labels() -> dict[str, str]:
    """Field names of the data files as a person reads them, in the order they are shown."""
    return {
        "name": _("Name"),
        "title": _("Title"),
        "also_known_as": _("Also known as"),
        "owner": _("Owner"),
        "organiser": _("Organiser"),
        "organisation": _("Organisation"),
        "role": _("Role"),
        "section": _("Section"),
        "email": _("E-mail"),
        "phone": _("Phone"),
        "kind": _("Kind"),
        "number": _("Number"),
        "mode": _("Mode"),
        "committee": _("Committee"),
        "status": _("Status"),
        "case_number": _("Case number"),
        "description": _("Description"),
        "target_group": _("Target group"),
        "goal": _("Goal"),
        "method": _("Method"),
        "contributors": _("Contributors"),
        "applicants": _("Who may apply"),
        "purposes": _("What it may fund"),
        "benefits": _("Benefits"),
        "points": _("Points"),
        "topics": _("Topics"),
        "budget": _("Budget"),
        "max_per_applicant": _("At most per applicant"),
        "timing": _("When"),
        "followed_by": _("Followed by"),
        "related": _("Related plans"),
        "scheme": _("Scheme"),
        "note": _("Note"),
        "notes": _("Notes"),
        "url": _("Link"),
        "publisher": _("Publisher"),
        "file": _("File"),
    }


SHOWN_ELSEWHERE = {"type", "id", "date", "dates", "milestones", "sessions", "theme_day",
                    "contacts", "dated_items", "source", "fee"}  # fmt: skip


def record_type_word(record_type: str) -> str:
    words = {
        "scheme": pgettext("record", "scheme"),
        "deadline": pgettext("record", "scheme deadline"),
        "plan": pgettext("record", "plan"),
        "milestone": pgettext("record", "milestone"),
        "hearing": pgettext("record", "hearing"),
        "network": pgettext("record", "learning network"),
        "session": pgettext("record", "session"),
        "theme_day": pgettext("record", "theme day"),
        "contact": pgettext("record", "contact"),
        "document": pgettext("record", "source document"),
    }
    return words.get(record_type, record_type.replace("_", " "))


def value_text(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict) and "category" in value[0]:
        return "\n".join(f"• {line}" for line in applicant_lines(value))
    if isinstance(value, dict) and "nok" in value:
        return f"kr {norwegian_number(value['nok'])} («{value['as_written']}»)"
    if isinstance(value, list):
        return "\n".join(f"• {v}" for v in value)
    return str(value)


def record_view(console: Screen, document: Mapping[str, Any], dates: Sequence[Item]) -> None:
    """``viken show`` for a person: the record's fields in words, then its dates (worded as
    the documents date them, with the wording beside), contacts and source."""

    name = str(document.get("name") or document.get("title") or document.get("id"))
    console.print(Text(clean(name), style="bold"))
    kind = record_type_word(document["type"])
    console.print(Text(f"{kind} · {document['id']}", style="dim"))
    rows = []
    for key, label_text in field_labels().items():
        value = document.get(key)
        if key == "applicants" and document["type"] == "scheme" and not value:
            rows.append((Text(label_text, style="dim"), Text(not_given(), style="dim")))
            continue
        if key in SHOWN_ELSEWHERE or value in (None, [], ""):
            continue
        if key in ("name", "title") and value == name:
            continue
        if key == "kind":
            value = plan_kind_word(value) if document["type"] == "plan" else kind_word(value)
        rows.append((Text(label_text, style="dim"), Text(clean(value_text(value)))))
    if document["type"] == "document" and document.get("date"):
        # A document's date is its own words: no possible days to reckon with.
        rows.insert(0, (Text(_("Dated"), style="dim"), Text(clean(document["date"]["as_written"]))))
    print_listing(console, ("", ""), rows, ratios=(0, 1), header=False)
    if dates:
        console.print(Text("\n" + _("Dates"), style="bold"))
        for item in dates:
            console.print(when_cell(item.date, uncertain=False, breaks=False).text)
            for line in (
                Text(clean(item.title)),
                Text(f"«{clean(item.date.as_written)}»", style="italic"),
                *(Text(clean(moved_text(move)), style="dim") for move in reversed(item.moves)),
            ):
                console.print(line, indent=2)
    contacts = document.get("contacts") if document["type"] != "contact" else None
    if contacts:
        console.print(Text("\n" + _("Contacts"), style="bold"))
        for contact in contacts:
            parts = [contact.get(k) for k in ("name", "role", "organisation", "email", "phone")]
            console.print(Text(clean(", ".join(p for p in parts if p))))
    citation = document.get("citation")
    if citation:
        console.print(Text("\n" + _("Source: {source}").format(source=clean(citation))))


def plan_kind_word(kind: str) -> str:
    """A plan's kind (``regional_plan``) as people read it."""
    words = {
        "planstrategi": pgettext("plan kind", "regional planning strategy"),
        "planprogram": pgettext("plan kind", "planning programme"),
        "regional_plan": pgettext("plan kind", "regional plan"),
        "strategi": pgettext("plan kind", "strategy"),
        "temastrategi": pgettext("plan kind", "thematic strategy"),
        "maal": pgettext("plan kind", "goal"),
        "partnerskapsavtale": pgettext("plan kind", "partnership agreement"),
    }
    return words.get(kind, kind.replace("_", " "))


STATUS_STYLES = {"done": "dim", "under way": "bold green", "planned": "cyan", "unknown": "yellow"}


def plans_table(
    console: Screen,
    rows: Sequence[tuple[Mapping[str, Any], Sequence[Item]]],
    plans: Sequence[Plan],
) -> None:
    """``rows``: each plan's row and its dated steps; ``plans``: to name the related plans."""

    titles = {p.id: p.title for p in plans}
    lines = []
    for row, steps in rows:
        name = Text(clean(row["title"]), style="bold")
        name.append(f"\n{plan_kind_word(row['kind'])}", style="dim")
        if row["case_number"]:
            name.append(f" · {clean(row['case_number'])}", style="dim")
        if row["followed_by"]:
            name.append(f"\n→ {clean(row['followed_by'])}", style="dim")
        for related in (row["related"] or "").split("; "):
            if related in titles:
                name.append(f"\n↔ {clean(titles[related])}", style="dim")
        status = Text(status_word(row["status"]), style=STATUS_STYLES.get(row["status"], ""))
        dates = Text()
        atoms: list[str] = []
        for step in steps:
            if dates:
                dates.append("\n")
            when = when_cell(step.date, uncertain=False)
            dates.append_text(when.text)
            atoms.extend(when.atoms)
            dates.append(f"\n{clean(step.title)}")
            dates.append(f"\n«{clean(step.date.as_written)}»", style="italic")
        if not steps:
            dates.append(_("no date given"), style="dim")
        lines.append((name, status, Cell(dates, tuple(atoms))))
    print_listing(console, (_("Plan"), _("Status"), _("Steps")), lines, ratios=(4, 0, 5))
    legend = _(
        "→ followed by  ↔ related plan  ? uncertain date (a month, a year, alternatives, or hedged)"
    )
    console.print(Text(legend, style="dim"))


def sessions_table(console: Screen, rows: Sequence[Mapping[str, Any]]) -> None:

    lines = []
    for row in rows:
        name = Text(clean(row["title"]), style="bold")
        when = Text()
        atoms: tuple[str, ...] = ()
        if row["date"]:
            day = date.fromisoformat(row["date"])
            first = f"{weekday_name(day)} {day_text(day)}"
            when.append(first)
            atoms = (first,)
            if row["start_time"]:
                hours = _("at {start}–{end}").format(start=row["start_time"], end=row["end_time"])
                when.append(f"\n{hours}")
                atoms += (hours,)
            if row["mode"]:
                when.append(f"\n{clean(row['mode'])}", style="dim")
        elif row["kind"] == "theme_day":
            when.append(clean(row["as_written"] or ""), style="italic")
        else:
            when.append(_("no date given"), style="dim")
        topics = Text(clean(row["topics"] or "").replace("; ", "\n"))
        lines.append((name, Cell(when, atoms), topics))
    print_listing(console, (_("Session"), _("When"), _("Topics")), lines, ratios=(2, 3, 6))
    if rows:
        first_row = rows[0]
        heading = f"{clean(first_row['network'])} ({clean(first_row['organiser'])})"
        console.print(Text("\n" + heading, style="bold"))
        if first_row["contact"]:
            console.print(Text(_("Contact: {contact}").format(contact=clean(first_row["contact"]))))
        if first_row["network_notes"]:
            console.print(Text(f"«{clean(first_row['network_notes'])}»", style="italic"))
        if first_row["fee_note"]:
            fee = _("Participation fee: see `viken fee`. {note}").format(
                note=clean(first_row["fee_note"])
            )
            console.print(Text(fee))


# --- the fee: plain columns -----------------------------------------------------------------


def plain_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[int] = (),
    width: int = 80,
) -> str:
    """Aligned columns with no colour or frame; ``right`` are the indexes to right-align.

    Wider than ``width``, the widest columns give way first: their cells wrap between words
    (a right-aligned column only in its header), never inside a word or a number.
    """
    table = [[str(c) for c in r] for r in [headers, *rows]]
    count = len(headers)
    widths = [max(len(r[i]) for r in table) for i in range(count)]
    shortest = [
        max(narrowest(r[i]) if n == 0 or i not in right else len(r[i]) for n, r in enumerate(table))
        for i in range(count)
    ]
    while sum(widths) + 2 * (count - 1) > width:
        can_give = [i for i in range(count) if widths[i] > shortest[i]]
        if not can_give:
            break
        widths[max(can_give, key=lambda i: widths[i])] -= 1

    def row_lines(row: Sequence[str]) -> list[str]:
        broken = [break_text(c, w) for c, w in zip(row, widths, strict=True)]
        lines = []
        for depth in range(max(len(c) for c in broken)):
            parts = [
                _align(c[depth] if depth < len(c) else "", w, i in right)
                for i, (c, w) in enumerate(zip(broken, widths, strict=True))
            ]
            lines.append("  ".join(parts).rstrip())
        return lines

    return "\n".join(line for row in table for line in row_lines(row)) + "\n"


def _align(text: str, width: int, right: bool) -> str:
    return text.rjust(width) if right else text.ljust(width)


def paragraph(text: str, width: int) -> str:
    return "\n".join(break_text(text, width))


def _count_label(key: str) -> str:
    """A key of ``Catalog.summary`` as people read it."""
    labels = {
        "documents": _("source documents"),
        "contacts": _("contacts"),
        "schemes": _("schemes"),
        "deadlines": _("scheme deadlines"),
        "plans": _("plans"),
        "plan milestones": _("plan milestones"),
        "hearings": _("hearings"),
        "networks": _("learning networks"),
        "sessions": _("sessions"),
        "fee brackets": _("fee brackets"),
        "municipalities": _("municipalities"),
        "population counts": _("population counts"),
        "items without a date": _("dated items without a date"),
    }
    if key.startswith("items: "):
        return _("dated items: {kind}").format(kind=label(key.removeprefix("items: ")))
    return labels.get(key, key)


def summary_text(location: str, counts: Mapping[str, int]) -> str:
    """``viken validate``'s report: the folder, then a count per kind of record."""
    named = {_count_label(key): n for key, n in counts.items()}
    width = max(len(k) for k in named)
    lines = [f"OK: {location}", *(f"  {name:<{width}}  {n:>5}" for name, n in named.items())]
    return "\n".join(lines) + "\n"


def change_word(change: str) -> str:
    """A change of ``viken changes`` (``moved``, ``added`` ...) as people read it."""
    words = {
        "moved": pgettext("change", "moved"),
        "reworded": pgettext("change", "reworded"),
        "added": pgettext("change", "added"),
        "removed": pgettext("change", "removed"),
    }
    return words.get(change, change)


CHANGE_STYLES = {"moved": "bold yellow", "reworded": "cyan", "added": "green", "removed": "red"}


def changes_table(
    console: Screen,
    changes: Sequence[tuple[Mapping[str, Any], DateSpec | None, DateSpec | None]],
) -> None:
    """``viken changes``: each row with the dates it compares, worded as the documents date
    them, each with its own words beside."""

    def when(spec: DateSpec | None) -> Cell:
        if spec is None:  # added or removed, or a record that has no date
            return Cell(Text())
        cell = when_cell(spec, uncertain=False)
        text = cell.text.copy()
        text.append(f"\n«{clean(spec.as_written)}»", style="italic")
        return Cell(text, cell.atoms)

    lines = []
    for row, before, after in changes:
        change = Text(change_word(row["change"]), style=CHANGE_STYLES.get(row["change"], ""))
        atoms: tuple[str, ...] = ()
        if row["changed_on"]:
            on = day_text(date.fromisoformat(row["changed_on"]))
            change.append("\n" + on, style="dim")
            atoms = (on,)
        what = Text(clean(row["title"]), style="bold")
        if row["previous_title"]:
            what.append("\n" + _("was: {title}").format(title=clean(row["previous_title"])))
        what.append(f"\n{record_type_word(row['record_type'])} · {row['id']}", style="dim")
        if row["source"]:
            what.append(
                "\n" + _("Source: {source}").format(source=clean(row["source"])), style="dim"
            )
        lines.append((Cell(change, atoms), what, when(before), when(after)))
    print_listing(
        console,
        (_("Change"), _("What"), _("From"), _("To")),
        lines,
        ratios=(0, 4, 2, 2),
        labelled=(2, 3),
    )
