"""How many of one reading's values another reading of the same report gets right.

Used to measure OCR: the records of a scanned report against those of the same report as text. The
values compared are the ones analysts use: the document's fields (form, title, code, agency, fiscal
year, dates, target, result, budget) and, entry by entry, the date, quarter, progress, budget spent
and score. Only values the reference has count; a value the other reading lacks or reads differently
is a miss.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from pipeline.result import DocumentResult

DOCUMENT_FIELDS = (
    "form",
    "title",
    "code",
    "agency",
    "fiscal_year_be",
    "start_date",
    "end_date",
    "target_value",
    "target_unit",
    "achieved_value",
    "achieved_unit",
    "budget_thb",
    "budget_spent_thb",
)
ENTRY_FIELDS = ("report_date", "quarter", "progress_pct", "budget_spent_thb", "score")


@dataclass
class Agreement:
    """Values of the reference, how many the other reading matched, and the misses."""

    total: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 1.0

    def add(self, other: Agreement) -> None:
        self.total += other.total
        self.matched += other.matched
        self.misses += other.misses

    def _check(self, where: str, expected: object, got: object) -> None:
        if expected is None:
            return
        self.total += 1
        if expected == got:
            self.matched += 1
        else:
            self.misses.append(f"{where}: {expected!r} read as {got!r}")


def agreement(reference: DocumentResult, other: DocumentResult) -> Agreement:
    """Field-level agreement of ``other`` with ``reference`` (the text version)."""
    result = Agreement()
    ref_doc, doc = reference.document, other.document
    for name in DOCUMENT_FIELDS:
        result._check(name, getattr(ref_doc, name), getattr(doc, name))
    entries = {e.entry_no: e for e in other.entries}
    for ref in reference.entries:
        entry = entries.get(ref.entry_no)
        for name in ENTRY_FIELDS:
            got = None if entry is None else getattr(entry, name)
            result._check(f"entry {ref.entry_no} {name}", getattr(ref, name), got)
    return result


def error_rate(truth: str, got: str) -> float:
    """Character error rate of ``got`` against ``truth``, whitespace ignored: the edits of difflib's
    alignment over the truth's length.

    The alignment's edit count is an upper bound of the Levenshtein distance, so a small value here
    proves a small true CER.

    >>> error_rate("ดำรงตำแหน่ง", "ดำ รง ตำแหน่ง"), round(error_rate("ดำรงตำแหน่ง", "ดำารงตำาแหน่ง"), 3)
    (0.0, 0.182)
    """
    a, b = "".join(truth.split()), "".join(got.split())
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    edits = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")
    return edits / max(1, len(a))
