"""Thai digits re-read from their glyphs, where tesseract's Thai model reads one for another.

Debian's Thai model (the only one packaged) reads Thai digits badly: ``๒๒ ตุลาคม ๒๕๖๗`` in a scanned memo
comes out as ``๒๒ ตุลาคม ๒๕๒๐`` at 99 % confidence, at 200, 300 and 400 dpi alike; on generated scans of
memo lines with random Thai-digit numbers (``bench/bench_ocr_digits.py``) it reads 4–14 % of the numbers
right, the re-reading 25–87 % by font (86 % in Laksaman), none made wrong (docs/OCR.md).
Thai digits are separate glyphs of distinct shapes, and official documents are set in TH Sarabun,
whose free twin Laksaman (fonts-thai-tlwg, installed with the project) draws the same digits: each
digit of a run tesseract found is compared, shape against shape, with the ten digits drawn in the TLWG
fonts.

* **Runs.** Words of a line (tesseract's boxes) made of Thai digits and the marks between them
  (``,`` ``.`` ``/`` ``-``), next to each other, make a run; its box is the union of theirs.
* **Glyphs.** The connected pieces of ink in the run's box, widened by its height because tesseract's
  boxes of Thai clusters are ragged and can sit a digit off the glyph: a piece that reaches into the
  box, and a piece of a digit's height beside it as close as digits are; pieces one above the other
  are one glyph, a piece as wide as two digits (two that touch) is cut at its thinnest columns, a
  glyph that does not read is tried with the next (a serif digit whose hairline broke); a glyph is
  read by one run of the line only.
* **Shapes.** Each glyph, cropped to its ink and scaled to 24 x 24, is compared with every template
  (normalised correlation, less a penalty for a different width-to-height ratio); the best digit must
  score :data:`MIN_SCORE` and beat the next digit by :data:`MIN_MARGIN`. Marks are told by size and
  place: ``.`` and ``,`` on the baseline, ``-`` across the middle, ``/`` a slanted stroke as tall as a
  digit. Letters next to the number that tesseract's box reached into are left out.
* A run is re-read only when every glyph reads; otherwise tesseract's reading stays. Either way a
  value in Thai digits still gets its ``ocr_thai_digits`` finding: the re-reading is better, not sure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from parsers.thai.lexicon import THAI_DIGITS
from pipeline.ocr.glyphs import SMALL, Glyph, find_glyphs
from pipeline.ocr.words import WordBox

#: the fonts whose digits are the templates: Laksaman (TH Sarabun's twin) first, then the other TLWG
#: faces of the common Thai document fonts (Norasi and Kinnari for Angsana, Garuda, Loma, Waree, Umpush)
TEMPLATE_FONTS: Final = ("Laksaman", "Norasi", "Kinnari", "Garuda", "Loma", "Waree", "Umpush")
FONT_DIR: Final = Path("/usr/share/fonts/truetype/tlwg")
SIZE: Final = 24  # a glyph is compared at this many pixels square
MIN_SCORE: Final = 0.6
MIN_MARGIN: Final = 0.05
#: two digit words closer than this share of their height are one run (tesseract's boxes of Thai
#: clusters are ragged: two digits of a number can be a height apart)
RUN_GAP: Final = 1.0
#: two glyphs this share of the digits' height apart have a space between them
SPACE: Final = 0.5
#: a glyph this share of the run's highest is among the tallest digits, whose height is the scale
DIGIT_HEIGHT: Final = 0.8
_NUMBER_CHARACTERS: Final = frozenset(THAI_DIGITS + ",./-")

_Vector = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Template:
    digit: str
    shape: _Vector
    ratio: float  # width / height


def _shape(glyph: npt.NDArray[np.bool_]) -> tuple[_Vector, float]:
    """A glyph's ink scaled to SIZE x SIZE, centred and of unit norm, and its width-to-height ratio."""
    height, width = glyph.shape
    scaled = Image.fromarray(glyph.astype(np.uint8) * 255).resize((SIZE, SIZE), Image.Resampling.BILINEAR)
    vector = np.asarray(scaled, dtype=np.float64)
    vector -= vector.mean()
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector), width / height


def _tight(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_] | None:
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


@cache
def templates() -> tuple[_Template, ...]:
    """The ten digits of every template font found (none when fonts-thai-tlwg is not installed)."""
    found = []
    for name in TEMPLATE_FONTS:
        path = FONT_DIR / f"{name}.ttf"
        if not path.is_file():
            continue
        font = ImageFont.truetype(str(path), 64)
        for digit in THAI_DIGITS:
            canvas = Image.new("L", (140, 140), 0)
            ImageDraw.Draw(canvas).text((20, 10), digit, fill=255, font=font)
            glyph = _tight(np.asarray(canvas) > 127)
            if glyph is not None:
                found.append(_Template(digit, *_shape(glyph)))
    return tuple(found)


