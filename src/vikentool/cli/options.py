"""The options several commands share, declared once, and the one object they arrive as.

A command that filters items declares one parameter, ``filters: Filters``; ``@with_filters``
puts the shared options in its place in the signature Typer reads, and hands the command the
values as a ``Filters``. Values are read here, where the option names are known: a bad one
is a usage error that names its option.
"""

import datetime as dt
import functools
import inspect
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import typer

from vikentool.errors import UsageError
from vikentool.i18n import N_, _

if TYPE_CHECKING:
    from vikentool.domain.kinds import ItemKind
    from vikentool.query.window import ItemFilter


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help=N_("table (for people), json (array of flat objects) or csv (with a header)."),
        case_sensitive=False,
    ),
]
ExcelOption = Annotated[
    bool,
    typer.Option(
        "--excel", help=N_("CSV for Norwegian Excel: a UTF-8 BOM and ';' between fields.")
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help=N_(
            "Write to FILE instead of stdout ('-' is stdout), all or nothing: a failed write "
            "leaves no file behind and an existing one as it was. A table is written plain, "
            "$COLUMNS or 80 wide."
        ),
        metavar="FILE",
        show_default=False,
    ),
]


LeadOption = Annotated[
    str | None,
    typer.Option(
        "--lead",
        help=N_(
            "An internal deadline N working days before each deadline (weekends and "
            "Norwegian public holidays skipped)."
        ),
        metavar="N",
    ),
]


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=N_(
            "Reference day for --within, --upcoming and days left (default: today). Dates: "
            "2021-04-12, 12.04.2021, 12.4.21, 12/4-21, '12. apr 2021', today, tomorrow or "
            "yesterday (i dag, i morgen, i går); more in the README."
        ),
        metavar="DATE",
        show_default=False,
    ),
]
BeforeOption = Annotated[
    str | None, typer.Option("--before", help=N_("On or before DATE."), metavar="DATE")
]
AfterOption = Annotated[
    str | None, typer.Option("--after", help=N_("On or after DATE."), metavar="DATE")
]
OnOption = Annotated[str | None, typer.Option("--on", help=N_("On DATE."), metavar="DATE")]
WithinOption = Annotated[
    str | None,
    typer.Option(
        "--within",
        help=N_("From the reference day to N days, weeks, months or years later: 30d, 6w, 3m, 1y."),
        metavar="PERIOD",
    ),
]
UpcomingOption = Annotated[
    bool, typer.Option("--upcoming", help=N_("On or after the reference day."))
]
KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        help=N_(
            "application_deadline, hearing_deadline, hearing_reply, announcement, milestone, "
            "session; 'deadlines' (the first two) or 'all'. Repeatable."
        ),
        metavar="KIND",
    ),
]
SchemeOption = Annotated[
    str | None, typer.Option("--scheme", help=N_("Only this scheme (its id)."), metavar="ID")
]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner", help=N_("Owner contains TEXT (case and æøå/accent insensitive)."), metavar="TEXT"
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        help=N_("Title, scheme, wording or note contains TEXT ('naering' finds 'Næring')."),
        metavar="TEXT",
    ),
]
ForOption = Annotated[
    str | None,
    typer.Option(
        "--for",
        help=N_(
            "Only what CATEGORY may apply for by the documents' words, conditions shown: "
            "business, municipality, region, destination_company, organisation, research (or "
            "kommune, bedrift, delregion, destinasjonsselskap, organisasjon, forskning). Dates "
            "of schemes whose documents do not say who may apply, and of no scheme, stay."
        ),
        metavar="CATEGORY",
        show_default=False,
    ),
]

# name -> (annotation, default), in the order --help lists them.
_SHARED: dict[str, tuple[Any, Any]] = {
    "before": (BeforeOption, None),
    "after": (AfterOption, None),
    "on": (OnOption, None),
    "within": (WithinOption, None),
    "upcoming": (UpcomingOption, False),
    "as_of": (AsOfOption, None),
    "kind": (KindOption, None),
    "scheme": (SchemeOption, None),
    "owner": (OwnerOption, None),
    "search": (SearchOption, None),
    "applicant": (ForOption, None),
}
WINDOW_AND_FILTERS = tuple(_SHARED)


def read_option(option: str, parse: Callable[..., Any], *args: Any) -> Any:
    """``parse(*args)``, with a bad value reported as a usage error naming ``option``."""
    try:
        return parse(*args)
    except UsageError as exc:
        raise UsageError(f"{option}: {exc}") from None


def today_in_oslo() -> dt.date:
    from zoneinfo import ZoneInfo

    from vikentool.domain.dates import OSLO

    return dt.datetime.now(ZoneInfo(OSLO)).date()


def date_option(option: str, value: str | None, today: dt.date) -> dt.date | None:
    from vikentool.query.inputs import parse_cli_date

    return None if value is None else read_option(option, parse_cli_date, value, today)


