"""Word and Excel readers measured (docs/OFFICE.md): the time to open and read a realistic report.

* Word: a 40-page report (Thai paragraphs, 20 tables of 12 rows × 6 columns with merged header cells),
  read by raingan's reader (the document XML with the standard library) and by python-docx (its
  paragraphs and tables in document order, each cell's text); both must give the same text.
* Excel: a workbook of 5 sheets × 400 rows × 8 columns with a merged header, read by raingan's reader
  (openpyxl with merged cells, then a read-only pass for formulas without values), and the two openpyxl
  passes alone.

``python bench/bench_office.py`` (needs the tools extra: python-docx).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.read.docx import docx_pages
from pipeline.read.xlsx import read_xlsx

PARAGRAPH = (
    "สำนักงานเขตจัดทำแนวทางการรับแจ้งเหตุเดือดร้อนรำคาญ ผ่านระบบอิเล็กทรอนิกส์ ประจำปีงบประมาณ พ.ศ. 2565 "
    "ในไตรมาสนี้รับแจ้งเรื่องร้องเรียน จำนวน 286 เรื่อง แก้ไขแล้วเสร็จภายในเวลาที่กำหนด จำนวน 231 เรื่อง"
)


def word_report() -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    for page in range(40):
        for _ in range(5):
            document.add_paragraph(PARAGRAPH)
        if page % 2 == 0:
            table = document.add_table(rows=12, cols=6)
            table.cell(0, 0).merge(table.cell(1, 0))
            table.cell(0, 1).merge(table.cell(0, 4))
            table.cell(0, 0).paragraphs[0].add_run("ตัวชี้วัด")
            table.cell(0, 1).paragraphs[0].add_run("ผลการดำเนินงาน")
            for r in range(2, 12):
                for c in range(6):
                    table.cell(r, c).paragraphs[0].add_run(f"{r * 100 + c:,}.50")
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def python_docx_text(data: bytes) -> str:
    """The document's paragraphs and tables in order, as python-docx gives them."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    parts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                cells = []
                for cell in row.cells:  # a merged cell comes once per grid column it covers
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text)
                parts.append(" ".join(cells))
    return "\n".join(parts)


def raingan_docx_text(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    return "\f".join(text for text, _ in docx_pages(xml))


def workbook() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for s in range(5):
        ws = wb.active if s == 0 else wb.create_sheet()
        ws.title = f"ปี {2565 + s}"
        ws.append(["ตัวชี้วัด", "หน่วยนับ", "ผลการดำเนินงาน", None, None, None, None, "หมายเหตุ"])
        ws.merge_cells("C1:G1")
        for r in range(400):
            ws.append([f"ตัวชี้วัดที่ {r}", "ร้อยละ", r * 1.5, r * 2, r * 3, r * 4, r * 5, "-"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def best(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    data = word_report()
    ours, theirs = raingan_docx_text(data), python_docx_text(data)
    extra = len(theirs.split()) - len(ours.split())  # python-docx repeats a vertically merged cell
    print(f"Word: {len(data) / 1024:,.0f} KB, 40 pages, 20 tables; python-docx gives {extra} words more")
    print(f"  raingan (document XML, xml.etree): {best(lambda: raingan_docx_text(data)) * 1000:7.1f} ms")
    print(f"  python-docx (iter_inner_content):  {best(lambda: python_docx_text(data)) * 1000:7.1f} ms")
    book = workbook()
    path = Path("/dev/null")
    from openpyxl import load_workbook

    print(f"Excel: {len(book) / 1024:,.0f} KB, 5 sheets × 400 rows × 8 columns")
    ours_xlsx = best(lambda: read_xlsx(path, 1 << 30, book))
    print(f"  raingan read_xlsx (both passes):   {ours_xlsx * 1000:7.1f} ms")
    full = best(lambda: load_workbook(io.BytesIO(book), data_only=True))
    print(f"  openpyxl full load (data_only):    {full * 1000:7.1f} ms")

    def read_only() -> None:
        wb = load_workbook(io.BytesIO(book), read_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()

    print(f"  openpyxl read-only pass:           {best(read_only) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
