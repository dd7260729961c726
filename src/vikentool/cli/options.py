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
from vikentool.i18n import N_

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
        help="table (for people), json (array of flat objects) or csv (with a header).",
        case_sensitive=False,
    ),
]
ExcelOption = Annotated[
    bool,
    typer.Option("--excel", help="CSV for Norwegian Excel: a UTF-8 BOM and ';' between fields."),
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


def check_excel(fmt: OutputFormat, excel: bool) -> None:
    if excel and fmt is not OutputFormat.csv:
        raise UsageError("--excel goes with --format csv")


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

    def query(self, default_kinds: Sequence["ItemKind"]) -> tuple[dt.date, "ItemFilter"]:
        """The reference day and the item filter, every value checked (exit 2 if bad)."""
        from vikentool.query.inputs import parse_kinds, parse_within
        from vikentool.query.window import ItemFilter, window_from_options

        reference = reference_day(self.as_of)
        within_end = None
        if self.within is not None:
            within_end = read_option("--within", parse_within, self.within, reference)
        window = window_from_options(
            as_of=reference,
            before=date_option("--before", self.before, reference),
            after=date_option("--after", self.after, reference),
            on=date_option("--on", self.on, reference),
            within_end=within_end,
            upcoming=self.upcoming,
        )
        kinds = read_option("--kind", parse_kinds, self.kind or [], default_kinds)
        return reference, ItemFilter(
            kinds=kinds, window=window, scheme=self.scheme, owner=self.owner, search=self.search
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
