"""Forms read by labels: the label tables, the key/value reader, the title line, the quarter table, the
joining of wrapped lines, and one regression test for each way a real page once defeated the parsers
(written here in our own words, in the layouts of the real pages of ../shared/realpages)."""

from __future__ import annotations

import pytest
from layouts import wrap

from parsers.assemble import ParsedDocument, parse_document
from parsers.document.labels import Label, LabelTable, heading
from parsers.document.lines import first_word, join_wrapped
from parsers.forms.fields import AS_NUMBER, FieldContext, FieldSpec, Found, read_fields
from parsers.forms.quarter_table import read_table
from parsers.forms.titleline import find_title_line
from parsers.registry import LINE_STARTERS
from parsers.repair.normalize import normalize
from parsers.text.linebox import LineBox
from schemas.enums import Form

TABLE = LabelTable(
    [
        Label("target", ("ค่าเป้าหมาย",), unit_before=True),
        Label("achieved", ("ผลงานที่ทำได้",), unit_before=True),
        Label("short", ("ผลงาน",)),
        Label("code", ("รหัสโครงการ",)),
        heading("table", "ผลงานเทียบกับเป้าหมายรายไตรมาส"),
    ]
)


def keys(text: str) -> list[tuple[str, str | None]]:
    return [(h.key, h.unit) for h in TABLE.hits(text)]


# -- label tables -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("ค่าเป้าหมาย ร้อยละ : 100", "ร้อยละ"),
        ("ค่าเป้าหมาย () : 100", "()"),
        ("ค่าเป้าหมาย : 100", None),
        ("ค่าเป้าหมาย เล่ม：1", "เล่ม"),
        ("ค่าเป้าหมาย ระดับ = 5", "ระดับ"),
        ("5. ค่าเป้าหมาย :: 80", None),
    ],
)
def test_a_label_with_any_unit_and_separator(line: str, unit: str | None) -> None:
    assert keys(line) == [("target", unit)]


def test_the_longest_spelling_wins_and_prose_is_no_label() -> None:
    assert keys("ผลงานที่ทำได้ ร้อยละ : 70\nผลงาน :0.00") == [("achieved", "ร้อยละ"), ("short", None)]
    # glued to a Thai word on its left, or with no separator after it: prose
    assert keys("ตกลงค่าเป้าหมาย : 10 กับหน่วยงาน\nค่าเป้าหมายของโครงการนี้ชัดเจน") == []
    assert keys("รหัสโครงการ... : 50470000-3430") == [("code", None)]


def test_a_heading_only_starts_a_line() -> None:
    assert keys("ผลงานเทียบกับเป้าหมายรายไตรมาส") == [("table", None)]
    assert keys("ดูที่ ผลงานเทียบกับเป้าหมายรายไตรมาส") == []


def test_a_spelling_is_owned_by_one_label_only() -> None:
    with pytest.raises(ValueError, match="belongs to both"):
        LabelTable([Label("a", ("ผลงาน",)), Label("b", ("ผล งาน",))])


def test_signals_count_distinct_signal_labels() -> None:
    table = LabelTable([Label("a", ("ค่าเป้าหมาย",), signal=True), Label("b", ("หน่วยนับ",), signal=True)])
    assert table.signals("ค่าเป้าหมาย : 1\nค่าเป้าหมาย : 2") == 1
    assert table.signals("ค่าเป้าหมาย : 1\nหน่วยนับ : คน") == 2


# -- values -----------------------------------------------------------------------------------------


