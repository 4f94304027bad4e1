"""A page whose text layer holds a header while an image holds its body: the two read as one page.

Measured (``bench/bench_layercheck.py``, three pages of a typed header over a scanned body): OCR of the
whole page reads with a character error rate of 1.9 %, the header's text-layer lines with the OCR lines
of the image 1.1 % — the header's characters are exact in the layer, so the page is read that way.
"""

from __future__ import annotations

from collections.abc import Sequence

from parsers.document.inputs import PageInput, WordConfidence
from parsers.text.layercheck import ImageBox
from parsers.text.linebox import LineBox
from schemas.enums import TextSource


def merge_mixed(layer: PageInput, ocr: PageInput, regions: Sequence[ImageBox], scale: float) -> PageInput:
    """One page input from the text layer's lines outside ``regions`` and the OCR's lines inside them,
    top to bottom. ``scale`` turns the OCR's pixels into the layer's points (72 / dpi); the lines keep
    their boxes (in points) and the OCR words their confidences; the layer is kept as ``layer``.

    >>> top = PageInput("หัวเรื่อง", TextSource.TEXT_LAYER, lines=(LineBox(0, 9, 50, 200, 40, 60),))
    >>> scan = PageInput("หัว\\nเนื้อความ", TextSource.OCR, 90.0, (WordConfidence(4, 13, 90.0),),
    ...     (LineBox(0, 3, 200, 800, 160, 240), LineBox(4, 13, 200, 900, 500, 580)))
    >>> merge_mixed(top, scan, [ImageBox(0, 100, 595, 842)], 72 / 300).raw
    'หัวเรื่อง\\nเนื้อความ'
    """
    rows: list[tuple[float, str, LineBox, tuple[WordConfidence, ...]]] = []
    for line in layer.lines:
        if line.right > line.left and not any(region.holds(line) for region in regions):
            rows.append((line.top, layer.raw[line.start : line.end], line, ()))
    for line in ocr.lines:
        seen = LineBox(
            line.start, line.end, line.left * scale, line.right * scale, line.top * scale, line.bottom * scale
        )
        if any(region.holds(seen) for region in regions):
            words = tuple(w for w in ocr.words if line.start <= w.start and w.end <= line.end)
            rows.append((seen.top, ocr.raw[line.start : line.end], seen, words))
    rows.sort(key=lambda row: row[0])
    texts: list[str] = []
    boxes: list[LineBox] = []
    shifted: list[WordConfidence] = []
    at = 0
    for _, text, box, words in rows:
        boxes.append(LineBox(at, at + len(text), box.left, box.right, box.top, box.bottom))
        shifted += [
            WordConfidence(w.start - box.start + at, w.end - box.start + at, w.confidence) for w in words
        ]
        texts.append(text)
        at += len(text) + 1
    return PageInput(
        "\n".join(texts), TextSource.OCR, ocr.confidence, tuple(shifted), tuple(boxes), layer=layer.raw
    )
