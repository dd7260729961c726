"""Finding text the way Norwegians type it: case, æøå and accents folded."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

from vikentool.i18n import _

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form: ``Næring``, ``naering`` and ``naring`` all meet.

    æ folds to ``ae``; a query is also tried with ``ae`` read as ``a`` (see ``text_matches``).
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    """``text`` as an id's words: folded, each run of other characters one '-' ("Næring og
    innovasjon (24 mill)" is ``naering-og-innovasjon-24-mill``); empty if nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def text_matches(query: str, *fields: str | None) -> bool:
    needle = fold(query)
    haystacks = [fold(f) for f in fields if f]
    loose_haystacks = [h.replace("ae", "a") for h in haystacks]
    loose_needle = needle.replace("ae", "a")
    return any(needle in h for h in haystacks) or any(loose_needle in h for h in loose_haystacks)


def find_id(typed: str, known: Iterable[str]) -> str | None:
    """The id among ``known`` that ``typed`` names: the same id, or the same once case, æøå and
    accents are folded and the space around it dropped (``RFF``, ``Næring-...`` and ``rff``
    all name ``rff``: ids are lower-case a-z, 0-9 and '-'). None if there is none."""
    ids = known if isinstance(known, Collection) else list(known)
    if typed in ids:
        return typed
    wanted = fold(typed.strip())
    return next((i for i in ids if fold(i) == wanted), None)


def suggest(unknown: str, known: Iterable[str]) -> str:
    """``; did you mean X, Y?`` for the closest known names (see ``close_names``), or nothing."""
    close = close_names(fold(unknown.strip()), list(known))
    return did_you_mean(close)


def did_you_mean(names: list[str]) -> str:
    return "; " + _("did you mean {names}?").format(names=", ".join(names)) if names else ""


def close_names(typed: str, names: list[str]) -> list[str]:
    """The names closest to ``typed``: those that begin with it, then those that contain it,
    then those spelt alike; three at most."""
    import difflib

    starting = sorted((n for n in names if typed and n.startswith(typed)), key=len)
    containing = sorted((n for n in names if typed and typed in n), key=len)
    alike = difflib.get_close_matches(typed, names, n=3, cutoff=0.5)
    return list(dict.fromkeys([*starting, *containing, *alike]))[:3]
