"""From raw page texts to records: normalise, detect the form, parse, resolve in context, find tables.

This is the one place where the work common to every form is put together: the pages prepared, the form
detected and read (the generic reading when none matches), what it read resolved against the whole
document (:mod:`parsers.resolve`: fiscal year, dates in context, quarters, metrics, findings and
provenance) and the document's tables. Pure: text in, records out.
"""

from __future__ import annotations

from collections.abc import Sequence

from parsers.document.doctext import DocText
from parsers.document.inputs import PageInput
from parsers.document.pages import PreparedPage, prepare_pages
from parsers.doubt import LOW_CONFIDENCE_BELOW
from parsers.findings import FindingBuilder
from parsers.forms.issue import Issue
from parsers.registry import FORMS, GENERIC, LINE_STARTERS
from parsers.resolve import ParsedDocument, Resolver
from parsers.tables.find import find_tables
from parsers.tables.records import table_rows
from parsers.tables.source import source_tables
from schemas.codes import FindingCode
from schemas.enums import Form, Severity, Status, TextSource
from schemas.records import Finding, PageText


def status_of(findings: Sequence[Finding], form: Form, has_text: bool) -> Status:
    """failed: no text; partial: an error finding, or text no form could read; ok otherwise."""
    if not has_text:
        return Status.FAILED
    if form is Form.UNKNOWN or any(f.severity is Severity.ERROR for f in findings):
        return Status.PARTIAL
    return Status.OK


def parse_document(
    doc_id: str, raw_pages: Sequence[str], source: TextSource = TextSource.PLAIN
) -> ParsedDocument:
    """Parse the raw page texts of one document, all from the same ``source``.

    >>> parsed = parse_document("x", ["5. เป้าหมาย : 100 (ร้อยละ)"])
    >>> parsed.form.value
    'unknown'
    """
    pages = prepare_pages([PageInput(raw, source) for raw in raw_pages], LINE_STARTERS)
    return parse_prepared(doc_id, pages)


def parse_prepared(
    doc_id: str, pages: Sequence[PreparedPage], low_confidence_below: float = LOW_CONFIDENCE_BELOW
) -> ParsedDocument:
    """Parse a document whose pages were prepared (:func:`parsers.document.pages.prepare_pages`); each page
    may come from another source (a PDF with some pages OCR'd)."""
    normalized = [p.normalized for p in pages]
    doc = DocText(
        normalized,
        [p.confidence_of if p.words else None for p in pages],
        [p.lines for p in pages],
        [p.rules for p in pages],
    )
    out = ParsedDocument(doc_id, Form.UNKNOWN)
    out.pages = [
        PageText(
            doc_id=doc_id,
            page=i + 1,
            text_raw=p.normalized.raw,
            text=p.normalized.text,
            text_source=p.source,
            quality=p.quality,
            ocr_confidence=p.confidence,
            layer_raw=p.layer,
        )
        for i, p in enumerate(pages)
    ]
    findings = FindingBuilder(doc_id, doc)
    for i, page in enumerate(normalized):
        for repair in page.repairs:
            findings.repair(i + 1, repair)
    parser, scores = FORMS.detect(doc.text)
    if parser is None:
        result = GENERIC.parse(doc)
        if doc.text.strip():
            score_text = ", ".join(f"{form.value} {n}" for form, n in scores.items())
            result.issues.append(
                Issue(
                    FindingCode.UNKNOWN_FORM,
                    Severity.WARNING,
                    f"the text matches none of the known report forms (labels found: {score_text}); "
                    "its text is kept in pages.parquet",
                )
            )
    else:
        result = parser.parse(doc)
    out.form = result.form
    Resolver(doc, result, out, findings, low_confidence_below).run()
    out.tables, out.cells = table_rows(doc_id, doc, [*source_tables(doc, pages), *find_tables(doc)])
    out.findings = findings.rows
    return out


__all__ = ["LINE_STARTERS", "ParsedDocument", "parse_document", "parse_prepared", "status_of"]
