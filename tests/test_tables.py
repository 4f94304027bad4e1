"""Tables found on PDF pages (parsers/tables/find.py): a generated table read back cell by cell, rows of
real agency PDFs checked by eye, a table over a page break, and prose that is not a table."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from goldcheck import SHARED
from thai_font import needs_font, thai_font

from pipeline.config import Config
from pipeline.result import DocumentResult
from pipeline.run.worker import ingest_file
from schemas.enums import TableMethod, TextSource
from schemas.records import Cell
from tools.corpus import render_pdf
from tools.scans import image_pdf, jpeg

REPO = Path(__file__).resolve().parents[1]
AGENCY = SHARED / "realdata" / "thai-agency-pdfs"
O18 = AGENCY / "ktltc_o18_budget_spending_result_excel.pdf"
O15 = AGENCY / "ktltc_o15_satisfaction_survey_word.pdf"
BUDGET_65026 = SHARED / "realdata" / "napatswift_bkk-2022-budget" / "65026.pdf"


class _QuarterTable(HTMLParser):
    """The cells of the kpi_detail page's quarter table (``<table class="q">``), ``<br>`` as a space."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.inside = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.inside = ("class", "q") in attrs
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = []
        elif self.cell is not None and tag == "br":
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _ingest(path: Path) -> DocumentResult:
    return ingest_file(path, Config(strict=True))


def _grid(result: DocumentResult, table_no: int) -> dict[int, dict[int, Cell]]:
    rows: dict[int, dict[int, Cell]] = defaultdict(dict)
    for c in result.cells:
        if c.table_no == table_no:
            rows[c.row][c.col] = c
    return rows


@needs_font
def test_kpi_detail_quarter_table_from_its_pdf(tmp_path: Path) -> None:
    """The quarter table of a kpi_detail page, rendered by the corpus generator as a table (cells at
    tab stops), is read back as one table whose cells are the source's, values included."""
    parser = _QuarterTable()
    parser.feed((REPO / "data/raw/kpi_detail_finance_fy2564.html").read_text(encoding="utf-8"))
    source = parser.rows
    assert len(source) == 5 and source[1] == ["1", "25.00", "100", "100 / 100"]
    prose = (
        "สำนักการคลังแต่งตั้งคณะทำงานพัฒนาระบบรับชำระภาษีป้ายทางอิเล็กทรอนิกส์ ตามคำสั่งสำนักการคลัง "
        "ที่ 96/2563 ลงวันที่ 16 พฤศจิกายน 2563"
    )
    page = "\n".join(
        ["รายละเอียดตัวชี้วัด", prose, "", "ผลงานเทียบกับเป้าหมายรายไตรมาส"] + ["\t".join(r) for r in source]
    )
    pdf = tmp_path / "quarters.pdf"
    font = thai_font()
    assert font is not None
    pdf.write_bytes(render_pdf([page + "\n\n" + prose], font))
    result = _ingest(pdf)
    assert len(result.tables) == 1
    table = result.tables[0]
    assert (table.method, table.page, table.n_rows, table.n_cols) == (TableMethod.ALIGNED, 1, 5, 4)
    assert table.caption == "ผลงานเทียบกับเป้าหมายรายไตรมาส"
    assert table.n_header_rows == 1
    grid = _grid(result, table.table_no)
    assert [[grid[r][c].text for c in sorted(grid[r])] for r in sorted(grid)] == source
    for r, row in enumerate(source[1:], start=1):
        assert grid[r][1].value == float(row[1])
        assert grid[r][2].value == float(row[2])
        assert grid[r][3].value is None  # "100 / 100" is not one number
        assert grid[r][1].col_header == source[0][1]
    assert all(c.is_header for c in grid[0].values())


@needs_font
def test_table_over_a_page_break_is_joined(tmp_path: Path) -> None:
    """A table that goes on on the next page (its header row repeated there) is one table."""
    head = "รายการ\tปี 2565\tปี 2566\tปี 2567"
    first = [f"รายการที่ {i}\t{i * 100:,}\t{i * 120:,}\t{i * 150:,}" for i in range(1, 6)]
    second = [f"รายการที่ {i}\t{i * 100:,}\t{i * 120:,}\t{i * 150:,}" for i in range(6, 10)]
    pages = ["ตารางที่ 1 งบประมาณรายปี\n" + "\n".join([head, *first]), "\n".join([head, *second])]
    font = thai_font()
    assert font is not None
    pdf = tmp_path / "two_pages.pdf"
    pdf.write_bytes(render_pdf(pages, font))
    result = _ingest(pdf)
    assert [(t.page, t.page_end, t.n_rows, t.n_cols) for t in result.tables] == [(1, 2, 10, 4)]
    grid = _grid(result, 1)
    assert [grid[r][0].text for r in range(1, 10)] == [f"รายการที่ {i}" for i in range(1, 10)]
    assert grid[9][3].value == 1350 and grid[9][3].page == 2
    assert grid[9][3].col_header == "ปี 2567"


