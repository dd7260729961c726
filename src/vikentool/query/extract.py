"""Every dated expression in a plain-text document, proposed as a record in the data files'
own date forms: the first pass of a hand transcription, for a person to review.

The text is read as the documents are laid out: lines joined into segments (a paragraph
line, or a bullet with the lines that continue it), each segment under the nearest
shallower one. A heading's date governs the items listed under it; a heading that names a
deadline without a date makes each item under it an undated candidate. Nothing the scanner
recognises is dropped: what it cannot place becomes ``unknown`` with its words.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from vikentool.domain.dates import DateSpec, month_range
from vikentool.domain.kinds import ItemKind
from vikentool.errors import UsageError
from vikentool.query.inputs import MONTHS, parse_cli_date
from vikentool.query.text import fold

# A day and month without a year is the next such day on or after the document's date less
# this: a deck from 26 February that says "allerede forbi (1.febr.)" means the 1 February
# just gone, and one from September that says "1. februar" means the next year.
GRACE = timedelta(days=31)
# The longest stretch of a document kept as a candidate's ``as_written``: a data text has a
# limit, and a reviewer reads a clause, not a page.
MAX_WRITTEN = 300
MAX_TITLE = 120
# How far around an expression its clause is looked for: a clause is shorter, and a
# document of one endless line stays linear.
_CLAUSE_REACH = 2 * MAX_WRITTEN
_AFTER_EVERY_LINE = 1 << 62
# A short name before a date is a few words; no more is looked at.
_NAME_REACH = 80

# --- segments ---------------------------------------------------------------------------------

# Bullet marks as slides and web pages extract them, by how deep they usually stand: a
# round bullet first, a dash or a Wingdings arrow under it, a small square under that.
_MARK_DEPTH = {
    "•": 1,
    "●": 1,
    "*": 1,
    "\uf0b7": 1,
    "‒": 2,
    "–": 2,
    "—": 2,
    "-": 2,
    "\uf0a7": 2,
    "\uf0d8": 2,
    "▪": 3,
    "◦": 3,
    "○": 3,
    "■": 3,
    "□": 3,
}
_BULLET = re.compile("^\\s*([" + re.escape("".join(_MARK_DEPTH)) + "])(?!\\d)\\s*")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=([^\W\d_]+))")
_NUMBERED_DEPTH = 2
# A line that carries on the one before: it starts in lower case, with a digit or inside
# brackets (a wrapped bullet, "18. desember 2020" under "ble vedtatt").
_CONTINUES = re.compile(r"^\s*[\d(\[«\"a-zæøåäöü]")


class Segment(NamedTuple):
    """A bullet with its wrapped lines, or a paragraph line: its text on one line."""

    depth: int  # 0 for a heading or paragraph line, 1 and up for bullets
    text: str
    offsets: tuple[tuple[int, int], ...]  # (offset in ``text``, line number), per line
    parent: int | None  # the index of the nearest shallower segment before it
    # Where a wrapped line starts with a capital: a new clause of the same bullet ("NOU
    # 2020:15 ... (Demografiutvalget)" and then "Pågående arbeid - høringsfrist 26. mars").
    clauses: tuple[int, ...] = ()

    @property
    def line(self) -> int:
        return self.offsets[0][1]

    @property
    def first_clause(self) -> str:
        return self.text[: self.clauses[0]] if self.clauses else self.text

    def line_at(self, offset: int) -> int:
        place = bisect.bisect_right(self.offsets, (offset, _AFTER_EVERY_LINE)) - 1
        return self.offsets[max(place, 0)][1]


def segments(text: str) -> list[Segment]:
    """The document's lines joined into segments, each knowing its parent."""
    built: list[tuple[int, list[str], list[tuple[int, int]], list[int]]] = []
    blank_run = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            blank_run += 1
            continue
        depth, body = _marked(raw, line)
        lower_start = _CONTINUES.match(line) is not None
        # A bullet's wrapped line follows it directly; a line indented by a space is a new
        # slide's title, as slides extract.
        carries_on = (
            depth is None
            and bool(built)
            and (
                (blank_run <= 1 and lower_start)
                or (blank_run == 0 and built[-1][0] > 0 and not raw[:1].isspace())
            )
        )
        blank_run = 0
        if carries_on:
            _, parts, offsets, clauses = built[-1]
            length = sum(len(p) + 1 for p in parts)
            parts.append(body)
            offsets.append((length, number))
            if not lower_start:
                clauses.append(length)
            continue
        built.append((depth or 0, [body], [(0, number)], []))
    result: list[Segment] = []
    open_depths: list[int] = []  # indexes of segments that may still be a parent
    for depth, parts, offsets, clauses in built:
        while open_depths and result[open_depths[-1]].depth >= depth:
            open_depths.pop()
        parent = open_depths[-1] if open_depths else None
        if depth == 0:
            # A heading or paragraph line starts a new section: nothing above is its parent.
            parent = None
            open_depths.clear()
        result.append(Segment(depth, " ".join(parts), tuple(offsets), parent, tuple(clauses)))
        open_depths.append(len(result) - 1)
    return result


