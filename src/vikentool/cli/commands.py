"""The ``viken`` command: a thin Typer layer over the library.

Errors are handled once, in ``VikenGroup.main``: a ``VikenError`` or a usage error becomes
one line on stderr and the contract's exit code (1 data/runtime, 2 usage), never a traceback.
Heavy modules (pydantic, rich, icalendar, holidays) are imported inside the commands.
"""

import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from vikentool import __version__
from vikentool.errors import DataError, UsageError, VikenError

if TYPE_CHECKING:
    from vikentool.cache import Data
    from vikentool.catalog import Catalog, Item
    from vikentool.query import ItemFilter
    from vikentool.snapshot import Snapshot


class VikenGroup(TyperGroup):
    """Catches the tool's own errors and click's usage errors once, for every command."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from typer._click import exceptions as click_exc

        prog = prog_name or "viken"
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except DataError as exc:
            # Each line already names its file, line and column.
            sys.stderr.write("".join(f"{line}\n" for line in exc.lines()))
            _finish(exc.exit_code, standalone_mode)
        except VikenError as exc:
            sys.stderr.write(f"{prog}: error: {exc}\n")
            _finish(exc.exit_code, standalone_mode)
        except click_exc.NoArgsIsHelpError as exc:
            sys.stderr.write(exc.format_message() + "\n")
            _finish(2, standalone_mode)
        except click_exc.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else prog
            hint = f" (see '{where} --help')" if exc.ctx is not None else ""
            sys.stderr.write(f"{where}: error: {exc.format_message()}{hint}\n")
            _finish(2, standalone_mode)
        except click_exc.ClickException as exc:
            sys.stderr.write(f"{prog}: error: {exc.format_message()}\n")
            _finish(exc.exit_code, standalone_mode)
        except typer.Abort:
            sys.stderr.write(f"{prog}: aborted\n")
            _finish(130, standalone_mode)
        except BrokenPipeError:
            # A reader such as `head` closed the pipe: not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            _finish(0, standalone_mode)
        code = result if isinstance(result, int) else 0
        _finish(code, standalone_mode)
        return result


def _finish(code: int, standalone_mode: bool) -> NoReturn:
    sys.stdout.flush()
    if standalone_mode:
        sys.exit(code)
    raise SystemExit(code)


app = typer.Typer(
    cls=VikenGroup,
    name="viken",
    help=(
        "Funding schemes, deadlines, hearings, regional plans and the KS learning network "
        "for Viken municipalities, from the source documents in the data files."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    """What the global options chose; the catalog is loaded on first use only."""

    data_dir: Path | None = None
    _data: "Data | None" = field(default=None, repr=False)

    def data(self) -> "Data":
        """The data files, read once: the catalog and its index come from the same bytes."""
        if self._data is None:
            from vikentool.cache import read_data

            self._data = read_data(self.data_dir)
        return self._data

    def catalog(self) -> "Catalog":
        return self.data().catalog()

    def snapshot(self) -> "Snapshot":
        return self.data().snapshot()

    def selected_items(self, flt: "ItemFilter") -> tuple[list["Item"], list["Item"]]:
        """Full items (dated, undated) chosen by ``flt``, for commands that need every field."""
        from vikentool.query import select

        catalog = self.catalog()
        selection = select(self.snapshot(), flt)
        found = catalog.item  # the index and the catalog come from the same bytes
        dated = [found(s.item.id) for s in selection.dated]
        undated = [found(i.id) for i in selection.undated]
        return [i for i in dated if i is not None], [i for i in undated if i is not None]


def state(ctx: typer.Context) -> State:
    found = ctx.find_object(State)
    return found if found is not None else State()


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"viken {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="VIKEN_DATA_DIR",
            help="Use the data files in DIR (same layout as the embedded data/) "
            "instead of the embedded ones. Also: $VIKEN_DATA_DIR.",
            metavar="DIR",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    ctx.obj = State(data_dir=data_dir)


# --- shared options -------------------------------------------------------------------------


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="table (for people), json (array of flat objects) or csv (with a header).",
        case_sensitive=False,
    ),
]


# --- validate and schema --------------------------------------------------------------------


@app.command()
def validate(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="Data directory to check (default: --data-dir, $VIKEN_DATA_DIR, or the "
            "embedded data).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a data directory; print counts per kind, or every error as FILE:LINE:COL."""
    from vikentool.catalog import load_catalog

    chosen = directory if directory is not None else state(ctx).data_dir
    catalog = load_catalog(chosen)
    lines = [f"OK: {catalog.location}"]
    counts = catalog.summary()
    width = max(len(k) for k in counts)
    lines += [f"  {name:<{width}}  {count:>5}" for name, count in counts.items()]
    sys.stdout.write("\n".join(lines) + "\n")


