"""Line items into a tree: each item's level and parent from its numbering, and whether its parts add up.

The numbering says where an item sits: a programme (``งาน…``) is the top (level 0); dotted numbering is as
deep as its parts (``1.`` 1, ``1.1`` 2, ``2.1.3`` 3) and sits under the item whose number it extends
(``2.1.3`` under ``2.1``); any other style (``1)``, ``(1)``, a budget code) is one level below the item it
follows, and a sibling of the last item of its own style. A commitment's total (``วงเงินทั้งสิ้น``, numbered or
not) hangs under its item without being a part of it (it spans several years); its year lines are its
parts.

Some documents number two trees at once: an outline of the book (``7.3 แผนงาน…``, ``7.3.1 โครงการที่ 1``)
and, under each programme of it, a budget's detail whose numbering starts again (``1. งบเงินอุดหนุน``,
``1.1 เงินอุดหนุนทั่วไป``). A dotted item whose number extends no open item goes back to the outline item
it extends (``7.3.2`` to ``7.3``, across the detail of ``7.3.1``); when there is none, its parent is not
known: it is placed at the top, and its sum is checked only against the parts that are its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from parsers.budget.lines import ItemLine
from parsers.budget.numbering import Style
from parsers.thai.budget_terms import COMMITMENT_TOTAL
from parsers.thai.numbers import to_arabic

#: parts and their whole may differ by rounding only (amounts are whole baht or satang)
TOLERANCE_THB = 0.5


@dataclass(frozen=True)
class Node:
    """An item placed in the tree."""

    line: ItemLine
    level: int
    parent: int | None  # index in the list of nodes
    part: bool  # counts toward its parent's amount (a commitment's total does not)


def _parts(number: str | None) -> tuple[str, ...]:
    """A dotted number's parts: ``"2.1."`` → ``("2", "1")``."""
    return tuple(p for p in (number or "").split(".") if p)


def _commitment(line: ItemLine) -> bool:
    return line.numbering.style is Style.COMMITMENT or line.label.startswith(COMMITMENT_TOTAL)


class _Builder:
    """The open items (a stack from the top down) and the outline items by number."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.stack: list[int] = []
        self.outline: dict[tuple[str, ...], int] = {}  # dotted items under no programme, by number

    def place(self, line: ItemLine) -> None:
        style = line.numbering.style
        if style is Style.PROGRAMME:
            self.stack = []
            if line.heading:
                return
        elif style is Style.DOTTED:
            self._open_dotted(_parts(line.numbering.number))
        elif style is Style.YEAR:
            while self.stack and self.nodes[self.stack[-1]].line.numbering.style is Style.YEAR:
                self.stack.pop()
        else:
            same = [k for k, i in enumerate(self.stack) if self.nodes[i].line.numbering.style is style]
            if same:
                del self.stack[same[-1] :]
            elif style is Style.COMMITMENT:
                while self.stack and self.nodes[self.stack[-1]].line.numbering.style in (
                    Style.COMMITMENT,
                    Style.YEAR,
                ):
                    self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if style is Style.PROGRAMME:
            level = 0
        elif style is Style.DOTTED:
            level = line.numbering.depth
        else:
            level = 1 if parent is None else self.nodes[parent].level + 1
        part = not _commitment(line) and (
            style is not Style.YEAR or (parent is not None and _commitment(self.nodes[parent].line))
        )
        self.nodes.append(Node(line, level, parent, part))
        index = len(self.nodes) - 1
        if style is Style.DOTTED and not self._under_programme(index):
            self.outline[_parts(line.numbering.number)] = index
        if style is not Style.YEAR:
            self.stack.append(index)

    def _open_dotted(self, number: tuple[str, ...]) -> None:
        """Close the items a dotted item of ``number`` cannot be below: keep the open item its number
        extends (a programme holds a ``1.``), else go back to the outline item it extends, else none."""
        for k in range(len(self.stack) - 1, -1, -1):
            if _holds(self.nodes[self.stack[k]].line, number):
                del self.stack[k + 1 :]
                return
        back = self.outline.get(number[:-1]) if len(number) > 1 else None
        self.stack = [] if back is None else [*self._ancestors(back), back]

    def _ancestors(self, index: int) -> list[int]:
        chain = []
        parent = self.nodes[index].parent
        while parent is not None:
            chain.append(parent)
            parent = self.nodes[parent].parent
        return chain[::-1]

    def _under_programme(self, index: int) -> bool:
        return any(self.nodes[k].line.numbering.style is Style.PROGRAMME for k in self._ancestors(index))


def _holds(line: ItemLine, number: tuple[str, ...]) -> bool:
    """Whether an open item holds a dotted item numbered ``number``: a programme holds the first level of
    its detail (``1.``), a dotted item the numbers that extend its own (``2.1`` holds ``2.1.3``)."""
    style = line.numbering.style
    if style is Style.PROGRAMME:
        return len(number) == 1
    if style is not Style.DOTTED:
        return False
    own = _parts(line.numbering.number)
    return len(own) < len(number) and number[: len(own)] == own


def build_tree(lines: Sequence[ItemLine]) -> list[Node]:
    """Each line's level and parent, in order (see the module docstring)."""
    builder = _Builder()
    for line in lines:
        builder.place(line)
    return builder.nodes


@dataclass(frozen=True)
class SumMismatch:
    """An item whose parts, all read, do not add up to its amount."""

    node: int
    stated: float
    parts_sum: float
    parts: tuple[int, ...]


def sum_mismatches(nodes: Sequence[Node]) -> list[SumMismatch]:
    """The items whose parts (every one with an amount) add up to another amount than the item states.

    Checked only where the parts are known to be all of the item: not when a part's amount is missing,
    when the parts counted ``(1), (2) …`` skip a number (a part was not read: ``(2)`` with no ``(1)``), or
    when money from outside the budget is stated under a commitment. A nil part (written ``-``) counts as
    nothing.
    """
    parts: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        if node.parent is not None and node.part:
            parts.setdefault(node.parent, []).append(i)
    out = []
    for parent, children in parts.items():
        stated = nodes[parent].line.amount
        amounts = [0.0 if nodes[c].line.nil else nodes[c].line.amount for c in children]
        if stated is None or any(a is None for a in amounts) or nodes[parent].line.off_budget:
            continue
        if not _counted_in_full([nodes[c].line for c in children]):
            continue
        total = sum(a for a in amounts if a is not None)
        if abs(total - stated) > TOLERANCE_THB:
            out.append(SumMismatch(parent, stated, total, tuple(children)))
    return out


_COUNTED = (Style.DOTTED, Style.CLOSE, Style.PAREN, Style.CODE)


def _counted_in_full(lines: Sequence[ItemLine]) -> bool:
    """Whether the parts of each counted style are numbered 1, 2, 3 … without a gap (``1.1, 1.2``, ``1)``,
    ``(1)``, a code's count ``05109-11 (3)``: the last number counts; codes without a count are not
    counted)."""
    for style in _COUNTED:
        numbers = [line.numbering.number or "" for line in lines if line.numbering.style is style]
        if style is Style.CODE and not all("(" in n for n in numbers):
            continue
        ordinals = [_ordinal(n) for n in numbers]
        if ordinals and ordinals != list(range(1, len(ordinals) + 1)):
            return False
    return True


def _ordinal(number: str | None) -> int | None:
    digits = regex.findall(r"[0-9๐-๙]+", number or "")
    return int(to_arabic(digits[-1])) if digits else None
