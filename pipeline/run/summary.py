"""What a run did and what its tables hold (:class:`RunReport`, :class:`Summary`), and the closing summary
of ``raingan ingest`` printed from them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.paths import path_text
from schemas.enums import Severity, Status

if TYPE_CHECKING:
    from pipeline.result import DocumentResult
    from schemas.records import Finding

#: the findings of pages whose text layer was judged (:mod:`parsers.text.layercheck`), and what they mean
LAYER_CODES = {
    "text_layer_unusable": "the text layer lied",
    "text_layer_partial": "the text layer holds only a header over a scanned body",
}


def layer_notes(findings: Sequence[Finding]) -> list[str]:
    """One line per kind of judged text layer in a document's findings: which pages, and whether OCR
    read them (``pages 1, 2, 3: the text layer lied; read by OCR``)."""
    notes = []
    for code, meaning in LAYER_CODES.items():
        for read in (True, False):
            pages = [
                f.page
                for f in findings
                if f.code == code and f.page is not None and (f.severity is Severity.INFO) == read
            ]
            if pages:
                done = "read by OCR" if read else "not read by OCR (see the finding)"
                listed = ", ".join(map(str, pages))
                notes.append(f"{'page' if len(pages) == 1 else 'pages'} {listed}: {meaning}; {done}")
    return notes


@dataclass
class Summary:
    """What the written tables hold, for the closing summary (kept in the run state with the output)."""

    documents: int = 0
    by_form_status: dict[str, dict[str, int]] = field(default_factory=dict)
    entries_by_form: dict[str, int] = field(default_factory=dict)
    severities: dict[str, int] = field(default_factory=dict)
    metrics: int = 0
    tables: int = 0
    cells: int = 0
    budget_items: int = 0
    pages: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # path, reason
    #: files with pages whose text layer was not used or not enough (:func:`pipeline.use.show.layer_notes`)
    layer_notes: list[tuple[str, str]] = field(default_factory=list)  # path, what happened
    #: documents that are another rendition of a report counted already (documents.same_report_as): not
    #: in the counts by form, entries, metrics, tables and budget items
    renditions: int = 0

    @classmethod
    def from_json(cls, text: str) -> Summary:
        fields = json.loads(text)
        fields["failures"] = [(path, reason) for path, reason in fields["failures"]]
        fields["layer_notes"] = [(path, note) for path, note in fields.get("layer_notes", [])]
        return cls(**fields)

    def add(self, result: DocumentResult) -> None:
        doc = result.document
        self.documents += 1
        self.pages += doc.n_pages
        for finding in result.findings:
            self.severities[finding.severity.value] = self.severities.get(finding.severity.value, 0) + 1
        if doc.same_report_as is not None:
            self.renditions += 1
        else:
            form = self.by_form_status.setdefault(doc.form.value, {})
            form[doc.status.value] = form.get(doc.status.value, 0) + 1
            self.entries_by_form[doc.form.value] = self.entries_by_form.get(doc.form.value, 0) + len(
                result.entries
            )
            self.metrics += len(result.metrics)
            self.tables += len(result.tables)
            self.cells += len(result.cells)
            self.budget_items += len(result.budget_items)
        self.layer_notes += [(doc.source_path, note) for note in layer_notes(result.findings)]
        if doc.status is Status.FAILED:
            errors = [f.message for f in result.findings if f.severity is Severity.ERROR]
            # a repeat of failed bytes carries only its duplicate_content note, which says where to look
            reason = errors[0] if errors else next((f.message for f in result.findings), "unknown cause")
            self.failures.append((doc.source_path, reason))


@dataclass
class RunReport:
    """What a run did: the work, its speed, and what the written tables hold."""

    summary: Summary
    files: int = 0
    reused: int = 0  # documents whose stored result was used
    reparsed: int = 0  # parsed again from a stored extract (new parser version)
    read: int = 0  # read (and OCR'd where needed) and parsed
    pages_worked: int = 0
    ocr_pages: int = 0
    ocr_cached: int = 0
    work_s: float = 0.0
    seconds: float = 0.0
    written: bool = False  # False: the output already held exactly this
    out_dir: Path = Path()
    log: Path = Path()
    notices: list[str] = field(default_factory=list)  # about the run as a whole (the run state's)
    #: files in the given folders of a type raingan does not read (they have no documents row)
    not_read: list[str] = field(default_factory=list)
    lock_notice: str | None = None  # a stale lock of the output folder was taken over (see its notice)


#: files not read named in the summary (the run log names every one)
NOT_READ_SHOWN = 10


def print_summary(console: Console, report: RunReport) -> None:
    """What a run did: documents by form and status, findings, the work and its speed, OCR, the pages
    whose text layer was not used, the files that failed, and where the log is."""
    summary = report.summary
    table = Table(
        title=f"raingan: {summary.documents} documents in {report.seconds:.2f} s → "
        f"{escape(path_text(report.out_dir))}"
    )
    table.add_column("form")
    for status in Status:
        table.add_column(status.value, justify="right")
    table.add_column("entries", justify="right")
    for form in sorted(summary.by_form_status):
        counts = summary.by_form_status[form]
        table.add_row(
            form, *(str(counts.get(s.value, 0)) for s in Status), str(summary.entries_by_form.get(form, 0))
        )
    console.print(table)
    if summary.renditions:
        console.print(
            f"renditions: {summary.renditions} more documents are the same report as one above in another "
            "format (documents.same_report_as names it): not counted again by form, entries or metrics",
            soft_wrap=True,
        )
    console.print(
        "findings of reading and parsing: "
        + ", ".join(f"{summary.severities.get(s.value, 0)} {s.value}" for s in Severity)
        + f"; metrics: {summary.metrics}; tables: {summary.tables} ({summary.cells} cells); "
        f"budget items: {summary.budget_items}"
    )
    if report.not_read:
        kinds = Counter(Path(p).suffix.lower() or "(no suffix)" for p in report.not_read)
        named = ", ".join(escape(p) for p in report.not_read[:NOT_READ_SHOWN])
        more = len(report.not_read) - NOT_READ_SHOWN
        console.print(
            f"[yellow]not read[/yellow] {len(report.not_read)} files of a type raingan does not read ("
            + ", ".join(f"{k} ×{n}" for k, n in kinds.most_common())
            + f"): {named}"
            + (f" … and {more} more, all named in the run log" if more > 0 else ""),
            soft_wrap=True,
        )
    work = (
        f"work: {report.read} read, {report.reparsed} re-parsed, {report.reused} unchanged "
        f"(of {report.files} files)"
    )
    if report.work_s:
        work += f"; {report.pages_worked} pages at {report.pages_worked / report.work_s:.1f} pages/s"
    if not report.written:
        work += "; the tables were already up to date"
    console.print(work)
    for notice in report.notices:
        console.print(f"[yellow]note[/yellow] {escape(notice)}")
    if report.ocr_pages or report.ocr_cached:
        console.print(f"OCR: {report.ocr_pages} pages recognised, {report.ocr_cached} from the cache")
    for path, note in summary.layer_notes:
        console.print(f"[yellow]text layer not used[/yellow] {escape(path)}: {escape(note)}")
    for path, reason in summary.failures:
        console.print(f"[red]failed[/red] {escape(path)}: {escape(reason)}")
    console.print(f"log: {escape(path_text(report.log))}")
