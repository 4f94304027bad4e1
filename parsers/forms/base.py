"""What a form parser is and what it returns.

A form = one module with a :class:`FormParser` (its labels, ``detect``, ``parse``) and one line in
:mod:`parsers.registry`. The common work — resolving dates in context, metrics, findings,
provenance — is done once for every form in :mod:`parsers.assemble`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

from parsers.text.doctext import DocText, Located
from schemas.enums import Form, Severity

if TYPE_CHECKING:  # fields builds on the types below
    from parsers.fields import FieldSpec
    from parsers.labels import LabelTable


@dataclass(frozen=True)
class Issue:
    """A problem a form parser saw; becomes a finding with the span's page and raw text."""

    code: str
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None
    entry_index: int | None = None  # 0-based index into FormResult.entries


@dataclass(frozen=True)
class LabelledValue:
    """A number a form reads from a labelled field (target, progress, budget …)."""

    label: str
    value: float
    unit: str | None  # None: the text writes no unit (ค่าเป้าหมาย : 100)
    start: int
    end: int


@dataclass
class EntryDraft:
    """One progress entry as the form reads it; dates are resolved later, in context."""

    start: int
    end: int
    text: str
    quarter: int | None = None  # from a heading or a table, when the form has one
    quarter_source: str | None = None
    report_no: int | None = None
    date_start: int | None = None  # span of the entry's own date in the joined text
    date_end: int | None = None
    progress: LabelledValue | None = None
    budget_spent: LabelledValue | None = None
    plan_status: str | None = None
    target_status: str | None = None
    score: LabelledValue | None = None
    kpi_no: int | None = None  # the KPI an entry belongs to, on pages that list several ((1), (2) …)


@dataclass
class FormResult:
    """Everything a form parser read from one document."""

    form: Form
    title: Located[str] | None = None
    code: Located[str] | None = None
    agency: Located[str] | None = None
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
    issues: list[Issue] = field(default_factory=list)


class FormParser(Protocol):
    """A report form: how to recognise it and how to read it."""

    form: Form
    labels: LabelTable  # every label of the form: detect() and parse() both read with it
    fields: tuple[FieldSpec, ...]  # the fields it declares; a required one unread is a finding

    def detect(self, text: str) -> int:
        """How many of the form's signature labels the text carries (0 = not this form)."""
        ...

    def parse(self, doc: DocText) -> FormResult:
        """Read the form's fields and entries; never raise on bad content, record an Issue."""
        ...
