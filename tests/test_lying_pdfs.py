"""The PDFs whose text layer lies (tests/lying_pdfs.py) lie as they claim: read with PDFium directly."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from lying_pdfs import (
    TLWG,
    clean_thai_pdf,
    elaas_code,
    full_stop_as_letter_pdf,
    invisible_latin_over_image_pdf,
    mixed_page_pdf,
    no_tounicode_pdf,
    ocr_garbage,
)
from PIL import Image

LINES = (
    "คำแถลงงบประมาณ ประจำปีงบประมาณ พ.ศ. 2561",
    "ข้อ 4.1.2 เงินฝากธนาคาร จำนวน 26,314,566.52 บาท",
    "เงินสะสม จำนวน 19,581,370.28 บาท",
    "ในปีงบประมาณ พ.ศ. 2560 ณ วันที่ 30 กันยายน 2560 องค์กรปกครองส่วนท้องถิ่นมีสถานะการเงิน ดังนี้",
    "ท่านประธานสภาฯ และสมาชิกสภาเทศบาลตำบลพอกน้อย",
)
HEADER = ("เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร", "บันทึกข้อความ")
AMOUNTS = ("26,314,566.52", "19,581,370.28")
THAI = re.compile(r"[\u0e00-\u0e7f]")
SCALE = 300 / 72
GARUDA = TLWG / "Garuda.ttf"
Builder = Callable[[Sequence[str]], bytes]


@cache
def built(builder: Builder) -> bytes:
    return builder(LINES)


@cache
def mixed() -> bytes:
    return mixed_page_pdf(HEADER, LINES)


def text_of(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def words(text: str) -> list[str]:
    return text.split()


def render(data: bytes) -> np.typing.NDArray[np.uint8]:
    page = pdfium.PdfDocument(data)[0]
    return np.asarray(page.render(scale=SCALE, grayscale=True).to_pil().convert("L"), dtype=np.uint8)


def page_objects(data: bytes, kind: int) -> list[object]:
    return list(pdfium.PdfDocument(data)[0].get_objects(filter=[kind]))


def test_clean_control_extracts_the_lines() -> None:
    assert words(text_of(built(clean_thai_pdf))) == words(" ".join(LINES))


def test_no_tounicode_extracts_greek_letters_and_control_characters() -> None:
    data = built(no_tounicode_pdf)
    text = text_of(data)
    assert not THAI.search(text)
    assert not re.search("[0-9]", text)
    assert not any(amount in text for amount in AMOUNTS)
    # as poknoi_budget_statement_fy2561_elaas_notounicode.pdf: Thai letters become Greek and Coptic
    # (ท่าน → ιϪϔλ), digits and punctuation control characters, the spaces (code 3) are dropped
    assert "ιϪϔλ" in text
    for line, extracted in zip(LINES, text.split("\r\n"), strict=True):
        assert extracted == "".join(chr(elaas_code(c) or 0) for c in line if c != " ")
    greek = sum(0x0370 <= ord(c) <= 0x03FF for c in text)
    assert greek > 0.7 * sum(not c.isspace() and c.isprintable() for c in text)


def test_no_tounicode_font_cannot_give_thai_back() -> None:
    with pikepdf.open(io.BytesIO(built(no_tounicode_pdf))) as pdf:
        (font,) = pdf.pages[0].Resources.Font.values()
        assert "/ToUnicode" not in font
        cid_font = font.DescendantFonts[0]
        assert str(cid_font.CIDSystemInfo.Ordering) == "Identity"
        face = TTFont(io.BytesIO(cid_font.FontDescriptor.FontFile2.read_bytes()))
    mapped = {code for table in face["cmap"].tables for code in table.cmap}
    assert mapped and not any(0x0E00 <= code <= 0x0E7F or 0x30 <= code <= 0x39 for code in mapped)
    assert not any(name.startswith("uni0E") for name in face.getGlyphOrder())


def test_no_tounicode_page_is_drawn_as_the_clean_one() -> None:
    pixels = render(built(no_tounicode_pdf))
    assert (pixels < 128).sum() > 20_000  # ink: five lines of 14 pt Thai at 300 dpi
    assert np.array_equal(pixels, render(built(clean_thai_pdf)))


def test_invisible_latin_over_image() -> None:
    data = built(invisible_latin_over_image_pdf)
    text = text_of(data)
    assert not THAI.search(text) and text.isascii()
    assert sum(c.isalpha() for c in text) > 0.4 * len("".join(words(text)))  # Latin letters, mostly
    assert words(text) == words(" ".join(ocr_garbage(line) for line in LINES))
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    width, height = page.get_size()
    texts = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]))
    assert len(texts) == len(LINES)
    for obj in texts:
        assert pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
    (image,) = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    left, bottom, right, top = image.get_bounds()
    assert (right - left) * (top - bottom) > 0.95 * width * height
    meta = image.get_metadata()
    assert meta.colorspace == pdfium_c.FPDF_COLORSPACE_DEVICEGRAY
    assert (meta.horizontal_dpi, meta.vertical_dpi) == pytest.approx((300, 300), abs=1)
    # each invisible line lies over its drawn line: top to bottom, in the text area, under ink
    pixels = render(data)
    tops = [obj.get_bounds()[3] for obj in texts]
    assert tops == sorted(tops, reverse=True)
    for obj in texts:
        x0, y0, x1, y1 = (round(v * SCALE) for v in obj.get_bounds())
        band = pixels[pixels.shape[0] - y1 : pixels.shape[0] - y0, x0:x1]
        assert (band < 100).mean() > 0.05


def test_full_stop_is_extracted_as_so_sala() -> None:
    data = built(full_stop_as_letter_pdf)
    text = text_of(data)
    assert "พศศศ 2561" in text and "4ศ1ศ2" in text and "26,314,566ศ52" in text
    assert "พ.ศ." not in text and "." not in text
    assert words(text) == words(" ".join(LINES).replace(".", "ศ"))
    assert np.array_equal(render(data), render(built(clean_thai_pdf)))  # only the CMap lies


def test_text_layer_lies_hold_in_garuda() -> None:
    clean, lying, full_stop = (
        b(LINES, font=GARUDA) for b in (clean_thai_pdf, no_tounicode_pdf, full_stop_as_letter_pdf)
    )
    assert words(text_of(clean)) == words(" ".join(LINES))
    text = text_of(lying)
    assert not THAI.search(text) and not re.search("[0-9]", text)
    assert words(text_of(full_stop)) == words(" ".join(LINES).replace(".", "ศ"))
    assert np.array_equal(render(lying), render(clean)) and np.array_equal(render(full_stop), render(clean))


def test_mixed_page_has_text_for_its_header_only() -> None:
    data = mixed()
    assert words(text_of(data)) == words(" ".join(HEADER))
    doc = pdfium.PdfDocument(data)
    assert len(doc) == 1
    page = doc[0]
    width, height = page.get_size()
    texts = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]))
    (image,) = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    left, bottom, right, top = image.get_bounds()
    assert left == pytest.approx(0, abs=0.5) and right == pytest.approx(width, abs=0.5)
    assert bottom == pytest.approx(0, abs=0.5) and top > 0.75 * height
    assert all(obj.get_bounds()[1] > top for obj in texts)  # the header is above the scan
    pixels = render(data)
    body = pixels[pixels.shape[0] - round(top * SCALE) :]
    assert (body < 100).sum() > 20_000  # the body is drawn in the image


def test_mixed_page_refuses_what_does_not_fit() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        mixed_page_pdf(HEADER, [LINES[0]] * 40)


@pytest.mark.parametrize(
    "builder", [clean_thai_pdf, no_tounicode_pdf, full_stop_as_letter_pdf, invisible_latin_over_image_pdf]
)
def test_same_bytes_every_time(builder: Builder) -> None:
    assert builder(LINES) == built(builder)
    assert builder(LINES[:2]) != built(builder)


def test_mixed_page_same_bytes_every_time() -> None:
    assert mixed_page_pdf(HEADER, LINES) == mixed()


# ---------------------------------------------------------------------------------------------------
# what the page shows: tesseract reads the Thai back


def _tesseract_has_thai() -> bool:
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, check=False)
    return "tha" in (listed.stdout + listed.stderr).split()


def _ocr(data: bytes) -> str:
    image = Image.fromarray(render(data), mode="L")
    png = io.BytesIO()
    image.save(png, "PNG", dpi=(300, 300))
    done = subprocess.run(
        ["tesseract", "-", "-", "-l", "tha", "--psm", "6"],
        input=png.getvalue(),
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def _normal(text: str) -> str:
    """Without whitespace; NIKHAHIT + SARA AA (how tesseract writes SARA AM) as SARA AM."""
    return "".join(text.split()).replace("\u0e4d\u0e32", "\u0e33")


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


@pytest.mark.skipif(not _tesseract_has_thai(), reason="tesseract with the tha language is not installed")
@pytest.mark.parametrize("builder", [no_tounicode_pdf, invisible_latin_over_image_pdf])
def test_the_page_shows_the_thai_its_text_layer_hides(builder: Builder) -> None:
    truth, read = _normal("".join(LINES)), _normal(_ocr(built(builder)))
    assert _distance(truth, read) / len(truth) < 0.15, read
