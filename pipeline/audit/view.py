"""What the audit report (``audit.html``) is drawn from: plain records, no table reading.

The audit (:mod:`pipeline.audit.run`) builds an :class:`AuditView` from the output tables; the renderer
(:mod:`pipeline.audit.html`) turns it into one self-contained HTML file. Keeping the two apart lets the
report be tested on hand-made records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from schemas.records import Document, Finding, KpiHistory

#: info findings of the ingest that the report shows beside the audit's (its warnings and errors are
#: always shown): the date and layout notes an auditor asks about
SHOWN_INFO_CODES: Final = frozenset({"layout_shift", "outside_quarter", "outside_fy", "two_digit_year"})


@dataclass(frozen=True, slots=True)
class ShownFinding:
    """A finding as the report shows it."""

    finding: Finding
    snippet: str | None  # the page text around the finding's span (None: no span, or no text)
    quarter: int | None  # fiscal quarter of the finding's entry, when it has one
    fiscal_year_be: int | None  # the document's fiscal year


@dataclass(frozen=True, slots=True)
class AuditView:
    """Everything the report shows."""

    documents: list[Document]  # every document of the output (failed ones too)
    history: list[KpiHistory]  # kpi_history rows: one chart per series_id
    findings: list[ShownFinding]  # the findings worth an auditor's eye, audit stage and others
    out_dir: str  # the output folder the report describes
    generated_at: str  # when the audit ran (ISO 8601, UTC)
    counts: dict[str, int] = field(default_factory=dict)  # extra figures for the header (documents…)
