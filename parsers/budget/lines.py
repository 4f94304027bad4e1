"""From a page's visual rows to the line items it states: numbering, label and amount, with their spans.

A row is read as the page shows it (:mod:`parsers.layout.rows`): the amount a text layer drew far from
its label (``1. งบบุคลากร บาท`` … ``5,716,350``) is on the label's row. A row's amount is the number
right before its baht (``3,178,850 บาท``), or the number after a label ending in baht (``บาท 5,716,350``).
A numbered row with no amount takes it from the next rows when they carry on its label
(``(2) ค่าใช้จ่ายโครงการส่งเสริม…`` ⏎ ``ในภูมิภาค… 1,125,000 บาท``); a label that says baht and has no
amount is an item whose amount is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import regex

from parsers.budget.numbering import Numbering, Style, read_numbering
from parsers.layout.rows import Row
from parsers.thai.budget_terms import BAHT, NIL_AMOUNT, OFF_BUDGET
from parsers.thai.numbers import parse_number

D = "[0-9๐-๙]"
MONEY = rf"(?<![0-9๐-๙.,])(?:{D}{{1,3}}(?:,{D}{{3}})+|{D}+)(?:\.{D}{{1,2}})?(?![0-9๐-๙])"
_BAHT = "|".join(regex.escape(b) for b in BAHT)
_NIL = "|".join(regex.escape(n) for n in NIL_AMOUNT)
#: the amount at a row's end: "… 3,178,850 บาท", "… บาท 5,716,350", or a nil "บาท -"
_AMOUNT_BEFORE = regex.compile(rf"(?P<a>{MONEY}|(?<=\s)(?:{_NIL}))[ \t]*(?:{_BAHT})[ \t.]*$")
_AMOUNT_AFTER = regex.compile(rf"(?:{_BAHT})[ \t]+(?P<a>{MONEY}|{_NIL})[ \t]*$")
#: a grouped amount ending a row without its baht (``1.3 ค่าจ้างชั่วคราว 57,620``), after a word (not after
#: another number: a row of a summary table's figures is no item)
_AMOUNT_BARE = regex.compile(
    rf"(?<=[^\s0-9๐-๙.,\-–][ \t]+)(?P<a>{D}{{1,3}}(?:,{D}{{3}})+(?:\.{D}{{1,2}})?)[ \t]*$"
)
#: a row that says baht and nothing else, and an amount at a label's end (the baht wrapped onto the next row)
_BAHT_ONLY = regex.compile(rf"^[ \t]*(?:{_BAHT})[ \t.]*$")
_LABEL_MONEY = regex.compile(rf"(?<=\s)(?P<a>{MONEY})$")
#: a label that ends in baht (not glued to a word: ``หน่วย : ล้านบาท`` heads a table of millions)
_BAHT_END = regex.compile(rf"(?:^|(?<=[ \t]))(?:{_BAHT})[ \t.]*$")
#: how many rows may carry on a numbered label before its amount
MAX_CONTINUATION_ROWS = 5
#: a row that states money from outside the budget (``เงินนอกงบประมาณ 2,336,700 บาท``)
_OFF_BUDGET = regex.compile(rf"^[ \t]*(?:{'|'.join(regex.escape(w) for w in OFF_BUDGET)})")


@dataclass(frozen=True)
class RowText:
    """A row's segments joined by spaces, with the way back to the document's text."""

    text: str
    pieces: tuple[tuple[int, int], ...]  # (offset in text, offset in the document) per segment

    def segments(self) -> list[tuple[int, int]]:
        """Each segment's span in :attr:`text`."""
        starts = [at for at, _ in self.pieces]
        ends = [at - 1 for at in starts[1:]] + [len(self.text)]
        return list(zip(starts, ends, strict=True))

    def doc_offset(self, pos: int) -> int:
        """The document offset of ``text[pos]``."""
        base, doc_base = self.pieces[0]
        for at, doc_at in self.pieces:
            if at > pos:
                break
            base, doc_base = at, doc_at
        return doc_base + pos - base


