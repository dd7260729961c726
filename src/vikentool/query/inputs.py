"""Values a person types: dates, periods, kinds, whole numbers. Errors name the value only;
the CLI adds which option it came from."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta

from vikentool.domain.applicants import ApplicantCategory
from vikentool.domain.dates import FIRST_YEAR, LAST_YEAR
from vikentool.domain.kinds import ALIASES, ALL_KINDS, DEADLINE_KINDS, WORDS, ItemKind
from vikentool.errors import UsageError
from vikentool.i18n import N_, _, in_every_language, weekday_name
from vikentool.query.text import fold

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("januar", "january", "jan"),
        ("februar", "february", "feb", "febr"),
        ("mars", "march", "mar"),
        ("april", "apr"),
        ("mai", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nov"),
        ("desember", "december", "des", "dec"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

# What each word for a day means, counted from the reference day.
_RELATIVE_DAYS = {
    "today": 0,
    "i dag": 0,
    "idag": 0,
    "tomorrow": 1,
    "i morgen": 1,
    "imorgen": 1,
    "i morgon": 1,
    "imorgon": 1,
    "yesterday": -1,
    "i går": -1,
    "igår": -1,
    "i gar": -1,
    "igar": -1,
    "i gaar": -1,
    "igaar": -1,
}

ACCEPTED_DATE_FORMS = N_(
    "2021-04-12, 12.04.2021, 12.4.21, 12/4-21, '12. april 2021', '12 apr 2021', "
    "today, tomorrow or yesterday"
)

# Year first (ISO, also with slashes), day first with dots (12.4.21, 12.04.2021), day first
# with a slash and the year after a slash or a dash (12/4/2021, the handwritten 12/4-21), and
# a month name or abbreviation in Norwegian or English with a four-digit year.
_ISO = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\. ?(\d{1,2})\. ?(\d{2}|\d{4})\.?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})[/-](\d{2}|\d{4})$")
# Day first with dashes only with a four-digit year: 12-04-21 could be read either way.
_DASHED = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
# A weekday in front ("tirsdag 12. april 2021"): checked against the date, then dropped.
_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("mandag", "måndag", "monday", "man", "mon"),
            ("tirsdag", "tysdag", "tuesday", "tir", "tys", "tue"),
            ("onsdag", "wednesday", "ons", "wed"),
            ("torsdag", "thursday", "tor", "thu"),
            ("fredag", "friday", "fre", "fri"),
            ("lørdag", "laurdag", "saturday", "lør", "lau", "sat"),
            ("søndag", "sunday", "søn", "sun"),
        ]
    )
    for name in names
}
_WEEKDAY_FIRST = re.compile(r"^([^\W\d_]+)\.?,? (?=\d)")
_WORDS = re.compile(r"^(\d{1,2})\.?\s*([^\W\d_]+)\.?,?\s*(\d{4})$")
# A day and a month but no year: refused, since "12.04" typed in December may mean either
# year; the message says to add it.
_NO_YEAR_NUMBERS = re.compile(r"^(\d{1,2})([./])(\d{1,2})\.?$")
_NO_YEAR_WORDS = re.compile(r"^(\d{1,2})\.?\s*([^\W\d_]+)\.?$")


def _year(digits: str) -> int:
    """A year as typed: four digits as they are, two digits in this century (21 is 2021)."""
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def parse_cli_date(text: str, today: date) -> date:
    """Read a date as a Norwegian or international user would type it: see
    ``ACCEPTED_DATE_FORMS``. Case and the space around it do not matter; ``today``,
    ``tomorrow`` and ``yesterday`` (``i dag``, ``i morgen``, ``i går``) count from ``today``.
    A two-digit year is in this century. Refused, with one message naming ``text``: anything
    else, a day that does not exist (31.02.21), and a day and month without a year."""
    value = " ".join(unicodedata.normalize("NFC", text).split())
    lowered = value.lower()
    if lowered in _RELATIVE_DAYS:
        try:
            return _in_range(today + timedelta(days=_RELATIVE_DAYS[lowered]), text)
        except OverflowError:
            raise _out_of_range(text) from None
    weekday = None
    if (named := _WEEKDAY_FIRST.match(lowered)) and named[1] in _WEEKDAYS:
        weekday = _WEEKDAYS[named[1]]
        value, lowered = value[named.end() :], lowered[named.end() :]
    parts: tuple[int, int, int] | None = None
    if m := _ISO.match(value):
        parts = int(m[1]), int(m[3]), int(m[4])
    elif m := _DOTTED.match(value) or _SLASHED.match(value) or _DASHED.match(value):
        parts = _year(m[3]), int(m[2]), int(m[1])
    elif (m := _WORDS.match(lowered)) and m[2] in MONTHS:
        parts = int(m[3]), MONTHS[m[2]], int(m[1])
    if parts is not None:
        try:
            day = date(*parts)
        except ValueError:
            raise UsageError(
                _("{value} is not a day in the calendar; use {forms}").format(
                    value=repr(text), forms=_(ACCEPTED_DATE_FORMS)
                )
            ) from None
        _in_range(day, text)
        if weekday is not None and day.weekday() != weekday:
            raise UsageError(
                _("{value}: {day} is a {weekday}").format(
                    value=repr(text), day=day.isoformat(), weekday=weekday_name(day)
                )
            )
        return day
    no_year = _NO_YEAR_NUMBERS.match(value)
    if no_year or ((m := _NO_YEAR_WORDS.match(lowered)) and m[2] in MONTHS):
        # "12.04" -> 12.04.2021, "12/4" -> 12/4-2021, "12. april" -> 12. april 2021
        separator = ("." if no_year[2] == "." else "-") if no_year else " "
        example = (value.rstrip(".") if no_year else value) + separator + str(today.year)
        raise UsageError(
            _("{value} has no year; add it, like {example}").format(
                value=repr(text), example=example
            )
        )
    raise UsageError(
        _("{value} is not a date; use {forms}").format(
            value=repr(text), forms=_(ACCEPTED_DATE_FORMS)
        )
    )


_DURATION = re.compile(r"^(\d{1,4})\s*([^\W\d_]+)$")
# The unit of a period in English, bokmål or nynorsk, short or long.
_UNITS = {
    **dict.fromkeys(("d", "day", "days", "dag", "dager", "dagar", "døgn"), "d"),
    **dict.fromkeys(("w", "week", "weeks", "u", "uke", "uker", "v", "veke", "veker"), "w"),
    **dict.fromkeys(("m", "month", "months", "mnd", "måned", "måneder", "månad", "månader"), "m"),
    **dict.fromkeys(("y", "year", "years", "å", "år", "aar"), "y"),
}


def parse_within(text: str, reference: date) -> date:
    """``30d``, ``6w``, ``3m`` or ``1y`` from ``reference``: the last day of that period."""
    match = _DURATION.match(text.strip().lower().rstrip("."))
    if not match or match[2] not in _UNITS:
        raise UsageError(
            _(
                "{value} is not a period; use a number and a unit, like 30d, 6w, 3m, 1y or 3 mnd"
            ).format(value=repr(text))
        )
    amount, unit = int(match[1]), _UNITS[match[2]]
    if unit in ("d", "w"):
        try:
            end = reference + timedelta(**{"days" if unit == "d" else "weeks": amount})
        except OverflowError:
            raise _out_of_range(text) from None
        return _in_range(end, text)
    months = amount * (12 if unit == "y" else 1)
    year, month0 = divmod(reference.month - 1 + months, 12)
    year += reference.year
    if year > LAST_YEAR:
        raise _out_of_range(text)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(reference.day, last))


def _in_range(day: date, text: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _out_of_range(text)
    return day


def _out_of_range(text: str) -> UsageError:
    return UsageError(
        _("{value} falls outside the years {first} to {last}").format(
            value=repr(text), first=FIRST_YEAR, last=LAST_YEAR
        )
    )


def parse_kinds(values: Sequence[str], default: Sequence[ItemKind]) -> tuple[ItemKind, ...]:
    """Kind names (repeatable, comma-separated allowed) to item kinds; ``all`` for all,
    ``deadlines`` for application and hearing deadlines."""
    if not values:
        return tuple(default)
    kinds: list[ItemKind] = []
    for value in values:
        for raw in value.split(","):
            name = raw.strip().lower().replace("-", "_")
            if name == "all":
                return ALL_KINDS
            if name == "deadlines":
                kinds.extend(DEADLINE_KINDS)
                continue
            kind = (
                ALIASES.get(name)
                or next((k for k in ALL_KINDS if k == name), None)
                # the word the table shows, in any of the languages ("søknadsfrist")
                or next((k for k in ALL_KINDS if fold(raw) in _label_words(k)), None)
            )
            if kind is None:
                raise UsageError(
                    _("{value} is not a kind; use one of {kinds}, deadlines or all").format(
                        value=repr(raw.strip()), kinds=", ".join(ALL_KINDS)
                    )
                )
            kinds.append(kind)
    return tuple(dict.fromkeys(kinds))


def _label_words(kind: ItemKind) -> set[str]:
    return {fold(word) for word in in_every_language(WORDS[kind].label)}


def parse_whole_number(text: str, low: int, high: int) -> int:
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise UsageError(
            _("{value} is not a whole number from {low} to {high}").format(
                value=repr(text), low=low, high=high
            )
        )
    return int(value)


_ALARM = re.compile(r"^(\d{1,3})\s*([dw])$")


def parse_alarm(text: str) -> int:
    """A reminder's distance before an event, ``14d`` or ``2w``, in days."""
    match = _ALARM.match(text.strip().lower())
    if not match:
        raise UsageError(
            _("{value} is not a period before the event; use e.g. 14d or 2w").format(
                value=repr(text)
            )
        )
    days = int(match[1]) * (7 if match[2] == "w" else 1)
    if days > 366:
        raise UsageError(_("{value} is more than a year before the event").format(value=repr(text)))
    return days


