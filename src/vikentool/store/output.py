"""The one writer for every file the tool writes (``-o``, ``--svg``, ``--html``, state files):
all or nothing, and never a replaced device, pipe or link.

- A new path or a regular file is replaced atomically: a temporary file in the same folder,
  fsync, rename. It keeps the old file's mode and, where the system permits, its owner and
  group. On any error or signal the old file is untouched and the temporary file removed.
- A symbolic link is written through: its target gets the new content, the link stays.
- A pipe, a terminal or another character device (``/dev/null``, ``/dev/stdout``) is written
  into as the shell's ``>`` would, never replaced by a regular file.
- A file with more than one name (hard links) is rewritten in place, so every name sees the
  new content: the content is complete in memory and its room on the disk claimed before
  the file is touched, so a full disk leaves the old content whole.
- A read-only file, a folder, a block device or a socket is refused with one line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from vikentool.errors import OutputError, os_reason
from vikentool.i18n import _

# Short whatever the target's name, so a name of the longest length the system allows
# still has room for its temporary file.
_TEMP_PREFIX = ".viken-"
_TEMP_SUFFIX = ".tmp"

# Paths that name one of this process's own open streams: written into, never resolved to
# the file behind them and replaced (``-o /dev/stdout`` with stdout redirected to a file).
_OWN_STREAMS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


def write_file(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` as the module's rules say; an ``OutputError`` (one line)
    when it cannot, with nothing changed."""
    target = Path(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _failed(target, exc) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(_("{path} is a folder; give a file name").format(path=target))
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into_stream(target, data, info)
        return
    if info is not None and str(target).startswith(_OWN_STREAMS):
        _write_into_stream(target, data, info)
        return
    # A link is followed to the file it names, so the link itself is kept.
    real = Path(os.path.realpath(target))
    if info is not None:
        if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
            raise OutputError(
                _(
                    "{path} is read-only; it was not replaced (make it writable, or give "
                    "another name)"
                ).format(path=target)
            )
        if info.st_nlink > 1:
            _rewrite_in_place(target, real, data)
            return
    _replace(target, real, data, info)


def _replace(target: Path, real: Path, data: bytes, old: os.stat_result | None) -> None:
    folder = real.parent
    if not folder.is_dir():
        raise OutputError(
            f"{target}: " + _("the folder {folder} does not exist").format(folder=folder)
        )
    try:
        handle, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{target}: " + _("cannot write here ({reason})").format(reason=os_reason(exc))
        ) from None
    try:
        try:
            _write_all(handle, data)
            os.fsync(handle)
            if old is None:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(handle, 0o666 & ~umask)
            else:
                _keep_owner(handle, old)
                os.fchmod(handle, stat.S_IMODE(old.st_mode))
        finally:
            os.close(handle)
        os.replace(temp_name, real)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _failed(target, exc) from None
        raise
    _fsync_folder(folder)


def _keep_owner(handle: int, old: os.stat_result) -> None:
    """The old file's owner and group, where this user may give them (root, or a group of
    this user's): otherwise the new file is this user's, as any file they create."""
    if not hasattr(os, "fchown"):
        return
    try:
        os.fchown(handle, old.st_uid, old.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.fchown(handle, -1, old.st_gid)


def _rewrite_in_place(target: Path, real: Path, data: bytes) -> None:
    try:
        fd = os.open(real, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _failed(target, exc) from None
    try:
        _reserve(fd, len(data))
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    except OSError as exc:
        raise _failed(target, exc) from None
    finally:
        os.close(fd)


def _reserve(fd: int, size: int) -> None:
    """Claim the room for ``size`` bytes before the first byte is overwritten, so that a full
    disk refuses the write while the old content is still whole. Where the file system
    cannot promise room in advance, the write goes ahead (a full disk then cuts it short)."""
    allocate = getattr(os, "posix_fallocate", None)
    if allocate is None or size == 0:
        return
    try:
        allocate(fd, 0, size)
    except OSError as exc:
        if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            raise


def _write_into_stream(target: Path, data: bytes, info: os.stat_result) -> None:
    if stat.S_ISBLK(info.st_mode) or stat.S_ISSOCK(info.st_mode):
        raise OutputError(
            _("{path} is a device or socket, not a file; give a file name").format(path=target)
        )
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if stat.S_ISREG(info.st_mode):
        flags |= os.O_APPEND  # after what the shell's own redirection has put there
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise _failed(target, exc) from None
    try:
        _write_all(fd, data)
    except OSError as exc:
        raise _failed(target, exc) from None
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _failed(target: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"{target}: " + _("could not be written ({reason})").format(reason=os_reason(exc))
    )


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
