"""Page images made ready for OCR: the plain image files tesseract reads fastest, and the ink of a
page (Otsu's threshold, a 3 x 3 median on scanned paper), measured as :mod:`pipeline.ocr.engine` describes."""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFilter


def pgm(width: int, height: int, grey: bytes | memoryview) -> bytes:
    """A binary PGM file: the plainest image format tesseract reads (no decoding cost); one copy of
    the pixels."""
    return b"".join((b"P5\n%d %d\n255\n" % (width, height), grey))


def pbm(ink: npt.NDArray[np.bool_]) -> bytes:
    """A binary PBM file (P4, 1 bit a pixel, 1 = black) of a black-and-white page: an eighth of the
    grey page's bytes, and tesseract takes it as its binary image as it is (no thresholding of its
    own: 0.2 s a page less than the same page as a 0/255 PGM, the same words)."""
    height, width = ink.shape
    return b"P4\n%d %d\n" % (width, height) + np.packbits(ink, axis=1).tobytes()


_PGM_HEADER: Final = re.compile(rb"P5\s+(\d+)\s+(\d+)\s+255\s")


def _grey(image: bytes) -> tuple[int, int, npt.NDArray[np.uint8]]:
    """Width, height and pixels (a read-only view, not a copy) of a binary PGM (P5, 8 bits)."""
    header = _PGM_HEADER.match(image)
    if header is None:
        raise ValueError("not an 8-bit binary PGM")
    w, h = int(header[1]), int(header[2])
    if len(image) - header.end() < w * h:
        raise ValueError("a PGM shorter than its size")
    return w, h, np.frombuffer(image, dtype=np.uint8, count=w * h, offset=len(image) - w * h).reshape(h, w)


#: a page is mostly paper: a split that makes more than this share of it ink went through the paper
#: (a blank page under uneven light); then only clearly dark pixels are ink
MAX_INK: Final = 0.25
DARK: Final = 128


def histogram(pixels: npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    """How many pixels have each grey level (256 counts; Pillow's count, 5x faster than
    ``np.bincount``, which widens every pixel to 64 bits first)."""
    counts = Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8)).histogram()
    return np.array(counts, dtype=np.int64)


def otsu_threshold(pixels: npt.NDArray[np.uint8], hist: npt.NDArray[np.int64] | None = None) -> int:
    """The grey level that best splits ink from paper (Otsu: the most variance between the two); on a
    page with almost no ink, :data:`DARK` at most. ``hist``: the pixels' :func:`histogram`, if known."""
    counts = (histogram(pixels) if hist is None else hist).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    below = np.cumsum(counts)
    above = below[-1] - below
    mass = np.cumsum(counts * levels)
    mean_below = mass / np.maximum(below, 1)
    mean_above = (mass[-1] - mass) / np.maximum(above, 1)
    threshold = int(np.argmax(below * above * (mean_below - mean_above) ** 2))
    if below[threshold] > MAX_INK * below[-1]:
        threshold = min(threshold, DARK)
    return threshold


def skew_angle(ink: npt.NDArray[np.bool_], limit: float = 2.0, step: float = 0.1) -> float:
    """The rotation (degrees) that makes the text lines level: the sharpest row profile of the ink,
    searched on a quarter-size copy."""
    small = Image.fromarray(ink[::4, ::4].astype(np.uint8) * 255, mode="L")
    best, best_score = 0.0, -1.0
    for i in range(-round(limit / step), round(limit / step) + 1):
        angle = i * step
        rows = np.asarray(small.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float64).sum(
            axis=1
        )
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


#: paper whose grey level varies by this much (median absolute deviation) came through a scanner
NOISY_PAPER: Final = 2.0


def paper_noise(pixels: npt.NDArray[np.uint8], threshold: int) -> float:
    """How much the paper's grey level varies (median absolute deviation, on every other pixel): 0 on
    a rendered page and a clean scan, 3–6 on an office scan. Read off the histogram (the same number
    as ``np.median`` of the pixels gives, without sorting them)."""
    counts = histogram(np.ascontiguousarray(pixels[::2, ::2]))[threshold + 1 :]
    if not counts.sum():
        return 0.0
    levels = np.arange(threshold + 1, 256, dtype=np.float64)
    middle = _median(levels, counts)
    deviations = np.abs(levels - middle)
    order = np.argsort(deviations, kind="stable")
    return _median(deviations[order], counts[order])


