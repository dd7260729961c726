"""The digest for people: plain text, Markdown, HTML, and the e-mail that carries them.

One view of the digest (``view``) feeds every form, so a date reads the same in each: worded by
``present.date_text`` with its ``?``, the document's own words beside it. The HTML is made by
the website's Jinja environment (autoescaping, every printed value through ``inert``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from email.message import EmailMessage
from typing import NamedTuple

from vikentool import __version__
from vikentool.domain.applicants import label as category_label
from vikentool.domain.catalog import Item
from vikentool.domain.dates import DateSpec
from vikentool.domain.kinds import label
from vikentool.domain.numbers import norwegian_number
from vikentool.i18n import _, current_language, ngettext
from vikentool.query.changes import Changed
from vikentool.query.digest import Digest, internal_passed
from vikentool.query.reports import Row
from vikentool.render.present import MARK, date_text, day_text, moved_text
from vikentool.render.tables import change_word, status_words, warning_text
from vikentool.render.terminal import clean

WIDTH = 72
Wrap = Callable[..., list[str]]
CALENDAR_FILE = "viken-frister.ics"


class DueView(NamedTuple):
    id: str
    title: str
    date_words: str  # without the mark
    uncertain: bool
    status_words: str
    as_written: str
    facts: tuple[str, ...]
    contacts: tuple[tuple[str, str | None, str | None], ...]  # name, e-mail, phone
    internal: str | None
    internal_passed: bool
    internal_today: bool
    warning: str | None
    moved: str | None
    citation: str
    url: str | None


class ChangeView(NamedTuple):
    change: str
    change_words: str
    title: str
    previous_title: str | None
    before: str | None
    before_written: str | None
    after: str | None
    after_written: str | None
    changed_on: str | None
    source: str | None


class DigestView(NamedTuple):
    title: str
    as_of: str
    due_heading: str
    due: list[DueView] | None  # None: only sessions were asked for
    sessions_heading: str
    sessions: list[DueView] | None  # None: sessions were not asked for
    changes_heading: str
    changes: list[ChangeView]
    undated_note: str | None
    footer: tuple[str, ...]


def _line(text: str) -> str:
    """A data file's text on one line, safe to show (``terminal.visible``)."""
    return " ".join(clean(text).split())


def _split_mark(words: str) -> tuple[str, bool]:
    if words.startswith(MARK + " "):
        return words[len(MARK) + 1 :], True
    return words, False


def _due(row: Row, item: Item, digest: Digest) -> DueView:
    words, uncertain = _split_mark(date_text(item.date, uncertain=row["uncertain_in_window"]))
    facts = [label(item.kind)]
    if row["scheme_name"] and row["scheme_name"] not in row["title"]:
        facts.append(_("scheme: {name}").format(name=_line(row["scheme_name"])))
    if row["amount_nok"] is not None:
        facts.append(f"kr {norwegian_number(row['amount_nok'])}")
    internal = None
    if digest.lead is not None and row["internal_deadline"]:
        internal = ngettext(
            "→ internal deadline {day} ({lead} working day before)",
            "→ internal deadline {day} ({lead} working days before)",
            digest.lead,
        ).format(day=day_text(dt.date.fromisoformat(row["internal_deadline"])), lead=digest.lead)
    warning = None
    if item.holiday_warning and item.date.earliest:
        warning = warning_text(item.date.earliest, item.holiday_warning)
    return DueView(
        id=item.id,
        title=_line(item.title),
        date_words=words,
        uncertain=uncertain,
        status_words=status_words(row),
        as_written=_line(item.date.as_written),
        facts=tuple(facts),
        contacts=tuple(
            (_line(c.name), c.email and _line(c.email), c.phone and _line(c.phone))
            for c in item.contacts
        ),
        internal=internal,
        internal_passed=bool(internal_passed(row, digest.as_of)),
        internal_today=row["internal_deadline"] == digest.as_of.isoformat(),
        warning=warning,
        moved=_line(moved_text(item.moves[-1])) if item.moves else None,
        citation=_line(item.citation),
        url=item.url,
    )


def _dated(spec: DateSpec | None) -> tuple[str | None, str | None]:
    if spec is None:
        return None, None
    return date_text(spec), _line(spec.as_written)


def _change(changed: Changed) -> ChangeView:
    row = changed.row
    before, before_written = _dated(changed.before)
    after, after_written = _dated(changed.after)
    on = row["changed_on"]
    return ChangeView(
        change=row["change"],
        change_words=change_word(row["change"]),
        title=_line(row["title"]),
        previous_title=_line(row["previous_title"]) if row["previous_title"] else None,
        before=before,
        before_written=before_written,
        after=after,
        after_written=after_written,
        changed_on=day_text(dt.date.fromisoformat(on)) if on else None,
        source=_line(row["source"]) if row["source"] else None,
    )


