"""The data files' schema: pydantic v2 models, strict about unknown fields and ids.

The only place pydantic lives: used to validate files (``model.validate``) and to print their
JSON Schema (``viken schema``), never by a command working from the cache. One model per kind
of record; each file has a root model (``SchemesFile``, ``PlansFile``, ``ContactsFile``);
cross-references between files are checked in ``model.validate``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from vikentool.domain.applicants import ApplicantCategory
from vikentool.domain.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    WRITTEN_KEYS,
    parse_point,
    parse_time_span,
    resolve_form,
)
from vikentool.domain.kinds import ItemKind
from vikentool.domain.records import BARE_HOST, SLUG

# Ids are checked by pydantic's own pattern matching (no Python call per id); the message
# for one that does not match is ours, chosen by the pattern (``pattern_message``).
SLUG_PATTERN = f"^{SLUG}$"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def pattern_message(pattern: str, value: object) -> str | None:
    """The message for ``value`` not matching ``pattern``, where the schema has its own."""
    if pattern == SLUG_PATTERN:
        return (
            f"{value!r} is not a valid id: use lower-case a-z, 0-9 and single '-' "
            "between words, like 'klyngesatsing-i-viken'"
        )
    return None


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value


# A link is shown, put in calendars and web pages, never fetched: only addresses a person can
# safely follow (the web, as the documents write it with or without https://, or e-mail), with
# nothing a line break, control character or space could cut into two.
_URL = re.compile(
    r"^(?:https?://[^/?#\s]+(?:[/?#]\S*)?"
    r"|mailto:[^@\s]+@[^@\s]+"
    rf"|{BARE_HOST})$",
    re.IGNORECASE,
)
MAX_URL_LENGTH = 2000
# Every text in a data file: far above any a document holds, low enough that no output (a
# wrapped table cell, a folded calendar line) meets a text it was not made for.
MAX_TEXT_LENGTH = 10_000


def _url(value: str) -> str:
    if len(value) > MAX_URL_LENGTH or not value.isprintable() or not _URL.match(value):
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise ValueError(
            f"{shown!r} is not a link: use an https://, http:// or mailto: address, or a "
            f"host and path as a document writes it (viken.no/side), of at most "
            f"{MAX_URL_LENGTH} characters, with no spaces or control characters"
        )
    return value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Url = Annotated[str, Field(max_length=MAX_URL_LENGTH), AfterValidator(_url)]
Text = Annotated[str, Field(min_length=1)]
Email = Annotated[str, AfterValidator(_email)]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,
        populate_by_name=True,
        str_max_length=MAX_TEXT_LENGTH,
    )


class Source(Model):
    """Where a fact comes from: the document and the slide or section in it."""

    document: Text = Field(
        description="A document's id from documents.yaml (with no documents.yaml: any name)."
    )
    location: Text = Field(description="Slide heading or page section; 'Side 21' where given.")
    line: int | None = Field(
        None,
        ge=1,
        le=10_000_000,
        description=(
            "The line of the document's text where the fact stands: the line of its date's "
            "words, or of its item when a heading's date governs a list (1-based)."
        ),
    )
    note: str | None = None


_FIELD_OF = {"from": "from_"}


class DateSpec(Model):
    """A date exactly as vague as the document wrote it.

    Exactly one of ``day``, ``from``+``to``, ``month``, ``either``, ``year``, ``rolling``,
    ``unknown``. Points are ``YYYY-MM-DD`` (a day) or ``YYYY-MM`` (a whole month).
    """

    as_written: Text = Field(description="The document's own words, unchanged.")
    day: str | None = Field(None, description="An exact day, YYYY-MM-DD.")
    from_: str | None = Field(None, alias="from", description="Span start: YYYY-MM-DD or YYYY-MM.")
    to: str | None = Field(None, description="Span end (inclusive): YYYY-MM-DD or YYYY-MM.")
    month: str | None = Field(None, description="Some day in this month, YYYY-MM.")
    either: list[str] | None = Field(
        None, min_length=2, description="Alternatives, each YYYY-MM-DD or YYYY-MM."
    )
    year: int | None = Field(
        None, ge=FIRST_YEAR, le=LAST_YEAR, description="Some time in this year."
    )
    rolling: Literal[True] | None = Field(None, description="No fixed date ('løpende').")
    unknown: Literal[True] | None = Field(None, description="Not given ('i løpet av kort tid').")
    tentative: bool = Field(False, description="The document hedges: '?', 'evt.', '-ish'.")
    year_inferred: bool = Field(
        False, description="The year is not written; it follows from the document's date."
    )
    time: str | None = Field(None, description="Clock times on a day, 'HH:MM-HH:MM', Europe/Oslo.")

    @field_validator("day")
    @classmethod
    def _day_is_day(cls, value: str | None) -> str | None:
        if value is not None:
            _, precision = parse_point(value)
            if precision != "day":
                raise ValueError(f"{value!r}: 'day' takes YYYY-MM-DD; use 'month' for a month")
        return value

    @field_validator("month")
    @classmethod
    def _month_is_month(cls, value: str | None) -> str | None:
        if value is not None:
            _, precision = parse_point(value)
            if precision != "month":
                raise ValueError(f"{value!r}: 'month' takes YYYY-MM; use 'day' for a day")
        return value

    @field_validator("from_", "to")
    @classmethod
    def _point(cls, value: str | None) -> str | None:
        if value is not None:
            parse_point(value)
        return value

    @field_validator("either")
    @classmethod
    def _points(cls, value: list[str] | None) -> list[str] | None:
        for point in value or ():
            parse_point(point)
        return value

    @field_validator("time")
    @classmethod
    def _time(cls, value: str | None) -> str | None:
        if value is not None:
            parse_time_span(value)
        return value

    @model_validator(mode="after")
    def _one_form(self) -> DateSpec:
        # The runtime date (domain.dates) decides what makes one date; the messages are its.
        # Read as the file writes it: "from" is the field from_.
        resolve_form({key: getattr(self, _FIELD_OF.get(key, key)) for key in WRITTEN_KEYS})
        return self


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: str) -> str:
    if not _ISO_DAY.fullmatch(value):
        raise ValueError(f"{value!r} is not a day written YYYY-MM-DD")
    parse_point(value)
    return value


IsoDay = Annotated[str, AfterValidator(_iso_day)]


class Change(Model):
    """An earlier value of a record's date, and when and where it was changed."""

    date: DateSpec = Field(description="The date as it was before the change, in its own words.")
    changed_on: IsoDay = Field(description="The day it changed (YYYY-MM-DD).")
    source: Source = Field(description="The document that announced the change.")


