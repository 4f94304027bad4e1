"""Line boxes: where each line of a page was drawn, read from PDF text layers (PDFium) and OCR, and
carried to the parsers' page inputs, through the PDF child process, the OCR cache and the run state.

The PDFs are drawn here with fpdf2 in Laksaman, one ``cell`` per line, so where each line ends is known:
a long paragraph is broken by hand at a narrow width, so that its lines end at that width's edge.
"""

from __future__ import annotations

import ctypes
import hashlib
import itertools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from fpdf import FPDF
from test_pdf import make_pdf, make_slow_pdf

import pipeline.ocr.cache
import pipeline.read.pdf_lines as pdf_lines
import pipeline.read.pdf_pages
import pipeline.run.parse
import pipeline.store.versions
from parsers.document.pages import PreparedPage
from parsers.text.linebox import LineBox
from pipeline.config import Config, OcrMode
from pipeline.errors import DocumentCrash
from pipeline.ocr import runner as ocr_run
from pipeline.ocr.cache import OcrCache, page_key
from pipeline.ocr.engine import OcrPage, OcrWord
from pipeline.read.extract import extract_file
from pipeline.read.identity import identify
from pipeline.read.pdf import read_pdf
from pipeline.read.pdf_child import PdfWorker
from pipeline.run.archive import ingest_archive
from pipeline.run.serial import SerialExecutor
from pipeline.run.worker import ingest_file
from schemas.enums import TextSource
from tools.corpus import find_thai_font

FONT_PT = 16.0
SMALL_PT = 12.0
PITCH = 24.0  # points from one line's top to the next
MARGIN = 50.0
NARROW = 250.0  # the width the paragraph is broken at: its lines end at MARGIN + NARROW
TITLE = "รายงานผลการดำเนินงาน"
PARAGRAPH = (
    "โครงการพัฒนาคุณภาพชีวิตของประชาชนในชุมชนเขตดินแดงได้ดำเนินการปรับปรุงซอยและทางเดินในชุมชน"
    "หลายแห่งแล้วเสร็จตามแผนงานที่กำหนดไว้ทุกประการ"
)
#: the same words with and without what is not ink at the end: a tone mark, spaces
ENDINGS = ("ผลงานต้", "ผลงานต", "สรุปผล   ", "สรุปผล")
SMALL = "หมายเหตุ ร้อยละ 85.50"
_CLUSTER = re.compile(r".[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*")


def as_read(line: str) -> str:
    """A line as PDFium reads it back: spaces at its end are one space."""
    return re.sub(" +$", " ", line)


def wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """``text`` broken into lines as wide as fit in ``width`` (a consonant never parted from its marks)."""
    lines = [""]
    for cluster in _CLUSTER.findall(text):
        if lines[-1] and pdf.get_string_width(lines[-1] + cluster) > width:
            lines.append("")
        lines[-1] += cluster
    return lines


@dataclass(frozen=True)
class Drawn:
    """A one-page PDF and what was drawn on it."""

    path: Path
    lines: list[str]  # as PDFium reads them back (see as_read), one cell each
    wrapped: list[str]  # the paragraph's lines
    width: float
    height: float