@needs_font
def test_prose_forms_and_lists_are_not_tables(tmp_path: Path) -> None:
    """Prose, a list and a form's label : value lines give no table; nor does any sample PDF whose source
    has no table rows (lines with tabs: the budget sample's target table and detail are tables)."""
    text = "\n".join(
        [
            "สำนักการคลังจัดอบรมเจ้าหน้าที่ผู้ตรวจวัดเสียงและผู้ดูแลระบบรับแจ้งของสำนักงานเขต ตั้งแต่วันที่ 3 – 7",
            "มีนาคม 2565 ณ ห้องประชุมสำนักสิ่งแวดล้อม รวม 3 วันทำการ มีผู้เข้ารับการอบรม จำนวน 64 คน",
            "1. รับแจ้งไฟฟ้าส่องสว่างดับ จำนวน 1,174 จุด",
            "2. ซ่อมแซมแล้วเสร็จภายใน 72 ชั่วโมง จำนวน 1,139 จุด",
            "3. แจ้งผลการซ่อมแซมผ่านระบบ",
            "ค่าเป้าหมาย\t: 80",
            "ผลงานที่ทำได้\t: 87.50",
            "ประเภทตัวชี้วัด\t: ตัวชี้วัดเชิงยุทธศาสตร์",
        ]
    )
    font = thai_font()
    assert font is not None
    pdf = tmp_path / "prose.pdf"
    pdf.write_bytes(render_pdf([text], font))
    assert _ingest(pdf).tables == []
    for sample in sorted((REPO / "data/raw/pdf").glob("*.pdf")):
        source = REPO / "data/raw" / f"{sample.stem}.txt"
        if source.is_file() and b"\t" in source.read_bytes():
            continue
        assert _ingest(sample).tables == [], sample.name


def _row_next_to(result: DocumentResult, page: int, label: str) -> list[str]:
    """The texts of the cells right of the cell that begins with ``label`` on ``page``, in order."""
    for c in result.cells:
        if c.page == page and c.text.startswith(label):
            row = sorted(
                (d for d in result.cells if d.table_no == c.table_no and d.row == c.row and d.col > c.col),
                key=lambda d: d.col,
            )
            return [d.text for d in row]
    raise AssertionError(f"no cell {label!r} on page {page}")


#: rows checked by eye against the pages: page, label, the numbers of its row left to right
O18_ROWS = [
    (1, "เงินเดือนข้าราชการ", "7,960,200 7,960,200 - 7,960,200"),
    (1, "เงินวิทยฐานะ", "814,800 814,800 - 814,800"),
    (
        1,
        "งบดำเนินงาน",
        "523,430 1,546,396 1,332,586 - 319,800 99,800 3,822,012 11,363,202 11,363,202 1,738,621 16,923,835",
    ),
    (1, "เงินอื่นๆ (ค่าจ้างลูกจ้างชั่วคราว)", "- 6,936,356 6,936,356 434,741 7,371,097"),
    (2, "ค่าวัสดุ", "415,732 768,578 29,000 - - - 1,213,310 4,774,005 4,774,005 889,582 6,876,897"),
    (2, "ค่าไฟฟ้า", "1,266,265 1,266,265 562,855 562,855 1,829,120"),
    (3, "โครงการตามกิจกรรมวิชาการ", "83,978 350,201 168,750 602,929 292,245 292,245 25,170 920,344"),
]

O15_ROWS = [
    (1, "1.2. ระยะเวลามีความเหมาะสม", "88.03 12.00 00.00 0.00 0.00 100"),
    (1, "2.1. ผู้ให้บริการมีความพร้อม", "84.10 5.90 9.90 0.00 0.00 100"),
    (1, "3.2. สถานที่มีความสะอาด", "81.06 12.77 6.15 0.00 0.00 100"),
    (2, "4.2. การดำเนินงานมีมาตรฐาน", "81.47 13.38 5.13 0.00 0.00 100"),
    (3, "1.4. ให้บริการตามลำดับคิว", "4.75"),
]


