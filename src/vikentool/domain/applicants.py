"""Who may apply for a scheme, defined once: the categories, their words, and what a user may
type for them.

A scheme names its applicants in the document's own words; the category only sorts them so
that ``--for kommune`` can find them. Which municipalities count as distriktskommuner is not
in the documents: such a limit is a condition shown in the words, never a list.
"""

from __future__ import annotations

from typing import Literal, get_args

from vikentool.i18n import N_, _

ApplicantCategory = Literal[
    "business",
    "municipality",
    "region",
    "destination_company",
    "organisation",
    "research",
]

CATEGORIES: tuple[ApplicantCategory, ...] = get_args(ApplicantCategory)

# English keys of the catalogs; ``label`` gives the interface's words.
WORDS: dict[ApplicantCategory, str] = {
    "business": N_("businesses"),
    "municipality": N_("municipalities"),
    "region": N_("regions of municipalities"),
    "destination_company": N_("destination companies"),
    "organisation": N_("organisations"),
    "research": N_("research institutions"),
}
if tuple(WORDS) != CATEGORIES:  # pragma: no cover - a programming error caught at import
    raise AssertionError("WORDS must name every ApplicantCategory, in its order")

# What a user may type for a category (folded: case, æøå and accents do not matter), besides
# the category itself: the words of bokmål, nynorsk and English, singular and plural.
ALIASES: dict[str, ApplicantCategory] = {
    **dict.fromkeys(
        ("bedrift", "bedrifter", "bedriftene", "foretak", "firma", "naeringsliv", "businesses",
         "company", "companies"),
        "business",
    ),
    **dict.fromkeys(
        ("kommune", "kommuner", "kommunar", "kommunene", "kommunane", "distriktskommune",
         "distriktskommuner", "distriktskommunar", "municipalities"),
        "municipality",
    ),
    **dict.fromkeys(
        ("regioner", "regionar", "delregion", "delregioner", "delregionar", "kommuneregion",
         "kommuneregioner", "kommuneregionar", "regionrad", "regions"),
        "region",
    ),
    **dict.fromkeys(
        ("destinasjonsselskap", "destinasjonsselskaper", "destinasjonsselskapa",
         "destination-company", "destination-companies"),
        "destination_company",
    ),
    **dict.fromkeys(
        ("organisasjon", "organisasjoner", "organisasjonar", "lag", "foreninger",
         "organization", "organisations", "organizations"),
        "organisation",
    ),
    **dict.fromkeys(
        ("forskning", "forsking", "forskningsmiljo", "forskningsmiljoer", "forskingsmiljo",
         "universitet", "hogskole", "hoyskole", "research-institutions"),
        "research",
    ),
}  # fmt: skip


def label(category: str) -> str:
    """The category in the interface language: ``kommuner``."""
    return _(WORDS[category])  # type: ignore[index]
