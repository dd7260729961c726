"""The weekly digest: what is due in the next weeks, the sessions among them, and what
changed since the last digest; and the record of which digests went to whom.

The due list is exactly what ``viken deadlines --within Nw`` lists with the same options (one
listing, ``deadline_listing``). What changed comes from the dates' recorded history, and,
when an earlier digest went to the same recipients, from a comparison with the records as
they were then: that is how a deadline added or removed without a history entry is seen.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Sequence
from typing import Any, NamedTuple

from vikentool.domain.catalog import Catalog, Item
from vikentool.domain.kinds import DEADLINE_KINDS, ItemKind
from vikentool.query.changes import (
    Changed,
    Snapshot,
    compare_snapshots,
    recorded_changes,
    snapshot,
    snapshot_data,
    snapshot_from_data,
)
from vikentool.query.reports import Listing, Row, deadline_listing
from vikentool.query.text import find_id
from vikentool.query.window import ItemFilter, Window

DIGEST_KINDS: tuple[ItemKind, ...] = (*DEADLINE_KINDS, "session")
DEFAULT_WEEKS = 4
MAX_WEEKS = 52
# Without an earlier digest to the same recipients: the changes of the week before, and its
# first day again, so that a weekly run leaves no day out.
CHANGES_DAYS = 7
STATE_NAME = "digests.json"
STATE_FORMAT = "vikentool digests 1"
KEEP_SENT = 200
KEEP_SNAPSHOTS = 2


class Digest(NamedTuple):
    as_of: dt.date
    weeks: int
    kinds: tuple[ItemKind, ...]
    window: Window
    since: dt.date
    # The day of the earlier digest whose records were compared with today's, if any.
    compared_with: dt.date | None
    lead: int | None
    due: Listing
    sessions: Listing
    changes: list[Changed]
    # Items of the chosen kinds without a date (ongoing, not given): not listed, counted.
    undated: int
    # ``--for``: the applicant category the schemes were chosen for, if any.
    applicant: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.due.rows or self.sessions.rows or self.changes)


def digest_window(as_of: dt.date, weeks: int) -> Window:
    """The days a digest covers: the reference day and the ``weeks`` weeks after it, as
    ``--within Nw`` counts them (to the calendar's last day, at most)."""
    try:
        return Window(as_of, as_of + dt.timedelta(weeks=weeks))
    except OverflowError:
        return Window(as_of, dt.date.max)


def default_since(as_of: dt.date) -> dt.date:
    try:
        return as_of - dt.timedelta(days=CHANGES_DAYS)
    except OverflowError:
        return dt.date.min


def compose(
    catalog: Catalog,
    as_of: dt.date,
    *,
    weeks: int = DEFAULT_WEEKS,
    kinds: Sequence[ItemKind] = DIGEST_KINDS,
    scheme: str | None = None,
    lead: int | None = None,
    since: dt.date | None = None,
    previous: tuple[dt.date, Snapshot] | None = None,
    applicant: str | None = None,
) -> Digest:
    """The digest on ``as_of``. ``since``: list the recorded changes from that day on;
    without it, from the day after ``previous`` (the earlier digest's day and its
    snapshot), whose records are also compared with today's, else ``CHANGES_DAYS`` back."""
    window = digest_window(as_of, weeks)
    due_kinds = tuple(k for k in kinds if k != "session")
    empty = Listing([], [])
    due, undated = empty, 0
    if due_kinds:
        found = deadline_listing(
            catalog, ItemFilter(due_kinds, window, scheme, applicant=applicant), as_of, lead,
            include_undated=True,
        )  # fmt: skip
        # As ``viken deadlines`` lists them: an undated item only when its date was
        # withdrawn (that is news); the others are counted.
        due = Listing(found.dated, [(r, i) for r, i in found.undated if i.moves])
        undated = len(found.undated) - len(due.undated)
    sessions = empty
    if "session" in kinds:
        found = deadline_listing(
            catalog, ItemFilter(("session",), window, scheme, applicant=applicant), as_of,
            include_undated=True,
        )  # fmt: skip
        sessions = Listing(found.dated, [(r, i) for r, i in found.undated if i.moves])
        undated += len(found.undated) - len(sessions.undated)
    compared_with = None
    if since is None:
        # The day after the earlier digest's (always before ``as_of``, so no overflow).
        since = previous[0] + dt.timedelta(days=1) if previous else default_since(as_of)
        compared_with = previous[0] if previous else None
    scheme_id = find_id(scheme, [s.id for s in catalog.schemes]) if scheme else None
    wanted = set(kinds)

    def shown(kind: str | None, kind_of_record: str, scheme_of: str | None) -> bool:
        """Whether a change belongs in this digest: its item's kind was asked for (or it is a
        scheme), and it is of the scheme asked for, if one was."""
        if kind not in wanted and kind_of_record != "scheme":
            return False
        if applicant is not None and scheme_of is not None:
            found = catalog.scheme(scheme_of)
            if found is not None and found.open_to(applicant) is False:
                return False
        return scheme_id is None or scheme_of == scheme_id

    changes = []
    for change in recorded_changes(catalog, since, as_of):
        item = catalog.item(change.row["id"])  # a recorded change is always an item's
        if item is not None and shown(item.kind, change.row["record_type"],
                                      item.scheme.id if item.scheme else None):  # fmt: skip
            changes.append(change)
    if compared_with is not None and previous is not None:
        # The records as they are now, only when there is an earlier digest to compare with.
        now = snapshot(catalog)
        listed = {c.row["id"] for c in changes}
        for change in compare_snapshots(previous[1], now):
            record_id = change.row["id"]
            seen = now.get(record_id) or previous[1].get(record_id)
            if (
                record_id not in listed
                and seen is not None
                and shown(seen.kind, seen.record_type, seen.scheme)
            ):
                changes.append(change)
    return Digest(as_of, weeks, tuple(kinds), window, since, compared_with, lead, due, sessions,
                  changes, undated, applicant)  # fmt: skip


# --- as data -------------------------------------------------------------------------------


def internal_passed(row: Row, as_of: dt.date) -> bool | None:
    """Whether the internal deadline (``--lead``) is already behind the reference day."""
    internal = row.get("internal_deadline")
    return None if internal is None else dt.date.fromisoformat(internal) < as_of


def document(digest: Digest) -> dict[str, Any]:
    """The digest as JSON values, English keys: the rows of ``viken deadlines`` and
    ``viken changes`` in their sections."""
    start, end = digest.window
    return {
        "as_of": digest.as_of.isoformat(),
        "weeks": digest.weeks,
        "applicant": digest.applicant,
        "window_start": start.isoformat() if start else None,
        "window_end": end.isoformat() if end else None,
        "changes_since": digest.since.isoformat(),
        "compared_with_digest_of": digest.compared_with.isoformat()
        if digest.compared_with
        else None,
        "lead": digest.lead,
        "due": [
            {**row, "internal_deadline_passed": internal_passed(row, digest.as_of)}
            for row in digest.due.rows
        ],
        "sessions": digest.sessions.rows,
        "changes": [c.row for c in digest.changes],
        "undated_not_listed": digest.undated,
    }


def content_key(content: dict[str, Any], recipients: Sequence[str], language: str) -> str:
    """What makes two digests the same one: content, recipients (in any order) and language."""
    whole = {"digest": content, "to": sorted(recipients_key(recipients).split(",")),
             "lang": language}  # fmt: skip
    text = json.dumps(whole, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def window_items(digest: Digest) -> list[Item]:
    """The items the digest's calendar holds: what is due and the sessions."""
    listed = digest.due.dated + digest.due.undated + digest.sessions.dated + digest.sessions.undated
    return [item for _row, item in listed]


# --- which digests went to whom ------------------------------------------------------------


def recipients_key(recipients: Sequence[str]) -> str:
    return ",".join(sorted({r.strip().lower() for r in recipients}))


def _entry(state: dict[str, Any], recipients: Sequence[str]) -> dict[str, Any]:
    """What the state holds for these recipients; ``ValueError`` if it is not as written."""
    if not state:
        return {}
    everyone = state.get("recipients", {})
    if state.get("format") != STATE_FORMAT or not isinstance(everyone, dict):
        raise ValueError("not a digest state")
    entry = everyone.get(recipients_key(recipients), {})
    if not (
        isinstance(entry, dict)
        and isinstance(entry.get("sent", []), list)
        and isinstance(entry.get("snapshots", {}), dict)
    ):
        raise ValueError("not a digest state")
    return entry


def already_sent(
    state: dict[str, Any], recipients: Sequence[str], key: str
) -> dict[str, Any] | None:
    """The record of the same digest sent to the same recipients, if it was."""
    for sent in _entry(state, recipients).get("sent", []):
        if isinstance(sent, dict) and sent.get("key") == key:
            return sent
    return None


def previous_digest(
    state: dict[str, Any], recipients: Sequence[str], as_of: dt.date
) -> tuple[dt.date, Snapshot] | None:
    """The newest digest sent to the same recipients for a day before ``as_of``, and the
    records as they were then. (A second run on the same day looks past the first, so it
    makes the same digest and is recognised.)"""
    snapshots = _entry(state, recipients).get("snapshots", {})
    if not isinstance(snapshots, dict):
        raise ValueError("not a digest state")
    earlier = sorted(day for day in snapshots if isinstance(day, str) and day < as_of.isoformat())
    if not earlier:
        return None
    day = earlier[-1]
    return dt.date.fromisoformat(day), snapshot_from_data(_unpacked(snapshots[day]))


def _packed(data: Any) -> str:
    """A snapshot kept compressed: a tenth of its JSON (at national scale, megabytes)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def _unpacked(packed: Any) -> Any:
    if not isinstance(packed, str):
        raise ValueError("not a packed snapshot")
    try:
        return json.loads(zlib.decompress(base64.b64decode(packed, validate=True)))
    except zlib.error as exc:
        raise ValueError(str(exc)) from None


def record_sent(
    state: dict[str, Any],
    recipients: Sequence[str],
    *,
    key: str,
    as_of: dt.date,
    sent_at: str,
    message_id: str,
    catalog: Catalog,
) -> dict[str, Any]:
    """``state`` with this digest added (and the records as they are today, to compare the
    next digest with), the oldest entries dropped; a damaged record is started afresh."""
    everyone = state.get("recipients") if state.get("format") == STATE_FORMAT else None
    everyone = dict(everyone) if isinstance(everyone, dict) else {}
    try:
        entry = dict(_entry(state, recipients))
    except ValueError:  # only this group's record is damaged: the others are kept
        entry = {}
    sent = [s for s in entry.get("sent", []) if isinstance(s, dict)]
    sent.append({"key": key, "as_of": as_of.isoformat(), "sent_at": sent_at,
                 "message_id": message_id, "to": sorted(recipients)})  # fmt: skip
    snapshots = dict(entry.get("snapshots", {}))
    snapshots[as_of.isoformat()] = _packed(snapshot_data(snapshot(catalog)))
    kept = sorted(snapshots)[-KEEP_SNAPSHOTS:]
    entry = {"sent": sent[-KEEP_SENT:], "snapshots": {day: snapshots[day] for day in kept}}
    everyone[recipients_key(recipients)] = entry
    return {"format": STATE_FORMAT, "recipients": everyone}
