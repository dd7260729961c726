"""The one writer for every file the tool writes (``-o``, ``--svg``, ``--html``, state files):
all or nothing, and never a replaced device, pipe or link.

- A new path or a regular file is replaced atomically: a temporary file in the same folder,
  fsync, rename. It keeps the old file's mode and, where the system permits, its owner and
  group. On any error or signal the old file is untouched and the temporary file removed.
- A symbolic link is written through: its target gets the new content, the link stays; a
  link another user made in a folder anyone may write to (``/tmp``) is refused.
- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``: written to that open descriptor.
- A pipe, a terminal or another character device (``/dev/null``, a FIFO) is written into as
  the shell's ``>`` would (a FIFO waits for its reader), never replaced by a regular file.
- A file with more than one name (hard links), or one this user may write in a folder they
  may not, is rewritten in place, so every name sees the new content: the content is
  complete in memory and its room on the disk claimed before the file is touched (a full
  disk leaves the old content whole), and stopping signals wait while it is written.
- A read-only file, a folder, a block device or a socket is refused with one line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from vikentool.errors import OutputError, os_reason
from vikentool.i18n import _

# Short whatever the target's name, so a name of the longest length the system allows
# still has room for its temporary file.
_TEMP_PREFIX = ".viken-"
_TEMP_SUFFIX = ".tmp"

# Paths that name one of this process's open descriptors: written to that descriptor, which
# shares the shell's position in the file (``-o /dev/stdout > cal.ics 2>&1`` keeps both).
_OWN_DESCRIPTOR = re.compile(r"^/(?:dev/(?:std(out|err)|fd/(\d+))|proc/self/fd/(\d+))$")


def write_file(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` as the module's rules say; an ``OutputError`` (one line)
    when it cannot, with nothing changed."""
    target = Path(path)
    try:
        _write(target, data)
    except BrokenPipeError:
        raise  # a reader that stopped reading: as for stdout, not a failure of ours
    except OSError as exc:  # the current folder gone, a loop of links, ...
        raise _failed(target, exc) from None


def _write(target: Path, data: bytes) -> None:
    descriptor = _own_descriptor(str(target))
    if descriptor is not None:
        _write_to_descriptor(descriptor, data)
        return
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(_("{path} is a folder; give a file name").format(path=target))
    if target.is_symlink():
        _check_link(target)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into_stream(target, data, info)
        return
    # A link is followed to the file it names, so the link itself is kept.
    real = Path(os.path.realpath(target))
    if info is None:
        _replace(target, real, data, None)
        return
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise OutputError(
            _(
                "{path} is read-only; it was not replaced (make it writable, or give another name)"
            ).format(path=target)
        )
    # Several names for one file, or a file this user may write in a folder they may not:
    # the file itself is rewritten, as the shell's ">" would.
    if info.st_nlink > 1 or not os.access(real.parent, os.W_OK | os.X_OK):
        _rewrite_in_place(target, real, data)
        return
    _replace(target, real, data, info)


def _own_descriptor(path: str) -> int | None:
    found = _OWN_DESCRIPTOR.match(path)
    if found is None:
        return None
    stream, fd, proc_fd = found.groups()
    if stream is not None:
        return 1 if stream == "out" else 2
    return int(fd if fd is not None else proc_fd)


def _write_to_descriptor(fd: int, data: bytes) -> None:
    # What stdout holds goes first, in order (stderr is never held: cli.app flushes it).
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    _write_all(fd, data)


def _check_link(link: Path) -> None:
    """A link in a folder anyone may write to (``/tmp``), not made by this user or the
    folder's owner, is refused: another user could have planted it to make this one
    overwrite their own files (what Linux's ``protected_symlinks`` also stops)."""
    if not hasattr(os, "getuid"):
        return
    folder = os.stat(link.parent)
    own = os.lstat(link).st_uid
    sticky_and_open = folder.st_mode & stat.S_ISVTX and folder.st_mode & 0o002
    if sticky_and_open and own not in (os.getuid(), folder.st_uid):
        raise OutputError(
            _(
                "{path} is a link another user made in a folder anyone may write to; "
                "it was not followed"
            ).format(path=link)
        )


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
            if old is not None:
                _keep_owner(handle, old)  # before the mode: a new owner clears set-id bits
        finally:
            os.close(handle)
        if old is None:
            os.chmod(temp_name, new_file_mode())
        else:
            os.chmod(temp_name, stat.S_IMODE(old.st_mode))
        os.replace(temp_name, real)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _failed(target, exc) from None
        raise
    _fsync_folder(folder)


def new_file_mode(folder: bool = False) -> int:
    """The mode a new file (or folder) gets here: as the shell would make it, under the
    process's umask (mkstemp's own 0600 is for the temporary name only)."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if folder else 0o666) & ~umask


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
        with _signals_held():  # new content and old tail are never left mixed
            _write_all(fd, data)
            os.ftruncate(fd, len(data))
        os.fsync(fd)
    except OSError as exc:
        raise _failed(target, exc) from None
    finally:
        os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Signals that stop the tool wait until the block is done (where the system can)."""
    import signal

    block = getattr(signal, "pthread_sigmask", None)
    held = {
        getattr(signal, name)
        for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
        if hasattr(signal, name)
    }
    if block is None:
        yield
        return
    previous = block(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


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
    fd = os.open(target, flags)
    try:
        _write_all(fd, data)
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
