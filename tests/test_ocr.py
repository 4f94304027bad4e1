"""The OCR engine (tesseract, installed by `make system-deps`): its output read, a real page OCR'd."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from goldcheck import REPO
from test_corpus import cer_bound

from parsers.repair.normalize import STEPS
from parsers.repair.ocrtext import read_ocr_page
from parsers.text.linebox import LineBox
from pipeline.ocr.engine import OcrUnavailable, Tesseract, read_tsv
from pipeline.ocr.image import (
    despeckle_ink,
    histogram,
    otsu_threshold,
    paper_noise,
    pbm,
    pgm,
    prepare,
    prepare_ink,
    skew_angle,
)
from pipeline.ocr.render import _pgm_of, page_image
from pipeline.ocr.runner import make_engine
from pipeline.read.pdf import read_pdf

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def word(
    line: int, number: int, left: int, width: int, text: str, conf: float = 90.0, height: int = 30
) -> str:
    """A level-5 row of tesseract's TSV: block 1, paragraph 1, ``line``; top 100."""
    return f"5\t1\t1\t1\t{line}\t{number}\t{left}\t100\t{width}\t{height}\t{conf}\t{text}"


def test_tsv_words_lines_and_confidence() -> None:
    rows = [
        HEADER,
        "4\t1\t1\t1\t1\t0\t0\t0\t10\t10\t-1\t",
        word(1, 1, 0, 100, "ร้อยละ", 90.0),
        word(1, 2, 130, 60, "85.50", 60.0),
        word(2, 1, 0, 40, "เขต", 95.5),
        word(2, 2, 50, 10, " ", -1),
    ]
    page = read_tsv("\n".join(rows), "test")
    assert page.text == "ร้อยละ 85.50\nเขต"
    assert [(w.text, w.line) for w in page.words] == [("ร้อยละ", 0), ("85.50", 0), ("เขต", 1)]
    assert page.confidence == pytest.approx((90.0 * 6 + 60.0 * 5 + 95.5 * 3) / 14)
    assert read_tsv(HEADER, "test").confidence is None


def test_words_of_a_line_joined_by_their_gaps() -> None:
    """tesseract's Thai model boxes clusters: narrow gaps join them, a gap as wide as a space is one.

    x-height 30 px (the plain consonants): inside a word gaps are a few pixels, spaces about 20.
    """
    rows = [
        HEADER,
        word(1, 1, 0, 20, "ก"),
        word(1, 2, 24, 20, "า"),  # a following vowel always continues its word
        word(1, 3, 46, 20, "ร"),  # gap 2: same word
        word(1, 4, 86, 20, "ร"),  # gap 20 = 0.67 x-height: a space
        word(1, 5, 110, 25, "ายงาน", height=32),  # gap 4
        word(1, 6, 150, 10, ":", height=10),  # gap 15 next to punctuation: a space
        word(1, 7, 165, 30, "70.00", height=40),  # gap 5 between punctuation and a number: none
        word(2, 1, 0, 20, "เ"),  # a leading vowel goes on in the next word, whatever the gap
        word(2, 2, 40, 20, "ข"),
        word(2, 3, 62, 20, "ต"),
        word(2, 4, 64, 8, "่", height=12),  # a mark inside the box before: joined
    ]
    page = read_tsv("\n".join(rows), "test")
    assert page.text == "การ รายงาน :70.00\nเขต่"


def test_word_offsets_point_into_the_text() -> None:
    rows = [HEADER, word(1, 1, 0, 20, "ที่"), word(1, 2, 21, 20, "ดิน"), word(1, 3, 80, 40, "1,047")]
    rows += [word(2, 1, 0, 20, "ก"), word(2, 2, 21, 20, "ข"), word(2, 3, 42, 20, "ค")]
    page = read_tsv("\n".join(rows), "test")
    assert page.text == "ที่ดิน 1,047\nกขค"
    assert [page.text[w.start : w.end] for w in page.words] == [w.text for w in page.words]
    assert [(w.start, w.end) for w in page.words][:3] == [(0, 3), (3, 6), (7, 12)]