def view(digest: Digest) -> DigestView:
    year, week, _weekday = digest.as_of.isocalendar()
    end = digest.window.end or digest.as_of
    due = [_due(row, item, digest) for row, item in digest.due.dated + digest.due.undated]
    sessions = [
        _due(row, item, digest) for row, item in digest.sessions.dated + digest.sessions.undated
    ]
    undated_note = None
    if digest.undated:
        undated_note = ngettext(
            "{count} item without a date (ongoing or not given) is not listed: "
            "`viken deadlines --kind all --include-undated` lists it.",
            "{count} items without a date (ongoing or not given) are not listed: "
            "`viken deadlines --kind all --include-undated` lists them.",
            digest.undated,
        ).format(count=digest.undated)
    since = _("Changes from {day} on").format(day=day_text(digest.since))
    if digest.compared_with is not None:
        since += " " + _("(and since the digest of {day})").format(
            day=day_text(digest.compared_with)
        )
    return DigestView(
        title=_("Viken: deadlines and changes, week {week} {year}").format(week=week, year=year),
        as_of=_("As of {day}.").format(day=day_text(digest.as_of))
        + (
            " "
            + _("Leaving out the schemes the sources open only to others than {category}.").format(
                category=category_label(digest.applicant)
            )
            if digest.applicant
            else ""
        ),
        due_heading=ngettext(
            "Due in the next {weeks} week, to {end}",
            "Due in the next {weeks} weeks, to {end}",
            digest.weeks,
        ).format(weeks=digest.weeks, end=day_text(end)),
        due=due if any(k != "session" for k in digest.kinds) else None,
        sessions_heading=_("Learning network sessions"),
        sessions=sessions if "session" in digest.kinds else None,
        changes_heading=since,
        changes=[_change(c) for c in digest.changes],
        undated_note=undated_note,
        footer=(
            _(
                "Dates are worded as the documents word them: a date marked ? is uncertain; "
                "check the source before you rely on it."
            ),
            _("Made by `viken digest` (vikentool {version}).").format(version=__version__),
        ),
    )


def subject(digest: Digest) -> str:
    _year, week, _weekday = digest.as_of.isocalendar()
    due = len(digest.due.rows)
    parts = [ngettext("{count} deadline", "{count} deadlines", due).format(count=due)]
    if digest.sessions.rows:
        count = len(digest.sessions.rows)
        parts.append(ngettext("{count} session", "{count} sessions", count).format(count=count))
    count = len(digest.changes)
    parts.append(ngettext("{count} change", "{count} changes", count).format(count=count))
    return _("Viken, week {week}: {parts}").format(week=week, parts=", ".join(parts))


# --- plain text ----------------------------------------------------------------------------


def _wrapped(text: str, first: str = "", rest: str = "  ", width: int = WIDTH) -> list[str]:
    lines = textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [first.rstrip()]


def _heading(text: str, count: int, width: int) -> list[str]:
    lines = _wrapped(f"{text} ({count})", "", "", width)
    return ["", *lines, "=" * max(len(line) for line in lines)]


def _internal_flag(entry: DueView) -> str:
    """``allerede passert!`` or ``i dag!`` for an internal deadline, else nothing."""
    if entry.internal_passed:
        return _("already passed!")
    return _("today!") if entry.internal_today else ""


def contact_words(name: str, email: str | None, phone: str | None) -> str:
    """``Navn <e-post>, telefon``: a contact as every form of the digest words it."""
    return name + (f" <{email}>" if email else "") + (f", {phone}" if phone else "")


def _due_lines(entry: DueView, wrap: Wrap) -> Iterator[str]:
    mark = MARK + " " if entry.uncertain else ""
    yield ""
    yield from wrap(f"{mark}{entry.date_words} · {entry.status_words}", "* ")
    yield from wrap(entry.title, "  ")
    yield from wrap(_("As written: «{wording}»").format(wording=entry.as_written), "  ")
    yield from wrap(" · ".join(entry.facts), "  ")
    for contact in entry.contacts:
        yield from wrap(_("Contact: {who}").format(who=contact_words(*contact)), "  ", "    ")
    if entry.internal:
        flag = _internal_flag(entry)
        yield from wrap(entry.internal + (f" – {flag}" if flag else ""), "  ", "    ")
    if entry.warning:
        yield from wrap(f"⚠ {entry.warning}", "  ", "    ")
    if entry.moved:
        yield from wrap(f"↻ {entry.moved}", "  ", "    ")
    yield from wrap(_("Source: {source}").format(source=entry.citation), "  ", "    ")
    if entry.url:
        yield f"  {_line(entry.url)}"


