"""The records of the data files as plain, immutable runtime objects (NamedTuples: a
dataclass costs about eight times as much to define, and every command defines these).

Built once from validated data (``model.load``), and rebuilt from the cache's plain values by
the same ``from_data``; ``as_data`` gives a record back in the data file's own shape (for
``viken show`` and the cache). Fields are in the data files' order.
"""

# No postponed annotations here: the generic builder reads each field's type object.
import types
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar, Union, get_args, get_origin

from vikentool.domain.dates import DateSpec

# A link as the documents write it, without a scheme ("viken.no/næringsutvikling"): dotted
# names, then a path, query or fragment. The data may hold one (``model.schema``); the web
# site links it with https (``render.site``).
BARE_HOST = r"[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?"
# A record's id: lower-case a-z and 0-9, words joined by single '-'. The schema checks the
# data's ids with it, and ``viken extract`` the ids a user gives.
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class Source(NamedTuple):
    """Where a fact comes from: the document (a ``Document``'s id, or with no documents in
    the data any name for it) and the slide or section in it."""

    document: str
    location: str
    line: int | None = None
    note: str | None = None


class Document(NamedTuple):
    """A source document: what a citation names instead of a file name."""

    id: str
    title: str
    publisher: str
    date: DateSpec
    file: str | None
    url: str | None
    note: str | None


class Change(NamedTuple):
    """An earlier value of a record's date: what it was until ``changed_on`` (YYYY-MM-DD),
    and the source that announced the change."""

    date: DateSpec
    changed_on: str
    source: Source


class Amount(NamedTuple):
    nok: int
    as_written: str


class Contact(NamedTuple):
    id: str
    name: str
    organisation: str | None
    role: str | None
    section: str | None
    email: str | None
    phone: str | None
    source: Source


class SchemeLink(NamedTuple):
    scheme: str
    reason: str


class Applicant(NamedTuple):
    """Who may apply in one category (``domain.applicants``), in the document's words;
    ``conditional`` when the words limit who in the category may."""

    category: str
    as_written: tuple[str, ...]
    conditional: bool


class Scheme(NamedTuple):
    id: str
    name: str
    also_known_as: tuple[str, ...]
    owner: str
    description: str | None
    applicants: tuple[Applicant, ...]
    purposes: tuple[str, ...]
    budget: Amount | None
    max_per_applicant: Amount | None
    url: str | None
    contacts: tuple[str, ...]
    notes: tuple[str, ...]
    possibly_same_as: tuple[SchemeLink, ...]
    source: Source

    @property
    def audience(self) -> tuple[str, ...]:
        """Every word the document says of who may apply, in order."""
        return tuple(words for a in self.applicants for words in a.as_written)

    def open_to(self, category: str) -> bool | None:
        """Whether the document names ``category`` among the applicants; None when it does
        not say who may apply."""
        if not self.applicants:
            return None
        return any(a.category == category for a in self.applicants)


class Deadline(NamedTuple):
    """A dated fact about a scheme: an application deadline, an announcement, a milestone."""

    id: str
    scheme: str | None
    kind: str
    title: str
    date: DateSpec
    history: tuple[Change, ...]
    contacts: tuple[str, ...]
    note: str | None
    source: Source


class Milestone(NamedTuple):
    """A dated step inside a plan or hearing; with no ``source``, its parent's applies."""

    id: str
    title: str
    kind: str
    date: DateSpec
    history: tuple[Change, ...]
    note: str | None
    source: Source | None


class Plan(NamedTuple):
    id: str
    title: str
    kind: str
    owner: str
    description: str | None
    points: tuple[str, ...]
    followed_by: str | None
    case_number: str | None
    related: tuple[str, ...]
    milestones: tuple[Milestone, ...]
    notes: tuple[str, ...]
    source: Source


class Hearing(NamedTuple):
    id: str
    title: str
    committee: str | None
    description: str | None
    status: str | None
    dates: tuple[Milestone, ...]
    source: Source


class Session(NamedTuple):
    id: str
    number: int
    title: str
    date: DateSpec | None
    history: tuple[Change, ...]
    mode: str | None
    topics: tuple[str, ...]
    source: Source


class ThemeDay(NamedTuple):
    id: str
    title: str
    description: str
    timing: str | None
    source: Source


class FeeBracket(NamedTuple):
    min: int
    max: int | None
    fee_nok: int
    as_written: str


class FeeTable(NamedTuple):
    one_off: bool
    note: str | None
    basis: str | None
    brackets: tuple[FeeBracket, ...]


