"""PDFs whose truth is known: the project's own sample reports rendered to text-layer PDFs.

Each readable text export or saved web page under a source folder becomes ``<stem>.pdf`` in the
output folder, one PDF page (or more, when it is long) per source page, one PDF line per source line, in
a Thai TrueType font of Debian's ``fonts-thai-tlwg`` (Laksaman, the font the issue's measurements used).
``corpus.json`` beside them names each PDF's source file and its content hash, so a test can compare
what we read from the PDF with the source text and with the records of the text version.

Glyphs are written one per character, without shaping, as a printer driver with a simple Thai font
does: the text layer then holds exactly the source characters, and the TLWG fonts position their marks
themselves, so the page also reads well (which the scanned variants of the OCR work need). HarfBuzz
shaping (fpdf2's ``set_text_shaping``) was tried and rejected: fpdf2 maps the shaped glyph clusters
back to the wrong characters (tone marks land on the next syllable, ``+`` and ``_`` appear), a damage
that no real exporter makes.

The output is deterministic: the same sources and font give byte-identical PDFs.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from fpdf import FPDF

from pipeline.read.identity import TEXT_SUFFIXES
from pipeline.read.sources import read_source

#: where Debian's fonts-thai-tlwg puts Laksaman; fc-match is asked when it is not there
FONT_NAME: Final = "Laksaman"
_FONT_PATHS: Final = (
    Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf"),
    Path("/usr/share/fonts/opentype/tlwg/Laksaman.otf"),
)
FONT_ADVICE: Final = (
    "install Debian's fonts-thai-tlwg (`make system-deps`, or `apt-get install fonts-thai-tlwg`)"
)

#: A4 portrait, millimetres
MARGIN_MM: Final = 15.0
LINE_MM: Final = 7.0
FONT_PT: Final = 14.0
MIN_FONT_PT: Final = 6.0
#: fixed dates keep the output byte-identical from run to run
MANIFEST: Final = "corpus.json"
FIXED_DATE: Final = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class FontMissing(RuntimeError):
    """No Thai TrueType font to render with."""


def find_thai_font() -> Path:
    """The Laksaman font file; :class:`FontMissing` (saying what to install) when there is none."""
    for path in _FONT_PATHS:
        if path.is_file():
            return path
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "--format=%{file}", f"{FONT_NAME}:lang=th"], capture_output=True, text=True
        ).stdout.strip()
        if found and Path(found).is_file() and FONT_NAME.lower() in Path(found).name.lower():
            return Path(found)
    raise FontMissing(f"no Thai font ({FONT_NAME}) found")


def render_pdf(pages: Sequence[str], font: Path) -> bytes:
    """The PDF of ``pages``: each source page starts a PDF page, each source line is one PDF line.

    A line wider than the page is set in a smaller size rather than wrapped, so line structure
    (which the form parsers read) survives; a page longer than the sheet runs onto the next sheet.
    A line with tabs is a table row: its cells start at tab stops, the page's width shared by the most
    cells a line of the page has, in a size that fits each cell in its stop (the samples have no tabs;
    the table tests render their tables this way).
    """
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("raingan corpus")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.add_font(FONT_NAME, "", str(font))
    width = pdf.w - 2 * MARGIN_MM
    for page in pages or ("",):
        pdf.add_page()
        stops = max(line.count("\t") + 1 for line in page.split("\n"))
        for line in page.split("\n"):
            if "\t" in line.strip():
                _table_row(pdf, line.rstrip().split("\t"), width / stops)
                continue
            line = line.rstrip().replace("\t", "    ")
            size = FONT_PT
            pdf.set_font(FONT_NAME, size=size)
            while size > MIN_FONT_PT and pdf.get_string_width(line) > width:
                size -= 0.5
                pdf.set_font(FONT_NAME, size=size)
            pdf.cell(width, LINE_MM, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _table_row(pdf: FPDF, cells: Sequence[str], stop: float) -> None:
    """One row of a table: each cell at its tab stop, in one size that fits the widest in its stop."""
    size = FONT_PT
    pdf.set_font(FONT_NAME, size=size)
    while size > MIN_FONT_PT and max(pdf.get_string_width(c) for c in cells) > stop - 2 * pdf.c_margin - 2:
        size -= 0.5
        pdf.set_font(FONT_NAME, size=size)
    for cell in cells:
        pdf.cell(stop, LINE_MM, cell)
    pdf.ln(LINE_MM)


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One generated PDF and the source it was rendered from."""

    pdf: str  # file name in the output folder
    source: str  # file name in the source folder
    source_sha256: str  # the source's doc_id, so its expected records can be found
    font: str
    source_pages: int


def report_sources(src_dir: Path) -> Iterable[Path]:
    for path in sorted(src_dir.iterdir()):
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES and path.suffix.lower() != ".pdf":
            yield path


def generate(src_dir: Path, out_dir: Path, *, font: Path | None = None) -> list[CorpusEntry]:
    """Render every readable source in ``src_dir`` into ``out_dir``; write ``corpus.json``; return it.

    Sources that cannot be read as text (empty, binary) are skipped: there is nothing to render.
    """
    font = font or find_thai_font()
    out_dir.mkdir(parents=True, exist_ok=True)
    entries: list[CorpusEntry] = []
    for path in report_sources(src_dir):
        source = read_source(path)
        if source.failed or not any(p.strip() for p in source.pages):
            continue
        name = f"{path.stem}.pdf"
        (out_dir / name).write_bytes(render_pdf(source.pages, font))
        entries.append(CorpusEntry(name, path.name, source.doc_id, font.name, len(source.pages)))
    (out_dir / MANIFEST).write_text(
        json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return entries


def load_manifest(path: Path) -> list[CorpusEntry]:
    """The entries of a ``corpus.json`` written by :func:`generate`."""
    return [CorpusEntry(**row) for row in json.loads(path.read_text(encoding="utf-8"))]