class SchemaFile(StrEnum):
    schemes = "schemes"
    plans = "plans"
    contacts = "contacts"


@app.command()
def schema(
    file: Annotated[
        SchemaFile | None,
        typer.Argument(help="One file's schema; default: all three, keyed by file name."),
    ] = None,
) -> None:
    """Print the JSON Schema of the data files (editors use it to check YAML as you type)."""
    import json

    from vikentool.models import FILE_MODELS, json_schema

    if file is not None:
        document: Any = json_schema(f"{file.value}.yaml")
    else:
        document = {name: json_schema(name) for name in FILE_MODELS}
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


# --- dates and the item filters shared by deadlines, export-ics and timeline ----------------

RULE = (
    "The rule: an item is shown when any day it may fall on is in the window; if only some "
    "of its possible days are (a span across the bound, one of two alternatives, a month), "
    "or the document hedges ('?', 'evt.'), it is marked uncertain ('?'). Items with no date "
    "are listed only with --include-undated."
)
DATE_HELP = "2021-04-12, 12.04.2021, 12.4.2021, '12. april 2021' or today"

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=f"Reference day for --within, --upcoming and days left (default: today). {DATE_HELP}.",
        metavar="DATE",
        show_default=False,
    ),
]
BeforeOption = Annotated[
    str | None, typer.Option("--before", help="On or before DATE.", metavar="DATE")
]
AfterOption = Annotated[
    str | None, typer.Option("--after", help="On or after DATE.", metavar="DATE")
]
OnOption = Annotated[str | None, typer.Option("--on", help="On DATE.", metavar="DATE")]
WithinOption = Annotated[
    str | None,
    typer.Option(
        "--within",
        help="From the reference day to N days, weeks, months or years later: 30d, 6w, 3m, 1y.",
        metavar="PERIOD",
    ),
]
UpcomingOption = Annotated[bool, typer.Option("--upcoming", help="On or after the reference day.")]
KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        help="application_deadline, hearing_deadline, hearing_reply, announcement, milestone, "
        "session; 'deadlines' (the first two) or 'all'. Repeatable.",
        metavar="KIND",
    ),
]
SchemeOption = Annotated[
    str | None, typer.Option("--scheme", help="Only this scheme (its id).", metavar="ID")
]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner", help="Owner contains TEXT (case and æøå/accent insensitive).", metavar="TEXT"
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        help="Title, scheme, wording or note contains TEXT ('naering' finds 'Næring').",
        metavar="TEXT",
    ),
]
UndatedOption = Annotated[
    bool,
    typer.Option("--include-undated", help="Also list items with no date (rolling, unknown)."),
]


def today_in_oslo() -> dt.date:
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Europe/Oslo")).date()


def parse_date_option(option: str, value: str | None, today: dt.date) -> dt.date | None:
    from vikentool.dates import DateInputError, parse_cli_date

    if value is None:
        return None
    try:
        return parse_cli_date(value, today)
    except DateInputError as exc:
        raise UsageError(f"{option}: {exc}") from None


def parse_int_option(option: str, value: str | None, low: int, high: int) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise UsageError(f"{option}: {value!r} is not a whole number from {low} to {high}")
    return int(text)


