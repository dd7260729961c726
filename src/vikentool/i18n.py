"""The interface language: bokmål (the default), nynorsk or English, from gettext catalogs.

Messages are written in English in the code and looked up in the compiled catalogs under
``vikentool/locale`` (the ``.po`` sources sit beside them; ``scripts/catalogs.py`` extracts,
updates and compiles them with Babel). Month and weekday names and the long date pattern are
in the catalogs too, taken from Babel's CLDR data when the catalogs are updated, so that no
command pays for importing Babel.

Only words the tool itself prints are translated. Machine output (JSON keys, CSV headers,
enum values) and the data's own wording never are.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
DOMAIN = "vikentool"
LOCALE_DIR = Path(__file__).parent / "locale"

# What a locale name's language part means here: "no" is the old code for Norwegian,
# which the default written form, bokmål, answers.
_LOCALE_LANGUAGES = {"nb": "nb", "no": "nb", "nn": "nn", "en": "en"}

_language: str | None = None
_catalog: _gettext.NullTranslations | None = None


def language_of_locale(name: str) -> str | None:
    """``nn_NO.UTF-8`` -> ``nn``; ``no``/``nb_NO`` -> ``nb``; ``en_GB`` -> ``en``; others None."""
    base = name.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return _LOCALE_LANGUAGES.get(base)


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``VIKEN_LANG`` if set (it must name nb, nn or en), then the locale the way gettext
    reads it: ``LANGUAGE`` (a list), then the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
    that is set. A locale in another language, or none, gives bokmål."""
    env = os.environ if environ is None else environ
    chosen = env.get("VIKEN_LANG", "").strip()
    if chosen:
        return language_of_locale(chosen) or chosen
    locale_name = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")
    # GNU gettext ignores LANGUAGE under the C locale (C, POSIX, C.UTF-8); so do we.
    if locale_name.split(".")[0] not in ("C", "POSIX"):
        for name in env.get("LANGUAGE", "").split(":"):
            if name and (found := language_of_locale(name)):
                return found
    return language_of_locale(locale_name) or DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Use ``language`` (one of ``LANGUAGES``) for every message from now on."""
    global _language, _catalog
    if language not in LANGUAGES:
        raise ValueError(language)
    if language != _language:
        _catalog = _gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
        )
        _language = language


def current_language() -> str:
    if _language is None:
        chosen = language_from_environment()
        set_language(chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE)
    assert _language is not None
    return _language


def _active() -> _gettext.NullTranslations:
    if _catalog is None:
        current_language()
    assert _catalog is not None
    return _catalog


def _(message: str) -> str:
    """``message`` in the interface language."""
    return _active().gettext(message)


def in_every_language(message: str) -> tuple[str, ...]:
    """``message`` in each interface language: for input a person may type in any of them."""
    return tuple(
        _gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
        ).gettext(message)
        for language in LANGUAGES
    )


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message that needs a context to translate, such as a month name."""
    return _active().pgettext(context, message)


# The catalogs' keys for the names of months and weekdays; the names themselves come from
# Babel's CLDR data (scripts/catalogs.py), so that no command needs Babel to word a date.
_MONTH_KEYS = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
_WEEKDAY_KEYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def month_name(month: int) -> str:
    """``april`` (``April`` in English): month 1-12 in the interface language."""
    return pgettext("month", _MONTH_KEYS[month - 1])


def month_abbreviation(month: int) -> str:
    """``apr``, ``mai``: for an axis."""
    return pgettext("month abbreviated", _MONTH_KEYS[month - 1][:3])


def weekday_name(day: date | int) -> str:
    """``mandag``: the weekday of a date, or of Monday = 0 ... Sunday = 6."""
    index = day if isinstance(day, int) else day.weekday()
    return pgettext("weekday", _WEEKDAY_KEYS[index])


def N_(message: str) -> str:  # the conventional name extractors look for
    """Marks ``message`` for the catalogs and returns it as is: it is translated later, where
    it is shown (help texts, which Typer reads when the module is imported)."""
    return message
