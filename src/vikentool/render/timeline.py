"""A terminal timeline of dated items: one line per item, grouped by kind, with a month axis.

Certain days and spans are drawn solid (``◆`` a day, ``█`` a span); uncertain ones (a month,
a year, alternatives, or hedged by the document) are drawn light (``░``) over their whole
possible range and their label ends in ``?``. Ranges cut by the window edge end in ``◂``/``▸``.
The reference day is a ``┊`` through every line and a ``▲`` on the axis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from typing import TYPE_CHECKING

from vikentool.domain.kinds import ALL_KINDS
from vikentool.domain.kinds import heading as kind_heading
from vikentool.i18n import _, month_abbreviation
from vikentool.render.styled import Span, Text, cells, first_cells
from vikentool.render.terminal import clean

if TYPE_CHECKING:
    from vikentool.domain.catalog import Item

SOLID, LIGHT, DAY, TODAY = "█", "░", "◆", "┊"
MIN_BAR = 20


@dataclass(frozen=True)
class Layout:
    start: dt.date
    end: dt.date
    label_width: int
    bar_width: int

    @cached_property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def today(self, as_of: dt.date | None) -> int | None:
        """The column of the reference day, if the window shows it."""
        if as_of is None or not self.start <= as_of <= self.end:
            return None
        return self.column(as_of)

    def column(self, day: dt.date) -> int:
        """The bar column (0-based) that ``day`` falls in; days are spread evenly."""
        offset = (min(max(day, self.start), self.end) - self.start).days
        return min(self.bar_width - 1, offset * self.bar_width // self.days)

    def columns(self, lo: dt.date, hi: dt.date) -> tuple[int, int]:
        """First and last bar column covered by the days ``lo``..``hi`` (inclusive)."""
        return self.column(lo), self.column(hi)


def make_layout(start: dt.date, end: dt.date, width: int) -> Layout:
    label = max(12, min(34, width * 2 // 5))
    bar = max(MIN_BAR, width - label - 1)
    return Layout(start, end, label, bar)


# Within its group, "Søknadsfrist: X" says no more than "X" and the group's heading.
_GROUPED_KINDS = {"application_deadline", "hearing_deadline", "hearing_reply", "announcement"}


def _label(item: Item, width: int, uncertain: bool) -> tuple[str, list[Span]]:
    """The label column of an item's line: its text, padded to ``width`` cells, and its spans."""
    title = clean(item.title)
    if item.kind in _GROUPED_KINDS and ": " in title:
        title = title.split(": ", 1)[1]
    suffix = " ?" if uncertain else ""
    room = width - len(suffix)
    # Measured in terminal cells, not characters: a Chinese letter or an emoji takes two,
    # and a label one cell too wide pushes every mark after it out of its column. Counted as
    # rich counts, since a terminal's line is cut by rich.
    if cells(title) > room:
        # "…" says it was shortened; at a space when that costs a few letters only, since
        # "kompetanseheving o…" reads as a typo and "Temastrategi for…" says too little.
        cut = first_cells(title, room - 1)
        if " " in cut[-5:]:
            cut = cut[: cut.rindex(" ")]
        title = cut.rstrip(" ,;:–-") + "…"
    spans = [Span(len(title), len(title) + len(suffix), "bold yellow")] if uncertain else []
    label = title + suffix
    return label + " " * (width - cells(label)), spans


def item_line(item: Item, layout: Layout, as_of: dt.date | None) -> Text:
    return _item_line(item, layout, layout.today(as_of))


def _item_line(item: Item, layout: Layout, today: int | None) -> Text:
    uncertain = item.date.uncertain
    cells = [" "] * layout.bar_width
    styles = [""] * layout.bar_width
    if today is not None:
        cells[today], styles[today] = TODAY, "red"
    for lo, hi in item.date.ranges:
        if hi < layout.start or lo > layout.end:
            continue
        first, last = layout.columns(lo, hi)
        if lo == hi and not uncertain:
            cells[first], styles[first] = DAY, "bold cyan"
            continue
        covered = last + 1 - first
        cells[first : last + 1] = [LIGHT if uncertain else SOLID] * covered
        styles[first : last + 1] = ["yellow" if uncertain else "cyan"] * covered
        if lo < layout.start:
            cells[first] = "◂"
        if hi > layout.end:
            cells[last] = "▸"
    label, spans = _label(item, layout.label_width, uncertain)
    # The line is built as one string with its spans, since appending cell by cell to a
    # Text was most of the time a long timeline took. Still one span per marked cell, not per
    # run: rich starts a new escape sequence (and the SVG a new text element) at every span,
    # so merged runs would draw the same picture in different bytes.
    offset = len(label) + 1
    spans.extend(
        Span(offset + col, offset + col + 1, style)
        for col, style in compress(enumerate(styles), styles)
    )
    return Text(label + " " + "".join(cells), spans=spans)


