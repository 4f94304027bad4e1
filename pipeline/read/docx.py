"""Word documents (.docx): paragraphs and tables in document order, read from the document's XML.

The main part (``word/document.xml``) is read with the standard library's XML parser (expat, whose
protection against entity expansion is on; no external entity or DTD is ever fetched). python-docx was
measured beside it (``docs/OFFICE.md``): it reads the same text, but walks paragraphs and tables in
document order and merged cells only through its private element classes, and takes longer.

* **Paragraphs** are blocks, a blank line between two (as a web page's ``<p>``); Word's empty spacing
  paragraphs write nothing. A line break (``<w:br/>``) is a new line, a tab a tab. Deleted text of
  tracked changes, field codes and the fallback copy of text boxes are not text.
* **Pages**: an explicit page break (``<w:br w:type="page"/>``, a paragraph's *page break before*)
  starts a new page; the pages Word lays out by itself are not in the file (they depend on fonts and
  printer), so a document without explicit breaks is one page.
* **Tables** are written into the page text as :mod:`pipeline.read.office` says, and kept as
  :class:`~parsers.document.inputs.TableInput`: a cell spanning columns (``gridSpan``) or rows
  (``vMerge``) is one cell with its spans; rows marked to repeat as a header (``tblHeader``) are header
  rows. A table inside a cell is written into that cell's text.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Final
from xml.etree import ElementTree as ET

from parsers.document.inputs import TableInput
from pipeline.read.identity import unreadable_id
from pipeline.read.office import GridCell, PageWriter, refusal
from pipeline.read.problems import ReadProblem, problem
from pipeline.read.sources import SourceFile
from schemas.codes import FindingCode
from schemas.enums import SourceFormat, TableMethod

_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, T, R = (f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "t", "r"))
#: elements whose content is not the document's text
_SKIPPED: Final = frozenset(
    {f"{_W}del", f"{_W}delText", f"{_W}instrText", f"{_W}pPr", f"{_W}rPr", f"{_W}tcPr", f"{_MC}Fallback"}
)
#: elements whose children are read as if they stood in their place (content controls, custom XML …)
_CONTAINERS: Final = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"})


class _PageBreak:
    """Where an explicit page break stands among a paragraph's pieces of text."""


_BREAK: Final = _PageBreak()