def draw(path: Path) -> Drawn:
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.c_margin = 0  # no padding in the cells: a line's text starts at MARGIN
    pdf.set_auto_page_break(False)
    pdf.add_font("Laksaman", "", str(find_thai_font()))
    pdf.set_font("Laksaman", size=FONT_PT)
    pdf.add_page()
    wrapped = wrap(pdf, PARAGRAPH, NARROW)
    lines = [TITLE, *wrapped, *ENDINGS]
    for line in lines:
        pdf.cell(NARROW, PITCH, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Laksaman", size=SMALL_PT)
    pdf.cell(NARROW, PITCH, SMALL, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return Drawn(path, [as_read(line) for line in (*lines, SMALL)], wrapped, pdf.w, pdf.h)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Drawn:
    return draw(tmp_path_factory.mktemp("linebox") / "drawn.pdf")


def boxes_by_line(path: Path) -> dict[str, LineBox]:
    source = read_pdf(path)
    return {source.pages[0][b.start : b.end]: b for b in source.lines[0]}


def test_every_line_of_the_text_has_its_box(drawn: Drawn) -> None:
    source = read_pdf(drawn.path)
    text, boxes = source.pages[0], source.lines[0]
    assert len(drawn.wrapped) >= 3
    assert text.split("\n") == drawn.lines
    assert [text[b.start : b.end] for b in boxes] == drawn.lines


def test_boxes_lie_inside_the_page_line_under_line(drawn: Drawn) -> None:
    boxes = read_pdf(drawn.path).lines[0]
    for box in boxes:
        assert 0 <= box.left < box.right <= drawn.width and 0 <= box.top < box.bottom <= drawn.height
        assert box.left == pytest.approx(MARGIN, abs=2)  # the first glyph's side bearing, ± (โ overhangs)
    tops = [box.top for box in boxes[:-1]]  # the lines in one size
    assert [b - a for a, b in itertools.pairwise(tops)] == pytest.approx([PITCH] * (len(tops) - 1))
    assert MARGIN < tops[0] < MARGIN + PITCH


def test_wrapped_lines_end_at_the_margin_and_short_lines_do_not(drawn: Drawn) -> None:
    boxes = boxes_by_line(drawn.path)
    edge = MARGIN + NARROW
    for line in drawn.wrapped[:-1]:  # the paragraph's last line ends where its text does
        assert edge - FONT_PT <= boxes[line].right <= edge + 0.5, line
    for line in (TITLE, *map(as_read, ENDINGS), SMALL):
        assert boxes[line].right < edge - 3 * FONT_PT, line


def test_line_height_is_the_font_size(drawn: Drawn) -> None:
    heights = [box.height for box in read_pdf(drawn.path).lines[0]]
    assert heights == pytest.approx([FONT_PT] * (len(drawn.lines) - 1) + [SMALL_PT])


def test_a_line_ends_at_its_last_consonant_not_at_a_mark_or_a_space(drawn: Drawn) -> None:
    boxes = boxes_by_line(drawn.path)
    marked, plain, spaced, bare = (boxes[as_read(line)] for line in ENDINGS)
    assert marked.right == plain.right and spaced.right == bare.right
    # what the mark would have given: its box reaches past its consonant's
    doc = pdfium.PdfDocument(drawn.path)
    textpage = doc[0].get_textpage()
    raw = textpage.get_text_range()
    assert textpage.count_chars() == len(raw)  # nothing left out: a place in the text is a character's
    mark = textpage.get_charbox(raw.index(ENDINGS[0]) + len(ENDINGS[0]) - 1)  # left, bottom, right, top
    textpage.close()
    doc.close()
    assert mark[2] > plain.right + 1


def test_pdfiums_functions_called_without_argument_types_read_what_the_declared_ones_do(
    drawn: Drawn,
) -> None:
    """pdf_lines calls PDFium's per-character functions through pointers without ctypes' argument
    types (half the cost of a call): each reads, for every character of the page, what pypdfium2's
    declared function reads."""
    doc = pdfium.PdfDocument(drawn.path)
    page = doc[0]
    textpage = page.get_textpage()
    h = textpage.raw
    checked = [ctypes.c_double() for _ in range(6)]
    unchecked = (ctypes.c_double * 6)()
    out = [ctypes.byref(unchecked, 8 * i) for i in range(6)]
    try:
        for i in range(textpage.count_chars()):
            assert pdf_lines._char_box(h, i, *out[:4]) == pdfium_c.FPDFText_GetCharBox(h, i, *checked[:4])
            assert pdf_lines._char_origin(h, i, *out[4:]) == pdfium_c.FPDFText_GetCharOrigin(
                h, i, *checked[4:]
            )
            assert unchecked[:] == [c.value for c in checked]
            assert pdf_lines._font_size(h, i) == pdfium_c.FPDFText_GetFontSize(h, i)
            m, m2 = pdfium_c.FS_MATRIX(), pdfium_c.FS_MATRIX()
            loose, loose2 = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
            assert pdf_lines._char_matrix(h, i, ctypes.byref(m)) == pdfium_c.FPDFText_GetMatrix(h, i, m2)
            assert pdf_lines._loose_box(h, i, ctypes.byref(loose)) == pdfium_c.FPDFText_GetLooseCharBox(
                h, i, loose2
            )
            assert bytes(m) == bytes(m2) and bytes(loose) == bytes(loose2)
        assert pdf_lines._char_box(h, -1, *out[:4]) == 0  # no character there
    finally:
        textpage.close()
        page.close()
        doc.close()


def test_a_turned_page_is_boxed_as_it_is_seen(drawn: Drawn, tmp_path: Path) -> None:
    with pikepdf.open(drawn.path) as pdf:
        pdf.pages[0].Rotate = 180
        pdf.save(tmp_path / "turned.pdf")
    upright, turned = read_pdf(drawn.path).lines[0], read_pdf(tmp_path / "turned.pdf").lines[0]
    w, h = drawn.width, drawn.height
    seen = [(w - b.right, w - b.left, h - b.bottom, h - b.top) for b in upright]
    assert [(b.left, b.right, b.top, b.bottom) for b in turned] == [pytest.approx(box) for box in seen]


def test_characters_left_out_of_the_text_do_not_shift_the_boxes(tmp_path: Path) -> None:
    """Control codes (three after ``ab``, two before ``xyz``) are characters of PDFium's page but not of
    its text: the box of ``abcd`` ends at ``d``, that of ``xyz`` starts at ``x``."""
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page = pdf.add_blank_page(page_size=(595, 842))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))
    page.Contents = pdf.make_stream(
        b"BT /F1 12 Tf 72 760 Td (ab\003\003\003cd) Tj 0 -20 Td (\003\003xyz) Tj ET"
    )
    pdf.save(tmp_path / "controls.pdf")
    source = read_pdf(tmp_path / "controls.pdf")
    assert source.pages == ("abcd\nxyz",)
    doc = pdfium.PdfDocument(tmp_path / "controls.pdf")
    textpage = doc[0].get_textpage()
    assert textpage.count_chars() == 14  # a b ␃ ␃ ␃ c d \r \n ␃ ␃ x y z
    d, x = textpage.get_charbox(6), textpage.get_charbox(11)  # left, bottom, right, top
    textpage.close()
    doc.close()
    first, second = source.lines[0]
    assert (first.right, second.left) == (pytest.approx(d[2]), pytest.approx(x[0]))


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