History = Annotated[
    list[Change],
    Field(
        description=(
            "Earlier values of `date`, oldest change first; the current value stays in `date`."
        )
    ),
]


class Document(Model):
    """A source document, which every `source` names by its id."""

    id: Slug
    title: Text
    publisher: Text
    date: DateSpec = Field(description="When it was published or presented, as it says.")
    file: str | None = Field(None, description="The file the text was transcribed from.")
    url: Url | None = None
    note: str | None = None


class DocumentsFile(Model):
    documents: list[Document] = []


class Amount(Model):
    nok: int = Field(ge=0, description="Whole kroner.")
    as_written: Text


class Contact(Model):
    id: Slug
    name: Text
    organisation: str | None = None
    role: str | None = None
    section: str | None = None
    email: Email | None = None
    phone: str | None = None
    source: Source


class SchemeLink(Model):
    """Another scheme that may be the same one under another name, and why one thinks so."""

    scheme: Slug
    reason: Text


class Applicant(Model):
    """Who may apply, in one category, in the document's own words."""

    category: ApplicantCategory = Field(description="What kind of applicant the words name.")
    as_written: list[Text] = Field(
        min_length=1, description="The document's words that name them and any conditions."
    )
    conditional: bool = Field(
        False,
        description="The words limit who in the category may apply ('Kun distriktskommunene').",
    )


class Scheme(Model):
    id: Slug
    name: Text
    also_known_as: list[Text] = []
    owner: Text
    description: str | None = None
    applicants: list[Applicant] = Field(
        [],
        description=(
            "Who may apply, by what the document says; empty where it does not say "
            "('ikke oppgitt i kilden'), never a guess."
        ),
    )
    purposes: list[Text] = Field([], description="What the scheme may fund.")
    budget: Amount | None = None
    max_per_applicant: Amount | None = None
    url: Url | None = None
    contacts: list[Slug] = []
    notes: list[Text] = []
    possibly_same_as: list[SchemeLink] = Field(
        [], description="Schemes that may be this one under another name; never merged."
    )
    source: Source

    @model_validator(mode="before")
    @classmethod
    def _audience_is_now_applicants(cls, data: Any) -> Any:
        if isinstance(data, dict) and "audience" in data:
            raise ValueError(
                "'audience' is now 'applicants': a list of {category, as_written, conditional}"
                " (see data/schemes.yaml)"
            )
        return data


class Deadline(Model):
    """A dated fact about a scheme: an application deadline, an announcement, a milestone."""

    id: Slug
    scheme: Slug | None = None
    kind: ItemKind
    title: Text
    date: DateSpec
    history: History = []
    contacts: list[Slug] = []
    note: str | None = None
    source: Source


class Milestone(Model):
    """A dated step inside a plan or hearing; ``source`` defaults to its parent's."""

    id: Slug
    title: Text
    kind: ItemKind = "milestone"
    date: DateSpec
    history: History = []
    note: str | None = None
    source: Source | None = None


class SchemesFile(Model):
    schemes: list[Scheme] = []
    deadlines: list[Deadline] = []