@pytest.mark.skipif(not O18.is_file(), reason=f"the real PDF is not at {O18}")
@pytest.mark.parametrize(("page", "label", "numbers"), O18_ROWS, ids=[r[1] for r in O18_ROWS])
def test_ktltc_o18_rows(page: int, label: str, numbers: str) -> None:
    assert _row_next_to(_o18(), page, label) == numbers.split()


@pytest.mark.skipif(not O15.is_file(), reason=f"the real PDF is not at {O15}")
@pytest.mark.parametrize(("page", "label", "numbers"), O15_ROWS, ids=[r[1] for r in O15_ROWS])
def test_ktltc_o15_rows(page: int, label: str, numbers: str) -> None:
    assert _row_next_to(_o15(), page, label) == numbers.split()


@pytest.mark.skipif(not BUDGET_65026.is_file(), reason=f"the real PDF is not at {BUDGET_65026}")
def test_district_budget_target_table() -> None:
    """65026.pdf page 22: หน่วยนับ | ปีที่ผ่านมา | ปีปัจจุบัน | งบประมาณปี 2565 | …, a row per target."""
    result = _ingest(BUDGET_65026)
    assert _row_next_to(result, 22, "สอนว่ายน้ำ") == ["คน", "193", "193", "193", "193"]
    assert _row_next_to(result, 22, "พื้นที่โรงเรียนทั้งสิ้น") == ["ตร.ม.", "21,628", "21,628", "21,628", "21,628"]


@pytest.mark.skipif(not O18.is_file(), reason=f"the real PDF is not at {O18}")
def test_ktltc_o18_header_lines_are_three_header_rows_and_pages_join() -> None:
    """The spending table's header is written over 14 lines in three ruled bands (checked by eye on the
    rendered pages 1–3): ผลการใช้จ่ายเงิน… | รวมทั้งสิ้น, then ผลผลิต | เงินรายได้ | เป็นเงิน, then a tall band
    of wrapped column headings. Its cells are ruled (Excel's thin filled rectangles): the rules give the
    12 columns on every page, page 4's three rows included (their text alone lines up with fewer), and
    the pages 1–4 are one table, the repeated title and header rows left out."""
    result = _o18()
    first = result.tables[0]
    assert first.method is TableMethod.RULED
    assert (first.page, first.page_end, first.n_cols, first.n_header_rows) == (1, 4, 12, 3)
    headers = {c.col: c.col_header for c in result.cells if c.table_no == first.table_no and c.col_header}
    assert headers[0] == "รายการค้าใช้จ่าย/รายจ่ายตามงบประมาณ"
    assert headers[4] == "ผลการใช้จ่ายเงินปีปัจจุบัน (ปี2567) ผลผลิต/โครงการ › ผลผลิต › ผลงานวิจัย เพื่อ ถ่ายทอด เทคโนโลยี"
    # the first band's heading covers columns 1–10 by its rules, so it heads column 8 too
    assert headers[8] == (
        "ผลการใช้จ่ายเงินปีปัจจุบัน (ปี2567) ผลผลิต/โครงการ › 1.โครงการ สนับสนุน ค่าใช้จ่ายใน การจัดการ "
        "ศึกษาตั้งแต่ ระดับอนุบาล จนจบ การศึกษาขั้น พื้นฐาน"
    )
    assert headers[11] == "รวมทั้งสิ้น › เป็นเงิน"
    # the header rows of pages 2 and 3 are not rows of the body
    assert [c.text for c in result.cells if c.table_no == first.table_no].count("ปวช.") == 1
    # a page-2 row keeps its numbers under the page-1 columns
    (vat,) = [c for c in result.cells if c.table_no == first.table_no and c.text == "ค่าวัสดุ"]
    assert vat.page == 2 and vat.col == 0
    row = {c.col: c for c in result.cells if c.table_no == first.table_no and c.row == vat.row}
    assert row[1].value == 415_732 and row[11].value == 6_876_897
    assert row[1].col_header == "ผลการใช้จ่ายเงินปีปัจจุบัน (ปี2567) ผลผลิต/โครงการ › ผลผลิต › ปวช."
    # page 4's rows, under the same 12 ruled columns
    totals = [c.value for c in result.cells if c.table_no == first.table_no and c.page == 4 and c.col == 11]
    assert totals == [500_000, 27_000, 599_990]