@pytest.mark.skipif(not DEJAVU.is_file(), reason=f"{DEJAVU} is missing (Debian's fonts-dejavu-core)")
def test_characters_beyond_u_ffff_count_twice_in_pdfiums_text(tmp_path: Path) -> None:
    """PDFium counts 𝐴 (U+1D434) as two characters: the last letter of the second line is its 16th."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=FONT_PT)
    pdf.add_page()
    for line in ("a\U0001d434b\U0001d434c", "x\U0001d434\U0001d434yz"):
        pdf.cell(NARROW, PITCH, line, new_x="LMARGIN", new_y="NEXT")
    (tmp_path / "math.pdf").write_bytes(bytes(pdf.output()))
    source = read_pdf(tmp_path / "math.pdf")
    assert [source.pages[0][b.start : b.end] for b in source.lines[0]] == ["a𝐴b𝐴c", "x𝐴𝐴yz"]
    doc = pdfium.PdfDocument(tmp_path / "math.pdf")
    textpage = doc[0].get_textpage()
    z = textpage.get_charbox(textpage.count_chars() - 1)
    textpage.close()
    doc.close()
    assert source.lines[0][1].right == pytest.approx(z[2])


def test_the_pdf_child_process_carries_the_boxes(drawn: Drawn, tmp_path: Path) -> None:
    slow = make_slow_pdf(tmp_path / "slow.pdf")
    with PdfWorker(page_timeout=0.1) as worker:
        read = worker.read(drawn.path)
        late = worker.read(slow)
    assert read.lines == read_pdf(drawn.path).lines
    assert [len(boxes) for boxes in late.lines] == [1, 0, 1]  # the late page has none
    assert [late.pages[i][b.start : b.end] for i in (0, 2) for b in late.lines[i]] == [
        "first page 2566",
        "third page",
    ]


# -- the page inputs of the parsers ----------------------------------------------------------------


BOXED_TEXT = "บรรทัดแรก 2566\nบรรทัดที่สอง"
BOXED_LINES = (LineBox(0, 14, 120, 1400, 300, 360), LineBox(15, 27, 120, 900, 400, 455))


class Boxed:
    """An OCR engine that reads every page as :data:`BOXED_TEXT`, with its line boxes."""

    name = "boxed"

    def recognize(self, pgm: bytes) -> OcrPage:
        words = tuple(
            OcrWord(m[0], 91.0, BOXED_TEXT.count("\n", 0, m.start()), m.start(), m.end())
            for m in re.finditer(r"\S+", BOXED_TEXT)
        )
        return OcrPage(BOXED_TEXT, 91.0, words, self.name, BOXED_LINES)


@pytest.fixture
def boxed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ocr_run.ENGINES, "boxed", Boxed)


def test_page_inputs_carry_the_boxes_of_text_layers_and_ocr(
    drawn: Drawn, tmp_path: Path, boxed: None
) -> None:
    config = Config(out_dir=tmp_path / "out", ocr_engine="boxed")
    extract, prepared = extract_file(drawn.path, identify(drawn.path), config)
    assert extract.inputs[0].source is TextSource.TEXT_LAYER
    assert extract.inputs[0].lines == extract.source.lines[0]
    assert len(extract.inputs[0].lines) == len(drawn.lines)
    assert prepared is not None and prepared[0].lines == extract.inputs[0].lines
    scan_pdf = make_pdf(tmp_path / "scan.pdf", ["typed page 2566", ""])
    scan, _ = extract_file(scan_pdf, identify(scan_pdf), config)
    assert [p.source for p in scan.inputs] == [TextSource.TEXT_LAYER, TextSource.OCR]
    assert scan.inputs[1].raw == BOXED_TEXT and scan.inputs[1].lines == BOXED_LINES
    assert scan.inputs[0].lines == scan.source.lines[0] and len(scan.inputs[0].lines) == 1


def test_a_bug_in_the_repair_step_fails_the_document_or_the_strict_run(
    drawn: Drawn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug in the repair")

    monkeypatch.setattr(pipeline.read.pdf_pages, "pdf_pages", broken)  # extract imports it when used
    result = ingest_file(drawn.path, Config(ocr=OcrMode.NEVER, strict=False))
    assert [(f.code, f.stage.value) for f in result.findings] == [("extract_error", "read")]
    assert "RuntimeError: a bug in the repair" in result.findings[0].message
    doc = result.document
    assert (doc.status.value, doc.source_format.value) == ("failed", "pdf")
    assert doc.doc_id == hashlib.sha256(drawn.path.read_bytes()).hexdigest()
    with pytest.raises(DocumentCrash, match="a bug in the repair"):
        ingest_file(drawn.path, Config(ocr=OcrMode.NEVER))


# -- the OCR cache ---------------------------------------------------------------------------------


def test_the_ocr_cache_keeps_the_line_boxes(tmp_path: Path) -> None:
    cache = OcrCache(tmp_path)
    page = Boxed().recognize(b"P5\n1 1\n255\n\x00")
    cache.put("ab" * 32, page)
    assert cache.get("ab" * 32) == page
    assert page.lines == BOXED_LINES  # the boxes were there to keep
    mask = os.umask(0o022)
    os.umask(mask)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and {p.stat().st_mode & 0o777 for p in written} == {0o666 & ~mask}  # not 0600


def test_an_ocr_cache_entry_without_boxes_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry written before the boxes (version 1) is under another key; one without them under the
    current key (a damaged or hand-made file) counts as missing."""
    image = b"P5\n1 1\n255\n\x00"
    page = Boxed().recognize(image)
    cache = OcrCache(tmp_path)
    with monkeypatch.context() as old:
        old.setattr(pipeline.ocr.cache, "CACHE_VERSION", 1)
        old_key = page_key("boxed", image)
    key = page_key("boxed", image)
    assert old_key != key
    for stored in (old_key, key):
        cache.put(stored, page)
        path = tmp_path / stored[:2] / f"{stored}.json"
        entry = json.loads(path.read_text(encoding="utf-8"))
        del entry["lines"]  # what version 1 wrote
        path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    assert cache.get(key) is None
    cache.put(key, page)
    assert cache.get(key) == page


