"""Thai digits re-read from their glyphs (pipeline/ocr/digits.py): each digit's shape, a number with
its marks, and scans whose numbers tesseract's Thai model gets wrong."""

from __future__ import annotations

import random
import re
import shutil

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.ocr.digits import FONT_DIR, THAI_DIGITS, read_glyph, read_run, reread_lines, templates
from pipeline.ocr.engine import Tesseract
from pipeline.ocr.image import pgm, prepare_ink
from pipeline.ocr.words import WordBox

pytestmark = pytest.mark.skipif(not templates(), reason=f"the TLWG fonts are not installed ({FONT_DIR})")


def _ink(text: str, font: str, size: int, blur: float = 0.0, seed: int = 0) -> npt.NDArray[np.bool_]:
    """``text`` drawn in black on white at ``size`` pixels, as a scan would give it (True: ink)."""
    face = ImageFont.truetype(str(FONT_DIR / f"{font}.ttf"), size)
    image = Image.new("L", (int(size * (len(text) + 2)), size * 2), 245)
    ImageDraw.Draw(image).text((size // 2, size // 3), text, fill=25, font=face)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    pixels = np.asarray(image, dtype=np.float64) + np.random.default_rng(seed).normal(0, 6, image.size[::-1])
    grey = np.clip(pixels, 0, 255).astype(np.uint8)
    return prepare_ink(pgm(grey.shape[1], grey.shape[0], grey.tobytes()))


def _box(ink: npt.NDArray[np.bool_]) -> tuple[int, int, int, int]:
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


@pytest.mark.parametrize("font", ["Laksaman", "Norasi", "Garuda", "Loma"])
@pytest.mark.parametrize("size", [50, 67, 90])  # 12, 16 (the official size) and 22 pt at 300 dpi
def test_every_digit_reads_as_itself(font: str, size: int) -> None:
    for digit in THAI_DIGITS:
        ink = _ink(digit, font, size)
        left, top, right, bottom = _box(ink)
        assert read_glyph(ink[top:bottom, left:right]) == digit, (font, size, digit)


@pytest.mark.parametrize(
    "number", ["๒๕๖๗", "๓,๒๐๐,๐๐๐.๐๐", "๐๐๐๕/๒๕๖๘", "๑๒.๕๐", "๒๕๖๐-๒๕๖๔", "๒๒ ๒๕๖๗"], ids=range(6)
)
@pytest.mark.parametrize("font", ["Laksaman", "Norasi"])
def test_a_number_reads_with_its_marks(number: str, font: str) -> None:
    ink = _ink(number, font, 67, blur=0.8)
    assert read_run(ink, *_box(ink)) == number


def test_a_box_cut_short_still_reads_the_whole_digit() -> None:
    ink = _ink("๒๕๖๗", "Laksaman", 67, blur=0.8)
    left, top, right, bottom = _box(ink)
    # tesseract's boxes of Thai clusters cut into the first and last digits
    assert read_run(ink, left + 12, top, right - 12, bottom) == "๒๕๖๗"


def test_letters_next_to_the_number_are_not_read_as_digits() -> None:
    ink = _ink("ที่๒๕๖๗", "Laksaman", 67, blur=0.8)
    left, top, right, bottom = _box(ink)
    # the box reaches into the letters before the number: they are left out, not read as digits
    assert read_run(ink, left + 40, top, right, bottom) == "๒๕๖๗"


def test_what_is_not_a_digit_is_not_read() -> None:
    ink = _ink("กขค", "Laksaman", 67, blur=0.8)
    assert read_run(ink, *_box(ink)) is None


def test_only_runs_of_digits_change_and_marks_alone_stay() -> None:
    ink = _ink("๒๕๖๗", "Laksaman", 67, blur=0.8)
    left, top, right, bottom = _box(ink)
    width = (right - left) // 4
    words = [WordBox(d, 99.0, left + k * width, top, width, bottom - top) for k, d in enumerate("๒๕๒๐")]
    lines, changed = reread_lines([[WordBox("วันที่", 95.0, 0, top, left - 10, bottom - top), *words]], ink)
    assert changed == 1
    assert [w.text for w in lines[0]] == ["วันที่", "๒๕๖๗"]
    # the word spans the digits' ink (tesseract's boxes can sit a digit off), at the run's confidence
    assert lines[0][1].confidence == 99.0 and (lines[0][1].left, lines[0][1].width) == (left, right - left)
    alone = [[WordBox(",", 90.0, 5, 5, 5, 5)]]
    assert reread_lines(alone, ink) == (alone, 0)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (make system-deps)")
def test_a_scan_in_thai_digits_reads_its_numbers() -> None:
    """tesseract alone gets about one number in ten of such a sheet right (bench/bench_ocr_digits.py)."""
    rng = random.Random(7)
    numbers = ["".join(rng.choice(THAI_DIGITS) for _ in range(4)) for _ in range(8)]
    lines = [f"วันที่ {n[:2]} ตุลาคม พ.ศ. {n}" for n in numbers]
    face = ImageFont.truetype(str(FONT_DIR / "Laksaman.ttf"), 67)
    image = Image.new("L", (2480, 1200), 245)
    for k, line in enumerate(lines):
        ImageDraw.Draw(image).text((180, 80 + k * 135), line, fill=25, font=face)
    image = image.filter(ImageFilter.GaussianBlur(0.9))
    noisy = np.asarray(image, dtype=np.float64) + np.random.default_rng(1).normal(0, 6, (1200, 2480))
    page = pgm(2480, 1200, np.clip(noisy, 0, 255).astype(np.uint8).tobytes())
    engine = Tesseract()
    assert "thai-digits" in engine.name
    read = engine.recognize(page)
    got = read.text.split("\n")
    right = sum(
        bool(re.search(f"วันที่ ?{n[:2]} ตุลาคม .*{n}$", line)) for n, line in zip(numbers, got, strict=False)
    )
    assert read.digits_reread >= 4 and right >= 6, read.text
