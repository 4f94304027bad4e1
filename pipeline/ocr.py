"""OCR of page images behind a small protocol; tesseract (Debian's ``tesseract-ocr`` + ``-tha``) ships.

Settings from MEASUREMENTS.md (2 cores, Thai reports at 300 dpi): ``tha+eng`` with page segmentation
mode 6 had the lowest character error rate (3.2 % raw, 0.7 % after normalisation); one single-threaded
tesseract per core (``OMP_THREAD_LIMIT=1``: its OpenMP threading made it 4.6x slower); an uncompressed
grey PGM through a temporary file (PNG cost ~0.6 s a page more). Word confidences come from the TSV
output; a page's confidence is the mean over its words, weighted by their length.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Final, Protocol

#: the resolution pages are rendered at for OCR
OCR_DPI: Final = 300
INSTALL_ADVICE: Final = (
    "install Debian's tesseract-ocr and tesseract-ocr-tha (`make system-deps`, or "
    "`apt-get install tesseract-ocr tesseract-ocr-tha`)"
)


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot run here (not installed, or its Thai model is missing)."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    text: str
    confidence: float  # 0–100, as the engine reports it
    line: int  # 0-based line of the page the word is on


@dataclass(frozen=True, slots=True)
class OcrPage:
    text: str  # lines joined with "\n", words of a line with " "
    confidence: float | None  # mean word confidence (0–100), by word length; None without words
    words: tuple[OcrWord, ...]
    engine: str


class OcrEngine(Protocol):
    """What the pipeline needs of an OCR engine: a name for the records and one call per page image."""

    name: str

    def recognize(self, pgm: bytes) -> OcrPage:
        """OCR one grey page image given as a binary PGM (P5) file's bytes."""
        ...


def pgm(width: int, height: int, grey: bytes) -> bytes:
    """A binary PGM file: the plainest image format tesseract reads (no decoding cost)."""
    return b"P5\n%d %d\n255\n" % (width, height) + grey


class Tesseract:
    """tesseract 5 on the command line: ``tha+eng``, ``--psm 6``, one thread, TSV output."""

    def __init__(self, languages: str = "tha+eng", psm: int = 6, binary: str = "tesseract") -> None:
        self.languages, self.psm = languages, psm
        found = shutil.which(binary)
        if found is None:
            raise OcrUnavailable(f"tesseract is not installed: {INSTALL_ADVICE}")
        self.binary = found
        listed = subprocess.run([found, "--list-langs"], capture_output=True, text=True, check=False)
        missing = [lang for lang in languages.split("+") if lang not in listed.stdout.split()]
        if missing:
            raise OcrUnavailable(f"tesseract has no model for {', '.join(missing)}: {INSTALL_ADVICE}")
        self.name = f"tesseract {languages} psm {psm}"

    def recognize(self, pgm: bytes) -> OcrPage:
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        with tempfile.NamedTemporaryFile(suffix=".pgm") as image:
            image.write(pgm)
            image.flush()
            run = subprocess.run(
                [self.binary, image.name, "stdout", "-l", self.languages, "--psm", str(self.psm), "tsv"],
                capture_output=True,
                env=env,
                check=False,
            )
        if run.returncode != 0:
            raise RuntimeError(f"tesseract failed: {run.stderr.decode(errors='replace').strip()[:300]}")
        return read_tsv(run.stdout.decode("utf-8", errors="replace"), self.name)


def read_tsv(tsv: str, engine: str) -> OcrPage:
    """Text, words and confidence of tesseract's TSV output (level 5 rows are words)."""
    lines: dict[tuple[int, int, int], list[tuple[str, float]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))  # block, paragraph, line
        lines.setdefault(key, []).append((cells[11], float(cells[10])))
    words: list[OcrWord] = []
    texts: list[str] = []
    for number, key in enumerate(sorted(lines)):
        texts.append(" ".join(text for text, _ in lines[key]))
        words += [OcrWord(text, conf, number) for text, conf in lines[key]]
    weight = sum(len(w.text) for w in words)
    confidence = sum(w.confidence * len(w.text) for w in words) / weight if weight else None
    return OcrPage("\n".join(texts), confidence, tuple(words), engine)


def default_engine() -> OcrEngine:
    """The engine that ships (tesseract); :class:`OcrUnavailable` says how to install it."""
    return Tesseract()