def read_target(text: str) -> Found:
    outcome = AS_NUMBER(FieldContext(text, TABLE), FieldSpec("target", AS_NUMBER))
    assert isinstance(outcome, Found), outcome
    return outcome


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("ค่าเป้าหมาย ร้อยละ : 20 ของประชาชนที่ทำการสำรวจ", 20.0, "%"),
        ("ค่าเป้าหมาย : 100.0000", 100.0, None),
        ("ค่าเป้าหมาย () : 1,407.52", 1407.52, None),
        ("ค่าเป้าหมาย ร้อยละ... : 80", 80.0, "%"),
        ("ค่าเป้าหมาย เล่ม : 1", 1.0, "เล่ม"),
        ("ค่าเป้าหมาย :\n  ร้อยละ 93.40", 93.4, "%"),
    ],
)
def test_a_number_value_and_its_unit(text: str, value: float, unit: str | None) -> None:
    read = read_target(text).read
    assert (read.value, read.unit) == (value, unit)
    assert text[read.start : read.end].startswith(str(text[read.start]))


def test_a_value_runs_over_wrapped_lines_to_the_next_label_and_is_unwrapped() -> None:
    table = LabelTable([Label("title", ("ชื่อโครงการ",)), Label("code", ("รหัสโครงการ",))])
    ctx = FieldContext("ชื่อโครงการ : ปรับปรุงทางเท้า\nริมคลอง (ระยะ\n2) รหัสโครงการ : 5006-1", table)
    value = ctx.value("title")
    assert value is not None and value.text == "ปรับปรุงทางเท้าริมคลอง (ระยะ 2)"
    for ending in ("\n\nหลักการ", "\n28/10/2563 : งาน", "\f\nต่อ"):
        value = FieldContext(f"ชื่อโครงการ : งานหนึ่ง{ending}", table).value("title")
        assert value is not None and value.text == "งานหนึ่ง"


def test_required_fields_not_read_are_findings() -> None:
    fields = (FieldSpec("target", AS_NUMBER, required=True), FieldSpec("achieved", AS_NUMBER, required=True))
    read = read_fields(FieldContext("ค่าเป้าหมาย : ยังไม่กำหนด", TABLE), fields)
    assert read.values == {}
    assert [(i.code, i.message.split("'")[1]) for i in read.issues] == [
        ("unreadable_field", "target"),
        ("missing_field", "achieved"),
    ]


# -- the title line ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix",
    ["", "8/สปท.", "5.2 ", "(1) 1.1 ", "ตัวชี้วัดที่ 2 : (2.1) ", "มิติที่ 3 (3.2) ", "๑. ", "ปี 2565 ๒. "],
)
def test_a_title_line_with_any_numbering(prefix: str) -> None:
    text = f"Back Home\n\n{prefix}ร้อยละของคลองที่ได้รับการขุดลอก : 5012-0301\n\nค่าเป้าหมาย : 80"
    line = find_title_line(text, 0, text.index("ค่าเป้าหมาย"))
    assert line is not None
    assert (line.title.value, line.code.value) == ("ร้อยละของคลองที่ได้รับการขุดลอก", "5012-0301")
    assert (line.fiscal_year.value if line.fiscal_year else None) == (2565 if "ปี" in prefix else None)


def test_a_title_wrapped_over_lines_and_a_short_code() -> None:
    text = "Back Home\n\n๑. ร้อยละของประชาชนที่พึงพอใจ\nต่อบริการของสำนักงานเขต : 87\nค่าเป้าหมาย ร้อยละ : 20"
    line = find_title_line(text, 0, text.index("ค่าเป้าหมาย"))
    assert line is not None and (line.title.value, line.code.value) == (
        "ร้อยละของประชาชนที่พึงพอใจต่อบริการของสำนักงานเขต",
        "87",
    )


def test_no_title_line_in_a_region_that_ends_inside_a_line() -> None:
    text = "แบบฟอร์ม มิติที่: 1 ชื่อตัวชี้วัด : ร้อยละความสำเร็จ"
    assert find_title_line(text, 0, text.index("ชื่อตัวชี้วัด")) is None


# -- the quarter table ------------------------------------------------------------------------------

HEADER = "ไตรมาสที่\n(1 - 4)\n*ผลงาน*\n(ร้อยละ)\n*ผลประเมินตัวชี้วัด*\n(* 2.1 / 2.2 *)\n"


