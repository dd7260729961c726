"""What changed: the moves a catalog records in its history, and the differences between two
catalogs (an older copy of the data and the current one), compared by record id.

Rows are plain values with English keys and enum values, like every listing; each comes with
the two dates it compares, so that a renderer can word them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from vikentool.domain.catalog import Catalog
from vikentool.domain.dates import DateSpec, change_between
from vikentool.domain.records import Document, Record, Scheme
from vikentool.query.reports import Row, iso_day, record_type

CHANGE_FIELDS = (
    "change",
    "id",
    "record_type",
    "title",
    "previous_title",
    "changed_on",
    "from_date",
    "from_latest",
    "from_as_written",
    "from_form",
    "from_alternatives",
    "from_time",
    "to_date",
    "to_latest",
    "to_as_written",
    "to_form",
    "to_alternatives",
    "to_time",
    "source",
)

# In the order a comparison lists them: what moves a date first, since that is what costs
# money when missed.
CHANGE_KINDS = ("moved", "reworded", "added", "removed")
DEFAULT_DAYS = 30


class Changed(NamedTuple):
    """One row, and the two dates it compares (``None`` where there is none)."""

    row: Row
    before: DateSpec | None
    after: DateSpec | None


def default_since(as_of: dt.date) -> dt.date:
    try:
        return as_of - dt.timedelta(days=DEFAULT_DAYS)
    except OverflowError:  # a reference day in the calendar's first month
        return dt.date.min


def recorded_changes(catalog: Catalog, since: dt.date, as_of: dt.date) -> list[Changed]:
    """Each recorded change of a date made from ``since`` to ``as_of`` (both included),
    oldest first, each ``moved`` or ``reworded`` as ``change_between`` tells them apart."""
    found: list[tuple[dt.date, str, Changed]] = []
    for item in catalog.items:
        for move in item.moves:
            if not since <= move.changed_on <= as_of:
                continue
            record = catalog.record(item.id)
            assert record is not None  # every item is drawn from a record
            row = _row(
                move.kind,
                item.id,
                record_type(record),
                item.title,
                None,
                move.before,
                move.after,
                changed_on=move.changed_on.isoformat(),
                source=move.citation,
            )
            found.append(
                (move.changed_on, item.title.casefold(), Changed(row, move.before, move.after))
            )
    return [changed for *_, changed in sorted(found, key=lambda entry: entry[:2])]


class Fingerprint(NamedTuple):
    """What a comparison looks at in one record: enough to word a change without the
    catalog it came from (a digest keeps these from one week to the next)."""

    record_type: str
    title: str
    date: DateSpec | None
    source: str | None
    # The dated item's kind and its scheme (a scheme's own id), for a digest's filter.
    kind: str | None = None
    scheme: str | None = None


Snapshot = dict[str, Fingerprint]


def snapshot(catalog: Catalog) -> Snapshot:
    """Each record of ``catalog`` by id, as ``compare`` sees it."""
    found: Snapshot = {}
    for record_id, record, _where in catalog.records():
        item = catalog.item(record_id)
        kind = item.kind if item is not None else None
        if isinstance(record, Scheme):
            scheme: str | None = record.id
        else:
            scheme = item.scheme.id if item is not None and item.scheme is not None else None
        found[record_id] = Fingerprint(
            record_type(record),
            _title(catalog, record_id, record),
            _date_of(record),
            _citation(catalog, record_id, record),
            kind,
            scheme,
        )
    return found


def snapshot_data(snap: Snapshot) -> dict[str, list[Any]]:
    """A snapshot as JSON values: ``[type, title, date as the data file writes it, source,
    kind, scheme]``."""
    return {
        record_id: [
            f.record_type,
            f.title,
            f.date.as_data() if f.date else None,
            f.source,
            f.kind,
            f.scheme,
        ]
        for record_id, f in snap.items()
    }


def snapshot_from_data(data: Any) -> Snapshot:
    """``snapshot_data``'s JSON read back; ``ValueError`` if it is not one."""
    if not isinstance(data, dict):
        raise ValueError("a snapshot is an object")
    found: Snapshot = {}
    for record_id, value in data.items():
        if not (isinstance(value, list) and len(value) == 6):
            raise ValueError(f"{record_id!r}: not a snapshot entry")
        kind_of_record, title, written, source, kind, scheme = value
        if not all(
            isinstance(v, str | None) for v in (kind_of_record, title, source, kind, scheme)
        ):
            raise ValueError(f"{record_id!r}: not a snapshot entry")
        try:
            spec = DateSpec.from_written(written) if written is not None else None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{record_id!r}: {exc}") from None
        found[str(record_id)] = Fingerprint(
            str(kind_of_record), str(title), spec, source, kind, scheme
        )
    return found