def test_each_line_has_the_box_of_its_words() -> None:
    """A line's box is the union of its words' boxes (pixels), its span the line in the text; the spaces
    between its words are its gaps, with the words' edges on either side (for tables)."""

    def at(block: int, line: int, left: int, top: int, width: int, height: int, text: str) -> str:
        return f"5\t1\t{block}\t1\t{line}\t1\t{left}\t{top}\t{width}\t{height}\t90\t{text}"

    rows = [
        HEADER,
        at(1, 1, 40, 100, 100, 30, "ร้อยละ"),
        at(1, 1, 170, 96, 60, 36, "85.50"),  # taller, and higher: the line's top and bottom
        at(1, 2, 44, 150, 40, 28, "เขต"),
        at(1, 2, 100, 148, 90, 34, "ดินแดง"),
        at(2, 1, 300, 400, 50, 30, "หน้า"),  # another block: a line of its own
    ]
    page = read_tsv("\n".join(rows), "test")
    assert page.text == "ร้อยละ 85.50\nเขต ดินแดง\nหน้า"
    assert page.lines == (
        LineBox(0, 12, 40, 230, 96, 132, (6, 7, 140, 170)),
        LineBox(13, 23, 44, 190, 148, 182, (16, 17, 84, 100)),
        LineBox(24, 28, 300, 350, 400, 430),
    )
    assert [page.text[b.start : b.end] for b in page.lines] == page.text.split("\n")
    assert read_tsv(HEADER, "test").lines == ()


def test_prepare_binarizes_and_levels_a_page() -> None:
    """Otsu's threshold splits grey ink from grey paper; a tilted page of lines is levelled."""
    from PIL import Image, ImageDraw

    sheet = Image.new("L", (800, 600), 225)
    draw = ImageDraw.Draw(sheet)
    for y in range(60, 560, 40):
        draw.rectangle((60, y, 740, y + 12), fill=50)
    tilted = sheet.rotate(1.2, resample=Image.Resampling.BICUBIC, fillcolor=225)
    image = pgm(800, 600, tilted.tobytes())
    pixels = np.frombuffer(image[-800 * 600 :], dtype=np.uint8).reshape(600, 800)
    assert 60 < otsu_threshold(pixels) < 215
    assert skew_angle(pixels < 128) == pytest.approx(-1.2, abs=0.15)
    out = prepare(image, deskew=True)
    assert out.startswith(b"P5\n800 600\n255\n")
    levelled = np.frombuffer(out[-800 * 600 :], dtype=np.uint8).reshape(600, 800)
    assert set(np.unique(levelled)) == {0, 255}
    ink_rows = (levelled[:, 100:700] == 0).mean(axis=1)
    assert (ink_rows > 0.9).sum() >= 12 * 10  # every bar level again: full rows of ink


def test_dust_is_removed_from_scans_only() -> None:
    """A 3 x 3 median takes the dust off a scan (noisy paper), never off a crisp render."""
    rng = np.random.default_rng(4)
    crisp = np.full((200, 300), 255, dtype=np.uint8)
    crisp[50:60, 40:260] = 0  # a bar of text
    crisp[120, 150] = crisp[121, 150] = 0  # a thin stroke of two pixels
    scanned = np.clip(crisp.astype(np.int16) * 0.85 + 20 + rng.normal(0, 6, crisp.shape), 0, 255).astype(
        np.uint8
    )
    assert paper_noise(crisp, 128) == 0 and paper_noise(scanned, 128) >= 2
    out = {}
    for name, page in (("crisp", crisp), ("scanned", scanned)):
        data = prepare(pgm(300, 200, page.tobytes()))
        out[name] = np.frombuffer(data[-300 * 200 :], dtype=np.uint8).reshape(200, 300)
    assert out["crisp"][120, 150] == 0  # kept on the render
    assert out["scanned"][120, 150] == 255  # a speck on the scan: gone
    assert (out["scanned"][52:58, 45:255] == 0).all()  # text stays