def _marked(raw: str, line: str) -> tuple[int | None, str]:
    """How deep a line's bullet stands (None: no bullet) and its text without the mark."""
    if match := _BULLET.match(raw):
        return _MARK_DEPTH[match[1]], line[len(match[0].strip()) :].strip()
    if (match := _NUMBERED.match(line)) and match[2].lower() not in MONTHS:
        return _NUMBERED_DEPTH, line[match.end() :]
    return None, line


# --- expressions --------------------------------------------------------------------------------

_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_M = rf"(?:{_MONTH_WORDS})\.?(?![^\W\d_])"
_YEAR = r"(?:\s+(\d{4}))?(?![\d:/])"
_ISH = r"(?:-ish)?"

# Each form, tried in this order at every place; the first that matches wins there.
_FORMS: list[tuple[str, str]] = [
    (
        "unknown",
        r"i løpet av kort tid|(?:kunngjøres|annonseres|kommer|publiseres) senere"
        r"|dato kommer|ikke (?:fastsatt|avklart|bestemt) ?(?:ennå|enda)?",
    ),
    ("rolling", r"(?:fort)?løpende(?: søknadsfrist| opptak| behandling)?"),
    ("end_of", rf"(?:innen )?utgangen av (?:({_M}){_YEAR}|(\d{{4}}))"),
    (
        "part_of",
        rf"(primo|medio|ultimo|midten av|begynnelsen av|starten av|slutten av) "
        rf"({_M}){_YEAR}",
    ),
    ("week", r"uke (\d{1,2})(?: ?[-–] ?(\d{1,2}))?(?:,? (?:i )?(\d{4}))?(?![\d:/])"),
    ("day_span", rf"(\d{{1,2}})\.? ?[-–] ?(\d{{1,2}})\.? ?({_M}){_YEAR}"),
    ("day_words", rf"(\d{{1,2}})\. ?({_M}){_YEAR}|(\d{{1,2}}) ({_M}){_YEAR}"),
    ("day_numbers", r"(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.(\d{4}|\d{2})(?![\d])(?!\.\d)"),
    ("day_no_year", r"(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.(?![\d])"),
    ("month_span", rf"(?:(?:i|fra|til) )?({_M}){_ISH}{_YEAR} ?(?:til|[-–]) ?({_M}){_ISH}{_YEAR}"),
    (
        "month_either",
        rf"(?:(?:i|til) )?({_M}){_ISH}{_YEAR} ?(?:eller|evt\.?|alternativt) ?({_M}){_ISH}{_YEAR}",
    ),
    (
        "month",
        rf"(?:(?:i|fra|til|innen|før|etter|siden) )({_M}){_ISH}{_YEAR}"
        rf"|({_M}){_ISH} (\d{{4}})(?![\d:/])",
    ),
    (
        "year",
        r"(?:i|for|innen|fra|til|høsten|våren|sommeren|vinteren|løpet av) (19\d\d|2[01]\d\d)"
        r"(?![\d:/-])(?! (?:innbyggere|kr|kroner|personer|deltakere|stk|mill))",
    ),
]
_SCAN = re.compile(
    r"(?<![\w.])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _FORMS) + ")",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\s*,?\s*(?:kl\.?|klokka|klokken)\s*(\d{1,2})[.:](\d{2})\s*(?:[-–]|til)\s*(\d{1,2})[.:](\d{2})",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"\s?\?")
