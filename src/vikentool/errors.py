"""One exception hierarchy for the whole package, mapped to exit codes once, in ``cli.app``.

Library code raises these with messages about values ("'13.13.2021' is not a date"); only the
CLI knows which option a value came from and adds its name.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable

from vikentool.i18n import _


class VikenError(Exception):
    """Base of every error the tool reports to a user. ``exit_code`` follows the CLI contract."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class DataError(VikenError):
    """A data file is missing, unreadable or invalid. Carries every problem found, one per line,
    each already saying where (``FILE:LINE:COL: path: message``)."""

    exit_code = 1

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def lines(self) -> list[str]:
        return self.problems


class FileAccessError(DataError):
    """A file or folder named by the user (``--from-csv``, ``--data-dir``) is missing,
    unreadable or of the wrong kind: one problem about the whole path, with no position in a
    file, so the CLI reports it like any other error (``viken: error: PATH: ...``)."""

    def __init__(self, problem: str) -> None:
        super().__init__([problem])


class UsageError(VikenError, ValueError):
    """A value given by the user is malformed: a date, a number, a kind, a period."""

    exit_code = 2


class NotFoundError(VikenError):
    """A well-formed request named a record that the data does not hold. Exit 1, not 2: whether
    an id exists depends on the data read (``--data-dir``), not on how it was typed."""

    exit_code = 1


class OutputError(VikenError):
    """Writing a result failed (unwritable path, disk full). The previous file is left intact."""

    exit_code = 1


class MailError(VikenError):
    """The mail server could not be reached, refused the login, a sender or a recipient, or
    dropped the connection: the message was not accepted, and nothing is recorded as sent."""

    exit_code = 1


def os_reason(exc: OSError) -> str:
    """Why the system refused, in the interface language: the C library's own text is
    English whatever the locale, so the common reasons are ours."""
    reasons = {
        errno.ENOENT: _("no such file or folder"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("not permitted"),
        errno.EISDIR: _("is a folder"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.ENOSPC: _("no space left on the device"),
        errno.EBADF: _("closed (bad file descriptor)"),
        errno.EIO: _("input/output error"),
        errno.EPIPE: _("the reader closed the pipe"),
        errno.EROFS: _("read-only file system"),
        errno.ELOOP: _("too many symbolic links"),
        errno.ENAMETOOLONG: _("the name is too long"),
        errno.EEXIST: _("a file is in the way"),
        errno.ECONNREFUSED: _("connection refused"),
        errno.ECONNRESET: _("the connection was reset"),
        errno.EHOSTUNREACH: _("no route to the host"),
        errno.ENETUNREACH: _("the network is unreachable"),
    }
    return reasons.get(exc.errno or 0) or exc.strerror or str(exc)
