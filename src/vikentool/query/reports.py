"""The rows of every listing command, and their field lists: plain values, ready for JSON,
CSV or a table. Keys and enum values are English and stable (scripts read them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from vikentool.domain.catalog import Catalog, Item
from vikentool.domain.dates import OSLO, DateSpec
from vikentool.domain.kinds import DEADLINE_KINDS
from vikentool.domain.records import Record, Scheme, as_data
from vikentool.errors import NotFoundError
from vikentool.i18n import _
from vikentool.query.text import find_id, suggest, text_matches
from vikentool.query.window import ItemFilter, Selected, select

Row = dict[str, Any]


def iso_day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- deadlines ---------------------------------------------------------------------------------

DEADLINE_FIELDS = (
    "id",
    "title",
    "kind",
    "scheme",
    "scheme_name",
    "date",
    "latest",
    "as_written",
    "form",
    "tentative",
    "year_inferred",
    "certain",
    "alternatives",
    "next_possible",
    "uncertain_in_window",
    "days_left",
    "status",
    "holiday_warning",
    "internal_deadline",
    "change",
    "changed_on",
    "previous_date",
    "previous_latest",
    "previous_as_written",
    "previous_form",
    "start_time",
    "end_time",
    "amount_nok",
    "amount_as_written",
    "owner",
    "contact",
    "contact_email",
    "contact_phone",
    "url",
    "source",
    "applicants",
    "conditional_applicants",
)


def applicant_fields(scheme: Scheme | None) -> Row:
    """Who may apply, for a script: the categories the document names (an empty list where
    it does not say; null for an item of no scheme) and those it names with conditions."""
    if scheme is None:
        return {"applicants": None, "conditional_applicants": None}
    return {
        "applicants": list(dict.fromkeys(a.category for a in scheme.applicants)),
        "conditional_applicants": list(
            dict.fromkeys(a.category for a in scheme.applicants if a.conditional)
        ),
    }


def status_of(spec: DateSpec, nxt: dt.date | None, as_of: dt.date) -> str:
    """From the possible days (``nxt``: the first on or after ``as_of``): ``passed`` (all
    before ``as_of``), ``today`` (the one exact day), ``now`` (``as_of`` inside a span or a
    month), ``upcoming`` (a possible day ahead, such as the next of two alternatives),
    ``undated``."""
    if not spec.is_dated:
        return "undated"
    if nxt is None:
        return "passed"
    if nxt == as_of:
        return "today" if spec.earliest == spec.latest else "now"
    return "upcoming"


def days_left(spec: DateSpec, nxt: dt.date | None, as_of: dt.date) -> int | None:
    """Days from ``as_of`` to the next possible day ``nxt``; 0 while a span is running;
    negative (days since the latest possible day) once every possible day has passed."""
    if not spec.is_dated:
        return None
    if nxt is None:
        return ((spec.latest or as_of) - as_of).days
    return (nxt - as_of).days


def internal_deadline(item: Item, lead: int | None) -> dt.date | None:
    """``lead`` working days before a deadline's first possible day (holidays skipped)."""
    earliest = item.date.earliest
    if lead is None or earliest is None or item.kind not in DEADLINE_KINDS:
        return None
    from vikentool.domain.workdays import working_days_before

    return working_days_before(earliest, lead)


def deadline_row(found: Selected | Item, as_of: dt.date, lead: int | None = None) -> Row:
    """One flat row; an undated item (passed as a bare ``Item``) is always uncertain."""
    if isinstance(found, Selected):
        item, uncertain = found.item, found.match.uncertain
    else:
        item, uncertain = found, True
    spec = item.date
    nxt = spec.next_possible(as_of)
    scheme = item.scheme
    budget = scheme.budget if scheme else None
    times = spec.times
    last_move = item.moves[-1] if item.moves else None
    return {
        "id": item.id,
        "title": item.title,
        "kind": item.kind,
        "scheme": scheme.id if scheme else None,
        "scheme_name": scheme.name if scheme else None,
        "date": iso_day(spec.earliest),
        "latest": iso_day(spec.latest),
        "as_written": spec.as_written,
        "form": spec.form,
        "tentative": spec.tentative,
        "year_inferred": spec.year_inferred,
        "certain": spec.is_certain,
        "alternatives": list(spec.points) if spec.form == "alternatives" else None,
        "next_possible": iso_day(nxt),
        "uncertain_in_window": uncertain or spec.tentative,
        "days_left": days_left(spec, nxt, as_of),
        "status": status_of(spec, nxt, as_of),
        "holiday_warning": item.holiday_warning,
        "internal_deadline": iso_day(internal_deadline(item, lead)),
        # The latest recorded change of the date, if any (`viken changes` lists them all).
        "change": last_move.kind if last_move else None,
        "changed_on": iso_day(last_move.changed_on) if last_move else None,
        "previous_date": iso_day(last_move.before.earliest) if last_move else None,
        "previous_latest": iso_day(last_move.before.latest) if last_move else None,
        "previous_as_written": last_move.before.as_written if last_move else None,
        "previous_form": last_move.before.form if last_move else None,
        "start_time": times[0] if times else None,
        "end_time": times[1] if times else None,
        "amount_nok": budget.nok if budget else None,
        "amount_as_written": budget.as_written if budget else None,
        "owner": item.owner,
        "contact": "; ".join(c.name for c in item.contacts) or None,
        "contact_email": "; ".join(c.email for c in item.contacts if c.email) or None,
        "contact_phone": "; ".join(c.phone for c in item.contacts if c.phone) or None,
        "url": item.url,
        "source": item.citation,
        **applicant_fields(scheme),
    }


