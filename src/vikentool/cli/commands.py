"""Every ``viken`` command: read the options, make one call into the library, print.

Heavy modules (pydantic, rich, icalendar, holidays) are imported inside the commands that
need them, so a command starts paying only for itself.
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from vikentool.cli.app import command, note, state
from vikentool.cli.digest import DigestFormat
from vikentool.cli.extract import ExtractFormat
from vikentool.cli.options import (
    AsOfOption,
    ExcelOption,
    Filters,
    FormatOption,
    ForOption,
    LeadOption,
    OutputFormat,
    OutputOption,
    OwnerOption,
    SearchOption,
    applicant_option,
    check_excel,
    int_option,
    read_option,
    reference_day,
    since_option,
    timeline_days,
    with_filters,
)
from vikentool.errors import UsageError
from vikentool.i18n import N_, _, ngettext

# --- validate and schema --------------------------------------------------------------------


@command(help=N_("Check a data directory; print counts per kind, or every error as FILE:LINE:COL."))
def validate(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(
            help=N_(
                "Data directory to check (default: --data-dir, $VIKEN_DATA_DIR, or the "
                "embedded data)."
            ),
            show_default=False,
            metavar="DIR",
        ),
    ] = None,
) -> None:
    from vikentool.model.load import load_catalog

    chosen = directory if directory is not None else state(ctx).data_dir
    catalog = load_catalog(chosen)
    from vikentool.render.tables import summary_text

    sys.stdout.write(summary_text(catalog.location, catalog.summary()))


class SchemaFile(StrEnum):
    schemes = "schemes"
    plans = "plans"
    contacts = "contacts"
    documents = "documents"
    municipalities = "municipalities"


@command(
    help=N_("Print the JSON Schema of the data files (editors use it to check YAML as you type).")
)
def schema(
    file: Annotated[
        SchemaFile | None,
        typer.Argument(
            help=N_("One file's schema; default: all of them, keyed by file name."),
            metavar="[schemes|plans|contacts|documents|municipalities]",
        ),
    ] = None,
) -> None:
    from vikentool.model.schema import json_schemas
    from vikentool.render.emit import emit_bytes, to_json

    schemas = json_schemas()
    document = schemas if file is None else schemas[f"{file.value}.yaml"]
    emit_bytes(to_json(document).encode("utf-8"))


# --- deadlines ----------------------------------------------------------------------------


@command(
    help=N_(
        "List deadlines, soonest first. The rule: an item is shown when any day it may fall "
        "on is in the window; if only some of its possible days are (a span across the bound, "
        "one of two alternatives, a month), or the document hedges ('?', 'evt.'), it is marked "
        "uncertain ('?'). Items with no date are listed only with --include-undated."
    )
)
@with_filters()
def deadlines(
    ctx: typer.Context,
    filters: Filters,
    include_undated: Annotated[
        bool,
        typer.Option(
            "--include-undated",
            help=N_(
                "Also list items with no date (rolling, unknown); one whose earlier date is "
                "in its history is always listed."
            ),
        ),
    ] = False,
    lead: LeadOption = None,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    output: OutputOption = None,
) -> None:
    from vikentool.domain.kinds import DEADLINE_KINDS
    from vikentool.query.reports import DEADLINE_FIELDS, deadline_listing
    from vikentool.query.window import no_items_text
    from vikentool.render.emit import emit

    check_excel(fmt, excel)
    as_of, item_filter = filters.query(DEADLINE_KINDS)
    lead_days = int_option("--lead", lead, 0, 250)
    catalog = state(ctx).catalog()
    listing = deadline_listing(catalog, item_filter, as_of, lead_days, include_undated)

    def table(stream: TextIO) -> None:
        from vikentool.render.screen import console
        from vikentool.render.tables import deadlines_table

        out = console(stream)
        if not listing.rows:
            out.print(no_items_text(item_filter, catalog.date_range))
            return
        rows = [row for row, _item in listing.dated]
        items = [item for _row, item in listing.dated]
        deadlines_table(
            out, rows, items, listing.undated, lead_days, item_filter.applicant is not None
        )

    emit(listing.rows, DEADLINE_FIELDS, fmt, excel=excel, table=table, output=output)


# --- export-ics ----------------------------------------------------------------------------


@command(
    "export-ics",
    help=N_(
        "Write an iCalendar (.ics) file of deadlines, plan milestones and sessions.\n\n"
        "Takes the same window and filter options as `viken deadlines` (default kinds: "
        "application and hearing deadlines, milestones and sessions). Uncertain dates "
        "become tentative events; undated items are left out and counted on stderr."
    ),
)
@with_filters()
def export_ics(
    ctx: typer.Context,
    output: OutputOption = None,
    filters: Filters = Filters(),  # noqa: B008 - replaced by the shared options
    alarm: Annotated[
        list[str] | None,
        typer.Option(
            "--alarm",
            help=N_(
                "A reminder that long before each event, e.g. 14d or 2w (repeatable); "
                "all-day events remind at 09:00."
            ),
            metavar="PERIOD",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            help=N_(
                "Calendar name shown by calendar programs (default: 'Viken: deadlines "
                "and dates' in the interface language)."
            ),
            show_default=False,
        ),
    ] = None,
    long_periods: Annotated[
        bool,
        typer.Option(
            "--long-periods",
            help=N_(
                "A date given only as a month or a year becomes an event over the whole "
                "period (default: one tentative marker on its first possible day)."
            ),
        ),
    ] = False,
    lead: LeadOption = None,
) -> None:
    from vikentool.query.inputs import parse_alarm
    from vikentool.query.window import no_events_text, select
    from vikentool.render.emit import emit_bytes
    from vikentool.render.ics import DEFAULT_KINDS, build_calendar

    item_filter = filters.query(DEFAULT_KINDS)[1]
    alarms = [read_option("--alarm", parse_alarm, a) for a in alarm or []]
    lead_days = int_option("--lead", lead, 0, 250)
    selection = select(state(ctx).catalog(), item_filter)
    data, undated = build_calendar(
        selection.items(), name=name, alarms=alarms, long_periods=long_periods, lead=lead_days
    )
    emit_bytes(data, output)
    if not selection.dated:
        note(no_events_text(item_filter))
    if undated:
        note(
            ngettext(
                "{count} item without a date left out (see `viken deadlines --include-undated`)",
                "{count} items without a date left out (see `viken deadlines --include-undated`)",
                undated,
            ).format(count=undated)
        )


# --- publish -------------------------------------------------------------------------------


@command(
    help=N_(
        "Write a static website into DIR: what is due next, a page per scheme, plan, hearing "
        "and network, the timeline, calendar feeds to subscribe to (all, per kind, per "
        "scheme), deadlines.json and .csv, and an Atom feed of moved dates. DIR is replaced "
        "as a whole, at once; it must be new, empty or a site viken published. With "
        "SOURCE_DATE_EPOCH and --as-of, two runs give the same bytes."
    )
)
def publish(
    ctx: typer.Context,
    directory: Annotated[
        Path,
        typer.Argument(help=N_("Folder to publish into."), metavar="DIR", show_default=False),
    ],
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help=N_(
                "The address the site will be published at, e.g. https://example.no/frister/: "
                "needed for the calendars' subscribe links."
            ),
            metavar="URL",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help=N_("Then serve DIR on 127.0.0.1 for a preview, until Ctrl-C."),
        ),
    ] = False,
    port: Annotated[
        str | None,
        typer.Option(
            "--port",
            help=N_("Port for --serve (default: 8000; 0: any free port)."),
            metavar="N",
            show_default=False,
        ),
    ] = None,
) -> None:
    from vikentool import __version__
    from vikentool.render.ics import source_date_epoch
    from vikentool.render.site.build import base_url_of, write_site
    from vikentool.store.tree import replace_tree

    url = read_option("--base-url", base_url_of, base_url)
    port_number = int_option("--port", port, 0, 65535)
    if port_number is not None and not serve:
        raise UsageError(_("--port goes with --serve"))
    as_of_day = reference_day(as_of)
    catalog = state(ctx).catalog()
    epoch = source_date_epoch()
    marker = f"vikentool {__version__}\n".encode()
    mtime = epoch.timestamp() if epoch else None
    with replace_tree(directory, marker_text=marker, mtime=mtime) as tree:
        write_site(catalog, as_of_day, tree, base_url=url)
    note(
        ngettext(
            "published {count} file ({size} kB) in {folder}",
            "published {count} files ({size} kB) in {folder}",
            tree.count,
        ).format(count=tree.count, size=round(tree.size / 1000), folder=directory)
    )
    if serve:
        from vikentool.store.serve import serve as serve_folder

        def ready(address: str) -> None:
            note(_("serving {folder} at {address} (Ctrl-C stops)").format(
                folder=directory, address=address))  # fmt: skip

        serve_folder(directory, 8000 if port_number is None else port_number, ready)


# --- digest ----------------------------------------------------------------------------------


@command(
    help=N_(
        "The weekly digest: what is due in the next weeks (as `viken deadlines --within Nw` "
        "lists it), the learning network's sessions in them, and what changed since the last "
        "digest to the same recipients (else the last 7 days). Printed, written with -o, or "
        "sent with --send through the server in $VIKEN_SMTP_URL, once: the same digest to the "
        "same recipients is not sent again."
    )
)
@with_filters(("as_of", "kind", "scheme", "applicant"))
def digest(
    ctx: typer.Context,
    filters: Filters = Filters(),  # noqa: B008 - replaced by the shared options
    weeks: Annotated[
        str | None,
        typer.Option(
            "--weeks",
            help=N_("Weeks ahead, 1 to 52 (default: 4)."),
            metavar="N",
            show_default=False,
        ),
    ] = None,
    lead: LeadOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help=N_(
                "List the changes from DATE on (default: since the last digest to the "
                "same recipients, else 7 days back)."
            ),
            metavar="DATE",
        ),
    ] = None,
    fmt: Annotated[
        DigestFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=N_("text (default), markdown, html, json, or eml (the whole e-mail)."),
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    send: Annotated[
        bool, typer.Option("--send", help=N_("Send it by e-mail (see --to, --from)."))
    ] = False,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", help=N_("A recipient (repeatable)."), metavar="ADDRESS"),
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option(
            "--from",
            help=N_("The sender, e.g. 'Frister <frister@example.no>' (default: $VIKEN_SMTP_FROM)."),
            metavar="ADDRESS",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help=N_("Show what --send would send, with headers; send nothing.")
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Send even if the same digest was sent."))
    ] = False,
    send_empty: Annotated[
        bool,
        typer.Option("--send-empty", help=N_("Send even if nothing is due and nothing changed.")),
    ] = False,
    insecure: Annotated[
        bool,
        typer.Option(
            "--insecure",
            help=N_("Do not use STARTTLS, and allow a password over an unencrypted connection."),
        ),
    ] = False,
) -> None:
    from vikentool.cli import digest as controller
    from vikentool.query.digest import DEFAULT_WEEKS, DIGEST_KINDS, MAX_WEEKS

    as_of, item_filter = filters.query(DIGEST_KINDS)
    request = controller.Request(
        as_of=as_of,
        weeks=int_option("--weeks", weeks, 1, MAX_WEEKS) or DEFAULT_WEEKS,
        kinds=item_filter.kinds,
        scheme=item_filter.scheme,
        lead=int_option("--lead", lead, 0, 250),
        since=since_option(since, as_of),
        applicant=item_filter.applicant,
    )
    how = controller.delivery(
        to=to or [],
        sender=sender,
        send=send,
        dry_run=dry_run,
        force=force,
        send_empty=send_empty,
        insecure=insecure,
        fmt=fmt,
        output=output,
    )
    controller.run(state(ctx).catalog(), request, how, fmt, output)


# --- changes ---------------------------------------------------------------------------------


@command(
    help=N_(
        "What moved, was added or was removed. From the dates' recorded history: every "
        "change made from --since to the reference day. With --from OLD_DIR: the differences "
        "between that copy of the data and the current data, by record id (added, removed, "
        "date moved, wording changed). Exit 0 whether or not anything changed."
    )
)
def changes(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help=N_("First day of changes to list (default: 30 days before the reference day)."),
            metavar="DATE",
        ),
    ] = None,
    old_dir: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help=N_("An older copy of the data directory to compare the current data with."),
            metavar="OLD_DIR",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    output: OutputOption = None,
) -> None:
    from vikentool.query import changes as changed
    from vikentool.render.emit import emit

    check_excel(fmt, excel)
    if old_dir is not None and since is not None:
        raise UsageError(
            _("--since reads the recorded history; --from compares two folders: give one")
        )
    catalog = state(ctx).catalog()
    as_of_day = reference_day(as_of)
    if old_dir is not None:
        from vikentool.model.load import load_catalog

        found = changed.compare(load_catalog(old_dir), catalog)
        nothing = _("No differences between {old} and {new}.").format(
            old=old_dir, new=catalog.location
        )
    else:
        since_day = since_option(since, as_of_day) or changed.default_since(as_of_day)
        found = changed.recorded_changes(catalog, since_day, as_of_day)
        nothing = _("No recorded changes from {since} to {as_of}.").format(
            since=since_day, as_of=as_of_day
        )
    rows = [c.row for c in found]

    def table(stream: TextIO) -> None:
        from vikentool.render.screen import console
        from vikentool.render.tables import changes_table

        if not found:
            console(stream).print(nothing)
            return
        changes_table(console(stream), found)

    emit(rows, changed.CHANGE_FIELDS, fmt, excel=excel, table=table, output=output)


# --- plans, sessions, timeline -------------------------------------------------------------


@command(
    help=N_(
        "The regional planning picture: each plan or strategy, its status and dates as "
        "written.\n\n"
        "Status on the reference day: done (every dated step passed), under way (a step "
        "with a certain date has begun), planned (dated, but not known to have begun) "
        "or unknown (the documents give no date)."
    )
)
def plans(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    search: SearchOption = None,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    output: OutputOption = None,
) -> None:
    from vikentool.query.reports import PLAN_FIELDS, no_plans_text, plan_rows
    from vikentool.render.emit import emit

    check_excel(fmt, excel)
    catalog = state(ctx).catalog()
    report = plan_rows(catalog, reference_day(as_of), search=search)
    rows = [row for row, _ in report]

    def table(stream: TextIO) -> None:
        from vikentool.render.screen import console
        from vikentool.render.tables import plans_table

        if not rows:
            console(stream).print(no_plans_text(search))
            return
        plans_table(console(stream), report, catalog.plans)

    emit(rows, PLAN_FIELDS, fmt, excel=excel, table=table, output=output)


@command(
    help=N_(
        "The learning network's sessions: date and time where known, topics, and the theme day."
    )
)
def sessions(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    output: OutputOption = None,
) -> None:
    from vikentool.query.reports import SESSION_FIELDS, session_rows
    from vikentool.render.emit import emit

    check_excel(fmt, excel)
    rows = session_rows(state(ctx).catalog())

    def table(stream: TextIO) -> None:
        from vikentool.render.screen import console
        from vikentool.render.tables import sessions_table

        sessions_table(console(stream), rows)

    emit(rows, SESSION_FIELDS, fmt, excel=excel, table=table, output=output)


@command(
    help=N_(
        "Every dated item in the window as a timeline: bars for spans, marks for days, "
        "light bars and '?' for uncertain dates, and the reference day marked."
    )
)
@with_filters(("as_of", "kind", "scheme", "search"))
def timeline(
    ctx: typer.Context,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help=N_("First day shown (default: the data's first). Dates as for --as-of."),
            metavar="DATE",
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help=N_("Last day shown (default: the data's last)."), metavar="DATE"),
    ] = None,
    filters: Filters = Filters(),  # noqa: B008 - replaced by the shared options
    width: Annotated[
        str | None,
        typer.Option(
            "--width", help=N_("Columns, 40 to 400 (default: the terminal's, or 80)."), metavar="N"
        ),
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg", help=N_("Also write the picture as SVG (- for stdout)."), metavar="FILE"
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", help=N_("Also write the picture as HTML (- for stdout)."), metavar="FILE"
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    from vikentool.domain.kinds import ALL_KINDS
    from vikentool.query.window import Window, no_items_text, select
    from vikentool.render.emit import emit_text, output_file
    from vikentool.render.screen import console
    from vikentool.render.timeline import picture, render

    as_of, item_filter = filters.query(ALL_KINDS)
    catalog = state(ctx).catalog()
    start, end = timeline_days(from_, to, as_of, catalog.date_range)
    shown = item_filter._replace(window=Window(start, end))
    items = select(catalog, shown).items(with_undated=False)
    chosen_width = int_option("--width", width, 40, 400)
    drawn_width = 80

    def draw(stream: TextIO) -> None:
        nonlocal drawn_width
        out = console(stream, width=chosen_width)
        drawn_width = out.width
        for line in render(items, start, end, out.width, as_of):
            out.print_rich(line)
        if not items:
            out.print(no_items_text(shown))

    # "--svg -" puts the picture on stdout instead of the text timeline, never both.
    on_stdout = [
        name
        for name, path in (("--svg", svg), ("--html", html), ("--output", output))
        if path is not None and output_file(path) is None
    ]
    if len(on_stdout) > 1:
        raise UsageError(
            _("only one of {options} can write to stdout").format(options=", ".join(on_stdout))
        )
    if on_stdout in (["--svg"], ["--html"]) and output is None:
        drawn_width = console(sys.stdout, width=chosen_width).width
    else:
        emit_text(draw, output)
    if svg is not None or html is not None:
        from vikentool.render.emit import emit_bytes

        svg_text, html_text = picture(items, start, end, drawn_width, as_of)
        if svg is not None:
            emit_bytes(svg_text.encode("utf-8"), svg)
        if html is not None:
            emit_bytes(html_text.encode("utf-8"), html)


# --- schemes and show -------------------------------------------------------------------------


@command(
    help=N_("List funding schemes: budget, maximum per applicant, next deadline, who may apply.")
)
def schemes(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    owner: OwnerOption = None,
    search: SearchOption = None,
    upcoming: Annotated[
        bool,
        typer.Option(
            "--upcoming", help=N_("Only schemes with a deadline on or after the reference day.")
        ),
    ] = False,
    applicant: ForOption = None,
    include_unstated: Annotated[
        bool,
        typer.Option(
            "--include-unstated",
            help=N_(
                "With --for: also the schemes whose documents do not say who may apply, marked so."
            ),
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    output: OutputOption = None,
) -> None:
    from vikentool.query.reports import (
        SCHEME_FIELDS,
        for_applicant,
        no_schemes_text,
        scheme_rows,
    )
    from vikentool.render.emit import emit

    check_excel(fmt, excel)
    catalog = state(ctx).catalog()
    as_of_day = reference_day(as_of)
    category = applicant_option(applicant)
    if include_unstated and category is None:
        raise UsageError(_("--include-unstated goes with --for CATEGORY"))
    report = scheme_rows(catalog, as_of_day, owner=owner, search=search, upcoming=upcoming)
    if category is not None:
        report, unstated = for_applicant(catalog, report, category, include_unstated)
        if unstated:
            note(
                ngettext(
                    "{count} more scheme does not say who may apply; --include-unstated lists it",
                    "{count} more schemes do not say who may apply; --include-unstated lists them",
                    unstated,
                ).format(count=unstated)
            )
    rows = [row for row, _ in report]

    def table(stream: TextIO) -> None:
        from vikentool.render.screen import console
        from vikentool.render.tables import schemes_table

        out = console(stream)
        if not rows:
            out.print(
                no_schemes_text(
                    as_of_day, owner=owner, search=search, upcoming=upcoming, applicant=category
                )
            )
            return
        schemes_table(out, report, catalog.schemes)

    emit(rows, SCHEME_FIELDS, fmt, excel=excel, table=table, output=output)


@command(
    help=N_(
        "Everything about one record: its fields, dates in words and as written, "
        "contacts and source."
    )
)
def show(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help=N_("Any record's id."))],
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help=N_(
                "table (for people), json (one object: the record as in its data file, "
                "its contacts and dated items) or csv (field,value rows)."
            ),
            case_sensitive=False,
        ),
    ] = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    from vikentool.query.reports import SHOW_FIELDS, dated_items_of, describe, show_rows
    from vikentool.render.emit import emit

    catalog = state(ctx).catalog()
    document = describe(catalog, record_id)

    def table(stream: TextIO) -> None:
        from vikentool.render.screen import console
        from vikentool.render.tables import record_view

        record_view(console(stream), document, dated_items_of(catalog, document["id"]))

    emit(
        show_rows(document),
        SHOW_FIELDS,
        fmt,
        table=table,
        json_document=document,
        output=output,
    )


# --- fee ------------------------------------------------------------------------------------


@command(
    help=N_(
        "The learning network's one-off participation fee (travel comes on top): for a "
        "population, a municipality by name or number, every municipality of the region, or "
        "a CSV of municipalities."
    )
)
def fee(
    ctx: typer.Context,
    population: Annotated[
        list[str] | None,
        typer.Option(
            "--population",
            "-p",
            help=N_("Inhabitants of the municipality (a whole number; repeatable)."),
            metavar="N",
        ),
    ] = None,
    kommune: Annotated[
        list[str] | None,
        typer.Option(
            "--kommune",
            "--municipality",
            "-k",
            help=N_(
                "A municipality by name or kommunenummer (Hole, hole, 3038; repeatable): its "
                "population from the register (viken municipalities), with its date and source."
            ),
            metavar="NAME",
        ),
    ] = None,
    region: Annotated[
        bool,
        typer.Option(
            "--region",
            help=N_(
                "Every municipality in the register with its fee, the total, and how many "
                "fall in each bracket."
            ),
        ),
    ] = False,
    table: Annotated[bool, typer.Option("--table", help=N_("Print the whole fee table."))] = False,
    from_csv: Annotated[
        str | None,
        typer.Option(
            "--from-csv",
            help=N_(
                "A CSV file (or - for stdin) with a header row naming the municipality "
                "(kommune, navn, namn or name) or its number (kommunenummer, knr, nummer), and "
                "the population (innbyggere, innbyggertall, innbyggjarar, folketall, population); "
                "without a population it is looked up in the register. ',', ';' or tabs; UTF-8, "
                "UTF-16 or Windows-1252 (Excel's plain CSV). One row each and the total."
            ),
            metavar="FILE",
        ),
    ] = None,
    network: Annotated[
        str | None,
        typer.Option(
            "--network", help=N_("The network's id, if the data has several."), metavar="ID"
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    output: OutputOption = None,
) -> None:
    from vikentool.cli.fees import FeeRequestOptions, run_fee

    asked = FeeRequestOptions(
        populations=population or [],
        municipalities=kommune or [],
        region=region,
        table=table,
        from_csv=from_csv,
        network=network,
        fmt=fmt,
        excel=excel,
        output=output,
    )
    run_fee(state(ctx).catalog(), asked)


# --- municipalities -------------------------------------------------------------------------


def municipalities(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            help=N_("Name or number contains TEXT ('baerum' finds 'Bærum')."),
            metavar="TEXT",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    output: OutputOption = None,
) -> None:
    from vikentool.cli.fees import run_municipalities

    run_municipalities(state(ctx).catalog(), search=search, fmt=fmt, excel=excel, output=output)


_MUNICIPALITIES_HELP = N_(
    "The municipalities with their kommunenummer, population (Statistics Norway, with its "
    "date) and the learning network's fee bracket and fee. Also: viken kommuner."
)
command("municipalities", help=_MUNICIPALITIES_HELP)(municipalities)
command("kommuner", help=_MUNICIPALITIES_HELP, hidden=True)(municipalities)


# --- extract --------------------------------------------------------------------------------


@command(
    help=N_(
        "Read a plain-text document and propose every dated expression in it as a record in "
        "the data files' own date forms, for a person to review: its line, its words, the "
        "date, and a guessed title, kind and scheme. Nothing it recognises is left out: what "
        "it cannot place is listed without a date."
    )
)
def extract(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help=N_("A plain-text document (UTF-8, or Windows-1252); '-' reads standard input."),
        ),
    ],
    document_date: Annotated[
        str | None,
        typer.Option(
            "--document-date",
            metavar="DAY",
            help=N_(
                "When the document was written: a day and month without a year is the next "
                "such day from a month before it (default: the document's date in the data, "
                "found by its file name, else today)."
            ),
        ),
    ] = None,
    source_id: Annotated[
        str | None,
        typer.Option(
            "--source-id",
            metavar="ID",
            help=N_(
                "The document's id for the draft's source (default: the id of the document "
                "in the data with this file name, else the file name)."
            ),
        ),
    ] = None,
    fmt: Annotated[
        ExtractFormat,
        typer.Option(
            "--format",
            "-f",
            help=N_(
                "table (for people), json (one object per candidate) or yaml (a draft "
                "schemes.yaml with a deadlines list that viken validate accepts)."
            ),
            case_sensitive=False,
        ),
    ] = ExtractFormat.table,
    score: Annotated[
        bool,
        typer.Option(
            "--score",
            help=N_(
                "Instead of the candidates, their recall and precision against the records "
                "in the data that cite this document by line."
            ),
        ),
    ] = False,
    output: OutputOption = None,
) -> None:
    from vikentool.cli.extract import ExtractRequest, run_extract

    run_extract(
        state(ctx).catalog(),
        ExtractRequest(file, document_date, source_id, fmt, output, score),
    )
