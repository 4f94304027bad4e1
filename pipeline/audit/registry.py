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

from schemas.enums import Severity, Stage
from schemas.records import Finding

ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

AUDIT_SEVERITY: Final[dict[str, Severity]] = {
    # dates and periods
    "period_mismatch": ERR,
    "report_before_start": WARN,
    "report_after_end": WARN,
    "cited_year_conflict": ERR,
    "date_after_period": INFO,
    # values
    "progress_down": WARN,
    "final_mismatch": WARN,
    "target_scale": WARN,
    "score_inconsistent": ERR,
    "arithmetic_mismatch": ERR,
    "budget_overspent": WARN,
    # copy-paste
    "duplicate_entry": WARN,
    "frozen_metrics": WARN,
    # across fiscal years
    "kpi_unit_changed": WARN,
    "kpi_target_changed": INFO,
    "kpi_title_changed": INFO,
    "kpi_missing_year": WARN,
    "kpi_result_jump": WARN,
    "kpi_same_year": INFO,
    # text
    "text_repaired": INFO,
    "text_suspect": WARN,
    # the audit itself
    "audit_error": ERR,
}


def audit_finding(
    doc_id: str,
    code: str,
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
