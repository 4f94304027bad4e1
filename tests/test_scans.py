"""Scanned variants of the sample reports (tools/scans.py): image-only PDFs whose text is known."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from goldcheck import REPO
from PIL import Image, features

from pipeline.ocr.engine import Tesseract
from pipeline.ocr.render import page_image
from pipeline.read.sources import read_source
from tools import scan_page
from tools.corpus import find_thai_font
from tools.scan_page import (
    DEGRADATIONS,
    LINES_PER_SHEET,
    TEXT_WIDTH_PX,
    Line,
    ShapingMissing,
    Strength,
    draw_sheet,
    layout,
)
from tools.scans import MANIFEST, UnknownSource, generate, load_manifest, main, render_scan, seed_for

RAW = REPO / "data" / "raw"
COMMITTED = RAW / "scan"
A4_PT = (595.28, 841.89)
FONT = find_thai_font()
SHORT = "unknown_meeting_notice_khlongsan.txt"


def _committed() -> tuple[Path, pdfium.PdfDocument]:
    (entry,) = load_manifest(COMMITTED / MANIFEST)
    return COMMITTED / entry.pdf, pdfium.PdfDocument(COMMITTED / entry.pdf)


def _top_ink_row(text: str) -> int:
    sheet = np.asarray(draw_sheet([Line(text, 14.0)], FONT))
    return int(np.nonzero((sheet < 128).any(axis=1))[0][0])


def test_marks_are_shaped() -> None:
    """A tone mark sits low on a bare consonant and high over an upper vowel: what shaping does."""
    assert _top_ink_row("ก่") > _top_ink_row("กี่") + 5


def test_long_lines_wrap_and_keep_every_character() -> None:
    """A line too wide at 10 pt wraps (the corpus lets it run off the sheet, where no scanner sees it)."""
    paragraph = "ผลการดำเนินงาน " * 40 + "ก่" * 300  # wraps at spaces, then inside the run without any
    for pages in (read_source(RAW / "kpi_detail_flat_fy2567.txt").pages, [paragraph]):
        sheets = layout(pages, FONT)
        lines = [line for sheet in sheets for line in sheet]
        assert "".join("".join(line.text for line in lines).split()) == "".join("".join(pages).split())
        assert all(len(sheet) <= LINES_PER_SHEET for sheet in sheets)
        assert all(scan_page._font(FONT, line.points).getlength(line.text) <= TEXT_WIDTH_PX for line in lines)
        assert min(line.points for line in lines) >= 10
    wrapped = layout([paragraph], FONT)[0]
    assert len(wrapped) > 10 and {line.points for line in wrapped} == {14.0}  # a paragraph, not fine print


def test_trailing_blank_lines_make_no_blank_sheet() -> None:
    """A blank sheet of noisy paper made tesseract read ~5,000 characters of garbage."""
    assert len(layout(["ร้อยละ 80" + "\n" * (LINES_PER_SHEET + 5)], FONT)) == 1
    assert [len(sheet) for sheet in layout(["", "ร้อยละ 80\n\nเขต"], FONT)] == [0, 3]  # pages kept


def test_same_seed_same_bytes_other_seed_other_damage() -> None:
    sheets = layout(["รายงานผลการดำเนินงาน ไตรมาสที่ 2\nร้อยละ 87.50"], FONT)
    first = render_scan(sheets, FONT, Strength.OFFICE, 7)
    assert render_scan(sheets, FONT, Strength.OFFICE, 7) == first
    assert render_scan(sheets, FONT, Strength.OFFICE, 8) != first
    assert seed_for(SHORT) == seed_for(SHORT) != seed_for("other.txt")


def test_clean_strength_is_the_drawing_itself() -> None:
    sheets = layout(["ผลงานที่ทำได้ ร้อยละ : 96.40"], FONT)
    doc = pdfium.PdfDocument(render_scan(sheets, FONT, Strength.CLEAN, 1))
    image = doc[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    decoded = np.asarray(next(image).get_bitmap().to_pil().convert("L"), dtype=np.int16)
    drawn = np.asarray(draw_sheet(sheets[0], FONT), dtype=np.int16)
    assert decoded.shape == drawn.shape and np.abs(decoded - drawn).mean() < 2  # JPEG loss only


def test_committed_scan_is_image_only_at_300_dpi() -> None:
    path, doc = _committed()
    assert path.stat().st_size < 400_000 * len(doc)  # ~320 kB a sheet
    assert len(doc) >= 1
    for index in range(len(doc)):
        page = doc[index]
        assert page.get_size() == pytest.approx(A4_PT, abs=0.5)
        assert page.get_textpage().get_text_range() == ""
        (image,) = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
        assert len(list(page.get_objects())) == 1
        meta = image.get_metadata()
        assert (meta.horizontal_dpi, meta.vertical_dpi) == pytest.approx((300, 300), abs=1)
        assert meta.bits_per_pixel == 8 and meta.colorspace == pdfium_c.FPDF_COLORSPACE_DEVICEGRAY
        assert image.get_filters() == ["DCTDecode"]


def test_committed_manifest_names_source_seed_and_damage() -> None:
    (entry,) = load_manifest(COMMITTED / MANIFEST)
    source = read_source(RAW / entry.source)
    assert entry.source_sha256 == source.doc_id
    assert entry.seed == seed_for(entry.source)
    assert entry.strength is Strength.OFFICE and entry.degradation == DEGRADATIONS[Strength.OFFICE]
    assert entry.sheets == len(layout(source.pages, FONT)) == len(_committed()[1])
    assert entry.font == FONT.name


def test_committed_scan_is_current(tmp_path: Path) -> None:
    """``python -m tools.scans data/raw --out data/raw/scan --only NAME`` gives the committed bytes."""
    (entry,) = load_manifest(COMMITTED / MANIFEST)
    assert main([str(RAW), "--out", str(tmp_path), "--only", entry.source]) == 0
    redo = f"stale: python -m tools.scans data/raw --out data/raw/scan --only {entry.source}"
    assert (tmp_path / entry.pdf).read_bytes() == (COMMITTED / entry.pdf).read_bytes(), redo
    assert (tmp_path / MANIFEST).read_bytes() == (COMMITTED / MANIFEST).read_bytes(), redo


def test_manifest_keeps_the_rows_of_earlier_runs(tmp_path: Path) -> None:
    generate(RAW, tmp_path, strength=Strength.CLEAN, only=[SHORT])
    generate(RAW, tmp_path, strength=Strength.CLEAN, only=["kpi_detail_flat_fy2567"])
    rows = load_manifest(tmp_path / MANIFEST)
    assert [r.source for r in rows] == ["kpi_detail_flat_fy2567.txt", SHORT]
    (tmp_path / rows[0].pdf).unlink()
    generate(RAW, tmp_path, strength=Strength.CLEAN, only=[SHORT])
    assert [r.source for r in load_manifest(tmp_path / MANIFEST)] == [SHORT]


def test_unknown_report_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(UnknownSource, match=SHORT):
        generate(RAW, tmp_path, only=["no_such_report"])
    assert main([str(RAW), "--out", str(tmp_path), "--only", "no_such_report"]) == 2
    assert main([str(tmp_path / "missing"), "--out", str(tmp_path)]) == 3


def test_missing_shaping_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(features, "check", lambda feature: False)
    with pytest.raises(ShapingMissing, match="libfribidi0"):
        generate(RAW, tmp_path, only=[SHORT])
    assert main([str(RAW), "--out", str(tmp_path), "--only", SHORT]) == 5


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_committed_scan_is_read_as_thai_by_tesseract() -> None:
    path, doc = _committed()
    try:
        text = Tesseract().recognize(page_image(doc, 0, 300)).text
    finally:
        doc.close()
    letters = [c for c in text if not c.isspace()]
    thai = [c for c in letters if "\u0e00" <= c <= "\u0e7f"]
    assert len(letters) > 500 and len(thai) / len(letters) > 0.6, path
    joined = "".join(text.split())
    # tesseract writes SARA AM decomposed (ํา), so these words have none
    words = ("ค่าเป้าหมาย", "96.40", "31/10/2566", "ไฟฟ้าส่องสว่าง", "ผลงานที่", "ไตรมาสที่", "ร้อยละ")
    found = [w for w in words if w in joined]
    assert len(found) >= 5, (found, text[:300])


def test_degrade_keeps_the_page_size_and_darkens_the_paper() -> None:
    sheet = Image.new("L", scan_page.SHEET_PX, 255)
    scanned = degrade_office(sheet)
    assert scanned.size == sheet.size and scanned.mode == "L"
    assert 200 < np.asarray(scanned).mean() < 245


def degrade_office(sheet: Image.Image) -> Image.Image:
    return scan_page.degrade(sheet, DEGRADATIONS[Strength.OFFICE], np.random.default_rng(0))