class Network(NamedTuple):
    id: str
    name: str
    organiser: str
    contributors: tuple[str, ...]
    target_group: str | None
    goal: str | None
    benefits: tuple[str, ...]
    method: str | None
    contacts: tuple[str, ...]
    sessions: tuple[Session, ...]
    theme_day: ThemeDay | None
    fee: FeeTable | None
    url: str | None
    notes: tuple[str, ...]
    source: Source


class County(NamedTuple):
    number: str
    name: str
    valid_from: str
    valid_to: str | None
    note: str | None


class Municipality(NamedTuple):
    """A kommunenummer and name for the period the number was valid (days YYYY-MM-DD)."""

    number: str
    name: str
    county: str
    valid_from: str
    valid_to: str | None

    def valid_on(self, day: str) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class PopulationSource(NamedTuple):
    publisher: str
    table: str
    title: str | None
    url: str | None
    licence: str
    via: str | None
    note: str | None


class Population(NamedTuple):
    """Inhabitants per kommunenummer on the reference ``date``, and per county as the
    source totals them."""

    date: str
    source: PopulationSource
    county_totals: dict[str, int]
    counts: dict[str, int]


Record = (
    Contact
    | Scheme
    | Deadline
    | Plan
    | Milestone
    | Hearing
    | Network
    | Session
    | ThemeDay
    | Document
)

# --- plain values <-> records ------------------------------------------------------------------

R = TypeVar("R")
Build = Callable[[Any], Any]
_BUILDERS: dict[Any, Build] = {}


def from_data(cls: type[R], value: dict[str, Any]) -> R:
    """A record from its data-file values (validated before, or read back from the cache).

    Strict about shape, so that a cache entry of the wrong shape is refused rather than read:
    ``ValueError`` for a missing or unknown key or a value of the wrong type.
    """
    built: R = _builder(cls)(value)
    return built


def as_data(value: Any) -> Any:
    """A record (or date, or tuple of them) as the data file's plain values, ``None`` left out."""
    if isinstance(value, DateSpec):
        return value.as_data()
    if hasattr(value, "_fields"):
        return {
            name: as_data(v) for name, v in zip(value._fields, value, strict=True) if v is not None
        }
    if isinstance(value, tuple):
        return [as_data(v) for v in value]
    return value


def _builder(tp: Any) -> Build:
    found = _BUILDERS.get(tp)
    if found is None:
        found = _BUILDERS[tp] = _make_builder(tp)
    return found


def _make_builder(tp: Any) -> Build:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = _builder(next(a for a in get_args(tp) if a is not type(None)))
        return lambda v: None if v is None else inner(v)
    if origin is dict:
        key, value = (_builder(t) for t in get_args(tp))

        def build_dict(v: Any) -> dict[Any, Any]:
            if not isinstance(v, dict):
                raise ValueError(f"expected a mapping, got {type(v).__name__}")
            return {key(k): value(x) for k, x in v.items()}

        return build_dict
    if origin is tuple:
        element = _builder(get_args(tp)[0])

        def build_tuple(v: Any) -> tuple[Any, ...]:
            if not isinstance(v, list | tuple):
                raise ValueError(f"expected a list, got {type(v).__name__}")
            return tuple(element(x) for x in v)

        return build_tuple
    if tp is DateSpec:
        return _date
    if isinstance(tp, type) and hasattr(tp, "_fields"):
        return _record_builder(tp)
    if tp in (str, int, bool):
        return _scalar(tp)
    raise TypeError(f"no builder for {tp!r}")  # pragma: no cover - a programming error


def _record_builder(tp: type) -> Build:
    fields = [(name, _builder(t), _required(t)) for name, t in tp.__annotations__.items()]
    names = {name for name, _, _ in fields}
    make = getattr(tp, "_make")  # noqa: B009 - a NamedTuple class, typed as a plain type

    def build(v: Any) -> Any:
        if not isinstance(v, dict) or not names.issuperset(v):
            raise ValueError(f"{tp.__name__}: not a mapping of its fields")
        values = []
        for name, convert, required in fields:
            if name in v:
                values.append(convert(v[name]))
            elif required:
                raise ValueError(f"{tp.__name__}: {name!r} is missing")
            else:
                values.append(None if required is None else ())
        return make(values)

    return build


def _required(tp: Any) -> bool | None:
    """True: the key must be there; None: absent means None; False: absent means ()."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return None
    return origin is not tuple


def _scalar(kind: type) -> Build:
    def check(v: Any) -> Any:
        if type(v) is not kind:  # bool is an int subclass: ask for the exact type
            raise ValueError(f"expected {kind.__name__}, got {type(v).__name__}")
        return v

    return check


def _date(v: Any) -> DateSpec:
    if not isinstance(v, dict) or not isinstance(v.get("as_written"), str):
        raise ValueError("a date needs its words in 'as_written'")
    return DateSpec.from_written(v)
