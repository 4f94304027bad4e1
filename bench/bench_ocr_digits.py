"""Benchmark (not a test): Thai digits OCR'd by tesseract alone, and re-read from their glyphs
(``pipeline/ocr/digits.py``), on generated scans whose numbers are known.

Sheets of memo-like lines (``วันที่ ๒๒ ตุลาคม ๒๕๖๗``, ``ที่ ๐๐๐๕/๒๕๖๘``, ``จำนวน ๓,๒๐๐,๐๐๐ บาท``) with random
Thai-digit numbers, drawn with Pillow at 300 dpi in a font, blurred and given sensor noise as a scan
is, then OCR'd once by tesseract as the pipeline runs it; its TSV is read twice — as tesseract gave it,
and with the runs of Thai digits re-read. Per font: the share of numbers read exactly, of digits, and
the numbers the re-reading turned from right to wrong.

    .venv/bin/python bench/bench_ocr_digits.py [--sheets 4] [--fonts Laksaman,Norasi,Garuda]

With ``SHOW_HARM=1`` in the environment, every line where the re-reading made a right number wrong is
printed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT: Final = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ocr.digits import FONT_DIR, THAI_DIGITS  # noqa: E402
from pipeline.ocr.engine import PSM, read_tsv  # noqa: E402
from pipeline.ocr.image import pbm, pgm, prepare_ink  # noqa: E402

MONTHS: Final = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
NUMBER: Final = re.compile(f"[{THAI_DIGITS}][{THAI_DIGITS},.]*[{THAI_DIGITS}]|[{THAI_DIGITS}]")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(THAI_DIGITS) for _ in range(n))


def _line(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return f"วันที่ {_digits(rng, 2)} {rng.choice(MONTHS)} พ.ศ. {_digits(rng, 4)}"
    if kind == 1:
        return f"ที่ {_digits(rng, 4)}/{_digits(rng, 4)} เรื่อง แผนการจัดซื้อจัดจ้าง ลำดับ {_digits(rng, 2)}"
    return f"งบประมาณ จำนวน {_digits(rng, 1)},{_digits(rng, 3)},{_digits(rng, 3)}.{_digits(rng, 2)} บาท"


def sheet(rng: random.Random, font: str, seed: int) -> tuple[list[str], bytes]:
    """Ten lines and the grey page image (PGM) of them as a scan."""
    lines = [_line(rng) for _ in range(10)]
    width, height = 2480, 1500
    image = Image.new("L", (width, height), 245)
    face = ImageFont.truetype(str(FONT_DIR / f"{font}.ttf"), round(16 * 300 / 72))
    draw = ImageDraw.Draw(image)
    for k, line in enumerate(lines):
        draw.text((180, 80 + k * 135), line, fill=25, font=face)
    image = image.filter(ImageFilter.GaussianBlur(0.9))
    noisy = np.asarray(image, dtype=np.float64) + np.random.default_rng(seed).normal(0, 6, (height, width))
    return lines, pgm(width, height, np.clip(noisy, 0, 255).astype(np.uint8).tobytes())


def tesseract_tsv(ink: np.ndarray) -> str:  # type: ignore[type-arg]
    with tempfile.NamedTemporaryFile(suffix=".pbm") as source:
        source.write(pbm(ink))
        source.flush()
        run = subprocess.run(
            ["tesseract", source.name, "stdout", "-l", "tha+eng", "--psm", str(PSM), "tsv"],
            capture_output=True,
            text=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=True,
        )
    return run.stdout


def _matched(truth: list[str], read: list[str]) -> tuple[set[int], int]:
    """Which true numbers were read exactly (by index), and how many of their digits were."""
    exact: set[int] = set()
    digits = 0
    for i, number in enumerate(truth):
        best = max(read, key=lambda r: difflib.SequenceMatcher(None, number, r).ratio(), default="")
        if best == number:
            exact.add(i)
        digits += sum(m.size for m in difflib.SequenceMatcher(None, number, best).get_matching_blocks())
    return exact, digits


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sheets", type=int, default=4, help="sheets per font (ten lines each)")
    parser.add_argument("--fonts", default="Laksaman,Norasi,Garuda", help="TLWG fonts to draw in")
    args = parser.parse_args()
    print(f"{'font':10s} {'numbers':>7s} {'tesseract':>18s} {'re-read':>18s} {'right→wrong':>11s}")
    for font in args.fonts.split(","):
        rng = random.Random(font)
        total = digits = 0
        right = {"tesseract": 0, "re-read": 0}
        right_digits = {"tesseract": 0, "re-read": 0}
        harmed = 0
        for n in range(args.sheets):
            lines, image = sheet(rng, font, n)
            ink = prepare_ink(image)
            tsv = tesseract_tsv(ink)
            pages = {"tesseract": read_tsv(tsv, "bench"), "re-read": read_tsv(tsv, "bench", ink)}
            read = {name: page.text.split("\n") for name, page in pages.items()}
            for k, line in enumerate(lines):
                truth = NUMBER.findall(line)
                total += len(truth)
                digits += sum(len(t) for t in truth)
                found: dict[str, set[int]] = {}
                for name, texts in read.items():
                    numbers = NUMBER.findall(texts[k]) if k < len(texts) else []
                    found[name], d = _matched(truth, numbers)
                    right[name] += len(found[name])
                    right_digits[name] += d
                lost = found["tesseract"] - found["re-read"]
                harmed += len(lost)
                if lost and os.environ.get("SHOW_HARM"):
                    alone, again = read["tesseract"][k], read["re-read"][k]
                    print(f"  right→wrong: {line!r}: tesseract {alone!r}, re-read {again!r}")
        cells = [f"{right[name] / total:6.1%} ({right_digits[name] / digits:5.1%} dig.)" for name in right]
        print(f"{font:10s} {total:7d} {cells[0]:>18s} {cells[1]:>18s} {harmed:11d}")


if __name__ == "__main__":
    main()
