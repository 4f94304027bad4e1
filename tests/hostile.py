"""Hostile input files for the robustness test (tests/test_hostile.py): ~300 mutated files.

:func:`make_hostile` writes them into a folder, deterministically (one seeded :class:`random.Random`),
from the project's own sample material only: the text reports of ``data/raw`` (``*.txt``, ``*.html``)
and the text-layer PDFs of ``data/raw/pdf``. Each file's name starts with its kind
(``truncated_pdf__…``, ``bitflip_xref__…``, ``nested_array_100k.pdf`` …), so a failure names what
caused it. Every file has a suffix that ``raingan ingest`` collects from a folder and no name starts
with a dot, so each one must get exactly one documents row.

Kinds: truncated PDFs and texts; bit-flipped PDFs (anywhere, in the xref table, in stream data, in
the header and trailer) and texts; zero-byte files with each suffix; files just over the size limit
(sparse: 64 MiB + 1 byte on disk in a few KiB); huge pages (a PDF content stream of 10⁶ text
operations, another of 10⁶ filled rectangles and no text, 20 MB of text, a 5 MB line); hand-written
PDFs with objects nested 100,000 deep, page-tree cycles, self-referencing objects and forms, absurd
counts and lengths; wrong extensions; non-Thai text; seeded binary junk with each suffix; UTF-16 and
UTF-32 text; HTML nested 10,000 (and 100,000) deep; NUL bytes; odd file and folder names; the same
bytes twice under two suffixes. Other files (but the zero-byte ones) are byte-unique, so that no
check is skipped as a duplicate.

323 files; disk ~50 MB (the two over-limit files are sparse); time < 1 s.
"""

from __future__ import annotations

import codecs
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
RAW_PDF = RAW / "pdf"

#: pipeline.config.Config.max_file_bytes (not settable from the command line)
MAX_FILE_BYTES = 64 * 1024 * 1024
#: every suffix raingan ingest collects from a folder (case is ignored)
SUFFIXES = (".txt", ".text", ".html", ".htm", ".pdf")


def _sources() -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """(stem, bytes) of the sample text reports and of the sample PDFs, in a fixed order."""
    texts = [
        (p.stem, p.read_bytes())
        for p in sorted([*RAW.glob("*.txt"), *RAW.glob("*.html")])
        if p.stat().st_size > 0 and not p.name.startswith("corrupt")
    ]
    pdfs = [(p.stem, p.read_bytes()) for p in sorted(RAW_PDF.glob("*.pdf"))]
    if not texts or not pdfs:
        raise FileNotFoundError(f"the sample archive is missing: {RAW}")
    return texts, pdfs


# --- hand-written PDFs --------------------------------------------------------------------------