# Words before a date that make it approximate.
_ABOUT_BEFORE = re.compile(r"(?:ca\.?|cirka|omkring|rundt|antatt|foreløpig)\s$", re.IGNORECASE)
# Words anywhere in a segment that hedge what it says.
_HEDGES = re.compile(
    r"\b(?:foreløpig|ønsker|mulighet(?:er)?|kanskje|trolig|antakelig|antageleg|sannsynligvis"
    r"|forventet|tentativ[te]?|planlagt|etter planen)\b",
    re.IGNORECASE,
)
# A segment that states a consequence of the one before shares its hedges.
_CONSEQUENCE = re.compile(r"^(?:det|dette) (?:betyr|innebærer|vil si)\b", re.IGNORECASE)
_WEEK_DAYS = 7
_UNDATED = DateSpec.from_written({"unknown": True, "as_written": "?"})


class Found(NamedTuple):
    """One dated expression: where it stands in its segment, and its date as written."""

    start: int
    end: int
    spec: DateSpec  # its form and days; the candidate gives it its words and flags
    markers: tuple[str, ...]  # the words that make it tentative
    year_from: date | None  # the day a missing year was counted from
    problem: str | None = None  # why it could not be placed (then it is unknown)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _year_of(last_day: Callable[[int], date], reference: date) -> int:
    """The year a date written without one falls in: the first, from the year before the
    reference's, whose last possible day (``last_day(year)``) is no more than ``GRACE``
    before the reference. ``ValueError`` if no such year has the date (29 February)."""
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            if last_day(year) >= reference - GRACE:
                return year
        except ValueError:
            continue
    raise ValueError(f"no such date near {reference}")


def _day_year(day: int, month: int, reference: date) -> int:
    return _year_of(lambda year: date(year, month, day), reference)


def _month_year(month: int, reference: date) -> int:
    return _year_of(lambda year: month_range(year, month)[1], reference)


def _iso_week(year: int, week: int) -> tuple[date, date]:
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=_WEEK_DAYS - 1)


def _week_year(week: int, reference: date) -> int:
    return _year_of(lambda year: _iso_week(year, week)[1], reference)