class ContactsFile(Model):
    contacts: list[Contact] = []


PlanKind = Literal[
    "planstrategi",
    "planprogram",
    "regional_plan",
    "strategi",
    "temastrategi",
    "maal",
    "partnerskapsavtale",
]


class Plan(Model):
    id: Slug
    title: Text
    kind: PlanKind
    owner: Text
    description: str | None = None
    points: list[Text] = []
    followed_by: str | None = Field(None, description="e.g. 'Handlingsprogram'.")
    case_number: str | None = None
    related: list[Slug] = Field([], description="Ids of plans this one covers or supplements.")
    milestones: list[Milestone] = []
    notes: list[Text] = []
    source: Source


class Hearing(Model):
    id: Slug
    title: Text
    committee: str | None = None
    description: str | None = None
    status: str | None = None
    dates: list[Milestone] = []
    source: Source


class Session(Model):
    id: Slug
    number: int = Field(ge=1)
    title: Text
    date: DateSpec | None = None
    history: History = []
    mode: str | None = Field(None, description="e.g. 'digitalt'.")
    topics: list[Text] = []
    source: Source


class ThemeDay(Model):
    id: Slug
    title: Text
    description: Text
    timing: str | None = Field(None, description="When, as the document recommends it.")
    source: Source


class FeeBracket(Model):
    min: int = Field(ge=1, description="Smallest population in the bracket.")
    max: int | None = Field(None, description="Largest population; omit for 'and more'.")
    fee_nok: int = Field(ge=0)
    as_written: Text


class FeeTable(Model):
    one_off: bool = True
    note: str | None = None
    basis: str | None = None
    brackets: list[FeeBracket] = Field(min_length=1)


class Network(Model):
    id: Slug
    name: Text
    organiser: Text
    contributors: list[Text] = []
    target_group: str | None = None
    goal: str | None = None
    benefits: list[Text] = []
    method: str | None = None
    contacts: list[Slug] = []
    sessions: list[Session] = []
    theme_day: ThemeDay | None = None
    fee: FeeTable | None = None
    url: Url | None = None
    notes: list[Text] = Field([], description="What the page says of itself, as written.")
    source: Source


class PlansFile(Model):
    plans: list[Plan] = []
    hearings: list[Hearing] = []
    networks: list[Network] = []


# --- municipalities.yaml ---------------------------------------------------------------------

MunicipalityNumber = Annotated[
    str, Field(pattern=r"^\d{4}$", description="Kommunenummer: four digits, as a string.")
]
CountyNumber = Annotated[
    str, Field(pattern=r"^\d{2}$", description="Fylkesnummer: two digits, as a string.")
]


class County(Model):
    number: CountyNumber
    name: Text
    valid_from: IsoDay = Field(description="The first day the number was valid.")
    valid_to: IsoDay | None = Field(None, description="The last day it was valid; omit if still.")
    note: str | None = None


class Municipality(Model):
    """A kommunenummer for the period it was valid; a renumbering adds a new entry."""

    number: MunicipalityNumber
    name: Text = Field(description="As Statistics Norway writes it, e.g. 'Våler (Østfold)'.")
    county: CountyNumber
    valid_from: IsoDay
    valid_to: IsoDay | None = None


class PopulationSource(Model):
    publisher: Text
    table: Text = Field(description="The statistics table, e.g. '07459'.")
    title: str | None = None
    url: Url | None = None
    licence: Text
    via: str | None = Field(None, description="Where the export was taken from, if not the table.")
    note: str | None = None


class Population(Model):
    """Inhabitants of each municipality on one reference date, with their source."""

    date: IsoDay = Field(description="The reference date of the counts.")
    source: PopulationSource
    county_totals: dict[CountyNumber, Annotated[int, Field(ge=1, strict=True)]] = Field(
        {}, description="The source's total per county; each must equal the sum of its counts."
    )
    counts: dict[MunicipalityNumber, Annotated[int, Field(ge=1, strict=True)]] = Field(
        min_length=1,
        description="Inhabitants per kommunenummer, for every municipality valid on the date.",
    )


class MunicipalitiesFile(Model):
    counties: list[County] = []
    municipalities: list[Municipality] = []
    populations: list[Population] = []


FILE_MODELS: dict[str, type[Model]] = {
    "schemes.yaml": SchemesFile,
    "plans.yaml": PlansFile,
    "contacts.yaml": ContactsFile,
    "documents.yaml": DocumentsFile,
    "municipalities.yaml": MunicipalitiesFile,
}


def json_schema(file_name: str) -> dict[str, Any]:
    model = FILE_MODELS[file_name]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"vikentool {file_name}"
    return schema


def json_schemas() -> dict[str, dict[str, Any]]:
    """Every data file's JSON Schema, keyed by file name."""
    return {name: json_schema(name) for name in FILE_MODELS}
