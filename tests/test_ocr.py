"""The OCR engine (tesseract, installed by `make system-deps`): its output read, a real page OCR'd."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from goldcheck import REPO
from test_corpus import cer_bound

from pipeline.ocr import OcrUnavailable, Tesseract, default_engine, read_tsv
from pipeline.pdf import page_image

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def test_tsv_words_lines_and_confidence() -> None:
    rows = [
        HEADER,
        "4\t1\t1\t1\t1\t0\t0\t0\t10\t10\t-1\t",
        "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90.0\tร้อยละ",
        "5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t60.0\t85.50",
        "5\t1\t1\t1\t2\t1\t0\t0\t10\t10\t95.5\tเขต",
        "5\t1\t1\t1\t2\t2\t0\t0\t10\t10\t-1\t ",
    ]
    page = read_tsv("\n".join(rows), "test")
    assert page.text == "ร้อยละ 85.50\nเขต"
    assert [(w.text, w.line) for w in page.words] == [("ร้อยละ", 0), ("85.50", 0), ("เขต", 1)]
    assert page.confidence == pytest.approx((90.0 * 6 + 60.0 * 5 + 95.5 * 3) / 14)
    assert read_tsv(HEADER, "test").confidence is None


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
    page = default_engine().recognize(image)
    joined = "".join(page.text.split())
    assert "ปริมาณขยะมูลฝอย" in joined and "เขตจตุจักร" in joined
    assert page.confidence is not None and page.confidence > 80
    assert cer_bound(layer, page.text) < 0.06  # 3.6 % measured, whitespace ignored, before any cleanup
