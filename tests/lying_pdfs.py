"""PDFs whose text layer lies: the page shows Thai, the text a reader extracts says something else.

Four lies met in Thai agencies' published PDFs (``../shared/realdata/thai-agency-pdfs``), each built
from text the caller gives, so that a test knows what the page really says, and a control:

* :func:`no_tounicode_pdf` — the embedded font has no ``/ToUnicode``; PDFium falls back to the raw
  character codes, which here are glyph ids of a full Thai font (as in
  ``poknoi_budget_statement_fy2561_elaas_notounicode.pdf``): Thai comes out as Greek letters
  (``ιΕϔλνυϒ…``), digits and punctuation as control characters;
* :func:`invisible_latin_over_image_pdf` — a scan (a 300-dpi grey JPEG of the page) under an invisible
  text layer (render mode 3) of what an English OCR makes of Thai (``uuun?Jon?13J``), as in
  ``ktltc_o20_procurement_plan_memo_scan_garbage_ocr.pdf``;
* :func:`full_stop_as_letter_pdf` — the ``/ToUnicode`` CMap maps the full stop's glyph to ``ศ`` (U+0E28),
  so ``พ.ศ. 2560`` is extracted as ``พศศศ 2560`` and ``4.1.2`` as ``4ศ1ศ2``, as in
  ``ktltc_o4_education_development_plan_word.pdf``;
* :func:`mixed_page_pdf` — a true text layer for the page's header, and below it a scanned image of the
  body with no text at all;
* :func:`clean_thai_pdf` — the control: a text layer that tells the truth.

Text layers are written by fpdf2 as :func:`tools.corpus.render_pdf` writes them (A4, 15 mm margins,
14 pt set smaller until a line fits, 7 mm a line, glyphs one per character without shaping); the lies
are then put in with pikepdf (and fontTools for the embedded font). Scans are drawn with Pillow's raqm
engine (Thai shaped) at 300 dpi as :mod:`tools.scan_page` draws them (8.5 mm a line), on grey paper
with a little seeded sensor noise. Every builder returns the same bytes on every run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

import numpy as np
import pikepdf
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageDraw, ImageFilter, ImageFont, features

#: Debian's fonts-thai-tlwg
TLWG: Final = Path("/usr/share/fonts/truetype/tlwg")
DEFAULT_FONT: Final = TLWG / "Laksaman.ttf"

DPI: Final = 300
MM: Final = 72 / 25.4  # points per millimetre
PAGE_PT: Final = (210 * MM, 297 * MM)  # A4
MARGIN_MM: Final = 15.0
FONT_PT: Final = 14.0
#: a text layer's line pitch and smallest size (tools.corpus)
LINE_MM: Final = 7.0
MIN_FONT_PT: Final = 6.0
#: a scan's line pitch and smallest size (tools.scan_page)
SCAN_LINE_MM: Final = 8.5
MIN_SCAN_PT: Final = 10.0
LINES_PER_SHEET: Final = int((297 - 2 * MARGIN_MM) // SCAN_LINE_MM)
#: the space between a mixed page's header text and its scanned body
MIXED_GAP_MM: Final = 6.0
FIXED_DATE: Final = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
PRODUCER: Final = "raingan tests/lying_pdfs"


class ShapingMissing(RuntimeError):
    """Pillow has no raqm layout engine here: it would draw Thai marks in the wrong places."""


# ---------------------------------------------------------------------------------------------------
# the codes and the garbage the lies put in the text layer


def elaas_code(char: str) -> int | None:
    """The character code :func:`no_tounicode_pdf` writes for ``char``: its glyph id in the Microsoft
    Sans Serif of ``poknoi_budget_statement_fy2561_elaas_notounicode.pdf`` (Identity-H, codes = glyph
    ids): printable ASCII in the Apple standard glyph order (space 3, ``0`` 19, ``.`` 17), Thai from
    ``ก`` = 931 (U+03A3 ``Σ``) on in code-point order. ``None`` for any other character.

    >>> [chr(elaas_code(c) or 0) for c in "ทาน"]
    ['ι', 'ϔ', 'λ']
    """
    cp = ord(char)
    if 0x20 <= cp <= 0x7E:
        return cp - 29
    if 0x0E01 <= cp <= 0x0E5B:
        return cp - 0x0E01 + 0x03A3
    return None


#: the first code given to a character :func:`elaas_code` has none for (IPA Extensions, then on)
_OTHER_CODES: Final = 0x0250

#: what tesseract's ``eng`` model makes of each Thai letter of a looped Thai face: a Latin letter,
#: digit or punctuation of a similar outline (ก → n, บ → U, ร → 5, ง → J, จ → ?); most marks above a
#: letter are lost or read as an apostrophe; a Thai digit as the Latin digit or letter it resembles.
#: Any other character (digits, Latin, punctuation, spaces) is read as it is.
OCR_GARBAGE: Final[Mapping[str, str]] = {
    "ก": "n", "ข": "U", "ฃ": "U", "ค": "A", "ฅ": "A", "ฆ": "U", "ง": "J", "จ": "?", "ฉ": "a",
    "ช": "U", "ซ": "I", "ฌ": "a", "ญ": "ny", "ฎ": "J", "ฏ": "J", "ฐ": "g", "ฑ": "n", "ฒ": "el",
    "ณ": "ru", "ด": "a", "ต": "A", "ถ": "ri", "ท": "n", "ธ": "s", "น": "u", "บ": "U", "ป": "J",
    "ผ": "W", "ฝ": "W", "พ": "W", "ฟ": "W", "ภ": "n", "ม": "u", "ย": "El", "ร": "5", "ฤ": "f",
    "ล": "a", "ฦ": "f", "ว": "3", "ศ": "fl", "ษ": "H", "ส": "a", "ห": "n", "ฬ": "W", "อ": "o",
    "ฮ": "e", "ฯ": "4", "ะ": ":", "ั": "", "า": "1", "ำ": "'1", "ิ": "", "ี": "'", "ึ": "'",
    "ื": '"', "ุ": ",", "ู": ".", "ฺ": "", "฿": "B", "เ": "l", "แ": "ll", "โ": "[", "ใ": "l",
    "ไ": "'l", "ๅ": "1", "ๆ": "q", "็": "", "่": "", "้": "'", "๊": "", "๋": "", "์": "'",
    "ํ": "", "๎": "", "๏": "o", "๐": "o", "๑": "a", "๒": "b", "๓": "m", "๔": "d", "๕": "d",
    "๖": "b", "๗": "n", "๘": "c", "๙": "a", "๚": "?", "๛": "?",
}  # fmt: skip


def ocr_garbage(line: str) -> str:
    """``line`` as an English OCR reads Thai print (ASCII only; a character outside ASCII and Thai
    becomes ``?``).

    >>> ocr_garbage("งบประมาณ พ.ศ. 2561")
    'JUJ5:u1ru W.fl. 2561'
    """
    out = []
    for char in line:
        if char in OCR_GARBAGE:
            out.append(OCR_GARBAGE[char])
        else:
            out.append(char if char.isascii() and (char.isprintable() or char == " ") else "?")
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# the builders


def clean_thai_pdf(lines: Sequence[str], *, font: Path = DEFAULT_FONT) -> bytes:
    """A text-layer PDF of ``lines`` that tells the truth: PDFium extracts the lines as they are."""
    return _text_pdf(lines, font)


def no_tounicode_pdf(lines: Sequence[str], *, font: Path = DEFAULT_FONT) -> bytes:
    """``lines`` drawn from a text layer whose font has no ``/ToUnicode``, in codes that are not Unicode.

    The text of :func:`clean_thai_pdf` with every character code changed to :func:`elaas_code` (the
    ``CIDToGIDMap`` and widths follow, so the page is drawn exactly as before), the ``/ToUnicode`` CMap
    deleted, ``CIDSystemInfo`` made ``Adobe-Identity``, and the embedded subset font's ``cmap``
    rewritten to map the new codes (as code points) to the glyphs and its glyph names dropped (``post``
    format 3), so that no reader can get Thai back from the font either. PDFium falls back to the
    codes: Thai as Greek letters, digits and punctuation as control characters (``26,314,566.52`` →
    ``\\x15\\x19\\x0f\\x16\\x14\\x17…``).
    """
    with pikepdf.open(io.BytesIO(_text_pdf(lines, font))) as pdf:
        for name, font_dict in _type0_fonts(pdf):
            to_unicode = _read_to_unicode(font_dict)
            codes = _elaas_codes(to_unicode)
            _recode_text(pdf, name, codes)
            _recode_font(pdf, font_dict, codes)
        return _save(pdf)


def full_stop_as_letter_pdf(lines: Sequence[str], *, font: Path = DEFAULT_FONT) -> bytes:
    """``lines`` in a text layer whose ``/ToUnicode`` maps the full stop's glyph to ``ศ`` (U+0E28).

    Drawn as :func:`clean_thai_pdf`; only the CMap lies: ``พ.ศ. 2560`` is extracted as ``พศศศ 2560``,
    ``4.1.2`` as ``4ศ1ศ2``.
    """
    with pikepdf.open(io.BytesIO(_text_pdf(lines, font))) as pdf:
        for _, font_dict in _type0_fonts(pdf):
            mapping = {
                cid: "\u0e28" if text == "." else text for cid, text in _read_to_unicode(font_dict).items()
            }
            font_dict.ToUnicode = pdf.make_stream(_to_unicode_cmap(mapping))
        return _save(pdf)


def invisible_latin_over_image_pdf(lines: Sequence[str], *, font: Path = DEFAULT_FONT) -> bytes:
    """``lines`` scanned (one 300-dpi grey JPEG filling each A4 page, :data:`LINES_PER_SHEET` lines a
    page) under an invisible text layer (render mode 3) of :func:`ocr_garbage` of each line, in
    Helvetica, on the line's baseline and stretched to the drawn line's width, as an OCR places its words.
    """
    pdf = _new_pdf()
    sheets = [lines[i : i + LINES_PER_SHEET] for i in range(0, max(1, len(lines)), LINES_PER_SHEET)]
    for number, sheet_lines in enumerate(sheets):
        size = (round(PAGE_PT[0] / 72 * DPI), round(PAGE_PT[1] / 72 * DPI))
        image, drawn = _draw_lines(sheet_lines, font, size, top_mm=MARGIN_MM)
        pdf.add_page()
        pdf.image(io.BytesIO(_scan_jpeg(image, _seed(sheet_lines, number))), x=0, y=0, w=pdf.w, h=pdf.h)
        pdf.set_font("Helvetica", size=FONT_PT)
        pdf.text_mode = TextMode.INVISIBLE
        for line in drawn:
            garbage = ocr_garbage(line.text).strip()
            if not garbage:
                continue
            pdf.set_font_size(line.points)
            natural = pdf.get_string_width(garbage)
            pdf.set_stretching(100 * line.width_pt / natural if natural else 100)
            pdf.text(line.left_pt, line.baseline_pt, garbage)
        pdf.set_stretching(100)
        pdf.text_mode = TextMode.FILL
    return bytes(pdf.output())


def mixed_page_pdf(
    header_lines: Sequence[str], body_lines: Sequence[str], *, font: Path = DEFAULT_FONT
) -> bytes:
    """One A4 page: ``header_lines`` as a true, visible text layer at the top; below them, from
    :data:`MIXED_GAP_MM` under the header to the foot of the page, a full-width scanned image (300-dpi
    grey JPEG) of ``body_lines`` and no text for them. ``ValueError`` when they do not fit on the page.
    """
    pdf = _new_pdf()
    pdf.add_page()
    family = _add_font(pdf, font)
    for line in header_lines:
        _text_line(pdf, family, line)
    top_pt = pdf.get_y() + MIXED_GAP_MM * MM
    size = (round(PAGE_PT[0] / 72 * DPI), round((PAGE_PT[1] - top_pt) / 72 * DPI))
    if pdf.page != 1:
        raise ValueError(f"{len(header_lines)} header lines do not fit one page")
    image, _ = _draw_lines(body_lines, font, size, top_mm=SCAN_LINE_MM / 2)
    seed = _seed([*header_lines, "", *body_lines], 0)
    pdf.image(io.BytesIO(_scan_jpeg(image, seed)), x=0, y=top_pt, w=pdf.w, h=pdf.h - top_pt)
    return bytes(pdf.output())


# ---------------------------------------------------------------------------------------------------
# text layers


def _new_pdf() -> FPDF:
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_margins(MARGIN_MM * MM, MARGIN_MM * MM, MARGIN_MM * MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM * MM)
    return pdf


def _add_font(pdf: FPDF, font: Path) -> str:
    pdf.add_font(font.stem, "", str(font))
    return font.stem


def _text_line(pdf: FPDF, family: str, line: str) -> None:
    """One line as :func:`tools.corpus.render_pdf` writes it: 14 pt, smaller until it fits."""
    line = line.rstrip().replace("\t", "    ")
    width = pdf.w - 2 * MARGIN_MM * MM
    size = FONT_PT
    pdf.set_font(family, size=size)
    while size > MIN_FONT_PT and pdf.get_string_width(line) > width:
        size -= 0.5
        pdf.set_font_size(size)
    pdf.cell(width, LINE_MM * MM, line, new_x="LMARGIN", new_y="NEXT")


def _text_pdf(lines: Sequence[str], font: Path) -> bytes:
    """A4 text-layer PDF of ``lines``, one cell a line, onto further pages when they run out."""
    pdf = _new_pdf()
    pdf.add_page()
    family = _add_font(pdf, font)
    for line in lines:
        _text_line(pdf, family, line)
    return bytes(pdf.output())


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _type0_fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    """(resource name, font) of each Type0 font on the pages (fpdf2 writes every TrueType font so)."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for name, font in page.Resources.get("/Font", pikepdf.Dictionary()).items():
            if font.get("/Subtype") == pikepdf.Name.Type0 and font.objgen not in seen:
                seen.add(font.objgen)
                yield name, font