class Listing(NamedTuple):
    """What ``viken deadlines`` lists: the rows of the dated items in the window, and those
    of the undated items it shows, each beside its item."""

    dated: list[tuple[Row, Item]]
    undated: list[tuple[Row, Item]]

    @property
    def rows(self) -> list[Row]:
        return [row for row, _item in self.dated + self.undated]


def deadline_listing(
    catalog: Catalog,
    item_filter: ItemFilter,
    as_of: dt.date,
    lead: int | None = None,
    include_undated: bool = False,
) -> Listing:
    """The items that match, soonest first, then the undated ones: those asked for with
    ``include_undated``, and always one whose date was withdrawn (its history says it had
    one), since that is news."""
    selection = select(catalog, item_filter)
    dated = [(deadline_row(s, as_of, lead), s.item) for s in selection.dated]
    undated = [
        (deadline_row(i, as_of, lead), i) for i in selection.undated if include_undated or i.moves
    ]
    return Listing(dated, undated)


# --- next deadline and plan status ------------------------------------------------------------


def next_deadline(items: Sequence[Item], as_of: dt.date) -> tuple[Item | None, bool]:
    """The item whose next possible day on or after ``as_of`` comes first (between two
    alternatives, the later one still counts), else the last one to pass (``passed`` True)."""
    dated = [i for i in items if i.date.is_dated]
    ahead = [(nxt, i) for i in dated if (nxt := i.date.next_possible(as_of)) is not None]
    if ahead:
        return min(ahead, key=lambda pair: (pair[0], pair[1].title.casefold()))[1], False
    if dated:
        return max(dated, key=lambda i: (i.date.latest or dt.date.min, i.title)), True
    return None, False


def plan_status(items: Sequence[Item], as_of: dt.date) -> str:
    """From a plan's dated steps on ``as_of``, claiming only what the documents state:
    ``done`` (every possible day of every step has passed), ``under way`` (a step with a
    certain date, a day or a firm span, has begun), ``planned`` (steps are dated, but none
    is known to have begun: "i 2021" does not say work has started), ``unknown`` (no dates).
    """
    dated = [i for i in items if i.date.is_dated]
    if not dated:
        return "unknown"
    if all(i.date.next_possible(as_of) is None for i in dated):
        return "done"
    begun = [i for i in dated if not i.date.uncertain and (i.date.earliest or as_of) <= as_of]
    return "under way" if begun else "planned"


# --- schemes -------------------------------------------------------------------------------------

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
    "next_deadline_form",
    "next_deadline_certain",
    "possibly_same_as",
    "audience",
    "contact",
    "url",
    "source",
    "applicants",
    "conditional_applicants",
)


_STATUS_ORDER = {"upcoming": 0, "passed": 1, "undated": 2, None: 3}


