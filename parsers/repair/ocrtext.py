"""One OCR page: the text-layer repairs, the normalisation chain, then the post-OCR clean-up.

tesseract's Thai output has its own damage (``ำ`` as ``ํ`` + ``า``, spaces inside words, tone marks
dropped over upper vowels, ``ำ`` read as ``า``, near misses of words) besides what damaged text layers
show. So an OCR page goes through the cheap text-layer chain (:func:`parsers.repair.chain.text_layer_chain`:
the never-valid sequences, then the normalisation ``steps``, ``ํา`` → ``ำ`` among them) and then the
steps of :mod:`parsers.repair.ocr_cleanup`, each guided by the dictionary: spaces inside words
(``ocr_spaces``), dropped tones (``ocr_tones``), lost ``ำ`` (``ocr_am``), the report vocabulary
(``ocr_vocabulary``).

The text-layer chain's own dictionary steps (late marks, spaced ``ำ``, the ``า``/``ำ`` and mark
repair) are left out: on OCR pages they did not help (bench/bench_ocr_quality.py, psm 6: 1.31 →
1.33 % CER on clean scans, 1.69 → 1.69 % on office scans; with psm 4 2.13 → 2.17 %). Numbers are not
edited but for one proven repair (``ocr_digits``: ``1.020,000``); the other steps touch Thai letters
and the spaces between them only.
"""

from __future__ import annotations

from collections.abc import Sequence

from parsers.repair.chain import text_layer_chain
from parsers.repair.normalize import Step, normalize
from parsers.repair.ocr_cleanup import OCR_STEPS
from parsers.repair.quality import quality_score
from parsers.repair.screen import screen
from parsers.repair.textlayer import LayerPage


def ocr_chain(steps: Sequence[Step]) -> tuple[Step, ...]:
    """The chain of an OCR page: the cheap text-layer chain of ``steps``, then the OCR steps (after the
    normalisation, so ``ำ`` is one letter when words are looked up)."""
    return (*text_layer_chain(tuple(steps), dictionary=False), *OCR_STEPS)


def read_ocr_page(raw: str, steps: Sequence[Step]) -> LayerPage:
    """Repair, normalise and clean up one OCR page with ``steps`` (the normalisation chain).

    The dictionary-guided OCR steps run on every page (``repaired`` is always true): OCR text always
    carries their damage, and each changes only what reads better.

    >>> from parsers.repair.normalize import STEPS
    >>> read_ocr_page("ผลงานทีทําได้ ร้อยละ : 87.50", STEPS).normalized.text
    'ผลงานที่ทำได้ ร้อยละ : 87.50'
    """
    cleaned = normalize(raw, ocr_chain(steps))
    look = screen(cleaned.text)
    return LayerPage(cleaned, quality_score(cleaned.text), look, repaired=True)
