"""Budget documents (เอกสารงบประมาณ): line items with their amounts and hierarchy, and target tables.

Recognised by the headings of a budget's detail (``รายละเอียดงบประมาณจำแนกตามงบรายจ่าย``, ``1. งบบุคลากร``,
``2. งบดำเนินงาน`` …). Read page by page from the visual rows (:mod:`parsers.budget.lines`), so an amount
the text layer drew elsewhere is read on its label's row; each item is placed in the tree by its numbering
(:mod:`parsers.budget.tree`). Checked here, where the tree is known: an item whose parts, all read, do not
add up to it (``budget_sum_mismatch``), and an item line that says baht without an amount
(``budget_amount_missing``). The target tables give metrics with their fiscal year and unit
(:mod:`parsers.budget.targets`).
"""

from __future__ import annotations

from collections import Counter

import regex

from parsers.budget.lines import ItemLine, lines_of_pages
from parsers.budget.targets import page_targets
from parsers.budget.tree import Node, build_tree, sum_mismatches
from parsers.document.doctext import DocText, Located
from parsers.document.labels import Label, LabelTable, Sep
from parsers.forms.base import BudgetItemDraft, FormResult, LabelledValue
from parsers.forms.fields import FieldSpec
from parsers.forms.issue import Issue
from parsers.thai.budget_terms import (
    BUDGET_HEADINGS,
    BUDGET_SIGNALS,
    BUDGET_YEAR_HEADER,
    FISCAL_YEAR_PHRASES,
    TITLE_WORDS,
)
from parsers.thai.numbers import to_arabic
from schemas.codes import FindingCode
from schemas.enums import Form, Severity

LABELS = LabelTable(
    [
        *(
            Label(key, spellings, sep=Sep.NONE, signal=True, line_start=True)
            for key, spellings in BUDGET_SIGNALS.items()
        ),
        *(Label(key, spellings, sep=Sep.NONE, line_start=True) for key, spellings in BUDGET_HEADINGS.items()),
    ]
)

_D = "[0-9๐-๙]"
_PHRASE = "|".join(regex.escape(p) for p in sorted(FISCAL_YEAR_PHRASES, key=len, reverse=True))
_STATED_FY = regex.compile(rf"(?:{_PHRASE})[ \t]*(?:พ\.[ \t]?ศ\.)?[ \t]*(?P<y>(?:25|๒๕){_D}{{2}})")
_HEADER_FY = regex.compile(rf"{regex.escape(BUDGET_YEAR_HEADER)}[ \t\n]*(?P<y>(?:25|๒๕){_D}{{2}})")
_TITLE = regex.compile(rf"(?m)^[ \t]*(?P<t>(?:{'|'.join(regex.escape(w) for w in TITLE_WORDS)})[^\n]*)")
#: the title is looked for on the first pages only
TITLE_PAGES = 3


def _money(value: float) -> str:
    return f"{value:,.2f}".removesuffix(".00")


class BudgetParser:
    """Form ``budget``: line items of a budget document."""

    form = Form.BUDGET
    labels = LABELS
    fields: tuple[FieldSpec, ...] = ()

    def detect(self, text: str) -> int:
        return self.labels.signals(text)

    def parse(self, doc: DocText) -> FormResult:
        result = FormResult(form=self.form)
        pages = [doc.rows(i) for i in range(len(doc.pages))]
        lines = lines_of_pages(doc.text, pages)
        nodes = build_tree(lines)
        result.budget_items = [_draft(node) for node in nodes]
        result.issues += _missing(nodes) + _mismatches(nodes)
        result.fiscal_year_be = _fiscal_year(doc)
        result.title = _title(doc)
        for rows in pages:
            for t in page_targets(doc.text, rows):
                result.values.append(
                    LabelledValue(t.label, t.value, t.unit, t.start, t.end, t.fiscal_year_be)
                )
        return result


def _draft(node: Node) -> BudgetItemDraft:
    line = node.line
    return BudgetItemDraft(
        number=line.numbering.number,
        level=node.level,
        parent=node.parent,
        label=line.label,
        amount=line.amount,
        start=line.start,
        end=line.end,
        fiscal_year_be=line.numbering.year_be,
    )


def _name(line: ItemLine) -> str:
    return f"{line.numbering.number} {line.label}" if line.numbering.number else line.label


def _missing(nodes: list[Node]) -> list[Issue]:
    return [
        Issue(
            FindingCode.BUDGET_AMOUNT_MISSING,
            Severity.WARNING,
            f"the line item “{_name(node.line)}” says baht but states no amount; its amount is null",
            node.line.start,
            node.line.end,
        )
        for node in nodes
        if node.line.amount is None and not node.line.nil
    ]


def _mismatches(nodes: list[Node]) -> list[Issue]:
    issues = []
    for m in sum_mismatches(nodes):
        line = nodes[m.node].line
        parts = " + ".join(_money(nodes[c].line.amount or 0.0) for c in m.parts)
        issues.append(
            Issue(
                FindingCode.BUDGET_SUM_MISMATCH,
                Severity.WARNING,
                f"the {len(m.parts)} parts of “{_name(line)}” add up to {_money(m.parts_sum)} ({parts}) "
                f"but it states {_money(m.stated)} (a difference of {_money(m.parts_sum - m.stated)})",
                line.start,
                line.end,
            )
        )
    return issues


def _fiscal_year(doc: DocText) -> Located[int] | None:
    """The year the document states for its budget, else the budget-year column its target tables
    name most often."""
    stated = _STATED_FY.search(doc.text)
    if stated is not None:
        return Located(int(to_arabic(stated.group("y"))), stated.start("y"), stated.end("y"))
    headers = list(_HEADER_FY.finditer(doc.text))
    if not headers:
        return None
    year, _ = Counter(to_arabic(m.group("y")) for m in headers).most_common(1)[0]
    first = next(m for m in headers if to_arabic(m.group("y")) == year)
    return Located(int(year), first.start("y"), first.end("y"))


def _title(doc: DocText) -> Located[str] | None:
    end = doc.offsets[TITLE_PAGES] if len(doc.offsets) > TITLE_PAGES else len(doc.text)
    m = _TITLE.search(doc.text, 0, end)
    if m is None:
        return None
    return Located(regex.sub(r"\s+", " ", m.group("t")).strip(), m.start("t"), m.end("t"))


PARSER = BudgetParser()
