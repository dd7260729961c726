"""``viken digest``: what it lists, how it words it, and sending it through a real mail
server (aiosmtpd on 127.0.0.1), once, or not at all when something fails."""

from __future__ import annotations

import email
import email.policy
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from ical.calendar_stream import IcsCalendarStream

from tests.conftest import MOVED_ID, Invoke, edit, move_deadline
from vikentool.domain.catalog import Catalog
from vikentool.query.changes import snapshot, snapshot_data, snapshot_from_data
from vikentool.render.present import date_text

SENDER = "Frister i Ås kommune <frister@example.no>"
USER, PASSWORD = "frister", "hemmelig-ÆØÅ-passord"


class Received(NamedTuple):
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    encrypted: bool
    authenticated: bool

    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


class Inbox:
    """An aiosmtpd handler that keeps what it accepts and refuses ``nobody@...``."""

    def __init__(self) -> None:
        self.messages: list[Received] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: Any) -> str:  # fmt: skip
        if address.startswith("nobody@"):
            return "550 5.1.1 <nobody@example.no>: no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.original_content,
                session.ssl is not None,
                bool(session.authenticated),
            )
        )
        return "250 2.0.0 Ok: queued as TEST1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server(NamedTuple):
    url: str
    inbox: Inbox


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder / "vikentool" / "digests.json"


@pytest.fixture
def mail_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state_home: Path
) -> Iterator[Callable[..., Server]]:
    """Start an aiosmtpd server on a free port and point VIKEN_SMTP_URL at it; ``secure``:
    STARTTLS with a certificate made here (trusted through SSL_CERT_FILE) and a required
    login."""
    started: list[Controller] = []

    def start(secure: bool = False) -> Server:
        inbox = Inbox()
        port = free_port()
        options: dict[str, Any] = {}
        if secure:
            import trustme

            authority = trustme.CA()
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            authority.issue_cert("127.0.0.1").configure_cert(context)
            trusted = tmp_path / "ca.pem"
            authority.cert_pem.write_to_path(str(trusted))
            monkeypatch.setenv("SSL_CERT_FILE", str(trusted))

            def check(server: Any, session: Any, envelope: Any, mechanism: str,
                      data: Any) -> AuthResult:  # fmt: skip
                ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
                    USER.encode(),
                    PASSWORD.encode(),
                )
                return AuthResult(success=ok, handled=False)

            options = dict(tls_context=context, require_starttls=True, authenticator=check,
                           auth_required=True, auth_require_tls=True)  # fmt: skip
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        url = f"smtp://127.0.0.1:{port}"
        monkeypatch.setenv("VIKEN_SMTP_URL", url)
        return Server(url, inbox)

    yield start
    for controller in started:
        controller.stop()


def send(viken: Invoke, *extra: str, as_of: str = "2021-03-15") -> Any:
    return viken("digest", "--as-of", as_of, "--send", "--to", "postmottak@example.no",
                 "--from", SENDER, *extra)  # fmt: skip


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("viken: feil: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- what it lists -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "weeks"), [("2021-03-15", "4"), ("2021-04-20", "6"), ("2021-01-01", "52")]
)
def test_the_due_list_is_what_deadlines_within_lists(viken: Invoke, as_of: str, weeks: str) -> None:
    listed = json.loads(viken("deadlines", "--as-of", as_of, "--within", f"{weeks}w",
                              "-f", "json").stdout)  # fmt: skip
    digest = json.loads(viken("digest", "--as-of", as_of, "--weeks", weeks, "-f", "json").stdout)
    assert listed, "the window should hold deadlines"
    assert digest["due"] == [{**row, "internal_deadline_passed": None} for row in listed]


def test_march_15_four_weeks_holds_exactly_the_four_deadlines(viken: Invoke) -> None:
    digest = json.loads(viken("digest", "--as-of", "2021-03-15", "-f", "json").stdout)
    assert [row["id"] for row in digest["due"]] == [
        "nou-2020-15-horingsfrist",
        "kulturarvopplevelser-soknadsfrist-2021",
        "naering-og-innovasjon-i-viken-soknadsfrist-2021",
        "naeringsutvikling-i-distriktskommuner-soknadsfrist-2021",
    ]
    assert (digest["window_start"], digest["window_end"]) == ("2021-03-15", "2021-04-12")
    assert digest["changes_since"] == "2021-03-08"


