"""Loading a data directory into a validated ``Catalog``, and the catalog's dated ``Item``s.

Every problem in every file is collected and reported as ``FILE:LINE:COL: path: message``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vikentool.errors import DataError

if TYPE_CHECKING:
    from vikentool.models import (
        Contact,
        DateSpec,
        Deadline,
        Hearing,
        Milestone,
        Model,
        Network,
        Plan,
        Scheme,
        Source,
    )
    from vikentool.yamlsafe import ParsedYaml, Position

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Item:
    """One dated (or explicitly undated) fact, flattened from whatever record holds it."""

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

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.date.earliest or dt.date.max, self.title.casefold())


@dataclass
class Catalog:
    """The validated contents of one data directory."""

    location: str
    contacts: list[Contact] = field(default_factory=list)
    schemes: list[Scheme] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    hearings: list[Hearing] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)
    content_hash: str = ""

    # -- lookups ------------------------------------------------------------------------
    def contact(self, contact_id: str) -> Contact:
        found: Contact = self._by_id[contact_id]
        return found

    def scheme(self, scheme_id: str) -> Scheme | None:
        schemes: dict[str, Scheme] | None = self.__dict__.get("_schemes")
        if schemes is None:
            schemes = {s.id: s for s in self.schemes}
            self.__dict__["_schemes"] = schemes
        return schemes.get(scheme_id)

    def record(self, record_id: str) -> Any:
        """Any record by id (scheme, deadline, plan, milestone, hearing, network, session, ...)."""
        return self._by_id.get(record_id)

    def ids(self) -> list[str]:
        return list(self._by_id)

    @property
    def _by_id(self) -> dict[str, Any]:
        cached: dict[str, Any] | None = self.__dict__.get("_index")
        if cached is None:
            cached = {record_id: record for record_id, record, _ in self._records()}
            self.__dict__["_index"] = cached
        return cached

    def _records(self) -> Iterator[tuple[str, Any, PathKey]]:
        """Every record with an id, and where it sits (file-root path) for error messages."""
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
    def items(self) -> list[Item]:
        """Every dated fact in the catalog, sorted by earliest possible day, then title."""
        cached: list[Item] | None = self.__dict__.get("_items")
        if cached is None:
            cached = sorted(self._build_items(), key=lambda item: item.sort_key)
            self.__dict__["_items"] = cached
        return cached

    def item(self, item_id: str) -> Item | None:
        return self._item_groups()[0].get(item_id)

    def items_of(self, parent_id: str) -> list[Item]:
        """The dated facts that belong to a scheme, plan, hearing or network, in date order."""
        return self._item_groups()[1].get(parent_id, [])

    def _item_groups(self) -> tuple[dict[str, Item], dict[str, list[Item]]]:
        # One pass over the items, so per-record lookups stay linear at national scale.
        cached: tuple[dict[str, Item], dict[str, list[Item]]] | None = self.__dict__.get(
            "_groups_cache"
        )
        if cached is None:
            by_id: dict[str, Item] = {}
            by_parent: dict[str, list[Item]] = {}
            for item in self.items():
                by_id[item.id] = item
                if item.parent_id is not None:
                    by_parent.setdefault(item.parent_id, []).append(item)
            cached = (by_id, by_parent)
            self.__dict__["_groups_cache"] = cached
        return cached

    def _contacts(self, ids: Iterable[str]) -> tuple[Contact, ...]:
        return tuple(self.contact(i) for i in ids)

    def _build_items(self) -> Iterator[Item]:
        for d in self.deadlines:
            scheme = self.scheme(d.scheme) if d.scheme else None
            yield Item(
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
            )
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
                )

    def _milestone_items(
        self,
        milestones: list[Milestone],
        parent_id: str,
        parent_title: str,
        owner: str | None,
        parent_source: Source,
    ) -> Iterator[Item]:
        for m in milestones:
            yield Item(
                id=m.id,
                title=m.title,
                kind=m.kind,
                date=m.date,
                source=m.source or parent_source,
                parent_id=parent_id,
                parent_title=parent_title,
                owner=owner,
                note=m.note,
            )

    def summary(self) -> dict[str, int]:
        """Counts per kind of record and per kind of dated item."""
        items = self.items()
        counts = {
            "contacts": len(self.contacts),
            "schemes": len(self.schemes),
            "deadlines": len(self.deadlines),
            "plans": len(self.plans),
            "plan milestones": sum(len(p.milestones) for p in self.plans),
            "hearings": len(self.hearings),
            "networks": len(self.networks),
            "sessions": sum(len(n.sessions) for n in self.networks),
            "fee brackets": sum(len(n.fee.brackets) for n in self.networks if n.fee),
        }
        for kind in sorted({i.kind for i in items}):
            counts[f"items: {kind}"] = sum(1 for i in items if i.kind == kind)
        counts["items without a date"] = sum(1 for i in items if not i.date.is_dated)
        return counts


# --- loading --------------------------------------------------------------------------------


def _format_path(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "(document)"


class _Problems:
    """Collects problems with their file positions, to report them all at once.

    Files are first read without positions (fast); a file with a problem is read again
    with positions, only to say where each problem is.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.raw: dict[str, bytes] = {}
        self.names: dict[str, str] = {}
        self._positioned: dict[str, ParsedYaml | None] = {}

    def positioned(self, file: str) -> ParsedYaml | None:
        if file not in self._positioned:
            from vikentool.yamlsafe import YamlReadError, parse_bytes

            try:
                self._positioned[file] = parse_bytes(self.raw[file], positions=True)
            except (YamlReadError, KeyError):
                self._positioned[file] = None
        return self._positioned[file]

    def add(self, file: str, path: PathKey, message: str, at: Position | None = None) -> None:
        if at is None:
            parsed = self.positioned(file)
            at = parsed.position_of(path) if parsed else None
        where = f"{at.line}:{at.column}" if at else "1:1"
        self.lines.append(f"{self.names.get(file, file)}:{where}: {_format_path(path)}: {message}")


