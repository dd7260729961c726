"""What the tool remembers between runs (which digests went to whom): small JSON files in the
user's state folder, written atomically, read under a lock.

Location: ``$XDG_STATE_HOME/vikentool`` if that is an absolute path, else
``~/.local/state/vikentool``. Unlike the cache, a lost state file costs something (a digest
may be sent again), so it is never removed here; one that cannot be read is reported to the
caller, which decides.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vikentool.errors import OutputError, os_reason
from vikentool.i18n import _
from vikentool.store.output import write_file


class UnreadableState(Exception):
    """The state file exists but is not what this tool wrote; ``str()`` says why."""


def state_dir() -> Path:
    """The state folder; an error if there is no absolute place for it."""
    xdg = os.environ.get("XDG_STATE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "vikentool"
    home = os.environ.get("HOME") if os.name != "nt" else os.path.expanduser("~")
    if not home or not os.path.isabs(home):
        raise OutputError(
            _("no folder to keep the state in: set XDG_STATE_HOME or HOME to an absolute path")
        )
    return Path(home) / ".local" / "state" / "vikentool"


def _folder() -> Path:
    folder = state_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: " + os_reason(exc)) from None
    return folder


def read_state(name: str) -> dict[str, Any]:
    """The JSON object kept under ``name``; empty if there is none yet."""
    path = state_dir() / name
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UnreadableState(f"{path}: {os_reason(exc)}") from None
    try:
        data = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise UnreadableState(f"{path}: " + _("not a state file of vikentool")) from None
    if not isinstance(data, dict):
        raise UnreadableState(f"{path}: " + _("not a state file of vikentool"))
    return data


def keep_damaged(name: str) -> Path:
    """Move a state file that could not be read to ``NAME.damaged`` (replacing an older one)
    before a new one is written: what it held is kept for a person to look at."""
    path = state_dir() / name
    kept = path.with_name(path.name + ".damaged")
    try:
        os.replace(path, kept)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OutputError(f"{path}: " + os_reason(exc)) from None
    return kept


def write_state(name: str, data: dict[str, Any]) -> None:
    """Replace the JSON object under ``name``, all or nothing."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    write_file(_folder() / name, text.encode("utf-8"))


@contextlib.contextmanager
def state_lock(name: str) -> Iterator[None]:
    """Held while a run reads, acts on and rewrites ``name``: a second run (cron started
    twice) waits, and then sees what the first one wrote."""
    path = _folder() / f"{name}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise OutputError(f"{path}: " + os_reason(exc)) from None
    try:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; one run at a time is assumed
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
