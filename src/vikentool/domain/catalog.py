"""The catalog: every record of one data directory, and the dated items drawn from them.

An ``Item`` is one dated (or explicitly undated) fact, whatever record holds it: a scheme's
deadline, a plan's milestone, a hearing's date, a network's session. Every command works on
these; none joins two shapes of an item by id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import Any, NamedTuple

from vikentool.domain.dates import DateSpec, change_between, successors
from vikentool.domain.records import (
    Change,
    Contact,
    County,
    Deadline,
    Document,
    Hearing,
    Milestone,
    Municipality,
    Network,
    Plan,
    Population,
    Record,
    Scheme,
    Source,
)


class Move(NamedTuple):
    """One recorded change of an item's date: ``before`` became ``after`` on ``changed_on``,
    as the document cited by ``citation`` announced."""

    before: DateSpec
    after: DateSpec
    changed_on: dt.date
    citation: str

    @property
    def kind(self) -> str:
        """``moved`` or ``reworded`` (validation refuses an entry that changes nothing)."""
        return change_between(self.before, self.after) or "reworded"


class Item(NamedTuple):
    """One dated fact, flattened from whatever record holds it."""

    id: str
    title: str
    kind: str
    date: DateSpec
    source: Source
    scheme: Scheme | None = None
    parent_id: str | None = None
    parent_title: str | None = None
    owner: str | None = None
    contacts: tuple[Contact, ...] = ()
    url: str | None = None
    note: str | None = None
    # Why an exact day is awkward for a deadline (a weekend, a public holiday), if it is.
    holiday_warning: str | None = None
    # The source as people cite it: the document's title, not its file name.
    citation: str = ""
    # The recorded changes of the date, oldest first; empty if it never moved.
    moves: tuple[Move, ...] = ()

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.date.earliest or dt.date.max, self.title.casefold())

    @property
    def search_text(self) -> tuple[str, ...]:
        """What ``--search`` looks in: title, wording, note, parent, id and the scheme's names."""
        scheme = self.scheme
        fields = (
            self.title,
            self.date.as_written,
            self.note,
            self.parent_title,
            self.id,
            *(scheme.also_known_as if scheme else ()),
            scheme.description if scheme else None,
        )
        return tuple(f for f in fields if f)