def _change_lines(entry: ChangeView, wrap: Wrap) -> Iterator[str]:
    on = f" ({entry.changed_on})" if entry.changed_on else ""
    yield ""
    yield from wrap(f"{entry.change_words}{on}: {entry.title}", "* ")
    if entry.previous_title:
        yield from wrap(_("was: {title}").format(title=entry.previous_title), "  ")
    if entry.before is not None:
        text = _("From: {date} («{wording}»)").format(date=entry.before,
                                                     wording=entry.before_written)  # fmt: skip
        yield from wrap(text, "  ", "    ")
    if entry.after is not None:
        text = _("To: {date} («{wording}»)").format(date=entry.after, wording=entry.after_written)
        yield from wrap(text, "  ", "    ")
    if entry.source:
        yield from wrap(_("Source: {source}").format(source=entry.source), "  ", "    ")


def _section(heading: str, entries: Sequence[Iterator[str]], empty: str, width: int) -> list[str]:
    """A heading with its count, then each entry, or ``empty`` when there is none."""
    lines = _heading(heading, len(entries), width)
    for entry in entries:
        lines += entry
    return lines + (["", empty] if not entries else [])


def text(v: DigestView, width: int = WIDTH) -> str:
    """The plain-text form, ``width`` columns (the e-mail's is ``WIDTH``)."""
    wrap: Wrap = functools.partial(_wrapped, width=width)
    lines = [v.title, v.as_of]
    if v.due is not None:
        lines += _section(v.due_heading, [_due_lines(e, wrap) for e in v.due],
                          _("Nothing is due in these weeks."), width)  # fmt: skip
    if v.undated_note:
        lines += ["", *wrap(v.undated_note, "", "")]
    if v.sessions is not None:
        lines += _section(v.sessions_heading, [_due_lines(e, wrap) for e in v.sessions],
                          _("No sessions in these weeks."), width)  # fmt: skip
    lines += _section(v.changes_heading, [_change_lines(c, wrap) for c in v.changes],
                      _("No changes."), width)  # fmt: skip
    lines += ["", "--"]
    for paragraph in v.footer:
        lines += wrap(paragraph, "", "")
    return "\n".join(lines) + "\n"


