"""Tests of the Thai date parser (parsers/thai/dates.py) against the real seed samples and properties.

The seed samples live outside the repository (``../shared/seeds``); the tests that need them skip when the
directory is absent.
"""

from __future__ import annotations

import calendar
import csv
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import thai_strftime

from parsers.thai.date_order import resolve_order
from parsers.thai.dates import (
    DateReading,
    be_to_ce,
    ce_to_be,
    find_dates,
    fiscal_quarter,
    fiscal_year_be,
    fiscal_year_window,
    parse_date_expression,
    quarter_window,
    to_arabic_digits,
)
from parsers.thai.lexicon import MONTHS, THAI_DIGITS, WEEKDAYS
from schemas.enums import DateKind

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
NO_SEEDS = f"seed samples not found at {SEEDS} (they are kept outside the repository)"
PROPERTY = settings(max_examples=300, deadline=None, database=None)


# ---------------------------------------------------------------- the 91 seed date expressions


@dataclass(frozen=True)
class Expected:
    kind: DateKind
    value: date
    value_end: date | None
    time: str | None


@dataclass(frozen=True)
class Row:
    seed: str
    line: int
    text: str
    family: str
    expected: Expected


def parse_expected(shape: str) -> Expected:
    """``2020-10-28``, ``2023-02-06T10:00``, ``2021-04``, ``2021-04-01..2021-04-09``, ``FY:a..b``."""
    if shape.startswith("FY:"):
        first, last = shape[3:].split("..")
        return Expected(DateKind.FISCAL_YEAR, date.fromisoformat(first), date.fromisoformat(last), None)
    if ".." in shape:
        first, last = shape.split("..")
        return Expected(DateKind.RANGE, date.fromisoformat(first), date.fromisoformat(last), None)
    if len(shape) == 7:
        year, month = map(int, shape.split("-"))
        last_day = calendar.monthrange(year, month)[1]
        return Expected(DateKind.MONTH, date(year, month, 1), date(year, month, last_day), None)
    day, _, clock = shape.partition("T")
    return Expected(DateKind.DAY, date.fromisoformat(day), None, clock or None)


def load_rows() -> list[Row]:
    tsv = SEEDS / "dates.tsv"
    if not tsv.is_file():
        return []
    with tsv.open(encoding="utf-8", newline="") as f:
        return [
            Row(r["seed"], int(r["line"]), r["text"], r["family"], parse_expected(r["expected"]))
            for r in csv.DictReader(f, delimiter="\t")
        ]


ROWS = load_rows()
ROW_PARAMS = [pytest.param(r, id=f"{r.seed}:L{r.line}:{i}") for i, r in enumerate(ROWS)] or [
    pytest.param(None, marks=pytest.mark.skip(reason=NO_SEEDS))
]


def observed(r: DateReading) -> Expected:
    assert r.value is not None, r
    return Expected(r.kind, r.value, r.value_end, r.time)


@cache
def seed_text(seed: str) -> str:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    return path.read_text(encoding="utf-8")


@cache
def seed_readings(seed: str) -> tuple[tuple[int, DateReading], ...]:
    """(1-based line of the reading's start, reading) for every date find_dates sees in a seed file."""
    text = seed_text(seed)
    return tuple((text.count("\n", 0, r.start) + 1, r) for r in find_dates(text))


def family_of(tsv_family: str) -> str:
    """Our family name for the descriptive family column of dates.tsv."""
    for prefix, name in (
        ("DD/MM/BE", "slash_dmy"),
        ("D/M/BE", "slash_dmy"),
        ("M/D/CE", "slash_mdy"),
        ("ISO", "iso"),
        ("abbrev-month", "thai_month_abbr"),
        ("month-only", "month_only"),
        ("fiscal-year", "fiscal_year"),
    ):
        if tsv_family.startswith(prefix):
            return name
    return "range" if "range" in tsv_family else "thai_month"