def _read(name: str, groups: Sequence[str | None], reference: date) -> tuple[dict[str, Any], bool]:
    """The date-file form of one match of the form ``name``; True if the year is inferred."""
    g = list(groups)
    if name == "unknown":
        return {"unknown": True}, False
    if name == "rolling":
        return {"rolling": True}, False
    if name == "end_of":
        if g[2]:
            return {"day": f"{int(g[2]):04d}-12-31"}, False
        month = _month(g[0] or "")
        year = int(g[1]) if g[1] else _month_year(month, reference)
        return {"day": month_range(year, month)[1].isoformat()}, g[1] is None
    if name == "part_of":
        month = _month(g[1] or "")
        year = int(g[2]) if g[2] else _month_year(month, reference)
        return {"month": f"{year:04d}-{month:02d}"}, g[2] is None
    if name == "week":
        first, last = int(g[0] or 0), int(g[1] or g[0] or 0)
        year = int(g[2]) if g[2] else _week_year(first, reference)
        start = _iso_week(year, first)[0]
        end_year = year if last >= first else year + 1
        end = _iso_week(end_year, last)[1]
        return {"from": start.isoformat(), "to": end.isoformat()}, g[2] is None
    if name == "day_span":
        first, last, month = int(g[0] or 0), int(g[1] or 0), _month(g[2] or "")
        year = int(g[3]) if g[3] else _day_year(first, month, reference)
        return (
            {
                "from": date(year, month, first).isoformat(),
                "to": date(year, month, last).isoformat(),
            },
            g[3] is None,
        )
    if name == "day_words":
        day_digits, word, year_digits = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
        day, month = int(day_digits or 0), _month(word or "")
        if year_digits:
            # Read as --before/--after read a typed date, so the two agree.
            typed = parse_cli_date(
                f"{day}. {word.rstrip('.') if word else ''} {year_digits}", reference
            )
            return {"day": typed.isoformat()}, False
        year = _day_year(day, month, reference)
        return {"day": date(year, month, day).isoformat()}, True
    if name == "day_numbers":
        typed = parse_cli_date(f"{g[0]}.{g[1]}.{g[2]}", reference)
        return {"day": typed.isoformat()}, False
    if name == "day_no_year":
        day, month = int(g[0] or 0), int(g[1] or 0)
        year = _day_year(day, month, reference)
        return {"day": date(year, month, day).isoformat()}, True
    if name == "month_span":
        first, last = _month(g[0] or ""), _month(g[2] or "")
        given = g[3] or g[1]
        if given:
            end_year = int(g[3] or g[1] or 0)
            start_year = int(g[1]) if g[1] else end_year - (1 if first > last else 0)
        else:
            start_year = _month_year(first, reference)
            end_year = start_year + (1 if last < first else 0)
        return (
            {"from": f"{start_year:04d}-{first:02d}", "to": f"{end_year:04d}-{last:02d}"},
            not given,
        )
    if name == "month_either":
        first, second = _month(g[0] or ""), _month(g[2] or "")
        given = g[3] or g[1]
        if given:
            year = int(given)
            years = (year, year + (1 if second < first and not g[1] else 0))
        else:
            year = _month_year(first, reference)
            years = (year, year + (1 if second < first else 0))
        return (
            {"either": [f"{years[0]:04d}-{first:02d}", f"{years[1]:04d}-{second:02d}"]},
            not given,
        )
    if name == "month":
        word, year_digits = (g[0], g[1]) if g[0] else (g[2], g[3])
        month = _month(word or "")
        year = int(year_digits) if year_digits else _month_year(month, reference)
        return {"month": f"{year:04d}-{month:02d}"}, not year_digits
    # year
    return {"year": int(g[0] or 0)}, False


def _group_spans() -> dict[str, tuple[int, int]]:
    """Which of the scanner's numbered groups belong to each form: each form's own named
    group, then the groups inside it."""
    spans: dict[str, tuple[int, int]] = {}
    index = 1
    for name, pattern in _FORMS:
        inside = re.compile(pattern).groups
        spans[name] = (index + 1, index + 1 + inside)
        index += 1 + inside
    return spans


_GROUPS = _group_spans()


def expressions(text: str, reference: date) -> list[Found]:
    """Every dated expression in one segment's text, in order."""
    found: list[Found] = []
    taken = 0  # the end of the last expression with its time and marks
    for match in _SCAN.finditer(text):
        if match.start() < taken:
            continue
        name = match.lastgroup or ""
        first, last = _GROUPS[name]
        groups = [match.group(i) for i in range(first, last)]
        end = match.end()
        markers: list[str] = []
        lowered = match.group().lower()
        problem = None
        try:
            written, inferred = _read(name, groups, reference)
            spec = DateSpec.from_written({**written, "as_written": lowered})
        except (ValueError, UsageError):
            # Words that say a date the calendar or the data cannot hold ("31. februar",
            # "1. mars 2300"): listed with their words, undated, for the reviewer.
            spec, inferred = _UNDATED, False
            problem = "not a day the data can hold"
        if "-ish" in lowered:
            markers.append("-ish")
        if "evt" in lowered:
            markers.append("evt.")
        if name == "part_of" and groups[0]:
            markers.append(groups[0].lower())
        if name == "month" and lowered.startswith(("innen", "før", "etter", "siden")):
            markers.append(lowered.split()[0])
        if spec.is_exact_day and (time := _TIME.match(text, end)):
            h1, m1, h2, m2 = (int(x) for x in time.groups())
            if h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2):
                spec = spec._replace(time=f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}")
                end = time.end()
        if question := _QUESTION.match(text, end):
            markers.append("?")
            end = question.end()
        if about := _ABOUT_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            markers.append(about.group().strip().lower())
        taken = end
        found.append(
            Found(
                match.start(),
                end,
                spec,
                tuple(markers),
                reference if inferred else None,
                problem,
            )
        )
    return found