def row_text(doc_text: str, row: Row) -> RowText:
    """The row as one line of text."""
    parts: list[str] = []
    pieces: list[tuple[int, int]] = []
    at = 0
    for seg in row.segments:
        if parts:
            parts.append(" ")
            at += 1
        piece = doc_text[seg.start : seg.end].replace("\n", " ")
        pieces.append((at, seg.start))
        parts.append(piece)
        at += len(piece)
    return RowText("".join(parts), tuple(pieces))


@dataclass(frozen=True)
class ItemLine:
    """One line item as the rows state it; spans in the document's text."""

    numbering: Numbering
    label: str
    label_start: int
    label_end: int
    amount: float | None  # None: no amount (nil says whether it was written as a dash)
    amount_start: int | None
    amount_end: int | None
    page: int  # 0-based
    left: float  # where the row starts on the page
    says_baht: bool  # the label ends in baht: an amount belongs on the line
    nil: bool = False
    heading: bool = False  # a programme line with no amount: no item, but it closes the items above
    #: money from outside the budget is stated under it: its parts (the budget's years) are not all of it
    off_budget: bool = False

    @property
    def is_item(self) -> bool:
        return not self.heading

    @property
    def start(self) -> int:
        return self.amount_start if self.amount_start is not None else self.label_start

    @property
    def end(self) -> int:
        return self.amount_end if self.amount_end is not None else self.label_end


@dataclass(frozen=True)
class _Amount:
    value: float | None
    nil: bool
    start: int  # in the row text
    end: int
    label_end: int  # where the label stops in the row text


def _amount(text: str) -> _Amount | None:
    for pattern in (_AMOUNT_BEFORE, _AMOUNT_AFTER):
        m = pattern.search(text)
        if m is None:
            continue
        raw = m.group("a")
        nil = not any(ch.isdigit() for ch in raw)
        label_end = m.start("a") if pattern is _AMOUNT_BEFORE else m.start()
        return _Amount(None if nil else parse_number(raw), nil, m.start("a"), m.end("a"), label_end)
    return None


def _inner_amount(rt: RowText) -> tuple[_Amount, int] | None:
    """The amount that ends a segment other than the row's last: a text layer may draw a coded item's
    code and amount as one line and its label as another over it (``01101-1 2,396,320 บาท`` and
    ``อัตราเดิม 8 อัตรา``), so the label's line sorts after the amount's. Only when exactly one segment
    ends so; with the end of the amount's text (its baht included)."""
    found = []
    for start, end in rt.segments()[:-1]:
        m = _AMOUNT_BEFORE.search(rt.text, start, end)
        if m is not None:
            raw = m.group("a")
            nil = not any(ch.isdigit() for ch in raw)
            amount = _Amount(None if nil else parse_number(raw), nil, m.start("a"), m.end("a"), m.start("a"))
            found.append((amount, m.end()))
    return found[0] if len(found) == 1 else None


def _clean(label: str) -> str:
    cleaned: str = regex.sub(r"\s+", " ", label)
    return cleaned.strip(" \t:")


def _bare_amount(text: str) -> _Amount | None:
    """The amount of a budget type or category row that leaves out its baht: only dotted numbering says
    that the row is an item and the number its amount."""
    m = _AMOUNT_BARE.search(text)
    if m is None:
        return None
    return _Amount(parse_number(m.group("a")), False, m.start("a"), m.end("a"), m.start("a"))


def _line(row: Row, rt: RowText, numbering: Numbering) -> ItemLine:
    text = rt.text
    amount = _amount(text)
    if amount is None and numbering.style is Style.DOTTED:
        amount = _bare_amount(text)
    if amount is None:
        inner = _inner_amount(rt)
        if inner is not None:  # the label is what the row says around the amount
            amount, cut = inner
            text = text[: amount.start] + " " * (cut - amount.start) + text[cut:]
            amount = replace(amount, label_end=len(text))
    says_baht = False
    label_end = len(text)
    if amount is not None:
        label_end = amount.label_end
    else:
        baht = _BAHT_END.search(text)
        if baht is not None:
            says_baht, label_end = True, baht.start()
    label = text[numbering.label_at : label_end]
    label = _BAHT_END.sub("", label)
    start = rt.doc_offset(len(text) - len(text.lstrip()))
    end = rt.doc_offset(max(label_end - 1, 0)) + 1
    if amount is None:
        return ItemLine(
            numbering, _clean(label), start, end, None, None, None, row.page, _left(row), says_baht
        )
    return ItemLine(
        numbering,
        _clean(label),
        start,
        end,
        amount.value,
        rt.doc_offset(amount.start),
        rt.doc_offset(amount.end - 1) + 1,
        row.page,
        _left(row),
        True,
        amount.nil,
    )