_HEX: Final = r"<([0-9A-Fa-f]+)>"
_BFCHAR: Final = re.compile(r"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE: Final = re.compile(r"beginbfrange(.*?)endbfrange", re.DOTALL)
_PAIR: Final = re.compile(rf"{_HEX}\s*{_HEX}")
_RANGE: Final = re.compile(rf"{_HEX}\s*{_HEX}\s*{_HEX}")


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be")


def _read_to_unicode(font: pikepdf.Object) -> dict[int, str]:
    """The CID → text map of a font's ``/ToUnicode`` CMap (``bfchar`` and ``bfrange`` with a start)."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        for src, dst in _PAIR.findall(block):
            mapping[int(src, 16)] = _utf16(dst)
    for block in _BFRANGE.findall(cmap):
        for low, high, dst in _RANGE.findall(block):
            start = _utf16(dst)
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = start[:-1] + chr(ord(start[-1]) + offset)
    return mapping


def _to_unicode_cmap(mapping: Mapping[int, str]) -> bytes:
    """A ``/ToUnicode`` CMap with one ``bfchar`` entry a CID (at most 100 entries a block)."""
    entries = [
        f"<{cid:04X}> <{text.encode('utf-16-be').hex().upper()}>" for cid, text in sorted(mapping.items())
    ]
    blocks = [entries[i : i + 100] for i in range(0, len(entries), 100)]
    body = "".join(f"{len(b)} beginbfchar\n" + "\n".join(b) + "\nendbfchar\n" for b in blocks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


# ---------------------------------------------------------------------------------------------------
# the codes of no_tounicode_pdf


def _elaas_codes(to_unicode: Mapping[int, str]) -> dict[int, int]:
    """Old CID → new character code: :func:`elaas_code` of the CID's character; a character with none
    (or a CID of several characters) gets the next free code from :data:`_OTHER_CODES`. CID 0 stays."""
    codes: dict[int, int] = {0: 0}
    others = _OTHER_CODES
    for cid, text in sorted(to_unicode.items()):
        if cid == 0:
            continue
        code = elaas_code(text) if len(text) == 1 else None
        if code is None:
            code, others = others, others + 1
        codes[cid] = code
    return codes


def _recode(data: bytes, codes: Mapping[int, int]) -> bytes:
    return b"".join(
        codes.get(int.from_bytes(data[i : i + 2], "big"), 0).to_bytes(2, "big")
        for i in range(0, len(data), 2)
    )


def _recode_text(pdf: pikepdf.Pdf, font_name: str, codes: Mapping[int, int]) -> None:
    """Every string shown in font ``font_name`` (two bytes a character, Identity-H) recoded."""

    def recoded(operand: pikepdf.Object) -> pikepdf.Object:
        if isinstance(operand, pikepdf.String):
            return pikepdf.String(_recode(bytes(operand), codes))
        if isinstance(operand, pikepdf.Array):
            return pikepdf.Array([recoded(x) for x in operand])
        return operand

    for page in pdf.pages:
        current = None
        out: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
        for instruction in pikepdf.parse_content_stream(page):
            if isinstance(instruction, pikepdf.ContentStreamInstruction):
                operands, operator = list(instruction.operands), instruction.operator
                if str(operator) == "Tf":
                    current = str(operands[0])
                if current == font_name and str(operator) in ("Tj", "TJ", "'", '"'):
                    operands[-1] = recoded(operands[-1])
                instruction = pikepdf.ContentStreamInstruction(operands, operator)
            out.append(instruction)
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def _recode_font(pdf: pikepdf.Pdf, font: pikepdf.Object, codes: Mapping[int, int]) -> None:
    """The font of :func:`no_tounicode_pdf`: its maps and widths by the new codes, no way back to Unicode."""
    del font["/ToUnicode"]
    cid_font = font.DescendantFonts[0]
    cid_font.CIDSystemInfo = pikepdf.Dictionary(
        Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
    )
    old_map = cid_font.CIDToGIDMap.read_bytes()
    gids = {cid: int.from_bytes(old_map[2 * cid : 2 * cid + 2], "big") for cid in codes}
    new_map = bytearray(2 * (max(codes.values()) + 1))
    for cid, code in codes.items():
        new_map[2 * code : 2 * code + 2] = gids[cid].to_bytes(2, "big")
    cid_font.CIDToGIDMap = pdf.make_stream(bytes(new_map))
    widths = _read_widths(cid_font.get("/W", pikepdf.Array()))
    cid_font.W = _widths_array({codes[cid]: w for cid, w in widths.items() if cid in codes})
    descriptor = cid_font.FontDescriptor
    data = descriptor.FontFile2.read_bytes()
    program = _lying_font_program(data, {code: gids[cid] for cid, code in codes.items() if code})
    descriptor.FontFile2 = pdf.make_stream(program, Length1=len(program))


def _read_widths(array: pikepdf.Object) -> dict[int, float]:
    """A CIDFont's ``/W``: ``c [w1 w2 …]`` and ``c_first c_last w`` entries."""
    items = list(array)
    widths: dict[int, float] = {}
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = float(items[i + 2])
            i += 3
    return widths


def _widths_array(widths: Mapping[int, float]) -> pikepdf.Array:
    """``/W`` of runs of consecutive codes: ``c [w1 w2 …] …``."""
    out: list[object] = []
    run: list[float] = []
    start = previous = -2
    for code in sorted(widths):
        if code != previous + 1 and run:
            out += [start, pikepdf.Array(run)]
            run = []
        if not run:
            start = code
        run.append(widths[code])
        previous = code
    if run:
        out += [start, pikepdf.Array(run)]
    return pikepdf.Array([int(x) if isinstance(x, float) and x.is_integer() else x for x in out])


def _lying_font_program(data: bytes, glyph_of_code: Mapping[int, int]) -> bytes:
    """The embedded TrueType with its ``cmap`` mapping the new codes (as code points) to their glyphs,
    and without glyph names (``uni0E01`` would tell). The head's timestamp is kept: same bytes each run."""
    face = TTFont(io.BytesIO(data), recalcTimestamp=False)
    order = face.getGlyphOrder()
    subtables = []
    for platform, encoding in ((0, 3), (3, 1)):
        subtable = CmapSubtable.newSubtable(4)
        subtable.platformID, subtable.platEncID, subtable.language = platform, encoding, 0
        subtable.cmap = {code: order[gid] for code, gid in glyph_of_code.items() if code <= 0xFFFF}
        subtables.append(subtable)
    face["cmap"].tables = subtables
    face["post"].formatType = 3.0
    out = io.BytesIO()
    face.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------
# scans


@dataclass(frozen=True, slots=True)
class _Drawn:
    """One line drawn into a scan: where it sits on the page, in points from the top left."""

    text: str
    points: float
    left_pt: float
    baseline_pt: float
    width_pt: float


@lru_cache(maxsize=32)
def _face(font: Path, points: float) -> ImageFont.FreeTypeFont:
    if not features.check("raqm"):
        raise ShapingMissing("Pillow has no raqm layout engine: Thai marks would be drawn out of place")
    return ImageFont.truetype(str(font), points / 72 * DPI, layout_engine=ImageFont.Layout.RAQM)


def _px(mm: float) -> float:
    return mm / 25.4 * DPI


def _draw_lines(
    lines: Sequence[str], font: Path, size: tuple[int, int], *, top_mm: float
) -> tuple[Image.Image, list[_Drawn]]:
    """``lines`` drawn black on white at 300 dpi, shaped, 8.5 mm apart from ``top_mm``, 14 pt set smaller
    (to 10 pt) until a line fits between the margins; ``ValueError`` for a line that still does not, or
    for more lines than fit (with a bottom margin). The positions returned are in points from the
    image's top left corner."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    width_px = size[0] - 2 * _px(MARGIN_MM)
    if _px(top_mm + SCAN_LINE_MM * len(lines) + MARGIN_MM) > size[1] + 1:
        raise ValueError(f"{len(lines)} lines do not fit on the page")
    drawn: list[_Drawn] = []
    for number, raw_line in enumerate(lines):
        line = raw_line.rstrip().replace("\t", "    ")
        if not line.strip():
            continue
        points = FONT_PT
        while points > MIN_SCAN_PT and _face(font, points).getlength(line) > width_px:
            points -= 0.5
        face = _face(font, points)
        if face.getlength(line) > width_px:
            raise ValueError(f"line too wide for a sheet even at {MIN_SCAN_PT} pt: {line!r}")
        # as fpdf2 places a cell's text: baseline at half the line plus 0.3 of the font size
        baseline = _px(top_mm + number * SCAN_LINE_MM + SCAN_LINE_MM / 2) + 0.3 * face.size
        left = _px(MARGIN_MM)
        draw.text((left, baseline), line, font=face, fill=0, anchor="ls")
        box = draw.textbbox((left, baseline), line, font=face, anchor="ls")
        pt = 72 / DPI
        drawn.append(_Drawn(line, points, box[0] * pt, baseline * pt, (box[2] - box[0]) * pt))
    return image, drawn


def _seed(lines: Sequence[str], number: int) -> int:
    digest = hashlib.sha256(f"{number}\n".encode() + "\n".join(lines).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _scan_jpeg(sheet: Image.Image, seed: int) -> bytes:
    """``sheet`` as a plain scanner returns it: blurred by the optics (0.8 px, as
    :data:`tools.scan_page.DEGRADATIONS` ``office``), toner a dark grey on grey paper, a little sensor
    noise, a grey JPEG at 300 dpi. (Noise on unblurred, aliased strokes made tesseract lose whole lines.)
    """
    rng = np.random.default_rng(seed)
    ink = 1 - np.asarray(sheet.filter(ImageFilter.GaussianBlur(0.8)), dtype=np.float32) / 255
    paper = rng.uniform(228, 240)
    grey = paper - (paper - 30) * ink + rng.normal(0, 2, ink.shape).astype(np.float32)
    scanned = Image.fromarray(np.clip(np.rint(grey), 0, 255).astype(np.uint8), mode="L")
    out = io.BytesIO()
    scanned.save(out, "JPEG", quality=75, optimize=True, dpi=(DPI, DPI))
    return out.getvalue()
