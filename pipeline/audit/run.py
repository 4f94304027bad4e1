"""``raingan audit``: consistency checks over an output folder's tables.

Reads the tables one fiscal-year file at a time, runs the per-document checks, lines the KPIs and
projects up across years (``kpi_history``) and runs the checks between years. It then replaces
``findings.parquet`` (the ingest's findings, plus the audit's with ``stage = audit``) and
``kpi_history.parquet`` the way an ingest publishes (a complete new dataset, then a link swap), and
writes ``audit.html``. An audit of tables it has already audited with the same code does nothing.

The audit holds the output folder's lock (:mod:`pipeline.store.lock`) from reading the tables to
publishing its own: an ingest must not swap the tables under it, nor delete the datasets it reads. A
table link that leads outside ``OUT/.raingan/runs`` is refused before anything is read or written.
"""

from __future__ import annotations

import hashlib
import os
import time
import traceback
import typing
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from rich.console import Console

from pipeline.audit import copies, periods, text, values
from pipeline.audit.history import DocSummary, build_history, check_series
from pipeline.audit.registry import audit_finding
from pipeline.audit.tables import DocView, documents_of, partitions
from pipeline.audit.view import AuditView, ShownFinding
from pipeline.store.lock import hold_output
from pipeline.store.parquet import check_table_links, replace_tables
from pipeline.store.state import RunState
from pipeline.store.versions import audit_code
from schemas.codes import FindingCode
from schemas.enums import Severity
from schemas.records import Document, Finding, KpiHistory, Record

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
    copies.check_duplicates,
    copies.check_frozen,
    text.check_repairs,
    text.check_suspect,
)
#: info findings of the ingest that the report shows beside the audit's (its warnings and errors are
#: always shown): the date and layout notes an auditor asks about
SHOWN_INFO_CODES: Final = frozenset({"layout_shift", "outside_quarter", "outside_fy", "two_digit_year"})
HTML_NAME: Final = "audit.html"
_META_KEY: Final = "audit"


@dataclass
class AuditReport:
    """What an audit did, for the command's summary."""

    out_dir: Path
    documents: int = 0
    series: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)  # audit findings
    by_code: Counter[str] = field(default_factory=Counter)
    html: Path | None = None
    seconds: float = 0.0
    skipped: bool = False  # the tables were audited already with this code
    lock_notice: str | None = None  # a stale lock of the output folder was taken over (see its notice)


def _run(check: Check, doc: DocView) -> list[Finding]:
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


def _summary(view: DocView, audit: list[Finding]) -> DocSummary:
    quarters: dict[int, float] = {}
    final = None
    for e in view.entries:
        if e.progress_pct is not None:
            final = e.progress_pct
            if e.quarter is not None:
                quarters[e.quarter] = e.progress_pct
    serious = sum(f.severity != Severity.INFO for f in audit)
    return DocSummary(view.document, quarters, final, len(view.entries), serious)


def _shown(f: Finding, view: DocView | None, fy: int | None) -> ShownFinding:
    entry = view.entry(f.entry_no) if view else None
    snippet = view.snippet(f.page, f.char_start, f.char_end) if view else None
    return ShownFinding(f, snippet, entry.quarter if entry else None, fy)


def _audit_key(out_dir: Path) -> str:
    documents = os.path.realpath(out_dir / f"{Document.table}.parquet")
    return hashlib.sha256(f"{audit_code()}|{documents}".encode()).hexdigest()[:24]


def _history_partition(row: KpiHistory) -> str:
    return f"fy{row.fiscal_year_be}.parquet" if row.fiscal_year_be is not None else "fy-unknown.parquet"


def audit_output(out_dir: Path, *, html: bool = True, force: bool = False) -> AuditReport:
    """Audit the tables of ``out_dir`` (see the module's notes). Raises
    :class:`~pipeline.errors.OutputInUseError` when another run works on ``out_dir``, and
    :class:`~pipeline.errors.OutsideOutputError` for a table link that leads outside it."""
    partitions(out_dir)  # first: without tables nothing is written, not even the lock or the run state
    with hold_output(out_dir) as lease:
        report = _audit(out_dir, html=html, force=force)
    report.lock_notice = lease.notice
    return report


def _audit(out_dir: Path, *, html: bool, force: bool) -> AuditReport:
    started = time.perf_counter()
    report = AuditReport(out_dir)
    check_table_links(out_dir)
    parts = partitions(out_dir)  # again, under the lock: another run may have published since
    key = _audit_key(out_dir)
    with RunState(out_dir) as state:
        if not force and state.get_meta(_META_KEY) == key and (not html or (out_dir / HTML_NAME).exists()):
            stored = state.get_meta(_META_KEY + "_summary")
            if stored:
                report = _from_json(out_dir, stored)
                report.skipped = True
                report.seconds = time.perf_counter() - started
                return report
        findings: dict[str, list[Record]] = {}
        part_of: dict[str, str] = {}
        summaries: list[DocSummary] = []
        documents: list[Document] = []
        shown: list[ShownFinding] = []
        for part in parts:
            rows: list[Record] = []
            for view in documents_of(out_dir, part):
                d = view.document
                documents.append(d)
                part_of[d.doc_id] = part
                audit = [f for check in DOC_CHECKS for f in _run(check, view)]
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
            report.html = write_audit_html(view_, out_dir / HTML_NAME)
        state.set_meta(_META_KEY, _audit_key(out_dir))
        state.set_meta(_META_KEY + "_summary", _to_json(report))
    report.seconds = time.perf_counter() - started
    return report


def _to_json(report: AuditReport) -> str:
    import json

    return json.dumps(
        {
            "documents": report.documents,
            "series": report.series,
            "by_severity": dict(report.by_severity),
            "by_code": dict(report.by_code),
            "html": str(report.html) if report.html else None,
        },
        ensure_ascii=False,
    )


def _from_json(out_dir: Path, text_: str) -> AuditReport:
    import json

    data = json.loads(text_)
    return AuditReport(
        out_dir,
        data["documents"],
        data["series"],
        Counter(data["by_severity"]),
        Counter(data["by_code"]),
        Path(data["html"]) if data["html"] else None,
    )


def print_audit(console: Console, report: AuditReport) -> None:
    """The audit's closing lines: findings by severity, the commonest codes, where audit.html is."""
    found = sum(report.by_severity.values())
    line = (
        f"audit: {found} findings ("
        + ", ".join(f"{report.by_severity.get(s.value, 0)} {s.value}" for s in Severity)
        + f") over {report.documents} documents and {report.series} KPI/project series"
    )
    if report.skipped:
        line += "; the tables were audited already"
    console.print(line, soft_wrap=True, markup=False)
    worst = [c for c, _ in report.by_code.most_common()]
    if worst:
        console.print("  " + ", ".join(f"{code} {report.by_code[code]}" for code in worst), soft_wrap=True)
    if report.html is not None:
        console.print(f"audit report: {report.html}", soft_wrap=True, markup=False)
