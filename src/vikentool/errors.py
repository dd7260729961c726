"""One exception hierarchy, caught once at the top of the CLI (see ``cli.main``)."""

from __future__ import annotations

from collections.abc import Iterable


class VikenError(Exception):
    """Base of every error the tool reports to a user. ``exit_code`` follows the CLI contract."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class DataError(VikenError):
    """A data file is missing, unreadable or invalid. Carries every problem found, one per line."""

    exit_code = 1

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def lines(self) -> list[str]:
        return self.problems


class UsageError(VikenError):
    """The user asked for something malformed: a bad date, number, id or option value."""

    exit_code = 2


class NotFoundError(VikenError):
    """A well-formed request named a record that the data does not hold."""

    exit_code = 1


class OutputError(VikenError):
    """Writing a result failed (unwritable path, disk full). The previous file is left intact."""

    exit_code = 1
