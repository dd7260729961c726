"""Sending one message through a mail server, all or nothing.

The server comes from ``VIKEN_SMTP_URL`` (``smtp://host:port``, or ``smtps://`` for TLS from
the first byte); the login from ``VIKEN_SMTP_USER`` and ``VIKEN_SMTP_PASSWORD``, else from the
netrc file (``$NETRC``, else ``~/.netrc``), never from the command line. STARTTLS is used
whenever the server offers it, and a password is never sent over a connection that is not
encrypted, unless the caller says ``insecure``. Certificates are checked against the
system's store (``SSL_CERT_FILE`` names another, such as a municipality's own CA).

Every recipient must be accepted before the message is handed over: if the server refuses
one, the transaction is reset and nobody gets it, so "sent" always means sent to all.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from vikentool.errors import MailError, UsageError, os_reason
from vikentool.i18n import _

URL_VARIABLE = "VIKEN_SMTP_URL"
USER_VARIABLE = "VIKEN_SMTP_USER"
PASSWORD_VARIABLE = "VIKEN_SMTP_PASSWORD"
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
TIMEOUT = 60.0


class MailServer(NamedTuple):
    scheme: str
    host: str
    port: int

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


class Login(NamedTuple):
    user: str
    password: str

    def __repr__(self) -> str:  # a log or a traceback never shows the password
        return f"Login(user={self.user!r}, password=...)"


def mail_server(url: str | None) -> MailServer:
    """``VIKEN_SMTP_URL`` read: ``smtp://host[:port]`` (port 25 by default, 587 is usual
    for submission) or ``smtps://host[:port]`` (465)."""
    example = "smtp://smtp.example.no:587"
    if not url or not url.strip():
        raise UsageError(
            _("{variable} is not set: name the mail server, e.g. {example}").format(
                variable=URL_VARIABLE, example=example
            )
        )
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or port == 0
        or any(c.isspace() for c in text)
        or parts.scheme not in DEFAULT_PORTS
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise UsageError(
            _("{variable}: {value} is not a mail server address such as {example}").format(
                variable=URL_VARIABLE, value=repr(text), example=example
            )
        )
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            _(
                "{variable}: give the user and password in {user} and {password} or ~/.netrc, "
                "not in the address"
            ).format(variable=URL_VARIABLE, user=USER_VARIABLE, password=PASSWORD_VARIABLE)
        )
    return MailServer(parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme])


def login_for(host: str, environ: Mapping[str, str] | None = None) -> Login | None:
    """The login for ``host``: from the environment, else from the netrc file; ``None``
    when neither has one (the server is then used without a login)."""
    env = os.environ if environ is None else environ
    # An empty variable (common in a crontab) counts as not set.
    user, password = env.get(USER_VARIABLE) or None, env.get(PASSWORD_VARIABLE) or None
    if user is not None or password is not None:
        if not user or password is None:
            missing = USER_VARIABLE if not user else PASSWORD_VARIABLE
            raise UsageError(
                _("{given} is set but {missing} is not").format(
                    given=PASSWORD_VARIABLE if not user else USER_VARIABLE, missing=missing
                )
            )
        return Login(user, password)
    path = Path(env["NETRC"]) if env.get("NETRC") else Path.home() / ".netrc"
    return _netrc_login(path, host)


def _netrc_login(path: Path, host: str) -> Login | None:
    import netrc

    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise MailError(f"{path}: {os_reason(exc)}") from None
    if os.name == "posix" and info.st_mode & 0o077:
        raise MailError(
            _(
                "{path} can be read by others; make it yours alone (chmod 600) before it is "
                "used for a password"
            ).format(path=path)
        )
    try:
        found = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        raise MailError(
            _("{path}, line {line}: {reason}").format(path=path, line=exc.lineno, reason=exc.msg)
        ) from None
    except OSError as exc:
        raise MailError(f"{path}: {os_reason(exc)}") from None
    except UnicodeDecodeError:
        raise MailError(_("{path}: not UTF-8 text").format(path=path)) from None
    if found is None:
        return None
    user, _account, password = found
    return Login(user, password) if user and password else None