# --- what a segment is about ------------------------------------------------------------------

_KIND_WORDS: tuple[tuple[ItemKind, re.Pattern[str]], ...] = (
    ("hearing_reply", re.compile(r"høringssvar|høringsuttalelse\w* sendt", re.IGNORECASE)),
    (
        "hearing_deadline",
        re.compile(
            r"høringsfrist|frist for (?:innspill|uttalelse|merknader)|innspillsfrist|uttalefrist",
            re.IGNORECASE,
        ),
    ),
    (
        "application_deadline",
        re.compile(
            r"søknadsfrist|frist for (?:å søke|søknad)|søke innen|søknader? må", re.IGNORECASE
        ),
    ),
    ("announcement", re.compile(r"utlys|lyses (?:også )?ut|lyst ut|kunngjør", re.IGNORECASE)),
    (
        "session",
        re.compile(
            r"\bsamling|oppstart av nettverket|nettverkssamling|webinar|temadag|seminar\b",
            re.IGNORECASE,
        ),
    ),
)
# What makes a segment with no date worth listing as undated: it announces a call, names
# a single deadline, or a political decision to come.
_UNDATED_EVENT = re.compile(
    r"\b(?:utlyses|lyses (?:også )?ut|kunngjøres|søknadsfrist|høringsfrist|frist for \w+"
    r"|politisk behandling|behandles i|skal vedtas|vedtas i)\b",
    re.IGNORECASE,
)
_GOVERNING_DEADLINE = re.compile(
    r"søknadsfrist|høringsfrist|utlys|lyses ut|kunngjør", re.IGNORECASE
)
_TITLE_PREFIX: dict[ItemKind, str] = {
    "application_deadline": "Søknadsfrist",
    "hearing_deadline": "Høringsfrist",
    "hearing_reply": "Høringssvar sendt",
    "announcement": "Utlysning",
    "session": "Samling",
}
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")
_SEPARATOR = re.compile(r"\s[-–‒—]\s|:\s|:$|\s\(")
# A sentence ends at a full stop, or at a bracket, before a capital.
_SENTENCE_END = re.compile(r"(?<=[.!?…)])\s+(?=[A-ZÆØÅ«\"])")
_HEADING_WORDS = 8


def kind_of(*texts: str | None) -> ItemKind | None:
    """The kind the first of ``texts`` that names one names."""
    for text in texts:
        if text and (kind := _kind_in(text)) is not None:
            return kind
    return None


@functools.lru_cache(maxsize=4096)
def _kind_in(text: str) -> ItemKind | None:
    return next((kind for kind, words in _KIND_WORDS if words.search(text)), None)


@functools.lru_cache(maxsize=4096)
def subject_of(segment: Segment) -> str | None:
    """What a segment names before its first separator ("Klyngesatsing i Viken (8 mill) –
    10.-15.mai ?" names "Klyngesatsing i Viken"); None if it starts with no name."""
    head = _SEPARATOR.split(segment.first_clause, maxsplit=1)[0]
    head = _PARENTHESES.sub("", head).strip(" .,;:–-")
    if not head or not head[0].isupper() or _SCAN.search(head):
        return None
    if _UNDATED_EVENT.fullmatch(head) or (kind_of(head) and len(head.split()) <= 2):
        return None
    return head


