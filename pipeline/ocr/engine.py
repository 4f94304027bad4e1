"""OCR of page images behind a small protocol; tesseract (Debian's ``tesseract-ocr`` + ``-tha``) ships.

Settings, measured by ``bench/bench_ocr_quality.py`` on the scanned variants of the sample reports
(``python -m tools.scans``, 34 sheets each ``clean`` and ``office``; CER whitespace ignored, raw →
after the OCR chain of :mod:`parsers.repair.ocrtext`):

* ``tha+eng``, page segmentation mode 6, on the prepared page (below): 4.8 → 1.1 % (clean), 4.9 →
  1.2 % (office). Mode 4 lost the last line of some sheets (2.0 / 2.3 % after clean-up).
* ``prepare``: Otsu's threshold, and a 3 x 3 median (dust off) on pages whose paper is noisy,
  i.e. that came through a scanner. Otsu alone: office 5.3 → 1.5 %, the median on top 1.2 % and
  records 0.854 → 0.878 of the text version's; grey pages as they are: office 26.6 % (a nearly blank
  sheet read as thousands of characters of garbage). The median is not for crisp renders (a
  text-layer page sent to OCR): it eats thin strokes of small text there (3.8 → 14 % on a corpus page).
  A threshold that would make more than a quarter of a page ink is capped (that blank sheet under
  uneven light). Deskewing (±2°, ``skew_angle``) did not pay: tesseract levels 1° itself, and
  small false angles on clean sheets cost 0.2 %; upscaling 1.5x cost 60 % more time for no gain;
  both stay in ``prepare``, off.
* one single-threaded tesseract per page and core (``OMP_THREAD_LIMIT=1``: its OpenMP threading made
  it 4.6x slower), given the prepared page as an uncompressed 1-bit PBM through a temporary file:
  tesseract takes a 1-bit image as its binary image and skips its own thresholding, 0.2 s a page
  less than the same black and white as an 8-bit PGM, with the same TSV on every page tried (101:
  30 vote-log scans, 70 generated scans, a rendered report page); PNG cost ~0.6 s a page more.
  ~2 s a page on a 2-core machine; ``prepare_ink`` 0.01–0.02 s (it was 0.05–0.18 s with
  ``np.bincount``, ``np.median`` and Pillow's median filter: the same pixels, now from one histogram
  and a 3 x 3 vote).

Page images are prepared (``prepare``, ``prepare_ink``, ``skew_angle``) in :mod:`pipeline.ocr.image`.
The text is rebuilt from the TSV word boxes (:func:`read_tsv`): the Thai model boxes each cluster, so
the words of a line are joined by their gaps. Word confidences come from the TSV too; a page's
confidence is the mean over its words, weighted by their length.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol

from parsers.text.linebox import LineBox
from pipeline.defaults import OCR_PAGE_TIMEOUT_S
from pipeline.ocr.words import WordBox

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: tesseract's page segmentation mode (see the module's docstring for the measurements)
PSM: Final = 6
#: seconds tesseract may take on one page unless the run says otherwise (Config.ocr_page_timeout_s)
PAGE_TIMEOUT_S: Final = OCR_PAGE_TIMEOUT_S
#: the way :func:`read_tsv` builds the text; part of the engine's name, so cached pages of an older
#: way are not used
TEXT_VERSION: Final = "text3"
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
    start: int  # the word is ``OcrPage.text[start:end]``
    end: int


@dataclass(frozen=True, slots=True)
class OcrPage:
    text: str  # lines joined with "\n"; the words of a line by their gaps (see read_tsv)
    confidence: float | None  # mean word confidence (0–100), by word length; None without words
    words: tuple[OcrWord, ...]
    engine: str
    #: where each line of ``text`` is on the page image (pixels): the union of its words' boxes; empty
    #: from an engine that gives no geometry
    lines: tuple[LineBox, ...] = ()
    #: runs of Thai digits whose reading changed when read again from their glyphs (pipeline/ocr/digits.py)
    digits_reread: int = 0


class OcrEngine(Protocol):
    """What the pipeline needs of an OCR engine: a name for the records and one call per page image.

    An engine that can stop itself on a page that takes too long has a ``timeout`` attribute (seconds,
    None: no limit); the runner sets it to the run's ``Config.ocr_page_timeout_s``."""

    name: str

    def recognize(self, pgm: bytes) -> OcrPage:
        """OCR one grey page image given as a binary PGM (P5) file's bytes."""
        ...