# --- Markdown ------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def _md(text: str) -> str:
    """Data text that Markdown shows as written, never as markup or a link."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_ours(text: str) -> str:
    """One of our own sentences: its `command` stays a code span."""
    return _md(text).replace("\\`", "`")


def _md_due(entry: DueView) -> Iterator[str]:
    mark = MARK + " " if entry.uncertain else ""
    yield f"- **{_md(mark + entry.date_words)}** · {_md(entry.status_words)}  "
    yield f"  **{_md(entry.title)}**  "
    yield f"  {_md(_('As written: «{wording}»').format(wording=entry.as_written))}  "
    yield f"  {_md(' · '.join(entry.facts))}  "
    for contact in entry.contacts:
        yield f"  {_md(_('Contact: {who}').format(who=contact_words(*contact)))}  "
    if entry.internal:
        flag = _internal_flag(entry)
        yield f"  {_md(entry.internal)}{f' – **{_md(flag)}**' if flag else ''}  "
    if entry.warning:
        yield f"  ⚠ {_md(entry.warning)}  "
    if entry.moved:
        yield f"  ↻ {_md(entry.moved)}  "
    yield f"  {_md(_('Source: {source}').format(source=entry.citation))}" + (
        "  " if entry.url else ""
    )
    if entry.url:
        yield f"  {_md(entry.url)}"


def _md_change(entry: ChangeView) -> Iterator[str]:
    on = f" ({entry.changed_on})" if entry.changed_on else ""
    yield f"- **{_md(entry.change_words + on)}:** {_md(entry.title)}  "
    if entry.previous_title:
        yield f"  {_md(_('was: {title}').format(title=entry.previous_title))}  "
    if entry.before is not None:
        words = _("From: {date} («{wording}»)").format(date=entry.before,
                                                      wording=entry.before_written)  # fmt: skip
        yield f"  {_md(words)}  "
    if entry.after is not None:
        words = _("To: {date} («{wording}»)").format(date=entry.after, wording=entry.after_written)
        yield f"  {_md(words)}  "
    if entry.source:
        yield f"  {_md(_('Source: {source}').format(source=entry.source))}"


def _md_section(heading: str, lines: Sequence[Iterator[str]], empty: str) -> list[str]:
    out = ["", f"## {_md(heading)} ({len(lines)})", ""]
    for entry in lines:
        out += [*entry, ""]
    if not lines:
        out += [_md(empty), ""]
    return out[:-1]


def markdown(v: DigestView) -> str:
    lines = [f"# {_md(v.title)}", "", _md(v.as_of)]
    if v.due is not None:
        lines += _md_section(v.due_heading, [_md_due(e) for e in v.due],
                             _("Nothing is due in these weeks."))  # fmt: skip
    if v.undated_note:
        lines += ["", _md_ours(v.undated_note)]
    if v.sessions is not None:
        lines += _md_section(v.sessions_heading, [_md_due(e) for e in v.sessions],
                             _("No sessions in these weeks."))  # fmt: skip
    lines += _md_section(v.changes_heading, [_md_change(c) for c in v.changes], _("No changes."))
    lines += ["", "---", ""]
    lines += [_md_ours(p) + "  " for p in v.footer]
    lines[-1] = lines[-1].rstrip()
    return "\n".join(lines) + "\n"


# --- HTML ----------------------------------------------------------------------------------


def html(v: DigestView) -> str:
    from vikentool.render.site.build import environment

    env = environment()
    return env.get_template("digest.html").render({"digest": v, "lang": current_language()})


# --- the e-mail ----------------------------------------------------------------------------


def message(
    v: DigestView,
    *,
    subject_text: str,
    sender: tuple[str, str],
    recipients: Sequence[tuple[str, str]],
    calendar: bytes,
    when: dt.datetime,
    message_id: str,
) -> EmailMessage:
    """A complete RFC 5322 message: the text and the HTML as alternatives, the calendar
    attached. Addresses are ``(display name, address)``."""
    from email.headerregistry import Address
    from email.policy import SMTP
    from email.utils import format_datetime

    def address(pair: tuple[str, str]) -> Address:
        local, _at, domain = pair[1].rpartition("@")
        return Address(display_name=pair[0], username=local, domain=domain)

    mail = EmailMessage(policy=SMTP)
    mail["From"] = address(sender)
    if recipients:
        mail["To"] = [address(r) for r in recipients]
    mail["Subject"] = subject_text
    mail["Date"] = format_datetime(when)
    mail["Message-ID"] = message_id
    # Not a person writing: out-of-office and other automatic replies should stay away
    # (RFC 3834, and Exchange's own header for the same).
    mail["Auto-Submitted"] = "auto-generated"
    mail["X-Auto-Response-Suppress"] = "All"
    mail.set_content(text(v), subtype="plain", charset="utf-8", cte="quoted-printable")
    mail.add_alternative(html(v), subtype="html", charset="utf-8", cte="quoted-printable")
    mail.add_attachment(calendar, maintype="text", subtype="calendar", filename=CALENDAR_FILE)
    # After the parts are made: making the message mixed moves its Content- headers inside.
    mail["Content-Language"] = current_language()
    # Boundaries from the message's id, not chance: the same message is the same bytes.
    token = hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:24]
    for number, part in enumerate(p for p in mail.walk() if p.is_multipart()):
        part.set_boundary(f"viken-{token}-{number}")
    return mail


def digest_message(
    digest: Digest,
    *,
    sender: tuple[str, str],
    recipients: Sequence[tuple[str, str]],
    when: dt.datetime,
    nonce: str = "",
) -> EmailMessage:
    """The digest as ``--send`` sends it, with the window's calendar attached (what
    ``viken export-ics`` writes for the same items). The Message-ID names the digest's
    content and ``when``; ``nonce`` makes it unique (left out for a reproducible file)."""
    from vikentool.query.digest import content_key, document, window_items
    from vikentool.render.ics import build_calendar

    calendar, _undated = build_calendar(window_items(digest), lead=digest.lead)
    key = content_key(document(digest), [a for _name, a in recipients], current_language())
    domain = sender[1].rpartition("@")[2]
    return message(
        view(digest),
        subject_text=subject(digest),
        sender=sender,
        recipients=recipients,
        calendar=calendar,
        when=when,
        message_id=f"<digest.{key[:20]}.{int(when.timestamp())}{nonce}@{domain}>",
    )


PREVIEW_HEADERS = ("From", "To", "Subject", "Date", "Message-ID")


def preview(mail: EmailMessage) -> str:
    """What a message holds, for people (``--dry-run``): its headers as they will read,
    the plain text, and a line for each other part."""
    lines = [f"{name}: {mail[name]}" for name in PREVIEW_HEADERS if mail[name] is not None]
    lines.append("")
    others = []
    body = mail.get_body(preferencelist=("plain",))
    for part in mail.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        size = len(part.get_payload(decode=True) or b"")
        if part is body:
            lines.append(part.get_content().rstrip("\n"))
            continue
        name = part.get_filename()
        described = f"{name}, {kind}" if name else kind
        others.append(
            "["
            + ngettext("{part}: {size} byte", "{part}: {size} bytes", size).format(
                part=described, size=size
            )
            + "]"
        )
    return "\n".join([*lines, "", *others]) + "\n"
