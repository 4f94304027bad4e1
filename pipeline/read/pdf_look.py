"""What a PDF page draws besides its text: its large images and how much of its text is invisible.

:func:`parsers.text.layercheck.judge_layer` needs it to tell a text layer laid invisibly over a scan, and a
typed header over a scanned body, from an ordinary page. Walking a page's objects costs a few
microseconds an object, and a page of an Excel export has thousands (one per glyph): the reader looks
only at pages :attr:`parsers.text.layercheck.Census.wants_look` asks for — pages with little text, or text
in the wrong script — and not at all at a page of more than :data:`MAX_OBJECTS` objects: that is a
drawing (a table's rules, a chart), not a scan, whose page holds an image and a few lines of text, or
an OCR layer of a few hundred words.
"""

from __future__ import annotations

import ctypes
from typing import Final

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers.text.layercheck import IMAGE_AT_LEAST, ImageBox, PageLook
from pipeline.read.pdf_lines import Frame

#: a page with more objects is not looked at (a page of vector drawings can hold hundreds of thousands)
MAX_OBJECTS: Final = 600


def page_look(page: pdfium.PdfPage, *, modes: bool = True) -> PageLook | None:
    """The images (each at least :data:`~parsers.text.layercheck.IMAGE_AT_LEAST` of the page) and the text
    objects, visible and invisible, of one page (its top-level objects: forms are not opened); None for
    a page of more than :data:`MAX_OBJECTS` objects. Without ``modes`` no text object is asked how it
    is drawn (all count as visible): a third of the cost, for a page only looked at for its images."""
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if count > MAX_OBJECTS:
        return None
    frame = Frame.of(page)
    width, height = frame.right - frame.left, frame.top - frame.bottom
    if frame.rotation in (90, 270):
        width, height = height, width
    area = width * height
    images: list[ImageBox] = []
    texts = invisible = 0
    bounds = tuple(ctypes.c_float() for _ in range(4))  # PDFium's order: left, bottom, right, top
    for index in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts += 1
            if modes:
                mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
                invisible += mode == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFPageObj_GetBounds(obj, *bounds):
            x0, y0, x1, y1 = (b.value for b in bounds)
            left, right, top, bottom = frame.box((x0, x1, y0, y1))
            box = ImageBox(max(0.0, left), max(0.0, top), min(width, right), min(height, bottom))
            if area > 0 and box.area >= IMAGE_AT_LEAST * area:
                images.append(box)
    return PageLook(width, height, tuple(images), texts, invisible)
