"""Writing files safely: all or nothing, never a half-written file in the user's folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from vikentool.errors import OutputError, os_reason
from vikentool.i18n import _


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, rename.

    On any error the previous file (if any) is untouched and the temporary file is removed.
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError(_("{path} is a folder; give a file name").format(path=target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"{target}: " + _("the folder {folder} does not exist").format(folder=folder)
        )
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{target}: " + _("cannot write here ({reason})").format(reason=os_reason(exc))
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(
                f"{target}: " + _("could not be written ({reason})").format(reason=os_reason(exc))
            ) from None
        raise
    _fsync_folder(folder)


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
