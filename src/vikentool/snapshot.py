"""A plain-data index of a validated catalog, for the commands that must start fast.

Its records are NamedTuples: immutable like frozen dataclasses, but about eight times
cheaper to define, which counts on a path measured in milliseconds.

``viken deadlines`` and ``viken fee`` answer from this index alone, so they import neither
pydantic nor the YAML parser nor the holidays package when the index is cached (see
``cache``). It is derived from the validated ``Catalog`` and never edited by hand.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from vikentool.catalog import Catalog, Item

DayRange = tuple[date, date]


class IndexedItem(NamedTuple):
    """What filtering needs of an item, and its row fields that do not depend on the query."""

    id: str
    kind: str
    title: str
    scheme_id: str | None
    owner: str | None
    haystack: tuple[str, ...]
    ranges: tuple[DayRange, ...]
    tentative: bool
    static: dict[str, Any]

    @property
    def earliest(self) -> date | None:
        return self.ranges[0][0] if self.ranges else None

    @property
    def latest(self) -> date | None:
        return max(hi for _, hi in self.ranges) if self.ranges else None


class BracketView(NamedTuple):
    min: int
    max: int | None
    fee_nok: int
    as_written: str


class FeeNetworkView(NamedTuple):
    id: str
    name: str
    organiser: str
    note: str | None
    brackets: tuple[BracketView, ...]


class Snapshot(NamedTuple):
    location: str
    items: tuple[IndexedItem, ...]
    scheme_ids: tuple[str, ...]
    fee_networks: tuple[FeeNetworkView, ...]
    first_day: date | None
    last_day: date | None


def _static_row(item: Item) -> dict[str, Any]:
    from vikentool.workdays import day_warning

    spec = item.date
    scheme = item.scheme
    budget = scheme.budget if scheme else None
    times = spec.times
    return {
        "id": item.id,
        "title": item.title,
        "kind": item.kind,
        "scheme": scheme.id if scheme else None,
        "scheme_name": scheme.name if scheme else None,
        "date": spec.earliest.isoformat() if spec.earliest else None,
        "latest": spec.latest.isoformat() if spec.latest else None,
        "as_written": spec.as_written,
        "form": spec.form,
        "tentative": spec.tentative,
        "year_inferred": spec.year_inferred,
        "holiday_warning": day_warning(spec.earliest)
        if spec.is_exact_day and spec.earliest
        else None,
        "start_time": times[0] if times else None,
        "end_time": times[1] if times else None,
        "amount_nok": budget.nok if budget else None,
        "amount_as_written": budget.as_written if budget else None,
        "owner": item.owner,
        "contact": "; ".join(c.name for c in item.contacts) or None,
        "contact_email": "; ".join(c.email for c in item.contacts if c.email) or None,
        "contact_phone": "; ".join(c.phone for c in item.contacts if c.phone) or None,
        "url": item.url,
        "source": f"{item.source.document}: {item.source.location}",
    }


def _haystack(item: Item) -> tuple[str, ...]:
    scheme = item.scheme
    fields = (
        item.title,
        item.date.as_written,
        item.note,
        item.parent_title,
        item.id,
        *(scheme.also_known_as if scheme else ()),
        scheme.description if scheme else None,
    )
    return tuple(f for f in fields if f)


def build_snapshot(catalog: Catalog) -> Snapshot:
    items = catalog.items()
    days = [d for i in items for d in (i.date.earliest, i.date.latest) if d]
    return Snapshot(
        location=catalog.location,
        items=tuple(
            IndexedItem(
                id=i.id,
                kind=i.kind,
                title=i.title,
                scheme_id=i.scheme.id if i.scheme else None,
                owner=i.owner,
                haystack=_haystack(i),
                ranges=i.date.ranges,
                tentative=i.date.tentative,
                static=_static_row(i),
            )
            for i in items
        ),
        scheme_ids=tuple(s.id for s in catalog.schemes),
        fee_networks=tuple(
            FeeNetworkView(
                id=n.id,
                name=n.name,
                organiser=n.organiser,
                note=n.fee.note,
                brackets=tuple(
                    BracketView(b.min, b.max, b.fee_nok, b.as_written) for b in n.fee.brackets
                ),
            )
            for n in catalog.networks
            if n.fee is not None
        ),
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
    )


def fee_network(snapshot: Snapshot, network_id: str | None = None) -> FeeNetworkView:
    """The network whose fee table to use: the one named, or the first with a table."""
    from vikentool.errors import DataError

    for network in snapshot.fee_networks:
        if network_id is None or network.id == network_id:
            return network
    if network_id is not None:
        raise DataError([f"{snapshot.location}: no network {network_id!r} with a fee table"])
    raise DataError([f"{snapshot.location}: no network in plans.yaml has a fee table"])
