"""Where ``viken`` and ``python -m vikentool`` start.

Before the command line interface is imported (the slowest part of a run, and where an early
Ctrl-C lands), the process is made safe to stop and safe to run with closed standard streams:

- Signals that stop the tool are handled (``vikentool.stop``): no traceback, every
  ``finally`` runs, and the process ends by the signal (Ctrl-C inside a command: "aborted",
  exit 130).
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

from vikentool import stop


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


def main() -> None:
    try:
        # A run builds many objects that live until it ends (a listing of many thousand
        # rows): collected for cycles at Python's default pace, their number makes the time
        # grow faster than the rows. A run is short, and the tool makes few cycles.
        gc.set_threshold(100_000, 20, 20)
        _plug_closed_streams()
        stop.install()
        from vikentool.cli import app

        app()
    except KeyboardInterrupt:
        stop.end_by(stop.requested() or signal.SIGINT)
    except stop.Stopped as stopped:
        stop.end_by(stopped.signum)
    except SystemExit:
        raise
    except BaseException:
        # Python wraps what a handler raises in some places (a class being created reports
        # a descriptor's failure as RuntimeError): a stop all the same, not a traceback.
        signum = stop.requested()
        if signum is None:
            raise
        stop.end_by(signum)


if __name__ == "__main__":
    main()