@pytest.mark.parametrize("row", ROW_PARAMS)
def test_seed_expression_parses_to_expected_value(row: Row) -> None:
    reading = parse_date_expression(row.text)
    assert reading is not None, row.text
    assert observed(reading) == row.expected
    assert reading.family == family_of(row.family)
    assert "invalid_date" not in reading.flags and "ambiguous_order" not in reading.flags


@pytest.mark.parametrize("row", ROW_PARAMS)
def test_seed_expression_found_in_context(row: Row) -> None:
    on_line = [observed(r) for line, r in seed_readings(row.seed) if line == row.line]
    assert row.expected in on_line, (row.text, on_line)


@pytest.mark.skipif(not ROWS, reason=NO_SEEDS)
def test_seed_files_hold_exactly_the_listed_dates() -> None:
    """No false positive in the five reports: find_dates sees the 91 listed dates and nothing else."""
    expected = Counter((r.seed, r.line, r.expected) for r in ROWS)
    found = Counter(
        (seed, line, observed(r))
        for seed in sorted({r.seed for r in ROWS})
        for line, r in seed_readings(seed)
    )
    assert found == expected


@pytest.mark.skipif(not ROWS, reason=NO_SEEDS)
def test_seed_flags_and_weekdays() -> None:
    readings = [r for seed in sorted({r.seed for r in ROWS}) for _, r in seed_readings(seed)]
    flags = Counter(f for r in readings for f in r.flags)
    assert flags == Counter({"mid_month": 3, "two_digit_year": 1})  # nothing ambiguous, invalid or mismatched
    assert sorted(r.weekday for r in readings if r.weekday is not None) == [1, 1, 1, 3]


@pytest.mark.skipif(not ROWS, reason=NO_SEEDS)
@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_seed_entry_dates_increase(seed: str) -> None:
    """DOMAIN §1.6: entry (slash) dates are strictly increasing once read with the era rule."""
    entries = [r.value for _, r in seed_readings(seed) if r.family.startswith("slash")]
    assert len(entries) >= 9
    assert all(a is not None and b is not None and a < b for a, b in pairwise(entries))


@pytest.mark.skipif(not ROWS, reason=NO_SEEDS)
def test_find_dates_is_fast_on_largest_seed() -> None:
    text = seed_text("003")
    find_dates(text)
    best = min(_timed(find_dates, text) for _ in range(5))
    assert best < 0.010, f"find_dates took {best * 1000:.2f} ms on {len(text)} characters"


def _timed(fn: Callable[[str], object], text: str) -> float:
    t0 = time.perf_counter()
    fn(text)
    return time.perf_counter() - t0


# ---------------------------------------------------------------- spans, families, flags


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("ลงวันที่ 6 มกราคม 2564 เพื่อ", "วันที่ 6 มกราคม 2564"),
        ("ในวันอังคารที่ 31 มกราคม 2566", "วันอังคารที่ 31 มกราคม 2566"),
        ("ในวันที่ 6 กุมภาพันธ์ 2566 เวลา 10.00 น. ณ ห้อง", "วันที่ 6 กุมภาพันธ์ 2566 เวลา 10.00 น."),
        ("ตั้งแต่ช่วงกลางเดือนเมษายน 2564 เป็นต้นมา", "ช่วงกลางเดือนเมษายน 2564"),
        ("ประจำปีงบประมาณ พ.ศ. 2564 ให้", "ปีงบประมาณ พ.ศ. 2564"),
        ("(1 เมษายน – 30สิงหาคม 2564)", "1 เมษายน – 30สิงหาคม 2564"),
        (":: 25/04/2566 : 1. ประชุม", "25/04/2566"),
        (" เริ่มต้นโครงการ : 2023-10-01 00:00:00 งบประมาณ", "2023-10-01 00:00:00"),
    ],
)
def test_span_covers_head_noun_not_preposition(text: str, raw: str) -> None:
    (reading,) = find_dates(text)
    assert reading.raw == raw == text[reading.start : reading.end]