def rows(cells: str) -> list[tuple[int, float | None, float | None, tuple[float, float] | None]]:
    text = HEADER + cells + "\n\nรายงานผลฯ ไตรมาสที่ 1\n\nข้อความ 1"
    return [
        (
            r.quarter,
            r.result.value if r.result else None,
            r.score.value if r.score else None,
            r.ratio.ratio if r.ratio else None,
        )
        for r in read_table(text, 0, len(text))
    ]


def test_quarter_rows_one_cell_a_line_with_blank_scores() -> None:
    assert rows(
        "1\n5.00\n\n0 / 0\n2\n35.00\n100.0000\n100 / 100\n3\n1,407.52\n\n0 / 0\n4\n0.00\n0\n0 / 0"
    ) == [
        (1, 5.0, None, (0.0, 0.0)),
        (2, 35.0, 100.0, (100.0, 100.0)),
        (3, 1407.52, None, (0.0, 0.0)),
        (4, 0.0, 0.0, (0.0, 0.0)),
    ]


def test_quarter_rows_as_a_scan_or_a_saved_page_writes_them() -> None:
    scan = "1\n20.00\n100 / 100\n2\n40.00\n100\n100 / 100\n3\n75.00\n0 / 0\n4\n100.00\n0 / 0"
    assert [r[:2] for r in rows(scan)] == [(1, 20.0), (2, 40.0), (3, 75.0), (4, 100.0)]
    saved = "1 20.00 100 100 / 100\n2 40.00 100 100 / 100\n3 75.00 0 0 / 0\n4 100.00 100 0 / 0"
    assert rows(saved)[3] == (4, 100.0, 100.0, (0.0, 0.0))
    bare = "1\n5.00\n2\n2.50\n3\n8.00\n4\n9.00"  # no score or ratio column: "2" starts the next row
    assert [r[:2] for r in rows(bare)] == [(1, 5.0), (2, 2.5), (3, 8.0), (4, 9.0)]


# -- wrapped lines ----------------------------------------------------------------------------------

PARAGRAPH = (
    "ผลการดำเนินงานไตรมาสนี้ สำนักงานเขตได้ดำเนินการตรวจสอบจุดเสี่ยงร่วมกับชุมชนในพื้นที่ทั้งหมด จำนวน 18 ชุมชน "
    "และได้ปรับปรุงแก้ไขไฟฟ้าส่องสว่างที่ชำรุดแล้วเสร็จร้อยละ 93.40 ของจุดที่ได้รับแจ้ง"
)
REPORT = f"{PARAGRAPH}\nค่าเป้าหมาย ร้อยละ : 80\n2. {PARAGRAPH}\n3. สรุปผล"


@pytest.mark.parametrize("width", [40, 55, 70])
def test_plain_text_wrapped_at_a_margin_is_joined_but_labels_and_numbering_start_lines(width: int) -> None:
    wrapped = wrap(REPORT, width)
    assert wrapped.count("\n") > REPORT.count("\n") + 3
    joined = join_wrapped(normalize(wrapped), (), LINE_STARTERS)
    # a wrap at a space between two Thai words loses that space (nobody can tell it was there)
    assert [line.replace(" ", "") for line in joined.text.split("\n")] == [
        line.replace(" ", "") for line in REPORT.split("\n")
    ]
    assert [r.code for r in joined.repairs] == ["wrapped_lines"]
    # every character still maps back to the raw text
    at = joined.text.index("ค่าเป้าหมาย")
    assert joined.mapped.raw_slice(at, at + 11) == "ค่าเป้าหมาย"
    assert all(
        joined.mapped.raw_slice(i, i + 1).strip() == ch for i, ch in enumerate(joined.text) if ch.strip()
    )


def test_text_that_was_never_wrapped_is_left_alone() -> None:
    text = "หัวข้อ\nรายละเอียดสั้น\nอีกบรรทัดหนึ่งที่ยาวกว่าบรรทัดอื่นมากและไม่ได้ถูกตัด\nจบ"
    assert join_wrapped(normalize(text), (), LINE_STARTERS).text == text


