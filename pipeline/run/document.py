"""One document: read the file, parse its text, and return its rows for every table."""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from parsers.assemble import PARSER_VERSION, ParsedDocument, parse_prepared, status_of
from parsers.text.pages import PageInput, PreparedPage, prepare_pages
from pipeline.config import Config
from pipeline.ocr.runner import OcrRunner
from pipeline.read.pdf import read_pdf
from pipeline.read.pdf_child import PdfWorker
from pipeline.read.pdf_pages import layer_inputs, pdf_pages
from pipeline.read.problems import ReadProblem
from pipeline.read.sources import SUPPORTED_SUFFIXES, SourceFile, read_source
from schemas.enums import Form, Severity, SourceFormat, Status
from schemas.records import DateMention, Document, Entry, FieldValue, Finding, Metric, PageText, Record

_FORMAT_BY_SUFFIX = {
    ".txt": SourceFormat.TXT,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
    ".pdf": SourceFormat.PDF,
}


@dataclass
class DocumentResult:
    """The rows one input file contributes to each table."""

    document: Document
    pages: list[PageText] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    field_values: list[FieldValue] = field(default_factory=list)

    def with_path(self, path: Path) -> DocumentResult:
        """The same rows for the same bytes found at ``path`` (a renamed or moved file)."""
        if self.document.source_path == str(path):
            return self
        return replace(self, document=self.document.model_copy(update={"source_path": str(path)}))

    def rows(self) -> dict[type[Record], list[Record]]:
        return {
            Document: [self.document],
            PageText: list(self.pages),
            Entry: list(self.entries),
            Metric: list(self.metrics),
            Finding: list(self.findings),
            DateMention: list(self.dates),
            FieldValue: list(self.field_values),
        }


@dataclass(frozen=True)
class Extract:
    """What reading one file gave, before any parsing: the file's facts, each page's input (plain text,
    text layer or OCR, with the OCR confidences and, for text layers and OCR, the line boxes) and the
    problems met reading it.

    The run state stores it by content hash, so that a new parser version re-parses a document from
    it without reading the file again or OCRing a page twice.
    """

    source: SourceFile
    inputs: tuple[PageInput, ...]
    problems: tuple[ReadProblem, ...]  # every read problem: the file's, then the OCR step's


def ingest_file(
    path: Path, config: Config, pdf: PdfWorker | None = None, ocr: OcrRunner | None = None
) -> DocumentResult:
    """Read and parse one file. Never raises for a bad file: the problem becomes a finding.

    PDFs are read by ``pdf`` (a child process with a time limit per page) when given, else here; their
    pages without a usable text layer are OCR'd by ``ocr`` (the run's runner, with its cache) when
    given, else by a runner made for this file.
    """
    extract, prepared = extract_file(path, config, pdf, ocr)
    return parse_extract(extract, config, prepared=prepared)


def extract_file(
    path: Path, config: Config, pdf: PdfWorker | None = None, ocr: OcrRunner | None = None
) -> tuple[Extract, list[PreparedPage] | None]:
    """Read one file into its page inputs (OCR'd where needed); also the pages as prepared on the way,
    when reading prepared them (PDFs: the OCR decision needs each page repaired and scored), so that
    parsing right after does not prepare them again."""
    source = _read(path, config, pdf)
    if source.failed:
        return Extract(source, (), source.problems), None
    if source.source_format is not SourceFormat.PDF:
        return Extract(source, tuple(PageInput(raw) for raw in source.pages), source.problems), None
    try:
        prepared, ocr_problems = pdf_pages(source, config, ocr)
    except Exception as exc:  # a bug in the repair or OCR step: keep the text layer, say so
        crash = ReadProblem(
            "extract_error",
            Severity.ERROR,
            f"reading the pages stopped ({type(exc).__name__}: {exc}); the text layer is kept as read, "
            "please report it with the file",
        )
        return Extract(source, tuple(layer_inputs(source)), (*source.problems, crash)), None
    inputs = tuple(
        PageInput(p.normalized.raw, p.source, p.confidence, p.words, p.lines, p.layer) for p in prepared
    )
    return Extract(source, inputs, (*source.problems, *ocr_problems)), prepared


