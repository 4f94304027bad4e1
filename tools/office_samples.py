"""The Word and Excel samples of ``data/raw``, written for this project (not the product; needs the
``tools`` extra): ``python -m tools.office_samples data/raw``.

* ``kpi_detail_environment_fy2565.docx``: the text export ``kpi_detail_environment_fy2565.txt`` as a
  Word document: each block of lines a paragraph (its lines joined by line breaks), the quarter table a
  Word table whose header row repeats and whose result header spans two columns, and a page break
  before the definitions. Its records are those of the text export.
* ``kpi_workbook_phasicharoen_fy2565_2568.xlsx``: a district's KPI workbook: a title row over a table
  whose header is merged (ตัวชี้วัด | หน่วยนับ | ผลการดำเนินงาน over 2565 … 2568 | หมายเหตุ), typed numbers, a
  percentage cell, a dash for a missing value; a second sheet of quarterly reports with Thai dates
  written as text and Excel date cells.

The output is the same on every run: the documents' own dates are fixed and the ZIP entries are written
again with a fixed time stamp.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from typing import Final

ENVIRONMENT: Final = "kpi_detail_environment_fy2565"
WORKBOOK: Final = "kpi_workbook_phasicharoen_fy2565_2568"
_FIXED: Final = dt.datetime(2026, 1, 1)
_QUARTER_HEADING: Final = "ผลงานเทียบกับเป้าหมายรายไตรมาส"
_PAGE_BEFORE: Final = "นิยาม หรือความหมายของตัวชี้วัด"


def fixed_zip(data: bytes) -> bytes:
    """A ZIP package written again with every entry's time stamp fixed, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _blocks(text: str) -> list[list[str]]:
    """The text's blocks: runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def environment_docx(text: str) -> bytes:
    """The KPI detail text export as a Word document (see the module's docstring)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    document.core_properties.created = document.core_properties.modified = _FIXED
    document.core_properties.author = document.core_properties.last_modified_by = "raingan samples"
    blocks = _blocks(text)
    for i, block in enumerate(blocks):
        if i and blocks[i - 1] == [_QUARTER_HEADING]:
            _quarter_table(document, block)
            continue
        paragraph = document.add_paragraph()
        if block[0] == _PAGE_BEFORE:
            paragraph.paragraph_format.page_break_before = True
        for j, line in enumerate(block):
            run = paragraph.add_run(line)
            if j < len(block) - 1:
                run.add_break(WD_BREAK.LINE)
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue())


def _quarter_table(document: object, lines: list[str]) -> None:
    """The quarter table's lines (three header cells of two lines, then four cells per quarter) as a
    Word table whose header row repeats on every page and whose result header spans two columns."""
    from docx.oxml import OxmlElement

    header, body = lines[:6], lines[6:]
    rows = [body[i : i + 4] for i in range(0, len(body), 4)]
    table = document.add_table(rows=1 + len(rows), cols=4)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    first = table.rows[0]
    first.cells[1].merge(first.cells[2])
    heads = zip(header[0::2], header[1::2], strict=True)
    for cell, (top, bottom) in zip((first.cells[0], first.cells[1], first.cells[3]), heads, strict=True):
        cell.paragraphs[0].add_run(top)
        cell.add_paragraph(bottom)
    repeat = OxmlElement("w:tblHeader")
    first._tr.get_or_add_trPr().append(repeat)
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.paragraphs[0].add_run(value)


def kpi_workbook() -> bytes:
    """A district's KPI workbook (see the module's docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.properties.created = wb.properties.modified = _FIXED
    wb.properties.creator = wb.properties.lastModifiedBy = "raingan samples"
    ws = wb.active
    ws.title = "ตัวชี้วัด 2565-2568"
    ws["A1"] = "ผลการดำเนินงานตามตัวชี้วัด สำนักงานเขตภาษีเจริญ ปีงบประมาณ พ.ศ. 2565 - 2568"
    ws.merge_cells("A1:G1")
    ws["A2"], ws["B2"], ws["C2"], ws["G2"] = "ตัวชี้วัด", "หน่วยนับ", "ผลการดำเนินงาน", "หมายเหตุ"
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:F2")
    ws.merge_cells("G2:G3")
    for col, year in zip("CDEF", (2565, 2566, 2567, 2568), strict=True):
        ws[f"{col}3"] = year
    rows = [
        ("ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไขภายในเวลาที่กำหนด", "ร้อยละ", 0.8125, 0.845, 0.8802, 0.9),
        ("จำนวนจุดทิ้งขยะที่ได้รับการปรับปรุงภูมิทัศน์", "จุด", 12, 15, 18, 20),
        ("จำนวนผู้สูงอายุที่ได้รับการตรวจคัดกรองสุขภาพ", "คน", 1646, 1820, "1,905", "-"),
        ("งบประมาณที่เบิกจ่ายเพื่อซ่อมแซมทางเท้า", "บาท", 1250000, 1480500.5, 990000, 1325000),
    ]
    for r, (name, unit, *values) in enumerate(rows, start=4):
        ws.cell(r, 1, name)
        ws.cell(r, 2, unit)
        for c, value in enumerate(values, start=3):
            cell = ws.cell(r, c, value)
            if unit == "ร้อยละ":
                cell.number_format = "0.00%"
            elif unit == "บาท":
                cell.number_format = "#,##0.00"
    ws["G6"] = "ปี 2568 ยังไม่สิ้นสุดการรายงาน"
    for cell in (*ws[2], *ws[3]):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")

    quarters = wb.create_sheet("รายงานรายไตรมาส 2568")
    quarters.append(["ไตรมาส", "วันที่รายงาน", "ผลงาน (ร้อยละ)", "วันที่บันทึกในระบบ"])
    reports = [
        ("ไตรมาสที่ 1", "31 ธ.ค. 2567", 78.5, dt.datetime(2025, 1, 6)),
        ("ไตรมาสที่ 2", "31 มี.ค. 2568", 84.25, dt.datetime(2025, 4, 3)),
        ("ไตรมาสที่ 3", "30 มิ.ย. 2568", 88.0, dt.datetime(2025, 7, 4)),
        ("ไตรมาสที่ 4", "30 ก.ย. 2568", 90.0, dt.datetime(2025, 10, 7)),
    ]
    for report in reports:
        quarters.append(list(report))
    for row in quarters.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].number_format = "d/m/yyyy"
    out = io.BytesIO()
    wb.save(out)
    return fixed_zip(out.getvalue())


def write_samples(folder: Path) -> list[Path]:
    """Write both samples into ``folder`` (``data/raw``), the Word one from the text export there."""
    text = (folder / f"{ENVIRONMENT}.txt").read_text(encoding="utf-8")
    written = []
    for name, data in ((f"{ENVIRONMENT}.docx", environment_docx(text)), (f"{WORKBOOK}.xlsx", kpi_workbook())):
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "data/raw")):
        print(path)
