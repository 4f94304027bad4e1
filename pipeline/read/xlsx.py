"""Excel workbooks (.xlsx): each worksheet a page, its cells a table (caption: the sheet's name), read
with openpyxl (the project's library for writing workbooks too; ``docs/OFFICE.md`` has the figures).

* **Values as the cells hold them**: a formula's cached value (what Excel last computed; a formula the
  writing program never computed reads empty, with ``formula_no_value``); a number's value is the
  cell's :attr:`~parsers.document.inputs.CellInput.number`, a date's day its ``day``.
* **Text**: a plain rendering of the value, not Excel's display (which depends on the number format
  and the reader's locale): ``1646``, ``87.5``, a percentage-formatted ``0.875`` as ``87.5%`` (and
  87.5 as its number, as the sheet shows it), a date as ``2022-10-01`` (ISO, unambiguous for the date
  readers), text as written — so a Thai date typed as text (``1 ต.ค. 2565``) is read from the text by
  the usual date readers.
* **The grid** is the sheet's cells from its first to its last non-empty row and column; a merged range
  is one cell with its spans (its value is its top-left cell's). Rows at the top that hold one cell only
  (a sheet's title over its table) are written as paragraphs above the table, not as table rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree as ET

from pipeline.read.identity import unreadable_id
from pipeline.read.office import GridCell, PageWriter, refusal
from pipeline.read.problems import ReadProblem, problem
from pipeline.read.sources import SourceFile
from schemas.codes import FindingCode
from schemas.enums import SourceFormat, TableMethod

#: what openpyxl raises on a package whose parts are damaged or not what they claim to be
_DAMAGED: Final = (zipfile.BadZipFile, ET.ParseError, OSError, EOFError, ValueError, KeyError, TypeError)


def plain_number(value: float) -> str:
    """A number written plainly, as few digits as it takes: ``1646``, ``87.5``, ``0.0001``.

    >>> plain_number(1646.0), plain_number(82.93), plain_number(1e-4)
    ('1646', '82.93', '0.0001')
    """
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    written = repr(float(value))
    if "e" in written:
        written = format(value, "f").rstrip("0").rstrip(".")
    return written


def _grid_cell(row: int, col: int, value: Any, number_format: str) -> GridCell:
    """A cell's text and typed value (see the module's docstring)."""
    cell = GridCell(row, col, [])
    if value is None:
        return cell
    if isinstance(value, bool):
        cell.lines = ["TRUE" if value else "FALSE"]
    elif isinstance(value, int | float):
        number = float(value)
        if "%" in number_format:
            number = round(number * 100, 10)
        cell.number = number
        cell.lines = [plain_number(number) + ("%" if "%" in number_format else "")]
    elif isinstance(value, dt.datetime):
        cell.day = value.date().isoformat()
        shown = value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time() else cell.day
        cell.lines = [shown]
    elif isinstance(value, dt.date):
        cell.day = value.isoformat()
        cell.lines = [cell.day]
    elif isinstance(value, dt.time):
        cell.lines = [value.strftime("%H:%M")]
    else:
        text = str(value).replace("\r\n", "\n").replace("\r", "\n")
        cell.lines = [line.strip() for line in text.split("\n")]
    return cell


def _sheet(writer: PageWriter, ws: Any) -> None:
    """One worksheet written onto the writer's page."""
    values = {(c.row, c.column): c for row in ws.iter_rows() for c in row if c.value is not None}
    anchors: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        anchors[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        covered.update(
            (r, c) for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1)
        )
    covered -= set(anchors)
    filled = [place for place in values if place not in covered]
    if not filled:
        return
    top, bottom = min(r for r, _ in filled), max(r for r, _ in filled)
    left = min(c for _, c in filled)
    right = max(c + anchors.get((r, c), (1, 1))[1] - 1 for r, c in filled)
    # a title over the table: leading rows of one cell, written as paragraphs
    while top < bottom and sum(1 for r, _ in filled if r == top) == 1:
        (place,) = (p for p in filled if p[0] == top)
        cell = values[place]
        writer.paragraph("\n".join(_grid_cell(0, 0, cell.value, cell.number_format).lines))
        top += 1
    cells: list[GridCell] = []
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            if (r, c) in covered:
                continue
            source = values.get((r, c))
            cell = (
                _grid_cell(r - top, c - left, source.value, source.number_format)
                if source is not None
                else GridCell(r - top, c - left, [])
            )
            rows, cols = anchors.get((r, c), (1, 1))
            cell.row_span, cell.col_span = min(rows, bottom - r + 1), min(cols, right - c + 1)
            cells.append(cell)
    writer.table(cells, bottom - top + 1, right - left + 1, TableMethod.XLSX, caption=ws.title)


def _formulas(data: bytes, computed: dict[str, set[tuple[int, int]]]) -> Iterator[str]:
    """The cells (``Sheet!B4``) that hold a formula but no cached value."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for ws in wb.worksheets:
            have = computed.get(ws.title, set())
            for row in ws.iter_rows():
                for c in row:
                    value = getattr(c, "value", None)
                    formula = (isinstance(value, str) and value.startswith("=")) or type(value).__name__ in (
                        "ArrayFormula",
                        "DataTableFormula",
                    )
                    if formula and (c.row, c.column) not in have:
                        yield f"{ws.title}!{c.coordinate}"
    finally:
        wb.close()


def read_xlsx(path: Path, max_bytes: int, data: bytes | None = None) -> SourceFile:
    """Read an Excel workbook; never raises for what is in the file (a damaged, encrypted or legacy file,
    a ZIP bomb, another kind of file under a .xlsx name become a failed :class:`SourceFile`)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if data is None:
        try:
            data = path.read_bytes()
        except OSError as err:
            why = problem(FindingCode.READ_ERROR, f"Could not read the file: {err}.")
            return _failed(path, unreadable_id(path), why)
    doc_id = hashlib.sha256(data).hexdigest()
    refused = refusal("xlsx", data, max_bytes)
    if refused is not None:
        return _failed(path, doc_id, refused)
    pages: list[str] = []
    tables = []
    problems: list[ReadProblem] = []
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
        computed: dict[str, set[tuple[int, int]]] = {}
        for ws in wb.worksheets:
            writer = PageWriter()
            _sheet(writer, ws)
            text, found = writer.page_break()
            pages.append(text)
            tables.append(found)
            computed[ws.title] = {
                (c.row, c.column) for row in ws.iter_rows() for c in row if c.value is not None
            }
        missing = list(_formulas(data, computed))
    except (*_DAMAGED, InvalidFileException) as err:
        message = f"The Excel workbook is damaged: {err}. Open it in Excel and save it again."
        return _failed(path, doc_id, problem(FindingCode.OFFICE_DAMAGED, message))
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        message = (
            f"{len(missing)} formula cell(s) have no computed value ({shown}): the program that wrote the "
            "workbook did not compute them, so they are read empty. Open and save it in Excel to compute "
            "them."
        )
        problems.append(problem(FindingCode.FORMULA_NO_VALUE, message, f"{len(missing)} cell(s)"))
    if not any(text.strip() for text in pages):
        empty = problem(FindingCode.EMPTY_FILE, "The workbook's sheets hold no value.")
        return SourceFile(path, doc_id, SourceFormat.XLSX, None, (), (*problems, empty))
    fmt = SourceFormat.XLSX
    return SourceFile(path, doc_id, fmt, None, tuple(pages), tuple(problems), tables=tuple(tables))


def _failed(path: Path, doc_id: str, why: ReadProblem) -> SourceFile:
    return SourceFile(path, doc_id, SourceFormat.XLSX, None, (), (why,))
