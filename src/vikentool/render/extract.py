"""What ``viken extract`` found: a table for the reviewer, and a draft data file.

The draft is YAML that ``viken validate`` accepts as a ``schemes.yaml``: a ``deadlines:``
list in the data files' own forms, each record with a comment saying what was guessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from vikentool.domain.kinds import label
from vikentool.i18n import _
from vikentool.query.text import slug
from vikentool.render.styled import styled
from vikentool.render.tables import Cell, print_listing, when_cell
from vikentool.render.terminal import clean

if TYPE_CHECKING:
    from vikentool.query.extract import Candidate
    from vikentool.render.screen import Screen


def context_words(candidate: Candidate) -> str:
    """Why the candidate reads as it does: the heading over it, what made it tentative,
    where its year came from, and what could not be placed."""
    parts: list[str] = []
    if candidate.heading:
        parts.append(_("under «{heading}»").format(heading=candidate.heading))
    if candidate.tentative_because:
        parts.append(_("tentative: {words}").format(words=", ".join(candidate.tentative_because)))
    if candidate.year_from:
        parts.append(_("year counted from {day}").format(day=candidate.year_from.isoformat()))
    if candidate.problem:
        parts.append(_("not a day in the calendar; listed without a date"))
    return "; ".join(parts)


def candidates_table(console: Screen, candidates: Sequence[Candidate]) -> None:
    """One row per candidate: its line, its date in words, what it is, and why."""
    rows = []
    for candidate in candidates:
        pieces = [(clean(candidate.title), "bold")]
        if candidate.as_written != candidate.title:
            pieces.append(("\n«" + clean(candidate.as_written) + "»", ""))
        context = context_words(candidate)
        if context:
            pieces.append(("\n" + clean(context), "dim"))
        what = styled(pieces)
        rows.append(
            (
                Cell(styled([(str(candidate.line), "")]), (str(candidate.line),)),
                when_cell(candidate.spec, False),
                what,
                styled([(label(candidate.kind), "")]),
            )
        )
    if not rows:
        console.print(_("No dated expressions found."))
        return
    print_listing(console, (_("Line"), _("When"), _("What"), _("Kind")), rows, ratios=(0, 0, 5, 2))


# Characters YAML does not allow in a stream, or reads as line breaks: escaped in the draft
# so that what the document holds cannot break the file.
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    encoded = json.dumps(text, ensure_ascii=False)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def _comment(text: str) -> str:
    return " ".join(clean(text).split())


def _slug(text: str, limit: int = 60) -> str:
    return slug(text)[:limit].rstrip("-") or "punkt"


def draft_yaml(candidates: Sequence[Candidate], document: str, origin: str) -> str:
    """The candidates as a ``deadlines:`` list for a data file, with the guesses in
    comments. ``document``: the id every ``source`` names; ``origin``: the file read."""
    lines = [
        "# Draft from `viken extract`: review every record before it joins the data.",
        f"# Read from {_comment(origin)}. Titles, kinds and schemes are guesses (see the",
        "# comment over each record); dates are as the document words them, with",
        "# year_inferred where the year is not written and tentative where it hedges.",
        "",
        "deadlines:",
    ]
    seen: dict[str, int] = {}
    for candidate in candidates:
        base = f"{_slug(candidate.title)}-l{candidate.line}"
        seen[base] = seen.get(base, 0) + 1
        record_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        guesses = [f"kind {candidate.kind}", "title"]
        if candidate.scheme:
            guesses.append(f"scheme: {candidate.scheme}")
        elif candidate.scheme_name:
            guesses.append(f"scheme named «{candidate.scheme_name}» (not in the catalog)")
        lines.append(f"  # line {candidate.line}; guessed: {_comment(', '.join(guesses))}")
        context = _comment(
            "; ".join(
                part
                for part in (
                    candidate.heading and f"under «{candidate.heading}»",
                    candidate.tentative_because
                    and "tentative: " + ", ".join(candidate.tentative_because),
                    candidate.year_from and f"year counted from {candidate.year_from}",
                    candidate.problem and f"«{candidate.expression}» is not a day in the calendar",
                )
                if part
            )
        )
        if context:
            lines.append(f"  # {context}")
        lines.append(f"  - id: {record_id}")
        lines.append(f"    kind: {candidate.kind}")
        lines.append(f"    title: {_quoted(candidate.title)}")
        lines.append(f"    date: {_date_flow(candidate)}")
        location = candidate.heading or candidate.as_written
        lines.append(
            f"    source: {{document: {_quoted(document)}, location: {_quoted(location[:200])},"
            f" line: {candidate.line}}}"
        )
    if not candidates:
        lines[-1] = "deadlines: []"
    return "\n".join(lines) + "\n"


def _date_flow(candidate: Candidate) -> str:
    """The date as the data files write it, on one line."""
    values = []
    for key, value in candidate.spec.as_data().items():
        if isinstance(value, bool):
            if value:
                values.append(f"{key}: true")
        elif isinstance(value, list):
            values.append(f"{key}: [{', '.join(value)}]")
        elif key in ("as_written", "time"):
            values.append(f"{key}: {_quoted(str(value))}")
        else:
            values.append(f"{key}: {value}")
    return "{" + ", ".join(values) + "}"