class Tesseract:
    """tesseract 5 on the command line: ``tha+eng``, ``--psm`` :data:`PSM`, one thread, TSV output;
    the page binarised first (``prepare``) unless ``binarize`` is off."""

    #: an image of one grey level (an empty page) reads as an empty page, no text, words or confidence:
    #: the OCR runner then does not start tesseract on it (tests/test_pdf_ocr.py checks it against tesseract)
    empty_when_one_grey = True

    def __init__(
        self,
        languages: str = "tha+eng",
        psm: int = PSM,
        binary: str = "tesseract",
        *,
        binarize: bool = True,
        timeout: float | None = PAGE_TIMEOUT_S,
    ) -> None:
        self.languages, self.psm, self.binarize, self.timeout = languages, psm, binarize, timeout
        found = shutil.which(binary)
        if found is None:
            raise OcrUnavailable(f"tesseract is not installed: {INSTALL_ADVICE}")
        self.binary = found
        listed = subprocess.run([found, "--list-langs"], capture_output=True, text=True, check=False)
        missing = [lang for lang in languages.split("+") if lang not in listed.stdout.split()]
        if missing:
            raise OcrUnavailable(f"tesseract has no model for {', '.join(missing)}: {INSTALL_ADVICE}")
        # the page images and the Thai digits' glyphs need numpy, scipy and Pillow: loaded here, when
        # a page is about to be OCR'd, not by every command that imports the OCR types
        from pipeline.ocr.digits import templates

        # the name keys the OCR cache: it says every setting that changes the text
        self.name = (
            f"tesseract {languages} psm {psm}"
            + (" otsu median" if binarize else "")
            + (" thai-digits" if binarize and templates() else "")
            + f" {TEXT_VERSION}"
        )

    def recognize(self, pgm: bytes) -> OcrPage:
        """OCR one page in one tesseract process (``OMP_THREAD_LIMIT=1``: one core), called as
        ``tesseract IMAGE stdout -l LANGUAGES --psm PSM tsv``: the page's ink (``prepare_ink``:
        Otsu; a 3 x 3 median on scans) as a PBM file, or the grey page as it is without ``binarize``.
        Its TSV goes to a file, not a pipe: nothing of ours runs while it works. A page that takes more
        than ``timeout`` seconds stops tesseract and raises (the runner records ``ocr_failed``)."""
        from pipeline.ocr.image import pbm, prepare_ink

        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        ink = prepare_ink(pgm) if self.binarize else None
        image = pgm if ink is None else pbm(ink)
        with (
            tempfile.NamedTemporaryFile(suffix=".pbm" if self.binarize else ".pgm") as source,
            tempfile.TemporaryFile() as tsv,
        ):
            source.write(image)
            source.flush()
            command = [
                self.binary,
                source.name,
                "stdout",
                "-l",
                self.languages,
                "--psm",
                str(self.psm),
                "tsv",
            ]
            try:
                run = subprocess.run(
                    command, stdout=tsv, stderr=subprocess.PIPE, env=env, check=False, timeout=self.timeout
                )
            except subprocess.TimeoutExpired as exc:  # the process is killed: the page fails, the run goes on
                raise RuntimeError(
                    f"tesseract took more than {self.timeout:g} s on the page; stopped"
                ) from exc
            if run.returncode != 0:
                said = run.stderr.decode(errors="replace").strip()[:300] or "nothing on stderr"
                raise RuntimeError(f"tesseract failed ({_how_it_ended(run.returncode)}): {said}")
            tsv.seek(0)
            text = tsv.read().decode("utf-8", errors="replace")
        return read_tsv(text, self.name, ink)


def _how_it_ended(code: int) -> str:
    """A process's end in words: the signal that killed it (a crash says SIGSEGV, not -11), or its
    exit code."""
    if code >= 0:
        return f"exit code {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