def read_glyph(glyph: npt.NDArray[np.bool_]) -> str | None:
    """The Thai digit a glyph's ink is, or None when no digit fits well enough."""
    vector, ratio = _shape(glyph)
    best: dict[str, float] = {}
    for template in templates():
        score = float((vector * template.shape).sum()) - 0.5 * abs(np.log(ratio / template.ratio))
        best[template.digit] = max(best.get(template.digit, -1.0), score)
    ranked = sorted(best.values(), reverse=True)
    if len(ranked) < 2 or ranked[0] < MIN_SCORE or ranked[0] - ranked[1] < MIN_MARGIN:
        return None
    return max(best, key=best.__getitem__)


def read_run(ink: npt.NDArray[np.bool_], left: int, top: int, right: int, bottom: int) -> str | None:
    """The number drawn in a run's box of the page's ink — Thai digits, and the ``,`` ``.`` ``/`` ``-``
    between them, told by their size and place — with a space where two glyphs stand apart; None
    unless every glyph reads."""
    read = _read_number(ink, (left, top, right, bottom), [])
    return None if read is None else read[0]


def _read_number(
    ink: npt.NDArray[np.bool_], box: tuple[int, int, int, int], taken: list[tuple[int, int]]
) -> tuple[str, int, int] | None:
    """:func:`read_run`, with the columns of the page already read by the line's runs before (they are
    not read twice), and the first and last column of the number's ink."""
    left, top, right, bottom = box
    glyphs = find_glyphs(ink, left, top, right, bottom, taken)
    if not glyphs:
        return None
    highest = max(g.ink.shape[0] for g in glyphs)
    tall = [g for g in glyphs if g.ink.shape[0] >= DIGIT_HEIGHT * highest]
    # the height of the tallest digits (in TH Sarabun ๐ and ๓ are a third lower than ๒ or ๕)
    digit_height = float(np.median([g.ink.shape[0] for g in tall]))
    baseline = float(np.median([g.bottom for g in tall]))
    digit_top = float(np.median([g.top for g in tall]))
    read: list[tuple[str | None, int, int]] = []  # character, first glyph, glyphs taken
    i = 0
    while i < len(glyphs):
        char, used = _read_at(glyphs, i, digit_height, baseline)
        read.append((char, i, used))
        i += used

    # the strokes and marks of a letter next to the number, which tesseract's box reached into
    def stray(k: int) -> bool:  # a glyph beside the box, or of a letter, that does not read
        char, first, _ = read[k]
        glyph = glyphs[first]
        return char is None and (glyph.beside or _not_number(glyph, digit_height, digit_top, baseline))

    while read and stray(0):
        read = read[1:]
    while read and stray(-1):
        read = read[:-1]
    text = []
    for k, (char, first, _) in enumerate(read):
        if char is None:
            return None
        before = read[k - 1] if k else None
        if (
            before is not None
            and glyphs[first].start - glyphs[before[1] + before[2] - 1].end >= SPACE * digit_height
        ):
            text.append(" ")
        text.append(char)
    number = "".join(text)
    if not any(ch in THAI_DIGITS for ch in number):
        return None
    opening, closing = glyphs[read[0][1]], glyphs[read[-1][1] + read[-1][2] - 1]
    return number, opening.start + opening.origin, closing.end + closing.origin


def _read_at(glyphs: list[Glyph], i: int, digit_height: float, baseline: float) -> tuple[str | None, int]:
    """The character of glyph ``i``, and how many glyphs it took: a glyph that does not read is tried
    with the next ones as one (the hairlines of a serif digit break when a scan is thresholded), as far
    as a digit is wide."""
    char = _read_one(glyphs[i], digit_height, baseline)
    if char is not None:
        return char, 1
    for j in range(i + 2, min(len(glyphs), i + 4) + 1):
        group = glyphs[i:j]
        if group[-1].end - group[0].start > 1.25 * digit_height:
            break
        digit = read_glyph(_union(group))
        if digit is not None:
            return digit, j - i
    return None, 1


def _read_one(glyph: Glyph, digit_height: float, baseline: float) -> str | None:
    if glyph.ink.shape[0] >= SMALL * digit_height and glyph.ink.shape[1] <= 2 * digit_height:
        return _slash(glyph.ink, digit_height) or read_glyph(glyph.ink)
    return _mark(glyph, digit_height, baseline)


def _union(glyphs: Sequence[Glyph]) -> npt.NDArray[np.bool_]:
    """The ink of several glyphs together, as they lie in the band."""
    top, bottom = min(g.top for g in glyphs), max(g.bottom for g in glyphs)
    start, end = min(g.start for g in glyphs), max(g.end for g in glyphs)
    canvas = np.zeros((bottom - top, end - start), dtype=bool)
    for g in glyphs:
        canvas[g.top - top : g.bottom - top, g.start - start : g.end - start] |= g.ink
    return canvas