@pytest.mark.parametrize(
    ("text", "value", "family", "flags"),
    [
        ("๒๕ มกราคม ๒๕๖๖", date(2023, 1, 25), "thai_month", ()),
        ("๒๕/๐๑/๒๕๖๖", date(2023, 1, 25), "slash_dmy", ()),
        ("30สิงหาคม 2564", date(2021, 8, 30), "thai_month", ()),
        ("1 มกรา 2564", date(2021, 1, 1), "thai_month_short", ()),
        ("7 ม.ค.64", date(2021, 1, 7), "thai_month_abbr", ("two_digit_year",)),
        ("5 ธ.ค. 2563", date(2020, 12, 5), "thai_month_abbr", ()),
        ("วันที่ 1 เดือนมกราคม พ.ศ. 2564", date(2021, 1, 1), "thai_month", ()),
        ("29/2/2563", date(2020, 2, 29), "slash_dmy", ()),
        ("13/1/2021", date(2021, 1, 13), "slash_dmy", ("order_against_era",)),
        ("1/13/2564", date(2021, 1, 13), "slash_mdy", ("order_against_era",)),
        ("1 มกราคม 2021", date(2021, 1, 1), "thai_month", ()),
        ("1 มกราคม พ.ศ. 2021", date(2021, 1, 1), "thai_month", ("era_marker_mismatch",)),
        ("2566-01-25", date(2023, 1, 25), "iso", ()),
    ],
)
def test_day_families(text: str, value: date, family: str, flags: tuple[str, ...]) -> None:
    reading = parse_date_expression(text)
    assert reading is not None
    assert (reading.kind, reading.value, reading.family, reading.flags) == (
        DateKind.DAY,
        value,
        family,
        flags,
    )
    assert reading.value_end is None


@pytest.mark.parametrize(
    ("text", "kind", "first", "last", "flags"),
    [
        ("เมษายน 2564", DateKind.MONTH, date(2021, 4, 1), date(2021, 4, 30), ()),
        ("ช่วงต้นเดือนกุมภาพันธ์ 2563", DateKind.MONTH, date(2020, 2, 1), date(2020, 2, 29), ("early_month",)),
        (
            "ปลายเดือน ธ.ค. 63",
            DateKind.MONTH,
            date(2020, 12, 1),
            date(2020, 12, 31),
            ("two_digit_year", "late_month"),
        ),
        ("1 เมษายน 2564 ถึงวันที่ 30 กันยายน 2564", DateKind.RANGE, date(2021, 4, 1), date(2021, 9, 30), ()),
        ("15 ธันวาคม – 15 มกราคม 2565", DateKind.RANGE, date(2021, 12, 15), date(2022, 1, 15), ()),
        ("9 – 1 เมษายน 2564", DateKind.RANGE, date(2021, 4, 9), date(2021, 4, 1), ("range_reversed",)),
        ("ไตรมาสที่ 3 (เมษายน - มิถุนายน 2564)", DateKind.RANGE, date(2021, 4, 1), date(2021, 6, 30), ()),
        ("(ต.ค. 63 - ธ.ค. 63)", DateKind.RANGE, date(2020, 10, 1), date(2020, 12, 31), ("two_digit_year",)),
        ("ปีงบประมาณ 2566", DateKind.FISCAL_YEAR, date(2022, 10, 1), date(2023, 9, 30), ()),
        ("ปีงบฯ 64", DateKind.FISCAL_YEAR, date(2020, 10, 1), date(2021, 9, 30), ("two_digit_year",)),
    ],
)
def test_period_families(text: str, kind: DateKind, first: date, last: date, flags: tuple[str, ...]) -> None:
    reading = parse_date_expression(text)
    assert reading is not None
    assert (reading.kind, reading.value, reading.value_end, reading.flags) == (kind, first, last, flags)


