"""``raingan audit``: consistency checks over an output folder's tables.

Reads the tables one fiscal-year file at a time, runs the per-document checks, lines the KPIs and
projects up across years (``kpi_history``) and runs the checks between years (:mod:`pipeline.audit.work`).
It then replaces ``findings.parquet`` (the ingest's findings, plus the audit's with ``stage = audit``) and
``kpi_history.parquet`` the way an ingest publishes (a complete new dataset, then a link swap), and
writes ``audit.html``. An audit of tables it has already audited with the same code does nothing, and
loads nothing of the audit's (an ingest with nothing to do ends with it): this module decides that, and
imports the audit's work, the records and pydantic only when there is an audit to do.

The audit holds the output folder's lock (:mod:`pipeline.store.lock`) from reading the tables to
publishing its own: an ingest must not swap the tables under it, nor delete the datasets it reads. A
table link that leads outside ``OUT/.raingan/runs`` is refused before anything is read or written.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from rich.console import Console

from pipeline.errors import NoInputError
from pipeline.store.lock import hold_output
from pipeline.store.names import DOCUMENTS, EMPTY
from pipeline.store.parquet import check_table_links
from pipeline.store.state import RunState
from pipeline.store.versions import audit_code
from schemas.enums import Severity

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
    #: findings of reading and parsing the findings table holds beside the audit's
    ingest_findings: int = 0
    #: documents not audited again: another rendition of a report audited (documents.same_report_as)
    renditions: int = 0
    seconds: float = 0.0
    skipped: bool = False  # the tables were audited already with this code
    lock_notice: str | None = None  # a stale lock of the output folder was taken over (see its notice)


def partitions(out_dir: Path) -> list[str]:
    """The fiscal-year files of the output (``fy2566.parquet`` …), from the documents dataset."""
    folder = out_dir / f"{DOCUMENTS}.parquet"
    if not folder.is_dir():
        raise NoInputError(
            f"no tables in {out_dir}", f"run `raingan ingest ... --out {out_dir}` first, then audit it"
        )
    return sorted(p.name for p in folder.glob("*.parquet") if p.name != EMPTY)


def _audit_key(out_dir: Path, lang: str) -> str:
    documents = os.path.realpath(out_dir / f"{DOCUMENTS}.parquet")
    return hashlib.sha256(f"{audit_code()}|{documents}|{lang}".encode()).hexdigest()[:24]


#: the run state's note of the language audit.html was last written in
_LANG_KEY = "audit_lang"


def audit_output(
    out_dir: Path, *, html: bool = True, force: bool = False, lang: str | None = None
) -> AuditReport:
    """Audit the tables of ``out_dir`` (see the module's notes), ``audit.html`` in ``lang`` (``th`` or
    ``en``; None: the language it was last written in, else Thai). Raises
    :class:`~pipeline.errors.OutputInUseError` when another run works on ``out_dir``, and
    :class:`~pipeline.errors.OutsideOutputError` for a table link that leads outside it."""
    partitions(out_dir)  # first: without tables nothing is written, not even the lock or the run state
    with hold_output(out_dir) as lease:
        report = _audit(out_dir, html=html, force=force, lang=lang)
    report.lock_notice = lease.notice
    return report


def _audit(out_dir: Path, *, html: bool, force: bool, lang: str | None) -> AuditReport:
    started = time.perf_counter()
    report = AuditReport(out_dir)
    check_table_links(out_dir)
    parts = partitions(out_dir)  # again, under the lock: another run may have published since
    with RunState(out_dir) as state:
        lang = lang or state.get_meta(_LANG_KEY) or "th"
        key = _audit_key(out_dir, lang)
        if not force and state.get_meta(_META_KEY) == key and (not html or (out_dir / HTML_NAME).exists()):
            stored = state.get_meta(_META_KEY + "_summary")
            if stored:
                report = _from_json(out_dir, stored)
                report.skipped = True
                report.seconds = time.perf_counter() - started
                return report
        from pipeline.audit.work import audit_tables  # the checks, the records: only for an audit to do

        done = audit_tables(out_dir, parts, out_dir / HTML_NAME if html else None, lang)
        report.documents, report.series, report.html = done.documents, done.series, done.html
        report.by_severity, report.by_code = done.by_severity, done.by_code
        report.ingest_findings, report.renditions = done.ingest_findings, done.renditions
        state.set_meta(_META_KEY, _audit_key(out_dir, lang))
        state.set_meta(_LANG_KEY, lang)
        state.set_meta(_META_KEY + "_summary", _to_json(report))
    report.seconds = time.perf_counter() - started
    return report


def _to_json(report: AuditReport) -> str:
    return json.dumps(
        {
            "documents": report.documents,
            "series": report.series,
            "by_severity": dict(report.by_severity),
            "by_code": dict(report.by_code),
            "html": str(report.html) if report.html else None,
            "ingest_findings": report.ingest_findings,
            "renditions": report.renditions,
        },
        ensure_ascii=False,
    )


def _from_json(out_dir: Path, text_: str) -> AuditReport:
    data = json.loads(text_)
    return AuditReport(
        out_dir,
        data["documents"],
        data["series"],
        Counter(data["by_severity"]),
        Counter(data["by_code"]),
        Path(data["html"]) if data["html"] else None,
        int(data.get("ingest_findings", 0)),
        int(data.get("renditions", 0)),
    )


def print_audit(console: Console, report: AuditReport) -> None:
    """The audit's closing lines: findings by severity, the commonest codes, where audit.html is."""
    found = sum(report.by_severity.values())
    line = (
        f"audit: {found} findings ("
        + ", ".join(f"{report.by_severity.get(s.value, 0)} {s.value}" for s in Severity)
        + f") over {report.documents} documents and {report.series} KPI/project series"
    )
    if report.renditions:
        line += f" ({report.renditions} more documents are another rendition of one of them: audited once)"
    line += (
        f"; the findings table holds {found + report.ingest_findings}: these and the "
        f"{report.ingest_findings} of reading and parsing"
    )
    if report.skipped:
        line += "; the tables were audited already"
    console.print(line, soft_wrap=True, markup=False)
    worst = [c for c, _ in report.by_code.most_common()]
    if worst:
        console.print("  " + ", ".join(f"{code} {report.by_code[code]}" for code in worst), soft_wrap=True)
    if report.html is not None:
        console.print(f"audit report: {report.html}", soft_wrap=True, markup=False)