def test_uncertain_dates_keep_their_mark_and_words_in_every_form(
    viken: Invoke, catalog: Catalog
) -> None:
    args = ("digest", "--as-of", "2021-04-26", "--weeks", "8", "--kind", "all")
    document = json.loads(viken(*args, "-f", "json").stdout)
    uncertain = [row for row in document["due"] if row["uncertain_in_window"]]
    assert len(uncertain) >= 3
    forms = {form: viken(*args, "-f", form).stdout for form in ("text", "markdown", "html")}
    for row in uncertain:
        item = catalog.item(row["id"])
        assert item is not None
        words = date_text(item.date, uncertain=True)
        assert words.startswith("? ")
        assert words in forms["text"]
        assert words.replace("\n", " ") in forms["markdown"].replace("\\", "")
        assert f"«{item.date.as_written}»" in forms["text"]
        assert words[2:] in forms["html"]
    assert forms["html"].count('title="usikker">?</span>') == len(
        [r for r in document["due"] + document["sessions"] if r["uncertain_in_window"]]
    )


def test_a_passed_internal_deadline_is_flagged(viken: Invoke) -> None:
    document = json.loads(
        viken("digest", "--as-of", "2021-03-22", "--lead", "5", "-f", "json").stdout
    )
    flags = {row["id"]: row["internal_deadline_passed"] for row in document["due"]}
    assert flags["nou-2020-15-horingsfrist"] is True  # 19 March, three days ago
    assert flags["kulturarvopplevelser-soknadsfrist-2021"] is False  # 31 March
    text = viken("digest", "--as-of", "2021-03-22", "--lead", "5").stdout
    block = text.split("* 26. mars 2021")[1].split("\n\n")[0]
    assert "→ intern frist 19. mars 2021 (5 arbeidsdager før) – allerede passert!" in block
    assert "allerede passert" not in text.split("* 12. april 2021")[1].split("\n\n")[0]


def test_sessions_have_their_own_section(viken: Invoke) -> None:
    document = json.loads(viken("digest", "--as-of", "2022-02-20", "--weeks", "2",
                                "-f", "json").stdout)  # fmt: skip
    assert document["sessions"]
    assert {row["kind"] for row in document["sessions"]} == {"session"}
    assert all(row["kind"] != "session" for row in document["due"])
    no_sessions = viken("digest", "--as-of", "2022-02-20", "--kind", "deadlines")
    assert "Samlinger i læringsnettverket" not in no_sessions.stdout


