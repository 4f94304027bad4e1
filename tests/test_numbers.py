"""Numbers, percentages in all their spellings, counts with units, baht; and the traps."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from parsers.thai.numbers import find_numbers, label_before, parse_number, to_arabic
from schemas.enums import MetricKind


def found(text: str) -> list[tuple[float, str]]:
    return [(n.value, n.unit) for n in find_numbers(text)]


@pytest.mark.parametrize(
    ("token", "value"),
    [("5,456", 5456.0), ("1,250,000", 1250000.0), ("70.00", 70.0), ("๑,๐๔๗", 1047.0), ("๙๓.๔๐", 93.4)],
)
def test_parse_number(token: str, value: float) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5. เป้าหมาย : 100 (ร้อยละ)", [(100.0, "%")]),
        ("คิดเป็นร้อยละ 93.40", [(93.4, "%")]),
        ("ความก้าวหน้าของงานฯ = 35.00 % งบประมาณ", [(35.0, "%")]),
        ("ค่าเป้าหมาย ร้อยละ : 100", [(100.0, "%")]),
        ("ไม่น้อยกว่าร้อยละ 80 (1,000 คน)", [(80.0, "%"), (1000.0, "คน")]),
        ("ความก้าวหน้าของงานฯ = 100.00 %๕๖ประมาณที่เบิกใช้", [(100.0, "%")]),
    ],
)
def test_percent_spellings(text: str, expected: list[tuple[float, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ปัจจุบันมีสมาชิก จำนวน 652 คน", [(652.0, "คน")]),
        ("มีการแสดงความรู้สึก จำนวน 5,456 ความรู้สึก", [(5456.0, "ความรู้สึก")]),
        ("จำนวน 27\n\nโครงการ/กิจกรรม โดยจะ", [(27.0, "โครงการ/กิจกรรม")]),
        ("ไม่น้อยกว่า 500 คน/โพสต์", [(500.0, "คน/โพสต์")]),
        ("จำนวน ๑,๐๔๗ คน", [(1047.0, "คน")]),
        ("งบประมาณที่ได้รับ : 1,250,000 บาท", [(1250000.0, "บาท")]),
        ("วงเงิน 2.5 ล้านบาท", [(2500000.0, "บาท")]),
        ("ได้คะแนนเฉลี่ย 4.67 คะแนน", [(4.67, "คะแนน")]),
    ],
)
def test_counts_money_scores(text: str, expected: list[tuple[float, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "…ถูกต้องและโปร่งใส โดยประยุกต์%",  # a % glued to truncated text is not a percentage
        "ประชาชนมีความเชื่อมั่นในข้าราชการ% |",
        "ตามคำสั่ง ที่ 29/2566 ลงวันที่",  # order number
        "หนังสือ ที่ กท 0406/2006",  # letter number
        "รหัสโครงการ... : 50470000-3430",  # project code
        "(6.1) ไตรมาสที่ 1 :",  # section number
        "ขั้นตอนที่ 1 โครงการ",  # ordinal
        "ลงวันที่ 16 มีนาคม 2566\n\nรายงานครั้งที่4",  # a year is not "2566 ราย…"
        "0\n\nรายละเอียดตัวชี้วัดฯ : พิมพ์ข้อมูล",  # a unit after a line break must be a whole word
        "1.2 หน่วยงานที่รับผิดชอบ",  # a section heading
        "๕.๔.๑ ประชาชน",  # a strategy code
    ],
)
def test_traps_are_not_metrics(text: str) -> None:
    assert found(text) == []


def test_kinds() -> None:
    kinds = [n.kind for n in find_numbers("10.00 % ; 0 บาท ; 3 ครั้ง ; 100 คะแนน")]
    assert kinds == [MetricKind.PERCENT, MetricKind.MONEY, MetricKind.COUNT, MetricKind.SCORE]


def test_label_before() -> None:
    text = "โดยก่อนดำเนินโครงการมีสถิติการสอบถาม 841 คำถาม"
    assert label_before(text, text.index("841")) == "โดยก่อนดำเนินโครงการมีสถิติการสอบถาม"


@given(st.integers(min_value=0, max_value=10**9))
def test_thai_and_arabic_digits_agree(n: int) -> None:
    arabic = f"{n:,}"
    thai = arabic.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert to_arabic(thai) == arabic
    assert parse_number(thai) == parse_number(arabic) == float(n)


_PIECES = ["1", "23", "๔", ",", ".", "/", " ", "\t", "\n", "%", "(ร้อยละ)", "(", "บาท", "ล้านบาท", "คน", "บ่อ"]
_PIECES += ["ครั้ง", "โครงการ/กิจกรรม", "ร้อยละ", "จำนวน", "ก", "x", "-"]


@given(st.lists(st.sampled_from(_PIECES), max_size=24).map("".join))
def test_number_first_patterns_tried_where_they_may_start(text: str) -> None:
    """The patterns that start with the number are tried only where the one scan says they may start
    (find_numbers): exactly where a scan of the whole text by each finds them."""
    from parsers.thai import numbers as nb

    tried: dict[str, list[tuple[int, int]]] = {"pct": [], "money": [], "count": []}
    for candidate in nb._NUMBER_BEFORE_UNIT.finditer(text):
        after = candidate.group("next")
        for key, pattern, firsts in (
            ("pct", nb._PERCENT_AFTER, "%("),
            ("money", nb._MONEY, nb._CURRENCY_FIRSTS),
            ("count", nb._COUNT, nb._COUNT_FIRSTS),
        ):
            if after in firsts and (m := pattern.match(text, candidate.start())):
                tried[key].append(m.span())
    assert tried["pct"] == [m.span() for m in nb._PERCENT_AFTER.finditer(text)]
    assert tried["money"] == [m.span() for m in nb._MONEY.finditer(text)]
    assert tried["count"] == [m.span() for m in nb._COUNT.finditer(text)]


@pytest.mark.parametrize(
    ("line", "label"),
    [
        # a number with its unit inside the phrase is part of the label, not its end
        ("ซ่อมแซมแล้วเสร็จภายใน 72 ชั่วโมง จำนวน 1,139 จุด", "ซ่อมแซมแล้วเสร็จภายใน 72 ชั่วโมง"),
        ("ตรวจสอบไฟฟ้าบนถนนสายหลัก จำนวน 36 สาย และซ่อมแซม 5 จุด", "และซ่อมแซม"),
        # brackets at a chunk's edges are not the label's; a bracket alone is no label
        ("แต่งตั้งคณะทำงานและกำหนดขั้นตอน (3 ขั้น)", "แต่งตั้งคณะทำงานและกำหนดขั้นตอน"),
        ("( 25 )", ""),
        # the previous number's unit alone is not a label
        ("1,174 จุด 1,139 จุด", ""),
    ],
)
def test_labels_are_whole_phrases(line: str, label: str) -> None:
    last = regex.findall(r"[0-9][0-9,]*", line)[-1]
    assert label_before(line, line.rindex(last)) == label