def scheme_rows(
    catalog: Catalog,
    as_of: dt.date,
    *,
    owner: str | None = None,
    search: str | None = None,
    upcoming: bool = False,
) -> list[tuple[Row, Item | None]]:
    """One row per scheme with the deadline it names as next (to word its date), the soonest
    next deadline first, then the passed, the undated and those with none given."""
    rows: list[tuple[Row, Item | None]] = []
    for s in catalog.schemes:
        if owner is not None and not text_matches(owner, s.owner):
            continue
        if search is not None and not text_matches(
            search, s.name, s.id, s.description, *s.also_known_as, *s.audience, *s.purposes,
            *s.notes,
        ):  # fmt: skip
            continue
        own = [i for i in catalog.items_of(s.id) if i.kind == "application_deadline"]
        nxt, passed = next_deadline(own, as_of)
        if nxt is None and own:
            nxt = own[0]  # only undated deadlines: say so rather than "none"
        if upcoming and (nxt is None or passed or not nxt.date.is_dated):
            continue
        contacts = [catalog.contact(c) for c in s.contacts]
        status = None
        if nxt is not None:
            status = "passed" if passed else "upcoming" if nxt.date.is_dated else "undated"
        rows.append(
            (
                {
                    "id": s.id,
                    "name": s.name,
                    "owner": s.owner,
                    "budget_nok": s.budget.nok if s.budget else None,
                    "budget_as_written": s.budget.as_written if s.budget else None,
                    "max_per_applicant_nok": s.max_per_applicant.nok
                    if s.max_per_applicant
                    else None,
                    "max_per_applicant_as_written": (
                        s.max_per_applicant.as_written if s.max_per_applicant else None
                    ),
                    "next_deadline": iso_day(
                        nxt.date.earliest if passed else nxt.date.next_possible(as_of)
                    )
                    if nxt
                    else None,
                    "next_deadline_latest": iso_day(nxt.date.latest) if nxt else None,
                    "next_deadline_as_written": nxt.date.as_written if nxt else None,
                    "next_deadline_status": status,
                    "next_deadline_form": nxt.date.form if nxt else None,
                    "next_deadline_certain": nxt.date.is_certain if nxt else None,
                    "possibly_same_as": [link.scheme for link in s.possibly_same_as] or None,
                    "audience": "; ".join(s.audience) or None,
                    "contact": "; ".join(
                        c.name + (f" <{c.email}>" if c.email else "") for c in contacts
                    )
                    or None,
                    "url": s.url,
                    "source": catalog.cite(s.source),
                    **applicant_fields(s),
                },
                nxt,
            )
        )
    rows.sort(
        key=lambda pair: (
            _STATUS_ORDER[pair[0]["next_deadline_status"]],
            pair[0]["next_deadline"] or "",
            pair[0]["name"].casefold(),
        )
    )
    return rows


def for_applicant(
    catalog: Catalog,
    report: list[tuple[Row, Item | None]],
    category: str,
    include_unstated: bool = False,
) -> tuple[list[tuple[Row, Item | None]], int]:
    """``schemes --for``: the rows of the schemes whose documents name ``category`` among
    the applicants (with ``include_unstated``, also of those whose documents do not say),
    and how many schemes were left out because their documents do not say."""
    kept: list[tuple[Row, Item | None]] = []
    unstated = 0
    for pair in report:
        scheme = catalog.scheme(pair[0]["id"])
        opens = scheme.open_to(category) if scheme is not None else None
        if opens or (opens is None and include_unstated):
            kept.append(pair)
        elif opens is None:
            unstated += 1
    return kept, unstated


def no_schemes_text(
    as_of: dt.date,
    *,
    owner: str | None = None,
    search: str | None = None,
    upcoming: bool = False,
    applicant: str | None = None,
) -> str:
    """What ``viken schemes`` says when no scheme is listed, naming the filters it used."""
    from vikentool.domain.applicants import label

    parts = [_("for: {category}").format(category=label(applicant))] if applicant else []
    if owner is not None:
        parts.append(_("owner: {text}").format(text=repr(owner)))
    if search is not None:
        parts.append(_("search: {text}").format(text=repr(search)))
    if upcoming:
        parts.append(_("a deadline on or after {day}").format(day=as_of))
    if not parts:
        return _("The data holds no schemes.")
    return _("No schemes match ({filters}).").format(filters="; ".join(parts))


# --- plans ---------------------------------------------------------------------------------------

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


def plan_rows(
    catalog: Catalog, as_of: dt.date, *, search: str | None = None
) -> list[tuple[Row, list[Item]]]:
    """One row per plan, with its dated steps (to word their dates)."""
    rows: list[tuple[Row, list[Item]]] = []
    for plan in catalog.plans:
        if search is not None and not text_matches(search, plan.title, plan.description, plan.id):
            continue
        own = catalog.items_of(plan.id)
        nxt, passed = next_deadline(own, as_of)
        upcoming = None if passed else nxt
        rows.append(
            (
                {
                    "id": plan.id,
                    "title": plan.title,
                    "kind": plan.kind,
                    "owner": plan.owner,
                    "status": plan_status(own, as_of),
                    "next_date": iso_day(upcoming.date.earliest) if upcoming else None,
                    "next_latest": iso_day(upcoming.date.latest) if upcoming else None,
                    "next_as_written": upcoming.date.as_written if upcoming else None,
                    "dates": " | ".join(
                        f"{m.title}: «{m.date.as_written}»" for m in plan.milestones
                    )
                    or None,
                    "related": "; ".join(plan.related) or None,
                    "followed_by": plan.followed_by,
                    "case_number": plan.case_number,
                    "source": catalog.cite(plan.source),
                },
                own,
            )
        )
    return rows


