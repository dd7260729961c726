"""The one way in: a data directory -> its validated ``Catalog``, from the cache when it can.

The cache key covers everything the catalog depends on: the data files' bytes and where they
are, every source file of this package, and the libraries whose answers it holds (PyYAML
reads the files, pydantic checks them). The files are read and hashed on every run; only
parsing and validation are skipped.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from vikentool.domain.catalog import Catalog, catalog_from_data
from vikentool.domain.records import Deadline, from_data
from vikentool.store import cache
from vikentool.store.datadir import read_files, resolve_data_dir

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

T = TypeVar("T")

FORMAT = 2
LIBRARIES = ("yaml", "pydantic", "pydantic_core")


def load_catalog(data_dir: str | os.PathLike[str] | None = None) -> Catalog:
    """Load and validate a data directory (default: ``$VIKEN_DATA_DIR``, else the embedded data).

    Raises ``DataError`` listing every problem, one ``FILE:LINE:COL: path: message`` per line.
    ``VIKEN_CACHE=0`` turns the cache off.
    """
    return _without_collection(lambda: _load(data_dir))


def _without_collection(load: Callable[[], T]) -> T:
    collecting = gc.isenabled()
    gc.disable()
    try:
        return load()
    finally:
        # Loading builds objects by the million and no cycles worth finding: collected at any
        # pace, the collector would scan them all again and again. Frozen once loaded, the
        # catalog is never scanned by a later collection either.
        gc.freeze()
        if collecting:
            gc.enable()


# The cache holds a catalog in two parts: its deadlines, and everything else. A command
# that shows no scheme deadline reads only the second, whatever the number of deadlines.
CORE, DEADLINES = "catalog", "deadlines"


def _load(data_dir: str | os.PathLike[str] | None) -> Catalog:
    location = resolve_data_dir(data_dir)
    contents = read_files(location)
    key = content_key(location, contents)
    payload = cache.read(CORE, key)
    if payload is not None:
        try:
            data = json.loads(payload)
            core, count = catalog_from_data(data), data["deadline_count"]
            if type(count) is int and core.location == str(location) and is_consistent(core):
                return Catalog.with_deadlines(
                    core,
                    lambda: _without_collection(
                        lambda: _deadlines(core, count, location, contents, key)
                    ),
                )
        except Exception:  # a damaged or wrong-shaped entry is a miss: validate afresh
            pass
    return _validated(location, contents, key)


def _deadlines(
    core: Catalog, count: int, location: Path | Traversable, contents: dict[str, bytes], key: str
) -> tuple[Deadline, ...]:
    """The ``count`` cached deadlines of ``core``'s catalog, checked with it; or validated
    afresh."""
    payload = cache.read(DEADLINES, key)
    if payload is not None:
        try:
            data = json.loads(payload)
            deadlines = tuple(from_data(Deadline, v) for v in data) if type(data) is list else ()
            if len(deadlines) == count and is_consistent(Catalog.with_deadlines(core, deadlines)):
                return deadlines
        except Exception:  # as for the rest: a miss
            pass
    return _validated(location, contents, key).deadlines


def _validated(location: Path | Traversable, contents: dict[str, bytes], key: str) -> Catalog:
    from vikentool.model.validate import validate_contents

    catalog = validate_contents(location, contents)
    if cache.enabled():
        try:
            data = catalog.as_data()
            deadlines = data.pop("deadlines")
            data["deadline_count"] = len(deadlines)
            for name, part in ((DEADLINES, deadlines), (CORE, data)):
                text = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
                cache.write(name, key, text.encode("utf-8"))
        except (UnicodeEncodeError, ValueError):  # e.g. a folder name that is not UTF-8
            pass
    return catalog


def is_consistent(catalog: Catalog) -> bool:
    """What validation guarantees across records, checked again on a catalog read from the
    cache: known kinds, resolvable references, unique ids, a whole fee table. Every lookup
    a command makes is built here, so a wrong entry fails now and not halfway through."""
    from vikentool.domain.kinds import ALL_KINDS
    from vikentool.model.validate import reference_problems

    if reference_problems(catalog):
        return False
    kinds = set(ALL_KINDS)
    return all(item.kind in kinds for item in catalog.items) and all(
        isinstance(day, date) and isinstance(text, str)
        for day, text in catalog.holiday_warnings.items()
    )


def content_key(location: Path | Traversable, contents: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    digest.update(code_fingerprint())
    digest.update(str(location).encode("utf-8", "surrogateescape"))
    for name in sorted(contents):
        digest.update(name.encode() + b"\0" + len(contents[name]).to_bytes(8, "big"))
        digest.update(contents[name])
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """Every source file of this package (by content) and the libraries' installed files.

    ``find_spec`` of a top-level name finds a library without importing it.
    """
    from importlib.util import find_spec

    digest = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    digest.update(source_fingerprint(Path(__file__).resolve().parents[1]))
    for name in LIBRARIES:
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is None:
            digest.update(f"{name}:absent".encode())
            continue
        for path in (Path(origin), Path(origin).parent / "version.py"):
            try:
                info = path.stat()
            except OSError:
                continue
            digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.digest()


def source_fingerprint(package: Path) -> bytes:
    """A digest of every ``.py`` file under ``package``: its path and its bytes."""
    digest = hashlib.sha256()
    found: list[str] = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]
        found += [os.path.join(folder, f) for f in files if f.endswith(".py")]
    for path in sorted(found):
        digest.update(os.path.relpath(path, package).encode() + b"\0")
        try:
            with open(path, "rb") as stream:
                digest.update(stream.read())
        except OSError:
            digest.update(b"unreadable")
    return digest.digest()
