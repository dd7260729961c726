"""The interface language: chosen by --lang, VIKEN_LANG or the locale; every word the tool
prints in it; machine output the same in all three."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from tests.conftest import Invoke
from vikentool.cli import app
from vikentool.i18n import language_from_environment

AS_OF = "2021-02-26"
VIKEN = Path(sys.executable).with_name("viken")


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nn"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO"}, "nb"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "nb"),
        ({"LANG": "C"}, "nb"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "nn_NO.UTF-8"}, "nn"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "nn:en"}, "nn"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:sv"}, "en"),
        ({"LANG": "nn_NO.UTF-8", "VIKEN_LANG": "en"}, "en"),
        ({"VIKEN_LANG": "nn_NO"}, "nn"),
        # GNU gettext ignores LANGUAGE under the C locale, whatever its encoding.
        ({"LC_ALL": "C", "LANGUAGE": "en"}, "nb"),
        ({"LANG": "C.UTF-8", "LANGUAGE": "nn"}, "nb"),
        ({"LANGUAGE": "nn"}, "nn"),
    ],
)
def test_language_from_the_environment(environment: dict[str, str], language: str) -> None:
    assert language_from_environment(environment) == language


def installed_viken(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "VIKEN_"))}
    keep["XDG_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"]
    return subprocess.run(
        [str(VIKEN), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**keep, **variables},
        check=False,
    )


def test_the_locale_chooses_nynorsk() -> None:
    result = installed_viken("deadlines", "--before", "2021-04-12", "--as-of", AS_OF,
                             LANG="nn_NO.UTF-8")  # fmt: skip
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0].split()
    assert header == ["Når", "Att", "Kva", "Type"]
    assert "3 dagar" in result.stdout and "høyringsfrist" in result.stdout


def test_lang_goes_before_or_after_the_command(viken: Invoke) -> None:
    for args in (
        ("--lang", "en", "deadlines", "--as-of", AS_OF),
        ("deadlines", "--as-of", AS_OF, "--lang", "en"),
        ("deadlines", "--lang=en", "--as-of", AS_OF),
    ):
        result = viken(*args)
        assert result.exit_code == 0
        assert result.stdout.split()[:4] == ["When", "Left", "What", "Kind"], args
    norwegian = viken("deadlines", "--as-of", AS_OF).stdout.split()[:4]
    assert norwegian == ["Når", "Igjen", "Hva", "Type"]


def test_a_language_we_do_not_have_is_a_usage_error(viken: Invoke) -> None:
    result = viken("--lang", "de", "deadlines")
    assert result.exit_code == 2
    assert result.stderr == "viken: feil: --lang: 'de' er ikke en av nb, nn, en\n"
    result = viken("deadlines", env={"VIKEN_LANG": "sv"})
    assert result.exit_code == 2 and result.stderr.startswith("viken: feil: VIKEN_LANG: 'sv'")


LISTINGS = [
    ("deadlines", "--kind", "all", "--include-undated", "--as-of", AS_OF),
    ("deadlines", "--lead", "5", "--as-of", AS_OF),
    ("schemes", "--as-of", AS_OF),
    ("plans", "--as-of", AS_OF),
    ("sessions",),
    ("show", "rff"),
    ("fee", "--table"),
    ("fee", "--population", "6200"),
]


@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_output_is_the_same_in_every_language(
    viken: Invoke, args: tuple[str, ...], fmt: str
) -> None:
    outputs = {lang: viken("--lang", lang, *args, "--format", fmt) for lang in ("nb", "nn", "en")}
    assert all(r.exit_code == 0 for r in outputs.values())
    assert outputs["nb"].stdout_bytes == outputs["nn"].stdout_bytes == outputs["en"].stdout_bytes


def _english_only_words() -> set[str]:
    """Words of the English messages that no Norwegian translation and no data file uses:
    if one of them shows in bokmål or nynorsk output, a message was not translated."""
    from babel.messages.pofile import read_po

    locale = Path(__file__).resolve().parent.parent / "src" / "vikentool" / "locale"
    data = Path(__file__).resolve().parent.parent / "src" / "vikentool" / "data"
    word = re.compile(r"[A-Za-z][a-z]{3,}")
    english: set[str] = set()
    norwegian: set[str] = set()
    for language in ("nb", "nn"):
        with (locale / language / "LC_MESSAGES" / "vikentool.po").open("rb") as handle:
            for message in read_po(handle):
                if not message.id:
                    continue
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for text in ids:
                    english |= {w.lower() for w in word.findall(_without_code(text))}
                for text in strings:
                    norwegian |= {w.lower() for w in word.findall(text)}
    for path in data.rglob("*.yaml"):
        norwegian |= {w.lower() for w in word.findall(path.read_text(encoding="utf-8"))}
    return english - norwegian


def _without_code(text: str) -> str:
    """Text without what is not a word of a language: options, variables, placeholders,
    metavars, quoted values and commands."""
    return re.sub(r"--?[\w-]+|\{[^}]*\}|\$\w+|\b[A-Z_]{2,}\b|'[^']*'|`[^`]*`", "", text)


ENGLISH_ONLY = _english_only_words()

# Every command the app has, so that a new one is checked as soon as it exists.
COMMAND_NAMES = tuple(sorted(typer.main.get_command(app).commands))
COMMANDS = r"\b(?:" + "|".join(COMMAND_NAMES) + r")\b"
SCREENS = [
    *(args for args in LISTINGS),
    ("deadlines", "--before", "2021-04-12", "--after", "2021-05-01"),
    ("deadlines", "--on", "1900-01-01"),
    ("schemes", "--search", "nothing-like-this"),
    ("timeline", "--as-of", AS_OF, "--width", "100"),
    ("export-ics", "--upcoming", "--as-of", "2030-01-01"),
    ("export-ics", "--lead", "5", "--scheme", "naering-og-innovasjon-i-viken"),
    ("changes", "--as-of", AS_OF),
    ("validate",),
    ("--help",),
    *((command, "--help") for command in COMMAND_NAMES),
    ("deadlines", "--format", "yaml"),
    ("deadlines", "--bogus"),
    ("deadlines", "--before"),
    ("deadlines", "--upcoming=yes"),
    ("show",),
    ("show", "no-such-record"),
    ("nosuch",),
    ("fee",),
    ("fee", "--population", "6", "200"),
    ("fee", "--population", "abc"),
    ("fee", "--population", "2000000"),
    ("fee", "--from-csv", "no-such-file.csv"),
    ("deadlines", "--before", "31.02.2021"),
    ("deadlines", "--within", "soon"),
    ("deadlines", "--kind", "holiday"),
    ("deadlines", "--lead", "-1"),
    ("export-ics", "--alarm", "later"),
    ("deadlines", "--excel"),
]


@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("args", SCREENS, ids=lambda a: " ".join(a))
def test_every_word_the_tool_prints_is_translated(
    viken: Invoke, language: str, args: tuple[str, ...]
) -> None:
    result = viken("--lang", language, *args)
    assert "Traceback" not in result.stderr
    # Options, metavars, commands, quoted values, paths and snake_case enum values (a
    # calendar's CATEGORIES, like JSON's) are not words of a language (the folder a clone
    # lives in may be called anything).
    text = re.sub(
        COMMANDS + r"|\S*/\S*|--?[\w-]+|`[^`]*`|'[^']*'|\b[A-Z_]{2,}\b|\b[a-z]+(?:_[a-z]+)+\b",
        "",
        result.stdout + result.stderr,
    )
    found = {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH_ONLY}
    assert not found, f"untranslated in {language}: {sorted(found)}\n{result.stderr}"


def test_english_output_is_english(viken: Invoke) -> None:
    text = " ".join(
        viken("--lang", "en", "deadlines", "--kind", "all", "--as-of", AS_OF).stdout.split()
    )
    assert "passed" in text and "milestone" in text and "days" in text
    assert "? June or" in text and "September 2021" in text
