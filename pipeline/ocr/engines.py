"""The OCR engines a run can use, by the name ``Config.ocr_engine`` gives, and the check a run makes of
that name at its start.

Apart from :mod:`pipeline.ocr.runner`, which runs them, so that an ingest that reads nothing (every
file done before) checks its setting without loading the engines' and the runner's code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.errors import ConfigError

if TYPE_CHECKING:
    from pipeline.ocr.engine import OcrEngine


def _tesseract() -> OcrEngine:
    from pipeline.ocr.engine import Tesseract

    return Tesseract()


#: name → a function that makes the engine: another engine plugs in here
ENGINES: dict[str, Callable[[], OcrEngine]] = {"tesseract": _tesseract}


def check_engine(name: str) -> None:
    """Fail the run at its start, not on every page, when the configured OCR engine does not exist."""
    if name not in ENGINES:
        raise ConfigError(
            f"unknown OCR engine {name!r}",
            f"set ocr_engine to one of: {', '.join(sorted(ENGINES))} (pipeline.ocr.engines.ENGINES)",
        )
