"""Stopping by a signal, the same way wherever in the run the signal lands.

SIGTERM, SIGHUP and SIGQUIT raise ``Stopped`` where the program is, as Ctrl-C raises
KeyboardInterrupt, so every ``finally`` runs on the way out (a temporary file being written is
removed); the process then ends by the same signal, so a calling shell or service manager sees
what stopped it. A second signal during that cleanup is ignored, and a signal the caller set
to be ignored (``nohup``) stays so.

A signal is handled wherever Python is, and some places swallow what the handler raises: a
weak reference's callback or a ``__del__`` (Python prints "Exception ignored in" and a
traceback, and goes on), or a library that takes any exception for a failed check (a schema
built while Ctrl-C landed then refused every value). So every stop is also recorded:
``requested()`` tells the CLI, before it reports anything, that the run was stopped, and it
reports the stop instead of whatever the code the signal landed in made of it.

Standard library only (os, signal, sys): this is set up before the rest of the tool is
imported.
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # typing itself is not imported before the signals are handled
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType
    from typing import Any, NoReturn

STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")


class Stopped(BaseException):
    """A signal asked the process to stop. A BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` takes it for an error of the tool's own."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_stopping: list[int] = []  # the signal that stopped the run, once one has
# Whether that stop's exception is on its way up, running every ``finally``: a later signal
# must not interrupt that cleanup. One swallowed on the way is not: the next signal raises.
_unwinding = [False]


def requested() -> int | None:
    """The signal that stopped the run, if one has, even where the exception it raised was
    swallowed on its way up."""
    return _stopping[0] if _stopping else None


def handled() -> None:
    """The stop was the program's own way to end (Ctrl-C ends a server): nothing to report,
    and a later signal stops the run as the first did."""
    _stopping.clear()
    _unwinding[0] = False


def _stop(signum: int, frame: FrameType | None) -> None:
    # The first signal decides: a second one (TERM, then HUP) must not interrupt the
    # cleanup the first one started. (Set to SIG_IGN instead, a second signal already on
    # its way makes Python print "ignored due to race condition".)
    if _unwinding[0]:
        return
    if not _stopping:
        _stopping.append(signum)
    _unwinding[0] = True
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def _quiet_about_stops(report: Callable[[Any], object]) -> Callable[[Any], None]:
    def hook(unraisable: Any) -> None:
        # A stop raised where Python cannot pass it on (a __del__, a weak reference's
        # callback) is recorded already: not an error to print. Nothing is unwinding for
        # it, so the next signal raises again; the CLI reports it before anything else.
        if isinstance(unraisable.exc_value, Stopped | KeyboardInterrupt) and _stopping:
            _unwinding[0] = False
            return
        report(unraisable)

    return hook


def install() -> None:
    """Handle the stopping signals, except those the caller set to be ignored."""
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        # A signal the caller ignores stays ignored: nohup, a shell's background jobs.
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _stop)
    sys.unraisablehook = _quiet_about_stops(sys.unraisablehook)


def end_by(signum: int) -> NoReturn:
    """End the process by ``signum``, as if it had not been handled."""
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    os._exit(128 + signum)  # pragma: no cover - the signal ends the process first
