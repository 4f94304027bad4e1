"""PDF text layers, read with pypdfium2 (see docs/PDF.md for why this library).

Every problem with the file becomes a :class:`~pipeline.read.sources.ReadProblem`, never an exception:
not a PDF, damaged or truncated, encrypted with a password we do not have, no pages, a page whose text
cannot be read. A PDF encrypted with an empty user password opens as usual (with an ``info`` note).

pypdfium2 crashes the process when two threads use it at once (MEASUREMENTS.md): call this from one
thread per process only.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Final

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers.text.layercheck import LOOK_BELOW_CHARACTERS, Census, has_text, judge_layer
from pipeline.read.identity import holds_pdf, unreadable_id
from pipeline.read.pdf_lines import read_layer
from pipeline.read.pdf_look import MAX_OBJECTS, page_look
from pipeline.read.pdf_rules import read_rules
from pipeline.read.pdf_source import UNREAD, Opened, PageRead, finish
from pipeline.read.problems import ReadProblem
from pipeline.read.sources import SourceFile
from schemas.codes import FindingCode
from schemas.enums import Severity, SourceFormat

_PAGES_TYPE: Final = re.compile(rb"/Type\s*/Pages\b")
_COUNT_ZERO: Final = re.compile(rb"/Count\s+0\b")
#: how far a page tree's dictionary is looked for around its /Type /Pages
_TREE_REACH: Final = 4096


def _declares_no_pages(data: bytes) -> bool:
    """Every page tree in the file says /Count 0 (PDFium will not open such a file at all).

    Each ``/Type /Pages`` is looked at within a few KB around it, never by scanning from every ``<<``:
    a hostile file of 100,000 nested ``<<`` must not take minutes (a regex holds the interpreter, so
    the page watchdog could not even stop it).
    """
    head = data[: 1 << 20]
    trees = []
    for m in _PAGES_TYPE.finditer(head):
        opened = head.rfind(b"<<", max(0, m.start() - _TREE_REACH), m.start())
        closed = head.find(b"endobj", m.end(), m.end() + _TREE_REACH)  # the whole object, nested dicts too
        if closed < 0:
            closed = head.find(b">>", m.end(), m.end() + _TREE_REACH)
        if opened >= 0 and closed >= 0:
            trees.append(head[opened:closed])
    return bool(trees) and all(_COUNT_ZERO.search(t) for t in trees)


#: PDFium's error codes (FPDF_GetLastError) that we explain to the user
_ERR_FORMAT: Final = 3
_ERR_PASSWORD: Final = 4
_ERR_SECURITY: Final = 5


def _problem(code: FindingCode, severity: Severity, message: str, evidence: str | None = None) -> ReadProblem:
    return ReadProblem(code, severity, message, evidence)


def _failed(path: Path, doc_id: str, problem: ReadProblem) -> SourceFile:
    return SourceFile(path, doc_id, SourceFormat.PDF, None, (), (problem,))


def _open(data: bytes) -> tuple[pdfium.PdfDocument | None, ReadProblem | None]:
    try:
        return pdfium.PdfDocument(data), None
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code == _ERR_PASSWORD:
            return None, _problem(
                FindingCode.PDF_ENCRYPTED,
                Severity.ERROR,
                "the PDF is protected by a password; decrypt it (e.g. `qpdf --decrypt --password=… in.pdf "
                "out.pdf`) and ingest the decrypted copy",
            )
        if code == _ERR_SECURITY:
            return None, _problem(
                FindingCode.PDF_ENCRYPTED, Severity.ERROR, "the PDF uses an unsupported security handler"
            )
        what = "damaged or truncated" if code == _ERR_FORMAT else "unreadable"
        return None, _problem(
            FindingCode.PDF_DAMAGED,
            Severity.ERROR,
            f"the PDF is {what} (PDFium: {err}); get a complete copy of the file",
        )


def _is_encrypted(doc: pdfium.PdfDocument) -> bool:
    return int(pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw)) != -1


def page_text(doc: pdfium.PdfDocument, index: int) -> PageRead:
    """The text layer of one page, in PDFium's reading order, with ``\\n`` line ends, where each of its
    lines was drawn (:func:`pipeline.read.pdf_lines.read_layer`), the verdict of the layer's check
    (:func:`parsers.text.layercheck.judge_layer`; the page's drawing is looked at only when the check
    asks for it), and, for a page without letters or digits, whether it draws anything else
    (:func:`draws_only_layer`); and the rules drawn on a page with text (:mod:`pipeline.read.pdf_rules`)."""
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            text, boxes = read_layer(page, textpage)
            census = Census.of(text)
            small = census.characters < LOOK_BELOW_CHARACTERS
            only = small and not has_text(text) and draws_only_layer(page, textpage)
        finally:
            textpage.close()
        # how text is drawn matters only to explain a page whose script is in doubt
        look = page_look(page, modes=census.in_doubt) if census.wants_look else None
        rules = read_rules(page) if boxes else ()
        return text, boxes, judge_layer(text, look, boxes, census), only, rules
    finally:
        page.close()


def draws_only_layer(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> bool:
    """Whether the page draws nothing but its text layer: no image, path, shading or form among its
    objects (none at all: a blank page), and a Unicode value for every character it draws (a font
    without one draws letters the layer does not have). Rendering the page and OCR would see no more
    than its text layer. Asked only of pages with (almost) no text; a page of more than
    :data:`~pipeline.read.pdf_look.MAX_OBJECTS` objects is not walked (and is taken to draw more)."""
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if count > MAX_OBJECTS:
        return False
    for i in range(count):
        if (
            pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, i))
            != pdfium_c.FPDF_PAGEOBJ_TEXT
        ):
            return False
    chars = pdfium_c.FPDFText_CountChars(textpage.raw)
    return not any(pdfium_c.FPDFText_HasUnicodeMapError(textpage.raw, i) != 0 for i in range(chars))


def open_pdf(path: Path, data: bytes | None = None) -> tuple[pdfium.PdfDocument, Opened] | SourceFile:
    """Open a PDF and check it: the document and what we know, or a failed :class:`SourceFile`."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as err:
            doc_id = unreadable_id(path)
            return _failed(
                path, doc_id, _problem(FindingCode.READ_ERROR, Severity.ERROR, f"cannot read the file: {err}")
            )
    doc_id = hashlib.sha256(data).hexdigest()  # of the bytes read: the run checks it against its plan
    if not holds_pdf(data):
        head = data[:8].decode("latin-1").encode("unicode_escape").decode()
        return _failed(
            path,
            doc_id,
            _problem(
                FindingCode.NOT_PDF, Severity.ERROR, f"{path.name} is named .pdf but is not a PDF", head
            ),
        )
    doc, problem = _open(data)
    if doc is None:
        assert problem is not None
        if problem.code == FindingCode.PDF_DAMAGED and _declares_no_pages(data):
            # PDFium refuses a document whose page tree is empty: say what is really wrong
            problem = _problem(FindingCode.PDF_NO_PAGES, Severity.ERROR, "the PDF has no pages")
        return _failed(path, doc_id, problem)
    problems: list[ReadProblem] = []
    if _is_encrypted(doc):
        problems.append(
            _problem(
                FindingCode.PDF_ENCRYPTED_OPEN,
                Severity.INFO,
                "the PDF is encrypted with an empty user password",
            )
        )
    if len(doc) == 0:
        doc.close()
        return _failed(
            path, doc_id, _problem(FindingCode.PDF_NO_PAGES, Severity.ERROR, "the PDF has no pages")
        )
    return doc, Opened(doc_id, len(doc), tuple(problems))


def read_page(doc: pdfium.PdfDocument, index: int) -> tuple[PageRead, ReadProblem | None]:
    """One page as read (:func:`page_text`), or an empty text, no boxes and the problem that stopped it."""
    try:
        return page_text(doc, index), None
    except pdfium.PdfiumError as err:
        message = f"page {index + 1}: its text cannot be read ({err})"
        return UNREAD, ReadProblem(FindingCode.PDF_PAGE_ERROR, Severity.ERROR, message, page=index)


def read_pdf(path: Path, data: bytes | None = None) -> SourceFile:
    """The text layer of every page of a PDF, in this process; never raises for what is in the file.

    No time limit: :class:`pipeline.read.pdf_child.PdfWorker` reads in a child process with one.
    """
    opened = open_pdf(path, data)
    if isinstance(opened, SourceFile):
        return opened
    doc, info = opened
    pages: list[PageRead] = []
    problems: list[ReadProblem] = []
    try:
        for index in range(info.n_pages):
            page, problem = read_page(doc, index)
            pages.append(page)
            if problem is not None:
                problems.append(problem)
    finally:
        doc.close()
    return finish(path, info, pages, problems)