def _clause(text: str, start: int, end: int, clauses: Sequence[int] = ()) -> str:
    """The document's words around an expression: its sentence or clause, without brackets
    that do not hold it; the bracket's own words when it stands inside one."""
    first = max(0, start - _CLAUSE_REACH)
    if first or len(text) > end + _CLAUSE_REACH:
        window = text[first : end + _CLAUSE_REACH]
        near = [c - first for c in clauses if first <= c <= end + _CLAUSE_REACH]
        return _clause_in(window, start - first, end - first, near)
    return _clause_in(text, start, end, clauses)


def _clause_in(text: str, start: int, end: int, clauses: Sequence[int]) -> str:
    for bracket in _PARENTHESES.finditer(text):
        if bracket.start() < start and end <= bracket.end():
            return bracket[1].strip()
    sentence_start = max((c for c in clauses if c <= start), default=0)
    for boundary in _SENTENCE_END.finditer(text, sentence_start):
        if boundary.start() >= start:
            break
        sentence_start = boundary.end()
    stops = [b.start() for b in itertools.islice(_SENTENCE_END.finditer(text, end), 1)]
    stops += [c - 1 for c in clauses if c > end]
    stop = min(stops, default=len(text))
    sentence = text[sentence_start:stop]
    inner_start, inner_end = start - sentence_start, end - sentence_start
    kept: list[str] = []
    position = 0
    for bracket in _PARENTHESES.finditer(sentence):
        if bracket.end() <= inner_start or bracket.start() >= inner_end:
            kept.append(sentence[position : bracket.start()])
            position = bracket.end()
    kept.append(sentence[position:])
    words = "".join(kept).strip()
    if len(words) > MAX_WRITTEN:
        centre = text[start:end]
        words = centre if len(centre) >= MAX_WRITTEN else words[:MAX_WRITTEN].rsplit(" ", 1)[0]
    return words


# --- candidates ---------------------------------------------------------------------------------


class Candidate(NamedTuple):
    """A proposed record: its date in the data files' form and what was guessed about it."""

    line: int
    as_written: str
    expression: str
    spec: DateSpec
    kind: ItemKind
    title: str
    scheme: str | None  # a scheme id in the catalog the name matched
    scheme_name: str | None
    heading: str | None  # the heading whose date or deadline governs this item
    tentative_because: tuple[str, ...]
    year_from: date | None
    problem: str | None

    def as_data(self) -> dict[str, Any]:
        """English keys, the date as a data file writes it: for JSON and the draft."""
        return {
            "line": self.line,
            "as_written": self.as_written,
            "expression": self.expression,
            "date": self.spec.as_data(),
            "title": self.title,
            "kind": self.kind,
            "scheme": self.scheme,
            "scheme_name": self.scheme_name,
            "guessed": ["title", "kind", *(["scheme"] if self.scheme_name else [])],
            "context": {
                "heading": self.heading,
                "tentative_because": list(self.tentative_because),
                "year_inferred_from": self.year_from.isoformat() if self.year_from else None,
                "problem": self.problem,
            },
        }


class SchemeName(NamedTuple):
    id: str
    keys: tuple[str, ...]  # its names with case, accents and punctuation folded away


@functools.lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(name)).split())


def _scheme_id(name: str | None, schemes: Sequence[SchemeName]) -> str | None:
    """The scheme a name in the document names: the same name, or a name that starts with
    one the scheme goes by ("Regionale forskningsfond RFF – Hovedprosjekter")."""
    if not name:
        return None
    wanted = _key(name)
    for scheme in schemes:
        for key in scheme.keys:
            if key and (wanted == key or (len(key) >= 8 and wanted.startswith(key + " "))):
                return scheme.id
    return None


