"""Tables at any width from 40 columns: every line fits, no word is split and no date is
broken across lines; below the width a table needs, each row becomes a block."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Invoke
from vikentool.domain.catalog import Catalog

AS_OF = "2021-02-26"
SCREENS = [
    ("deadlines", "--kind", "all", "--include-undated", "--lead", "3", "--as-of", AS_OF),
    ("schemes", "--as-of", "2021-07-01"),
    ("plans", "--as-of", AS_OF),
    ("sessions",),
    ("show", "bio"),
    ("show", "rff"),
    ("show", "felles-planprogram"),
    ("fee", "--table"),
    ("fee", "--population", "6200"),
]
WIDTHS = (40, 47, 60, 80, 100, 200)
MONTHS = (
    "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des"
)
# A day number at the end of a line and its month at the start of the next: a split date.
SPLIT_DATE = re.compile(rf"\b\d{{1,2}}\.[-–]?\s*\n\s*(?:«)?(?:{MONTHS})\b", re.IGNORECASE)


def words(text: str) -> set[str]:
    """The words of a screen, without the punctuation a layout adds around them."""
    return {w.strip(":·,") for w in text.split()} - {""}


def run(viken: Invoke, args: tuple[str, ...], width: int) -> str:
    result = viken(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result
    return result.stdout


@pytest.mark.parametrize("args", SCREENS, ids=lambda a: " ".join(a[:2]))
def test_no_word_or_date_is_split_at_any_width(viken: Invoke, args: tuple[str, ...]) -> None:
    for language in ("nb", "en"):
        localised = ("--lang", language, *args)
        whole = words(run(viken, localised, 400))
        for width in WIDTHS:
            check_screen(run(viken, localised, width), whole, width)


# A grouped number split across lines ("kr 700" / "000").
SPLIT_NUMBER = re.compile(r"(?<![\d:.])\b\d{1,3}\n\s*\d{3}\b")


def check_screen(text: str, whole: set[str], width: int) -> None:
    too_long = [line for line in text.splitlines() if len(line) > width and " " in line.strip()]
    assert not too_long, (width, too_long)
    assert not SPLIT_DATE.search(text), (width, SPLIT_DATE.search(text))
    assert not SPLIT_NUMBER.search(text), (width, SPLIT_NUMBER.search(text))
    pieces = words(text) - whole
    assert not pieces, f"at {width} columns, words split into {sorted(pieces)}:\n{text}"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_record_at_awkward_widths(viken: Invoke, catalog: Catalog, language: str) -> None:
    # Widths where a list item's hanging indent or a long id used to cut a word.
    widths = (40, 49, 55, 61) if language == "nb" else (43, 58)
    for record_id in sorted(catalog.ids()):
        args = ("--lang", language, "show", record_id)
        whole = words(run(viken, args, 400))
        for width in widths:
            check_screen(run(viken, args, width), whole, width)


def test_a_narrow_terminal_gets_blocks_not_columns(viken: Invoke) -> None:
    narrow = run(viken, ("deadlines", "--before", "2021-04-12", "--as-of", AS_OF), 40)
    assert narrow.splitlines()[:2] == [
        "1. februar 2021 · passert · søknadsfrist",
        "  Søknadsfrist: Reiselivsordningen",
    ]
    wide = run(viken, ("deadlines", "--before", "2021-04-12", "--as-of", AS_OF), 80)
    assert wide.split()[:4] == ["Når", "Igjen", "Hva", "Type"]
