"""The timeline's lines are built whole (one string and its spans) for speed: here they are
held to the cell-by-cell construction they replaced, on random windows, widths, titles and
dates, as rich ``Text`` and as the escape sequences a terminal gets.

They are built as the tool's own ``Text``, and rich draws them on a terminal only: a pipe or a
file gets them measured and cut without rich, held here to what rich cuts them to."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from rich.text import Text

from tests.conftest import Invoke, output_and_imports
from vikentool.domain.catalog import Catalog, Item
from vikentool.domain.dates import DateSpec
from vikentool.domain.kinds import ALL_KINDS
from vikentool.domain.kinds import heading as kind_heading
from vikentool.domain.records import Source
from vikentool.query.window import ItemFilter, Window, select
from vikentool.render import styled, timeline
from vikentool.render.screen import Screen
from vikentool.render.terminal import clean
from vikentool.render.timeline import (
    DAY,
    LIGHT,
    SOLID,
    TODAY,
    Layout,
    axis_lines,
    item_line,
    legend,
    make_layout,
    render,
)

# --- the reference: one Text.append per cell, as the timeline was first drawn ---------------


def reference_first_cells(text: str, cells: int) -> str:
    """The longest start of ``text`` that fits in ``cells``, each character measured by rich."""
    taken = 0
    for index, char in enumerate(text):
        taken += get_character_cell_size(char)
        if taken > cells:
            return text[:index]
    return text


def reference_label(item: Item, width: int, uncertain: bool) -> Text:
    title = clean(item.title)
    if item.kind in timeline._GROUPED_KINDS and ": " in title:
        title = title.split(": ", 1)[1]
    suffix = " ?" if uncertain else ""
    room = width - len(suffix)
    if cell_len(title) > room:
        cut = reference_first_cells(title, room - 1)
        if " " in cut[-5:]:
            cut = cut[: cut.rindex(" ")]
        title = cut.rstrip(" ,;:–-") + "…"
    text = Text(title, style="")
    if uncertain:
        text.append(suffix, style="bold yellow")
    text.pad_right(width - text.cell_len)
    return text


def reference_item_line(item: Item, layout: Layout, as_of: dt.date | None) -> Text:
    uncertain = item.date.uncertain
    cells = [" "] * layout.bar_width
    styles = [""] * layout.bar_width
    if as_of is not None and layout.start <= as_of <= layout.end:
        cells[layout.column(as_of)] = TODAY
        styles[layout.column(as_of)] = "red"
    for lo, hi in item.date.ranges:
        if hi < layout.start or lo > layout.end:
            continue
        first, last = layout.columns(lo, hi)
        if lo == hi and not uncertain:
            cells[first], styles[first] = DAY, "bold cyan"
            continue
        mark = LIGHT if uncertain else SOLID
        style = "yellow" if uncertain else "cyan"
        for col in range(first, last + 1):
            cells[col], styles[col] = mark, style
        if lo < layout.start:
            cells[first] = "◂"
        if hi > layout.end:
            cells[last] = "▸"
    line = reference_label(item, layout.label_width, uncertain)
    line.append(" ")
    for cell, style in zip(cells, styles, strict=True):
        line.append(cell, style=style)
    return line


def reference_render(
    items: Sequence[Item], start: dt.date, end: dt.date, width: int, as_of: dt.date | None
) -> list[Text]:
    layout = make_layout(start, end, width)
    lines: list[Text] = []
    for kind in ALL_KINDS:
        group = [i for i in items if i.kind == kind]
        if not group:
            continue
        if lines:
            lines.append(Text(""))
        lines.append(Text(kind_heading(kind), style="bold"))
        lines.extend(reference_item_line(i, layout, as_of) for i in group)
    lines.append(Text(""))
    lines.extend(line.to_rich() for line in axis_lines(layout, as_of))
    lines.extend(line.to_rich() for line in legend(start, end, as_of, width))
    return lines


def shape(text: Text) -> tuple[object, ...]:
    """All a rich ``Text`` draws from (``==`` on two of them ignores the base style)."""
    return (text.plain, text.style, list(text.spans), text.end, text.justify, text.overflow)


def ansi(lines: Sequence[Text], width: int) -> str:
    """The lines as a colour terminal gets them, drawn as the timeline command draws them."""
    out = Console(
        file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor", record=True
    )
    for line in lines:
        out.print(line, overflow="crop", no_wrap=True)
    return out.export_text(styles=True)


# --- random items and windows ---------------------------------------------------------------

BASE = dt.date(2021, 1, 1)
# Letters of one and two cells, ones rich measures specially (a combining accent, an emoji's
# variation selector), what clean() rewrites (controls, a tab, a zero-width joiner), and the
# separators the label cut looks at.
ALPHABET = "abcæøå ABC,;:–-…中文😀\u0301\ufe0f\x07\x1b\t\u200d"


@st.composite
def date_specs(draw: st.DrawFn) -> DateSpec:
    form = draw(st.sampled_from(["day", "span", "month", "alternatives", "year"]))
    count = draw(st.integers(2, 4)) if form == "alternatives" else 1
    ranges = []
    for _number in range(count):
        lo = BASE + dt.timedelta(days=draw(st.integers(-800, 1600)))
        length = 0 if form == "day" else draw(st.integers(0, 400))
        ranges.append((lo, lo + dt.timedelta(days=length)))
    return DateSpec("as written", form, tuple(sorted(ranges)), tentative=draw(st.booleans()))


@st.composite
def items(draw: st.DrawFn) -> Item:
    title = draw(st.text(ALPHABET, max_size=60))
    if draw(st.booleans()):
        title = "Søknadsfrist: " + title
    kind = draw(st.sampled_from([*ALL_KINDS, "not_a_kind"]))
    return Item(f"id-{title}", title, kind, draw(date_specs()), Source("doc", "side 1"))


@st.composite
def windows(draw: st.DrawFn) -> tuple[dt.date, dt.date, int, dt.date | None]:
    start = BASE + dt.timedelta(days=draw(st.integers(-400, 800)))
    end = start + dt.timedelta(days=draw(st.integers(0, 1500)))
    as_of = draw(st.none() | st.dates(start - dt.timedelta(days=30), end + dt.timedelta(days=30)))
    return start, end, draw(st.integers(40, 400)), as_of


SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(item=items(), window=windows())
def test_an_item_line_is_the_cell_by_cell_line(
    item: Item, window: tuple[dt.date, dt.date, int, dt.date | None]
) -> None:
    start, end, width, as_of = window
    layout = make_layout(start, end, width)
    built = item_line(item, layout, as_of).to_rich()
    reference = reference_item_line(item, layout, as_of)
    assert shape(built) == shape(reference)
    assert ansi([built], width) == ansi([reference], width)


@SETTINGS
@given(group=st.lists(items(), max_size=12), window=windows())
def test_the_whole_timeline_is_the_cell_by_cell_timeline(
    group: list[Item], window: tuple[dt.date, dt.date, int, dt.date | None]
) -> None:
    start, end, width, as_of = window
    built = [line.to_rich() for line in render(group, start, end, width, as_of)]
    reference = reference_render(group, start, end, width, as_of)
    assert [shape(line) for line in built] == [shape(line) for line in reference]
    assert ansi(built, width) == ansi(reference, width)


def test_each_marked_cell_keeps_its_own_style() -> None:
    """Runs are not merged into one span: a terminal gets one escape sequence per cell, as it
    did when each cell was appended, so coloured and SVG output keep their bytes."""
    date = DateSpec("juni", "span", ((dt.date(2021, 6, 1), dt.date(2021, 6, 30)),))
    item = Item("a", "Høring", "hearing_deadline", date, Source("doc", "side 1"))
    layout = make_layout(dt.date(2021, 1, 1), dt.date(2021, 12, 31), 100)
    line = item_line(item, layout, dt.date(2021, 3, 1))
    solid = [span for span in line.spans if span.style == "cyan"]
    assert len(solid) == line.plain.count(SOLID) > 1
    assert all(span.end - span.start == 1 for span in line.spans if span.style != "bold yellow")


# --- through the command --------------------------------------------------------------------


def test_a_span_cut_by_the_window_ends_in_arrows(viken: Invoke, firm_hearing: Path) -> None:
    """The hearing runs June to September: a July-August window cuts it at both edges."""
    result = viken(
        "timeline", "--as-of", "2021-02-26", "--from", "2021-07-01", "--to", "2021-08-31",
        "--width", "100",
    )  # fmt: skip
    assert result.exit_code == 0, result
    line = next(x for x in result.stdout.splitlines() if x.startswith("Høring av planprogrammet"))
    bar = line[make_layout(dt.date(2021, 7, 1), dt.date(2021, 8, 31), 100).label_width + 1 :]
    assert bar == "◂" + SOLID * (len(bar) - 2) + "▸"
    assert TODAY not in line  # the reference day is outside the window


def test_a_colour_terminal_gets_one_escape_per_marked_cell(
    viken: Invoke, firm_hearing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vikentool.render.screen.is_terminal", lambda stream=None: True)
    args = ("timeline", "--as-of", "2021-02-26", "--from", "2021-01-01", "--to", "2021-12-31")
    colour = viken(*args, "--width", "100", env={"COLORTERM": "truecolor", "NO_COLOR": ""})
    assert colour.exit_code == 0, colour
    line = next(x for x in colour.stdout.splitlines() if x.startswith("Høring av planprogrammet"))
    solid = line.count(SOLID)
    assert solid > 1 and line.count(f"\x1b[36m{SOLID}\x1b[0m") == solid
    assert line.count(f"\x1b[31m{TODAY}\x1b[0m") == 1


# --- a pipe and a file: measured and cut without rich, as rich cuts -------------------------

AS_OF = "2021-02-26"
# What rich measures specially or its tables and ``cells`` disagree on, next to what is
# measured without rich: letters of one cell, two and none, a newline, the timeline's marks.
MEASURED = "abc æøå–…┊█▸\xad⚠中文한ｆかカ\u0301\u0300\u034f\u0488\n😀☺❤\ufe0f\u0378€✓𝔘🇳\u2028"


def rich_piped(lines: Sequence[Text], width: int) -> str:
    """Rich's lines as the timeline wrote them to a pipe before: each cut by rich's
    ``truncate``, without the spaces at its end."""
    out = []
    for line in lines:
        for piece in line.split("\n", allow_blank=True):
            piece.truncate(width, overflow="crop")
            out.append(piece.plain.rstrip() + "\n")
    return "".join(out)


def rich_drawn(lines: Sequence[Text], width: int) -> str:
    """Rich's lines as a terminal without colour shows them, without the spaces at their end."""
    out = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    for line in lines:
        out.print(line, overflow="crop", no_wrap=True)
    drawn = out.file.getvalue()  # type: ignore[attr-defined]
    return "".join(line.rstrip() + "\n" for line in drawn.splitlines())