def test_fiscal_year_reading_carries_the_year() -> None:
    reading = parse_date_expression("ปีงบประมาณ พ.ศ. : 2566")
    assert reading is not None and reading.fiscal_year_be == 2566


@pytest.mark.parametrize("text", ["31/02/2566", "30 กุมภาพันธ์ 2564", "29/2/2564", "2023-02-30", "13/13/2564"])
def test_invalid_calendar_date_is_returned_flagged(text: str) -> None:
    reading = parse_date_expression(text)
    assert reading is not None and reading.raw == text
    assert reading.value is None and "invalid_date" in reading.flags


def test_weekday_mismatch_keeps_written_date() -> None:
    reading = parse_date_expression("วันจันทร์ที่ 31 มกราคม 2566")  # 2023-01-31 is a Tuesday
    assert reading is not None
    assert (reading.value, reading.weekday, reading.flags) == (date(2023, 1, 31), 0, ("weekday_mismatch",))


def test_clock_time_follows_date() -> None:
    assert [(r.value, r.time) for r in find_dates("วันที่ 9 มีนาคม 2566 10:30 น. และ 2023-03-10 14:05:00")] == [
        (date(2023, 3, 9), "10:30"),
        (date(2023, 3, 10), "14:05"),
    ]
    reading = parse_date_expression("9 มีนาคม 2566 เวลา 25.00 น.")  # impossible clock: left outside
    assert reading is not None and reading.time is None and reading.raw == "9 มีนาคม 2566"


@pytest.mark.parametrize("text", ["8 กุมภาพันธ์", "ในเดือนมีนาคม", "30/09/64", "25-01-2566", "มีนา 2564"])
def test_not_read_forms(text: str) -> None:
    """Deliberately not read (see the module docstring): no year, 2-digit slash year, D-M-Y, bare clip."""
    assert find_dates(text) == []


# ---------------------------------------------------------------- traps (DOMAIN §1.5) and hostile strings

