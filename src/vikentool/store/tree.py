"""Writing a whole folder at once (a published site): a new tree is built beside the old one
and swapped in, so a web server never serves a half-written site and a failed run leaves the
previous one as it was."""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from vikentool.errors import OutputError, os_reason
from vikentool.i18n import _
from vikentool.store.output import new_file_mode

# The file that marks a folder as one this tool wrote, so that publishing into a folder
# that holds anything else (a home folder typed by mistake) is refused rather than replaced.
MARKER = ".viken-site"

_RENAME_EXCHANGE = 2  # linux/fs.h
_BATCH = 1 << 20  # characters of text gathered before a write


class TreeWriter:
    """The files of the tree being built; ``write`` one at a time, so that a large site is
    never held in memory whole."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Files and bytes in the tree, counted when it is complete (another process may
        # have written some of them).
        self.count = 0
        self.size = 0
        self._mode = new_file_mode()
        os.chmod(root, new_file_mode(folder=True))

    def write(self, name: str, chunks: bytes | Iterable[str]) -> None:
        """One file: bytes, or text in pieces (written as UTF-8 as they come)."""
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:  # pragma: no cover - our own names
            raise ValueError(f"not a relative path inside the tree: {name}")
        path = self.root.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            if isinstance(chunks, bytes):
                stream.write(chunks)
            else:
                # Pieces may be single tokens: gathered, so each write is a sizeable one.
                pending: list[str] = []
                held = 0
                for chunk in chunks:
                    pending.append(chunk)
                    held += len(chunk)
                    if held >= _BATCH:
                        stream.write("".join(pending).encode("utf-8"))
                        pending, held = [], 0
                stream.write("".join(pending).encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(path, self._mode)

    def measure(self) -> list[str]:
        """The files in the tree, by relative path; counts them and their bytes."""
        files = sorted(p for p in self.root.rglob("*") if p.is_file())
        self.count, self.size = len(files), sum(p.stat().st_size for p in files)
        return [p.relative_to(self.root).as_posix() for p in files]

    def set_times(self, mtime: float) -> None:
        for path in sorted(self.root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            os.utime(path, (mtime, mtime))
        os.utime(self.root, (mtime, mtime))


@contextmanager
def replace_tree(
    target: Path, *, marker_text: bytes, mtime: float | None = None
) -> Iterator[TreeWriter]:
    """Make ``target`` hold exactly the files written to the ``TreeWriter`` this yields,
    and the marker, once the ``with`` block ends without an error.

    ``target`` may be missing, empty, or a folder this function wrote before; anything else
    is refused before anything is written. ``mtime`` (seconds since the epoch) is set on
    every file and folder, so that two runs with the same ``SOURCE_DATE_EPOCH`` give the
    same tree down to the times.
    """
    # Absolute, so that "." has a parent to build beside; symbolic links are not followed.
    target = Path(os.path.abspath(target))
    _check_target(target)
    try:
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    except OSError as exc:
        raise OutputError(
            f"{target}: " + _("cannot write here ({reason})").format(reason=os_reason(exc))
        ) from None
    try:
        writer = TreeWriter(building)
        yield writer
        # The marker lists what was published, so that a file added later is never lost.
        listing = "".join(f"{name}\n" for name in writer.measure())
        writer.write(MARKER, marker_text + listing.encode("utf-8"))
        if target.is_dir():
            os.chmod(building, target.stat().st_mode & 0o7777)
        if mtime is not None:
            writer.set_times(mtime)
        _swap_in(building, target)
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(
                f"{target}: " + _("could not be written ({reason})").format(reason=os_reason(exc))
            ) from None
        raise


def _check_target(target: Path) -> None:
    if not target.parent.is_dir():
        raise OutputError(
            f"{target}: " + _("the folder {folder} does not exist").format(folder=target.parent)
        )
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(
            _("{path} exists and is not a folder; give a new or empty folder").format(path=target)
        )
    if not target.is_dir() or not any(target.iterdir()):
        return
    marker = target / MARKER
    if not marker.is_file():
        raise OutputError(
            _(
                "{path} holds files that viken did not publish; give a new or empty folder "
                "(it would be replaced as a whole)"
            ).format(path=target)
        )
    published = set(marker.read_text(encoding="utf-8", errors="replace").splitlines()[1:])
    for found in sorted(target.rglob("*")):
        name = found.relative_to(target).as_posix()
        if name != MARKER and not found.is_dir() and name not in published:
            raise OutputError(
                _(
                    "{path}: {name} was not published by viken and would be lost; move it "
                    "away, or publish into another folder"
                ).format(path=target, name=name)
            )


def _swap_in(building: Path, target: Path) -> None:
    if not target.exists():
        os.rename(building, target)
        return
    if _exchange(building, target):
        shutil.rmtree(building, ignore_errors=True)
        return
    # No atomic exchange on this system: two renames, with the old tree kept until the new
    # one is in place, so at worst the folder is missing for an instant, never half-written.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(building, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    done = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE)
    return bool(done == 0)