def piped(lines: Sequence[styled.Text], width: int) -> str:
    """The lines as the timeline command writes them to a pipe or a file."""
    out = Screen(io.StringIO(), width, terminal=False)
    for line in lines:
        out.print_rich(line)
    return out.file.getvalue()  # type: ignore[attr-defined]


@settings(max_examples=500, deadline=None)
@given(text=st.text(MEASURED, max_size=40), width=st.integers(0, 45))
def test_text_is_measured_and_cut_as_rich_measures_and_cuts_it(text: str, width: int) -> None:
    assert styled.cells(text) == cell_len(text)
    assert styled.first_cells(text, width) == reference_first_cells(text, width)
    cut = Text(text)
    cut.truncate(width, overflow="crop")
    assert styled.crop(text, width) == cut.plain


def test_what_is_measured_without_rich_is_measured_alike_in_every_unicode_version() -> None:
    """Rich measures by the Unicode version $UNICODE_VERSION names: the characters measured
    without it must take the same cells in all of them."""
    from rich._unicode_data._versions import VERSIONS

    one_cell = [chr(c) for c in range(0x10000) if styled._ONE_CELL_EACH.fullmatch(chr(c))]
    expected = {char: 1 for char in one_cell}
    for ranges, cells in ((styled._TWO_CELLS, 2), (styled._NO_CELLS, 0)):
        expected |= {chr(c): cells for first, last in ranges for c in range(first, last + 1)}
    for version in VERSIONS:
        wrong = [c for c, n in expected.items() if get_character_cell_size(c, version) != n]
        assert not wrong, (version, wrong[:5])
    assert all(styled.character_cells(c) == n for c, n in expected.items())


