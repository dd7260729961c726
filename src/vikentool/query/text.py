"""Finding text the way Norwegians type it: case, æøå and accents folded."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form: ``Næring``, ``naering`` and ``naring`` all meet.

    æ folds to ``ae``; a query is also tried with ``ae`` read as ``a`` (see ``text_matches``).
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def text_matches(query: str, *fields: str | None) -> bool:
    needle = fold(query)
    haystacks = [fold(f) for f in fields if f]
    loose_haystacks = [h.replace("ae", "a") for h in haystacks]
    loose_needle = needle.replace("ae", "a")
    return any(needle in h for h in haystacks) or any(loose_needle in h for h in loose_haystacks)


def suggest(unknown: str, known: Iterable[str]) -> str:
    """``; did you mean X, Y?`` for the closest known names, or nothing."""
    import difflib

    close = difflib.get_close_matches(unknown, list(known), n=3, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else ""