def test_fast_preparation_gives_the_pixels_of_the_plain_one() -> None:
    """The histogram, the paper's noise read off it, and the 3 x 3 vote give what ``np.bincount``,
    ``np.median`` and Pillow's median filter give; the PBM the engine sends is the PGM of prepare."""
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(7)
    for trial in range(6):
        shape = (37 + trial, 53 + 3 * trial)  # odd sizes: the edges and the PBM's row padding
        grey = np.clip(rng.normal(200, 4 + 5 * trial, shape), 0, 255).astype(np.uint8)
        grey[5:9, 4:40] = rng.integers(0, 90, (4, 36))  # a line of ink
        assert (histogram(grey) == np.bincount(grey.ravel(), minlength=256)).all()
        threshold = otsu_threshold(grey)
        paper = grey[::2, ::2][grey[::2, ::2] > threshold].astype(np.int16)
        assert paper_noise(grey, threshold) == float(np.median(np.abs(paper - np.median(paper))))
        ink = rng.random(shape) < 0.1 * (trial + 1)
        median = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8)).filter(ImageFilter.MedianFilter(3))
        assert (despeckle_ink(ink) == (np.asarray(median) == 0)).all()
        image = pgm(shape[1], shape[0], grey.tobytes())
        for despeckle in (None, True, False):
            black = prepare_ink(image, despeckle=despeckle)
            prepared = prepare(image, despeckle=despeckle)
            assert prepared == pgm(shape[1], shape[0], np.where(black, 0, 255).astype(np.uint8).tobytes())
            packed = pbm(black)
            assert packed.startswith(b"P4\n%d %d\n" % (shape[1], shape[0]))
            rows = np.frombuffer(packed[-shape[0] * ((shape[1] + 7) // 8) :], dtype=np.uint8)
            assert (np.unpackbits(rows.reshape(shape[0], -1), axis=1)[:, : shape[1]] == black).all()


def test_padded_bitmap_rows_are_cut_to_the_page() -> None:
    bitmap = pdfium.PdfBitmap.new_foreign(13, 3, pdfium.raw.FPDFBitmap_Gray)  # rows padded to 16
    assert bitmap.stride > 13
    pixels = np.frombuffer(bitmap.buffer, dtype=np.uint8).reshape(3, bitmap.stride)
    pixels[:] = np.arange(bitmap.stride, dtype=np.uint8)
    assert _pgm_of(bitmap) == pgm(13, 3, np.tile(np.arange(13, dtype=np.uint8), 3).tobytes())


def test_missing_tesseract_says_how_to_install() -> None:
    with pytest.raises(OcrUnavailable, match="tesseract-ocr-tha"):
        Tesseract(binary="no-such-tesseract")


def test_rendered_sample_page_is_read_as_thai() -> None:
    pdf = REPO / "data" / "raw" / "pdf" / "kpi_report_chatuchak_fy2565.pdf"
    doc = pdfium.PdfDocument(pdf)
    try:
        image = page_image(doc, 0, 300)
        layer = doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    assert image.startswith(b"P5\n2481 3508\n255\n")
    page = make_engine("tesseract").recognize(image)
    joined = "".join(page.text.split())
    assert "ปริมาณขยะมูลฝอย" in joined and "เขตจตุจักร" in joined
    assert page.confidence is not None and page.confidence > 80
    assert cer_bound(layer, page.text) < 0.06  # 3.8 % measured, whitespace ignored, before any cleanup
    cleaned = read_ocr_page(page.text, STEPS).normalized.text
    assert cer_bound(layer, cleaned) < 0.02  # 1.1 % measured after the OCR chain
    assert all(page.text[w.start : w.end] == w.text for w in page.words)
    # both readers see the same lines where they are: across, the OCR's boxes (pixels at 300 dpi) are
    # the text layer's (points) times 300/72 (within 4 pt); up and down, the OCR measures the ink, marks
    # included, the text layer the em box, so they only overlap
    scale = 300 / 72
    layer_lines = read_pdf(pdf).lines[0]
    assert len(page.lines) == len(layer_lines)
    for ocr, drawn in zip(page.lines, layer_lines, strict=True):
        assert ocr.left == pytest.approx(drawn.left * scale, abs=16)
        assert ocr.right == pytest.approx(drawn.right * scale, abs=16)
        assert ocr.top < drawn.bottom * scale and drawn.top * scale < ocr.bottom


def test_a_page_that_hangs_tesseract_fails_alone(tmp_path: Path) -> None:
    """A stand-in tesseract that knows its models and then hangs: the page is stopped at its time limit
    with a message, not waited for."""
    fake = tmp_path / "tesseract"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then printf "List\\ntha\\neng\\n"; exit 0; fi\n'
        "exec sleep 30\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    engine = Tesseract(binary=str(fake), timeout=1.0)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="took more than 1 s"):
        engine.recognize(pgm(40, 20, bytes([255]) * 800))
    assert time.monotonic() - started < 10
