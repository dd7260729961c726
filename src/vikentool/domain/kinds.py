"""The kinds of dated item, defined once: their ids, the words people see, the timeline groups.

``ItemKind`` is the single list; everything else is looked up in it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, get_args

from vikentool.i18n import N_, _

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
    """English keys of the catalogs; ``label`` and ``heading`` give the interface's words."""

    label: str  # the short word in a table's Kind column
    heading: str  # the timeline's group heading


WORDS: dict[ItemKind, KindWords] = {
    "application_deadline": KindWords(N_("application deadline"), N_("Application deadlines")),
    "hearing_deadline": KindWords(N_("hearing deadline"), N_("Hearing and input deadlines")),
    "hearing_reply": KindWords(N_("hearing reply sent"), N_("Hearing replies sent")),
    "announcement": KindWords(N_("announcement"), N_("Calls announced")),
    "milestone": KindWords(N_("milestone"), N_("Milestones and periods")),
    "session": KindWords(N_("session"), N_("Sessions")),
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
    """The kind's short name in the interface language."""
    return _(WORDS[kind].label)  # type: ignore[index]


def heading(kind: str) -> str:
    """The kind's group heading in the interface language."""
    return _(WORDS[kind].heading)  # type: ignore[index]