def extract(text: str, document_date: date, schemes: Sequence[SchemeName] = ()) -> list[Candidate]:
    """Every dated expression of ``text`` as a candidate, in the order of the document."""
    parts = segments(text)
    found = [expressions(s.text, document_date) for s in parts]
    children: dict[int, list[int]] = {}
    for index, segment in enumerate(parts):
        if segment.parent is not None:
            children.setdefault(segment.parent, []).append(index)

    @functools.cache
    def dated_below(index: int) -> bool:
        return any(found[c] or dated_below(c) for c in children.get(index, ()))

    @functools.cache
    def takes_heading(index: int) -> bool:
        """An item with no date of its own, and none below it: a heading's date is its."""
        return not found[index] and not dated_below(index)

    @functools.cache
    def governs(index: int) -> Found | bool | None:
        """The expression a heading gives the undated items under it; True for a heading
        that names a deadline without a date; None if it gives them nothing."""
        segment = parts[index]
        words = segment.text
        heading_like = words.endswith(":") or (
            segment.depth == 0 and len(words.split()) <= _HEADING_WORDS and not words.endswith(".")
        )
        if not heading_like or not any(takes_heading(c) for c in children.get(index, ())):
            return None
        outside = [f for f in found[index] if not _inside_brackets(words, f.start)]
        if len(outside) == 1:
            return outside[0]
        if not found[index] and _GOVERNING_DEADLINE.search(words):
            return True
        return None

    hedged: list[tuple[str, ...]] = []
    for segment in parts:
        own = tuple(dict.fromkeys(m.group().lower() for m in _HEDGES.finditer(segment.text)))
        if not own and _CONSEQUENCE.match(segment.text) and hedged:
            own = hedged[-1]
        hedged.append(own)

    candidates: list[Candidate] = []
    for index, segment in enumerate(parts):
        parent = segment.parent
        parent_seg = parts[parent] if parent is not None else None
        given = governs(index)
        for expression in found[index]:
            if expression is not given:  # a heading's date is proposed with its items
                line = segment.line_at(expression.start)
                candidates.append(
                    _candidate(segment, line, expression, None, hedged[index], parent_seg, schemes)
                )
        if not takes_heading(index) or given is not None:
            continue
        from_parent = governs(parent) if parent is not None else None
        if from_parent is not None:
            candidates.append(
                _candidate(
                    segment,
                    segment.line,
                    from_parent if isinstance(from_parent, Found) else None,
                    parent_seg,
                    hedged[index] + hedged[parent] if parent is not None else hedged[index],
                    parent_seg,
                    schemes,
                )
            )
        elif _UNDATED_EVENT.search(segment.text):
            candidates.append(
                _candidate(segment, segment.line, None, None, hedged[index], parent_seg, schemes)
            )
    return candidates


def _inside_brackets(text: str, offset: int) -> bool:
    before = text[max(0, offset - _CLAUSE_REACH) : offset]
    return before.count("(") > before.count(")")


def _candidate(
    segment: Segment,
    line: int,
    expression: Found | None,
    heading: Segment | None,
    hedges: tuple[str, ...],
    parent: Segment | None,
    schemes: Sequence[SchemeName],
) -> Candidate:
    """A candidate for ``segment``: an expression of its own, one its ``heading`` gives
    it, or none (an undated event, or an item under an undated deadline heading)."""
    stands_in = heading if heading is not None else segment
    if expression is None:
        spec = _UNDATED
        # An undated item's own words; the heading that makes it a candidate is context.
        words = segment.first_clause
        markers: tuple[str, ...] = ()
        year_from = problem = None
        phrase = ""
    else:
        spec = expression.spec
        words = _clause(stands_in.text, expression.start, expression.end, stands_in.clauses)
        markers = expression.markers
        year_from, problem = expression.year_from, expression.problem
        phrase = stands_in.text[expression.start : expression.end].strip()
    because = tuple(dict.fromkeys((*markers, *hedges)))
    words = words[:MAX_WRITTEN] or phrase or segment.text[:MAX_WRITTEN]
    spec = spec._replace(
        as_written=words,
        tentative=bool(because) and spec.is_dated,
        year_inferred=year_from is not None and spec.is_dated,
    )
    texts = (words, segment.text, *(s.text for s in (heading, parent) if s is not None))
    kind = kind_of(*texts) or "milestone"
    name = _name(segment, expression, heading is not None, parent)
    prefix = _TITLE_PREFIX.get(kind)
    title = " ".join(((f"{prefix}: {name}" if prefix else name) if name else words).split())
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
    scheme_name = name if kind in ("application_deadline", "announcement") else None
    return Candidate(
        line=line,
        as_written=words,
        expression=phrase,
        spec=spec,
        kind=kind,
        title=title,
        scheme=_scheme_id(scheme_name, schemes),
        scheme_name=scheme_name,
        heading=heading.text if heading is not None else None,
        tentative_because=because if spec.tentative else (),
        year_from=year_from if spec.year_inferred else None,
        problem=problem,
    )