def _val(element: ET.Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get(f"{_W}val", default)


def _pieces(element: ET.Element, out: list[str | _PageBreak]) -> None:
    """The text of a paragraph's content, in order, with its page breaks."""
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == T:
            out.append(child.text or "")
        elif tag == f"{_W}tab":
            out.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append(_BREAK if child.get(f"{_W}type") == "page" else "\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif tag == P:  # a paragraph of a text box inside this one
            out.append("\n")
            _pieces(child, out)
        else:
            _pieces(child, out)


def _paragraph(p: ET.Element) -> list[str | _PageBreak]:
    out: list[str | _PageBreak] = []
    ppr = p.find(f"{_W}pPr")
    if ppr is not None:
        before = ppr.find(f"{_W}pageBreakBefore")
        if before is not None and _val(before, "true") not in ("0", "false", "off"):
            out.append(_BREAK)
    _pieces(p, out)
    return out


def _lines(pieces: list[str | _PageBreak]) -> list[str]:
    """A paragraph's text as lines, page breaks read as line breaks (inside a table cell)."""
    text = "".join("\n" if isinstance(p, _PageBreak) else p for p in pieces)
    return [line.strip() for line in text.split("\n")]


def _cell_lines(tc: ET.Element) -> list[str]:
    lines: list[str] = []
    for block in _blocks(tc):
        if block.tag == P:
            lines.extend(_lines(_paragraph(block)))
        else:  # a nested table: its rows as lines, its cells joined by a space
            for tr in block.iter(TR):
                row = " ".join(" ".join(x for x in _cell_lines(tc2) if x) for tc2 in tr.findall(TC))
                lines.append(row.strip())
    return [line for line in lines if line]


def _blocks(parent: ET.Element) -> list[ET.Element]:
    """The paragraphs and tables of a body or a cell, in order, content controls opened."""
    found: list[ET.Element] = []
    for child in parent:
        if child.tag in (P, TBL):
            found.append(child)
        elif child.tag in _CONTAINERS:
            found.extend(_blocks(child))
    return found


def _grid(tbl: ET.Element) -> tuple[list[GridCell], int, int]:
    """A table's cells with their spans: ``gridSpan`` widens a cell, ``vMerge`` continues the cell above."""
    cells: list[GridCell] = []
    above: dict[int, GridCell] = {}  # column → the cell a vertical merge there continues
    n_rows = n_cols = 0
    for tr in _blocks_of_rows(tbl):
        trpr = tr.find(f"{_W}trPr")
        header = trpr is not None and trpr.find(f"{_W}tblHeader") is not None
        col = int(_val(None if trpr is None else trpr.find(f"{_W}gridBefore"), "0") or 0)
        for tc in tr.findall(TC):
            tcpr = tc.find(f"{_W}tcPr")
            span = max(1, int(_val(None if tcpr is None else tcpr.find(f"{_W}gridSpan"), "1") or 1))
            merge = None if tcpr is None else tcpr.find(f"{_W}vMerge")
            if merge is not None and _val(merge, "continue") == "continue" and col in above:
                above[col].row_span += 1
            else:
                cell = GridCell(n_rows, col, _cell_lines(tc), col_span=span, header=True if header else None)
                cells.append(cell)
                for c in range(col, col + span):
                    above.pop(c, None)
                if merge is not None:
                    above[col] = cell
            col += span
        n_cols = max(n_cols, col)
        n_rows += 1
    return cells, n_rows, n_cols


def _blocks_of_rows(tbl: ET.Element) -> list[ET.Element]:
    rows: list[ET.Element] = []
    for child in tbl:
        if child.tag == TR:
            rows.append(child)
        elif child.tag in _CONTAINERS:
            rows.extend(_blocks_of_rows(child))
    return rows


def docx_pages(document_xml: bytes) -> list[tuple[str, tuple[TableInput, ...]]]:
    """The pages of a document's main part: each page's text and tables."""
    body = ET.fromstring(document_xml).find(f"{_W}body")
    writer = PageWriter()
    pages = []
    for block in [] if body is None else _blocks(body):
        if block.tag == TBL:
            cells, n_rows, n_cols = _grid(block)
            if n_rows:
                writer.table(cells, n_rows, n_cols, TableMethod.DOCX)
            continue
        text: list[str] = []
        for piece in _paragraph(block):
            if isinstance(piece, _PageBreak):
                writer.paragraph(_joined(text))
                pages.append(writer.page_break())
                text = []
            else:
                text.append(piece)
        writer.paragraph(_joined(text))
    pages.append(writer.page_break())
    return pages


def _joined(pieces: list[str]) -> str:
    return "\n".join(line.rstrip() for line in "".join(pieces).split("\n")).strip("\n")


def read_docx(path: Path, max_bytes: int, data: bytes | None = None) -> SourceFile:
    """Read a Word document; never raises for what is in the file (a damaged, encrypted or legacy file,
    a ZIP bomb, another kind of file under a .docx name become a failed :class:`SourceFile`)."""
    fmt = SourceFormat.DOCX
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as err:
            return _failed(path, "", problem(FindingCode.READ_ERROR, f"Could not read the file: {err}."))
    doc_id = hashlib.sha256(data).hexdigest()
    refused = refusal("docx", data, max_bytes)
    if refused is not None:
        return _failed(path, doc_id, refused)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
        pages = docx_pages(xml)
    except (zipfile.BadZipFile, ET.ParseError, OSError, EOFError, ValueError, KeyError) as err:
        message = f"The Word document is damaged: {err}. Open it in Word and save it again."
        return _failed(path, doc_id, problem(FindingCode.OFFICE_DAMAGED, message))
    if not any(text.strip() for text, _ in pages):
        return _failed(path, doc_id, problem(FindingCode.EMPTY_FILE, "The Word document holds no text."))
    texts = tuple(text for text, _ in pages)
    tables = tuple(t for _, t in pages)
    return SourceFile(path, doc_id, fmt, None, texts, (), tables=tables)


def _failed(path: Path, doc_id: str, why: ReadProblem) -> SourceFile:
    return SourceFile(path, doc_id or unreadable_id(path), SourceFormat.DOCX, None, (), (why,))
