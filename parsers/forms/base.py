"""What a form parser returns (:class:`FormResult`) and the records it is made of.

A form = one module with a :class:`~parsers.forms.parser.FormParser` (its labels, ``detect``,
``parse``) and one line in :mod:`parsers.registry`. The common work — resolving dates in context,
metrics, findings, provenance — is done once for every form in :mod:`parsers.assemble`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from parsers.document.doctext import Located
from parsers.forms.issue import Issue
from parsers.thai.dates import DateReading
from schemas.enums import Form


@dataclass(frozen=True)
class LabelledValue:
    """A number a form reads from a labelled field (target, progress, budget …)."""

    label: str
    value: float
    unit: str | None  # None: the text writes no unit (ค่าเป้าหมาย : 100)
    start: int
    end: int
    fiscal_year_be: int | None = None  # the year a value is for, where a table's column says (ปี 2566)


@dataclass
class EntryDraft:
    """One progress entry as the form reads it; dates are resolved later, in context."""

    start: int
    end: int
    text: str
    quarter: int | None = None  # from a heading or a table, when the form has one
    quarter_source: str | None = None
    report_no: int | None = None
    date: DateReading | None = None  # the entry's own date, as read from the document (spans in its text)
    progress: LabelledValue | None = None
    budget_spent: LabelledValue | None = None
    plan_status: str | None = None
    target_status: str | None = None
    score: LabelledValue | None = None
    kpi_no: int | None = None  # the KPI an entry belongs to, on pages that list several ((1), (2) …)


@dataclass(frozen=True)
class BudgetItemDraft:
    """A line item of a budget document as the form reads it (spans in the document's text)."""

    number: str | None  # 1. , 1.1 , 01101-2 … as written; None when the line has no numbering
    level: int
    parent: int | None  # index of the item it is part of in FormResult.budget_items
    label: str
    amount: float | None
    start: int  # the amount's span (the label's when the line states no amount)
    end: int
    fiscal_year_be: int | None = None  # None: the document's fiscal year


@dataclass
class FormResult:
    """Everything a form parser read from one document."""

    form: Form
    title: Located[str] | None = None
    code: Located[str] | None = None
    agency: Located[str] | None = None
    agency_source: str = "field"  # how the form found its agency (documents.agency_source)
    fiscal_year_be: Located[int] | None = None  # only when the document states it in a field
    target: LabelledValue | None = None
    achieved: LabelledValue | None = None
    start_date: Located[date] | None = None
    end_date: Located[date] | None = None
    budget: LabelledValue | None = None
    budget_spent: LabelledValue | None = None
    entries: list[EntryDraft] = field(default_factory=list)
    values: list[LabelledValue] = field(default_factory=list)  # other labelled numbers (scores …)
    extra: dict[str, Located[str]] = field(default_factory=dict)  # other fields (kpi_type, agency_code …)
    budget_items: list[BudgetItemDraft] = field(default_factory=list)  # form budget
    document_date: Located[date] | None = None  # the date the document is dated (a memo's วันที่ …)
    #: every ``label : value`` the document writes, the label as written (documents of no known form)
    pairs: list[tuple[str, Located[str]]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
