"""Dates decided by their context inside a document, and hostile strings run through every form."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.assemble import parse_document
from schemas.enums import Form

KPI_REPORT = """1. ชื่อตัวชี้วัด : ร้อยละของคลองที่ได้รับการขุดลอก

2. ระดับความสำเร็จ : ผลผลิต (Output)

5. เป้าหมาย : 80 (ร้อยละ)

: ผลงานที่ทำได้ = 85.50 (ร้อยละ)

6. รายงานผลการดำเนินงาน (รายไตรมาส) :

(6.1) ไตรมาสที่ 1 : 30/10/2563 : สำรวจคลอง {hostile}

(6.2) ไตรมาสที่ 2 : {q2} : ขุดลอกคลอง จำนวน 12 สาย

(6.3) ไตรมาสที่ 3 : {q3} : ขุดลอกต่อเนื่อง

(6.4) ไตรมาสที่ 4 : 30/07/2564 : สรุปผล

(6.5) สรุปผลการดำเนินงาน (ปลายปีงบประมาณ) :
"""


def kpi(q2: str = "26/02/2564", q3: str = "29/04/2564", hostile: str = "") -> str:
    return KPI_REPORT.format(q2=q2, q3=q3, hostile=hostile)


def test_quarter_heading_decides_an_ambiguous_ce_date() -> None:
    # 3/4/2021 is 4 March (M/D, the CE era rule: quarter 2) or 3 April (D/M: quarter 3); it sits under
    # quarter 3, so the heading decides against the era rule.
    parsed = parse_document("t", [kpi(q3="3/4/2021")])
    entry = parsed.entries[2]
    assert (entry.quarter, entry.report_date, entry.date_flags) == (3, date(2021, 4, 3), [])
    assert not [f for f in parsed.findings if f.code == "ambiguous_order"]


def test_era_rule_reading_kept_and_flagged_when_nothing_decides() -> None:
    # 2/3/2021 under quarter 2 (Jan–Mar 2021): 3 February and 2 March are both in the quarter.
    parsed = parse_document("t", [kpi(q2="2/3/2021")])
    entry = parsed.entries[1]
    assert entry.quarter == 2
    if entry.date_flags:  # the neighbours did not decide: the era reading (M/D for CE) is kept, flagged
        assert entry.report_date == date(2021, 2, 3)
        assert entry.date_flags == ["ambiguous_order"]
        assert [f.code for f in parsed.findings if f.entry_no == 2] == ["ambiguous_order"]
    else:  # the one-entry-per-month cadence decided it
        assert entry.report_date in {date(2021, 2, 3), date(2021, 3, 2)}


def test_flattened_lone_ambiguous_date_is_flagged() -> None:
    text = "ค่าเป้าหมาย ร้อยละ : 100\nผลงานที่ทำได้ ร้อยละ : 100\nประเภทตัวชี้วัด : ตัวชี้วัด\n5/6/2564 : ดำเนินการ"
    parsed = parse_document("t", [text])
    assert parsed.form is Form.KPI_DETAIL
    entry = parsed.entries[0]
    assert entry.report_date == date(2021, 6, 5)  # BE year: D/M
    assert entry.date_flags == ["ambiguous_order"]


def test_entry_outside_its_quarter_is_flagged() -> None:
    parsed = parse_document("t", [kpi(q2="31/03/2565")])  # a year typo: 2565 instead of 2564
    entry = parsed.entries[1]
    assert entry.report_date == date(2022, 3, 31)  # kept literally
    assert "outside_quarter" in entry.date_flags
    assert any(f.code == "outside_quarter" and f.entry_no == 2 for f in parsed.findings)


def test_fiscal_year_inferred_from_entry_dates_when_not_stated() -> None:
    parsed = parse_document("t", [kpi()])
    assert (parsed.fields["fiscal_year_be"], parsed.fields["fiscal_year_source"]) == (2564, "inferred")
    assert parsed.fields["fiscal_year_ce"] == 2021


HOSTILE = [
    "ตามคำสั่ง ที่ 29/2566",
    "หนังสือ ที่ กท 0406/2006",
    "ที่ ฝบ. 634/2564",
    "รหัส 50470000-3430",
    "(* 2.1 / 2.2 *)",
    "100 / 100",
    "เวลา 10.30 น.",
    "ภายใน 24 ชั่วโมง",
    "โคโรนา 2019 (โควิด 19)",
    "ระยะ 20 ปี",
    "โดยประยุกต์%",
    "ข่าวประชาสัมพันธ์`เผยแพร่",
    "?ทิ้งรักลงคลอง?",
    "ผู้ดำารงตำาแหน่ง",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_add_no_date_and_no_entry(hostile: str) -> None:
    clean = parse_document("t", [kpi()])
    dirty = parse_document("t", [kpi(hostile=hostile)])
    assert [e.report_date for e in dirty.entries] == [e.report_date for e in clean.entries]
    assert len(dirty.dates) == len(clean.dates)
    extra = {(m.value, m.unit) for m in dirty.metrics} - {(m.value, m.unit) for m in clean.metrics}
    assert extra <= {(24.0, "ชั่วโมง")}  # a duration with its unit is a number with a unit; nothing else


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize(
    "template",
    [
        "{h}",
        "ค่าเป้าหมาย ร้อยละ : 100\nผลงานที่ทำได้ ร้อยละ : 90\nประเภทตัวชี้วัด : x\n31/10/2565 : {h}",
        "ชื่อโครงการ/กิจกรรม : ก\n รหัสโครงการ... : 1-2 ปีงบประมาณ พ.ศ. : 2566\n- รายงานครั้งที่1 :: 25/01/2566 : {h}",
    ],
)
def test_every_form_survives_hostile_text(template: str, hostile: str) -> None:
    parsed = parse_document("t", [template.format(h=hostile)])
    assert parsed.pages[0].text_raw == template.format(h=hostile)
    for entry in parsed.entries:
        assert entry.report_date is None or entry.report_date.year in {2022, 2023}


def test_banner_on_each_pdf_page_is_dropped_after_the_first() -> None:
    banner = "**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****"
    parsed = parse_document("x", [f"{banner}\nหน้าแรก", f"{banner}\nหน้าสอง"])
    assert [p.text for p in parsed.pages] == [f"{banner}\nหน้าแรก", "หน้าสอง"]
    assert [(f.code, f.page, f.count) for f in parsed.findings if f.stage == "normalize"] == [
        ("repeated_header", 2, 1)
    ]
    assert parsed.pages[1].text_raw.startswith(banner)  # raw text keeps it


def test_quarter_table_row_split_by_a_page_break() -> None:
    top = (
        "รายละเอียดตัวชี้วัด\nค่าเป้าหมาย ร้อยละ : 80\nผลงานที่ทำได้ ร้อยละ : 90\n"
        "ผลงานเทียบกับเป้าหมายรายไตรมาส\n1\n70\n100\n100 / 100\n2\n"
    )
    parsed = parse_document("x", [top, "90\n100\n100 / 100\nรายงานผลฯ ไตรมาสที่ 1\nงานเดินหน้า"])
    assert parsed.form is Form.KPI_DETAIL
    got = [(e.quarter, e.progress_pct, e.score) for e in parsed.entries]
    assert got == [(1, 70.0, 100.0), (2, 90.0, 100.0)]
