"""Reading one file: its bytes to page inputs (plain text, text layer or OCR), before any parsing.

The file's identity (content hash, format) comes decided from the run (:mod:`pipeline.read.identity`);
the content chooses the reader, not the name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from parsers.document.inputs import PageInput
from pipeline.config import Config
from pipeline.read.identity import FORMAT_BY_SUFFIX, LEGACY_OFFICE, TEXT_SUFFIXES, FileId, unreadable_id
from pipeline.read.package import OfficeKind
from pipeline.read.problems import ReadProblem
from pipeline.read.sources import SourceFile, read_source
from schemas.codes import FindingCode
from schemas.enums import Severity, SourceFormat

if TYPE_CHECKING:
    from parsers.document.pages import PreparedPage
    from pipeline.ocr.runner import OcrRunner
    from pipeline.read.pdf_child import PdfWorker


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


def extract_file(
    path: Path, file: FileId, config: Config, pdf: PdfWorker | None = None, ocr: OcrRunner | None = None
) -> tuple[Extract, list[PreparedPage] | None]:
    """Read one file into its page inputs (OCR'd where needed); also the pages as prepared on the way,
    when reading prepared them (PDFs: the OCR decision needs each page repaired and scored), so that
    parsing right after does not prepare them again.

    PDFs are read by ``pdf`` (a child process with a time limit per page) when given, else here; their
    pages without a usable text layer are OCR'd by ``ocr`` (the run's runner, with its cache) when
    given, else by a runner made for this file."""
    source = _read(path, file, config, pdf)
    if source.failed:
        return Extract(source, (), source.problems), None
    if source.source_format is not SourceFormat.PDF:
        inputs = tuple(PageInput(raw, tables=source.page_tables(i)) for i, raw in enumerate(source.pages))
        return Extract(source, inputs, source.problems), None
    # the PDF pages' preparation (the repair chain) and OCR are loaded when a PDF is read
    from pipeline.read.pdf_pages import pdf_pages

    prepared, ocr_problems = pdf_pages(source, config, ocr)
    inputs = tuple(
        PageInput(p.normalized.raw, p.source, p.confidence, p.words, p.lines, p.layer, p.tables, p.rules)
        for p in prepared
    )
    return Extract(source, inputs, (*source.problems, *ocr_problems)), prepared


def _read(path: Path, file: FileId, config: Config, pdf: PdfWorker | None) -> SourceFile:
    suffix = path.suffix.lower()
    if file.not_a_file is not None:
        message = f"{path.name} is {file.not_a_file}, not a file: it was not read"
        return _refused(path, file, FindingCode.NOT_A_FILE, message)
    if file.sha256 is None:
        return read_source(path, fmt=file.fmt)  # the reader says why it cannot be read (read_error)
    size = path.stat().st_size if path.exists() else 0
    if size > config.max_file_bytes:
        limit = config.max_file_bytes / 2**20
        message = (
            f"the file has {size / 2**20:,.1f} MB, more than the limit of {limit:,.0f} MB; "
            "raise it with --max-file-mb if it really is one report"
        )
        return _refused(path, file, FindingCode.TOO_LARGE, message)
    if file.holds_pdf:
        source = pdf.read(path) if pdf is not None else _read_pdf(path)
        if suffix != ".pdf":
            named = f"named {suffix}" if suffix else "named without a suffix"
            return _noted(source, f"{path.name} is {named} but holds a PDF: read as a PDF")
        return source
    if file.package in ("docx", "xlsx") or suffix in OFFICE_SUFFIXES:
        return _read_office(path, file, config)
    if suffix == ".pdf":
        text = read_source(path, fmt=SourceFormat.TXT)
        if text.failed and any(p.code == FindingCode.NOT_TEXT for p in text.problems):
            return _read_pdf(path)  # neither a PDF nor text: the PDF reader says so
        return _noted(text, f"{path.name} is named .pdf but holds no PDF, only text: read as text")
    if suffix not in TEXT_SUFFIXES:
        supported = ", ".join(sorted(FORMAT_BY_SUFFIX))
        return _refused(
            path,
            file,
            FindingCode.UNSUPPORTED_FORMAT,
            f"{suffix or path.name!r} files are not read; supported: {supported}",
        )
    return read_source(path, fmt=file.fmt)


#: the names of Word and Excel files, new and old, and the package each promises
OFFICE_SUFFIXES: Final[dict[str, OfficeKind]] = {
    s: "docx" if f is SourceFormat.DOCX else "xlsx"
    for s, f in {**FORMAT_BY_SUFFIX, **LEGACY_OFFICE}.items()
    if f in (SourceFormat.DOCX, SourceFormat.XLSX)
}


def _read_office(path: Path, file: FileId, config: Config) -> SourceFile:
    """A Word or Excel file, by its content where it holds one (a .docx saved as .xlsx or .txt is read
    as the Word document it is), else by its name (whose reader says what the content is instead)."""
    suffix = path.suffix.lower()
    named = OFFICE_SUFFIXES.get(suffix)
    kind: OfficeKind = named or "docx"
    if file.package == "docx" or file.package == "xlsx":
        kind = file.package
    if kind == "docx":
        from pipeline.read.docx import read_docx

        source = read_docx(path, config.max_file_bytes)
    else:
        from pipeline.read.xlsx import read_xlsx  # openpyxl is loaded only when a workbook is read

        source = read_xlsx(path, config.max_file_bytes)
    if named != kind and not source.failed:
        what = "a Word document" if kind == "docx" else "an Excel workbook"
        name = f"named {suffix}" if suffix else "named without a suffix"
        return _noted(source, f"{path.name} is {name} but holds {what}: read as such")
    return source


def _read_pdf(path: Path) -> SourceFile:
    """The PDF read in this process (PDFium is loaded only when a PDF is read here)."""
    from pipeline.read.pdf import read_pdf

    return read_pdf(path)


def _noted(source: SourceFile, message: str) -> SourceFile:
    note = ReadProblem(FindingCode.FORMAT_SNIFFED, Severity.INFO, message)
    return replace(source, problems=(note, *source.problems))


def _refused(path: Path, file: FileId, code: FindingCode, message: str) -> SourceFile:
    """A file that is not read at all: a failed source whose doc_id is still the hash of its bytes (of its
    name, for what is not a file)."""
    doc_id = file.sha256 or unreadable_id(path)
    return SourceFile(path, doc_id, file.fmt, None, (), (ReadProblem(code, Severity.ERROR, message),))