def box(start: int, end: int, right: float, top: float, size: float = 14.0) -> LineBox:
    return LineBox(start, end, 40.0, right, top, top + size)


def test_geometry_decides_for_pdf_and_ocr_pages() -> None:
    lines = ["ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไข", "ภายในเวลาที่กำหนด", "สั้น", "อีกหนึ่งบรรทัดที่ยาวถึงขอบ", "ต่อ"]
    raw = "\n".join(lines)
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    boxes = (
        box(starts[0], starts[0] + len(lines[0]), 300.0, 0),  # at the margin: its next line is a wrap
        box(starts[1], starts[1] + len(lines[1]), 150.0, 16),
        box(starts[2], starts[2] + len(lines[2]), 60.0, 32),
        box(starts[3], starts[3] + len(lines[3]), 299.0, 48, size=9.0),  # at the margin, smaller type
        box(starts[4], starts[4] + len(lines[4]), 300.0, 58),  # the next line is in another size
    )
    joined = join_wrapped(normalize(raw), boxes, LINE_STARTERS)
    assert joined.text.split("\n") == [lines[0] + lines[1], lines[2], lines[3], lines[4]]


def test_first_word_of_a_thai_run_is_a_dictionary_word() -> None:
    assert first_word("ประชาชนในพื้นที่ 50 เขต") == "ประชาชน"
    assert first_word("(Traffy Fondue)") == "(Traffy"


# -- the forms on layouts real pages write ---------------------------------------------------------


def page(text: str) -> ParsedDocument:
    return parse_document("x", [text])


def entry_keys(parsed: ParsedDocument) -> list[tuple[int | None, int | None, str | None, float | None]]:
    return [
        (e.kpi_no, e.quarter, e.report_date.isoformat() if e.report_date else None, e.progress_pct)
        for e in parsed.entries
    ]


def test_issue_13_headerless_kpi_page_without_units_and_dated_lines_of_both_orders() -> None:
    parsed = page(
        "ค่าเป้าหมาย : 100\nผลงานที่ทำได้ : 60\nประเภทตัวชี้วัด : ตัวชี้วัดงานประจำ\n"
        "*** สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 2:\n"
        "29/10/2564 : เตรียมข้อมูล 30/11/2564 : ประชุมคณะทำงาน 1. แต่งตั้ง 2. จัดทำแผน\n"
        "1/31/2022 : ดำเนินการตามแผน"
    )
    assert parsed.form is Form.KPI_DETAIL
    assert (parsed.fields["target_value"], parsed.fields["achieved_value"], parsed.fields["target_unit"]) == (
        100.0,
        60.0,
        None,
    )
    assert entry_keys(parsed) == [
        (None, 1, "2021-10-29", None),
        (None, 1, "2021-11-30", None),
        (None, 2, "2022-01-31", None),
    ]
    assert (parsed.fields["fiscal_year_be"], parsed.fields["fiscal_year_source"]) == (2565, "inferred")


def test_issue_13_a_stated_fiscal_year_wins_over_the_dates() -> None:
    parsed = page(
        "รายละเอียดตัวชี้วัด\n\nปี 2566 ๓. ร้อยละของถนนที่ได้รับการซ่อม : 5040-0112\n\n"
        "ค่าเป้าหมาย ร้อยละ : 90\n\nผลงานที่ทำได้ ร้อยละ : 95\n\n31/10/2564 : งานเดือนตุลาคม"
    )
    assert (parsed.fields["title"], parsed.fields["code"]) == ("ร้อยละของถนนที่ได้รับการซ่อม", "5040-0112")
    assert (parsed.fields["fiscal_year_be"], parsed.fields["fiscal_year_source"]) == (2566, "stated")