def reference_day(as_of: str | None) -> dt.date:
    today = today_in_oslo()
    return parse_date_option("--as-of", as_of, today) or today


@dataclass(frozen=True)
class Query:
    as_of: dt.date
    filter: "ItemFilter"


def build_query(
    *,
    as_of: str | None,
    before: str | None,
    after: str | None,
    on: str | None,
    within: str | None,
    upcoming: bool,
    kinds: list[str] | None,
    default_kinds: tuple[str, ...],
    scheme: str | None,
    owner: str | None,
    search: str | None,
) -> Query:
    """The window and filters from the shared options, every value checked (exit 2 if bad)."""
    from vikentool.dates import DateInputError, parse_within
    from vikentool.query import ItemFilter, parse_kinds, window_from_options

    reference = reference_day(as_of)
    within_end = None
    if within is not None:
        try:
            within_end = parse_within(within, reference)
        except DateInputError as exc:
            raise UsageError(f"--within: {exc}") from None
    window = window_from_options(
        as_of=reference,
        before=parse_date_option("--before", before, reference),
        after=parse_date_option("--after", after, reference),
        on=parse_date_option("--on", on, reference),
        within_end=within_end,
        upcoming=upcoming,
    )
    return Query(
        reference,
        ItemFilter(
            kinds=parse_kinds(kinds or [], default_kinds),
            window=window,
            scheme=scheme,
            owner=owner,
            search=search,
        ),
    )


ExcelOption = Annotated[
    bool,
    typer.Option("--excel", help="CSV for Norwegian Excel: a UTF-8 BOM and ';' between fields."),
]


def check_excel(fmt: OutputFormat, excel: bool) -> None:
    if excel and fmt is not OutputFormat.csv:
        raise UsageError("--excel goes with --format csv")


def emit_rows(
    rows: list[dict[str, Any]], fields: Sequence[str], fmt: OutputFormat, excel: bool
) -> None:
    from vikentool.output import to_csv, to_json

    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(rows))
    else:
        sys.stdout.write(to_csv(rows, fields, excel=excel))


# --- deadlines ----------------------------------------------------------------------------