@pytest.mark.skipif(not O15.is_file(), reason=f"the real PDF is not at {O15}")
def test_ktltc_o15_wrapped_labels_and_header() -> None:
    """Survey page 1 (checked by eye): a label written over two lines of its cell is one label beside its
    numbers; the section headings (ด้าน…) stay rows of their own; the heading ระดับ / 4 / มาก of three
    lines is one header cell; the ruled heading ร้อยละระดับความพึ่งพอใจ covers columns 1–5."""
    result = _o15()
    assert _row_next_to(result, 1, "2.1. ผู้ให้บริการมีความพร้อม กระตือรือร้นใน การให้บริการ") == (
        ["84.10", "5.90", "9.90", "0.00", "0.00", "100"]
    )
    assert _row_next_to(result, 1, "3.3. มีการติดประกาศ ชี้แจง อธิบายขั้นตอนการ ให้บริการได้ชัดเจน") == (
        ["81.20", "13.51", "5.10", "0.00", "0.00", "100"]
    )
    page1 = [c for c in result.cells if c.page == 1 and c.table_no == 1]
    assert {c.text for c in page1 if c.col == 0 and c.text.startswith("ด้าน")} == {
        "ด้านขั้นตอนการให้บริการ",
        "ด้านเจ้าหน้าที่ให้บริการ",
        "ด้านสิ่งอำนวยความสะดวก",
    }
    assert "การให้บริการ" not in {c.text for c in page1}
    headers = {c.col: c.col_header for c in page1 if c.col_header}
    assert headers[1] == "ร้อยละระดับความพึ่งพอใจ › ระดับ 5 มากที่สุด"
    assert headers[2] == "ร้อยละระดับความพึ่งพอใจ › ระดับ 4 มาก"


@pytest.mark.skipif(not BUDGET_65026.is_file(), reason=f"the real PDF is not at {BUDGET_65026}")
def test_district_budget_tables_with_content_between_are_not_joined() -> None:
    """65026.pdf pages 19–22 (checked by eye): each page has its own heading, objectives and target
    table, which ends mid-page; none of them runs over a page break into the next."""
    result = _ingest(BUDGET_65026)
    for page in (19, 20, 21):
        assert not any(t.page <= page < t.page_end for t in result.tables if t.page >= 19), page


@cache
def _o18() -> DocumentResult:
    return _ingest(O18)


@cache
def _o15() -> DocumentResult:
    return _ingest(O15)


@needs_font
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_table_on_an_ocr_page(tmp_path: Path) -> None:
    """A table page drawn by the corpus generator, rendered to a 300-dpi grey image and put in a PDF with
    no text: OCR reads it, tesseract's word boxes give the gaps, and the table comes out as rows × columns
    with each number in its row and column (its digits may be misread: the structure is checked, the
    numbers where OCR reads them right)."""
    head = "รายการ\tปี 2565\tปี 2566\tปี 2567"
    body = [f"รายการที่ {i}\t{i * 100:,}\t{i * 120:,}\t{i * 150:,}" for i in range(1, 7)]
    font = thai_font()
    assert font is not None
    typed = tmp_path / "typed.pdf"
    typed.write_bytes(render_pdf(["ตารางที่ 1 งบประมาณรายปี\n" + "\n".join([head, *body])], font))
    page = pdfium.PdfDocument(typed)[0]
    image = page.render(scale=300 / 72, grayscale=True).to_pil().convert("L")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_pdf([jpeg(image, 90)]))
    result = _ingest(scan)
    assert result.pages[0].text_source is TextSource.OCR
    assert [(t.n_rows, t.n_cols, t.n_header_rows) for t in result.tables] == [(7, 4, 1)]
    grid = _grid(result, 1)
    assert sorted(grid) == list(range(7)) and all(sorted(grid[r]) == [0, 1, 2, 3] for r in grid)
    right = sum(grid[i][c].value == i * (100, 120, 150)[c - 1] for i in range(1, 7) for c in (1, 2, 3))
    assert right >= 15, right  # of 18
    assert all(grid[i][0].text.startswith("รายการ") for i in range(1, 7))
