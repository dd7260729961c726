"""Where a data directory is and what its files hold, read as bytes (no parsing here).

Bytes only: the loader hashes them for the cache key before it knows whether it must parse.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from vikentool.errors import DataError, FileAccessError, os_reason
from vikentool.i18n import _

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DATA_FILES = (
    "schemes.yaml",
    "plans.yaml",
    "contacts.yaml",
    "documents.yaml",
    "municipalities.yaml",
)
REQUIRED_FILES = ("schemes.yaml", "plans.yaml")
# A real catalog of every Norwegian grant scheme is a few MiB; anything far larger is refused
# before it is read, so a hostile or mistaken file cannot stall the tool.
MAX_FILE_BYTES = 32 * 1024 * 1024
ENV_DATA_DIR = "VIKEN_DATA_DIR"


def embedded_data_dir() -> Path | Traversable:
    """The data shipped in the package: a plain folder beside the code when installed from a
    wheel or in place; importlib.resources (slow to import) only for a zipped install."""
    beside = Path(__file__).parents[1] / "data"
    if beside.is_dir():
        return beside
    from importlib import resources

    return resources.files("vikentool").joinpath("data")


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path | Traversable:
    """``data_dir`` if given, else ``$VIKEN_DATA_DIR``, else the data shipped in the package."""
    chosen = data_dir if data_dir is not None else os.environ.get(ENV_DATA_DIR) or None
    if chosen is None:
        return embedded_data_dir()
    path = Path(chosen)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileAccessError(
            f"{_shown(path)}: " + _("the data directory does not exist")
        ) from None
    except OSError as exc:  # a name too long, no permission, a loop of links
        raise FileAccessError(
            f"{_shown(path)}: " + _("cannot be read ({reason})").format(reason=os_reason(exc))
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise FileAccessError(
            f"{_shown(path)}: " + _("is a file; the data directory must be a folder")
        )
    return path


def _shown(path: object) -> str:
    """A path as text that any output can print (a name that is not UTF-8 is escaped)."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def read_files(location: Path | Traversable) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    missing: list[str] = []
    for name in DATA_FILES:
        entry = location.joinpath(name)
        try:
            is_file = entry.is_file()
        except OSError as exc:
            missing.append(
                f"{_shown(entry)}: " + _("cannot be read ({reason})").format(reason=os_reason(exc))
            )
            continue
        if not is_file:
            if entry.is_dir():
                missing.append(f"{entry}: " + _("is a directory, expected a YAML file"))
            elif name in REQUIRED_FILES:
                missing.append(
                    f"{entry}: " + _("missing (a data directory needs {name})").format(name=name)
                )
            continue
        try:
            if isinstance(entry, Path) and entry.stat().st_size > MAX_FILE_BYTES:
                size = entry.stat().st_size / 1_048_576
                missing.append(
                    f"{entry}:1:1: (document): "
                    + _("the file is {size} MiB; data files may be at most {limit} MiB").format(
                        size=f"{size:.0f}", limit=MAX_FILE_BYTES // 1_048_576
                    )
                )
                continue
            contents[name] = entry.read_bytes()
        except OSError as exc:
            missing.append(
                f"{entry}: " + _("cannot be read ({reason})").format(reason=os_reason(exc))
            )
    if missing:
        raise DataError(missing)
    return contents