def _not_number(glyph: Glyph, digit_height: float, digit_top: float, baseline: float) -> bool:
    """A glyph that is no part of a number: it reaches well above the digits (a letter's ascender, a
    mark over a letter), or it is a narrow stroke that is not a ``/``."""
    height, width = glyph.ink.shape
    above = glyph.top < digit_top - 0.25 * digit_height
    below = glyph.bottom > baseline + 0.3 * digit_height and height > 0.5 * digit_height
    narrow = width < 0.45 * digit_height and height >= SMALL * digit_height
    return above or below or (narrow and _slash(glyph.ink, digit_height) is None)


def _slash(glyph: npt.NDArray[np.bool_], digit_height: float) -> str | None:
    """``/``: a narrow stroke as tall as a digit, its top to the right of its bottom."""
    height, width = glyph.shape
    if height < 0.8 * digit_height or width > 0.6 * height:
        return None
    columns = np.arange(width)
    quarter = max(1, height // 4)
    top_x = float((glyph[:quarter] * columns).sum() / max(1, glyph[:quarter].sum()))
    bottom_x = float((glyph[-quarter:] * columns).sum() / max(1, glyph[-quarter:].sum()))
    return "/" if top_x - bottom_x > 0.25 * width else None


def _mark(glyph: Glyph, digit_height: float, baseline: float) -> str | None:
    """A small glyph between digits: ``-`` flat across the middle; ``.`` and ``,`` on the baseline (a
    comma taller than wide, or reaching below it); None for anything else."""
    height, width = glyph.ink.shape
    middle = (glyph.top + glyph.bottom) / 2
    flat = width >= 2 * height and 0.25 * digit_height <= width <= 1.2 * digit_height
    if flat and baseline - 0.75 * digit_height <= middle <= baseline - 0.2 * digit_height:
        return "-"
    on_baseline = abs(glyph.bottom - baseline) <= 0.2 * digit_height or glyph.bottom > baseline
    if not on_baseline or glyph.top < baseline - 0.5 * digit_height:
        return None
    if height > 1.3 * width or glyph.bottom > baseline + 0.15 * digit_height:
        return ","
    return "." if width <= 0.45 * digit_height and height >= 0.5 * width else None


def reread_lines(
    lines: Sequence[list[WordBox]], ink: npt.NDArray[np.bool_]
) -> tuple[list[list[WordBox]], int]:
    """The words of each line with every run of Thai digits re-read from the ink where it reads (one
    word per run, its box the run's, its confidence the lowest of the run's words), and how many runs
    changed."""
    if not templates():
        return [list(line) for line in lines], 0
    changed = 0
    out: list[list[WordBox]] = []
    for line in lines:
        words: list[WordBox] = []
        run: list[WordBox] = []
        taken: list[tuple[int, int]] = []  # the columns the line's runs have read
        for word in (*line, None):
            if word is not None and _is_digits(word.text) and (not run or _next_to(run[-1], word)):
                run.append(word)
                continue
            if run:
                merged, differs = _reread(run, ink, taken)
                words += merged
                changed += differs
                run = []
            if word is not None and _is_digits(word.text):
                run = [word]
            elif word is not None:
                words.append(word)
        out.append(words)
    return out, changed


def _is_digits(text: str) -> bool:
    """A word that can be part of a number: Thai digits and the marks between them."""
    return bool(text) and all(ch in _NUMBER_CHARACTERS for ch in text)


def _next_to(before: WordBox, after: WordBox) -> bool:
    return after.left - (before.left + before.width) < RUN_GAP * max(before.height, after.height)


def _reread(
    run: list[WordBox], ink: npt.NDArray[np.bool_], taken: list[tuple[int, int]]
) -> tuple[list[WordBox], bool]:
    """One word for the run: the number read from its glyphs, spanning their columns (tesseract's boxes
    can sit a digit off), or tesseract's reading where the glyphs do not read."""
    if not any(ch in THAI_DIGITS for w in run for ch in w.text):
        return run, False  # marks alone: nothing to read again
    left, top = min(w.left for w in run), min(w.top for w in run)
    right, bottom = max(w.left + w.width for w in run), max(w.top + w.height for w in run)
    seen = "".join(w.text for w in run)
    read = _read_number(ink, (left, top, right, bottom), taken)
    confidence = min(w.confidence for w in run)
    if read is None:
        return [WordBox(seen, confidence, left, top, right - left, bottom - top)], False
    text, start, end = read
    taken.append((start, end))
    return [WordBox(text, confidence, start, top, end - start, bottom - top)], text != seen