def test_issue_13_kpi_page_with_blank_score_cells_and_values_above_100() -> None:
    parsed = page(
        "รายละเอียดตัวชี้วัด\n\nBack Home\n\nพื้นที่สีเขียวที่เพิ่มขึ้นในเขต : 5030-0777\n\nค่าเป้าหมาย () : 100\n\n"
        "ผลงานที่ทำได้ () : 12\n\nผลงานเทียบกับเป้าหมายรายไตรมาส\n\n"
        + HEADER
        + "1\n18.25\n\n0 / 0\n2\n170.50\n\n0 / 0\n3\n12.00\n0\n0 / 0\n4\n1,300.75\n0\n0 / 0\n\n"
        "รายงานผลฯ ไตรมาสที่ 1\n\nปลูกต้นไม้ จำนวน 120 ต้น"
    )
    assert entry_keys(parsed) == [
        (None, 1, None, 18.25),
        (None, 2, None, 170.5),
        (None, 3, None, 12.0),
        (None, 4, None, 1300.75),
    ]
    assert parsed.entries[0].text == "ปลูกต้นไม้ จำนวน 120 ต้น"


def test_issue_13_project_progress_web_page() -> None:
    parsed = page(
        "ความคืบหน้าโครงการ/กิจกรรม\n\nBack Home\n\nโครงการขุดลอกคูน้ำสาธารณะ : 50110000-2044\n\n"
        "สำนักงานเขตลาดกระบัง : (2565)\n\n40\n\nความคืบหน้าโครงการ ร้อยละ 40\n\n"
        "ดูโครงการแผนปีฯ : พิมพ์ข้อมูล\n\n*** สยป. ประเมินโครงการ : ไตรมาสที่ 3 100\n\nหลักการและเหตุผล\n\nคูน้ำตื้นเขิน"
    )
    assert parsed.form is Form.PROJECT_PROGRESS_WEB
    f = parsed.fields
    assert (f["title"], f["code"], f["agency"], f["fiscal_year_be"], f["achieved_value"]) == (
        "โครงการขุดลอกคูน้ำสาธารณะ",
        "50110000-2044",
        "สำนักงานเขตลาดกระบัง",
        2565,
        40.0,
    )
    assert [(m.label, m.value) for m in parsed.metrics if m.label.startswith("assessment")] == [
        ("assessment_q3", 100.0)
    ]


def test_issue_13_agency_page_entries_carry_their_kpi_and_the_agency_code_is_a_field() -> None:
    kpi = "\n\nหน่วยนับ :{unit}\n\nเป้าหมาย :{t}\n\nผลงาน :{a}\n\nผลงานเทียบกับเป้าหมายรายไตรมาส\n\n" + HEADER
    parsed = page(
        "ผลการปฏิบัติราชการประจำปี : ของหน่วยงาน : 21000000\n\nมิติที่ 1 ด้านประสิทธิผล\n\n(1) 1.1 ร้อยละของงานที่แล้วเสร็จ"
        + kpi.format(unit="ร้อยละ", t="80.00", a="50.00")
        + "1\n25.00\n\n100 / 100\n2\n50.00\n\n0 / 0\n\n(2) จำนวนคู่มือที่จัดทำ"
        + kpi.format(unit="ฉบับ", t="2.00", a="1.00")
        + "1\n1.00\n\n0 / 0"
    )
    assert parsed.form is Form.AGENCY_PERFORMANCE
    assert (parsed.fields["title"], parsed.fields["target_value"], parsed.fields["target_unit"]) == (
        "ร้อยละของงานที่แล้วเสร็จ",
        80.0,
        "%",
    )
    assert parsed.fields.get("code") is None
    assert [(v.field, v.value) for v in parsed.field_values if v.field == "agency_code"] == [
        ("agency_code", "21000000")
    ]
    assert entry_keys(parsed) == [(1, 1, None, 25.0), (1, 2, None, 50.0), (2, 1, None, 1.0)]
    assert {(m.label, m.value, m.unit) for m in parsed.metrics if "kpi 2" in m.label} == {
        ("target (kpi 2)", 2.0, "ฉบับ"),
        ("achieved (kpi 2)", 1.0, "ฉบับ"),
    }