class Catalog:
    """The validated contents of one data directory. Lookups are built on first use."""

    def __init__(
        self,
        location: str,
        contacts: tuple[Contact, ...] = (),
        schemes: tuple[Scheme, ...] = (),
        deadlines: tuple[Deadline, ...] | Callable[[], tuple[Deadline, ...]] = (),
        plans: tuple[Plan, ...] = (),
        hearings: tuple[Hearing, ...] = (),
        networks: tuple[Network, ...] = (),
        holiday_warnings: Mapping[dt.date, str] | None = None,
        documents: tuple[Document, ...] = (),
        counties: tuple[County, ...] = (),
        municipalities: tuple[Municipality, ...] = (),
        populations: tuple[Population, ...] = (),
    ) -> None:
        self.location = location
        self.documents = documents
        self.contacts = contacts
        self.schemes = schemes
        # The deadlines may come later, from a loader: they are most of a large catalog, and
        # a command that shows no scheme deadline (plans, sessions, the fee) never asks.
        self._deadlines = deadlines
        self.plans = plans
        self.hearings = hearings
        self.networks = networks
        # The municipality register: numbers with their periods, and population counts.
        self.counties = counties
        self.municipalities = municipalities
        self.populations = populations
        # Warnings for the exact days that items fall on, worked out once at validation
        # (they need the holiday tables, which are slow to load).
        self.holiday_warnings: Mapping[dt.date, str] = holiday_warnings or {}

    @property
    def deadlines(self) -> tuple[Deadline, ...]:
        if callable(self._deadlines):
            self._deadlines = self._deadlines()
        return self._deadlines

    @staticmethod
    def with_deadlines(
        other: Catalog, deadlines: tuple[Deadline, ...] | Callable[[], tuple[Deadline, ...]]
    ) -> Catalog:
        """``other``'s records with these deadlines (or the loader that reads them)."""
        return Catalog(
            other.location,
            contacts=other.contacts,
            schemes=other.schemes,
            deadlines=deadlines,
            plans=other.plans,
            hearings=other.hearings,
            networks=other.networks,
            holiday_warnings=other.holiday_warnings,
            documents=other.documents,
            counties=other.counties,
            municipalities=other.municipalities,
            populations=other.populations,
        )

    def __repr__(self) -> str:
        return f"Catalog({self.location!r}, {len(self.schemes)} schemes, {len(self.items)} items)"

    # -- lookups ------------------------------------------------------------------------
    def contact(self, contact_id: str) -> Contact:
        return self._contacts_by_id[contact_id]

    def scheme(self, scheme_id: str) -> Scheme | None:
        return self._schemes.get(scheme_id)

    def record(self, record_id: str) -> Record | None:
        """Any record by id (scheme, deadline, plan, milestone, hearing, network, session, ...)."""
        return self._by_id.get(record_id)

    def ids(self) -> list[str]:
        return list(self._by_id)

    def document(self, document_id: str) -> Document | None:
        return self._documents.get(document_id)

    def cite(self, source: Source) -> str:
        """A source as people cite it: title, publisher, date as written, then the place in
        the document. With no such document in the data, its name as the source gives it."""
        found = self._documents.get(source.document)
        if found is None:
            return f"{source.document}: {source.location}"
        return f"{found.title} ({found.publisher}, {found.date.as_written}), {source.location}"

    @cached_property
    def _documents(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    @cached_property
    def _contacts_by_id(self) -> dict[str, Contact]:
        return {c.id: c for c in self.contacts}

    @cached_property
    def _schemes(self) -> dict[str, Scheme]:
        return {s.id: s for s in self.schemes}

    @cached_property
    def _by_id(self) -> dict[str, Record]:
        return {record_id: record for record_id, record, _ in self.records()}

    def records(self) -> Iterator[tuple[str, Record, tuple[str | int, ...]]]:
        """Every record with an id, and where it sits (file, then path) for error messages."""
        for i, doc in enumerate(self.documents):
            yield doc.id, doc, ("documents.yaml", "documents", i)
        for i, c in enumerate(self.contacts):
            yield c.id, c, ("contacts.yaml", "contacts", i)
        for i, s in enumerate(self.schemes):
            yield s.id, s, ("schemes.yaml", "schemes", i)
        for i, d in enumerate(self.deadlines):
            yield d.id, d, ("schemes.yaml", "deadlines", i)
        for i, p in enumerate(self.plans):
            yield p.id, p, ("plans.yaml", "plans", i)
            for j, m in enumerate(p.milestones):
                yield m.id, m, ("plans.yaml", "plans", i, "milestones", j)
        for i, h in enumerate(self.hearings):
            yield h.id, h, ("plans.yaml", "hearings", i)
            for j, m in enumerate(h.dates):
                yield m.id, m, ("plans.yaml", "hearings", i, "dates", j)
        for i, n in enumerate(self.networks):
            yield n.id, n, ("plans.yaml", "networks", i)
            for j, session in enumerate(n.sessions):
                yield session.id, session, ("plans.yaml", "networks", i, "sessions", j)
            if n.theme_day is not None:
                yield n.theme_day.id, n.theme_day, ("plans.yaml", "networks", i, "theme_day")

    # -- the dated view -----------------------------------------------------------------
    @cached_property
    def items(self) -> tuple[Item, ...]:
        """Every dated fact in the catalog, sorted by earliest possible day, then title."""
        return _by_date([*self._deadline_items(), *self._other_items])

    # The items by id and by parent: of all, and of all but the deadlines, so that a plan's
    # steps and a network's sessions are found without reading a single deadline.
    def item(self, item_id: str) -> Item | None:
        return self._other_groups[0].get(item_id) or self._all_groups[0].get(item_id)

    def items_of(self, parent_id: str) -> list[Item]:
        """The dated facts that belong to a scheme, plan, hearing or network, in date order."""
        groups = self._all_groups if parent_id in self._schemes else self._other_groups
        return groups[1].get(parent_id, [])

    @cached_property
    def _all_groups(self) -> tuple[dict[str, Item], dict[str, list[Item]]]:
        return _grouped(self.items)

    @cached_property
    def _other_groups(self) -> tuple[dict[str, Item], dict[str, list[Item]]]:
        return _grouped(_by_date(self._other_items))

    @property
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """The first and the last possible day of any item."""
        days = [d for i in self.items for d in (i.date.earliest, i.date.latest) if d]
        return (min(days), max(days)) if days else None

    def _contacts(self, ids: tuple[str, ...]) -> tuple[Contact, ...]:
        return tuple(self.contact(i) for i in ids)

    def _warning(self, spec: DateSpec) -> str | None:
        earliest = spec.earliest
        return self.holiday_warnings.get(earliest) if spec.is_exact_day and earliest else None

    def _deadline_items(self) -> list[Item]:
        return [self._deadline_item(d) for d in self.deadlines]

    def _deadline_item(self, d: Deadline) -> Item:
        scheme = self.scheme(d.scheme) if d.scheme else None
        return Item(
            id=d.id,
            title=d.title,
            kind=d.kind,
            date=d.date,
            source=d.source,
            scheme=scheme,
            parent_id=scheme.id if scheme else None,
            parent_title=scheme.name if scheme else None,
            owner=scheme.owner if scheme else None,
            contacts=self._contacts(d.contacts or (scheme.contacts if scheme else ())),
            url=scheme.url if scheme else None,
            note=d.note,
            holiday_warning=self._warning(d.date),
            citation=self.cite(d.source),
            moves=self._moves(d.date, d.history),
        )

    @cached_property
    def _other_items(self) -> list[Item]:
        return list(self._plan_and_network_items())

    def _plan_and_network_items(self) -> Iterator[Item]:
        for p in self.plans:
            yield from self._milestone_items(p.milestones, p.id, p.title, p.owner, p.source)
        for h in self.hearings:
            yield from self._milestone_items(h.dates, h.id, h.title, None, h.source)
        for n in self.networks:
            contacts = self._contacts(n.contacts)
            for s in n.sessions:
                if s.date is None:
                    continue
                yield Item(
                    id=s.id,
                    title=f"{s.title}: {n.name}",
                    kind="session",
                    date=s.date,
                    source=s.source,
                    parent_id=n.id,
                    parent_title=n.name,
                    owner=n.organiser,
                    contacts=contacts,
                    url=n.url,
                    note=s.mode,
                    holiday_warning=self._warning(s.date),
                    citation=self.cite(s.source),
                    moves=self._moves(s.date, s.history),
                )

    def _milestone_items(
        self,
        milestones: tuple[Milestone, ...],
        parent_id: str,
        parent_title: str,
        owner: str | None,
        parent_source: Source,
    ) -> Iterator[Item]:
        for m in milestones:
            source = m.source or parent_source
            yield Item(
                id=m.id,
                title=m.title,
                kind=m.kind,
                date=m.date,
                source=source,
                parent_id=parent_id,
                parent_title=parent_title,
                owner=owner,
                note=m.note,
                holiday_warning=self._warning(m.date),
                citation=self.cite(source),
                moves=self._moves(m.date, m.history),
            )

    def _moves(self, current: DateSpec, history: tuple[Change, ...]) -> tuple[Move, ...]:
        """Each recorded value of a date paired with the one that replaced it."""
        dates = successors([change.date for change in history], current)
        return tuple(
            Move(before, after, dt.date.fromisoformat(change.changed_on), self.cite(change.source))
            for change, (before, after) in zip(history, dates, strict=True)
        )

    def fee_network(self, network_id: str | None = None) -> Network | None:
        """The network whose fee table to use: the one named, or the first with a table."""
        for network in self.networks:
            if network.fee is not None and network_id in (None, network.id):
                return network
        return None

    def summary(self) -> dict[str, int]:
        """Counts per kind of record and per kind of dated item."""
        items = self.items
        counts = {
            "documents": len(self.documents),
            "contacts": len(self.contacts),
            "schemes": len(self.schemes),
            "deadlines": len(self.deadlines),
            "plans": len(self.plans),
            "plan milestones": sum(len(p.milestones) for p in self.plans),
            "hearings": len(self.hearings),
            "networks": len(self.networks),
            "sessions": sum(len(n.sessions) for n in self.networks),
            "fee brackets": sum(len(n.fee.brackets) for n in self.networks if n.fee),
            "municipalities": len(self.municipalities),
            "population counts": len(self.populations),
        }
        for kind in sorted({i.kind for i in items}):
            counts[f"items: {kind}"] = sum(1 for i in items if i.kind == kind)
        counts["items without a date"] = sum(1 for i in items if not i.date.is_dated)
        return counts

    def as_data(self) -> dict[str, Any]:
        """The whole catalog as plain values (for the cache); ``catalog_from_data`` reverses it."""
        from vikentool.domain.records import as_data

        return {
            "location": self.location,
            "documents": as_data(self.documents),
            "contacts": as_data(self.contacts),
            "schemes": as_data(self.schemes),
            "deadlines": as_data(self.deadlines),
            "plans": as_data(self.plans),
            "hearings": as_data(self.hearings),
            "networks": as_data(self.networks),
            "counties": as_data(self.counties),
            "municipalities": as_data(self.municipalities),
            "populations": as_data(self.populations),
            "holiday_warnings": {d.isoformat(): w for d, w in self.holiday_warnings.items()},
        }


def _by_date(items: list[Item]) -> tuple[Item, ...]:
    return tuple(sorted(items, key=lambda item: item.sort_key))


def _grouped(items: tuple[Item, ...]) -> tuple[dict[str, Item], dict[str, list[Item]]]:
    # One pass over the items, so per-record lookups stay linear at national scale.
    by_id: dict[str, Item] = {}
    by_parent: dict[str, list[Item]] = {}
    for item in items:
        by_id[item.id] = item
        if item.parent_id is not None:
            by_parent.setdefault(item.parent_id, []).append(item)
    return by_id, by_parent


def catalog_from_data(data: Mapping[str, Any]) -> Catalog:
    from vikentool.domain.records import from_data

    return Catalog(
        location=data["location"],
        documents=tuple(from_data(Document, v) for v in data.get("documents", ())),
        contacts=tuple(from_data(Contact, v) for v in data.get("contacts", ())),
        schemes=tuple(from_data(Scheme, v) for v in data.get("schemes", ())),
        deadlines=tuple(from_data(Deadline, v) for v in data.get("deadlines", ())),
        plans=tuple(from_data(Plan, v) for v in data.get("plans", ())),
        hearings=tuple(from_data(Hearing, v) for v in data.get("hearings", ())),
        networks=tuple(from_data(Network, v) for v in data.get("networks", ())),
        counties=tuple(from_data(County, v) for v in data.get("counties", ())),
        municipalities=tuple(from_data(Municipality, v) for v in data.get("municipalities", ())),
        populations=tuple(from_data(Population, v) for v in data.get("populations", ())),
        holiday_warnings={
            dt.date.fromisoformat(d): w for d, w in data.get("holiday_warnings", {}).items()
        },
    )