@app.command(help=f"List deadlines, soonest first. {RULE}")
def deadlines(
    ctx: typer.Context,
    before: BeforeOption = None,
    after: AfterOption = None,
    on: OnOption = None,
    within: WithinOption = None,
    upcoming: UpcomingOption = False,
    as_of: AsOfOption = None,
    kind: KindOption = None,
    scheme: SchemeOption = None,
    owner: OwnerOption = None,
    search: SearchOption = None,
    include_undated: UndatedOption = False,
    lead: Annotated[
        str | None,
        typer.Option(
            "--lead",
            help="Also show an internal deadline N working days earlier (weekends and "
            "Norwegian public holidays skipped).",
            metavar="N",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
) -> None:
    from vikentool.query import DEADLINE_KINDS, ROW_FIELDS, data_range, item_row, select

    check_excel(fmt, excel)

    query = build_query(
        as_of=as_of,
        before=before,
        after=after,
        on=on,
        within=within,
        upcoming=upcoming,
        kinds=kind,
        default_kinds=DEADLINE_KINDS,
        scheme=scheme,
        owner=owner,
        search=search,
    )
    lead_days = parse_int_option("--lead", lead, 0, 250)
    snapshot = state(ctx).snapshot()
    selection = select(snapshot, query.filter)
    rows = [item_row(s, query.as_of, lead_days) for s in selection.dated]
    undated = (
        [item_row(i, query.as_of, lead_days) for i in selection.undated] if include_undated else []
    )
    if fmt is not OutputFormat.table:
        emit_rows(rows + undated, ROW_FIELDS, fmt, excel)
        return
    from vikentool.output import console
    from vikentool.views import deadlines_table

    out = console()
    if not rows and not undated:
        span = data_range(snapshot)
        where = f" Dates in the data run from {span[0]} to {span[1]}." if span else ""
        out.print(f"No items match.{where}")
        return
    deadlines_table(out, rows, undated, lead_days)


# --- export-ics ----------------------------------------------------------------------------

ICS_DEFAULT_KINDS = ("application_deadline", "hearing_deadline", "milestone", "session")


@app.command("export-ics")
def export_ics(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to FILE (atomically) instead of stdout.", metavar="FILE"
        ),
    ] = None,
    before: BeforeOption = None,
    after: AfterOption = None,
    on: OnOption = None,
    within: WithinOption = None,
    upcoming: UpcomingOption = False,
    as_of: AsOfOption = None,
    kind: KindOption = None,
    scheme: SchemeOption = None,
    owner: OwnerOption = None,
    search: SearchOption = None,
    alarm: Annotated[
        list[str] | None,
        typer.Option(
            "--alarm",
            help="A reminder that long before each event, e.g. 14d or 2w (repeatable); "
            "all-day events remind at 09:00.",
            metavar="PERIOD",
        ),
    ] = None,
    name: Annotated[
        str, typer.Option("--name", help="Calendar name shown by calendar programs.")
    ] = "Viken: frister og datoer",
) -> None:
    """Write an iCalendar (.ics) file of deadlines, plan milestones and sessions.

    Takes the same window and filter options as `viken deadlines` (default kinds:
    application and hearing deadlines, milestones and sessions). Uncertain dates become
    tentative events; undated items are left out and counted on stderr.
    """
    from vikentool.ics import build_calendar, parse_alarm

    query = build_query(
        as_of=as_of,
        before=before,
        after=after,
        on=on,
        within=within,
        upcoming=upcoming,
        kinds=kind,
        default_kinds=ICS_DEFAULT_KINDS,
        scheme=scheme,
        owner=owner,
        search=search,
    )
    alarms = [parse_alarm(a) for a in alarm or []]
    dated, undated_items = state(ctx).selected_items(query.filter)
    data, undated = build_calendar(dated + undated_items, name=name, alarms=alarms)
    if output is None or str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    else:
        from vikentool.files import write_atomic

        write_atomic(output, data)
    if undated:
        sys.stderr.write(
            f"viken: {undated} item{'s' if undated != 1 else ''} without a date left out "
            "(see `viken deadlines --include-undated`)\n"
        )


# --- plans, sessions, timeline -------------------------------------------------------------

PLAN_FIELDS = (
    "id",
    "title",
    "kind",
    "owner",
    "status",
    "next_date",
    "next_latest",
    "next_as_written",
    "dates",
    "related",
    "followed_by",
    "case_number",
    "source",
)


@app.command()
def plans(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    search: SearchOption = None,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
) -> None:
    """The regional planning picture: each plan or strategy, its status and dates as written.

    Status on the reference day: done (every dated step passed), under way, coming (none
    started) or unknown (the documents give no date).
    """
    from vikentool.dates import text_matches
    from vikentool.query import next_deadline, plan_status

    check_excel(fmt, excel)

    reference = reference_day(as_of)
    catalog = state(ctx).catalog()
    rows: list[dict[str, Any]] = []
    for plan in catalog.plans:
        if search is not None and not text_matches(search, plan.title, plan.description, plan.id):
            continue
        own = catalog.items_of(plan.id)
        nxt, passed = next_deadline(own, reference)
        rows.append(
            {
                "id": plan.id,
                "title": plan.title,
                "kind": plan.kind,
                "owner": plan.owner,
                "status": plan_status(own, reference),
                "next_date": None if nxt is None or passed else _iso(nxt.date.earliest),
                "next_latest": None if nxt is None or passed else _iso(nxt.date.latest),
                "next_as_written": None if nxt is None or passed else nxt.date.as_written,
                "dates": " | ".join(f"{m.title}: «{m.date.as_written}»" for m in plan.milestones)
                or None,
                "related": "; ".join(plan.related) or None,
                "followed_by": plan.followed_by,
                "case_number": plan.case_number,
                "source": f"{plan.source.document}: {plan.source.location}",
            }
        )
    if fmt is not OutputFormat.table:
        emit_rows(rows, PLAN_FIELDS, fmt, excel)
        return
    from vikentool.output import console
    from vikentool.views import plans_table

    plans_table(console(), rows, catalog)


