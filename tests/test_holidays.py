"""The Norwegian public holidays the tool computes, held to the ``holidays`` package.

The tool does not import the package at run time (it imports every country to answer for
one); these tests make an upgrade of the package that disagrees fail loudly.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from vikentool.domain.dates import FIRST_YEAR, LAST_YEAR
from vikentool.domain.workdays import (
    day_warning,
    easter_sunday,
    holiday_name,
    holidays_of,
    working_days_before,
)


def oracle(years: range) -> dict[date, str]:
    return dict(holidays.country_holidays("NO", years=list(years), language="no").items())


def test_every_holiday_the_package_knows_in_the_datas_years_is_the_same() -> None:
    covered = oracle(range(FIRST_YEAR, LAST_YEAR + 1))
    years = sorted({day.year for day in covered})
    # The package's own range; the assertion fails if it grows or shrinks, so this test
    # is re-read then.
    assert (years[0], years[-1]) == (1901, 2100)
    ours = {day: name for year in years for day, name in holidays_of(year).items()}
    assert ours == covered


def test_two_holidays_on_one_day_are_named_as_the_package_names_them() -> None:
    # 1 May 2008 was also Ascension Day.
    assert holiday_name(date(2008, 5, 1)) == "Arbeidernes dag; Kristi himmelfartsdag"
    assert oracle(range(2008, 2009))[date(2008, 5, 1)] == holiday_name(date(2008, 5, 1))


@pytest.mark.parametrize("year", [FIRST_YEAR, 2101, 2150, LAST_YEAR])
def test_years_beyond_the_package_follow_the_same_rules(year: int) -> None:
    table = holidays_of(year)
    easter = easter_sunday(year)
    assert easter.weekday() == 6 and date(year, 3, 22) <= easter <= date(year, 4, 25)
    assert table[easter - timedelta(days=2)] == "Langfredag"
    assert table[date(year, 12, 26)] == "Andre juledag"
    # 1 and 17 May are holidays by the law of 1947, not before it.
    assert (date(year, 5, 17) in table) == (year >= 1947)


def test_easter_matches_the_package_on_every_year_it_knows() -> None:
    for day, name in oracle(range(1901, 2101)).items():
        if "Første påskedag" in name:
            assert easter_sunday(day.year) == day


def test_warnings_and_working_days_use_the_table() -> None:
    assert day_warning(date(2021, 5, 17)) == "Offentlig høytidsdag: Grunnlovsdag"
    assert day_warning(date(2021, 4, 4)) == "søndag; Helligdag: Første påskedag"
    # Three working days before Tuesday 18 May 2021: 17 May and Ascension Day (13 May) are
    # holidays, so they are Friday 14, Wednesday 12 and Tuesday 11 May.
    assert working_days_before(date(2021, 5, 18), 3) == date(2021, 5, 11)
