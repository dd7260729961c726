"""Data files' bytes -> a validated ``Catalog``, or every problem at once.

Each problem is reported as ``FILE:LINE:COL: path: message``. Pydantic checks each file's
shape; the checks across files (unique ids, references, the fee table) are here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vikentool.domain.catalog import Catalog
from vikentool.domain.dates import change_between, successors
from vikentool.errors import DataError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from vikentool.domain.records import Change, Municipality, Source
    from vikentool.model.schema import FeeBracket, Model
    from vikentool.model.yamlsafe import ParsedYaml, Position

PathKey = tuple[str | int, ...]


def _format_path(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            # A key is the file's text: one a terminal would act on is shown as Python
            # writes it, quoted and escaped.
            key = part if part.isprintable() else repr(part)
            text += ("." if text else "") + key
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
        """The file read again with positions; ``None`` if there are no bytes behind it (a
        catalog from the cache) or they do not parse."""
        if file not in self.raw:
            return None
        if file not in self._positioned:
            from vikentool.model.yamlsafe import YamlReadError, parse_bytes

            try:
                self._positioned[file] = parse_bytes(self.raw[file], positions=True)
            except YamlReadError:
                self._positioned[file] = None
        return self._positioned[file]

    def add(self, file: str, path: PathKey, message: str, at: Position | None = None) -> None:
        if at is None:
            parsed = self.positioned(file)
            at = parsed.position_of(path) if parsed else None
        where = f"{at.line}:{at.column}" if at else "1:1"
        self.lines.append(f"{self.names.get(file, file)}:{where}: {_format_path(path)}: {message}")


def _pydantic_message(error: dict[str, Any]) -> tuple[PathKey, str]:
    from vikentool.model.schema import pattern_message

    loc: PathKey = tuple(error["loc"])
    kind = error["type"]
    message: str = error["msg"]
    if kind == "extra_forbidden":
        message = f"unknown field {loc[-1]!r}"
    elif kind == "missing":
        message = f"missing required field {loc[-1]!r}"
    elif kind in ("value_error", "assertion_error"):
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    elif kind == "string_pattern_mismatch" and (
        ours := pattern_message(error["ctx"]["pattern"], error["input"])
    ):
        message = ours
    elif kind == "string_too_long":
        message = f"{message} (got {len(error['input'])})"
    elif "input" in error and not isinstance(error["input"], dict | list):
        shown = repr(error["input"])
        message = f"{message} (got {shown if len(shown) <= 80 else shown[:76] + '...'})"
    return loc, message


def validate_contents(location: Path | Traversable, contents: dict[str, bytes]) -> Catalog:
    """Parse and validate the files' bytes (as ``read_files`` returns them) into a Catalog."""
    from pydantic import ValidationError

    from vikentool.model.schema import FILE_MODELS
    from vikentool.model.yamlsafe import YamlReadError, parse_bytes

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
    catalog = _to_domain(str(location), models)
    _check_references(catalog, problems)
    if problems.lines:
        raise DataError(problems.lines)
    return catalog


def _to_domain(location: str, models: dict[str, Model]) -> Catalog:
    """The validated files as the runtime catalog, with each exact day's holiday warning."""
    from vikentool.domain.catalog import catalog_from_data
    from vikentool.domain.workdays import day_warning

    values: dict[str, Any] = {"location": location}
    for model in models.values():
        values.update(model.model_dump(mode="python", by_alias=True, exclude_none=True))
    catalog = catalog_from_data(values)
    days = {
        spec.ranges[0][0]
        for _, record, _ in catalog.records()
        if (spec := getattr(record, "date", None)) is not None and spec.is_exact_day
    }
    warnings = {day: w for day in sorted(days) if (w := day_warning(day)) is not None}
    # Set before anything reads the items, which take their warnings from it.
    catalog.holiday_warnings = warnings
    return catalog