def pdf_file(objects: list[bytes], *, root: int = 1, trailer: bytes = b"", xref: bool = True) -> bytes:
    """A PDF of ``objects`` (object i+1 is ``objects[i]``) with a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %b>>\n" % (len(objects) + 1, root, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % (start if xref else 0)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, compress: bool = False, length: bytes | None = None) -> bytes:
    if compress:
        data, extra = zlib.compress(data, 6), extra + b" /Filter /FlateDecode"
    size = length if length is not None else b"%d" % len(data)
    return b"<< /Length %b%b >>\nstream\n%b\nendstream" % (size, extra, data)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES_1 = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
FORM = b" /Type /XObject /Subtype /Form /BBox [0 0 9 9]"
HELLO = b"BT /F1 12 Tf 72 720 Td (Quarterly report 2565: 85.5 percent done) Tj ET"


def page(content: int = 4, font: int = 5, extra: bytes = b"") -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> %b>>" % (content, font, extra)
    )


def simple_pdf(content: bytes = HELLO, *, compress: bool = False, page_extra: bytes = b"") -> bytes:
    return pdf_file([CATALOG, PAGES_1, page(extra=page_extra), stream(content, compress=compress), FONT])


def _nested_pdfs(rng: random.Random) -> dict[str, bytes]:
    deep = 100_000
    array = b"[" * deep + b"1" + b"]" * deep
    dictionary = b"<< /A " * deep + b"1" + b" >>" * deep
    unclosed = b"[" * deep
    return {
        # a deep array / dictionary as an extra object the catalog points to
        "nested_array_100k.pdf": pdf_file(
            [b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>", PAGES_1, page(), stream(HELLO), FONT, array]
        ),
        "nested_dict_100k.pdf": pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>",
                PAGES_1,
                page(),
                stream(HELLO),
                FONT,
                dictionary,
            ]
        ),
        # inline, in the objects PDFium must read: the page, the catalog, the trailer
        "nested_array_in_page_100k.pdf": pdf_file(
            [CATALOG, PAGES_1, page(extra=b"/Deep " + array + b" "), stream(HELLO), FONT]
        ),
        "nested_dict_in_resources_100k.pdf": pdf_file(
            [
                CATALOG,
                PAGES_1,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> /ExtGState " + dictionary + b" >> >>",
                stream(HELLO),
                FONT,
            ]
        ),
        "nested_dict_in_catalog_100k.pdf": pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R /Deep " + dictionary + b" >>",
                PAGES_1,
                page(),
                stream(HELLO),
                FONT,
            ]
        ),
        "nested_array_in_trailer_100k.pdf": pdf_file(
            [CATALOG, PAGES_1, page(), stream(HELLO), FONT], trailer=b"/Deep " + array + b" "
        ),
        "nested_array_unclosed_100k.pdf": pdf_file(
            [b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>", PAGES_1, page(), stream(HELLO), FONT, unclosed]
        ),
        # no xref: PDFium rebuilds it by scanning the objects
        "nested_dict_no_xref_100k.pdf": pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>",
                PAGES_1,
                page(),
                stream(HELLO),
                FONT,
                dictionary,
            ],
            xref=False,
        ),
        # nothing but nesting after the header: no object, no trailer (the file cannot open)
        "nested_dict_only_100k.pdf": b"%PDF-1.7\n" + dictionary,
        "nested_dict_open_only_100k.pdf": b"%PDF-1.7\n" + b"<<" * deep,
        # nesting inside the content stream (the page's text operators)
        "nested_array_in_content_100k.pdf": simple_pdf(HELLO + b"\n" + array + b" pop\n" + HELLO),
        "nested_dict_inline_image_10k.pdf": simple_pdf(
            HELLO + b"\nBI /W 1 /H 1 /BPC 8 /CS /G /D " + b"[" * 10_000 + b" ID \x00 EI\n"
        ),
        "nested_compressed_content_100k.pdf": simple_pdf(
            HELLO + b"\n" + b"[" * deep + b"]" * deep + b"\n" + HELLO, compress=True
        ),
    }


def _cycle_pdfs() -> dict[str, bytes]:
    kids_loop = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"  # the page tree is its own kid
    return {
        "kids_loop_self.pdf": pdf_file([CATALOG, kids_loop, page(), stream(HELLO), FONT]),
        # 2 → 6 → 2: two page-tree nodes, each the other's kid
        "kids_loop_two_nodes.pdf": pdf_file(
            [
                CATALOG,
                b"<< /Type /Pages /Kids [6 0 R 3 0 R] /Count 2 >>",
                page(),
                stream(HELLO),
                FONT,
                b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
            ]
        ),
        # the only kid is a page-tree node whose kid is the root: no page at all
        "kids_loop_no_page.pdf": pdf_file(
            [
                CATALOG,
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
            ]
        ),
        "kids_same_page_100k.pdf": pdf_file(
            [
                CATALOG,
                b"<< /Type /Pages /Kids [" + b"3 0 R " * 100_000 + b"] /Count 100000 >>",
                page(),
                stream(HELLO),
                FONT,
            ]
        ),
        "count_huge.pdf": pdf_file(
            [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>", page(), stream(HELLO), FONT]
        ),
        "count_negative.pdf": pdf_file(
            [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count -5 >>", page(), stream(HELLO), FONT]
        ),
        "parent_loop.pdf": pdf_file(
            [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>", page(), stream(HELLO), FONT]
        ),
        "self_reference_object.pdf": pdf_file(
            [b"<< /Type /Catalog /Pages 2 0 R /Loop 6 0 R >>", PAGES_1, page(), stream(HELLO), FONT, b"6 0 R"]
        ),
        "pages_is_reference_loop.pdf": pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"3 0 R", b"2 0 R"]),
        # a form XObject that draws itself; and two that draw each other
        "form_xobject_recursion.pdf": pdf_file(
            [
                CATALOG,
                PAGES_1,
                page(extra=b"/XObject << /X 6 0 R >> "),
                stream(HELLO + b"\n/X Do"),
                FONT,
                stream(
                    b"BT /F1 12 Tf 72 700 Td (inner) Tj ET /X Do",
                    b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
                    b" /Resources << /XObject << /X 6 0 R >> /Font << /F1 5 0 R >> >>",
                ),
            ]
        ),
        "form_xobject_mutual_recursion.pdf": pdf_file(
            [
                CATALOG,
                PAGES_1,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /XObject << /X 6 0 R >> >> >>",
                stream(b"/X Do"),
                FONT,
                stream(
                    b"/Y Do",
                    FORM + b" /Resources << /XObject << /Y 7 0 R >> >>",
                ),
                stream(
                    b"/X Do",
                    FORM + b" /Resources << /XObject << /X 6 0 R >> >>",
                ),
            ]
        ),
        "content_array_same_stream_10k.pdf": pdf_file(
            [
                CATALOG,
                PAGES_1,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ["
                + b"4 0 R " * 10_000
                + b"] /Resources << /Font << /F1 5 0 R >> >> >>",
                stream(HELLO),
                FONT,
            ]
        ),
        "stream_length_beyond_eof.pdf": pdf_file(
            [CATALOG, PAGES_1, page(), stream(HELLO, length=b"999999999"), FONT]
        ),
        "stream_length_negative.pdf": pdf_file(
            [CATALOG, PAGES_1, page(), stream(HELLO, length=b"-40"), FONT]
        ),
        "stream_length_self_reference.pdf": pdf_file(
            [CATALOG, PAGES_1, page(), stream(HELLO, length=b"4 0 R"), FONT]
        ),
        "xref_size_huge.pdf": pdf_file([CATALOG, PAGES_1, page(), stream(HELLO), FONT]).replace(
            b"/Size 6", b"/Size 2147483647"
        ),
        "startxref_beyond_eof.pdf": pdf_file([CATALOG, PAGES_1, page(), stream(HELLO), FONT]).replace(
            b"startxref\n", b"startxref\n99999999"
        ),
        "flate_bomb_content.pdf": simple_pdf(HELLO + b"\n" + b"%" + b" " * 30_000_000 + b"\n", compress=True),
        "mediabox_absurd.pdf": pdf_file(
            [
                CATALOG,
                PAGES_1,
                page().replace(b"[0 0 595 842]", b"[0 0 14400 14400] /UserUnit 75000"),
                stream(HELLO),
                FONT,
            ]
        ),
        "mediabox_empty.pdf": pdf_file(
            [CATALOG, PAGES_1, page().replace(b"[0 0 595 842]", b"[0 0 0 0]"), stream(HELLO), FONT]
        ),
        "font_missing.pdf": pdf_file([CATALOG, PAGES_1, page(font=9), stream(HELLO)]),
    }


def _huge_pdfs() -> dict[str, bytes]:
    text_ops = b"BT /F1 1 Tf 10 10 Td\n" + b"(Report 2565) Tj\n" * 1_000_000 + b"ET"
    rects = b"0 g\n" + b"1 1 1 1 re f\n" * 1_000_000
    blank_pages = 300
    blank = [
        CATALOG,
        b"<< /Type /Pages /Kids ["
        + b"".join(b"%d 0 R " % (4 + i) for i in range(blank_pages))
        + b"] /Count %d >>" % blank_pages,
        stream(b""),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * blank_pages,
    ]
    many_text = 3000
    many = [
        CATALOG,
        b"<< /Type /Pages /Kids ["
        + b"".join(b"%d 0 R " % (5 + i) for i in range(many_text))
        + b"] /Count %d >>" % many_text,
        stream(HELLO),
        FONT,
        *[
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        ]
        * many_text,
    ]
    return {
        "hugepage_1m_text_ops.pdf": simple_pdf(text_ops, compress=True),
        "hugepage_1m_rectangles_no_text.pdf": simple_pdf(rects, compress=True),
        f"hugepdf_{blank_pages}_blank_pages.pdf": pdf_file(blank),
        f"hugepdf_{many_text}_text_pages.pdf": pdf_file(many),
    }


# --- mutations of the sample files --------------------------------------------------------------


def _flip(rng: random.Random, data: bytes, n: int, lo: int = 0, hi: int | None = None) -> bytes:
    """``data`` with ``n`` random bits flipped at random bytes of ``data[lo:hi]``."""
    out = bytearray(data)
    hi = len(data) if hi is None else hi
    for _ in range(n):
        at = rng.randrange(lo, max(lo + 1, hi))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def _region(data: bytes, start: bytes, end: bytes, rng: random.Random) -> tuple[int, int]:
    """A random ``start…end`` region of ``data`` (e.g. a stream's bytes), or the whole file."""
    spans = []
    at = data.find(start)
    while at != -1:
        stop = data.find(end, at + len(start))
        if stop == -1:
            break
        spans.append((at + len(start), stop))
        at = data.find(start, stop)
    return rng.choice(spans) if spans else (0, len(data))


def _mapped(text: str, alphabet: str, rng: random.Random) -> str:
    """``text`` with each Thai character replaced by one of ``alphabet`` (a fixed random mapping), so
    the report's layout, digits, dates and punctuation stay and the script changes."""
    thai = sorted({c for c in text if "\u0e00" <= c <= "\u0e7f"})
    table = {c: rng.choice(alphabet) for c in thai}
    return "".join(table.get(c, c) for c in text)


SCRIPTS = {
    "chinese": (
        "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着"
        "去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主"
        "行方又如前所本见经头面公同三已老从动两长"
    ),
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "emoji": "😀😂🥲😍🤔🙈🚀🔥💧🌧️⛈️🏙️📈📉✅❌🇹🇭👍🏽👨‍👩‍👧‍👦",
    "latin": "abcdefghijklmnopqrstuvwxyz",
}

ENGLISH = """KPI report — fiscal year 2022
1. Indicator: share of households sorting their waste
2. Target: 85.5 percent by 30 September 2022
Quarter 1 (October–December 2021): 3 workshops held on 12/10/2021, 5/11/2021 and 20/12/2021.
Quarter 2: 1,250 trees planted; budget 1,250,000 baht, of which 830,500 baht was spent.
Result: 87.25 percent. Certified correct.
"""


def _png(rng: random.Random) -> bytes:
    width = height = 16
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _zip(texts: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for stem, data in texts[:3]:
            archive.writestr(zipfile.ZipInfo(f"{stem}.txt", date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def _html(body: str) -> bytes:
    head = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>t</title></head>\n'
    return f"{head}<body>{body}</body></html>\n".encode()


def make_hostile(folder: Path, seed: int = 0) -> list[Path]:
    """Write the hostile files into ``folder`` (created if missing) and return their paths, in the order
    written. The same seed writes the same bytes under the same names."""
    rng = random.Random(seed)
    texts, pdfs = _sources()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def put(name: str, data: bytes | Callable[[Path], None]) -> None:
        path = folder / name
        if path in written or path.exists():
            raise ValueError(f"two hostile files named {name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            data(path)
        written.append(path)

    text_of = dict(texts)
    utf8 = [(stem, data) for stem, data in texts if not stem.endswith("cp874")]
    plain = [(stem, data) for stem, data in utf8 if not data.lstrip().startswith(b"<")]
    sample_text = text_of["kpi_report_chatuchak_fy2565"]

    # truncated: PDFs 5 cuts each (one in the last 200 bytes: the xref/trailer), texts 3 cuts each
    for stem, data in pdfs:
        cuts = sorted({rng.randrange(1, len(data)) for _ in range(4)} | {len(data) - rng.randrange(1, 200)})
        for cut in cuts:
            put(f"truncated_pdf__{stem}__at{cut}.pdf", data[:cut])
    for stem, data in texts:
        suffix = ".html" if data.lstrip().startswith(b"<") else ".txt"
        for cut in sorted({rng.randrange(1, len(data)) for _ in range(3)}):
            put(f"truncated_text__{stem}__at{cut}{suffix}", data[:cut])

    # bit flips: PDFs anywhere (1–16 bits), in the xref table, in stream data, in header/trailer
    for stem, data in pdfs:
        for i in range(2):
            put(f"bitflip_pdf__{stem}__{i}.pdf", _flip(rng, data, rng.choice((1, 2, 4, 16))))
        lo, hi = data.rfind(b"xref"), data.rfind(b"trailer")
        put(f"bitflip_xref__{stem}.pdf", _flip(rng, data, rng.randint(1, 6), lo, hi))
        lo, hi = _region(data, b"stream\n", b"endstream", rng)
        put(f"bitflip_stream__{stem}.pdf", _flip(rng, data, rng.randint(1, 4), lo, hi))
        put(f"bitflip_trailer__{stem}.pdf", _flip(rng, data, 2, data.rfind(b"trailer"), len(data)))
        put(f"bitflip_header__{stem}.pdf", _flip(rng, data, 1, 0, 16))
    for stem, data in texts:
        put(f"bitflip_text__{stem}.txt", _flip(rng, data, rng.choice((1, 8, 64))))

    # zero bytes, and whitespace only, with each suffix (upper case too)
    for suffix in (*SUFFIXES, ".TXT", ".PDF", ".Html"):
        put(f"zero_bytes{suffix}", b"")
    for i, suffix in enumerate(SUFFIXES, 1):
        put(f"whitespace_only{suffix}", b" \n\t\r\n  \n" * i)
    put("bom_only.txt", codecs.BOM_UTF8)
    put("bom_only_utf16.txt", codecs.BOM_UTF16_LE)

    # over the size limit, sparse on disk (a hole, then a few bytes)
    def sparse(head: bytes, tail: bytes) -> Callable[[Path], None]:
        def write(path: Path) -> None:
            with path.open("wb") as f:
                f.write(head)
                f.seek(MAX_FILE_BYTES + 1 - len(tail))
                f.write(tail)

        return write

    put("huge_over_limit_sparse.txt", sparse(sample_text[:300], b"\n"))
    put("huge_over_limit_sparse.pdf", sparse(pdfs[0][1][:300], b"\n%%EOF\n"))

    # huge pages: 20 MB of report text, a 5 MB line, 100,000 short lines, 10,000 stacked tone marks
    reports = b"\n".join(data for _, data in utf8)
    put("hugetext_20mb.txt", (reports * (20_000_000 // len(reports) + 1))[:20_000_000])
    line = reports.replace(b"\n", b" ")
    put("hugetext_one_line_5mb.txt", (line * (5_000_000 // len(line) + 1))[:5_000_000])
    put(
        "hugetext_100k_lines.txt",
        b"".join(
            b"%d/%d/25%02d\n" % (rng.randint(1, 31), rng.randint(1, 12), rng.randrange(100))
            for _ in range(100_000)
        ),
    )
    put("hugetext_stacked_marks.txt", ("ก" + "่" * 10_000 + "\n").encode() * 10 + sample_text)
    put("hugetext_one_entry_dates.txt", sample_text + ("31/12/2564 " * 200_000).encode())
    for name, data in _huge_pdfs().items():
        put(name, data)

    # hand-written PDFs: deep nesting, cycles, absurd values
    for name, data in {**_nested_pdfs(rng), **_cycle_pdfs()}.items():
        put(name, data)

    # wrong extensions
    for stem, data in pdfs[:4]:
        put(f"wrongext_pdf_as_txt__{stem}.txt", data)
    put(f"wrongext_pdf_as_html__{pdfs[4][0]}.html", pdfs[4][1])
    put(f"wrongext_pdf_as_htm__{pdfs[5][0]}.htm", pdfs[5][1])
    put(f"wrongext_pdf_as_text__{pdfs[6][0]}.text", pdfs[6][1])
    for stem, data in texts[:3]:
        put(f"wrongext_text_as_pdf__{stem}.pdf", data + b"\n\n")
    html_stem, html = next((s, d) for s, d in texts if d.lstrip().startswith(b"<"))
    put(f"wrongext_html_as_txt__{html_stem}.txt", html)
    put(f"wrongext_html_as_pdf__{html_stem}.pdf", html + b"\n")  # other bytes: not a duplicate
    put(f"wrongext_txt_as_html__{texts[0][0]}.html", texts[0][1] + b"\n\n\n")
    png, archive = _png(rng), _zip(texts)
    for suffix in SUFFIXES:
        tag = suffix.encode()  # trailing bytes keep each file unique (no duplicate_content)
        put(f"wrongext_png_as{suffix.replace('.', '_')}{suffix}", png + tag)
        put(f"wrongext_zip_as{suffix.replace('.', '_')}{suffix}", archive + tag)
    put("wrongext_pdf_header_then_text.pdf", b"%PDF-1.4\n" + sample_text)
    put("wrongext_text_with_pdf_inside.txt", sample_text + b"\n" + pdfs[0][1])

    # non-Thai text: the reports in other scripts (layout, digits and dates kept), English, mixed
    for i, (script, alphabet) in enumerate(SCRIPTS.items()):
        stem, data = plain[i % len(plain)]
        put(f"nonthai_{script}__{stem}.txt", _mapped(data.decode("utf-8"), alphabet, rng).encode())
        put(f"nonthai_{script}__{html_stem}.html", _mapped(html.decode("utf-8"), alphabet, rng).encode())
    put("nonthai_english.txt", ENGLISH.encode())
    put("nonthai_english.html", _html(ENGLISH.replace("\n", "<br>")))
    put(
        "nonthai_chinese_gb18030.txt",
        _mapped(text_of["kpi_detail_flat_fy2567"].decode(), SCRIPTS["chinese"], rng).encode("gb18030"),
    )
    put(
        "nonthai_cyrillic_koi8r.txt", _mapped(sample_text.decode(), SCRIPTS["cyrillic"], rng).encode("koi8-r")
    )
    put("nonthai_rtl_overrides.txt", ("\u202e" + ENGLISH + "\u202d" + sample_text.decode()).encode())
    put("nonthai_zero_width.txt", "\u200b\u200c\u200d\ufeff".join(sample_text.decode()).encode())

    # binary junk (seeded) with each suffix, small and large; junk behind a real signature
    for suffix in (*SUFFIXES, ".PDF"):
        for size in (3, 2048, 1_000_000):
            put(f"junk_{size}{suffix.replace('.', '_')}{suffix}", rng.randbytes(size))
    put("junk_after_pdf_header.pdf", b"%PDF-1.7\n" + rng.randbytes(100_000))
    put("junk_between_pdf_header_and_eof.pdf", b"%PDF-1.7\n" + rng.randbytes(50_000) + b"\n%%EOF\n")
    put("junk_after_utf8_bom.txt", codecs.BOM_UTF8 + rng.randbytes(4096))
    put("junk_after_html_doctype.html", b"<!DOCTYPE html><html><body>" + rng.randbytes(4096))
    put("junk_high_bytes_cp874ish.txt", bytes(rng.randrange(0xA1, 0xFC) for _ in range(20_000)))
    put("junk_control_chars.txt", bytes(rng.randrange(0, 32) for _ in range(5000)))

    # UTF-16 / UTF-32 text, with and without a byte-order mark
    for stem, data in utf8[:3]:
        text = data.decode("utf-8")
        put(f"utf16le_bom__{stem}.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
        put(f"utf16be_bom__{stem}.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
        put(f"utf16le_nobom__{stem}.txt", text.encode("utf-16-le"))
    put("utf32_bom__kpi_report_chatuchak.txt", sample_text.decode().encode("utf-32"))
    put(
        f"utf16_html__{html_stem}.html",
        html.decode().replace('charset="utf-8"', 'charset="utf-16"').encode("utf-16"),
    )
    put("utf16_odd_length.txt", (codecs.BOM_UTF16_LE + sample_text.decode().encode("utf-16-le"))[:-1])

    # deeply nested HTML
    body = html.decode()
    put("html_nested_div_10k.html", _html("<div>" * 10_000 + body + "</div>" * 10_000))
    put(
        "html_nested_table_10k.html",
        _html("<table><tr><td>" * 10_000 + "ร้อยละ 85.50" + "</td></tr></table>" * 10_000),
    )
    put("html_unclosed_b_10k.html", _html("<b>" * 10_000 + "ร้อยละ 85.50"))
    put("html_nested_span_100k.html", _html("<span>" * 100_000 + "ร้อยละ 85.50" + "</span>" * 100_000))
    put("html_nested_pre_select_10k.html", _html("<pre><select><option>" * 10_000 + "2564"))
    put("html_nested_script_unclosed.html", _html("<script>" + "<div>" * 10_000 + body))
    put("html_comment_unclosed.html", _html("<!--" + body))
    put("html_entities_100k.html", _html("&#3585;&amp;&#x0E01;&nbsp;" * 100_000))
    put("html_attr_1mb.html", _html('<div title="' + "x" * 1_000_000 + '">ร้อยละ 85.50</div>'))
    put(
        "html_meta_charset_bogus.html",
        body.replace('charset="utf-8"', 'charset="x-no-such-charset"').encode(),
    )
    put("html_nested_div_10k_as.txt", _html("<div>" * 10_000 + body + "</div>" * 10_000) + b"\n")

    # NUL bytes
    for stem, data in texts[:4]:
        out = bytearray(data)
        for _ in range(rng.choice((1, 5, 50))):
            out.insert(rng.randrange(len(out)), 0)
        put(f"nul_bytes__{stem}.txt", bytes(out))
    put("nul_one_at_end.txt", sample_text + b"\x00")
    put("nul_in_html.html", html.replace(b"<body>", b"<body>\x00", 1))
    put("nul_every_other_byte.txt", b"\x00".join(bytes([b]) for b in sample_text[:3000]))
    put("nul_only.txt", b"\x00" * 4096)

    # odd names and folders (a file's name is not its content: these are plain reports)
    stem, data = texts[0]
    for name in (
        "name with spaces.txt",
        "  name with leading spaces.txt",
        "name trailing space .txt",
        "รายงานตัวชี้วัด ปีงบประมาณ ๒๕๖๕.txt",
        "ชื่อภาษาไทย.pdf",
        "name 😀 emoji.html",
        "name'quote\"double`tick$(echo x);.txt",
        "name\nnewline.txt",
        "name\ttab.txt",
        "name-" + "ยาว" * 27 + ".txt",  # 252 bytes: near the 255-byte limit,
        "sub dir/ซ้อน/nested name.txt",
        "/".join(f"d{i}" for i in range(40)) + "/deep_folder.txt",
        "name.pdf.txt",
        "name..txt",
        "-dash-leading.txt",
    ):
        # a line naming the file keeps the bytes unique (identical files share one doc_id)
        unique = f"\n% {name}\n".encode("utf-8", "surrogateescape")
        put(name, (pdfs[0][1] if name.endswith(".pdf") else data) + unique)

    # the same bytes twice, first as text (not readable as such), then as a good PDF: one row each
    put("duplicate_1_pdf_bytes_named.txt", pdfs[-1][1])
    put("duplicate_2_same_pdf_bytes.pdf", pdfs[-1][1])

    return written
