"""Parsing what was read: page inputs to every table's rows (:mod:`parsers.assemble`), and the read
problems as findings beside the parser's own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from parsers.assemble import parse_prepared, status_of
from parsers.document.pages import PreparedPage, prepare_pages
from parsers.registry import LINE_STARTERS
from pipeline.config import Config
from pipeline.read.extract import Extract
from pipeline.read.problems import ReadProblem
from pipeline.result import DocumentResult, document_row
from schemas.enums import Form, Stage, Status
from schemas.records import Document, Finding


def parse_extract(
    extract: Extract,
    config: Config,
    path: Path | None = None,
    prepared: list[PreparedPage] | None = None,
) -> DocumentResult:
    """Parse what :func:`~pipeline.read.extract.extract_file` read. ``path`` is where the file is now (a
    stored extract of a renamed file keeps the old one); ``prepared``, the pages reading prepared."""
    source = extract.source if path is None else replace(extract.source, path=path)
    findings = read_findings(extract)

    def row(
        form: Form, status: Status, fields: dict[str, object] | None = None, entries: int = 0
    ) -> Document:
        return document_row(
            doc_id=source.doc_id,
            path=source.path,
            fmt=source.source_format,
            encoding=source.encoding,
            n_pages=len(source.pages),
            form=form,
            status=status,
            findings=findings,
            fields=fields,
            n_entries=entries,
        )

    if source.failed:
        return DocumentResult(row(Form.UNKNOWN, Status.FAILED), findings=findings)
    pages = prepared if prepared is not None else prepare_pages(extract.inputs, LINE_STARTERS)
    parsed = parse_prepared(source.doc_id, pages, config.low_confidence_below)
    findings += parsed.findings
    status = status_of(findings, parsed.form, has_text=any(p.text.strip() for p in parsed.pages))
    return DocumentResult(
        row(parsed.form, status, parsed.fields, len(parsed.entries)),
        pages=parsed.pages,
        entries=parsed.entries,
        metrics=parsed.metrics,
        findings=findings,
        dates=parsed.dates,
        field_values=parsed.field_values,
        tables=parsed.tables,
        cells=parsed.cells,
        budget_items=parsed.budget_items,
    )


def read_findings(extract: Extract) -> list[Finding]:
    """The problems met reading the file, as findings of stage ``read``."""
    return [_finding(extract.source.doc_id, p) for p in extract.problems]


def _finding(doc_id: str, problem: ReadProblem) -> Finding:
    return Finding(
        doc_id=doc_id,
        stage=Stage.READ,
        severity=problem.severity,
        code=problem.code,
        message=problem.message,
        evidence=problem.evidence,
        page=None if problem.page is None else problem.page + 1,
    )