def int_option(option: str, value: str | None, low: int, high: int) -> int | None:
    from vikentool.query.inputs import parse_whole_number

    return None if value is None else read_option(option, parse_whole_number, value, low, high)


def reference_day(as_of: str | None) -> dt.date:
    today = today_in_oslo()
    return date_option("--as-of", as_of, today) or today


def since_option(value: str | None, as_of: dt.date) -> dt.date | None:
    """``--since DATE``: a day on or before the reference day."""
    since = date_option("--since", value, as_of)
    if since is not None and since > as_of:
        raise UsageError(
            _("--since {since} is after the reference day {as_of}").format(since=since, as_of=as_of)
        )
    return since


def applicant_option(value: str | None) -> str | None:
    """``--for CATEGORY``: an applicant category (``kommune`` is ``municipality``)."""
    from vikentool.query.inputs import parse_applicant

    return None if value is None else read_option("--for", parse_applicant, value)


def check_excel(fmt: OutputFormat, excel: bool) -> None:
    if excel and fmt is not OutputFormat.csv:
        raise UsageError(_("--excel goes with --format csv"))


def check_window(*, after: dt.date | None, on: dt.date | None, before: dt.date | None) -> None:
    """Dates typed so that no day can be in the window (``--after`` later than ``--before``,
    ``--on`` outside them) are a usage error naming both, not an empty answer. (``--upcoming``
    and ``--within`` count from the reference day, today by default: a script that combines
    them with a fixed date gets an empty answer when the day has passed, not an error.)"""
    starts = [(day, option) for option, day in (("--after", after), ("--on", on)) if day]
    ends = [(day, option) for option, day in (("--before", before), ("--on", on)) if day]
    if starts and ends:
        (first_day, first), (last_day, last) = max(starts), min(ends)
        if first_day > last_day:
            raise UsageError(
                _("{first} {first_day} is later than {last} {last_day}: no day can match").format(
                    first=first, first_day=first_day, last=last, last_day=last_day
                )
            )


def timeline_days(
    from_: str | None, to: str | None, as_of: dt.date, data_days: tuple[dt.date, dt.date] | None
) -> tuple[dt.date, dt.date]:
    """The first and last day a timeline shows: ``--from`` and ``--to``, by default the data's
    first and last (the reference day if it has none); a usage error if they leave no day."""
    start = date_option("--from", from_, as_of)
    end = date_option("--to", to, as_of)
    first = start or (data_days[0] if data_days else as_of)
    last = end or (data_days[1] if data_days else as_of)
    if first <= last:
        return first, last
    if start is not None and end is not None:
        message = _("--from {first} is later than --to {last}: the timeline would have no days")
    elif start is not None:
        message = _("--from {first} is later than the last day in the data, {last}; add --to")
    else:
        message = _("--to {last} is earlier than the first day in the data, {first}; add --from")
    raise UsageError(message.format(first=first, last=last))


class Filters(NamedTuple):
    """The shared window and filter options as given (text); ``query`` reads them."""

    before: str | None = None
    after: str | None = None
    on: str | None = None
    within: str | None = None
    upcoming: bool = False
    as_of: str | None = None
    kind: list[str] | None = None
    scheme: str | None = None
    owner: str | None = None
    search: str | None = None
    applicant: str | None = None

    def query(self, default_kinds: Sequence["ItemKind"]) -> tuple[dt.date, "ItemFilter"]:
        """The reference day and the item filter, every value checked (exit 2 if bad)."""
        from vikentool.query.inputs import parse_kinds, parse_within
        from vikentool.query.window import ItemFilter, window_from_options

        reference = reference_day(self.as_of)
        within_end = None
        if self.within is not None:
            within_end = read_option("--within", parse_within, self.within, reference)
        before = date_option("--before", self.before, reference)
        after = date_option("--after", self.after, reference)
        on = date_option("--on", self.on, reference)
        check_window(after=after, on=on, before=before)
        window = window_from_options(
            as_of=reference,
            before=before,
            after=after,
            on=on,
            within_end=within_end,
            upcoming=self.upcoming,
        )
        kinds = read_option("--kind", parse_kinds, self.kind or [], default_kinds)
        return reference, ItemFilter(
            kinds=kinds,
            window=window,
            scheme=self.scheme,
            owner=self.owner,
            search=self.search,
            applicant=applicant_option(self.applicant),
        )


F = TypeVar("F", bound=Callable[..., None])


def with_filters(names: Sequence[str] = WINDOW_AND_FILTERS) -> Callable[[F], F]:
    """Give a command the shared options ``names`` in place of its ``filters`` parameter."""

    def decorate(command: F) -> F:
        signature = inspect.signature(command)
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name != "filters":
                parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))
                continue
            for name in names:
                annotation, default = _SHARED[name]
                parameters.append(
                    inspect.Parameter(
                        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
                    )
                )

        @functools.wraps(command)
        def wrapper(**values: Any) -> None:
            given = {name: values.pop(name) for name in names}
            command(**values, filters=Filters(**given))

        wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        return wrapper  # type: ignore[return-value]

    return decorate