def parse_extract(
    extract: Extract,
    config: Config,
    path: Path | None = None,
    prepared: list[PreparedPage] | None = None,
) -> DocumentResult:
    """Parse what :func:`extract_file` read. ``path`` is where the file is now (a stored extract of a
    renamed file keeps the old one); ``prepared``, the pages reading already prepared."""
    source = extract.source if path is None else replace(extract.source, path=path)
    read_findings = [_read_finding(source.doc_id, p) for p in extract.problems]
    if source.failed:
        return DocumentResult(
            _document(source, Form.UNKNOWN, Status.FAILED, {}, read_findings), findings=read_findings
        )
    try:
        pages = prepared if prepared is not None else prepare_pages(extract.inputs)
        parsed = parse_prepared(source.doc_id, pages, config.low_confidence_below)
    except Exception as exc:
        crash = Finding(
            doc_id=source.doc_id,
            stage="parse",
            severity=Severity.ERROR,
            code="parser_error",
            message=f"the parser stopped on this document ({type(exc).__name__}: {exc}); "
            "please report it with the file",
            evidence="".join(traceback.format_exception_only(exc)).strip(),
        )
        findings = [*read_findings, crash]
        return DocumentResult(_document(source, Form.UNKNOWN, Status.FAILED, {}, findings), findings=findings)
    findings = [*read_findings, *parsed.findings]
    status = status_of(findings, parsed.form, has_text=any(p.text.strip() for p in parsed.pages))
    return DocumentResult(
        _document(source, parsed.form, status, parsed.fields, findings, parsed),
        pages=parsed.pages,
        entries=parsed.entries,
        metrics=parsed.metrics,
        findings=findings,
        dates=parsed.dates,
        field_values=parsed.field_values,
    )


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
        stage="read",
        severity=Severity.INFO,
        code="duplicate_content",
        message=f"same bytes as {first}; its rows are not repeated",
    )
    return DocumentResult(doc.model_copy(update={"n_entries": 0, "n_findings": 1}), findings=[note])


def failed_result(
    path: Path, sha256: str, code: str, message: str, evidence: str | None = None
) -> DocumentResult:
    """The documents row of a file whose work failed outside the readers and parsers (its worker died,
    it ran out of time or memory), with the finding that says why."""
    source = SourceFile(
        path, sha256, _FORMAT_BY_SUFFIX.get(path.suffix.lower(), SourceFormat.TXT), None, (), ()
    )
    finding = Finding(
        doc_id=sha256, stage="read", severity=Severity.ERROR, code=code, message=message, evidence=evidence
    )
    return DocumentResult(_document(source, Form.UNKNOWN, Status.FAILED, {}, [finding]), findings=[finding])


def _read(path: Path, config: Config, pdf: PdfWorker | None) -> SourceFile:
    suffix = path.suffix.lower()
    fmt = _FORMAT_BY_SUFFIX.get(suffix, SourceFormat.TXT)
    try:
        size = path.stat().st_size
    except OSError:
        return read_source(path)  # the reader turns the OS error into a failed source with read_error
    if size > config.max_file_bytes:
        message = (
            f"the file has {size:,} bytes, more than the limit of {config.max_file_bytes:,}; "
            "raise max_file_bytes if it really is one report"
        )
        return _refused(path, fmt, "too_large", message)
    # the content decides the reader, not the name: the same bytes are read the same way whatever
    # they are called (and a PDF saved as .txt is still read)
    if _holds_pdf(path):
        source = pdf.read(path) if pdf is not None else read_pdf(path)
        if suffix != ".pdf":
            named = f"named {suffix}" if suffix else "named without a suffix"
            return _noted(source, f"{path.name} is {named} but holds a PDF: read as a PDF")
        return source
    if suffix == ".pdf":
        text = read_source(path, fmt=SourceFormat.TXT)
        if text.failed and any(p.code == "not_text" for p in text.problems):
            return read_pdf(path)  # neither a PDF nor text: the PDF reader says so (not_pdf)
        return _noted(text, f"{path.name} is named .pdf but holds no PDF, only text: read as text")
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted({*SUPPORTED_SUFFIXES, ".pdf"}))
        return _refused(
            path,
            fmt,
            "unsupported_format",
            f"{suffix or path.name!r} files are not read; supported: {supported}",
        )
    return read_source(path)


def _holds_pdf(path: Path) -> bool:
    """A PDF's signature in the first KB (where readers look for it)."""
    try:
        with path.open("rb") as f:
            return b"%PDF-" in f.read(1024)
    except OSError:
        return False


def _noted(source: SourceFile, message: str) -> SourceFile:
    note = ReadProblem("format_sniffed", Severity.INFO, message)
    return replace(source, problems=(note, *source.problems))


def _refused(path: Path, fmt: SourceFormat, code: str, message: str) -> SourceFile:
    """A file that is not read at all: a failed source whose doc_id is still the hash of its bytes."""
    return SourceFile(path, sha256_file(path), fmt, None, (), (ReadProblem(code, Severity.ERROR, message),))


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes (its doc_id), read in blocks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _read_finding(doc_id: str, problem: ReadProblem) -> Finding:
    return Finding(
        doc_id=doc_id,
        stage="read",
        severity=problem.severity,
        code=problem.code,
        message=problem.message,
        evidence=problem.evidence,
        page=None if problem.page is None else problem.page + 1,
    )


def _document(
    source: SourceFile,
    form: Form,
    status: Status,
    fields: dict[str, object],
    findings: list[Finding],
    parsed: ParsedDocument | None = None,
) -> Document:
    return Document.model_validate(
        {
            **fields,
            "doc_id": source.doc_id,
            "source_path": str(source.path),
            "source_format": source.source_format,
            "form": form,
            "status": status,
            "encoding": source.encoding,
            "n_pages": len(source.pages),
            "n_entries": len(parsed.entries) if parsed else 0,
            "n_findings": len(findings),
            "parser_version": PARSER_VERSION,
        }
    )