def _pydantic_message(error: dict[str, Any]) -> tuple[PathKey, str]:
    loc: PathKey = tuple(error["loc"])
    kind = error["type"]
    message: str = error["msg"]
    if kind == "extra_forbidden":
        message = f"unknown field {loc[-1]!r}"
    elif kind == "missing":
        message = f"missing required field {loc[-1]!r}"
    elif kind in ("value_error", "assertion_error"):
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    elif "input" in error and not isinstance(error["input"], dict | list):
        message = f"{message} (got {error['input']!r})"
    return loc, message


def load_catalog(data_dir: str | os.PathLike[str] | None = None) -> Catalog:
    """Load and validate a data directory (default: ``$VIKEN_DATA_DIR``, else the embedded data).

    Raises ``DataError`` listing every problem, one ``FILE:LINE:COL: path: message`` per line.
    A catalog validated before from the same bytes by the same code is read from the cache
    (``VIKEN_CACHE=0`` turns that off).
    """
    from vikentool.cache import read_data

    return read_data(data_dir).catalog()


def validate_contents(location: Path | Traversable, contents: dict[str, bytes]) -> Catalog:
    """Parse and validate the files' bytes (as ``read_files`` returns them) into a Catalog."""
    from pydantic import ValidationError

    from vikentool.models import FILE_MODELS
    from vikentool.yamlsafe import YamlReadError, parse_bytes

    problems = _Problems()
    models: dict[str, Model] = {}
    for name, raw in contents.items():
        problems.names[name] = str(location.joinpath(name))
        problems.raw[name] = raw
        try:
            parsed = parse_bytes(raw, positions=False)
        except YamlReadError as exc:
            for p in exc.problems:
                problems.add(name, p.path, p.message, at=p.position)
            continue
        for p in parsed.problems:
            problems.add(name, p.path, p.message, at=p.position)
        value = parsed.value if parsed.value is not None else {}
        if not isinstance(value, dict):
            problems.add(name, (), "the file must be a mapping with the top-level lists")
            continue
        try:
            models[name] = FILE_MODELS[name].model_validate(value)
        except ValidationError as exc:
            # A value the YAML reader already refused (a forbidden tag became null) needs no
            # second message about its type.
            refused = {p.path for p in parsed.problems}
            for error in exc.errors():
                loc, message = _pydantic_message(dict(error))
                if any(loc[: len(path)] == path for path in refused):
                    continue
                problems.add(name, loc, message)
    if problems.lines:
        raise DataError(problems.lines)
    catalog = Catalog(
        location=str(location),
        contacts=list(getattr(models.get("contacts.yaml"), "contacts", [])),
        schemes=list(getattr(models["schemes.yaml"], "schemes", [])),
        deadlines=list(getattr(models["schemes.yaml"], "deadlines", [])),
        plans=list(getattr(models["plans.yaml"], "plans", [])),
        hearings=list(getattr(models["plans.yaml"], "hearings", [])),
        networks=list(getattr(models["plans.yaml"], "networks", [])),
    )
    _check_references(catalog, problems)
    if problems.lines:
        raise DataError(problems.lines)
    return catalog


def _check_references(catalog: Catalog, problems: _Problems) -> None:
    from vikentool.models import fee_table_problems

    seen: dict[str, PathKey] = {}
    for record_id, _, where in catalog._records():
        file, *path = where
        if record_id in seen:
            first_file, *first_path = seen[record_id]
            earlier = problems.positioned(str(first_file))
            line = earlier.position_of((*first_path, "id")).line if earlier else 1
            problems.add(
                str(file),
                (*path, "id"),
                f"duplicate id {record_id!r} (first at {problems.names[str(first_file)]}:{line})",
            )
        else:
            seen[record_id] = where

    contact_ids = {c.id for c in catalog.contacts}
    scheme_ids = {s.id for s in catalog.schemes}
    plan_ids = {p.id for p in catalog.plans}

    def check(ids: Iterable[str], known: set[str], kind: str, file: str, path: PathKey) -> None:
        for index, ref in enumerate(ids):
            if ref not in known:
                hint = ", ".join(sorted(known)[:5]) or "none defined"
                problems.add(file, (*path, index), f"unknown {kind} {ref!r} (known: {hint})")

    for i, s in enumerate(catalog.schemes):
        check(s.contacts, contact_ids, "contact", "schemes.yaml", ("schemes", i, "contacts"))
    for i, d in enumerate(catalog.deadlines):
        if d.scheme is not None and d.scheme not in scheme_ids:
            problems.add("schemes.yaml", ("deadlines", i, "scheme"), f"unknown scheme {d.scheme!r}")
        check(d.contacts, contact_ids, "contact", "schemes.yaml", ("deadlines", i, "contacts"))
    for i, p in enumerate(catalog.plans):
        check(p.related, plan_ids, "plan", "plans.yaml", ("plans", i, "related"))
    for i, n in enumerate(catalog.networks):
        check(n.contacts, contact_ids, "contact", "plans.yaml", ("networks", i, "contacts"))
        if n.fee is not None:
            for index, message in fee_table_problems(n.fee.brackets):
                problems.add(
                    "plans.yaml", ("networks", i, "fee", "brackets", index), f"fee table: {message}"
                )
