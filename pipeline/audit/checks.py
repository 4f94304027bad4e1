"""The audit's per-document checks (:data:`DOC_CHECKS`), run on one document's rows: by the audit over
the tables (:mod:`pipeline.audit.work`) and by ``raingan show`` on the one file it reads
(:func:`audit_document`). The checks between fiscal years need the archive: they are the audit's alone.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pipeline.audit import copies, periods, targets, text, values
from pipeline.audit.registry import audit_finding
from pipeline.audit.tables import DocView
from schemas.codes import FindingCode
from schemas.enums import Stage
from schemas.records import Finding

if TYPE_CHECKING:
    from pipeline.result import DocumentResult

Check = Callable[[DocView], Iterable[Finding]]

#: the per-document checks, in the order their findings are listed
DOC_CHECKS: Final[tuple[Check, ...]] = (
    periods.check_period,
    periods.check_reports_in_project,
    periods.check_cited_years,
    periods.check_later_events,
    values.check_progress_down,
    values.check_final_result,
    values.check_target_scale,
    values.check_scores,
    values.check_arithmetic,
    values.check_budget,
    targets.check_target_rows,
    copies.check_duplicates,
    copies.check_frozen,
    text.check_repairs,
    text.check_suspect,
)


def run_check(check: Check, doc: DocView) -> list[Finding]:
    """The findings of one check on one document; a check that stops on a bug gives an
    ``audit_error`` finding instead, and the other checks still run."""
    try:
        return list(check(doc))
    except Exception as exc:  # a bug in one check must not lose the others' findings
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [
            audit_finding(
                doc.doc_id,
                FindingCode.AUDIT_ERROR,
                f"the check {check.__name__} stopped on this document (a bug: please report it): "
                f"{type(exc).__name__}: {exc}",
                evidence=f"{Path(where.filename).name}:{where.lineno}",
            )
        ]


def check_document(view: DocView) -> list[Finding]:
    """Every per-document check's findings on ``view``, in :data:`DOC_CHECKS` order."""
    return [f for check in DOC_CHECKS for f in run_check(check, view)]


def document_view(result: DocumentResult) -> DocView:
    """One document's result as the audit sees the tables' rows of it."""
    return DocView(
        result.document,
        entries=list(result.entries),
        metrics=list(result.metrics),
        dates=list(result.dates),
        fields=list(result.field_values),
        findings=[f for f in result.findings if f.stage != Stage.AUDIT],
        pages={p.page: p.text for p in result.pages},
        page_quality={p.page: p.quality for p in result.pages},
    )


def audit_document(result: DocumentResult) -> list[Finding]:
    """The per-document audit of one result, as ``raingan audit`` would find it in the tables."""
    return check_document(document_view(result))
