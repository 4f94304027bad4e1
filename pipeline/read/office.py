"""What the Word (.docx) and Excel (.xlsx) readers share: opening the package safely, the refusals of
what is not one, and a table's grid written into the page text with each cell's span.

Both formats are ZIP packages of XML parts. Before any part is read, the sizes the package declares for
its parts are added up: a package that would unpack to more than the run's file size limit
(``--max-file-mb``) is refused as ``too_large`` (a "zip bomb" unpacks a few KB to GB). Python's ZIP
reader never returns more bytes than a part declares, so the declared sizes bound the work. An
encrypted Word or Excel file is not a ZIP at all but an OLE container holding ``EncryptedPackage``; an
OLE container without it is a legacy ``.doc``/``.xls``.

**How a table is written into the page text** (so that the forms read a Word table as they read the
same table in a text export or a saved web page): a table starts on a line of its own; each row is a
line whose cells are joined by one space (as :mod:`pipeline.read.html` joins a web page's cells), so a
row ``ค่าเป้าหมาย ร้อยละ : | 80`` reads ``ค่าเป้าหมาย ร้อยละ : 80``. A row in which a cell holds several
lines (paragraphs, line breaks) is written one cell after another, each on lines of its own, as the
text exports of web pages write their quarter tables: a cell of dated entries keeps each entry at the
start of its line. Empty cells write nothing (their span is empty); every cell's span is recorded as a
:class:`~parsers.document.inputs.CellInput`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Final

from parsers.document.inputs import CellInput, TableInput
from pipeline.read.package import MAIN_PART, OLE_SIGNATURE, ZIP_SIGNATURE, OfficeKind
from pipeline.read.problems import ReadProblem, problem
from schemas.codes import FindingCode
from schemas.enums import TableMethod

#: the stream an encrypted Office file's OLE container holds (its name as stored: UTF-16LE)
_ENCRYPTED_STREAM: Final = "EncryptedPackage".encode("utf-16-le")

_NAMES: Final = {"docx": ("a Word", ".docx", ".doc"), "xlsx": ("an Excel", ".xlsx", ".xls")}


def refusal(kind: OfficeKind, data: bytes, max_bytes: int) -> ReadProblem | None:
    """Why ``data`` cannot be read as a ``kind`` package; None when it can be opened."""
    what, new, old = _NAMES[kind]
    if data.startswith(OLE_SIGNATURE):
        if _ENCRYPTED_STREAM in data:
            return problem(
                FindingCode.OFFICE_ENCRYPTED,
                f"The file is {what} document protected by a password: it cannot be read. Open it, remove "
                f"the password (File > Info > Protect) and save it again as {new}.",
            )
        return problem(
            FindingCode.UNSUPPORTED_FORMAT,
            f"The file is an old-style Office document ({old}, before 2007), which is not read: open it "
            f"in Word, Excel or LibreOffice and save it as {new}.",
            old,
        )
    if not data:
        return problem(FindingCode.EMPTY_FILE, "The file is empty (0 bytes).")
    if not data.startswith(ZIP_SIGNATURE):
        return problem(
            FindingCode.OFFICE_DAMAGED,
            f"The file is not {what} document: {new} files are ZIP packages, and this one does not start "
            "with a ZIP signature. Give the file its real extension, or save it again from its program.",
            repr(data[:8]),
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        return problem(
            FindingCode.OFFICE_DAMAGED,
            f"The file is a damaged or truncated ZIP package ({err}): save it again from its program.",
        )
    names = {i.filename for i in infos}
    if MAIN_PART[kind] not in names:
        other = next((k for k, part in MAIN_PART.items() if part in names), None)
        held = f"{_NAMES[other][0]} document" if other else "a ZIP archive"
        return problem(
            FindingCode.OFFICE_DAMAGED,
            f"The file is named {new} but holds {held} without {MAIN_PART[kind]}: it is not {what} document.",
        )
    unpacked = sum(i.file_size for i in infos)
    if unpacked > max_bytes:
        return problem(
            FindingCode.TOO_LARGE,
            f"The package would unpack to {unpacked / 2**20:,.1f} MB, more than the limit of "
            f"{max_bytes / 2**20:,.0f} MB (a damaged file or a ZIP bomb); raise --max-file-mb if it really "
            "is one report.",
            f"{unpacked} bytes unpacked",
        )
    return None


@dataclass
class GridCell:
    """One cell of a table as a reader found it: its place, its lines of text, its typed value."""

    row: int
    col: int
    lines: list[str]
    row_span: int = 1
    col_span: int = 1
    header: bool | None = None
    number: float | None = None
    day: str | None = None


@dataclass
class PageWriter:
    """A page's text built block by block (paragraphs, tables), blank lines between blocks, with the
    tables' cells as spans of it."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    tables: list[TableInput] = field(default_factory=list)

    def _put(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def _start_block(self) -> None:
        if self.length:
            self._put("\n\n")

    def paragraph(self, text: str) -> None:
        """A paragraph; empty ones write nothing (Word's spacing paragraphs)."""
        if text.strip():
            self._start_block()
            self._put(text)

    def table(
        self, cells: list[GridCell], n_rows: int, n_cols: int, method: TableMethod, caption: str | None = None
    ) -> None:
        """A table's cells written row by row (see the module's docstring), recorded with their spans."""
        self._start_block()
        out: list[CellInput] = []
        written_rows = 0
        for row in range(n_rows):
            in_row = sorted((c for c in cells if c.row == row), key=lambda c: c.col)
            texts = ["\n".join(line for line in c.lines if line) for c in in_row]
            if not any(texts):
                out.extend(self._cell(c, self.length, self.length) for c in in_row)
                continue
            if written_rows:
                self._put("\n")
            written_rows += 1
            separator = "\n" if any("\n" in t for t in texts) else " "
            first = True
            for c, text in zip(in_row, texts, strict=True):
                if not text:
                    out.append(self._cell(c, self.length, self.length))
                    continue
                if not first:
                    self._put(separator)
                first = False
                start = self.length
                self._put(text)
                out.append(self._cell(c, start, self.length))
        self.tables.append(TableInput(method, n_rows, n_cols, tuple(out), caption))

    @staticmethod
    def _cell(c: GridCell, start: int, end: int) -> CellInput:
        return CellInput(c.row, c.col, start, end, c.row_span, c.col_span, c.header, c.number, c.day)

    def page_break(self) -> tuple[str, tuple[TableInput, ...]]:
        """The page written so far, and a new one started."""
        page = "".join(self.parts), tuple(self.tables)
        self.parts, self.length, self.tables = [], 0, []
        return page
