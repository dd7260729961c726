"""Tables at any width from 40 columns: every line fits, no word is split and no date is
broken across lines; below the width a table needs, each row becomes a block."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Invoke

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
    whole = words(run(viken, args, 400))
    for width in WIDTHS:
        text = run(viken, args, width)
        too_long = [
            line for line in text.splitlines() if len(line) > width and " " in line.strip()
        ]
        assert not too_long, (width, too_long)
        assert not SPLIT_DATE.search(text), (width, SPLIT_DATE.search(text))
        pieces = words(text) - whole
        assert not pieces, f"at {width} columns, words split into {sorted(pieces)}:\n{text}"


def test_a_narrow_terminal_gets_blocks_not_columns(viken: Invoke) -> None:
    narrow = run(viken, ("deadlines", "--before", "2021-04-12", "--as-of", AS_OF), 40)
    assert narrow.splitlines()[:2] == [
        "1. februar 2021 · passert · søknadsfrist",
        "  Søknadsfrist: Reiselivsordningen",
    ]
    wide = run(viken, ("deadlines", "--before", "2021-04-12", "--as-of", AS_OF), 80)
    assert wide.split()[:4] == ["Når", "Igjen", "Hva", "Type"]
