"""The kinds of dated item, defined once: their ids, the words people see, the timeline groups.

``ItemKind`` is the single list; everything else is looked up in it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, get_args

ItemKind = Literal[
    "application_deadline",
    "hearing_deadline",
    "hearing_reply",
    "announcement",
    "milestone",
    "session",
]

ALL_KINDS: tuple[ItemKind, ...] = get_args(ItemKind)
DEADLINE_KINDS: tuple[ItemKind, ...] = ("application_deadline", "hearing_deadline")


class KindWords(NamedTuple):
    label: str  # the short word in a table's Kind column
    heading: str  # the timeline's group heading


WORDS: dict[ItemKind, KindWords] = {
    "application_deadline": KindWords("application", "Søknadsfrister"),
    "hearing_deadline": KindWords("hearing", "Høringsfrister og innspill"),
    "hearing_reply": KindWords("reply sent", "Høringssvar sendt"),
    "announcement": KindWords("announcement", "Utlysninger"),
    "milestone": KindWords("milestone", "Milepæler og perioder"),
    "session": KindWords("session", "Samlinger"),
}
if tuple(WORDS) != ALL_KINDS:  # pragma: no cover - a programming error caught at import
    raise AssertionError("WORDS must name every ItemKind, in ItemKind's order")

# Other words a user may type for a kind on the command line.
ALIASES: dict[str, ItemKind] = {
    "application": "application_deadline",
    "hearing": "hearing_deadline",
    "reply": "hearing_reply",
    "announcements": "announcement",
    "milestones": "milestone",
    "sessions": "session",
}


def label(kind: str) -> str:
    return WORDS[kind].label  # type: ignore[index]
