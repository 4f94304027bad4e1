"""Line items into a tree: each item's level and parent from its numbering, and whether its parts add up.

The numbering says where an item sits: a programme (``งาน…``) is the top (level 0); dotted numbering is as
deep as its parts (``1.`` 1, ``1.1`` 2, ``2.1.3`` 3); any other style (``1)``, ``(1)``, a budget code) is
one level below the item it follows, and a sibling of the last item of its own style. A commitment's total
(``วงเงินทั้งสิ้น``) hangs under its item without being a part of it (it spans several years); its year
lines are its parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parsers.budget.lines import ItemLine
from parsers.budget.numbering import Style

#: parts and their whole may differ by rounding only (amounts are whole baht or satang)
TOLERANCE_THB = 0.5


@dataclass(frozen=True)
class Node:
    """An item placed in the tree."""

    line: ItemLine
    level: int
    parent: int | None  # index in the list of nodes
    part: bool  # counts toward its parent's amount (a commitment's total does not)


def build_tree(lines: Sequence[ItemLine]) -> list[Node]:
    """Each line's level and parent, in order.

    The stack holds the open items from the top down; a new item closes the items it cannot be below.
    """
    nodes: list[Node] = []
    stack: list[int] = []
    for line in lines:
        style = line.numbering.style
        if style is Style.PROGRAMME:
            stack = []
            if line.heading:
                continue
        elif style is Style.DOTTED:
            while stack and not _holds_dotted(nodes[stack[-1]].line, line.numbering.depth):
                stack.pop()
        elif style is Style.YEAR:
            while stack and nodes[stack[-1]].line.numbering.style is Style.YEAR:
                stack.pop()
        else:
            same = [k for k, i in enumerate(stack) if nodes[i].line.numbering.style is style]
            if same:
                del stack[same[-1] :]
            elif style is Style.COMMITMENT:
                while stack and nodes[stack[-1]].line.numbering.style in (Style.COMMITMENT, Style.YEAR):
                    stack.pop()
        parent = stack[-1] if stack else None
        if style is Style.PROGRAMME:
            level = 0
        elif style is Style.DOTTED:
            level = line.numbering.depth
        else:
            level = 1 if parent is None else nodes[parent].level + 1
        part = style is not Style.COMMITMENT and (
            style is not Style.YEAR
            or (parent is not None and nodes[parent].line.numbering.style is Style.COMMITMENT)
        )
        nodes.append(Node(line, level, parent, part))
        if style is not Style.YEAR:
            stack.append(len(nodes) - 1)
    return nodes


def _holds_dotted(line: ItemLine, depth: int) -> bool:
    """Whether an open item can hold a dotted item of ``depth``: a programme, or shallower numbering."""
    style = line.numbering.style
    return style is Style.PROGRAMME or (style is Style.DOTTED and line.numbering.depth < depth)


@dataclass(frozen=True)
class SumMismatch:
    """An item whose parts, all read, do not add up to its amount."""

    node: int
    stated: float
    parts_sum: float
    parts: tuple[int, ...]


def sum_mismatches(nodes: Sequence[Node]) -> list[SumMismatch]:
    """The items whose parts (every one with an amount) add up to another amount than the item states.

    An item with a part whose amount is missing is not checked: its sum is not known. A nil part
    (written ``-``) counts as nothing.
    """
    parts: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        if node.parent is not None and node.part:
            parts.setdefault(node.parent, []).append(i)
    out = []
    for parent, children in parts.items():
        stated = nodes[parent].line.amount
        amounts = [0.0 if nodes[c].line.nil else nodes[c].line.amount for c in children]
        if stated is None or any(a is None for a in amounts):
            continue
        total = sum(a for a in amounts if a is not None)
        if abs(total - stated) > TOLERANCE_THB:
            out.append(SumMismatch(parent, stated, total, tuple(children)))
    return out