@SETTINGS
@given(group=st.lists(items(), max_size=12), window=windows())
def test_a_piped_timeline_is_cut_as_rich_cuts_it(
    group: list[Item], window: tuple[dt.date, dt.date, int, dt.date | None]
) -> None:
    start, end, width, as_of = window
    lines = render(group, start, end, width, as_of)
    assert piped(lines, width) == rich_piped([line.to_rich() for line in lines], width)


@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_embedded_timeline_piped_is_the_one_rich_draws(
    viken: Invoke, catalog: Catalog, width: int
) -> None:
    as_of = dt.date.fromisoformat(AS_OF)
    assert catalog.date_range is not None
    start, end = catalog.date_range
    shown = ItemFilter(kinds=ALL_KINDS, window=Window(start, end))
    lines = render(select(catalog, shown).items(with_undated=False), start, end, width, as_of)
    assert all(isinstance(line, styled.Text) for line in lines)
    rich_lines = [line.to_rich() for line in lines]
    written = piped(lines, width)
    assert written == rich_piped(rich_lines, width) == rich_drawn(rich_lines, width)
    result = viken("timeline", "--as-of", AS_OF, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result
    assert result.stdout == written
    assert max(cell_len(line) for line in written.splitlines()) <= width


def _modules_after(args: Sequence[str], cache: Path) -> tuple[str, set[str]]:
    """What ``viken ARGS`` wrote to a pipe, and every module it imported."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("VIKEN_DATA_DIR", None)
    return output_and_imports(args, env)


def _rich(modules: set[str]) -> set[str]:
    return {name for name in modules if name == "rich" or name.startswith("rich.")}


@pytest.mark.parametrize("to_file", [False, True])
def test_a_timeline_not_on_a_terminal_does_not_import_rich(tmp_path: Path, to_file: bool) -> None:
    target = tmp_path / "timeline.txt"
    args = ["timeline", "--as-of", AS_OF, *(["-o", str(target)] if to_file else [])]
    for run in ("cold", "warm"):
        written, modules = _modules_after(args, tmp_path / "cache")
        assert "vikentool.render.timeline" in modules, run
        assert not _rich(modules), (run, sorted(_rich(modules)))
        if to_file:
            written = target.read_text(encoding="utf-8")
        assert TODAY in written and "▲" in written, run


def test_a_picture_still_imports_rich(tmp_path: Path) -> None:
    """The SVG and HTML are rich's: the check above would see rich if it were imported."""
    args = ["timeline", "--as-of", AS_OF, "--svg", str(tmp_path / "t.svg")]
    written, modules = _modules_after(args, tmp_path / "cache")
    assert "rich.console" in modules
    assert "▲" in written and (tmp_path / "t.svg").read_text(encoding="utf-8").startswith("<svg")