def _median(values: npt.NDArray[np.float64], counts: npt.NDArray[np.int64]) -> float:
    """The median of ``values`` (ascending) each repeated ``counts`` times, as ``np.median`` has it
    (the mean of the two middle ones for an even count)."""
    ends = np.cumsum(counts)
    n = int(ends[-1])
    upper = float(values[np.searchsorted(ends, n // 2, side="right")])
    if n % 2:
        return upper
    lower = float(values[np.searchsorted(ends, n // 2 - 1, side="right")])
    return (lower + upper) / 2


def despeckle_ink(ink: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """A 3 x 3 median of a black-and-white page: a pixel is ink when 5 of the 9 around it are, the
    edges repeated outwards (what Pillow's ``MedianFilter(3)`` gives on a 0/255 page, ~8x faster)."""
    padded = np.pad(ink.view(np.uint8), 1, mode="edge")
    rows = padded[:, :-2] + padded[:, 1:-1]
    rows += padded[:, 2:]
    votes = rows[:-2] + rows[1:-1]
    votes += rows[2:]
    return votes >= 5


def prepare_ink(image: bytes, *, despeckle: bool | None = None) -> npt.NDArray[np.bool_]:
    """The ink of a grey page (PGM): pixels at or below Otsu's threshold, and, on a page whose paper
    is noisy (:data:`NOISY_PAPER`; by default, or always/never by ``despeckle``), a 3 x 3 median on
    top (dust off; on a crisp render it eats thin strokes, 3.8 → 14 % CER). What :func:`prepare` does
    by default, as a boolean array (``True``: black), from one histogram of the page."""
    _, _, pixels = _grey(image)
    threshold = otsu_threshold(pixels, histogram(pixels))
    if despeckle is None:
        despeckle = paper_noise(pixels, threshold) >= NOISY_PAPER
    ink = pixels <= threshold
    return despeckle_ink(ink) if despeckle else ink


def prepare(
    image: bytes,
    *,
    binarize: bool = True,
    despeckle: bool | None = None,
    deskew: bool = False,
    scale: float = 1.0,
) -> bytes:
    """A page image made easier to read: levelled (``deskew``), enlarged (``scale``), black on white
    (``binarize``) and without dust (``despeckle``: a 3 x 3 median; by default only on a page whose
    paper is noisy, :data:`NOISY_PAPER`: on a crisp render it eats thin strokes, 3.8 → 14 % CER).
    A grey PGM; the engine sends :func:`prepare_ink`'s black and white as a PBM instead."""
    width, height, pixels = _grey(image)
    if binarize and not deskew and scale == 1.0:
        ink = prepare_ink(image, despeckle=despeckle)
        return pgm(width, height, np.where(ink, np.uint8(0), np.uint8(255)).tobytes())
    threshold = otsu_threshold(pixels)
    if despeckle is None:
        despeckle = paper_noise(pixels, threshold) >= NOISY_PAPER
    if scale != 1.0:
        width, height = round(width * scale), round(height * scale)
        enlarged = Image.fromarray(pixels, mode="L").resize((width, height), Image.Resampling.BICUBIC)
        pixels = np.asarray(enlarged, dtype=np.uint8)
    if deskew:
        angle = skew_angle(pixels <= threshold)
        if angle:
            rotated = Image.fromarray(pixels, mode="L").rotate(
                angle, resample=Image.Resampling.BICUBIC, fillcolor=255
            )
            pixels = np.asarray(rotated, dtype=np.uint8)
    if binarize:
        pixels = np.where(pixels > threshold, 255, 0).astype(np.uint8)
    if despeckle:
        cleaned = Image.fromarray(pixels, mode="L").filter(ImageFilter.MedianFilter(3))
        pixels = np.asarray(cleaned, dtype=np.uint8)
    return pgm(width, height, pixels.tobytes())