def test_issue_13_unknown_documents_keep_the_name_and_target_they_state() -> None:
    parsed = page(
        "1. หน่วยงาน กองแผนงาน\n2. ชื่อโครงการ งานพัฒนาระบบ\n3. ตัวชี้วัด ร้อยละของระบบที่ใช้งานได้\n4. งบประมาณ 5 ล้านบาท"
    )
    assert (parsed.form, parsed.fields["title"], parsed.fields.get("code")) == (
        Form.UNKNOWN,
        "ร้อยละของระบบที่ใช้งานได้",
        None,
    )
    inline = page("แบบรายงาน มิติที่: 1 ชื่อตัวชี้วัด : ร้อยละของแผนที่สำเร็จ ชื่อผู้รายงาน : นายหนึ่ง")
    assert (inline.fields["title"], inline.fields.get("code")) == ("ร้อยละของแผนที่สำเร็จ", None)
    definition = page(
        "Back Home\n\n๒. จำนวนรายงานการศึกษาพื้นที่ : 91\n\nค่าเป้าหมาย เล่ม : 2\n\nลักษณะข้อมูล : ตัวชี้วัดเป้าประสงค์"
    )
    f = definition.fields
    assert (definition.form, f["title"], f["code"], f["target_value"], f["target_unit"]) == (
        Form.UNKNOWN,
        "จำนวนรายงานการศึกษาพื้นที่",
        "91",
        2.0,
        "เล่ม",
    )


def test_issue_13_an_annual_plan_year_is_a_stated_fiscal_year() -> None:
    parsed = page(
        "ค่าเป้าหมาย : 100\nผลงานที่ทำได้ : 100\nประเภทตัวชี้วัด : งานประจำ\nจัดทำแผนปฏิบัติราชการ ประจำปี พ.ศ. 2563 แล้ว"
    )
    assert (parsed.fields["fiscal_year_be"], parsed.fields["fiscal_year_source"]) == (2563, "stated")


def test_issue_13_an_agency_kpi_name_wrapped_onto_the_next_line_is_read_whole() -> None:
    parsed = page(
        "ผลการปฏิบัติราชการประจำปีของหน่วยงาน : 21000000\n\n(1) 1.1 ร้อยละของเรื่องร้องเรียนที่ได้รับ\n"
        "การแก้ไขภายในเวลาที่กำหนด\n[มิติที่ 1 : ตัวชี้วัดเจรจา]\n\nหน่วยนับ :ร้อยละ\n\nเป้าหมาย :80.00\n\nผลงาน :82.00"
    )
    assert parsed.fields["title"] == "ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไขภายในเวลาที่กำหนด"


# -- what a scan of a wrapped report does to these layouts (bench/bench_layouts.py --scans) ---------


def test_issue_13_a_scanned_quarter_table_with_specks_and_tight_ratios() -> None:
    garbled = "ไตรมาสที่\n(1 - 4)\n*ผูลงาน*\n(ร้อยละ )\n*ผลประเมินตัวชี้วัด*\n(* 2.1/227\n"
    cells = "1\n88.10\n100 / 100\n2\n90.40\n100.0000 ก.\n100 / 100\n3 .\n89.75\n0/0\n4\n0.00 . :\n0/0"
    text = garbled + cells + "\nรายงานผลฯ ไตรมาสที่ 1"
    found = [
        (r.quarter, r.result.value if r.result else None, r.ratio.ratio if r.ratio else None)
        for r in read_table(text, 0, len(text))
    ]
    assert found == [
        (1, 88.1, (100.0, 100.0)),
        (2, 90.4, (100.0, 100.0)),
        (3, 89.75, (0.0, 0.0)),
        (4, 0.0, (0.0, 0.0)),
    ]
    spaced = page(
        "ผลการปฏิบัติราชการประจำปีของหน่วยงาน : 1\n(1) งานหนึ่ง\nหน่วยนับ :จุด\nเป้าหมาย :2\nผลงาน :1\n"
        "ผลงาน เทียบกับเป้าหมายรายไตรมาส\n" + HEADER + "1\n1.00\n0/0"
    )
    assert entry_keys(spaced) == [(1, 1, None, 1.0)]


