"""A cache of the validated catalog and of its query index (``Snapshot``), keyed by content.

The key is a SHA-256 of the data files' bytes, this tool's version and the fingerprints of
the code that builds the index (including the holidays package, whose answers it holds), so
a changed file, tool or holiday table can never be served stale: the files are read and
hashed on every run, and only validation is skipped. The cache lives in the user's cache
folder (``$XDG_CACHE_HOME/vikentool``, else ``~/.cache/vikentool``), never in a data
directory; ``VIKEN_CACHE=0`` turns it off. Any problem with the cache means a fresh
validation, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from vikentool import __version__

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from vikentool.catalog import Catalog
    from vikentool.snapshot import Snapshot

FORMAT = 1


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vikentool"


def enabled() -> bool:
    return os.environ.get("VIKEN_CACHE", "1").strip().lower() not in ("0", "no", "false", "off")


def _code_fingerprint() -> str:
    """The code whose output the index holds: ours, and the holidays package's tables.

    ``find_spec`` of a top-level name does not import it (a submodule's would import its
    package, and holidays is slow to import), so files are found next to the packages.
    """
    parts = [__version__, str(FORMAT), sys.version]
    files: list[Path] = []
    ours = sys.modules["vikentool"].__spec__
    if ours is not None and ours.origin:
        here = Path(ours.origin).parent
        files += [here / name for name in ("snapshot.py", "workdays.py", "models.py")]
    from importlib.util import find_spec

    theirs = find_spec("holidays")
    if theirs is not None and theirs.origin:
        files.append(Path(theirs.origin).parent / "version.py")
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def content_key(location: Path | Traversable, contents: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    digest.update(_code_fingerprint().encode())
    digest.update(str(location).encode())
    for name in sorted(contents):
        digest.update(name.encode() + b"\0" + len(contents[name]).to_bytes(8, "big"))
        digest.update(contents[name])
    return digest.hexdigest()


T = TypeVar("T")
Location: TypeAlias = "Path | Traversable"
Contents = dict[str, bytes]


class Data:
    """One read of a data directory: its bytes, their cache key, and what is derived from
    them, each computed at most once (the catalog and its index always from the same bytes)."""

    def __init__(self, location: Location, contents: Contents) -> None:
        self.location = location
        self.contents = contents
        self._key: str | None = None
        self._catalog: Catalog | None = None
        self._snapshot: Snapshot | None = None

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = content_key(self.location, self.contents)
        return self._key

    def catalog(self) -> Catalog:
        """The validated catalog: from the cache, or validated (and cached)."""
        if self._catalog is None:
            from vikentool.catalog import Catalog, validate_contents

            def build() -> Catalog:
                catalog = validate_contents(self.location, self.contents)
                catalog.items()  # computed once, kept in the pickle
                return catalog

            self._catalog = self._cached("catalog", Catalog, build)
        return self._catalog

    def snapshot(self) -> Snapshot:
        """The query index: from the cache, or built from the (same) validated catalog."""
        if self._snapshot is None:
            from vikentool.snapshot import Snapshot, build_snapshot

            self._snapshot = self._cached(
                "snapshot", Snapshot, lambda: build_snapshot(self.catalog())
            )
        return self._snapshot

    def _cached(self, kind: str, expected: type[T], build: Callable[[], T]) -> T:
        path = cache_dir() / f"{kind}-{self.key}.pickle" if enabled() else None
        if path is not None:
            cached = _read(path, expected)
            if cached is not None:
                return cached
        value = build()
        if path is not None:
            _write(path, value)
        return value


def read_data(data_dir: str | os.PathLike[str] | None = None) -> Data:
    """Where the data is and its files' bytes: read once, then hashed and parsed from memory."""
    from vikentool.datafiles import read_files, resolve_data_dir

    location = resolve_data_dir(data_dir)
    return Data(location, read_files(location))


def load_snapshot(data_dir: str | os.PathLike[str] | None = None) -> Snapshot:
    """The query index of a data directory (``DataError`` if its files are invalid)."""
    return read_data(data_dir).snapshot()


def _read(path: Path, expected: type[T]) -> T | None:
    try:
        with path.open("rb") as stream:
            # Only a file this user wrote is unpickled: pickle must not read others' files.
            if hasattr(os, "getuid") and os.fstat(stream.fileno()).st_uid != os.getuid():
                return None
            loaded = pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return loaded if isinstance(loaded, expected) else None


def _write(path: Path, value: object) -> None:
    from vikentool.files import write_atomic

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a cache that cannot be written is simply not used
        return
