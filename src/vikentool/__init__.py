"""vikentool: Viken funding schemes, deadlines, hearings, plans and the KS learning network.

The public API is imported lazily so that ``viken --help`` and ``viken fee`` do not pay for
pydantic or the YAML loader they may not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "DataError",
    "DateSpec",
    "FeeQuote",
    "Item",
    "UsageError",
    "VikenError",
    "Window",
    "__version__",
    "fee_for_population",
    "load_catalog",
]

_LAZY = {
    "Catalog": "vikentool.catalog",
    "Item": "vikentool.catalog",
    "load_catalog": "vikentool.catalog",
    "DateSpec": "vikentool.models",
    "Window": "vikentool.dates",
    "FeeQuote": "vikentool.fees",
    "fee_for_population": "vikentool.fees",
    "DataError": "vikentool.errors",
    "UsageError": "vikentool.errors",
    "VikenError": "vikentool.errors",
}

if TYPE_CHECKING:
    from vikentool.catalog import Catalog, Item, load_catalog
    from vikentool.dates import Window
    from vikentool.errors import DataError, UsageError, VikenError
    from vikentool.fees import FeeQuote, fee_for_population
    from vikentool.models import DateSpec


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
