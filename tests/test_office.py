"""Word (.docx) and Excel (.xlsx) inputs: the readers, the samples of data/raw, merged cells, dates,
and the refusals of what is not a readable Word or Excel file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from goldcheck import REPO, differences, load

from parsers.assemble import parse_document
from pipeline.config import Config
from pipeline.read.docx import read_docx
from pipeline.read.identity import identify
from pipeline.read.package import OLE_SIGNATURE
from pipeline.read.sources import read_source
from pipeline.read.xlsx import read_xlsx
from pipeline.run.worker import ingest_file
from schemas.codes import FindingCode
from schemas.enums import Form, SourceFormat, TableMethod

RAW = REPO / "data" / "raw"
DOCX = RAW / "kpi_detail_environment_fy2565.docx"
XLSX = RAW / "kpi_workbook_phasicharoen_fy2565_2568.xlsx"
LIMIT = Config().max_file_bytes

docx = pytest.importorskip("docx")  # python-docx, the tools extra: builds the test documents


def _docx_bytes(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def _xlsx_bytes(wb: object) -> bytes:
    out = io.BytesIO()
    wb.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def _zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def test_word_sample_gives_the_records_of_its_text_export() -> None:
    """The same report as .txt and as .docx: the same form, fields and entries."""
    text = read_source(RAW / "kpi_detail_environment_fy2565.txt")
    word = read_docx(DOCX, LIMIT)
    assert not word.failed and word.source_format is SourceFormat.DOCX
    assert len(word.pages) == 2  # the page break before the definitions
    from_text = parse_document(text.doc_id, text.pages)
    from_word = parse_document(word.doc_id, word.pages)
    assert differences(from_word, load(REPO / "tests/expected/kpi_detail_environment_fy2565.json")) == []
    assert from_word.form is from_text.form is Form.KPI_DETAIL
    for name in ("title", "code", "agency", "fiscal_year_be", "target_value", "achieved_value"):
        assert from_word.fields.get(name) == from_text.fields.get(name), name

    def entries(parsed: object) -> list[tuple[object, ...]]:
        return [(e.quarter, e.report_no, e.report_date, e.progress_pct) for e in parsed.entries]  # type: ignore[attr-defined]

    assert entries(from_word) == entries(from_text)


def test_word_sample_ingests_with_its_quarter_table_as_cells() -> None:
    result = ingest_file(DOCX, Config())
    assert result.document.form is Form.KPI_DETAIL
    assert result.document.status.value == "ok"
    (table,) = result.tables
    assert (table.method, table.n_rows, table.n_cols, table.n_header_rows) == (TableMethod.DOCX, 5, 4, 1)
    cells = {(c.row, c.col): c for c in result.cells}
    assert cells[(0, 1)].col_span == 2 and cells[(0, 1)].text == "*ผลงาน*\n(คะแนน)"
    q4 = cells[(4, 1)]
    assert (q4.text, q4.value, q4.page) == ("87.50", 87.5, 1)
    assert q4.col_header == "*ผลงาน*\n(คะแนน)"


def test_workbook_with_merged_header_and_thai_dates_gives_the_right_cells() -> None:
    result = ingest_file(XLSX, Config())
    assert result.document.source_format is SourceFormat.XLSX
    first, second = result.tables
    assert (first.caption, first.n_header_rows, first.page) == ("ตัวชี้วัด 2565-2568", 2, 1)
    assert (second.caption, second.page) == ("รายงานรายไตรมาส 2568", 2)
    cells = {(c.table_no, c.row, c.col): c for c in result.cells}
    merged = cells[(1, 0, 2)]
    assert (merged.text, merged.row_span, merged.col_span, merged.is_header) == ("ผลการดำเนินงาน", 1, 4, True)
    assert (cells[(1, 0, 0)].row_span, cells[(1, 1, 2)].is_header) == (2, True)  # a typed year heads
    percent = cells[(1, 2, 2)]
    assert (percent.text, percent.value, percent.unit) == ("81.25%", 81.25, "%")
    assert percent.col_header == "ผลการดำเนินงาน › 2565"
    assert percent.row_header == "ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไขภายในเวลาที่กำหนด"
    count = cells[(1, 4, 4)]  # typed as text in the sheet
    assert (count.text, count.value, count.unit, count.col_header) == (
        "1,905",
        1905.0,
        "คน",
        "ผลการดำเนินงาน › 2567",
    )
    assert cells[(1, 4, 5)].value is None  # a dash: no value
    money = cells[(1, 5, 3)]
    assert (money.value, money.unit) == (1480500.5, "บาท")
    thai = cells[(2, 1, 1)]  # a Thai date written as text
    assert (thai.text, thai.date_value, thai.col_header) == (
        "31 ธ.ค. 2567",
        dt.date(2024, 12, 31),
        "วันที่รายงาน",
    )
    typed = cells[(2, 1, 3)]  # an Excel date cell
    assert (typed.text, typed.date_value) == ("2025-01-06", dt.date(2025, 1, 6))
    assert cells[(2, 2, 2)].value == 84.25 and cells[(2, 2, 2)].row_header == "ไตรมาสที่ 2"


def test_docx_table_spanning_rows_and_columns(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("ผลการดำเนินงานรายไตรมาส")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0))  # vMerge over two rows
    table.cell(0, 1).merge(table.cell(0, 2))  # gridSpan over two columns
    table.cell(0, 0).paragraphs[0].add_run("ไตรมาส")
    table.cell(0, 1).paragraphs[0].add_run("ผลงาน")
    table.cell(1, 1).paragraphs[0].add_run("ร้อยละ")
    table.cell(1, 2).paragraphs[0].add_run("คะแนน")
    for col, text in enumerate(("1", "80.77", "100")):
        table.cell(2, col).paragraphs[0].add_run(text)
    path = tmp_path / "spans.docx"
    path.write_bytes(_docx_bytes(document))
    source = read_docx(path, LIMIT)
    (page,), ((found,),) = source.pages, source.tables
    assert page == "ผลการดำเนินงานรายไตรมาส\n\nไตรมาส ผลงาน\nร้อยละ คะแนน\n1 80.77 100"
    spans = {(c.row, c.col): (c.row_span, c.col_span, page[c.start : c.end]) for c in found.cells}
    assert spans == {
        (0, 0): (2, 1, "ไตรมาส"),
        (0, 1): (1, 2, "ผลงาน"),
        (1, 1): (1, 1, "ร้อยละ"),
        (1, 2): (1, 1, "คะแนน"),
        (2, 0): (1, 1, "1"),
        (2, 1): (1, 1, "80.77"),
        (2, 2): (1, 1, "100"),
    }
    assert (found.n_rows, found.n_cols) == (3, 3)


def test_docx_cell_of_several_paragraphs_keeps_its_lines(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("ไตรมาสที่ 1")
    table.cell(0, 1).paragraphs[0].add_run("29/10/2564 : ประชุมคณะทำงาน")
    table.cell(0, 1).add_paragraph("30/11/2564 : อบรมเจ้าหน้าที่")
    path = tmp_path / "entries.docx"
    path.write_bytes(_docx_bytes(document))
    (page,) = read_docx(path, LIMIT).pages
    assert page == "ไตรมาสที่ 1\n29/10/2564 : ประชุมคณะทำงาน\n30/11/2564 : อบรมเจ้าหน้าที่"


def test_formula_without_a_computed_value_is_a_finding(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["ตัวชี้วัด", "ผลงาน"])
    ws.append(["จุดทิ้งขยะ", 12])
    ws.append(["รวม", "=SUM(B2:B2)"])  # openpyxl writes formulas without their value
    path = tmp_path / "formula.xlsx"
    path.write_bytes(_xlsx_bytes(wb))
    source = read_xlsx(path, LIMIT)
    assert not source.failed
    (finding,) = source.problems
    assert finding.code is FindingCode.FORMULA_NO_VALUE and "Sheet!B3" in finding.message


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("cut.docx", DOCX.read_bytes()[:2000], FindingCode.OFFICE_DAMAGED, "damaged or truncated"),
        ("cut.xlsx", XLSX.read_bytes()[:2000], FindingCode.OFFICE_DAMAGED, "damaged or truncated"),
        ("text.docx", "รายงาน".encode(), FindingCode.OFFICE_DAMAGED, "ZIP signature"),
        ("old.doc", OLE_SIGNATURE + bytes(504), FindingCode.UNSUPPORTED_FORMAT, "save it as .docx"),
        ("old.xls", OLE_SIGNATURE + bytes(504), FindingCode.UNSUPPORTED_FORMAT, "save it as .xlsx"),
        (
            "locked.xlsx",
            OLE_SIGNATURE + bytes(100) + "EncryptedPackage".encode("utf-16-le"),
            FindingCode.OFFICE_ENCRYPTED,
            "password",
        ),
        ("archive.docx", _zip_of({"report.txt": b"text"}), FindingCode.OFFICE_DAMAGED, "holds a ZIP archive"),
    ],
)
def test_bad_office_files_fail_with_a_clear_finding(
    tmp_path: Path, name: str, data: bytes, code: FindingCode, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = ingest_file(path, Config())
    assert result.document.status.value == "failed"
    (finding,) = [f for f in result.findings if f.severity.value == "error"]
    assert finding.code is code and words in finding.message


def test_zip_bomb_is_refused_by_its_unpacked_size(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip_of({"word/document.xml": b"<w:document/>", "word/media/zeros.bin": bytes(3 << 20)}))
    assert path.stat().st_size < 1 << 20
    source = read_docx(path, 2 << 20)
    assert source.failed and source.problems[0].code is FindingCode.TOO_LARGE


@pytest.mark.parametrize("name", ["report.txt", "report.xlsx", "report"])
def test_office_files_are_read_by_content_whatever_their_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(DOCX.read_bytes())
    assert identify(path).package == "docx"
    result = ingest_file(path, Config())
    assert (result.document.form, result.document.source_format) == (Form.KPI_DETAIL, SourceFormat.DOCX)
    assert any(f.code is FindingCode.FORMAT_SNIFFED for f in result.findings)