def _reply(text: bytes | str) -> str:
    """A server's reply on one line, without controls (it is printed on a terminal)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def send_mail(
    server: MailServer,
    message: bytes,
    sender: str,
    recipients: Sequence[str],
    *,
    login: Login | None = None,
    insecure: bool = False,
    timeout: float = TIMEOUT,
) -> str:
    """Hand ``message`` to ``server`` for every one of ``recipients``; answer the server's
    reply to the message (its queue id, often). ``MailError`` if it was not accepted."""
    context = ssl.create_default_context()
    try:
        if server.scheme == "smtps":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=timeout, context=context
            )
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=timeout)
    except smtplib.SMTPConnectError as exc:
        raise MailError(
            _("the mail server {address} would not talk: {reply}").format(
                address=server.address, reply=f"{exc.smtp_code} {_reply(exc.smtp_error)}"
            )
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(_failure(server, exc, login)) from None
    try:
        reply = _transaction(
            connection, server, message, sender, recipients, login, insecure, context
        )
    except MailError:
        _close(connection)
        raise
    except (OSError, smtplib.SMTPException, UnicodeError) as exc:
        _close(connection)
        raise MailError(_failure(server, exc, login)) from None
    # The server has the message: how it answers the goodbye changes nothing.
    _close(connection)
    return reply


def _transaction(
    connection: smtplib.SMTP,
    server: MailServer,
    message: bytes,
    sender: str,
    recipients: Sequence[str],
    login: Login | None,
    insecure: bool,
    context: ssl.SSLContext,
) -> str:
    connection.ehlo_or_helo_if_needed()
    encrypted = server.scheme == "smtps"
    if not encrypted and not insecure and connection.has_extn("starttls"):
        connection.starttls(context=context)
        connection.ehlo()
        encrypted = True
    if login is not None:
        if not encrypted and not insecure:
            raise MailError(
                _(
                    "the mail server {address} offers no encryption (STARTTLS): the password is "
                    "not sent in clear text (--insecure sends it anyway)"
                ).format(address=server.address)
            )
        _login(connection, login)
    code, reply = connection.mail(sender)
    if code != 250:
        _reset(connection)
        raise MailError(
            _("the mail server refused the sender {address}: {reply}").format(
                address=sender, reply=f"{code} {_reply(reply)}"
            )
        )
    refused = []
    for recipient in recipients:
        code, reply = connection.rcpt(recipient)
        if code not in (250, 251):
            refused.append(f"{recipient} ({code} {_reply(reply)})")
    if refused:
        _reset(connection)
        raise MailError(
            _("the mail server refused {recipients}; the message was sent to nobody").format(
                recipients=", ".join(refused)
            )
        )
    code, reply = connection.data(message)
    if code != 250:
        raise MailError(
            _("the mail server did not accept the message: {reply}").format(
                reply=f"{code} {_reply(reply)}"
            )
        )
    return f"{code} {_reply(reply)}"


def _login(connection: smtplib.SMTP, login: Login) -> None:
    """``smtplib`` sends a login in ASCII only; a password with æøå goes as AUTH PLAIN in
    UTF-8, as RFC 4616 has it."""
    if (login.user + login.password).isascii():
        connection.login(login.user, login.password)
        return
    offered = connection.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" not in offered:
        raise smtplib.SMTPAuthenticationError(
            504, b"a login with letters outside ASCII needs AUTH PLAIN, which is not offered"
        )
    import base64

    secret = b"\0" + login.user.encode("utf-8") + b"\0" + login.password.encode("utf-8")
    code, reply = connection.docmd("AUTH", "PLAIN " + base64.b64encode(secret).decode("ascii"))
    if code not in (235, 503):  # 503: already logged in
        raise smtplib.SMTPAuthenticationError(code, reply)


def _close(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


def _reset(connection: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException):
        connection.rset()


def _failure(server: MailServer, exc: BaseException, login: Login | None) -> str:
    """One line for what went wrong, never with the password."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return _("the mail server {address} refused the login for {user}: {reply}").format(
            address=server.address,
            user=login.user if login else "?",
            reply=f"{exc.smtp_code} {_reply(exc.smtp_error)}",
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return _("the mail server {address} closed the connection; nothing was sent").format(
            address=server.address
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return _("the mail server {address} answered {reply}; nothing was sent").format(
            address=server.address, reply=f"{exc.smtp_code} {_reply(exc.smtp_error)}"
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _(
            "the mail server {address} has a certificate this machine does not trust "
            "({reason}); SSL_CERT_FILE can name your organisation's CA"
        ).format(address=server.address, reason=_reply(exc.verify_message or str(exc)))
    if isinstance(exc, ssl.SSLError):
        return _("TLS with the mail server {address} failed: {reason}").format(
            address=server.address, reason=_reply(exc.reason or str(exc))
        )
    if isinstance(exc, socket.gaierror):
        return _("cannot find the mail server {host}: no such host name").format(host=server.host)
    if isinstance(exc, TimeoutError):
        return _("the mail server {address} did not answer in time").format(address=server.address)
    if isinstance(exc, OSError):
        return _("cannot reach the mail server {address}: {reason}").format(
            address=server.address, reason=os_reason(exc) if exc.errno else _reply(str(exc))
        )
    return _("the mail server {address} failed: {reason}").format(
        address=server.address, reason=_reply(str(exc))
    )
