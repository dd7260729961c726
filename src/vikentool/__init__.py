"""vikentool: Viken funding schemes, deadlines, hearings, plans and the KS learning network.

The public API is imported lazily so that ``viken --help`` and ``viken fee`` do not pay for
pydantic or the YAML loader they may not need.
"""

from __future__ import annotations

# Not from typing: ``viken`` imports this package before it can take Ctrl-C quietly, and
# typing alone would double that time.
TYPE_CHECKING = False

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "DataError",
    "DateSpec",
    "Document",
    "FeeQuote",
    "Item",
    "Move",
    "NotFoundError",
    "OutputError",
    "UsageError",
    "VikenError",
    "Window",
    "__version__",
    "fee_for_population",
    "load_catalog",
]

_LAZY = {
    "Catalog": "vikentool.domain.catalog",
    "Item": "vikentool.domain.catalog",
    "Move": "vikentool.domain.catalog",
    "Document": "vikentool.domain.records",
    "load_catalog": "vikentool.model.load",
    "DateSpec": "vikentool.domain.dates",
    "Window": "vikentool.query.window",
    "FeeQuote": "vikentool.query.fees",
    "fee_for_population": "vikentool.query.fees",
    "DataError": "vikentool.errors",
    "NotFoundError": "vikentool.errors",
    "OutputError": "vikentool.errors",
    "UsageError": "vikentool.errors",
    "VikenError": "vikentool.errors",
}

if TYPE_CHECKING:
    from typing import Any

    from vikentool.domain.catalog import Catalog, Item, Move
    from vikentool.domain.dates import DateSpec
    from vikentool.domain.records import Document
    from vikentool.errors import DataError, NotFoundError, OutputError, UsageError, VikenError
    from vikentool.model.load import load_catalog
    from vikentool.query.fees import FeeQuote, fee_for_population
    from vikentool.query.window import Window


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'vikentool' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
