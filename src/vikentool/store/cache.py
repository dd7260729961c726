"""A small on-disk store of bytes under a content key, that can neither run code nor lie.

It knows nothing of what it holds: the caller (``model.load``) chooses the key, which must
cover everything the value depends on. An entry is plain bytes behind a header that repeats
the key and a SHA-256 of the payload, so a truncated, corrupted or renamed file is a miss.
Only a regular file owned by this user, in a folder owned by this user that no one else can
write, is read; anything wrong means a miss (a fresh build), never an error.

Location: ``$XDG_CACHE_HOME/vikentool`` if that is an absolute path, else
``~/.cache/vikentool``; no cache without a usable home. ``VIKEN_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

MAGIC = b"vikentool-cache 2\n"
KEEP = 8  # entries of one name kept; older ones are removed when a new one is written
MAX_BYTES = 512 * 1024 * 1024


def enabled() -> bool:
    return os.environ.get("VIKEN_CACHE", "1").strip().lower() not in ("0", "no", "false", "off")


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` if there is no absolute place for it."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "vikentool"
    home = os.environ.get("HOME") if os.name != "nt" else os.path.expanduser("~")
    if not home or not os.path.isabs(home) or not os.path.isdir(home):
        return None
    return Path(home) / ".cache" / "vikentool"


def _safe_folder(folder: Path, create: bool) -> bool:
    """Whether ``folder`` is ours alone: a real folder owned by this user, writable by no one
    else (created 0700 when ``create``)."""
    if create:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return False
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    return not (hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022))


def _entry(name: str, key: str) -> Path | None:
    folder = cache_dir() if enabled() else None
    return None if folder is None else folder / f"{name}-{key}.bin"


def read(name: str, key: str) -> bytes | None:
    """The payload stored under ``name`` and ``key``, or ``None`` (missing, foreign, damaged)."""
    path = _entry(name, key)
    if path is None or not _safe_folder(path.parent, create=False):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None
        chunks: list[bytes] = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        blob = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    header = MAGIC + key.encode() + b"\n"
    if not blob.startswith(header):
        return None
    digest, sep, payload = blob[len(header) :].partition(b"\n")
    if not sep or hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    return payload


def write(name: str, key: str, payload: bytes) -> None:
    """Store ``payload``; a cache that cannot be written is simply not used."""
    path = _entry(name, key)
    if path is None or not _safe_folder(path.parent, create=True):
        return
    digest = hashlib.sha256(payload).hexdigest().encode()
    blob = MAGIC + key.encode() + b"\n" + digest + b"\n" + payload
    temp = path.with_name(f".{os.getpid()}-{key[:16]}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temp, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(blob)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        os.replace(temp, path)
    except OSError:
        return
    _prune(path.parent, name)


def _prune(folder: Path, name: str) -> None:
    try:
        entries = sorted(
            folder.glob(f"{name}-*.bin"), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
        for leftover in folder.glob("*.pickle"):  # the format of the tool's first version
            leftover.unlink(missing_ok=True)
    except OSError:
        return