def test_issue_13_a_unit_an_ocr_glued_to_its_label() -> None:
    assert keys("ผลงานที่ทำได้คะแนน : 90") == [("achieved", "คะแนน")]
    assert keys("ค่าเป้าหมายของโครงการ : 5") == []


def test_issue_13_a_progress_line_wrapped_and_misread_by_a_scan() -> None:
    report = (
        "**** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ ****\nชื่อโครงการ/กิจกรรม : งานหนึ่ง\n"
        "- รายงานครั้งที่1 :: 25/01/2566 : งาน\n:: ความก้าวหน้าของงานฯ = 5.00 % งบประมาณที่ เบิกใช้ (ครั้ง\n"
        "91) = 0 บาท : เป็นไปตามแผน : เป็นไปตามเป้าหมาย\n- รายงานครั้งที่2 :: 24/02/2566 : งาน\n"
        ":: ความก้าวหน้าของงานฯ = 25.00 % งบประมาณที่เบิกใช้ (ครั้ง\nfi 2) = 1,000 บาท : เป็นไปตามแผน"
    )
    parsed = page(report)
    assert [(e.report_no, e.progress_pct, e.budget_spent_thb) for e in parsed.entries] == [
        (1, 5.0, 0.0),
        (2, 25.0, 1000.0),
    ]
    # "91" names no report: bound to report 1 by position, and said so
    assert [f.entry_no for f in parsed.findings if f.code == "progress_number_unread"] == [1]


def test_issue_13_a_quarter_cell_a_scan_misread_is_taken_by_its_place_and_said() -> None:
    text = HEADER + "1\n3.00\n0/0\n2\n9.00\n0/0\n3\n0.00\n0/0\nห\n0.00\n0/0\n'\n\nรายงานผลฯ ไตรมาสที่ 1"
    assert [(r.quarter, r.inferred) for r in read_table(text, 0, len(text))] == [
        (1, False),
        (2, False),
        (3, False),
        (4, True),
    ]
    parsed = page("รายละเอียดตัวชี้วัด\nค่าเป้าหมาย : 1\nผลงานที่ทำได้ : 1\nผลงานเทียบกับเป้าหมายรายไตรมาส\n" + text)
    assert [f.evidence for f in parsed.findings if f.code == "quarter_cell_unread"] == ["ห\n0.00\n0/0"]


def test_detection_skips_a_table_whose_signal_labels_cannot_be_in_the_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A table whose signal labels' fixed stretches are not in the text scores 0 without a scan; where
    one is, the score is the scan's: the same counts as counting the signal labels among all hits."""
    from goldcheck import REPO

    from parsers.registry import FORMS

    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted((REPO / "data" / "raw").glob("*.txt"))]
    texts += [wrap(t, 38) for t in texts]  # labels broken over lines: their stretches still stand
    assert texts
    for text in texts:
        for form in FORMS:
            full = {hit.key for hit in form.labels.hits(text) if hit.label.signal}
            assert form.labels.signals(text) == len(full), (form.form, text[:60])
    table = LabelTable([Label("kpi", ("ชื่อตัวชี้วัด",), signal=True), Label("note", ("หมายเหตุ",))])
    scanned: list[str] = []
    real = LabelTable.hits
    monkeypatch.setattr(
        LabelTable, "hits", lambda self, text, *a: scanned.append(text) or real(self, text, *a)
    )
    assert table.signals("หมายเหตุ : ไม่มี") == 0 and scanned == []
    assert table.signals("ชื่อตัวชี้วัด : ร้อยละ") == 1 and len(scanned) == 1
