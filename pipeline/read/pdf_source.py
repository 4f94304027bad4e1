"""A PDF's reading as a :class:`~pipeline.read.sources.SourceFile`: what opening it found and its pages.

Apart from :mod:`pipeline.read.pdf`, which reads with PDFium, so that a process whose PDFs are read by the
child of :mod:`pipeline.read.pdf_child` puts their pages together without loading pypdfium2.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from parsers.text.layercheck import LayerVerdict
from parsers.text.linebox import LineBox
from pipeline.read.problems import ReadProblem
from pipeline.read.sources import SourceFile
from schemas.codes import FindingCode
from schemas.enums import SourceFormat

#: one page as read: its text layer, where each of its lines was drawn, why the layer must not be
#: used (None: it may), and whether the page draws nothing but a layer without letters or digits (a
#: blank page, a row of dots: OCR would read nothing there; :func:`pipeline.read.pdf.draws_only_layer`),
#: and the rules drawn on it (:func:`pipeline.read.pdf_rules.read_rules`: four numbers a rule, flat)
PageRead = tuple[str, tuple[LineBox, ...], LayerVerdict | None, bool, tuple[float, ...]]
#: a page that was not read
UNREAD: Final[PageRead] = ("", (), None, False, ())


@dataclass(frozen=True, slots=True)
class Opened:
    """A PDF that opened: its hash, page count and the problems met so far (an encryption note)."""

    doc_id: str
    n_pages: int
    problems: tuple[ReadProblem, ...]


def finish(
    path: Path,
    opened: Opened,
    pages: list[PageRead],
    problems: list[ReadProblem],
    unread: Collection[int] = (),
) -> SourceFile:
    """The :class:`SourceFile` of a PDF whose pages were read (a page that was not read: no text, no
    boxes, no verdict).

    ``unread`` (0-based) are pages that could not be read at all (late, or the library crashed), as
    are pages whose reading failed (``pdf_page_error``, a broken page tree): they have their own
    finding, and are not OCR'd either (rendering them fails the same way). Pages without a text layer
    are reported by the OCR step (:mod:`pipeline.read.pdf_pages`), which reads them or says why it did not.
    """
    broken = {p.page for p in problems if p.code == FindingCode.PDF_PAGE_ERROR and p.page is not None}
    return SourceFile(
        path,
        opened.doc_id,
        SourceFormat.PDF,
        None,
        tuple(text for text, _, _, _, _ in pages),
        (*opened.problems, *problems),
        frozenset(unread) | broken,
        tuple(boxes for _, boxes, _, _, _ in pages),
        tuple(verdict for _, _, verdict, _, _ in pages),
        frozenset(i for i, (_, _, _, only, _) in enumerate(pages) if only and i not in unread),
        rules=tuple(rules for _, _, _, _, rules in pages) if any(p[4] for p in pages) else (),
    )
