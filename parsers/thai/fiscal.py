"""Era conversion and Thai government fiscal-year arithmetic (pure, no clock).

The Thai fiscal year (ปีงบประมาณ) is named by the Buddhist-Era year in which it *ends*: ปีงบประมาณ พ.ศ. 2564
runs from 1 ตุลาคม 2563 to 30 กันยายน 2564, i.e. 2020-10-01 .. 2021-09-30. Quarter 1 is October–December.
:mod:`parsers.thai.dates` re-exports everything here; callers may import from either module.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from functools import lru_cache

from parsers.thai.lexicon import BE_OFFSET

__all__ = [
    "be_to_ce",
    "ce_to_be",
    "fiscal_quarter",
    "fiscal_year_be",
    "fiscal_year_window",
    "month_window",
    "quarter_window",
]


def be_to_ce(year_be: int) -> int:
    """Buddhist-Era year to Common-Era year: ``พ.ศ. 2566`` is 2023.

    >>> be_to_ce(2566)
    2023
    """
    return year_be - BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    """Common-Era year to Buddhist-Era year: 2021 is ``พ.ศ. 2564``.

    >>> ce_to_be(2021)
    2564
    """
    return year_ce + BE_OFFSET


@lru_cache(maxsize=1024)  # a report names a few months, many times over (each quarter's window ends on one)
def month_window(year_ce: int, month: int) -> tuple[date, date]:
    """First and last day of a month, e.g. ``เดือนกุมภาพันธ์ 2563`` (a leap February).

    >>> month_window(2020, 2)
    (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))
    """
    return date(year_ce, month, 1), date(year_ce, month, monthrange(year_ce, month)[1])


def fiscal_year_be(d: date) -> int:
    """The BE fiscal year a day belongs to: ``28/10/2563`` lies in ปีงบประมาณ พ.ศ. 2564.

    >>> fiscal_year_be(date(2020, 10, 1)), fiscal_year_be(date(2020, 9, 30))
    (2564, 2563)
    """
    # The year is named after its September end, so October–December count toward the next year.
    return ce_to_be(d.year) + (1 if d.month >= 10 else 0)


def fiscal_year_window(fy_be: int) -> tuple[date, date]:
    """First and last day of ``ปีงบประมาณ พ.ศ. <fy_be>``.

    >>> fiscal_year_window(2564)
    (datetime.date(2020, 10, 1), datetime.date(2021, 9, 30))
    """
    end_ce = be_to_ce(fy_be)
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


def fiscal_quarter(d: date) -> int:
    """Fiscal quarter (``ไตรมาสที่ 1``..``4``): Oct–Dec = 1, Jan–Mar = 2, Apr–Jun = 3, Jul–Sep = 4.

    >>> fiscal_quarter(date(2021, 1, 31)), fiscal_quarter(date(2020, 10, 1))
    (2, 1)
    """
    return (d.month - 10) % 12 // 3 + 1


def quarter_window(fy_be: int, quarter: int) -> tuple[date, date]:
    """First and last day of ``ไตรมาสที่ <quarter>`` of ``ปีงบประมาณ พ.ศ. <fy_be>``.

    >>> quarter_window(2564, 3)
    (datetime.date(2021, 4, 1), datetime.date(2021, 6, 30))

    Raises ValueError for a quarter outside 1..4 (a caller bug, not a data defect).
    """
    if not 1 <= quarter <= 4:
        raise ValueError(f"fiscal quarter must be 1..4, got {quarter}")
    first_month = 10 + 3 * (quarter - 1)  # counted from January of the start year: 10, 13, 16, 19
    year = be_to_ce(fy_be) - 1 + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    return date(year, month, 1), month_window(year, month + 2)[1]