def compare(old: Catalog, new: Catalog) -> list[Changed]:
    """The records added, removed, moved or reworded from ``old`` to ``new``, by id: moved
    (its date's days, form or time of day changed, or it gained or lost a date), reworded
    (the date's words or the title changed, nothing else of the date). Other fields are not
    compared."""
    return compare_snapshots(snapshot(old), snapshot(new))


def compare_snapshots(before: Snapshot, after: Snapshot) -> list[Changed]:
    """``compare`` of two snapshots."""
    found: list[Changed] = []
    for record_id, now in after.items():
        earlier = before.get(record_id)
        if earlier is None:
            found.append(_whole("added", record_id, now))
            continue
        retitled = earlier.title if earlier.title != now.title else None
        change = change_between(earlier.date, now.date) or ("reworded" if retitled else None)
        if change is not None:
            row = _row(change, record_id, now.record_type, now.title, retitled, earlier.date,
                       now.date, source=now.source)  # fmt: skip
            found.append(Changed(row, earlier.date, now.date))
    for record_id, gone in before.items():
        if record_id not in after:
            found.append(_whole("removed", record_id, gone))
    order = {kind: index for index, kind in enumerate(CHANGE_KINDS)}

    def key(changed: Changed) -> tuple[int, dt.date, str]:
        spec = changed.after or changed.before
        day = spec.earliest if spec is not None and spec.earliest else dt.date.max
        return order[changed.row["change"]], day, changed.row["title"].casefold()

    return sorted(found, key=key)


def _whole(change: str, record_id: str, seen: Fingerprint) -> Changed:
    spec = seen.date
    before, after = (None, spec) if change == "added" else (spec, None)
    row = _row(change, record_id, seen.record_type, seen.title, None, before, after,
               source=seen.source)  # fmt: skip
    return Changed(row, before, after)


def _row(
    change: str,
    record_id: str,
    kind_of_record: str,
    title: str,
    previous_title: str | None,
    before: DateSpec | None,
    after: DateSpec | None,
    *,
    changed_on: str | None = None,
    source: str | None = None,
) -> Row:
    return {
        "change": change,
        "id": record_id,
        "record_type": kind_of_record,
        "title": title,
        "previous_title": previous_title,
        "changed_on": changed_on,
        **_date_fields("from", before),
        **_date_fields("to", after),
        "source": source,
    }


def _date_fields(prefix: str, spec: DateSpec | None) -> dict[str, Any]:
    """The date as the listings give one: its days, words, form, alternatives and time."""
    return {
        f"{prefix}_date": iso_day(spec.earliest) if spec else None,
        f"{prefix}_latest": iso_day(spec.latest) if spec else None,
        f"{prefix}_as_written": spec.as_written if spec else None,
        f"{prefix}_form": spec.form if spec else None,
        f"{prefix}_alternatives": list(spec.points)
        if spec and spec.form == "alternatives"
        else None,
        f"{prefix}_time": spec.time if spec else None,
    }


def _date_of(record: Record) -> DateSpec | None:
    spec = getattr(record, "date", None)
    # A document's date is when it was written, not a date anyone acts on.
    return spec if isinstance(spec, DateSpec) and not isinstance(record, Document) else None


def _title(catalog: Catalog, record_id: str, record: Record) -> str:
    """The title the listings give it (a session's includes its network's name)."""
    item = catalog.item(record_id)
    if item is not None:
        return item.title
    return str(getattr(record, "title", None) or getattr(record, "name", None) or "")


def _citation(catalog: Catalog, record_id: str, record: Record) -> str | None:
    """Where the record's facts come from (a milestone without a source of its own: its
    plan's, as its item has it)."""
    item = catalog.item(record_id)
    if item is not None:
        return item.citation
    source = getattr(record, "source", None)
    return catalog.cite(source) if source is not None else None