SESSION_FIELDS = (
    "kind",
    "id",
    "number",
    "title",
    "date",
    "start_time",
    "end_time",
    "timezone",
    "as_written",
    "mode",
    "topics",
    "network",
    "organiser",
    "contact",
    "fee_note",
    "source",
)


@app.command()
def sessions(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
) -> None:
    """The learning network's sessions: date and time where known, topics, and the theme day."""

    check_excel(fmt, excel)
    catalog = state(ctx).catalog()
    rows: list[dict[str, Any]] = []
    for net in catalog.networks:
        contacts = (
            "; ".join(
                ", ".join(p for p in (c.name, c.email, c.phone) if p)
                for c in (catalog.contact(i) for i in net.contacts)
            )
            or None
        )
        common = {
            "network": net.name,
            "organiser": net.organiser,
            "contact": contacts,
            "fee_note": net.fee.note if net.fee else None,
        }
        for session in net.sessions:
            times = session.date.times if session.date else None
            rows.append(
                {
                    "kind": "session",
                    "id": session.id,
                    "number": session.number,
                    "title": session.title,
                    "date": _iso(session.date.earliest) if session.date else None,
                    "start_time": times[0] if times else None,
                    "end_time": times[1] if times else None,
                    "timezone": "Europe/Oslo" if times else None,
                    "as_written": session.date.as_written if session.date else None,
                    "mode": session.mode,
                    "topics": "; ".join(session.topics) or None,
                    **common,
                    "source": f"{session.source.document}: {session.source.location}",
                }
            )
        if net.theme_day is not None:
            day = net.theme_day
            rows.append(
                {
                    "kind": "theme_day",
                    "id": day.id,
                    "number": None,
                    "title": day.title,
                    "date": None,
                    "start_time": None,
                    "end_time": None,
                    "timezone": None,
                    "as_written": day.timing,
                    "mode": None,
                    "topics": day.description,
                    **common,
                    "source": f"{day.source.document}: {day.source.location}",
                }
            )
    rows = [{k: r[k] for k in SESSION_FIELDS} for r in rows]
    if fmt is not OutputFormat.table:
        emit_rows(rows, SESSION_FIELDS, fmt, excel)
        return
    from vikentool.output import console
    from vikentool.views import sessions_table

    sessions_table(console(), rows)


@app.command()
def timeline(
    ctx: typer.Context,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help=f"First day shown (default: the data's first). {DATE_HELP}.",
            metavar="DATE",
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Last day shown (default: the data's last).", metavar="DATE"),
    ] = None,
    as_of: AsOfOption = None,
    kind: KindOption = None,
    scheme: SchemeOption = None,
    search: SearchOption = None,
    width: Annotated[
        str | None,
        typer.Option(
            "--width", help="Columns, 40 to 400 (default: the terminal's, or 80).", metavar="N"
        ),
    ] = None,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Also write the picture as SVG.", metavar="FILE")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the picture as HTML.", metavar="FILE")
    ] = None,
) -> None:
    """Every dated item in the window as a timeline: bars for spans, marks for days,
    light bars and '?' for uncertain dates, and the reference day marked."""
    from vikentool.query import ALL_KINDS, data_range

    query = build_query(
        as_of=as_of,
        before=None,
        after=None,
        on=None,
        within=None,
        upcoming=False,
        kinds=kind,
        default_kinds=ALL_KINDS,
        scheme=scheme,
        owner=None,
        search=search,
    )
    span = data_range(state(ctx).snapshot())
    start = parse_date_option("--from", from_, query.as_of) or (span[0] if span else query.as_of)
    end = parse_date_option("--to", to, query.as_of) or (span[1] if span else query.as_of)
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    from dataclasses import replace

    from vikentool.dates import Window

    items, _ = state(ctx).selected_items(replace(query.filter, window=Window(start, end)))
    from vikentool.output import console
    from vikentool.timeline import render

    out = console(width=parse_int_option("--width", width, 40, 400))
    for line in render(items, start, end, out.width, query.as_of):
        out.print(line, overflow="crop", no_wrap=True)
    if svg is not None or html is not None:
        _export_picture(items, start, end, out.width, query.as_of, svg, html)


