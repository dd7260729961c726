"""The learning-network participation fee. The table lives in the data, never in code."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from vikentool.errors import UsageError

# Oslo, Norway's largest municipality, had about 709 000 inhabitants in 2022; a population
# far above it is almost certainly a typing mistake, so it is accepted with a warning.
LARGEST_MUNICIPALITY = 720_000


class Bracket(Protocol):
    @property
    def min(self) -> int: ...
    @property
    def max(self) -> int | None: ...
    @property
    def fee_nok(self) -> int: ...
    @property
    def as_written(self) -> str: ...


class BracketTable(Protocol):
    @property
    def brackets(self) -> Sequence[Bracket]: ...


@dataclass(frozen=True)
class FeeQuote:
    population: int
    fee_nok: int
    bracket_min: int
    bracket_max: int | None
    as_written: str

    @property
    def implausible(self) -> bool:
        return self.population > LARGEST_MUNICIPALITY


def fee_for_population(population: int, table: BracketTable | None = None) -> FeeQuote:
    """The one-off fee for a municipality of ``population`` inhabitants.

    ``table`` defaults to the fee table in the embedded (or ``$VIKEN_DATA_DIR``) data. The
    table is validated to cover every population from 1 upwards exactly once.
    """
    if isinstance(population, bool) or not isinstance(population, int):
        raise UsageError(f"population must be a whole number, got {population!r}")
    if population < 1:
        raise UsageError(f"population must be 1 or more, got {population}")
    if table is None:
        from vikentool.catalog import load_catalog

        table = load_catalog().fee_table()
    brackets = table.brackets
    index = bisect.bisect_right([b.min for b in brackets], population) - 1
    bracket = brackets[index]
    return FeeQuote(
        population=population,
        fee_nok=bracket.fee_nok,
        bracket_min=bracket.min,
        bracket_max=bracket.max,
        as_written=bracket.as_written,
    )