def no_plans_text(search: str | None = None) -> str:
    """What ``viken plans`` says when no plan is listed, naming the search it used."""
    if search is None:
        return _("The data holds no plans.")
    return _("No plans match ({filters}).").format(
        filters=_("search: {text}").format(text=repr(search))
    )


# --- sessions ------------------------------------------------------------------------------------

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
    "network_notes",
    "source",
)


def session_rows(catalog: Catalog) -> list[Row]:
    """Each network's sessions, then its theme day."""
    rows: list[Row] = []
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
            "network_notes": "; ".join(net.notes) or None,
        }
        for session in net.sessions:
            times = session.date.times if session.date else None
            rows.append(
                {
                    "kind": "session",
                    "id": session.id,
                    "number": session.number,
                    "title": session.title,
                    "date": iso_day(session.date.earliest) if session.date else None,
                    "start_time": times[0] if times else None,
                    "end_time": times[1] if times else None,
                    "timezone": OSLO if times else None,
                    "as_written": session.date.as_written if session.date else None,
                    "mode": session.mode,
                    "topics": "; ".join(session.topics) or None,
                    **common,
                    "source": catalog.cite(session.source),
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
                    "source": catalog.cite(day.source),
                }
            )
    return [{k: r[k] for k in SESSION_FIELDS} for r in rows]


# --- one record (viken show) ------------------------------------------------------------------


def record_type(record: Record) -> str:
    """A record's type as JSON names it: ``scheme``, ``deadline``, ``theme_day``, ..."""
    name = type(record).__name__
    return "theme_day" if name == "ThemeDay" else name.lower()


def _date_summary(item: Item) -> Row:
    spec = item.date
    return {
        "id": item.id,
        "title": item.title,
        "kind": item.kind,
        "as_written": spec.as_written,
        "form": spec.form,
        "earliest": iso_day(spec.earliest),
        "latest": iso_day(spec.latest),
        "tentative": spec.tentative,
        "year_inferred": spec.year_inferred,
        "time": spec.time,
    }


def dated_items_of(catalog: Catalog, record_id: str) -> list[Item]:
    """The record's own date (a deadline, a milestone) and those of what belongs to it."""
    itself = catalog.item(record_id)
    return ([itself] if itself else []) + catalog.items_of(record_id)


def describe(catalog: Catalog, record_id: str) -> Row:
    """The record's own fields (as in the data file), its resolved contacts and every dated
    fact that belongs to it, with the earliest and latest possible day of each."""
    record = catalog.record(record_id)
    if record is None:
        known = catalog.ids()
        found = find_id(record_id, known)
        if found is None:
            raise NotFoundError(
                _("no record with id {id}").format(id=repr(record_id)) + suggest(record_id, known)
            )
        record_id, record = found, catalog.record(found)
        assert record is not None
    document: Row = {"type": record_type(record)}
    document.update(as_data(record))
    if isinstance(record, Scheme):
        # Who may apply, as the data says it, and (as before there were categories) the words.
        document["applicants"] = as_data(record.applicants)
        document["audience"] = list(record.audience)
    contact_ids = getattr(record, "contacts", ())
    if contact_ids and document["type"] != "contact":
        document["contacts"] = [
            {k: v for k, v in as_data(catalog.contact(c)).items() if k != "source"}
            for c in contact_ids
        ]
    source = getattr(record, "source", None)
    if source is not None:
        document["citation"] = catalog.cite(source)
    dates = [_date_summary(i) for i in dated_items_of(catalog, record_id)]
    if dates:
        document["dated_items"] = dates
    return document


SHOW_FIELDS = ("field", "value")


def show_rows(document: Row) -> list[Row]:
    """``viken show`` as rows for CSV and the table: one per field, ``contacts[0].name``."""
    return [{"field": k, "value": v} for k, v in flatten(document)]


def flatten(document: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """A nested document as ``(path, value)`` pairs: ``contacts[0].name``."""
    return list(_flatten(document, prefix))


def _flatten(value: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flatten(inner, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        if not value:
            return
        for index, inner in enumerate(value):
            yield from _flatten(inner, f"{prefix}[{index}]")
    else:
        yield prefix, value
