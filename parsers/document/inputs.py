"""One page as read (text file, PDF text layer or OCR), before any repair: what the readers hand the parsers.

Apart from :mod:`parsers.document.pages` (which prepares these pages, with the repair chain and its
dictionary) so that code that only carries pages as read (the run state, the readers) does not load it.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.text.linebox import LineBox
from schemas.enums import TextSource


@dataclass(frozen=True, slots=True)
class WordConfidence:
    """An OCR word: its span in the page's raw text and the engine's confidence (0–100)."""

    start: int
    end: int
    confidence: float


@dataclass(frozen=True, slots=True)
class PageInput:
    """One page as read: its raw text, where the text came from and, for OCR, the confidences."""

    raw: str
    source: TextSource = TextSource.PLAIN
    confidence: float | None = None  # OCR: the page's mean word confidence
    words: tuple[WordConfidence, ...] = ()  # OCR: every word, in the order of the raw text
    #: where each line of ``raw`` was drawn (PDF text layers, OCR); empty when the source has no geometry
    lines: tuple[LineBox, ...] = ()
    #: the PDF page's text layer when ``raw`` is not it (it lied, or OCR read better); None otherwise
    layer: str | None = None
