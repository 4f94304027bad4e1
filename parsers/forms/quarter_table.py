"""The quarter table of BMA web pages: ``ผลงานเทียบกับเป้าหมายรายไตรมาส``.

Under its heading come the header cells (``ไตรมาสที่``, ``(1 - 4)``, ``*ผลงาน*``, ``(ร้อยละ)``,
``*ผลประเมินตัวชี้วัด*``, ``(* 2.1 / 2.2 *)``), then one row per quarter: the quarter, its result
(ผลงาน), the assessor's score and the ratio ``a / b``. Real pages write one cell per line with an empty
line for an empty cell, a saved web page one row per line, a scan loses the empty lines; scores are
blank, ``0.0000`` or ``100``, results go above 100 (``1,407.52``). So the rows are read as a sequence
of cells, not by position: a row starts with the next quarter's number, its first number is the
result, then a plain number is the score and ``a / b`` the ratio, each maybe absent.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from parsers.document.labels import spelling_pattern
from parsers.thai.numbers import NUMBER, parse_number

#: the table's heading; an OCR may put spaces between its words (``ผลงาน เทียบกับเป้าหมายรายไตรมาส``)
HEADING = regex.compile(spelling_pattern("ผลงาน เทียบกับ เป้าหมาย รายไตรมาส"))
#: one cell: a ratio, a number, or OCR's reading of a lone "1" as "!" or "|"
#: (a ratio's numbers are plain: an OCR drops the spaces around its slash, ``0/0``)
_PLAIN = r"[0-9๐-๙]+(?:[.,][0-9๐-๙]+)*"
_CELL = regex.compile(
    rf"(?P<ratio>(?P<a>{_PLAIN})[ \t]*/[ \t]*(?P<b>{_PLAIN}))(?![0-9๐-๙/])|(?P<n>{NUMBER})"
    r"|(?P<one>(?<![^\s])[!|](?![^\s]))"
)
#: a scanner's specks read as stray characters beside a cell (``82.93 ก``, ``100.0000 ก.``, ``0.00 . :``)
_SPECK = regex.compile(r"(?:[ \t]+[^\s\d]{1,2})+$|^(?:[^\s\d]{1,2}[ \t]+)+")
#: a line of the header or its caption: letters, brackets or stars, no cell of its own
_HEADER_LINE = regex.compile(r"[A-Za-z\u0e01-\u0e4e*()]")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    value: float | None  # None: an empty cell
    ratio: tuple[float, float] | None = None
    one: bool = False  # "!" or "|" read for 1
    misread: bool = False  # one stray character alone on its line where a cell stands (OCR read 4 as ห)


@dataclass(frozen=True)
class Row:
    """One quarter's row; spans are offsets of the document's text."""

    quarter: int
    start: int
    end: int
    result: Cell | None
    score: Cell | None
    ratio: Cell | None
    inferred: bool = False  # its quarter cell was unreadable: the quarter is its place in the table


def read_table(text: str, start: int, end: int) -> list[Row]:
    """The rows of the table whose heading ends at ``start``; the table ends at the first line that is
    neither a cell nor a header cell, or at ``end``."""
    cells = _cells(text, start, end)
    rows: list[Row] = []
    i = 0
    expected = 1
    while i < len(cells) and expected <= 4:
        cell = cells[i]
        following = cells[i + 1] if i + 1 < len(cells) else None
        # an unreadable quarter cell followed by a result is the expected quarter, by its place
        inferred = (
            cell.misread
            and following is not None
            and following.value is not None
            and not _is_quarter(following, expected)
        )
        if not (_is_quarter(cell, expected) or inferred):
            i += 1
            continue
        j = i + 1
        result = score = ratio = None
        if j < len(cells) and cells[j].ratio is None and not _starts_next(cells, j, expected):
            result = cells[j]
            j += 1
            if j < len(cells) and cells[j].ratio is None and not _starts_next(cells, j, expected):
                score = cells[j]
                j += 1
            if j < len(cells) and cells[j].ratio is not None:
                ratio = cells[j]
                j += 1
        last = cells[j - 1]
        rows.append(Row(expected, cell.start, last.end, _filled(result), _filled(score), ratio, inferred))
        expected += 1
        i = j
    return rows


def _filled(cell: Cell | None) -> Cell | None:
    return cell if cell is not None and cell.value is not None else None


def _is_quarter(cell: Cell, expected: int) -> bool:
    if cell.one:
        return expected == 1
    return cell.ratio is None and cell.value == expected and float(expected).is_integer()


def _starts_next(cells: list[Cell], j: int, expected: int) -> bool:
    """Whether cell ``j`` is the next quarter's number rather than a value of this row: it is the next
    quarter and a result follows it (a value of this row would be followed by a ratio or nothing)."""
    if j + 1 >= len(cells) or not _is_quarter(cells[j], expected + 1):
        return False
    after = cells[j + 1]
    return after.ratio is None and after.value is not None


def _ink(text: str) -> int:
    """How many characters of ``text`` are not white space."""
    return len(_SPACE.sub("", text))


_SPACE = regex.compile(r"\s")


def _cells(text: str, start: int, end: int) -> list[Cell]:
    """The cells after the heading, in order: the cells of each line (an empty line is an empty cell
    once the rows have begun); header lines are skipped, the first other line ends the table."""
    cells: list[Cell] = []
    pos = start
    while pos <= end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        line, at = text[pos:stop], pos
        pos = stop + 1
        if "\f" in line:  # a page break inside the table: the blank lines that end a page are no cells
            while cells and cells[-1].value is None and cells[-1].ratio is None and not cells[-1].misread:
                cells.pop()
            continue
        stripped = _SPECK.sub("", line.strip())
        if not stripped:
            if cells:
                cells.append(Cell(at, at, None))
            continue
        if cells and len(stripped) == 1 and not stripped.isdigit():
            cells.append(Cell(at, at + len(line), None, misread=True))
            continue
        found = list(_CELL.finditer(stripped))
        if sum(_ink(m.group(0)) for m in found) < _ink(stripped):
            if not cells and _HEADER_LINE.search(line):
                continue  # a header cell
            break  # the table has ended
        offset = at + line.find(stripped)
        cells.extend(_cell(m, offset + m.start(), offset + m.end()) for m in found)
    while cells and cells[-1].value is None and cells[-1].ratio is None and not cells[-1].misread:
        cells.pop()
    return cells


def _cell(m: regex.Match[str], start: int, end: int) -> Cell:
    if m.group("ratio"):
        ratio = (parse_number(m.group("a")), parse_number(m.group("b")))
        return Cell(start, end, None, ratio)
    if m.group("one"):
        return Cell(start, end, 1.0, one=True)
    return Cell(start, end, parse_number(m.group("n")))
