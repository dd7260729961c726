"""The municipality register: a municipality found as people name it, with its population.

The population used is the newest count in the data; a municipality is listed when its
number was valid on that count's date and the count has it.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

from vikentool.domain.catalog import Catalog
from vikentool.domain.records import Municipality, Population
from vikentool.errors import NotFoundError, UsageError
from vikentool.i18n import _
from vikentool.query.text import close_names, did_you_mean, fold, text_matches


class Counted(NamedTuple):
    """A municipality and its inhabitants in one count."""

    municipality: Municipality
    population: int
    census: Population

    @property
    def number(self) -> str:
        return self.municipality.number

    @property
    def name(self) -> str:
        return self.municipality.name


class Found(NamedTuple):
    """What a typed name found, and whether it took a name qualified by its county
    ("Våler" found "Våler (Østfold)"), which the user is told of."""

    counted: Counted
    qualified: bool


def newest_count(catalog: Catalog) -> Population | None:
    return max(catalog.populations, key=lambda p: p.date, default=None)


def register(catalog: Catalog) -> list[Counted]:
    """Every municipality in the newest count, in number order; empty without a register."""
    count = newest_count(catalog)
    if count is None:
        return []
    found = [
        Counted(m, count.counts[m.number], count)
        for m in catalog.municipalities
        if m.valid_on(count.date) and m.number in count.counts
    ]
    return sorted(found, key=lambda c: c.number)


def require_register(catalog: Catalog) -> list[Counted]:
    entries = register(catalog)
    if not entries:
        raise NotFoundError(
            _("{location} has no municipality register: municipalities.yaml with a count").format(
                location=catalog.location
            )
        )
    return entries


_NUMBER = re.compile(r"^(?:K-)?([0-9]{4})$", re.IGNORECASE)
# How much of a long name an error message repeats.
_SHOWN = 60
_QUALIFIER = re.compile(r"\s*\([^)]*\)$")


@functools.lru_cache(maxsize=4096)
def name_key(text: str) -> str:
    """A name as it is compared: folded, ``aa`` and ``ae`` read as ``a`` (``Aas`` is ``Ås``,
    ``Baerum`` is ``Bærum``), hyphens as spaces."""
    folded = fold(text).replace("aa", "a").replace("ae", "a").replace("-", " ")
    return " ".join(folded.split())


def unqualified(name: str) -> str:
    """A name without its county in brackets: ``Våler`` of ``Våler (Østfold)``."""
    return _QUALIFIER.sub("", name)


def names_it(typed: str, entry: Counted) -> bool:
    """Whether ``typed`` is this municipality's name, as ``find_municipality`` compares."""
    return name_key(typed) in (name_key(entry.name), name_key(unqualified(entry.name)))


def find_municipality(typed: str, entries: list[Counted], scope: str = "") -> Found:
    """The municipality ``typed`` names: its number (``3038``, ``K-3038``), its name in any
    case with or without æøå (``hole``, ``Baerum``), or its name without the county in
    brackets when only one has it (``Våler``). Not found, or more than one: an error that
    names the candidates; ``scope`` says which municipalities the register holds."""
    import unicodedata

    text = unicodedata.normalize("NFKC", typed).strip()  # "３０３８" is 3038
    if not text:
        raise UsageError(_("give a municipality's name or kommunenummer"))
    shown = text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
    by_number = _NUMBER.match(text)
    if by_number:
        number = by_number.group(1)
        for entry in entries:
            if entry.number == number:
                return Found(entry, qualified=False)
        numbers = [e.number for e in entries]
        raise NotFoundError(
            _("no municipality numbered {number} in the register{scope} ({first}-{last})").format(
                number=number, scope=scope, first=min(numbers), last=max(numbers)
            )
        )
    key = name_key(text)
    exact = [e for e in entries if name_key(e.name) == key]
    if len(exact) == 1:
        return Found(exact[0], qualified=False)
    loose = exact or [e for e in entries if name_key(unqualified(e.name)) == key]
    if len(loose) == 1:
        return Found(loose[0], qualified=True)
    if loose:
        raise UsageError(
            _("{typed} names more than one municipality: {names}; give the number").format(
                typed=repr(shown), names=", ".join(f"{e.name} ({e.number})" for e in loose)
            )
        )
    raise NotFoundError(
        _("no municipality {typed} in the register{scope}").format(typed=repr(shown), scope=scope)
        + _suggest_names(key, [e.name for e in entries])
    )


def _suggest_names(key: str, names: list[str]) -> str:
    """``did you mean`` over the compared forms of the names, answering with the names."""
    by_key = {name_key(n): n for n in names}
    return did_you_mean([by_key[k] for k in close_names(key, list(by_key))])


def matching(entries: list[Counted], search: str | None) -> list[Counted]:
    """``--search``: the name or the number contains the text, compared as ``--kommune``
    compares (case and æøå folded, ``aa`` for å, ``K-3038`` for 3038)."""
    if search is None:
        return entries
    import unicodedata

    text = unicodedata.normalize("NFKC", search).strip()
    number = _NUMBER.match(text)
    key = name_key(text)
    return [
        e
        for e in entries
        if (number and e.number == number.group(1))
        or text_matches(text, e.name, e.number)
        or key in name_key(e.name)
    ]


def source_text(count: Population) -> str:
    """``Statistisk sentralbyrå (SSB), tabell 07459, Norsk lisens ... (NLOD) 2.0``: how the
    figures are cited, in the source's own language whatever the interface's (JSON has it)."""
    source = count.source
    return f"{source.publisher}, tabell {source.table}, {source.licence}"


def register_scope(catalog: Catalog, entries: list[Counted]) -> str:
    """Which municipalities the register holds, for a not-found message."""
    held = {e.municipality.county for e in entries}
    names = [c.name for c in catalog.counties if c.number in held]
    if not names:
        return ""
    return _(", which holds the municipalities of {counties}").format(counties=", ".join(names))


def county_name(catalog: Catalog, number: str) -> str | None:
    return next((c.name for c in catalog.counties if c.number == number), None)


def population_fields(entry: Counted) -> dict[str, Any]:
    """The register's part of a row: where the figure is from, beside the figure."""
    return {
        "number": entry.number,
        "population_date": entry.census.date,
        "population_source": source_text(entry.census),
    }