HOSTILE = [
    "ตามคำสั่งสำนักงานเขตบางนา ที่ 29/2566",
    "ตามคำสั่งสำนักงาน ก.ก. ที่ 1/2564",
    "มีหนังสือที่ ฝบ. 634/2564",
    "ที่ กท 0406/2006",
    "ที่ กท 8401/131",
    "เลขที่ กท 0303/0666",
    "ที่ 12/3/2564",
    "รหัสโครงการ... : 50470000-3430",
    "8/สปท.ความสำเร็จ : 0406-0772",
    "(6.1) ไตรมาสที่ 1 :",
    "(* 2.1 / 2.2 *)",
    "2.1 / 2.2",
    "100 / 100",
    "0 / 0",
    "ไตรมาสที่\n(1 - 4)",
    "เวลา 10.00 น.",
    "ภายในเวลา 10.30 น. ของทุกวัน",
    "ภายใน 24 ชั่วโมง",
    "เวลาไม่น้อยกว่า 30 วัน",
    "โรคติดเชื้อไวรัสโคโรนา 2019 (COVID 19)",
    "โคโรนา 2019 (โควิด 19)",
    "แผนพัฒนา กทม. ระยะ 20 ปี",
    "ผลงานที่ทำได้ = 70.00 (ร้อยละ)",
    "4.67",
    "จำนวน 1,047 คน",
    "100.00 %๕๖ประมาณที่เบิกใช้ (ครั้งที่ 9)",
    "5. เป้าหมาย : 100 (ร้อยละ)",
    "(ร้อยละ)",
    "๕.๔.๑ ประชาชนมีความเชื่อมั่น",
    "4.2.1 ประชาสัมพันธ์โครงการ",
    "(6.5) สรุปผลการดำเนินงาน (ปลายปีงบประมาณ) :",
    "มีการนำนวัตกรรมไปใช้ภายในปีงบประมาณ เดียว",
    "แต่ละปีงบประมาณ",
    "ภายในปีงบประมาณ 10 โครงการ",
    "5 มกราคม 10 คน",
    "ตุลาการศาลปกครอง 2564",
    "100 มกราคม 2564",
    "1/25/01/2566",
    "25/01/2566/1",
    "25/01/2566.5",
    "<https://www.tiktok.com/@bangnadistrictoffice>",
    "<https://webportal.bangkok.go.th/news/25/01/2566>",
    "https://example.go.th/report/2023-10-01/index.html",
    "www.bangkok.go.th/1/2/2564/",
    "innovation.bma@gmail.com",
    "report2023-10-01@bangkok.go.th",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_traps_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_trap_next_to_real_date() -> None:
    text = "มีหนังสือ ที่ กท 0406/2006 ลงวันที่ 2 เมษายน 2564 และที่ 4/2564 ลงวันที่ 18 มีนาคม 2564"
    assert [r.value for r in find_dates(text)] == [date(2021, 4, 2), date(2021, 3, 18)]


# ---------------------------------------------------------------- slash order resolution (DOMAIN §1.3a)


def one_day(text: str) -> DateReading:
    reading = parse_date_expression(text)
    assert reading is not None and reading.kind is DateKind.DAY
    return reading


def test_unambiguous_ce_slash_date_is_month_first() -> None:
    reading = one_day("1/31/2021")
    assert (reading.value, reading.family, reading.flags, reading.alternatives) == (
        date(2021, 1, 31),
        "slash_mdy",
        (),
        (),
    )
    assert resolve_order(reading, quarter_window(2564, 2)) is reading


def test_ambiguous_ce_slash_date_keeps_era_reading() -> None:
    reading = one_day("3/4/2021")
    assert (reading.value, reading.flags, reading.alternatives) == (
        date(2021, 3, 4),
        ("ambiguous_order",),
        (date(2021, 4, 3),),
    )


def test_quarter_window_decides_order() -> None:
    resolved = resolve_order(one_day("3/4/2021"), quarter_window(2564, 3))  # Q3 = 2021-04-01..2021-06-30
    assert resolved.value == date(2021, 4, 3)
    assert resolved.family == "slash_dmy"
    assert resolved.alternatives == (date(2021, 3, 4),)
    assert resolved.flags == ()  # "ambiguous_order" dropped, nothing added


def test_cadence_decides_when_window_cannot() -> None:
    """2/3/2021 under Q2: 3 Feb and 2 Mar are both in the quarter; March already has its entry (31 Mar),
    February has none, so one-entry-per-month picks 3 Feb (here also the era reading)."""
    reading = one_day("2/3/2021")
    resolved = resolve_order(reading, quarter_window(2564, 2), [date(2021, 1, 31), date(2021, 3, 31)])
    assert resolved.value == date(2021, 2, 3)
    assert resolved.flags == ()


def test_chronology_decides_with_explicit_position() -> None:
    reading = one_day("5/6/2564")
    before = [date(2021, 4, 30), date(2021, 5, 31)]
    resolved = resolve_order(reading, None, before, position=2)  # both neighbours precede it
    assert (resolved.value, resolved.family, resolved.flags) == (date(2021, 6, 5), "slash_dmy", ())
    earlier = resolve_order(reading, None, [date(2021, 5, 10)], position=0)  # the only neighbour follows
    assert (earlier.value, earlier.family, earlier.flags) == (date(2021, 5, 6), "slash_mdy", ())
    assert earlier.alternatives == (date(2021, 6, 5),)


def test_single_neighbour_without_position_uses_cadence_only() -> None:
    reading = one_day("5/6/2564")  # 5 June (era) or 6 May
    assert resolve_order(reading, None, [date(2021, 5, 31)]).value == date(2021, 6, 5)  # May is taken
    assert resolve_order(reading, None, [date(2021, 6, 30)]).value == date(2021, 5, 6)  # June is taken
    assert resolve_order(reading, None, [date(2021, 8, 31)]) == reading  # neither month is taken


def test_written_weekday_decides_slash_order() -> None:
    reading = one_day("วันเสาร์ที่ 3/4/2021")  # 2021-04-03 is a Saturday, 2021-03-04 a Thursday
    assert (reading.value, reading.weekday, reading.family) == (date(2021, 4, 3), 5, "slash_dmy")
    assert reading.flags == () and reading.alternatives == (date(2021, 3, 4),)
    unhelpful = one_day("วันจันทร์ที่ 3/4/2021")  # neither reading is a Monday
    assert set(unhelpful.flags) == {"ambiguous_order", "weekday_mismatch"}


def test_be_slash_date_defaults_to_day_first_and_stays_flagged_without_context() -> None:
    reading = one_day("5/6/2564")
    assert (reading.value, reading.family, reading.flags, reading.alternatives) == (
        date(2021, 6, 5),
        "slash_dmy",
        ("ambiguous_order",),
        (date(2021, 5, 6),),
    )
    assert resolve_order(reading, fiscal_year_window(2564)) == reading  # both inside the fiscal year
    assert resolve_order(reading, None, [date(2021, 4, 1), date(2021, 8, 1)]) == reading  # both fit


# ---------------------------------------------------------------- pythainlp.thai_strptime regressions


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("28/10/2563", date(2020, 10, 28)),
        ("30/11/2563", date(2020, 11, 30)),
        ("31/12/2563", date(2020, 12, 31)),
        ("2023-10-01 00:00:00", date(2023, 10, 1)),
        ("2023-10-01", date(2023, 10, 1)),
    ],
)
def test_numeric_months_ten_to_twelve_are_not_january(text: str, value: date) -> None:
    reading = parse_date_expression(text)
    assert reading is not None and reading.value == value and reading.time is None