# The name before the @ as nearly every address writes it (RFC 5322's dot-atom).
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
MAX_DISPLAY_NAME = 200


def parse_address(text: str) -> tuple[str, str]:
    """One e-mail address as typed (``postmottak@as.kommune.no`` or ``Ås kommune
    <postmottak@as.kommune.no>``): its display name and its address, a domain of letters
    outside ASCII written in its ``xn--`` form."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address
    from email.policy import default

    bad = UsageError(
        _("{value} is not one e-mail address such as postmottak@example.no").format(
            value=repr(text)
        )
    )
    if not text.strip() or any(c in text for c in "\r\n\t\0"):
        raise bad
    try:
        header = default.header_factory("To", text.strip())
        found = header.addresses
    except (HeaderParseError, IndexError, ValueError):
        raise bad from None
    if len(found) != 1 or header.defects:
        raise bad
    address: Address = found[0]
    local, domain = address.username, address.domain
    if not local or not domain or "." not in domain.strip(".") or ".." in domain:
        raise bad
    if len(address.display_name) > MAX_DISPLAY_NAME:
        raise UsageError(
            _("{value}: the name is longer than {count} characters").format(
                value=repr(text[:40] + "…"), count=MAX_DISPLAY_NAME
            )
        )
    if local.isascii() and not _DOT_ATOM.fullmatch(local):
        # A quoted name before the @ ("x,y"@...) is legal but read differently by mail
        # programs and servers; refused, so the mail goes where the command line says.
        raise bad
    if not local.isascii():
        raise UsageError(
            _(
                "{value}: a name before the @ with letters outside ASCII cannot be sent "
                "everywhere; use the plain address"
            ).format(value=repr(text))
        )
    try:
        domain = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
    except UnicodeError:
        raise bad from None
    return " ".join(address.display_name.split()), f"{local}@{domain.lower()}"


def parse_applicant(typed: str) -> ApplicantCategory:
    """The applicant category ``typed`` names: the category (``municipality``) or a word of
    bokmål, nynorsk or English for it (``kommune``, ``Bedrifter``, ``forskningsmiljø``)."""
    from vikentool.domain.applicants import ALIASES as WORDS_FOR
    from vikentool.domain.applicants import CATEGORIES

    key = fold(typed.strip()).replace(" ", "-")
    found = WORDS_FOR.get(key) or next(
        (c for c in CATEGORIES if key in (c, c.replace("_", "-"))), None
    )
    if found is None:
        raise UsageError(
            _("{value} is not an applicant category; use one of {categories}").format(
                value=repr(typed.strip()), categories=", ".join(CATEGORIES)
            )
            + " "
            + _("(or kommune, bedrift, delregion, destinasjonsselskap, organisasjon, forskning)")
        )
    return found
