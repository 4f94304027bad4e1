"""The generic reading of documents of no known form: kind, title, agency, number, own date, fiscal year
and every ``label : value`` pair, each with its provenance (issue 19)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from goldcheck import REPO, SHARED

from parsers.assemble import ParsedDocument, parse_document
from pipeline.read.sources import read_source
from schemas.enums import Form

NOTICE = """ประกาศเทศบาลตำบลหนองบัว
เรื่อง สอบราคาจ้างซ่อมแซมถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3
________________________

ด้วยเทศบาลตำบลหนองบัว มีความประสงค์จะสอบราคาจ้าง ตามหนังสือที่ มท 0808.2/ว 1234 ลงวันที่ 5 มกราคม 2566
กำหนดยื่นซองในวันที่ 20 มีนาคม 2566 เวลา 09.00 น.
ราคากลาง : 450,000 บาท
ผู้ประสานงาน : นายสมศักดิ์ ใจดี  โทร : 0 4321 1234

ประกาศ ณ วันที่ 15 มีนาคม 2566
"""


def fields_of(parsed: ParsedDocument) -> dict[str, str]:
    return {f.field: f.value for f in parsed.field_values}


def test_memo_sample_gives_its_head() -> None:
    path = REPO / "data" / "raw" / "unknown_meeting_notice_khlongsan.txt"
    source = read_source(path)
    parsed = parse_document(source.doc_id, source.pages)
    assert parsed.form is Form.UNKNOWN
    assert parsed.fields["title"] == "ขอเชิญประชุมคณะกรรมการชุมชนเพื่อเตรียมความพร้อมรับมือน้ำท่วมช่วงฤดูฝน"
    assert (parsed.fields["agency"], parsed.fields["agency_source"]) == ("สำนักงานเขตคลองสาน", "field")
    # the memo's own date, beside its number: not the meeting's (22 June) nor the deadline (19 June)
    assert parsed.fields["document_date"] == date(2023, 6, 12)
    assert (parsed.fields["fiscal_year_be"], parsed.fields["fiscal_year_source"]) == (2566, "inferred")
    fields = fields_of(parsed)
    assert fields["document_kind"] == "บันทึกข้อความ"
    assert fields["document_no"] == "กท 6101/1473"
    dated = next(f for f in parsed.field_values if f.field == "document_date")
    assert (dated.page, dated.raw) == (1, "วันที่ 12 มิถุนายน 2566")


def test_notice_title_issuer_date_and_pairs() -> None:
    parsed = parse_document("notice", [NOTICE])
    assert parsed.fields["title"] == "สอบราคาจ้างซ่อมแซมถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3"
    assert (parsed.fields["agency"], parsed.fields["agency_source"]) == ("เทศบาลตำบลหนองบัว", "heading")
    # ประกาศ ณ วันที่ dates the notice; ลงวันที่ dates the letter it cites, ในวันที่ an event
    assert parsed.fields["document_date"] == date(2023, 3, 15)
    pairs = [(f.field, f.value, f.raw) for f in parsed.field_values if f.field not in parsed.fields]
    assert ("ราคากลาง", "450,000 บาท", "450,000 บาท") in pairs
    assert ("ผู้ประสานงาน", "นายสมศักดิ์ ใจดี", "นายสมศักดิ์ ใจดี") in pairs
    assert ("โทร", "0 4321 1234", "0 4321 1234") in pairs
    text = parsed.pages[0].text
    for f in parsed.field_values:
        assert text[f.char_start : f.char_end] == f.raw or f.field == "title"


def test_no_guess_without_a_label() -> None:
    """A date in the body is an event, not the document's date; a heading that is a table's is no agency."""
    text = "สรุปผลการดำเนินงานโครงการ\nจัดกิจกรรมในวันที่ 5 มีนาคม 2566 ณ สวนลุมพินี\nหน่วยงาน Line Staff\n"
    parsed = parse_document("x", [text])
    assert parsed.fields.get("document_date") is None
    assert parsed.fields.get("agency") is None
    assert parsed.fields["title"] == "สรุปผลการดำเนินงานโครงการ"


def test_a_wrapped_heading_is_one_title() -> None:
    text = "การปรับปรุงตัวชี้วัดงานเชิงยุทธศาสตร์ของสำนักงานเขต\nประจำปีงบประมาณ พ.ศ. 2555\n\nเนื้อความ"
    parsed = parse_document("x", [text])
    assert parsed.fields["title"] == "การปรับปรุงตัวชี้วัดงานเชิงยุทธศาสตร์ของสำนักงานเขตประจำปีงบประมาณ พ.ศ. 2555"
    assert parsed.fields["fiscal_year_be"] == 2555


def test_a_labelled_kpi_name_stays_the_title() -> None:
    text = "เอกสารประกอบ\nชื่อตัวชี้วัด : ร้อยละของถนนที่ได้รับการซ่อมแซม\nค่าเป้าหมาย : 80 (ร้อยละ)\n"
    parsed = parse_document("x", [text])
    assert parsed.fields["title"] == "ร้อยละของถนนที่ได้รับการซ่อมแซม"
    assert not any(f.field == "ชื่อตัวชี้วัด" for f in parsed.field_values)  # read once, as the title


POKNOI = SHARED / "realdata" / "thai-agency-pdfs" / "poknoi_price_inquiry_notice_word2007.pdf"


@pytest.mark.skipif(not POKNOI.is_file(), reason=f"{POKNOI} is absent (real PDFs live beside the project)")
def test_real_price_inquiry_notice(tmp_path: Path) -> None:
    """A municipality's notice printed from Word: its subject, issuer and date, read through the PDF."""
    from pipeline.config import Config
    from pipeline.read.extract import extract_file
    from pipeline.read.identity import identify
    from pipeline.run.parse import parse_extract

    config = Config()
    extract, prepared = extract_file(POKNOI, identify(POKNOI), config)
    result = parse_extract(extract, config, prepared=prepared)
    doc = result.document
    assert doc.form is Form.UNKNOWN
    assert doc.title is not None and doc.title.startswith("สอบราคาโครงการก่อสร้างรั้วกำแพงกันดิน")
    assert (doc.agency, doc.agency_source) == ("เทศบาลตำบลพอกน้อย", "heading")
    assert doc.document_date == date(2015, 11, 2)
    assert doc.fiscal_year_be == 2559