# ---------------------------------------------------------------- round-trip properties

FIRST, LAST = date(1857, 1, 1), date(2157, 12, 31)  # BE 2400-01-01 .. BE 2700-12-31
DAYS = st.dates(min_value=FIRST, max_value=LAST)
TO_THAI = str.maketrans("0123456789", THAI_DIGITS)


def be(d: date) -> int:
    return d.year + 543


def thai_digits(s: str) -> str:
    return s.translate(TO_THAI)


def both_orders_valid(d: date) -> bool:
    # Swapping day and month gives another calendar day exactly when the day could be a month.
    return d.day <= 12 and d.day != d.month


Renderer = Callable[[date], str]


def month(d: date) -> str:
    return MONTHS[d.month - 1].full


def short_month(d: date) -> str:
    return (*MONTHS[d.month - 1].short, month(d))[0]  # กรกฎาคม has no clipped form


# written family -> (renderer, family the parser must report)
SLASH_RENDERERS: dict[str, tuple[Renderer, str]] = {
    "D/M/BE": (lambda d: f"{d.day}/{d.month}/{be(d)}", "slash_dmy"),
    "DD/MM/BE": (lambda d: f"{d.day:02d}/{d.month:02d}/{be(d)}", "slash_dmy"),
    "DD/MM/BE thai digits": (lambda d: thai_digits(f"{d.day:02d}/{d.month:02d}/{be(d)}"), "slash_dmy"),
    "M/D/CE": (lambda d: f"{d.month}/{d.day}/{d.year}", "slash_mdy"),
}
NAMED_RENDERERS: dict[str, tuple[Renderer, str]] = {
    "iso": (lambda d: d.isoformat(), "iso"),
    "iso datetime": (lambda d: f"{d.isoformat()} 00:00:00", "iso"),
    "full month": (lambda d: f"{d.day} {month(d)} {be(d)}", "thai_month"),
    "full month, glued day": (lambda d: f"{d.day}{month(d)} {be(d)}", "thai_month"),
    "full month, thai digits": (lambda d: thai_digits(f"{d.day} {month(d)} {be(d)}"), "thai_month"),
    "พ.ศ. before year": (lambda d: f"{d.day} {month(d)} พ.ศ. {be(d)}", "thai_month"),
    "weekday": (lambda d: f"วัน{WEEKDAYS[d.weekday()][0]}ที่ {d.day} {month(d)} {be(d)}", "thai_month"),
    "pythainlp thai_strftime": (
        lambda d: thai_strftime(datetime(d.year, d.month, d.day), "%-d %B %Y"),
        "thai_month",
    ),
    "abbr month": (lambda d: f"{d.day} {MONTHS[d.month - 1].abbr} {be(d)}", "thai_month_abbr"),
    "abbr month, no final dot": (
        lambda d: f"{d.day} {MONTHS[d.month - 1].abbr.rstrip('.')} {be(d)}",
        "thai_month_abbr",
    ),
    "short month": (lambda d: f"{d.day} {short_month(d)} {be(d)}", "thai_month_short"),
}


