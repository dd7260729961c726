"""The interface's gettext catalogs: extract the messages, update the .po files, compile.

    python scripts/catalogs.py            # update every .po from the code, compile the .mo
    python scripts/catalogs.py --check    # exit 1 if a catalog is stale or incomplete

Needs Babel (installed with ``.[test]``). Messages are English in the code; ``nb`` and
``nn`` translate them and ``en`` repeats them, so that every language has a complete
catalog and the check can ask the same of all three. The month and weekday names and the
long date pattern are not written by hand: they come from Babel's CLDR data.
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "vikentool"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "vikentool"
LANGUAGES = ("nb", "nn", "en")
# English dates as people in Norway write them in English: day before month.
CLDR_LOCALE = {"nb": "nb", "nn": "nn", "en": "en_GB"}
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Contexts whose translations come from CLDR, not from a translator.
CLDR_CONTEXTS = ("month", "month abbreviated", "weekday", "date pattern")
LONG_DATE = "d MMMM y"


def cldr_entries(language: str) -> Iterator[tuple[str, str, str]]:
    """(context, English msgid, translation) for the names and the pattern dates use."""
    locale = Locale.parse(CLDR_LOCALE[language])
    wide = locale.months["format"]["wide"]
    short = locale.months["stand-alone"]["abbreviated"]
    days = locale.days["format"]["wide"]
    for number, name in enumerate(MONTHS, start=1):
        yield "month", name, wide[number]
        yield "month abbreviated", name[:3], short[number].rstrip(".")
    for index, name in enumerate(WEEKDAYS):
        yield "weekday", name, days[index]
    yield "date pattern", LONG_DATE, locale.date_formats["long"].pattern


def template() -> Catalog:
    """Every message the code marks, plus the CLDR entries."""
    catalog = Catalog(project=DOMAIN, fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python"), ("**/templates/**", "jinja2.ext:babel_extract")],
        options_map={"**/templates/**": {"extensions": "jinja2.ext.i18n"}},
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, line, message, comments, context in found:
        catalog.add(
            message,
            locations=[(f"src/vikentool/{filename}", line)],
            auto_comments=comments,
            context=context,
        )
    for context, msgid, _ in cldr_entries("en"):
        catalog.add(msgid, context=context, auto_comments=["From Babel's CLDR data."])
    return catalog


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project=DOMAIN, fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def updated(language: str, source: Catalog) -> Catalog:
    catalog = read(language)
    catalog.update(source, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    cldr = {(c, m): t for c, m, t in cldr_entries(language)}
    for message in catalog:
        if not message.id:
            continue
        key = (message.context, message.id)
        if key in cldr:
            message.string = cldr[key]
        elif language == "en":
            message.string = message.id
        message.flags.discard("fuzzy")
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    # The header names the Babel version; a newer Babel must not make the catalogs stale.
    lines = buffer.getvalue().splitlines(keepends=True)
    return b"".join(line for line in lines if not line.startswith(b'"Generated-By: '))


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    """Messages with no translation (or a fuzzy one), as ``context|msgid``."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags or not all(strings):
            missing.append(f"{message.context or ''}|{_first(message)}")
    return missing


def _first(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _stable_header(catalog: Catalog) -> None:
    # Dates in the header would change every run; the files are in version control.
    fixed = datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
    catalog.creation_date = catalog.revision_date = fixed
    catalog.version = "1"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "vikentool"
    catalog.language_team = catalog.locale_identifier
    catalog.header_comment = (
        f"# {catalog.locale.english_name if catalog.locale else ''} messages of vikentool.\n"
        "# Made by scripts/catalogs.py: translate here; run the script after changing code."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    options = parser.parse_args()
    source = template()
    problems = []
    for language in LANGUAGES:
        catalog = updated(language, source)
        _stable_header(catalog)
        po, mo = po_bytes(catalog), mo_bytes(catalog)
        path = po_path(language)
        missing = untranslated(catalog)
        if options.check:
            if not path.exists() or path.read_bytes() != po:
                problems.append(f"{path.relative_to(ROOT)} is not up to date with the code")
            if not path.with_suffix(".mo").exists() or path.with_suffix(".mo").read_bytes() != mo:
                problems.append(f"{path.with_suffix('.mo').relative_to(ROOT)} is not compiled")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(po)
            path.with_suffix(".mo").write_bytes(mo)
        problems.extend(f"{language}: untranslated: {m}" for m in missing)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
