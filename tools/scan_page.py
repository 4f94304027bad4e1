"""One report page as a scanner sees it: Thai drawn correctly shaped at 300 dpi, then damaged.

The corpus generator (:mod:`tools.corpus`) writes glyphs unshaped, which is right for its text layer,
but rasterised some Thai marks sit low or overlap, and OCR misreads them for reasons no real scan has.
Here lines are drawn with Pillow's raqm layout engine (HarfBuzz shaping: a tone mark low on a bare
consonant, high over an upper vowel, moved left of a tall consonant), in the corpus's layout (A4,
15 mm margins, one line per source line, 14 pt set smaller for a long line, each source page on a new
sheet) with two changes, both measured or needed: lines 8.5 mm apart (the font's single spacing,
not the corpus's 7 mm), and a line still too wide at 10 pt wraps at 14 pt (the corpus lets it run
off the sheet, but a scan's truth must be on the page). Then an office scanner's damage
(:func:`degrade`): tilt, blur, grey paper, uneven light, dust, sensor noise, drawn from a seeded RNG
so that a page is damaged the same way on every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFilter, ImageFont, features
from pythainlp.tokenize import word_tokenize

from tools.corpus import FONT_PT, MARGIN_MM

DPI: Final = 300
#: A4 at 300 dpi (210 × 297 mm)
SHEET_PX: Final = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
#: line pitch: single spacing of Laksaman 14 pt (ascent + descent = 8.2 mm), as a word processor sets
#: it. The corpus's 7 mm packs lines so tightly that tesseract dropped twice as many tone marks over
#: upper vowels (one report: 4.0 % → 1.7 % character errors after normalisation at 8.5 mm).
LINE_MM: Final = 8.5
#: the corpus's page break: a line goes to the next sheet when it would cross the bottom margin
LINES_PER_SHEET: Final = int((297 - 2 * MARGIN_MM) // LINE_MM)
TEXT_WIDTH_PX: Final = SHEET_PX[0] - 2 * MARGIN_MM / 25.4 * DPI
#: the smallest size a long line is set in before it wraps (the corpus's 6 pt is ~25 px high at 300 dpi)
MIN_SCAN_PT: Final = 10.0
_WORD: Final = re.compile(r"\s*\S+")
#: a character and the Thai marks drawn on it (MAI HAN-AKAT, upper and lower vowels, tones, THANTHAKHAT…)
_CLUSTER: Final = re.compile(r"\s*.[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*")
SHAPING_ADVICE: Final = (
    "Pillow needs its raqm layout engine for Thai shaping: Pillow's wheels bundle raqm and HarfBuzz "
    "and load FriBiDi from the system — install Debian's libfribidi0 (`make system-deps`, or "
    "`apt-get install libfribidi0`), or build Pillow against libraqm"
)
Array = npt.NDArray[np.float32]


class ShapingMissing(RuntimeError):
    """Pillow cannot shape Thai here (no raqm layout engine): marks would be drawn in the wrong places."""


class Strength(StrEnum):
    """How much scanner damage a page gets (the numbers are in :data:`DEGRADATIONS`)."""

    CLEAN = "clean"  # 300 dpi grey and JPEG, nothing else
    OFFICE = "office"  # an office multifunction scanner: tilt, blur, grey paper, uneven light, dust


@dataclass(frozen=True, slots=True)
class Degradation:
    """The damage done to every page; recorded in the manifest so a result can be reproduced."""

    min_tilt_deg: float  # the page is rotated by ±[min_tilt, max_tilt] degrees (sign drawn too)
    max_tilt_deg: float
    blur_px: float  # Gaussian radius at 300 dpi: a scanner's optics and its sensor
    paper: tuple[int, int]  # grey level of the paper, drawn in this range (yellowish paper scans grey)
    ink: int  # grey level of the toner
    shading: float  # brightness varies by up to ± this share over the page (lid not flat, lamp ageing)
    noise: float  # standard deviation of the sensor noise, grey levels
    specks_per_mpx: float  # dust and toner specks per million pixels
    jpeg_quality: int


DEGRADATIONS: Final[dict[Strength, Degradation]] = {
    Strength.CLEAN: Degradation(
        min_tilt_deg=0,
        max_tilt_deg=0,
        blur_px=0,
        paper=(255, 255),
        ink=0,
        shading=0,
        noise=0,
        specks_per_mpx=0,
        jpeg_quality=75,
    ),
    # noise 3 and quality 60 keep a sparse page near 300 kB (noise 5: 510 kB; noise 0: 190 kB)
    Strength.OFFICE: Degradation(
        min_tilt_deg=0.3,
        max_tilt_deg=1.0,
        blur_px=0.8,
        paper=(222, 238),
        ink=35,
        shading=0.05,
        noise=3,
        specks_per_mpx=6,
        jpeg_quality=60,
    ),
}


def check_shaping() -> None:
    """Raise :class:`ShapingMissing` when Pillow has no raqm: unshaped Thai is what we avoid here."""
    if not features.check("raqm"):
        raise ShapingMissing(f"Pillow cannot shape Thai text: {SHAPING_ADVICE}")


@dataclass(frozen=True, slots=True)
class Line:
    """One drawn line: its text and its size in points."""

    text: str
    points: float


def layout(pages: Sequence[str], font: Path) -> list[list[Line]]:
    """The lines of each sheet: each source page starts a sheet, a long page runs onto the next ones.

    Lines are those of :func:`tools.corpus.render_pdf` (trailing spaces dropped, a tab = 4 spaces),
    each set as :func:`set_line` says, so a line may become several. Blank lines at the end of a page
    are dropped: spilled onto a sheet of their own they made a blank page, on which tesseract read
    the paper's noise as 5,000 characters of garbage.
    """
    sheets: list[list[Line]] = []
    for page in pages or ("",):
        lines = [drawn for line in page.split("\n") for drawn in set_line(line, font)]
        while lines and not lines[-1].text:
            lines.pop()
        sheets += [lines[i : i + LINES_PER_SHEET] for i in range(0, max(1, len(lines)), LINES_PER_SHEET)]
    return sheets


def set_line(line: str, font: Path) -> list[Line]:
    """The corpus's rule (14 pt, smaller by half points until the line fits) down to 10 pt; else wrapped.

    The corpus goes down to 6 pt and lets a longer line run off the sheet: its text layer still has
    it, but a scanner would not see it, and the truth of a scan must be on the page. Such a line is a
    paragraph: it wraps at 14 pt, at spaces, and inside a run of Thai without spaces between dictionary
    words (as word processors break Thai), so the text without whitespace stays the source's.
    """
    line = line.rstrip().replace("\t", "    ")
    points = FONT_PT
    while points > MIN_SCAN_PT and _font(font, points).getlength(line) > TEXT_WIDTH_PX:
        points -= 0.5
    if _font(font, points).getlength(line) <= TEXT_WIDTH_PX:
        return [Line(line, points)]
    face, pieces = _font(font, FONT_PT), [""]
    for unit in _units(line, face):
        if pieces[-1].strip() and face.getlength(pieces[-1] + unit) > TEXT_WIDTH_PX:
            pieces.append(unit.lstrip())
        else:
            pieces[-1] += unit
    return [Line(piece.rstrip(), FONT_PT) for piece in pieces]


def _units(line: str, face: ImageFont.FreeTypeFont) -> Iterator[str]:
    """Words with their leading spaces; a run too wide for a line comes as its dictionary words, and a
    single word still too wide as its character clusters."""
    for word in _WORD.findall(line):
        if face.getlength(word.strip()) <= TEXT_WIDTH_PX:
            yield word
            continue
        for part in word_tokenize(word, engine="newmm", keep_whitespace=True):
            if face.getlength(part.strip()) <= TEXT_WIDTH_PX:
                yield part
            else:
                yield from _CLUSTER.findall(part)


def _px(mm: float) -> float:
    return mm / 25.4 * DPI


@lru_cache(maxsize=64)
def _font(path: Path, points: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), points / 72 * DPI, layout_engine=ImageFont.Layout.RAQM)


def draw_sheet(lines: Sequence[Line], font: Path) -> Image.Image:
    """One sheet at 300 dpi, black on white, each line on the baseline fpdf2 would give it.

    ``ImageDraw.text`` with the raqm engine shapes each line: a tone mark sits low on a bare consonant
    (``ก่``) and high over an upper vowel (``กี่``), moved left of a tall consonant (``ปี่``).
    """
    sheet = Image.new("L", SHEET_PX, 255)
    draw = ImageDraw.Draw(sheet)
    for number, line in enumerate(lines):
        if not line.text.strip():
            continue
        face = _font(font, line.points)
        # fpdf2 centres a cell's text: baseline at half the cell height plus 0.3 of the font size
        baseline = _px(MARGIN_MM + number * LINE_MM + LINE_MM / 2) + 0.3 * face.size
        draw.text((_px(MARGIN_MM), baseline), line.text, font=face, fill=0, anchor="ls")
    return sheet


def _smooth_field(rng: np.random.Generator, shape: tuple[int, int]) -> Array:
    """A slowly varying field in [-1, 1] over the page: a 3 × 4 grid of random values, smoothly upscaled."""
    grid = Image.fromarray(rng.uniform(0, 255, (4, 3)).astype(np.uint8), mode="L")
    field = np.asarray(grid.resize((shape[1], shape[0]), Image.Resampling.BICUBIC), dtype=np.float32)
    return field / 127.5 - 1


def _specks(rng: np.random.Generator, ink: Array, count: int) -> None:
    """Dark specks of 1–3 pixels (dust on the glass, stray toner), drawn into ``ink`` in place."""
    height, width = ink.shape
    ys, xs = rng.integers(0, height - 3, count), rng.integers(0, width - 3, count)
    sizes = rng.integers(1, 4, count)
    for y, x, size in zip(ys, xs, sizes, strict=True):
        ink[y : y + size, x : x + size] = np.maximum(ink[y : y + size, x : x + size], 0.85)


def degrade(sheet: Image.Image, damage: Degradation, rng: np.random.Generator) -> Image.Image:
    """The sheet as an office scanner returns it (grey): tilted, blurred, on grey paper, with dust.

    Works on ink coverage (0 = paper, 1 = toner) so tilt and blur spread ink, not the paper tone.
    """
    coverage = Image.eval(sheet, lambda v: 255 - v)
    tilt = rng.uniform(damage.min_tilt_deg, damage.max_tilt_deg) * rng.choice((-1.0, 1.0))
    if tilt:
        coverage = coverage.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=0)
    ink = _unit(coverage)
    _specks(rng, ink, round(damage.specks_per_mpx * ink.size / 1e6))
    if damage.blur_px:
        ink = _unit(_image(ink).filter(ImageFilter.GaussianBlur(damage.blur_px)))
    paper = rng.uniform(*damage.paper)
    light = 1 + damage.shading * _smooth_field(rng, ink.shape)
    grey = (paper - (paper - damage.ink) * ink) * light
    if damage.noise:
        grey += rng.normal(0, damage.noise, ink.shape).astype(np.float32)
    return Image.fromarray(np.clip(np.rint(grey), 0, 255).astype(np.uint8), mode="L")


def _unit(image: Image.Image) -> Array:
    """A grey image as a writable float array in [0, 1]."""
    return np.array(image, dtype=np.float32) / np.float32(255)


def _image(unit: Array) -> Image.Image:
    return Image.fromarray(np.rint(unit * 255).astype(np.uint8), mode="L")