def test_recorded_changes_are_listed_with_both_dates(
    viken: Invoke, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    move_deadline(data_copy)
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    document = json.loads(viken("digest", "--as-of", "2021-04-22", "-f", "json").stdout)
    assert [(c["change"], c["id"]) for c in document["changes"]] == [("moved", MOVED_ID)]
    text = viken("digest", "--as-of", "2021-04-22").stdout
    section = text.split("Endringer fra og med 15. april 2021 (1)")[1]
    assert "Fra: 1. mai 2021 («Kvalifiseringsprosjekter 1.mai»)" in section
    assert "Til: 18. mai 2021 («Ny frist: 2021-05-18»)" in section
    # A week later the change is older than the digest's default seven days.
    later = json.loads(viken("digest", "--as-of", "2021-04-30", "-f", "json").stdout)
    assert later["changes"] == []


def test_a_snapshot_reads_back_as_it_was(catalog: Catalog) -> None:
    taken = snapshot(catalog)
    assert snapshot_from_data(json.loads(json.dumps(snapshot_data(taken)))) == taken
    with pytest.raises(ValueError):
        snapshot_from_data({"x": ["deadline", "t", {"as_written": "?"}, None, None, None]})


def test_hostile_text_stays_text(
    viken: Invoke, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written with YAML's escapes: a right-to-left override and a terminal escape.
    hostile = r"<b>Næring</b> *fet* [lenke](javascript:x) \u202eesrever\e[31m"
    edit(data_copy / "schemes.yaml", 'title: "Søknadsfrist: KulturArvOpplevelser"',
         f'title: "{hostile}"')  # fmt: skip
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    html = viken("digest", "--as-of", "2021-03-15", "-f", "html").stdout
    assert "&lt;b&gt;Næring&lt;/b&gt;" in html and "<b>" not in html
    assert "[U+202E]" in html and "\u202e" not in html and "\x1b" not in html
    markdown = viken("digest", "--as-of", "2021-03-15", "-f", "markdown").stdout
    assert r"\<b\>Næring\</b\> \*fet\* \[lenke\](javascript:x)" in markdown
    text = viken("digest", "--as-of", "2021-03-15").stdout
    assert "\x1b" not in text and "\u202e" not in text


# --- the e-mail ----------------------------------------------------------------------------


def calendar_of(message: EmailMessage) -> bytes:
    attachments = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(attachments) == 1
    assert attachments[0].get_filename() == "viken-frister.ics"
    payload = attachments[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def test_the_sent_message_is_complete(
    viken: Invoke, mail_server: Callable[..., Server], state_home: Path
) -> None:
    server = mail_server()
    result = send(viken, "--to", "radgiver@example.no", "--lead", "5")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("viken: sendt til postmottak@example.no, radgiver@example.no")
    assert "250 2.0.0 Ok: queued as TEST1" in result.stderr
    [received] = server.inbox.messages
    assert received.mail_from == "frister@example.no"
    assert received.rcpt_tos == ["postmottak@example.no", "radgiver@example.no"]
    raw_headers = received.data.split(b"\r\n\r\n", 1)[0].decode("ascii")  # 7-bit on the wire
    assert "=?utf-8?" in raw_headers  # the sender's name and the subject, encoded
    message = received.message()
    assert str(message["From"]) == SENDER
    assert message["From"].addresses[0].display_name == "Frister i Ås kommune"
    assert str(message["Subject"]) == "Viken, uke 11: 4 frister, 0 endringer"
    assert message["To"].addresses[1].addr_spec == "radgiver@example.no"
    assert message["Date"] and message["Message-ID"].endswith("@example.no>")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "nb"
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert body is not None and html is not None
    assert body.get_content_charset() == "utf-8"
    text = body.get_content().replace("\r\n", "\n")
    assert "Høringsfrist: NOU 2020:15 «Det handler om Norge» (Demografiutvalget)" in text
    assert text == viken("digest", "--as-of", "2021-03-15", "--lead", "5").stdout
    as_html = viken("digest", "--as-of", "2021-03-15", "--lead", "5", "-f", "html").stdout
    assert html.get_content().replace("\r\n", "\n") == as_html
    calendar = calendar_of(message)
    parsed = IcsCalendarStream.calendar_from_ics(calendar.decode("utf-8"))
    assert len([e for e in parsed.events if not e.summary.startswith("Intern frist")]) == 4
    exported = viken("export-ics", "--as-of", "2021-03-15", "--within", "4w", "--lead", "5",
                     "--kind", "application_deadline", "--kind", "hearing_deadline",
                     "--kind", "session")  # fmt: skip
    assert calendar == exported.stdout_bytes
    assert state_home.is_file()


def test_sent_once_however_often_cron_runs_and_force_sends_again(
    viken: Invoke, mail_server: Callable[..., Server]
) -> None:
    server = mail_server()
    assert send(viken).exit_code == 0
    again = send(viken)
    assert again.exit_code == 0
    assert again.stderr.startswith("viken: ikke sendt: det samme sammendraget gikk til")
    assert len(server.inbox.messages) == 1
    forced = send(viken, "--force")
    assert forced.exit_code == 0 and "sendt til" in forced.stderr
    assert len(server.inbox.messages) == 2
    # A different window is a different digest.
    assert send(viken, as_of="2021-03-16").exit_code == 0
    assert len(server.inbox.messages) == 3


def test_the_next_digest_says_what_was_added_and_removed_since(
    viken: Invoke, mail_server: Callable[..., Server], data_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    server = mail_server()
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    assert send(viken, as_of="2021-03-15").exit_code == 0
    # Between the two digests a deadline is removed from the data and another is renamed,
    # with no history entry for either.
    edit(data_copy / "schemes.yaml", 'title: "Søknadsfrist: KulturArvOpplevelser"',
         'title: "Søknadsfrist: Kulturarv"')  # fmt: skip
    edit(data_copy / "schemes.yaml", "id: naering-og-innovasjon-i-viken-soknadsfrist-2021",
         "id: naering-og-innovasjon-i-viken-soknadsfrist-2021-ny")  # fmt: skip
    assert send(viken, as_of="2021-03-22").exit_code == 0
    document = json.loads(viken("digest", "--as-of", "2021-03-22", "--to",
                                "postmottak@example.no", "-f", "json").stdout)  # fmt: skip
    assert document["compared_with_digest_of"] == "2021-03-15"
    assert document["changes_since"] == "2021-03-16"
    found = {(c["change"], c["id"]) for c in document["changes"]}
    assert found == {
        ("added", "naering-og-innovasjon-i-viken-soknadsfrist-2021-ny"),
        ("removed", "naering-og-innovasjon-i-viken-soknadsfrist-2021"),
        ("reworded", "kulturarvopplevelser-soknadsfrist-2021"),
    }
    second = server.inbox.messages[1].message().get_body(preferencelist=("plain",))
    assert second is not None
    assert "lagt til: Søknadsfrist: Næring og innovasjon i Viken" in second.get_content()


def test_starttls_and_login(
    viken: Invoke, mail_server: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = mail_server(secure=True)
    monkeypatch.setenv("VIKEN_SMTP_USER", USER)
    monkeypatch.setenv("VIKEN_SMTP_PASSWORD", PASSWORD)
    result = send(viken)
    assert result.exit_code == 0, result.stderr
    [received] = server.inbox.messages
    assert received.encrypted and received.authenticated
    assert PASSWORD not in result.stdout + result.stderr


def test_the_login_can_come_from_netrc(
    viken: Invoke, mail_server: Callable[..., Server], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    server = mail_server(secure=True)
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert send(viken).exit_code == 0
    assert server.inbox.messages[0].authenticated
    netrc.chmod(0o644)
    refused = send(viken, "--force")
    assert refused.exit_code == 1
    assert "chmod 600" in one_error_line(refused.stderr)


def test_no_password_over_a_connection_without_tls(
    viken: Invoke, mail_server: Callable[..., Server], monkeypatch: pytest.MonkeyPatch,
    state_home: Path,
) -> None:  # fmt: skip
    server = mail_server()
    monkeypatch.setenv("VIKEN_SMTP_USER", USER)
    monkeypatch.setenv("VIKEN_SMTP_PASSWORD", PASSWORD)
    result = send(viken)
    assert result.exit_code == 1
    assert "STARTTLS" in one_error_line(result.stderr)
    assert server.inbox.messages == [] and not state_home.exists()


class ClosingServer:
    """Greets, reads one command, hangs up: a server that drops the connection."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            with connection:
                connection.sendall(b"220 test ESMTP\r\n")
                connection.recv(1024)


@pytest.mark.parametrize("failure", ["recipient", "closed", "login", "not listening"])
def test_a_failure_is_one_line_exit_1_and_nothing_recorded(
    viken: Invoke, mail_server: Callable[..., Server], monkeypatch: pytest.MonkeyPatch,
    state_home: Path, failure: str,
) -> None:  # fmt: skip
    extra: tuple[str, ...] = ()
    inbox = None
    if failure == "recipient":
        inbox = mail_server().inbox
        extra = ("--to", "nobody@example.no")
    elif failure == "closed":
        closing = ClosingServer()
        monkeypatch.setenv("VIKEN_SMTP_URL", f"smtp://127.0.0.1:{closing.port}")
    elif failure == "login":
        inbox = mail_server(secure=True).inbox
        monkeypatch.setenv("VIKEN_SMTP_USER", USER)
        monkeypatch.setenv("VIKEN_SMTP_PASSWORD", "feil-passord")
    else:
        monkeypatch.setenv("VIKEN_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    result = send(viken, *extra)
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    expected = {
        "recipient": "avviste nobody@example.no (550 5.1.1 <nobody@example.no>: no such "
        "mailbox); meldingen ble ikke sendt til noen",
        "closed": "lukket forbindelsen; ingenting ble sendt",
        "login": f"avviste innloggingen for {USER}: 535",
        "not listening": "tilkoblingen ble avvist",
    }[failure]
    assert expected in line
    assert "feil-passord" not in line and "viken: sendt til" not in result.stderr
    assert not state_home.exists()
    if inbox is not None:
        assert inbox.messages == []  # the accepted recipient did not get it either


def test_an_empty_digest_is_sent_only_when_asked(
    viken: Invoke, mail_server: Callable[..., Server]
) -> None:
    server = mail_server()
    quiet = send(viken, as_of="2030-01-07")
    assert quiet.exit_code == 0
    assert quiet.stderr.startswith("viken: ikke sendt: ingenting forfaller")
    assert server.inbox.messages == []
    assert send(viken, "--send-empty", as_of="2030-01-07").exit_code == 0
    body = server.inbox.messages[0].message().get_body(preferencelist=("plain",))
    assert body is not None and "Ingenting forfaller i disse ukene." in body.get_content()


def test_dry_run_shows_the_message_and_sends_nothing(
    viken: Invoke, mail_server: Callable[..., Server], state_home: Path
) -> None:
    server = mail_server()
    result = viken("digest", "--as-of", "2021-03-15", "--dry-run", "--to",
                   "postmottak@example.no", "--from", SENDER)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "viken: prøvekjøring: ingenting sendes\n"
    lines = result.stdout.splitlines()
    assert lines[0] == f"From: {SENDER}"
    assert lines[1] == "To: postmottak@example.no"
    assert lines[2] == "Subject: Viken, uke 11: 4 frister, 0 endringer"
    assert "Viken: frister og endringer, uke 11 2021" in result.stdout
    assert "[viken-frister.ics, text/calendar: " in result.stdout
    assert server.inbox.messages == [] and not state_home.exists()


def test_an_eml_file_is_a_whole_message_and_reproducible(
    viken: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1615795200")
    paths = [tmp_path / "a.eml", tmp_path / "b.eml"]
    for path in paths:
        result = viken("digest", "--as-of", "2021-03-15", "-f", "eml", "--from", SENDER,
                       "--to", "Ålesund <post@ålesund.example.no>", "-o", str(path))  # fmt: skip
        assert result.exit_code == 0, result.stderr
    first, second = (p.read_bytes() for p in paths)
    assert first == second and b"\r\n" in first
    message = email.message_from_bytes(first, policy=email.policy.default)
    assert message["Date"] == "Mon, 15 Mar 2021 09:00:00 +0100"
    assert message["To"].addresses[0].addr_spec == "post@xn--lesund-hua.example.no"
    assert message["To"].addresses[0].display_name == "Ålesund"


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (("--send",), {}, "--send trenger minst én --to"),
        (("--send", "--to", "a@example.no", "--format", "html"), {}, "--format"),
        (("--force",), {}, "--force hører sammen med --send"),
        (("--to", "ikke en adresse"), {}, "--to: 'ikke en adresse' er ikke én e-postadresse"),
        (("--send", "--to", "a@example.no", "--from", "b@example.no"), {},
         "VIKEN_SMTP_URL er ikke satt"),
        (("--send", "--to", "a@example.no", "--from", "b@example.no"),
         {"VIKEN_SMTP_URL": "smtp://bruker:pass@smtp.example.no"}, "VIKEN_SMTP_USER"),
        (("--send", "--to", "a@example.no", "--from", "b@example.no"),
         {"VIKEN_SMTP_URL": "http://smtp.example.no"}, "ikke en e-posttjeneradresse"),
        (("--send", "--to", "a@example.no"), {}, "avsender"),
        (("--weeks", "0"), {}, "--weeks"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2_with_one_line(
    viken: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
    env: dict[str, str], expected: str,
) -> None:  # fmt: skip
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = viken("digest", "--as-of", "2021-03-15", *args)
    assert result.exit_code == 2, result
    assert expected in one_error_line(result.stderr)


@pytest.mark.parametrize(
    "damaged",
    [b"\xff not json", b'{"format": "vikentool digests 1", "recipients": []}', b"[1, 2]"],
)
def test_an_unreadable_state_file_is_set_aside_with_a_warning(
    viken: Invoke, mail_server: Callable[..., Server], state_home: Path, damaged: bytes
) -> None:
    server = mail_server()
    state_home.parent.mkdir(parents=True)
    state_home.write_bytes(damaged)
    result = send(viken)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0].startswith("viken: advarsel: ")
    assert len(server.inbox.messages) == 1
    assert json.loads(state_home.read_text(encoding="utf-8"))["format"] == "vikentool digests 1"


def test_the_installed_command_sends_from_cron(
    mail_server: Callable[..., Server], tmp_path: Path
) -> None:
    server = mail_server()
    viken = Path(sys.executable).parent / "viken"
    env = {**os.environ, "VIKEN_SMTP_FROM": SENDER, "VIKEN_LANG": "nb"}
    run = [str(viken), "digest", "--as-of", "2021-03-15", "--send", "--to",
           "postmottak@example.no"]  # fmt: skip
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert first.stdout == second.stdout == ""
    assert len(server.inbox.messages) == 1


_STOPPED_BEFORE_THE_RUN = """
import os, signal, sys
from vikentool import stop
from vikentool.__main__ import main

class SignalsWhenCollected:
    def __del__(self):
        os.kill(os.getpid(), signal.{name})

installed = stop.install
def install_then_signal():
    installed()
    SignalsWhenCollected()  # the handler raises in __del__: Python swallows it
stop.install = install_then_signal
sys.argv = ["viken", *sys.argv[1:]]
main()
"""


@pytest.mark.skipif(os.name != "posix", reason="signals as POSIX has them")
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_digest_sent_after_a_swallowed_stop_is_recorded(
    mail_server: Callable[..., Server], state_home: Path, name: str
) -> None:
    """Found in review: a stop swallowed early ended the run at the "sent" note, between the
    server's acceptance and the record of it, so the next run sent the mail again. A command
    now finishes what it did after the signal; the stop is reported when it has ended."""
    server = mail_server()
    env = {**os.environ, "VIKEN_SMTP_FROM": SENDER, "VIKEN_LANG": "nb"}
    run = [sys.executable, "-c", _STOPPED_BEFORE_THE_RUN.format(name=name), "digest",
           "--as-of", "2021-03-15", "--send", "--to", "postmottak@example.no"]  # fmt: skip
    stopped = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    sent, _, stop = stopped.stderr.partition("250 2.0.0 Ok: queued as TEST1\n")
    assert sent.startswith("viken: sendt til postmottak@example.no")  # said once accepted
    expected = (130, "viken: avbrutt\n") if name == "SIGINT" else (-signal.SIGTERM, "")
    assert (stopped.returncode, stop) == expected
    assert len(server.inbox.messages) == 1 and state_home.is_file()
    rerun = [sys.executable, "-m", "vikentool", *run[3:]]
    again = subprocess.run(rerun, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert len(server.inbox.messages) == 1  # recorded: not sent a second time


def test_the_html_part_is_valid_html(
    viken: Invoke, data_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.browser_support import describe_html_errors, html_errors

    move_deadline(data_copy)  # a change to list, beside deadlines and a session
    monkeypatch.setenv("VIKEN_DATA_DIR", str(data_copy))
    page = tmp_path / "digest.html"
    result = viken("digest", "--as-of", "2021-04-22", "--weeks", "52", "--lead", "5",
                   "--kind", "all", "-f", "html", "-o", str(page))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert "Ingen endringer." not in text and "Ingenting forfaller" not in text
    errors = html_errors(page)
    assert not errors, describe_html_errors(errors)


# --- found in review ---------------------------------------------------------------------


@pytest.mark.parametrize("address", ['"x,y"@example.no', '"a@b"@example.no'])
def test_a_quoted_name_before_the_at_is_refused(viken: Invoke, address: str) -> None:
    result = viken("digest", "--as-of", "2021-03-15", "--to", address)
    assert result.exit_code == 2
    assert "er ikke én e-postadresse" in one_error_line(result.stderr)


def test_a_long_name_is_refused_before_it_breaks_a_header_line(viken: Invoke) -> None:
    result = viken("digest", "--as-of", "2021-03-15", "-f", "eml", "--from", SENDER,
                   "--to", "N" * 1200 + " <l@example.no>")  # fmt: skip
    assert result.exit_code == 2
    assert "lengre enn 200 tegn" in one_error_line(result.stderr)


class OddGoodbye(Inbox):
    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        return "500 5.5.1 odd goodbye"


def test_accepted_is_sent_however_the_server_says_goodbye(
    viken: Invoke, monkeypatch: pytest.MonkeyPatch, state_home: Path
) -> None:
    inbox, port = OddGoodbye(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("VIKEN_SMTP_URL", f"smtp://127.0.0.1:{port}")
        result = send(viken)
    finally:
        controller.stop()
    assert (result.exit_code, len(inbox.messages)) == (0, 1), result.stderr
    assert "sendt til" in result.stderr and state_home.is_file()


def test_a_damaged_group_leaves_the_others_and_a_damaged_file_is_kept(
    viken: Invoke, mail_server: Callable[..., Server], state_home: Path
) -> None:
    server = mail_server()
    for to in ("q@example.no", "z@example.no"):
        assert viken("digest", "--as-of", "2021-03-15", "--send", "--to", to,
                     "--from", SENDER).exit_code == 0  # fmt: skip
    state = json.loads(state_home.read_text(encoding="utf-8"))
    state["recipients"]["z@example.no"]["sent"] = {}
    state_home.write_text(json.dumps(state), encoding="utf-8")
    assert viken("digest", "--as-of", "2021-03-22", "--send", "--to", "z@example.no",
                 "--from", SENDER).exit_code == 0  # fmt: skip
    again = viken("digest", "--as-of", "2021-03-15", "--send", "--to", "q@example.no",
                  "--from", SENDER)  # fmt: skip
    assert "ikke sendt: det samme sammendraget" in again.stderr
    assert len(server.inbox.messages) == 3
    state_home.write_bytes(b"not json")
    assert send(viken).exit_code == 0
    assert state_home.with_name("digests.json.damaged").read_bytes() == b"not json"


@pytest.mark.parametrize("as_of", ["2199-12-31", "1900-01-01"])
def test_the_ends_of_the_calendar_are_no_trouble(viken: Invoke, as_of: str) -> None:
    result = viken("digest", "--as-of", as_of, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["due"] == []


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_a_day_past_the_ends_is_a_usage_error(viken: Invoke, as_of: str) -> None:
    result = viken("digest", "--as-of", as_of, "-f", "json")
    assert result.exit_code == 2
    assert "utenfor årene 1900 til 2199" in one_error_line(result.stderr)


@pytest.mark.parametrize(
    ("url", "expected"),
    [("smtp://127.0.0.1:0", "ikke en e-posttjeneradresse"),
     ("smtp://127.0.0.1 :2525", "ikke en e-posttjeneradresse")],
)  # fmt: skip
def test_a_server_address_that_cannot_work_is_a_usage_error(
    viken: Invoke, monkeypatch: pytest.MonkeyPatch, url: str, expected: str
) -> None:
    monkeypatch.setenv("VIKEN_SMTP_URL", url)
    result = send(viken)
    assert result.exit_code == 2
    assert expected in one_error_line(result.stderr)


def test_empty_login_variables_count_as_unset(
    viken: Invoke, mail_server: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = mail_server()
    monkeypatch.setenv("VIKEN_SMTP_USER", "")
    monkeypatch.setenv("VIKEN_SMTP_PASSWORD", "")
    assert send(viken).exit_code == 0
    assert not server.inbox.messages[0].authenticated


def test_each_recipient_once(viken: Invoke, mail_server: Callable[..., Server]) -> None:
    server = mail_server()
    assert send(viken, "--to", "Postmottak@Example.no", "--to", "b@example.no").exit_code == 0
    assert server.inbox.messages[0].rcpt_tos == ["postmottak@example.no", "b@example.no"]


def test_a_dry_run_makes_no_state_folder(
    viken: Invoke, state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = viken("digest", "--as-of", "2021-03-15", "--dry-run", "--to", "a@example.no",
                   "--from", SENDER)  # fmt: skip
    assert result.exit_code == 0
    assert not state_home.parent.exists()
    assert "--output brukes uten --dry-run" in one_error_line(
        viken("digest", "--dry-run", "--to", "a@example.no", "--from", SENDER, "-o", "x").stderr
    )


def test_the_forms_word_an_item_alike(viken: Invoke) -> None:
    forms = {f: viken("digest", "--as-of", "2021-03-15", "-f", f).stdout
             for f in ("text", "markdown", "html")}  # fmt: skip
    for form, shown in forms.items():
        assert "Som skrevet: «Søknadsfrist 12. april»" in shown, form
        assert "Knut Fossgard" in shown and "knutfo@viken.no" in shown, form
    assert "Kontakt: Knut Fossgard &lt;<a href" in forms["html"]


def test_sessions_only_has_no_deadline_section(viken: Invoke) -> None:
    text = viken("digest", "--as-of", "2022-02-20", "--kind", "session").stdout
    assert "Forfaller" not in text
    assert "Samlinger i læringsnettverket (1)" in text