# -- the run state: a re-parse gets the boxes that were read ----------------------------------------


def test_a_reparse_from_the_run_state_gets_the_boxes(
    drawn: Drawn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxed: None
) -> None:
    files = [drawn.path, make_pdf(tmp_path / "scan.pdf", ["typed page 2566", ""])]
    config = Config(
        out_dir=tmp_path / "out", show_progress=False, ocr_engine="boxed", cache_dir=tmp_path / "c"
    )
    parsed: list[list[tuple[LineBox, ...]]] = []
    parse = pipeline.run.parse.parse_prepared

    def spy(doc_id: str, pages: list[PreparedPage], *settings: object) -> object:
        parsed.append([page.lines for page in pages])
        return parse(doc_id, pages, *settings)

    monkeypatch.setattr(pipeline.run.parse, "parse_prepared", spy)
    executor = SerialExecutor(config)
    try:
        first = ingest_archive(files, config, executor=executor)
        monkeypatch.setattr(pipeline.store.versions, "parse_code", lambda: "a-new-parser")
        second = ingest_archive(files, config, executor=executor)
    finally:
        executor.close()
    assert (first.read, second.read, second.reparsed) == (2, 0, 2)
    read, reparsed = parsed[:2], parsed[2:]
    assert reparsed == read
    assert read[0] == list(read_pdf(drawn.path).lines) and read[1][1] == BOXED_LINES
