"""The interface's catalogs: complete in every language, in step with the code, compiled.

``scripts/catalogs.py`` extracts the messages the code marks and updates the catalogs; here
the same extraction is compared with what is committed, so a message added to the code
without a translation in nb, nn and en fails, as does a stale compiled catalog.
"""

from __future__ import annotations

import gettext
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("nb", "nn", "en")


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogs"] = module
    spec.loader.exec_module(module)
    return module


catalogs = _load_script()
TEMPLATE = catalogs.template()


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_matches_the_code_and_is_complete(language: str) -> None:
    catalog = catalogs.updated(language, TEMPLATE)
    catalogs._stable_header(catalog)
    path = catalogs.po_path(language)
    assert catalogs.untranslated(catalog) == []
    assert path.read_bytes() == catalogs.po_bytes(catalog), (
        f"{path.name} ({language}) is stale: run python scripts/catalogs.py"
    )
    assert path.with_suffix(".mo").read_bytes() == catalogs.mo_bytes(catalog)


@pytest.mark.parametrize("language", ("nb", "nn"))
def test_translations_keep_every_placeholder(language: str) -> None:
    # {placeholders}, and the metavars and variables a help text refers to (DATE, $COLUMNS):
    # "On or before DATE" must not become "På eller før DATO" beside "--before DATE".
    placeholder = re.compile(r"\{[^{}]*\}|\$?\b(?:DIR|[A-Z][A-Z_]{3,})\b")
    for message in catalogs.read(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(placeholder.findall(ids[-1]))
        for string in strings:
            assert sorted(placeholder.findall(string)) == wanted, (message.id, string)


def test_month_and_weekday_names_are_babels() -> None:
    from babel.dates import get_day_names, get_month_names

    for language, locale in catalogs.CLDR_LOCALE.items():
        translations = gettext.translation(
            "vikentool", localedir=ROOT / "src" / "vikentool" / "locale", languages=[language]
        )
        months = get_month_names("wide", locale=locale)
        for number, english in enumerate(catalogs.MONTHS, start=1):
            assert translations.pgettext("month", english) == months[number]
        days = get_day_names("wide", locale=locale)
        assert translations.pgettext("weekday", "Monday") == days[0]


def test_every_language_is_shipped() -> None:
    from vikentool.i18n import LANGUAGES as SHIPPED
    from vikentool.i18n import LOCALE_DIR

    assert SHIPPED == LANGUAGES
    for language in LANGUAGES:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "vikentool.mo").is_file()