def _export_picture(
    items: Sequence[Any],
    start: dt.date,
    end: dt.date,
    width: int,
    as_of: dt.date,
    svg: Path | None,
    html: Path | None,
) -> None:
    import io

    from rich.console import Console

    from vikentool.files import write_atomic
    from vikentool.timeline import render

    recorder = Console(
        record=True, width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    for line in render(items, start, end, width, as_of):
        recorder.print(line, overflow="crop", no_wrap=True)
    title = f"viken timeline {start} – {end}"
    if svg is not None:
        write_atomic(svg, recorder.export_svg(title=title, clear=False).encode("utf-8"))
    if html is not None:
        write_atomic(html, recorder.export_html(clear=False).encode("utf-8"))


# --- schemes and show -------------------------------------------------------------------------

SCHEME_FIELDS = (
    "id",
    "name",
    "owner",
    "budget_nok",
    "budget_as_written",
    "max_per_applicant_nok",
    "max_per_applicant_as_written",
    "next_deadline",
    "next_deadline_latest",
    "next_deadline_as_written",
    "next_deadline_status",
    "audience",
    "contact",
    "url",
    "source",
)


@app.command()
def schemes(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    owner: OwnerOption = None,
    search: SearchOption = None,
    upcoming: Annotated[
        bool,
        typer.Option(
            "--upcoming", help="Only schemes with a deadline on or after the reference day."
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
) -> None:
    """List funding schemes: budget, maximum per applicant, next deadline, who may apply."""
    from vikentool.dates import text_matches
    from vikentool.query import next_deadline

    check_excel(fmt, excel)

    reference = reference_day(as_of)
    catalog = state(ctx).catalog()
    rows: list[dict[str, Any]] = []
    for s in catalog.schemes:
        if owner is not None and not text_matches(owner, s.owner):
            continue
        if search is not None and not text_matches(
            search,
            s.name,
            s.id,
            s.description,
            *s.also_known_as,
            *s.audience,
            *s.purposes,
            *s.notes,
        ):
            continue
        own = [i for i in catalog.items_of(s.id) if i.kind == "application_deadline"]
        nxt, passed = next_deadline(own, reference)
        if nxt is None and own:
            nxt = own[0]  # only undated deadlines: say so rather than "none"
        if upcoming and (nxt is None or passed or not nxt.date.is_dated):
            continue
        contacts = [catalog.contact(c) for c in s.contacts]
        rows.append(
            {
                "id": s.id,
                "name": s.name,
                "owner": s.owner,
                "budget_nok": s.budget.nok if s.budget else None,
                "budget_as_written": s.budget.as_written if s.budget else None,
                "max_per_applicant_nok": s.max_per_applicant.nok if s.max_per_applicant else None,
                "max_per_applicant_as_written": (
                    s.max_per_applicant.as_written if s.max_per_applicant else None
                ),
                "next_deadline": _iso(nxt.date.earliest) if nxt else None,
                "next_deadline_latest": _iso(nxt.date.latest) if nxt else None,
                "next_deadline_as_written": nxt.date.as_written if nxt else None,
                "next_deadline_status": (
                    None
                    if nxt is None
                    else "passed"
                    if passed
                    else "undated"
                    if not nxt.date.is_dated
                    else "upcoming"
                ),
                "audience": "; ".join(s.audience) or None,
                "contact": "; ".join(
                    c.name + (f" <{c.email}>" if c.email else "") for c in contacts
                )
                or None,
                "url": s.url,
                "source": f"{s.source.document}: {s.source.location}",
            }
        )
    if fmt is not OutputFormat.table:
        emit_rows(rows, SCHEME_FIELDS, fmt, excel)
        return
    from vikentool.output import console
    from vikentool.views import schemes_table

    out = console()
    if not rows:
        out.print("No schemes match.")
        return
    schemes_table(out, rows)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@app.command()
def show(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Any record's id.")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Everything about one record: its fields, dates as written, contacts and source."""
    from vikentool.output import console, csv_cell, to_csv, to_json
    from vikentool.records import describe, flatten

    catalog = state(ctx).catalog()
    document = describe(catalog, record_id)
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(document))
        return
    pairs = flatten(document)
    if fmt is OutputFormat.csv:
        sys.stdout.write(to_csv(({"field": k, "value": v} for k, v in pairs), ("field", "value")))
        return
    from vikentool.views import record_view

    heading = str(document.get("name") or document.get("title") or record_id)
    record_view(console(), [(k, csv_cell(v)) for k, v in pairs], f"{heading} ({document['type']})")


# --- fee ------------------------------------------------------------------------------------


@app.command()
def fee(
    ctx: typer.Context,
    population: Annotated[
        list[str] | None,
        typer.Option(
            "--population",
            "-p",
            help="Inhabitants of the municipality (a whole number; repeatable).",
            metavar="N",
        ),
    ] = None,
    table: Annotated[bool, typer.Option("--table", help="Print the whole fee table.")] = False,
    from_csv: Annotated[
        str | None,
        typer.Option(
            "--from-csv",
            help="A CSV file (or - for stdin) with a kommune/name column and an "
            "innbyggere/population column, ',' or ';' separated: one row each and the total.",
            metavar="FILE",
        ),
    ] = None,
    network: Annotated[
        str | None,
        typer.Option("--network", help="The network's id, if the data has several.", metavar="ID"),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The learning network's one-off participation fee by population (travel comes on top)."""
    from vikentool import fees
    from vikentool.output import to_csv, to_json

    if sum([bool(population), table, from_csv is not None]) != 1:
        raise UsageError("give --population N (repeatable), --table or --from-csv FILE")
    wanted: list[fees.Municipality] = []
    for raw in population or []:
        try:
            wanted.append(fees.Municipality("", fees.parse_population(raw), 0))
        except ValueError as exc:
            raise UsageError(f"--population: {exc}") from None
    if from_csv is not None:
        wanted = fees.read_population_csv(*_read_text(from_csv))
    from vikentool.snapshot import fee_network

    net = fee_network(state(ctx).snapshot(), network)
    heading = f"{net.name} ({net.organiser})"

    if table:
        brackets = fees.bracket_rows(net)
        if fmt is OutputFormat.table:
            sys.stdout.write(fees.render_brackets(heading, brackets, net.note))
        else:
            emit_rows(brackets, fees.BRACKET_FIELDS, fmt, excel=False)
        return

    named = from_csv is not None
    rows = fees.quote_rows(wanted, net, net.id, named=named)
    for warning in fees.implausible_warnings(wanted):
        sys.stderr.write(f"viken: warning: {warning}\n")
    if fmt is OutputFormat.json:
        sys.stdout.write(to_json(rows[0] if len(rows) == 1 and not named else rows))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(to_csv(rows, (("name",) if named else ()) + fees.QUOTE_FIELDS))
    else:
        sys.stdout.write(fees.render_quotes(heading, rows, net.note, named=named))


def _read_text(path: str) -> tuple[str, str]:
    from vikentool.errors import DataError

    if path == "-":
        data = (
            sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        )
        source = "<stdin>"
    else:
        try:
            data = Path(path).read_bytes()
        except IsADirectoryError:
            raise DataError([f"{path}: is a directory, not a CSV file"]) from None
        except OSError as exc:
            raise DataError([f"{path}: cannot be read ({exc.strerror or exc})"]) from None
        source = path
    try:
        return data.decode("utf-8"), source
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError([f"{source}:{line}: not UTF-8 text; save the file as UTF-8 CSV"]) from None


def main() -> None:
    app()
