"""The audit's checks: one stable code each, its severity, and how the finding is built.

The meaning of every code is in :data:`schemas.codes.FINDING_CODES` (listed in docs/DATA.md and
explained with examples in docs/AUDIT.md); this table adds the severity, which is fixed per code so
that a filter on severity means the same thing in every run:

* ``error``: two statements of the report contradict each other, so one of the values is wrong;
* ``warning``: a value or an entry an auditor should query (it may have an explanation);
* ``info``: worth knowing when reading the report, not a defect by itself.

Audit findings never change ``documents.status``, which says how well the file could be read.
"""

from __future__ import annotations

from typing import Final

from schemas.codes import FindingCode
from schemas.enums import Severity, Stage
from schemas.records import Finding

ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

AUDIT_SEVERITY: Final[dict[FindingCode, Severity]] = {
    # dates and periods
    FindingCode.PERIOD_MISMATCH: ERR,
    FindingCode.REPORT_BEFORE_START: WARN,
    FindingCode.REPORT_AFTER_END: WARN,
    FindingCode.CITED_YEAR_CONFLICT: ERR,
    FindingCode.DATE_AFTER_PERIOD: INFO,
    # values
    FindingCode.PROGRESS_DOWN: WARN,
    FindingCode.FINAL_MISMATCH: WARN,
    FindingCode.TARGET_SCALE: WARN,
    FindingCode.SCORE_INCONSISTENT: ERR,
    FindingCode.ARITHMETIC_MISMATCH: ERR,
    FindingCode.BUDGET_OVERSPENT: WARN,
    # copy-paste
    FindingCode.DUPLICATE_ENTRY: WARN,
    FindingCode.FROZEN_METRICS: WARN,
    # across fiscal years
    FindingCode.KPI_UNIT_CHANGED: WARN,
    FindingCode.KPI_TARGET_CHANGED: INFO,
    FindingCode.KPI_TITLE_CHANGED: INFO,
    FindingCode.KPI_MISSING_YEAR: WARN,
    FindingCode.KPI_RESULT_JUMP: WARN,
    FindingCode.KPI_SAME_YEAR: INFO,
    # budget documents' targets across years and documents
    FindingCode.BUDGET_TARGET_JUMP: WARN,
    FindingCode.BUDGET_TARGET_UNIT: WARN,
    # text
    FindingCode.TEXT_REPAIRED: INFO,
    FindingCode.TEXT_SUSPECT: WARN,
    # the audit itself
    FindingCode.AUDIT_ERROR: ERR,
}


def audit_finding(
    doc_id: str,
    code: FindingCode,
    message: str,
    *,
    evidence: str | None = None,
    entry_no: int | None = None,
    page: int | None = None,
    char_start: int | None = None,
    char_end: int | None = None,
    count: int | None = None,
) -> Finding:
    """One audit finding; its severity is the code's (:data:`AUDIT_SEVERITY`)."""
    return Finding(
        doc_id=doc_id,
        entry_no=entry_no,
        stage=Stage.AUDIT,
        severity=AUDIT_SEVERITY[code],
        code=code,
        message=message,
        evidence=evidence,
        count=count,
        page=page,
        char_start=char_start,
        char_end=char_end,
    )


def figure(value: float, unit: str | None = None) -> str:
    """A value as a finding's message writes it: thousands separated, at most two decimals, no trailing
    zeros, and its unit after it when it has one.

    >>> figure(1900.0), figure(12.5, "ร้อยละ"), figure(0.125)
    ('1,900', '12.5 ร้อยละ', '0.12')
    """
    return f"{value:,.2f}".rstrip("0").rstrip(".") + (f" {unit}" if unit else "")
