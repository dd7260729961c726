"""``viken digest``: compose the digest, then print it, write it, or send it once.

Sending is the one place the tool acts on the world, so the order matters: every option and
the server's address are checked first; the state is read, the digest made, the message
handed over and the state written under one lock (cron started twice sends once); the state
is written only after the server accepted the message, and "sent" is said only then.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vikentool.cli.app import note, warn
from vikentool.errors import OutputError, UsageError
from vikentool.i18n import _, current_language

if TYPE_CHECKING:
    from email.message import EmailMessage

    from vikentool.domain.catalog import Catalog
    from vikentool.query.digest import Digest

FROM_VARIABLE = "VIKEN_SMTP_FROM"


class DigestFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    eml = "eml"


class Delivery(NamedTuple):
    """How the digest leaves: the addresses, and whether and how it is sent."""

    recipients: tuple[tuple[str, str], ...]  # (display name, address)
    sender: tuple[str, str] | None
    send: bool = False
    dry_run: bool = False
    force: bool = False
    send_empty: bool = False
    insecure: bool = False

    @property
    def addresses(self) -> list[str]:
        return [address for _name, address in self.recipients]


def delivery(
    *,
    to: Sequence[str],
    sender: str | None,
    send: bool,
    dry_run: bool,
    force: bool,
    send_empty: bool,
    insecure: bool,
    fmt: DigestFormat | None,
    output: Path | None,
) -> Delivery:
    """The addressing options, read and checked together (exit 2 if they do not fit)."""
    from vikentool.cli.options import read_option
    from vikentool.query.inputs import parse_address

    sending = send or dry_run
    if not sending:
        for flag, chosen in (("--force", force), ("--send-empty", send_empty),
                            ("--insecure", insecure)):  # fmt: skip
            if chosen:
                raise UsageError(_("{option} goes with --send").format(option=flag))
    else:
        mode = "--send" if send else "--dry-run"
        if not to:
            raise UsageError(_("{mode} needs at least one --to ADDRESS").format(mode=mode))
        if fmt is not None:
            raise UsageError(_("--format goes without {mode}: the e-mail holds text, HTML and "
                               "the calendar").format(mode=mode))  # fmt: skip
        if output is not None:
            raise UsageError(_("--output goes without {mode}").format(mode=mode))
    recipients: dict[str, tuple[str, str]] = {}
    for address in to:  # each once, the first spelling kept
        parsed_to = read_option("--to", parse_address, address)
        recipients.setdefault(parsed_to[1].lower(), parsed_to)
    given: str | None = sender if sender is not None else os.environ.get(FROM_VARIABLE) or None
    origin = "--from" if sender is not None else FROM_VARIABLE
    parsed = read_option(origin, parse_address, given) if given is not None else None
    if parsed is None and (sending or fmt is DigestFormat.eml):
        raise UsageError(
            _("an e-mail needs a sender: give --from ADDRESS or set {variable}").format(
                variable=FROM_VARIABLE
            )
        )
    return Delivery(tuple(recipients.values()), parsed, send, dry_run, force, send_empty,
                    insecure)  # fmt: skip


class Request(NamedTuple):
    """What to put in the digest (the options, read)."""

    as_of: dt.date
    weeks: int
    kinds: tuple[str, ...]
    scheme: str | None
    lead: int | None
    since: dt.date | None
    applicant: str | None = None


def run(catalog: Catalog, request: Request, how: Delivery, fmt: DigestFormat | None,
        output: Path | None) -> None:  # fmt: skip
    """Print, write or send the digest as ``how`` says. Only a real send takes the lock
    and writes the state; printing, writing a file or a dry run read it (to know the last
    digest to the same recipients) and make no folder for it."""
    if not (how.send or how.dry_run):
        state = _read_state()[0] if how.recipients else {}
        _emit(_compose(catalog, request, how, state), fmt or DigestFormat.text, how, output)
        return
    from vikentool.query.digest import STATE_NAME
    from vikentool.store.smtp import URL_VARIABLE, login_for, mail_server
    from vikentool.store.state import state_lock

    server = login = None
    if how.send:  # checked by a dry run too, when it is one of --send
        server = mail_server(os.environ.get(URL_VARIABLE))
        login = login_for(server.host)
    if how.dry_run:
        state = _read_state()[0]
        _deliver(catalog, _compose(catalog, request, how, state), how, state, server, login)
        return
    with state_lock(STATE_NAME):
        state, damaged = _read_state()
        digest = _compose(catalog, request, how, state)
        _deliver(catalog, digest, how, state, server, login, set_aside=damaged)


def _read_state() -> tuple[dict[str, Any], bool]:
    """The record of digests sent, and whether the file was damaged (then: empty)."""
    from vikentool.query.digest import STATE_NAME
    from vikentool.store.state import UnreadableState, read_state

    try:
        return read_state(STATE_NAME), False
    except UnreadableState as exc:
        warn(_("{problem}: set aside; a digest sent before may be sent again").format(problem=exc))
        return {}, True


def _compose(catalog: Catalog, request: Request, how: Delivery, state: dict[str, Any]) -> Digest:
    from vikentool.query.digest import compose, previous_digest

    previous = None
    if how.recipients and request.since is None:
        try:
            previous = previous_digest(state, how.addresses, request.as_of)
        except ValueError:
            warn(_("the record of earlier digests is damaged: left aside; a digest sent "
                   "before may be sent again"))  # fmt: skip
    return compose(
        catalog,
        request.as_of,
        weeks=request.weeks,
        kinds=request.kinds,  # type: ignore[arg-type]
        scheme=request.scheme,
        lead=request.lead,
        since=request.since,
        previous=previous,
        applicant=request.applicant,
    )


def _emit(digest: Digest, fmt: DigestFormat, how: Delivery, output: Path | None) -> None:
    from vikentool.render import digest as render
    from vikentool.render.emit import emit_bytes, emit_text

    if fmt is DigestFormat.json:
        from vikentool.query.digest import document
        from vikentool.render.emit import to_json

        emit_bytes(to_json(document(digest)).encode("utf-8"), output)
        return
    if fmt is DigestFormat.eml:
        emit_bytes(_message(digest, how).as_bytes(), output)
        return
    view = render.view(digest)
    if fmt is DigestFormat.html:
        emit_bytes(render.html(view).encode("utf-8"), output)
        return
    if fmt is DigestFormat.markdown:
        made = render.markdown(view)
    else:
        # As the e-mail has it; narrower only on a terminal that is (a preview at 40 columns).
        from vikentool.render.terminal import is_terminal, text_width

        on_screen = output is None and is_terminal()
        made = render.text(view, min(render.WIDTH, text_width()) if on_screen else render.WIDTH)
    emit_text(lambda stream: print(made, end="", file=stream), output)


def _message(digest: Digest, how: Delivery) -> EmailMessage:
    """The e-mail, dated now (or ``SOURCE_DATE_EPOCH``, and then the same bytes each time)."""
    import secrets
    from zoneinfo import ZoneInfo

    from vikentool.domain.dates import OSLO
    from vikentool.render.digest import digest_message
    from vikentool.render.ics import source_date_epoch

    assert how.sender is not None  # delivery() asks for one whenever a message is made
    epoch = source_date_epoch()
    when = (epoch or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(OSLO))
    nonce = "" if epoch is not None else "." + secrets.token_hex(6)
    return digest_message(digest, sender=how.sender, recipients=how.recipients, when=when,
                          nonce=nonce)  # fmt: skip


def _deliver(
    catalog: Catalog,
    digest: Digest,
    how: Delivery,
    state: dict[str, Any],
    server: Any,
    login: Any,
    *,
    set_aside: bool = False,
) -> None:
    from vikentool.query.digest import (
        STATE_NAME,
        already_sent,
        content_key,
        document,
        record_sent,
    )
    from vikentool.render.digest import preview
    from vikentool.store.smtp import send_mail
    from vikentool.store.state import keep_damaged, write_state

    addresses = how.addresses
    key = content_key(document(digest), addresses, current_language())
    try:
        earlier = already_sent(state, addresses, key)
    except ValueError:
        earlier = None
    if digest.is_empty and not how.send_empty:
        note(
            _(
                "not sent: nothing is due by {end} and nothing changed (--send-empty sends it "
                "anyway)"
            ).format(end=digest.window.end)
        )
        return
    if earlier is not None and not how.force:
        note(
            _("not sent: the same digest went to {to} at {when} (--force sends it again)").format(
                to=", ".join(addresses), when=earlier.get("sent_at", "?")
            )
        )
        return
    mail = _message(digest, how)
    if how.dry_run:
        note(_("dry run: nothing is sent"))
        sys.stdout.write(preview(mail))
        return
    assert how.sender is not None
    reply = send_mail(server, mail.as_bytes(), how.sender[1], addresses, login=login,
                      insecure=how.insecure)  # fmt: skip
    note(
        _("sent to {to} through {server}: {reply}").format(
            to=", ".join(addresses), server=server.address, reply=reply
        )
    )
    updated = record_sent(
        state,
        addresses,
        key=key,
        as_of=digest.as_of,
        sent_at=dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
        message_id=str(mail["Message-ID"]),
        catalog=catalog,
    )
    try:
        if set_aside:
            keep_damaged(STATE_NAME)
        write_state(STATE_NAME, updated)
    except OutputError as exc:
        raise OutputError(
            _(
                "the digest was sent, but not recorded ({problem}): the next run may send it again"
            ).format(problem=exc)
        ) from None