#: a word that starts with one of these continues the word before it (a mark, a following vowel:
#: tesseract's Thai model boxes clusters, so ``ชื`` ``่`` ``อ`` arrive as three words)
_CONTINUES: Final = re.compile(r"^[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
#: a word that ends with a leading vowel (เ แ โ ใ ไ) goes on in the next word
_GOES_ON: Final = re.compile(r"[\u0e40-\u0e44]$")
_THAI: Final = re.compile(r"[\u0e01-\u0e5b]")
#: consonants without ascender or descender: their box height is the x-height of the line's font
_PLAIN: Final = frozenset("กขคฆงจฉชซฌฑฒณดตถทธนบผพภมยรลวศษสหอฮ")
#: a gap between two words is a space from this share of the x-height on: between two Thai words, and
#: next to digits, Latin and punctuation (whose boxes are tight). Measured on 50 scanned sheets of the
#: sample reports (bench/bench_ocr_quality.py): inside Thai words 99 % of gaps are below 0.47 x-height,
#: between them 95 % above 0.40; where a word is not Thai, spaces are wider than 0.3 in 90 % of cases
SPACE_THAI: Final = 0.5
SPACE_OTHER: Final = 0.3


def _lines(tsv: str) -> list[list[WordBox]]:
    """Words (level 5 rows with text) grouped by line (block, paragraph, line), in reading order."""
    lines: dict[tuple[int, int, int], list[WordBox]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))
        box = WordBox(cells[11].strip(), float(cells[10]), *(int(cell) for cell in cells[6:10]))
        lines.setdefault(key, []).append(box)
    return [lines[key] for key in sorted(lines)]


def _x_height(boxes: Sequence[WordBox]) -> float | None:
    heights = [b.height for b in boxes if b.text in _PLAIN]
    return statistics.median(heights) if heights else None


def _separator(before: WordBox, after: WordBox, gap: int, x_height: float) -> str:
    """Nothing inside a word, one space between words: by the gap, relative to the x-height."""
    if _CONTINUES.match(after.text) or _GOES_ON.search(before.text):
        return ""
    thai = bool(_THAI.match(before.text[-1]) and _THAI.match(after.text[0]))
    return " " if gap >= (SPACE_THAI if thai else SPACE_OTHER) * x_height else ""


def read_tsv(tsv: str, engine: str, ink: npt.NDArray[np.bool_] | None = None) -> OcrPage:
    """Text, words, line boxes and confidence of tesseract's TSV output (level 5 rows are words).

    The words of a line are joined by their geometry: tesseract's Thai model gives each cluster its own
    box (``ร`` ``้`` ``อ`` ``ย`` ``ล`` ``ะ``), so a gap narrower than a space joins two words, a wider
    one is one space; lines keep their line breaks. Each word's ``start``/``end`` is its place in the text;
    each line's box, the union of its words' boxes, is where the line is on the page. With the ``ink``
    tesseract read (True: ink), runs of Thai digits are read again from their glyphs first
    (:mod:`pipeline.ocr.digits`).
    """
    lines = _lines(tsv)
    reread = 0
    if ink is not None:  # Thai digits read again from their glyphs (pipeline/ocr/digits.py)
        from pipeline.ocr.digits import reread_lines

        lines, reread = reread_lines(lines, ink)
    page_x = _x_height([b for line in lines for b in line])
    words: list[OcrWord] = []
    boxes: list[LineBox] = []
    parts: list[str] = []
    pos = 0
    for number, line in enumerate(lines):
        if number:
            parts.append("\n")
            pos += 1
        start = pos
        x_height = _x_height(line) if sum(b.text in _PLAIN for b in line) >= 3 else page_x
        if x_height is None:  # no Thai on the page: half the height of its words
            x_height = statistics.median(b.height for b in line) / 2
        right = 0
        gaps: list[float] = []  # the spaces between words, with the ink's edges on either side
        for i, box in enumerate(line):
            if i:
                separator = _separator(line[i - 1], box, box.left - right, x_height)
                if separator.strip() == "" and separator:
                    gaps += (pos, pos + len(separator), right, box.left)
                parts.append(separator)
                pos += len(separator)
            words.append(OcrWord(box.text, box.confidence, number, pos, pos + len(box.text)))
            parts.append(box.text)
            pos += len(box.text)
            right = max(right, box.left + box.width)
        boxes.append(_line_box(line, start, pos, tuple(gaps)))
    weight = sum(len(w.text) for w in words)
    confidence = sum(w.confidence * len(w.text) for w in words) / weight if weight else None
    return OcrPage("".join(parts), confidence, tuple(words), engine, tuple(boxes), reread)


def _line_box(line: Sequence[WordBox], start: int, end: int, gaps: tuple[float, ...] = ()) -> LineBox:
    """The box of a line of words at ``[start, end)`` of the text: the union of theirs (pixels, y down)."""
    left, top = min(b.left for b in line), min(b.top for b in line)
    right, bottom = max(b.left + b.width for b in line), max(b.top + b.height for b in line)
    return LineBox(start, end, left, right, top, bottom, gaps)