def fee_table_problems(brackets: list[FeeBracket] | tuple[Any, ...]) -> list[tuple[int, str]]:
    """Gaps, overlaps and a misplaced open top, as (bracket index, message) pairs.

    Empty when every population from 1 upwards falls in exactly one bracket.
    """
    problems: list[tuple[int, str]] = []
    expected: int | None = 1
    for index, bracket in enumerate(brackets):
        if bracket.max is not None and bracket.max < bracket.min:
            problems.append((index, f"ends at {bracket.max} before it starts at {bracket.min}"))
        if expected is None:
            problems.append((index, "comes after the open-ended top bracket"))
            break
        if bracket.min > expected:
            problems.append((index, f"gap: no bracket covers {expected}-{bracket.min - 1}"))
        elif bracket.min < expected:
            problems.append(
                (
                    index,
                    f"overlap: starts at {bracket.min}, but {bracket.min}-{expected - 1} "
                    "is already covered",
                )
            )
        expected = None if bracket.max is None else bracket.max + 1
    if expected is not None:
        problems.append(
            (
                len(brackets) - 1,
                f"no bracket covers {expected} and more (leave out 'max' of the last)",
            )
        )
    return problems


def reference_problems(catalog: Catalog) -> list[str]:
    """The checks across records (ids, references, fee tables), for a catalog with no files
    behind it (read from the cache): the lines carry no positions."""
    problems = _Problems()
    _check_references(catalog, problems)
    return problems.lines