def _left(row: Row) -> float:
    return row.segments[0].left


def _carry_on(line: ItemLine, row: Row, rt: RowText) -> ItemLine:
    """``line`` with the label the next row carries on and, when it has one, that row's amount; a row of
    baht alone gives the amount that ends the label (``… ราชการ 360,000`` ⏎ ``บาท``)."""
    amount = _amount(rt.text)
    if amount is None and _BAHT_ONLY.match(rt.text):
        trailing = _LABEL_MONEY.search(line.label)
        if trailing is not None:
            start = line.label_end - len(trailing.group("a"))
            return replace(
                line,
                label=_clean(line.label[: trailing.start("a")]),
                label_end=start,
                amount=parse_number(trailing.group("a")),
                amount_start=start,
                amount_end=line.label_end,
                says_baht=True,
            )
    label_end = amount.label_end if amount is not None else len(rt.text)
    more = _clean(_BAHT_END.sub("", rt.text[:label_end]))
    label = f"{line.label} {more}".strip()
    if amount is None:
        says_baht = _BAHT_END.search(rt.text) is not None
        return replace(line, label=label, says_baht=line.says_baht or says_baht)
    return replace(
        line,
        label=label,
        label_end=rt.doc_offset(max(label_end - 1, 0)) + 1,
        amount=amount.value,
        amount_start=rt.doc_offset(amount.start),
        amount_end=rt.doc_offset(amount.end - 1) + 1,
        says_baht=True,
        nil=amount.nil,
    )


def item_lines(doc_text: str, rows: Iterable[Row]) -> list[ItemLine]:
    """The line items the rows state, in reading order.

    A line is an item when it has an amount or says baht without one. A programme line (``งาน…``)
    without either is a heading (of a target table, of a section): no item, but it closes the items
    above it, so that the next items are not taken for their parts.
    """
    out: list[ItemLine] = []
    pending: ItemLine | None = None
    carried = 0

    def flush() -> None:
        nonlocal pending
        if pending is not None and _keep(pending):
            out.append(pending)
        elif (
            pending is not None and pending.numbering.style is Style.PROGRAMME and _not_indented(pending, out)
        ):
            out.append(replace(pending, heading=True))
        pending = None

    for row in rows:
        rt = row_text(doc_text, row)
        numbering = read_numbering(rt.text)
        if numbering is None and out and _OFF_BUDGET.match(rt.text) and pending is None:
            out[-1] = replace(out[-1], off_budget=True)
            continue
        if numbering is None:
            if pending is not None and carried < MAX_CONTINUATION_ROWS and _continues(pending, row):
                pending = _carry_on(pending, row, rt)
                carried += 1
                if pending.amount is not None or pending.nil:
                    flush()
            else:
                flush()
            continue
        flush()
        line = _line(row, rt, numbering)
        if line.amount is not None or line.nil:
            out.append(line)
        else:
            pending, carried = line, 0
    flush()
    return out


def _not_indented(line: ItemLine, before: Sequence[ItemLine]) -> bool:
    """A heading stands at the left of the items above it; a description line that happens to start
    with a programme word (``งานครัว และงานสวน``) is indented under its item."""
    return not before or before[-1].page != line.page or line.left <= before[-1].left + 2.0


def _continues(line: ItemLine, row: Row) -> bool:
    """A row carries on a label when it is on the same page and not left of it (a wrapped label is
    indented under its text, a new paragraph starts at the margin)."""
    return row.page == line.page and row.segments[0].left >= line.left - 2.0


def _keep(line: ItemLine) -> bool:
    return line.amount is not None or line.nil or line.says_baht


def lines_of_pages(doc_text: str, pages: Sequence[Sequence[Row]]) -> list[ItemLine]:
    """The line items of every page, in order (a label never carries on across a page break)."""
    return [line for rows in pages for line in item_lines(doc_text, rows)]
