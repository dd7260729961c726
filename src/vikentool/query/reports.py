"""One record of any kind, described in full for ``viken show``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from vikentool.errors import NotFoundError
from vikentool.query import suggest

if TYPE_CHECKING:
    from vikentool.catalog import Catalog, Item

_TYPE_NAMES = {
    "ThemeDay": "theme_day",
}


def _date_summary(item: Item) -> dict[str, Any]:
    spec = item.date
    return {
        "id": item.id,
        "title": item.title,
        "kind": item.kind,
        "as_written": spec.as_written,
        "form": spec.form,
        "earliest": spec.earliest.isoformat() if spec.earliest else None,
        "latest": spec.latest.isoformat() if spec.latest else None,
        "tentative": spec.tentative,
        "year_inferred": spec.year_inferred,
        "time": spec.time,
    }


def describe(catalog: Catalog, record_id: str) -> dict[str, Any]:
    """The record's own fields (as in the data file), its resolved contacts and every dated
    fact that belongs to it, with the earliest and latest possible day of each."""
    record = catalog.record(record_id)
    if record is None:
        raise NotFoundError(f"no record with id {record_id!r}" + suggest(record_id, catalog.ids()))
    name = type(record).__name__
    document: dict[str, Any] = {"type": _TYPE_NAMES.get(name, name.lower())}
    document.update(record.model_dump(mode="json", by_alias=True, exclude_none=True))
    contact_ids = list(getattr(record, "contacts", []) or [])
    if contact_ids and document["type"] != "contact":
        document["contacts"] = [
            catalog.contact(c).model_dump(mode="json", exclude_none=True, exclude={"source"})
            for c in contact_ids
        ]
    itself = catalog.item(record_id)
    dates = [_date_summary(i) for i in ([itself] if itself else []) + catalog.items_of(record_id)]
    if dates:
        document["dated_items"] = dates
    return document


def flatten(document: Any, prefix: str = "") -> list[tuple[str, Any]]:
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
