"""Loading a data directory through a cache of the validated catalog.

For now every load validates afresh; the content-hash cache is added with the speed work.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vikentool.catalog import Catalog

Loader = Callable[[Path | Traversable, dict[str, bytes]], "Catalog"]


def load_cached(location: Path | Traversable, loader: Loader) -> Catalog:
    from vikentool.catalog import read_files

    return loader(location, read_files(location))
