"""A word of tesseract's TSV: its text, confidence and box.

Its own module: the TSV reader (:mod:`pipeline.ocr.engine`) makes these, and the re-reading of Thai digits
(:mod:`pipeline.ocr.digits`, numpy and scipy, loaded only when a page is OCR'd) takes and gives them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WordBox:
    """A word of tesseract's TSV: its text, confidence and box (pixels, from the top-left)."""

    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
