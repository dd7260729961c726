"""Where ``viken`` and ``python -m vikentool`` start.

Before the command line interface is imported (the slowest part of a run, and where an early
Ctrl-C lands), the process is made safe to stop and safe to run with closed standard streams:

- SIGTERM, SIGHUP and SIGQUIT raise ``Stopped`` where the program is, as Ctrl-C raises
  KeyboardInterrupt, so every ``finally`` runs on the way out (a temporary file being written
  is removed); the process then ends by the same signal, so a calling shell or service
  manager sees what stopped it. No traceback is printed for either. A second signal during
  that cleanup is ignored, and a signal the caller set to be ignored (``nohup``) stays so.
- A standard stream that was closed (``viken deadlines >&-``) is not left for the next file
  the tool opens to take over its number: ``/dev/null`` is put there, and the Python stream
  says "bad file descriptor" on use, which the CLI reports as one line. A closed stderr just
  loses the messages; the exit code still tells.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import signal
import sys

TYPE_CHECKING = False  # typing itself is not imported before the signals are handled
if TYPE_CHECKING:
    from types import FrameType
    from typing import NoReturn

STOP_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT")


class Stopped(BaseException):
    """A signal asked the process to stop. A BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` takes it for an error of the tool's own."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class ClosedStream(io.TextIOBase):
    """A standard stream the tool was started without: every read or write is EBADF."""

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        return f"<{self._name}>"

    @property
    def buffer(self) -> ClosedStream:
        return self

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def read(self, size: int | None = -1) -> str:
        raise _bad_descriptor()

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        raise _bad_descriptor()

    def write(self, text: object) -> int:
        raise _bad_descriptor()


def _bad_descriptor() -> OSError:
    return OSError(errno.EBADF, os.strerror(errno.EBADF))


_stopping: list[int] = []  # the signal that stopped the run, once one has


def _stop(signum: int, frame: FrameType | None) -> None:
    # The first signal decides: a second one (TERM, then HUP) must not interrupt the
    # cleanup the first one started. (Set to SIG_IGN instead, a second signal already on
    # its way makes Python print "ignored due to race condition".)
    if _stopping:
        return
    _stopping.append(signum)
    signal.signal(signal.SIGINT, _stop)  # nor may a Ctrl-C now
    raise Stopped(signum)


def _plug_closed_streams() -> None:
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
            setattr(sys, name, ClosedStream(name) if fd < 2 else open(os.devnull, "w"))  # noqa: SIM115 - stands for stderr until exit


def _end_by(signum: int) -> NoReturn:
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    os._exit(128 + signum)  # pragma: no cover - the signal ends the process first


def main() -> None:
    try:
        # A run builds many objects that live until it ends (a listing of many thousand
        # rows): collected for cycles at Python's default pace, their number makes the time
        # grow faster than the rows. A run is short, and the tool makes few cycles.
        gc.set_threshold(100_000, 20, 20)
        _plug_closed_streams()
        for name in STOP_SIGNALS:
            number = getattr(signal, name, None)
            # A signal the caller ignores stays ignored: nohup, a shell's background jobs.
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, _stop)
        from vikentool.cli import app

        app()
    except KeyboardInterrupt:
        _end_by(_stopping[0] if _stopping else signal.SIGINT)
    except Stopped as stop:
        _end_by(stop.signum)


if __name__ == "__main__":
    main()