@PROPERTY
@given(DAYS, st.sampled_from(sorted(SLASH_RENDERERS)))
def test_slash_dates_round_trip(d: date, written: str) -> None:
    render, family = SLASH_RENDERERS[written]
    text = render(d)
    reading = one_day(text)
    assert (reading.raw, reading.value, reading.family) == (text, d, family)
    if both_orders_valid(d):
        assert reading.flags == ("ambiguous_order",)
        assert reading.alternatives == (date(d.year, d.day, d.month),)
    else:
        assert reading.flags == () and reading.alternatives == ()


@PROPERTY
@given(DAYS, st.sampled_from(sorted(NAMED_RENDERERS)))
def test_named_dates_round_trip(d: date, written: str) -> None:
    render, family = NAMED_RENDERERS[written]
    text = render(d)
    reading = one_day(text)
    if written == "short month" and d.month == 7:
        family = "thai_month"
    assert (reading.raw, reading.value, reading.flags, reading.family) == (text, d, (), family)
    assert reading.weekday == (d.weekday() if written == "weekday" else None)


@PROPERTY
@given(st.dates(min_value=date(1957, 1, 1), max_value=date(2056, 12, 31)))  # BE 2500..2599: "64" is 2564
def test_two_digit_year_round_trips_within_be_25xx(d: date) -> None:
    text = f"{d.day} {MONTHS[d.month - 1].abbr}{be(d) % 100:02d}"
    reading = one_day(text)
    assert (reading.raw, reading.value, reading.flags) == (text, d, ("two_digit_year",))


@PROPERTY
@given(DAYS, st.sampled_from(["เดือน{m} {y}", "ในเดือน{m} {y}", "{m} {y}", "ช่วงกลางเดือน{m} {y}"]))
def test_month_only_round_trips(d: date, template: str) -> None:
    reading = parse_date_expression(template.format(m=MONTHS[d.month - 1].full, y=be(d)))
    assert reading is not None and reading.kind is DateKind.MONTH
    last = date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    assert (reading.value, reading.value_end) == (d.replace(day=1), last)


@PROPERTY
@given(DAYS, st.sampled_from(["ปีงบประมาณ พ.ศ. {}", "ประจำปีงบประมาณ พ.ศ.{}", "ปีงบประมาณ พ.ศ. : {}"]))
def test_fiscal_year_round_trips(d: date, template: str) -> None:
    fy = fiscal_year_be(d)
    reading = parse_date_expression(template.format(fy))
    assert reading is not None and reading.kind is DateKind.FISCAL_YEAR
    assert reading.fiscal_year_be == fy
    first, last = fiscal_year_window(fy)
    assert (reading.value, reading.value_end) == (first, last)
    assert first <= d <= last


