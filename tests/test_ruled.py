"""Ruled tables (parsers/tables/grid.py, the ruled part of parsers/tables/find.py): a table drawn with its
cell borders read back cell by cell, spans from its rules; the rules as the reader gives them."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF
from thai_font import needs_font, thai_font

from parsers.tables.grid import grids
from pipeline.config import Config
from pipeline.read.pdf_rules import read_rules
from pipeline.run.worker import ingest_file
from schemas.enums import TableMethod
from schemas.records import Cell

#: the grid's edges (mm): columns at XS, bands at YS
XS = (20, 80, 120, 160, 190)
YS = (30, 40, 50, 60, 75, 85)


def _ruled_pdf(path: Path) -> None:
    """A budget table with cell borders: รายการ and หมายเหตุ over two bands, งบประมาณ over two columns
    (ปี 2566 | ปี 2567 under it), a label wrapped over two lines of its cell."""
    font = thai_font()
    assert font is not None
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_page()
    pdf.add_font("thai", fname=str(font))
    pdf.set_font("thai", size=12)
    pdf.set_line_width(0.3)
    pdf.text(20, 24, "ตารางที่ 2 งบประมาณรายจ่าย")
    for y in YS:
        if y == 40:
            pdf.line(80, y, 160, y)  # under งบประมาณ only
        else:
            pdf.line(XS[0], y, XS[-1], y)
    for x in XS:
        pdf.line(x, YS[1] if x == 120 else YS[0], x, YS[-1])  # no rule inside งบประมาณ's cell

    def put(x0: float, x1: float, y: float, text: str) -> None:
        pdf.set_xy(x0 + 1, y - 4)
        pdf.cell(x1 - x0 - 2, 8, text, align="L")

    put(20, 80, 40, "รายการ")
    put(80, 160, 35, "งบประมาณ")
    put(160, 190, 40, "หมายเหตุ")
    put(80, 120, 45, "ปี 2566")
    put(120, 160, 45, "ปี 2567")
    for y, cells in (
        (55, ("ค่าวัสดุ", "1,200", "1,500", "-")),
        (64, ("ค่าจ้างเหมาบริการ", "", "", "")),
        (71, ("ทำความสะอาด", "3,400", "3,600", "ครบ")),
        (80, ("รวม", "4,600", "5,100", "")),
    ):
        for (x0, x1), text in zip(pairwise(XS), cells, strict=True):
            if text:
                put(x0, x1, y, text)
    pdf.output(str(path))


def _grid(cells: list[Cell]) -> dict[int, dict[int, Cell]]:
    rows: dict[int, dict[int, Cell]] = defaultdict(dict)
    for c in cells:
        rows[c.row][c.col] = c
    return rows


@needs_font
def test_rules_are_read_in_the_seen_frame(tmp_path: Path) -> None:
    """The reader's rules of the drawn table: six horizontal and five vertical, at the drawn places (pt,
    from the top-left corner), and one grid of four columns and five bands."""
    pdf = tmp_path / "ruled.pdf"
    _ruled_pdf(pdf)
    page = pdfium.PdfDocument(pdf)[0]
    rules = read_rules(page)
    across = sorted(
        round(rules[k + 1] / 72 * 25.4) for k in range(0, len(rules), 4) if rules[k + 1] == rules[k + 3]
    )
    down = sorted(round(rules[k] / 72 * 25.4) for k in range(0, len(rules), 4) if rules[k] == rules[k + 2])
    assert across == list(YS) and down == list(XS)
    (grid,) = grids(rules)
    assert (len(grid.xs), len(grid.ys)) == (5, 6)


@needs_font
def test_ruled_table_cells_and_spans(tmp_path: Path) -> None:
    """The drawn table read back: method ruled, 4 columns, 6 rows (two header bands); the heading over two
    columns spans them, the headings beside it span both header rows, the wrapped label is one cell of
    two lines beside its numbers."""
    pdf = tmp_path / "ruled.pdf"
    _ruled_pdf(pdf)
    result = ingest_file(pdf, Config(strict=True))
    (table,) = result.tables
    assert (table.method, table.n_rows, table.n_cols, table.n_header_rows) == (TableMethod.RULED, 5, 4, 2)
    assert table.caption == "ตารางที่ 2 งบประมาณรายจ่าย"
    grid = _grid(result.cells)
    texts = [[grid[r][c].text for c in sorted(grid[r])] for r in sorted(grid)]
    assert texts == [
        ["รายการ", "งบประมาณ", "หมายเหตุ"],
        ["ปี 2566", "ปี 2567"],
        ["ค่าวัสดุ", "1,200", "1,500", "-"],
        ["ค่าจ้างเหมาบริการ ทำความสะอาด", "3,400", "3,600", "ครบ"],
        ["รวม", "4,600", "5,100"],
    ]
    assert (grid[0][0].row_span, grid[0][1].col_span, grid[0][3].row_span) == (2, 2, 2)
    assert sorted(grid[1]) == [1, 2]
    assert grid[3][1].value == 3400 and grid[3][2].col_header == "งบประมาณ › ปี 2567"
    assert grid[3][2].row_header == "ค่าจ้างเหมาบริการ ทำความสะอาด"
