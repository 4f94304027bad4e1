"""PDF pages rendered for OCR: grey page images, straight from PDFium's buffer."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.ocr.image import pgm


def page_image(doc: pdfium.PdfDocument, index: int, dpi: int) -> bytes:
    """One page rendered in grey at ``dpi``, as a binary PGM file's bytes (what OCR reads fastest):
    PDFium renders into a packed 8-bit grey buffer, whose bytes go into the file with one copy."""
    page = doc[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        try:
            return _pgm_of(bitmap)
        finally:
            bitmap.close()
    finally:
        page.close()


def _pgm_of(bitmap: pdfium.PdfBitmap) -> bytes:
    """The PGM of a grey bitmap, taken from its buffer (no image library in between)."""
    if bitmap.format != pdfium_c.FPDFBitmap_Gray:
        raise pdfium.PdfiumError(f"a grey page was rendered as bitmap format {bitmap.format}")
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    pixels = memoryview(bitmap.buffer).cast("B")[: stride * height]
    if stride != width:  # rows padded: keep the pixels of each
        rows = np.frombuffer(pixels, dtype=np.uint8).reshape(height, stride)[:, :width]
        return pgm(width, height, rows.tobytes())
    return pgm(width, height, pixels)