def _name(
    segment: Segment, expression: Found | None, under_heading: bool, parent: Segment | None
) -> str | None:
    """What a candidate is about: the name its segment starts with; the words before its
    date when they are a short name ("Kvalifiseringsprosjekter 1.mai"), after the name of
    the bullet it stands under; the parent's name when it has none of its own."""
    own = subject_of(segment)
    if own is None and expression is not None and not under_heading:
        near = segment.text[max(0, expression.start - _NAME_REACH) : expression.start]
        before = _PARENTHESES.sub("", near).strip(" –-:,")
        if before and before[0].isupper() and len(before.split()) <= 3 and not kind_of(before):
            own = before
    parent_name = None
    if parent is not None:
        parent_name = subject_of(parent)
        if parent_name and _GOVERNING_DEADLINE.search(parent_name):
            parent_name = None
    if own is None:
        if under_heading:
            return _PARENTHESES.sub("", segment.text).strip(" .,;:") or None
        return parent_name
    beneath_a_bullet = parent is not None and parent.depth > 0
    if parent_name and beneath_a_bullet and expression is not None and not under_heading:
        return f"{parent_name} – {own}"
    return own


def scheme_names(schemes: Iterable[Any]) -> list[SchemeName]:
    """The names a catalog's schemes go by, to recognise them in a document."""
    return [SchemeName(s.id, tuple(_key(n) for n in (s.name, *s.also_known_as))) for s in schemes]


# --- measuring against the data -----------------------------------------------------------------


class Score(NamedTuple):
    records: int
    found: int  # records with a matching candidate
    candidates: int
    matching: int  # candidates that match a record
    missed: tuple[str, ...]  # ids of records no candidate matched
    unmatched: tuple[Candidate, ...]

    @property
    def recall(self) -> float:
        return self.found / self.records if self.records else 1.0

    @property
    def precision(self) -> float:
        return self.matching / self.candidates if self.candidates else 1.0


LINE_DISTANCE = 3


def matches(candidate: Candidate, spec: DateSpec, line: int) -> bool:
    """The issue's rule: the same possible days, within three lines of the record's line,
    and tentative where the record is."""
    same_days = candidate.spec.ranges == spec.ranges and (
        spec.is_dated or candidate.spec.form == spec.form
    )
    return (
        same_days
        and abs(candidate.line - line) <= LINE_DISTANCE
        and candidate.spec.tentative == spec.tentative
    )


def score(candidates: Sequence[Candidate], records: Mapping[str, tuple[DateSpec, int]]) -> Score:
    """Recall and precision of ``candidates`` against records (id: date and source line)."""
    found = {
        rid
        for rid, (spec, line) in records.items()
        if any(matches(c, spec, line) for c in candidates)
    }
    unmatched = tuple(
        c for c in candidates if not any(matches(c, s, n) for s, n in records.values())
    )
    return Score(
        records=len(records),
        found=len(found),
        candidates=len(candidates),
        matching=len(candidates) - len(unmatched),
        missed=tuple(sorted(set(records) - found)),
        unmatched=unmatched,
    )
