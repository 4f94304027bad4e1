"""``raingan show``: one document's record, every value next to the text it was read from."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.config import Config
from pipeline.result import DocumentResult
from pipeline.run.summary import layer_notes
from pipeline.run.worker import ingest_file
from schemas.records import PageText


def snippet(
    pages: list[PageText], page: int | None, start: int | None, end: int | None, context: int = 25
) -> str:
    """The value in its context, the value itself in brackets: ``…สมาชิก จำนวน [652 คน] มีโพสต์…``."""
    if page is None or start is None or end is None or not 0 < page <= len(pages):
        return ""
    text = pages[page - 1].text
    before = text[max(0, start - context) : start].replace("\n", " ⏎ ")
    after = text[end : end + context].replace("\n", " ⏎ ")
    return f"…{before}[{text[start:end]}]{after}…"


def _number(value: float) -> str:
    return format(value, ",.10g")


def show_document(path: Path, config: Config, console: Console) -> DocumentResult:
    result = ingest_file(path, config)
    doc = result.document
    console.print(
        f"[bold]{escape(doc.source_path)}[/bold]  form={doc.form.value}  status={doc.status.value}  "
        f"doc_id={doc.doc_id[:12]}…"
    )
    for note in layer_notes(result.findings):
        console.print(f"[yellow]{escape(note)}[/yellow]")
    fields = Table(title="document fields", show_lines=False)
    for col in ("field", "value", "page", "source"):
        fields.add_column(col)
    provenance = {f.field: f for f in result.field_values}
    for name in (
        "title",
        "code",
        "agency",
        "fiscal_year_be",
        "fiscal_year_source",
        "target_value",
        "target_unit",
        "achieved_value",
        "achieved_unit",
        "start_date",
        "end_date",
        "budget_thb",
        "budget_spent_thb",
    ):
        value = getattr(doc, name)
        if value is None:
            continue
        p = provenance.get(name)
        fields.add_row(
            name,
            escape(str(value)),
            str(p.page) if p else "",
            escape(snippet(result.pages, p.page, p.char_start, p.char_end)) if p else "",
        )
    console.print(fields)
    entries = Table(title=f"entries ({len(result.entries)})")
    for col in ("no", "quarter", "report", "date", "as written", "flags", "progress %", "text"):
        entries.add_column(col)
    for e in result.entries:
        entries.add_row(
            str(e.entry_no),
            str(e.quarter or ""),
            str(e.report_no or ""),
            str(e.report_date or ""),
            escape(e.report_date_raw or ""),
            ",".join(e.date_flags),
            "" if e.progress_pct is None else _number(e.progress_pct),
            escape(e.text[:60].replace("\n", " ")),
        )
    console.print(entries)
    metrics = Table(title=f"metrics ({len(result.metrics)})")
    for col in ("entry", "label", "value", "unit", "source"):
        metrics.add_column(col)
    for m in result.metrics:
        metrics.add_row(
            str(m.entry_no or ""),
            escape(m.label[:30]),
            _number(m.value),
            escape(m.unit or ""),
            escape(snippet(result.pages, m.page, m.char_start, m.char_end)),
        )
    console.print(metrics)
    findings = Table(title=f"findings ({len(result.findings)})")
    for col in ("severity", "code", "entry", "message", "evidence"):
        findings.add_column(col)
    for f in result.findings:
        findings.add_row(
            f.severity.value,
            f.code,
            str(f.entry_no or ""),
            escape(f.message),
            escape(snippet(result.pages, f.page, f.char_start, f.char_end) or (f.evidence or "")),
        )
    console.print(findings)
    return result
