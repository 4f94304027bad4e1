"""Pages as read (text file, PDF text layer or OCR; :mod:`parsers.document.inputs`) normalised and scored.

Each source of text has its own chain before the common normalisation: text files only the chain,
text layers the repair of damaged layers (:mod:`parsers.repair.textlayer`), OCR pages the post-OCR cleanup
(:mod:`parsers.repair.ocrtext`). Preparing is separate from parsing so that the pipeline can look at each
page's quality first (to decide which pages to OCR) without repairing any page twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parsers.document.inputs import PageInput, TableInput, WordConfidence
from parsers.document.labels import LabelTable
from parsers.document.lines import join_wrapped
from parsers.repair.lying_glyphs import GlyphLie, find_lies, lie_step
from parsers.repair.normalize import STEPS, Normalized, Step, banners, normalize, with_earlier_banners
from parsers.repair.ocrtext import read_ocr_page
from parsers.repair.textlayer import read_layer_page
from parsers.text.linebox import LineBox
from schemas.enums import TextSource


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """A page normalised (and repaired or cleaned, by its source) and scored."""

    normalized: Normalized
    quality: float | None  # share of Thai inside dictionary words (text layer and OCR); None otherwise
    source: TextSource
    confidence: float | None
    words: tuple[WordConfidence, ...]
    lines: tuple[LineBox, ...] = ()  # the geometry of the raw text's lines (see PageInput.lines)
    layer: str | None = None  # the text layer set aside (see PageInput.layer)
    tables: tuple[TableInput, ...] = ()  # the tables the source holds on the page (see PageInput.tables)
    rules: tuple[float, ...] = ()  # the rules drawn on the page (see PageInput.rules)

    def confidence_of(self, start: int, end: int) -> float | None:
        """The lowest confidence of the OCR words under ``[start, end)`` of the normalised text
        (one doubtful character makes a number doubtful); None when the page was not OCR'd."""
        if not self.words:
            return None
        lo, hi = self.normalized.mapped.raw_span(start, end)
        under = [w.confidence for w in self.words if w.start < max(hi, lo + 1) and lo < w.end]
        return min(under) if under else None


#: pages already prepared, by what decides a preparation: the page as read, the banners of the pages
#: before it, and the document's lying glyphs (for one set of line starters)
PageMemo = dict[tuple[PageInput, frozenset[str], tuple[GlyphLie, ...]], tuple[Normalized, float | None]]


def prepare_pages(
    pages: Sequence[PageInput], starters: Sequence[LabelTable], memo: PageMemo | None = None
) -> list[PreparedPage]:
    """Normalise page by page (a page banner already printed on an earlier page is dropped too), then
    join the lines the page's edge wrapped (:mod:`parsers.document.lines`), never onto a line that
    starts with one of the ``starters`` (the labels of every form: :data:`parsers.registry.LINE_STARTERS`).
    ``memo``: pages prepared by an earlier call for the same document (a PDF's pages are prepared to
    decide which to OCR, then again with the OCR text): a page whose preparation would be the same is
    taken from it, not made again. Text-layer pages are repaired first
    of characters a font of the document writes for others (:mod:`parsers.repair.lying_glyphs`: the
    evidence is all the document's text-layer pages)."""
    prepared: list[PreparedPage] = []
    earlier: frozenset[str] = frozenset()
    layer_pages = [page.raw for page in pages if page.source is TextSource.TEXT_LAYER]
    lies = find_lies(layer_pages) if layer_pages else ()
    lie = lie_step(lies)
    for page in pages:
        key = (page, earlier, lies)
        done = memo.get(key) if memo is not None else None
        if done is None:
            done = _prepare(page, with_earlier_banners(STEPS, earlier), lie, starters)
            if memo is not None:
                memo[key] = done
        normalized, quality = done
        earlier |= banners(normalized.raw)
        prepared.append(
            PreparedPage(
                normalized,
                quality,
                page.source,
                page.confidence,
                page.words,
                page.lines,
                page.layer,
                page.tables,
                page.rules,
            )
        )
    return prepared


def _prepare(
    page: PageInput, steps: Sequence[Step], lie: Step | None, starters: Sequence[LabelTable]
) -> tuple[Normalized, float | None]:
    """One page normalised (text layers repaired, OCR text cleaned up), wrapped lines joined back; and
    its quality, for text layers and OCR."""
    quality: float | None = None
    if page.source is TextSource.TEXT_LAYER:
        layer = read_layer_page(page.raw, steps if lie is None else (lie, *steps))
        normalized, quality = layer.normalized, layer.quality
    elif page.source is TextSource.OCR:
        layer = read_ocr_page(page.raw, steps)
        normalized, quality = layer.normalized, layer.quality
    else:
        normalized = normalize(page.raw, steps)
    return join_wrapped(normalized, page.lines, starters), quality
