"""The defaults and choices of a run's settings that the command line shows, as plain values: ``raingan
--help`` lists them without loading :mod:`pipeline.config`, which builds and checks the settings."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

#: one document's default limits (the process pool enforces them; see pipeline.run.pool)
DOC_TIMEOUT_S: Final = 900.0
DOC_MEMORY_MB: Final = 4000
#: default seconds a PDF page (or opening a PDF) may take; a normal page takes about a millisecond (the
#: PDF reading child enforces it; see pipeline.read.pdf_child)
PAGE_TIMEOUT_S: Final = 30.0
#: default seconds the OCR engine may take on one page (about 2 s is usual for tesseract); a page that
#: hangs it fails alone with ocr_failed (see pipeline.ocr.runner)
OCR_PAGE_TIMEOUT_S: Final = 180.0


class OcrMode(StrEnum):
    """Which PDF pages are OCR'd: auto (pages without a usable text layer), always, never."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"
