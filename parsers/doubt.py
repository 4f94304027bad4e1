"""How sure a value read by OCR is: its words' confidence, and a finding where it needs a look by eye.

A value gets one finding at most (a target is both a document field and a metric, one span):
``ocr_thai_digits`` when it is written in Thai digits, which the OCR's Thai model takes for one
another whatever its confidence; else ``low_confidence`` below the threshold.
"""

from __future__ import annotations

from typing import Final

from parsers.document.doctext import PagePos
from parsers.findings import FindingBuilder
from parsers.thai.lexicon import THAI_DIGITS
from schemas.codes import FindingCode
from schemas.enums import Severity

#: values read by OCR with a lower word confidence (0–100) get a ``low_confidence`` finding
LOW_CONFIDENCE_BELOW: Final = 80.0


class Doubts:
    """The OCR doubts of one document's values, said once per span."""

    def __init__(self, findings: FindingBuilder, below: float = LOW_CONFIDENCE_BELOW) -> None:
        self.findings, self.below = findings, below
        self.said: set[tuple[int, int]] = set()

    def confidence(self, pos: PagePos, start: int, end: int, entry_no: int | None) -> float | None:
        """The OCR confidence of the value at ``[start, end)`` (None: not OCR'd), with its finding."""
        level = pos.confidence
        if level is None or (start, end) in self.said:
            return level
        if any(ch in THAI_DIGITS for ch in pos.raw):
            code = FindingCode.OCR_THAI_DIGITS
            message = (
                f"{pos.raw!r} was read by OCR in Thai digits, which the OCR's Thai model often takes for one "
                f"another (๖ read as ๐ or ๒, ๗ as ๐ or ๓, ๘ as ๕) whatever its confidence ({level:.0f}); "
                "check it on the page"
            )
        elif level < self.below:
            code = FindingCode.LOW_CONFIDENCE
            message = (
                f"{pos.raw!r} was read by OCR with confidence {level:.0f} (below {self.below:g}); "
                "check it on the page"
            )
        else:
            return level
        self.said.add((start, end))
        self.findings.at(code, Severity.WARNING, message, start, end, entry_no)
        return level
