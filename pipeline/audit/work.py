"""The audit's work (:func:`audit_tables`): the per-document checks over the tables, the KPIs and
projects lined up across years, the checks between years, the new ``findings`` and ``kpi_history``
datasets and ``audit.html``. :mod:`pipeline.audit.run` decides whether there is an audit to do.
"""

from __future__ import annotations

import typing
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline.audit.checks import check_document
from pipeline.audit.history import DocSummary, build_history, check_series
from pipeline.audit.tables import DocView, documents_of
from pipeline.audit.targets import TargetRow, check_targets_across, target_rows
from pipeline.audit.view import SHOWN_INFO_CODES, AuditView, ShownFinding
from pipeline.store.parquet import replace_tables
from schemas.enums import Severity
from schemas.records import Document, Finding, KpiHistory, Record


def _summary(view: DocView, audit: list[Finding]) -> DocSummary:
    quarters: dict[int, float] = {}
    final = None
    units: Counter[str | None] = Counter(e.progress_unit for e in view.entries if e.progress_pct is not None)
    # one unit per row of kpi_history: the values of the commonest (a stray score among percentages is
    # left out, never drawn on the percentages' axis)
    unit = units.most_common(1)[0][0] if units else None
    for e in view.entries:
        if e.progress_pct is not None and e.progress_unit == unit:
            final = e.progress_pct
            if e.quarter is not None:
                quarters[e.quarter] = e.progress_pct
    serious = sum(f.severity != Severity.INFO for f in audit)
    return DocSummary(view.document, quarters, final, unit, len(view.entries), serious)


def _shown(f: Finding, view: DocView | None, fy: int | None) -> ShownFinding:
    entry = view.entry(f.entry_no) if view else None
    snippet = view.snippet(f.page, f.char_start, f.char_end) if view else None
    return ShownFinding(f, snippet, entry.quarter if entry else None, fy)


def _history_partition(row: KpiHistory) -> str:
    return f"fy{row.fiscal_year_be}.parquet" if row.fiscal_year_be is not None else "fy-unknown.parquet"


@dataclass
class Audited:
    """What :func:`audit_tables` did: documents and series audited, its findings by severity and by
    code, the report it wrote."""

    documents: int = 0
    series: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_code: Counter[str] = field(default_factory=Counter)
    html: Path | None = None
    ingest_findings: int = 0  # the findings of reading and parsing kept in the findings table
    renditions: int = 0  # documents not audited again: another rendition of a report audited


def audit_tables(out_dir: Path, parts: list[str], html: Path | None, lang: str = "th") -> Audited:
    """Audit the fiscal-year files ``parts`` of ``out_dir``, publish the tables the audit writes and
    write ``html`` (None: no report) in ``lang``. The caller holds the output folder's lock."""
    report = Audited()
    findings: dict[str, list[Record]] = {}
    part_of: dict[str, str] = {}
    summaries: list[DocSummary] = []
    documents: list[Document] = []
    shown: list[ShownFinding] = []
    targets: list[TargetRow] = []
    for part in parts:
        rows: list[Record] = []
        for view in documents_of(out_dir, part):
            d = view.document
            part_of[d.doc_id] = part
            if d.same_report_as is not None:  # another rendition of a report audited already: once
                rows += view.findings
                report.renditions += 1
                continue
            documents.append(d)
            audit = check_document(view)
            targets += target_rows(view)
            summaries.append(_summary(view, audit))
            rows += view.findings
            rows += audit
            shown += [
                _shown(f, view, d.fiscal_year_be)
                for f in [*view.findings, *audit]
                if f.stage == "audit" or f.severity != Severity.INFO or f.code in SHOWN_INFO_CODES
            ]
        findings[part] = rows
    history = build_history(summaries)
    by_series: dict[str, list[KpiHistory]] = defaultdict(list)
    for row in history:
        by_series[row.series_id].append(row)
    cross = [f for rows_ in by_series.values() for f in check_series(rows_)]
    cross += check_targets_across(targets, {d.doc_id: Path(d.source_path).name for d in documents})
    fy_of = {d.doc_id: d.fiscal_year_be for d in documents}
    extra: Counter[str] = Counter(f.doc_id for f in cross if f.severity != Severity.INFO)
    for f in cross:
        findings[part_of[f.doc_id]].append(f)
        shown.append(_shown(f, None, fy_of.get(f.doc_id)))
    history = [
        r.model_copy(update={"n_audit_findings": r.n_audit_findings + extra[r.doc_id]})
        if extra[r.doc_id]
        else r
        for r in history
    ]
    by_part: dict[str, list[Record]] = defaultdict(list)
    for row in history:
        by_part[_history_partition(row)].append(row)
    replace_tables(out_dir, {Finding: findings, KpiHistory: dict(by_part)})
    report.documents, report.series = len(documents), len(by_series)
    for row_ in (r for rows_ in findings.values() for r in rows_):
        f = typing.cast(Finding, row_)
        if f.stage == "audit":
            report.by_severity[f.severity] += 1
            report.by_code[f.code] += 1
        else:
            report.ingest_findings += 1
    if html:
        from pipeline.audit.html import write_audit_html

        generated = datetime.now(UTC).isoformat(timespec="seconds")
        view_ = AuditView(
            documents,
            history,
            shown,
            str(out_dir),
            generated,
            {
                "documents": len(documents),
                "failed documents": sum(d.status == "failed" for d in documents),
                "audit findings": sum(report.by_severity.values()),
            },
        )
        report.html = write_audit_html(view_, html, lang)
    return report
