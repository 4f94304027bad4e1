"""The closing summary of ``raingan ingest``, printed from the run's report."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.run.archive import RunReport
from schemas.enums import Severity, Status


def print_summary(console: Console, report: RunReport, skipped: int) -> None:
    """What a run did: documents by form and status, findings, the work and its speed, OCR, the pages
    whose text layer was not used, the files that failed, and where the log is."""
    summary = report.summary
    table = Table(
        title=f"raingan: {summary.documents} documents in {report.seconds:.2f} s → {report.out_dir}"
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
    console.print(
        "findings: "
        + ", ".join(f"{summary.severities.get(s.value, 0)} {s.value}" for s in Severity)
        + f"; metrics: {summary.metrics}"
        + (f"; {skipped} other files in the folders were not read" if skipped else "")
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
    if report.ocr_pages or report.ocr_cached:
        console.print(f"OCR: {report.ocr_pages} pages recognised, {report.ocr_cached} from the cache")
    for path, note in summary.layer_notes:
        console.print(f"[yellow]text layer not used[/yellow] {escape(path)}: {escape(note)}")
    for path, reason in summary.failures:
        console.print(f"[red]failed[/red] {path}: {reason}")
    console.print(f"log: {report.log}")