def axis_lines(layout: Layout, as_of: dt.date | None) -> list[Text]:
    ticks = [" "] * layout.bar_width
    labels = [" "] * layout.bar_width
    month = dt.date(layout.start.year, layout.start.month, 1)
    last_label_end = -1
    while month <= layout.end:
        if month >= layout.start:
            col = layout.column(month)
            ticks[col] = "┬"
            name = month_abbreviation(month.month)
            if month.month == 1 or last_label_end < 0:
                name = f"{name} {month.year}"
            if col > last_label_end and col + len(name) <= layout.bar_width:
                labels[col : col + len(name)] = list(name)
                last_label_end = col + len(name)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    if as_of is not None and layout.start <= as_of <= layout.end:
        ticks[layout.column(as_of)] = "▲"
    pad = " " * (layout.label_width + 1)
    today_mark: list[Span] = []
    if as_of is not None and layout.start <= as_of <= layout.end:
        col = layout.label_width + 1 + layout.column(as_of)
        today_mark.append(Span(col, col + 1, "bold red"))
    tick_line = Text(pad + "".join(ticks).replace(" ", "─"), style="dim", spans=today_mark)
    label_line = Text(pad + "".join(labels).rstrip(), style="dim")
    return [tick_line, label_line]


def render(
    items: Sequence[Item],
    start: dt.date,
    end: dt.date,
    width: int,
    as_of: dt.date | None,
) -> list[Text]:
    """The whole picture as lines of ``Text``, each at most ``width`` cells wide (rich is
    needed to draw them on a terminal only: ``Screen.print_rich``)."""
    layout = make_layout(start, end, width)
    today = layout.today(as_of)
    groups: dict[str, list[Item]] = {kind: [] for kind in ALL_KINDS}
    for item in items:
        group = groups.get(item.kind)
        if group is not None:
            group.append(item)
    lines: list[Text] = []
    for kind, group in groups.items():
        if not group:
            continue
        if lines:
            lines.append(Text(""))
        lines.append(Text(kind_heading(kind), style="bold"))
        lines.extend(_item_line(item, layout, today) for item in group)
    lines.append(Text(""))
    lines.extend(axis_lines(layout, as_of))
    lines.extend(legend(start, end, as_of, width))
    return lines


def legend(start: dt.date, end: dt.date, as_of: dt.date | None, width: int) -> list[Text]:
    """What the marks mean, and the reference day's mark when it lies in the window."""
    entries = [
        f"{DAY} " + _("day"),
        f"{SOLID} " + _("period"),
        f"{LIGHT} " + _("uncertain (month, year, alternatives, «?»)"),
    ]
    if as_of is not None and start <= as_of <= end:
        entries.append(f"{TODAY} {as_of.isoformat()}")
    return [Text(line, style="dim") for line in legend_lines(entries, width)]


def legend_lines(entries: Sequence[str], width: int) -> list[str]:
    """The legend's entries two spaces apart, on as many lines of ``width`` as they need; an
    entry is broken (between words) only when it is wider than a line by itself."""
    import textwrap

    lines: list[str] = []
    current = ""
    for entry in entries:
        if current and len(current) + 2 + len(entry) <= width:
            current += "  " + entry
            continue
        if current:
            lines.append(current)
        parts = textwrap.wrap(
            entry, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
        )
        lines.extend(parts[:-1])
        current = parts[-1]
    if current:
        lines.append(current)
    return lines


def picture(
    items: Sequence[Item], start: dt.date, end: dt.date, width: int, as_of: dt.date | None
) -> tuple[str, str]:
    """The timeline in colour as a standalone SVG and as HTML."""
    import io

    from rich.console import Console

    recorder = Console(
        record=True, width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    for line in render(items, start, end, width, as_of):
        recorder.print(line.to_rich(), overflow="crop", no_wrap=True)
    title = f"viken timeline {start} – {end}"
    return recorder.export_svg(title=title, clear=False), recorder.export_html(clear=False)
