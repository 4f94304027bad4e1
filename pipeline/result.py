"""One document's result: every row it gives each table, its status and every problem met on the way.

The reader's problems, the repairs of normalisation and the parser's findings all arrive here as
``findings`` rows; the result goes from the worker that made it to the run state and the Parquet
store unchanged. It is the one type every stage after reading hands on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from parsers.rows import PARSER_VERSION, DocumentRows
from parsers.thai.lexicon import THAI_TO_ARABIC
from pipeline.paths import path_text
from schemas.codes import FindingCode
from schemas.enums import Form, Severity, SourceFormat, Stage, Status
from schemas.records import (
    BudgetItem,
    Cell,
    DateMention,
    Document,
    Entry,
    FieldValue,
    Finding,
    Metric,
    PageText,
    Record,
    Table,
)


@dataclass
class DocumentResult(DocumentRows):
    """The rows one input file contributes to each table: its documents row and the rest."""

    document: Document

    @property
    def status(self) -> Status:
        return self.document.status

    def with_path(self, path: Path) -> DocumentResult:
        """The same rows for the same bytes found at ``path`` (a renamed or moved file)."""
        if self.document.source_path == path_text(path):
            return self
        return replace(self, document=self.document.model_copy(update={"source_path": path_text(path)}))

    def with_findings(self, findings: Sequence[Finding]) -> DocumentResult:
        """The same rows and ``findings`` more, counted in the documents row. They are warnings and
        notes about the run's work on the file (its status is not changed), not errors of the file."""
        if not findings:
            return self
        assert all(f.severity is not Severity.ERROR for f in findings), "an error changes the status"
        document = self.document.model_copy(update={"n_findings": self.document.n_findings + len(findings)})
        return replace(self, document=document, findings=[*self.findings, *findings])

    def rows(self) -> dict[type[Record], list[Record]]:
        return {
            Document: [self.document],
            PageText: list(self.pages),
            Entry: list(self.entries),
            Metric: list(self.metrics),
            Finding: list(self.findings),
            DateMention: list(self.dates),
            FieldValue: list(self.field_values),
            Table: list(self.tables),
            Cell: list(self.cells),
            BudgetItem: list(self.budget_items),
        }


def document_row(
    *,
    doc_id: str,
    path: Path,
    fmt: SourceFormat,
    encoding: str | None,
    n_pages: int,
    form: Form,
    status: Status,
    findings: list[Finding],
    fields: dict[str, object] | None = None,
    n_entries: int = 0,
) -> Document:
    """The documents row: the file's facts, what parsing found, and how many rows hang from it."""
    return Document.model_validate(
        {
            **(fields or {}),
            "doc_id": doc_id,
            "source_path": path_text(path),
            "source_format": fmt,
            "form": form,
            "status": status,
            "encoding": encoding,
            "n_pages": n_pages,
            "n_entries": n_entries,
            "n_findings": len(findings),
            "parser_version": PARSER_VERSION,
        }
    )


def failed_result(
    path: Path,
    sha256: str,
    fmt: SourceFormat,
    code: FindingCode,
    message: str,
    evidence: str | None = None,
    stage: Stage = Stage.READ,
    earlier: tuple[Finding, ...] = (),
) -> DocumentResult:
    """The documents row of a file whose work failed (its worker died, it ran out of time or memory,
    a step stopped on a bug), with the findings met before and the one that says why."""
    finding = Finding(
        doc_id=sha256, stage=stage, severity=Severity.ERROR, code=code, message=message, evidence=evidence
    )
    findings = [*earlier, finding]
    row = document_row(
        doc_id=sha256,
        path=path,
        fmt=fmt,
        encoding=None,
        n_pages=0,
        form=Form.UNKNOWN,
        status=Status.FAILED,
        findings=findings,
    )
    return DocumentResult(row, findings=findings)


def report_key(result: DocumentResult) -> str | None:
    """What makes two documents the same report whatever their format: the form, code, title (its spaces
    aside: a PDF's text layer and an OCR'd page space Thai differently), fiscal year, the document's
    values and every entry's quarter, number, date and progress. A report without a code or a title is
    known by those and the digits of every entry's text (monthly entries with their dates alone are alike
    in every report of an agency's year). None for a document that says too little to be recognised:
    failed, of no known form, or with neither a code, a title, a result nor an entry."""
    doc = result.document
    if doc.status is Status.FAILED or doc.form is Form.UNKNOWN:
        return None
    named = bool(doc.code or doc.title)
    if not (named or result.entries or doc.achieved_value is not None):
        return None
    title = "".join((doc.title or "").split())
    values = (doc.target_value, doc.achieved_value, doc.start_date, doc.end_date, doc.budget_thb)
    entries = [
        (
            e.quarter,
            e.report_no,
            e.kpi_no,
            e.report_date,
            e.progress_pct,
            "" if named else _digits(e.text),
        )
        for e in result.entries
    ]
    said = repr((doc.form.value, doc.code, title, doc.fiscal_year_be, values, entries))
    return hashlib.sha256(said.encode("utf-8", "surrogatepass")).hexdigest()


_NOT_DIGITS: Final = re.compile(r"[^0-9]+")


def _digits(text: str) -> str:
    """The digits of ``text`` in order, Thai digits as Arabic."""
    return _NOT_DIGITS.sub("", text.translate(THAI_TO_ARABIC))


class Renditions:
    """The documents of a run that are the same report as an earlier one (:func:`report_key`), in input
    order: each later rendition's documents row names the first in ``same_report_as``. Its other rows
    stay (they are what was read from that file); the audit and the run summary count the report once."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def link(self, result: DocumentResult) -> DocumentResult:
        key = report_key(result)
        if key is None:
            return result
        doc = result.document
        first = self._first.setdefault(key, doc.doc_id)
        if first == doc.doc_id or doc.same_report_as == first:
            return result
        return replace(result, document=doc.model_copy(update={"same_report_as": first}))


def once_per_content(result: DocumentResult, first_path: dict[str, str]) -> DocumentResult:
    """The rows of a file in a run that remembers, in ``first_path``, where each content was first seen:
    a repeat of earlier bytes keeps its documents row (with a note) but no child rows, so that joins on
    ``doc_id`` stay one-to-many."""
    doc = result.document
    first = first_path.setdefault(doc.doc_id, doc.source_path)
    if first == doc.source_path:
        return result
    note = Finding(
        doc_id=doc.doc_id,
        stage=Stage.READ,
        severity=Severity.INFO,
        code=FindingCode.DUPLICATE_CONTENT,
        message=f"same bytes as {first}; its rows are not repeated",
    )
    return DocumentResult(doc.model_copy(update={"n_entries": 0, "n_findings": 1}), findings=[note])