def _check_references(catalog: Catalog, problems: _Problems) -> None:
    seen: dict[str, PathKey] = {}
    for record_id, _, where in catalog.records():
        file, *path = where
        if record_id in seen:
            first_file, *first_path = seen[record_id]
            earlier = problems.positioned(str(first_file))
            line = earlier.position_of((*first_path, "id")).line if earlier else 1
            problems.add(
                str(file),
                (*path, "id"),
                f"duplicate id {record_id!r} "
                f"(first at {problems.names.get(str(first_file), first_file)}:{line})",
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
        for j, link in enumerate(s.possibly_same_as):
            if link.scheme not in scheme_ids or link.scheme == s.id:
                problems.add(
                    "schemes.yaml",
                    ("schemes", i, "possibly_same_as", j, "scheme"),
                    f"unknown scheme {link.scheme!r}" if link.scheme != s.id else "itself",
                )
    for i, d in enumerate(catalog.deadlines):
        if d.scheme is not None and d.scheme not in scheme_ids:
            problems.add("schemes.yaml", ("deadlines", i, "scheme"), f"unknown scheme {d.scheme!r}")
        check(d.contacts, contact_ids, "contact", "schemes.yaml", ("deadlines", i, "contacts"))
    for i, p in enumerate(catalog.plans):
        check(p.related, plan_ids, "plan", "plans.yaml", ("plans", i, "related"))
    _check_sources_and_history(catalog, problems)
    _check_register(catalog, problems)
    for i, n in enumerate(catalog.networks):
        check(n.contacts, contact_ids, "contact", "plans.yaml", ("networks", i, "contacts"))
        if n.fee is not None:
            for index, message in fee_table_problems(n.fee.brackets):
                problems.add(
                    "plans.yaml", ("networks", i, "fee", "brackets", index), f"fee table: {message}"
                )


def _check_sources_and_history(catalog: Catalog, problems: _Problems) -> None:
    """Every source names a known document (when the data has documents), and every date's
    history is in order: oldest change first, each a change, with a current date after it."""
    documents = {d.id: d for d in catalog.documents}  # none: sources are names, not checked
    by_file = {d.file: d.id for d in catalog.documents if d.file}

    def check_source(source: Source | None, file: str, path: PathKey) -> None:
        if source is None or not documents or source.document in documents:
            return
        hint = by_file.get(source.document)
        if hint is not None:
            message = f"unknown document {source.document!r}: name it by its id, {hint!r}"
        else:
            known = ", ".join(sorted(documents)[:5])
            message = f"unknown document {source.document!r} (known: {known})"
        problems.add(file, (*path, "source", "document"), message)

    for _, record, where in catalog.records():
        file, *rest = where
        path = tuple(rest)
        check_source(getattr(record, "source", None), str(file), path)
        history: tuple[Change, ...] = getattr(record, "history", ())
        if not history:
            continue
        current = getattr(record, "date", None)
        if current is None:
            problems.add(str(file), (*path, "history"), "a history needs a current 'date'")
            continue
        dates = successors([change.date for change in history], current)
        previous_day = ""
        for j, (change, (before, after)) in enumerate(zip(history, dates, strict=True)):
            entry = (*path, "history", j)
            check_source(change.source, str(file), entry)
            if change.changed_on < previous_day:
                problems.add(
                    str(file),
                    (*entry, "changed_on"),
                    f"changed {change.changed_on}, before the change above it "
                    f"({previous_day}): oldest change first",
                )
            previous_day = max(previous_day, change.changed_on)
            if change_between(before, after) is None:
                problems.add(
                    str(file), (*entry, "date"), "the same date as the value that replaced it"
                )


def _check_register(catalog: Catalog, problems: _Problems) -> None:
    """municipalities.yaml across its entries: each number once in any period, known
    counties, and counts that name a municipality valid on their date and add up to the
    source's county totals."""
    file = "municipalities.yaml"
    counties = {c.number: c for c in catalog.counties}
    for i, c in enumerate(catalog.counties):
        if c.valid_to is not None and c.valid_to < c.valid_from:
            problems.add(file, ("counties", i, "valid_to"), f"before valid_from {c.valid_from}")
    for i, m in enumerate(catalog.municipalities):
        where = ("municipalities", i)
        if m.valid_to is not None and m.valid_to < m.valid_from:
            problems.add(file, (*where, "valid_to"), f"before valid_from {m.valid_from}")
        if m.county not in counties:
            known = ", ".join(sorted(counties)) or "none defined"
            problems.add(file, (*where, "county"), f"unknown county {m.county!r} (known: {known})")
        for j, other in enumerate(catalog.municipalities[:i]):
            if other.number == m.number and _overlap(other, m):
                problems.add(
                    file,
                    (*where, "number"),
                    f"{m.number} is already {other.name!r} in an overlapping period "
                    f"(municipalities[{j}]); give each its own valid_from and valid_to",
                )
    dates = set()
    for i, population in enumerate(catalog.populations):
        where = ("populations", i)
        if population.date in dates:
            problems.add(file, (*where, "date"), f"a second count for {population.date}")
        dates.add(population.date)
        valid = {m.number: m for m in catalog.municipalities if m.valid_on(population.date)}
        for number in population.counts:
            if number not in valid:
                problems.add(
                    file,
                    (*where, "counts", number),
                    f"no municipality {number} was valid on {population.date}",
                )
        # A count stands for the whole register on its date: the newest one is the one used.
        uncounted = [
            f"{m.number} {m.name}" for m in valid.values() if m.number not in population.counts
        ]
        if uncounted:
            problems.add(
                file,
                (*where, "counts"),
                f"no count for {', '.join(uncounted)}, valid on {population.date}: a count "
                "covers every municipality valid on its date",
            )
        for county, total in population.county_totals.items():
            if county not in counties:
                problems.add(file, (*where, "county_totals", county), f"unknown county {county!r}")
                continue
            members = [m for m in valid.values() if m.county == county]
            summed = sum(population.counts.get(m.number, 0) for m in members)
            if summed != total:
                problems.add(
                    file,
                    (*where, "county_totals", county),
                    f"the source's total is {total}, but the counts of its "
                    f"{len(members)} municipalities add up to {summed}",
                )


def _overlap(a: Municipality, b: Municipality) -> bool:
    return (a.valid_to is None or b.valid_from <= a.valid_to) and (
        b.valid_to is None or a.valid_from <= b.valid_to
    )