@PROPERTY
@given(DAYS, st.integers(min_value=0, max_value=40))
def test_day_ranges_round_trip(d: date, length: int) -> None:
    end = d + timedelta(days=length)
    end_text = f"{end.day} {MONTHS[end.month - 1].full} {be(end)}"
    start_text = (
        str(d.day) if (d.year, d.month) == (end.year, end.month) else f"{d.day} {MONTHS[d.month - 1].full}"
    )
    text = f"{start_text} – {end_text}"
    reading = parse_date_expression(text)
    assert reading is not None and reading.raw == text
    assert (reading.kind, reading.value, reading.value_end, reading.flags) == (DateKind.RANGE, d, end, ())


TOKENS = st.sampled_from(
    [" ", "/", "-", "–", ":", ".", "\n", "วันที่", "วันอังคารที่", "ที่", "กท", "เดือน", "มกราคม", "ม.ค.",
     "ก.พ", "มีนา", "ปีงบประมาณ", "พ.ศ.", "ถึง", "เวลา", "น.", "ช่วงกลางเดือน", "1", "12", "31", "64", "2021",
     "2564", "๒๕", "๒๕๖๖", "10.00", "x", "@", "://"]
)  # fmt: skip


@PROPERTY
@given(st.one_of(st.lists(TOKENS, max_size=40).map("".join), st.text(max_size=200)))
def test_find_dates_invariants(text: str) -> None:
    readings = find_dates(text)
    for r in readings:
        assert r.raw == text[r.start : r.end] and r.raw
        assert (r.value_end is None) == (r.kind is DateKind.DAY) or "invalid_date" in r.flags
        assert r.value is not None or "invalid_date" in r.flags
    assert all(a.end <= b.start for a, b in pairwise(readings))


# ---------------------------------------------------------------- fiscal arithmetic


def test_era_conversion_and_digits() -> None:
    assert (be_to_ce(2566), ce_to_be(2021)) == (2023, 2564)
    assert to_arabic_digits("๒๕๖๖") == "2566"
    assert to_arabic_digits("ที่ ๑/๒๕๖๔") == "ที่ 1/2564"


@pytest.mark.parametrize(
    ("day", "fy", "quarter"),
    [
        (date(2020, 9, 30), 2563, 4),
        (date(2020, 10, 1), 2564, 1),
        (date(2020, 12, 31), 2564, 1),
        (date(2021, 1, 1), 2564, 2),
        (date(2021, 3, 31), 2564, 2),
        (date(2021, 4, 1), 2564, 3),
        (date(2021, 6, 30), 2564, 3),
        (date(2021, 7, 1), 2564, 4),
        (date(2021, 9, 30), 2564, 4),
        (date(2023, 10, 1), 2567, 1),  # seed 002 header start: FY2567, not the field's 2566 (D-02)
    ],
)
def test_fiscal_year_and_quarter_on_boundaries(day: date, fy: int, quarter: int) -> None:
    assert (fiscal_year_be(day), fiscal_quarter(day)) == (fy, quarter)


def test_fiscal_windows() -> None:
    assert fiscal_year_window(2564) == (date(2020, 10, 1), date(2021, 9, 30))
    assert fiscal_year_window(2566) == (date(2022, 10, 1), date(2023, 9, 30))
    assert [quarter_window(2564, q) for q in (1, 2, 3, 4)] == [
        (date(2020, 10, 1), date(2020, 12, 31)),
        (date(2021, 1, 1), date(2021, 3, 31)),
        (date(2021, 4, 1), date(2021, 6, 30)),
        (date(2021, 7, 1), date(2021, 9, 30)),
    ]
    with pytest.raises(ValueError):
        quarter_window(2564, 5)


@PROPERTY
@given(DAYS)
def test_quarters_tile_the_fiscal_year(d: date) -> None:
    fy, q = fiscal_year_be(d), fiscal_quarter(d)
    first, last = quarter_window(fy, q)
    assert first <= d <= last
    windows = [quarter_window(fy, n) for n in (1, 2, 3, 4)]
    assert (windows[0][0], windows[-1][1]) == fiscal_year_window(fy)
    assert all(a[1] + timedelta(days=1) == b[0] for a, b in pairwise(windows))
