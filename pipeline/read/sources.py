"""Input readers for text exports (.txt, .text) and saved web pages (.html, .htm).

:func:`read_source` turns one file into a :class:`SourceFile`: its pages of raw text (decoded,
newlines unified to ``\\n``, nothing else changed) and the problems met on the way. Bad content never
raises: it becomes a failed :class:`SourceFile`, so a batch goes on.

Problem codes (:class:`FindingCode`), with their fixed severity:

==================  ========  ==========================================================
code                severity  meaning
==================  ========  ==========================================================
read_error          error     the file could not be read (permission, vanished, a folder)
unsupported_format  error     a known format this reader does not read yet (PDF)
empty_file          error     0 bytes, or only whitespace once decoded
not_text            error     binary data (PDF/PNG/ZIP… signature, NUL bytes, control characters)
no_visible_text     error     a web page whose markup holds no visible text
decode_replaced     warning   some bytes were invalid and became U+FFFD; evidence = count
encoding_uncertain  warning   not UTF-8; read as cp874 for lack of a better guess
charset_ignored     warning   the page's ``<meta charset>`` is unknown or contradicts its bytes
encoding_fallback   info      not UTF-8; read as Thai cp874 (declared, or Thai letters dominate)
format_sniffed      info      the content's format is not the one the file name says
==================  ========  ==========================================================

Encoding rules, in order (first match wins; :func:`decode_text`):

1. A known binary signature (``%PDF-``, PNG, ZIP …) → not text.
2. A byte-order mark → UTF-8 (reported ``utf-8-sig``), UTF-16 (``utf-16``) or UTF-32 (``utf-32``).
3. NUL bytes → not text (UTF-16 without a BOM is named as the likely cause).
4. Valid UTF-8 → ``utf-8``. Valid UTF-8 beats a page's declaration: legacy Thai text is virtually
   never valid UTF-8, while stale declarations in re-saved pages are common.
5. A declared Thai charset (windows-874, tis-620, iso-8859-11 …) that decodes cleanly → ``cp874``.
6. Clean cp874 in which Thai letters are ≥ 80 % of the non-ASCII characters and consonants ≥ 30 % of
   those → ``cp874``.
7. Any other declared charset that decodes cleanly → that codec.
8. Clean cp874 anyway (our only expected legacy encoding) → ``cp874`` with ``encoding_uncertain``.
9. UTF-8 or cp874 with invalid bytes replaced, whichever replaces fewer (UTF-8 on a tie).

Every Thai legacy label is reported as ``cp874``: Windows-874 is a superset of TIS-620 (it adds
``…``, curly quotes and dashes in 0x80–0x9F and NBSP at 0xA0), and Python's ``tis-620`` codec
turns those bytes into C1 control characters. Decoded text in which more than 5 % (and more than 3)
of the characters are controls or replacement characters is not text. charset-normalizer is not
used: these rules are deterministic and each decision can be stated in one sentence.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from parsers.document.inputs import TableInput
from parsers.text.layercheck import LayerVerdict
from parsers.text.linebox import LineBox
from pipeline.read.html import codec_for_label, declared_charset, has_markup, html_to_text, looks_like_page
from pipeline.read.identity import FORMAT_BY_SUFFIX, unreadable_id
from pipeline.read.problems import ReadProblem, problem
from schemas.codes import FindingCode
from schemas.enums import Severity, SourceFormat


@dataclass(frozen=True)
class SourceFile:
    """One input file as read: raw text per page plus the problems met."""

    path: Path
    doc_id: str  # sha256 hex of the file bytes
    source_format: SourceFormat
    encoding: str | None  # codec the text was decoded with; None when no text was decoded
    pages: tuple[str, ...]
    problems: tuple[ReadProblem, ...]
    unread: frozenset[int] = frozenset()  # PDF pages (0-based) that could not be read at all
    #: per page, where each line of its text was drawn (PDF text layers, :mod:`pipeline.read.pdf_lines`);
    #: empty for sources without geometry (text, HTML), and a page that was not read has no boxes
    lines: tuple[tuple[LineBox, ...], ...] = ()
    #: per PDF page, why its text layer must not be used (:mod:`parsers.text.layercheck`); None: it may
    verdicts: tuple[LayerVerdict | None, ...] = ()
    #: PDF pages (0-based) without letters or digits that draw nothing but their text layer: blank
    #: pages, a page of dots. OCR could see nothing more there, so they are not OCR'd for lack of text
    layer_only: frozenset[int] = frozenset()
    #: per page, the tables the source holds there (Word tables, Excel sheets); empty for other sources
    tables: tuple[tuple[TableInput, ...], ...] = ()
    #: per PDF page, the rules drawn on it (:func:`pipeline.read.pdf_rules.read_rules`: four numbers a
    #: rule, flat, in the frame of the line boxes); empty when no page has any
    rules: tuple[tuple[float, ...], ...] = ()

    @property
    def failed(self) -> bool:
        """True when no text could be read: an error problem and no pages."""
        return not self.pages and any(p.severity is Severity.ERROR for p in self.problems)

    def page_lines(self, index: int) -> tuple[LineBox, ...]:
        """The line boxes of page ``index`` (0-based); none when the source has no geometry."""
        return self.lines[index] if index < len(self.lines) else ()

    def page_tables(self, index: int) -> tuple[TableInput, ...]:
        """The tables the source holds on page ``index`` (0-based)."""
        return self.tables[index] if index < len(self.tables) else ()

    def page_rules(self, index: int) -> tuple[float, ...]:
        """The rules drawn on page ``index`` (0-based); none when the source has no geometry."""
        return self.rules[index] if index < len(self.rules) else ()

    def verdict(self, index: int) -> LayerVerdict | None:
        """Why the text layer of page ``index`` (0-based) must not be used; None when it may."""
        return self.verdicts[index] if index < len(self.verdicts) else None


_SIGNATURES: Final = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx and .odt files are ZIP archives too)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)
_BOMS: Final = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")
_THAI_LETTER: Final = re.compile(r"[\u0e01-\u0e5b]")
_THAI_CONSONANT: Final = re.compile(r"[\u0e01-\u0e2e]")
_JUNK: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")  # C0 controls but \t \n \v \f \r
_MAX_JUNK_SHARE: Final = 0.05


@dataclass(frozen=True)
class _NotText:
    what: str  # what was seen, e.g. "it starts with %PDF-, the signature of a PDF document"
    advice: str


def _show(raw: bytes) -> str:
    return "".join(chr(b) if 0x20 <= b < 0x7F else f"\\x{b:02x}" for b in raw)


def _binary_signature(data: bytes) -> _NotText | None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return _NotText(
                f"it starts with {_show(signature)}, the signature of {kind}",
                "Export the text of the original, or give the file its real extension.",
            )
    return None


def _nul_bytes(data: bytes) -> _NotText:
    nuls = data.count(0)
    what = f"it holds {nuls} NUL byte(s), the first at byte {data.index(0)}"
    # UTF-16 text without a BOM puts a NUL in every second byte of ASCII characters
    if nuls * 8 > len(data) and nuls in (data[0::2].count(0), data[1::2].count(0)):
        return _NotText(
            f"{what}, always in every second byte", "It may be UTF-16 without a BOM: save it as UTF-8."
        )
    return _NotText(what, "Check that this is the text export and not a binary file.")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _decode_counting(data: bytes, codec: str) -> tuple[str, int]:
    """Decode with U+FFFD for invalid bytes; also return how many bytes were invalid."""
    # utf-8/16/32 and cp874 re-encode decoded text to exactly the bytes it came from
    kept = data.decode(codec, "ignore").encode(codec)
    return data.decode(codec, "replace"), len(data) - len(kept)


def _replaced(bad: int, total: int, codec: str) -> ReadProblem:
    return problem(
        FindingCode.DECODE_REPLACED,
        f"{bad} of {total} bytes are not valid {codec} and were replaced by U+FFFD (�); the text "
        "around them may be damaged. Re-export the file as UTF-8 if you can.",
        f"{bad} byte(s) replaced",
    )


def _thai_evidence(text: str) -> tuple[bool, str]:
    """Do Thai letters dominate the non-ASCII characters of ``text`` (decoded as cp874)?"""
    non_ascii = len(_NON_ASCII.findall(text))
    thai = len(_THAI_LETTER.findall(text))
    consonants = len(_THAI_CONSONANT.findall(text))
    dominant = non_ascii > 0 and thai >= 0.8 * non_ascii and consonants >= 0.3 * thai
    return dominant, f"{thai} of {non_ascii} non-ASCII characters are Thai, {consonants} consonants"


def _decode_legacy(data: bytes, declared: str | None) -> tuple[str, str, list[ReadProblem]]:
    """Rules 5–9 of the module docstring: the bytes are not UTF-8."""
    codec = codec_for_label(declared) if declared else None
    problems: list[ReadProblem] = []

    def ignore(why: str) -> None:
        problems.append(
            problem(FindingCode.CHARSET_IGNORED, f"The page declares charset {declared!r}, {why}.")
        )

    def fallback(codec: str, why: str, evidence: str | None = None) -> ReadProblem:
        return problem(
            FindingCode.ENCODING_FALLBACK, f"The file is not UTF-8; read as {codec}: {why}.", evidence
        )

    if declared and codec is None:
        ignore("which is not a known encoding; the encoding was detected instead")
    elif codec is not None and _strict(data, codec) is None:
        ignore(f"but the bytes are not valid {codec}; the encoding was detected instead")
        codec = None
    if codec == "cp874":
        return data.decode("cp874"), "cp874", [fallback("cp874", "the page declares a Thai charset")]
    thai = _strict(data, "cp874")
    dominant, evidence = _thai_evidence(thai) if thai is not None else (False, "")
    if thai is not None and dominant:
        if codec is not None:
            ignore(f"but its bytes are Thai cp874 ({evidence})")
        return thai, "cp874", [*problems, fallback("cp874", "Thai letters dominate (TIS-620)", evidence)]
    if codec is not None:
        return data.decode(codec), codec, [fallback(codec, "the page declares it")]
    if thai is not None:
        message = (
            "The file is not UTF-8 and no encoding was declared or recognised; read as Thai cp874 "
            "(TIS-620), but the result does not look like Thai text. Save the file as UTF-8."
        )
        return thai, "cp874", [*problems, problem(FindingCode.ENCODING_UNCERTAIN, message, evidence)]
    # nothing decodes cleanly: keep the codec that loses the fewest bytes
    (text, bad), name = min(
        ((_decode_counting(data, "utf-8"), "utf-8"), (_decode_counting(data, "cp874"), "cp874")),
        key=lambda found: found[0][1],
    )
    return text, name, [*problems, _replaced(bad, len(data), name)]


def _checked(
    text: str, encoding: str, problems: list[ReadProblem]
) -> tuple[str, str, list[ReadProblem]] | _NotText:
    if "\x00" in text:
        return _NotText("it decodes to text with NUL characters", "Check that this is a text file.")
    junk = len(_JUNK.findall(text))
    if junk > max(3, _MAX_JUNK_SHARE * len(text)):  # a few bad bytes in a tiny file are not "binary"
        return _NotText(
            f"{junk} of its {len(text)} characters are control characters or undecodable bytes",
            "This is binary data or text in an encoding we do not read: save it as UTF-8.",
        )
    return text, encoding, problems


def _decode(data: bytes, declared: str | None) -> tuple[str, str, list[ReadProblem]] | _NotText:
    """Rules 1–9 of the module docstring."""
    binary = _binary_signature(data)
    if binary is not None:
        return binary
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            text, bad = _decode_counting(data[len(bom) :], codec)
            return _checked(text, name, [_replaced(bad, len(data), name)] if bad else [])
    if 0 in data:
        return _nul_bytes(data)
    utf8 = _strict(data, "utf-8")
    if utf8 is None:
        return _checked(*_decode_legacy(data, declared))
    problems = []
    if declared and not data.isascii() and codec_for_label(declared) != "utf-8":
        message = (
            f"The page declares charset {declared!r}, but its bytes are valid UTF-8 and were read as UTF-8."
        )
        problems.append(problem(FindingCode.CHARSET_IGNORED, message))
    return _checked(utf8, "utf-8", problems)


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str, list[ReadProblem]] | None:
    """Decode file bytes: ``(text, encoding, problems)``, or None when the bytes are not text.

    ``declared`` is a page's ``<meta charset>`` label, if any. Newlines are left as they are.

    >>> decode_text("รายงาน".encode("cp874"))[:2]
    ('รายงาน', 'cp874')
    """
    decoded = _decode(data, declared)
    return None if isinstance(decoded, _NotText) else decoded


def _split_pages(text: str) -> tuple[str, ...]:
    """Pages of a text export: form feeds separate them; a final form feed only closes the last page."""
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return tuple(pages)


def _failed(
    path: Path, doc_id: str, fmt: SourceFormat, encoding: str | None, problem: ReadProblem
) -> SourceFile:
    return SourceFile(path, doc_id, fmt, encoding, (), (problem,))


def source_format_for(path: Path) -> SourceFormat:
    """The format a file name promises to this reader; ValueError for a suffix it does not read (Word and
    Excel files have readers of their own: :mod:`pipeline.read.docx`, :mod:`pipeline.read.xlsx`)."""
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None or fmt in (SourceFormat.DOCX, SourceFormat.XLSX):
        known = ", ".join(sorted(s for s, f in FORMAT_BY_SUFFIX.items() if f not in _OFFICE))
        raise ValueError(f"{path}: unknown file type {path.suffix!r}; known types: {known}")
    return fmt


_OFFICE: Final = (SourceFormat.DOCX, SourceFormat.XLSX)


def read_source(path: Path, data: bytes | None = None, fmt: SourceFormat | None = None) -> SourceFile:
    """Read one text export or saved web page; ``data`` (the file's bytes) saves reading ``path``. The
    ``doc_id`` is the hash of the bytes read here: the run compares it with the hash it planned with.

    Never raises for what is in the file, nor when it cannot be read: the result is then
    :attr:`~SourceFile.failed`. Raises ValueError only for a file name whose suffix no reader
    knows (see :data:`TEXT_SUFFIXES`) and no ``fmt`` is given: choosing the files is the caller's
    job.
    """
    fmt = fmt or source_format_for(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as err:
            # no bytes, so no content hash: the path keeps distinct unreadable files distinct
            doc_id = unreadable_id(path)
            message = f"Could not read the file: {err.strerror or err}. Check that it exists and is readable."
            return _failed(path, doc_id, fmt, None, problem(FindingCode.READ_ERROR, message, repr(err)))
    doc_id = hashlib.sha256(data).hexdigest()
    if fmt is SourceFormat.PDF:
        message = "PDF files are not read yet; export the text of the PDF to a .txt file."
        return _failed(path, doc_id, fmt, None, problem(FindingCode.UNSUPPORTED_FORMAT, message, path.suffix))
    if not data:
        return _failed(
            path, doc_id, fmt, None, problem(FindingCode.EMPTY_FILE, "The file is empty (0 bytes).")
        )
    problems: list[ReadProblem] = []
    if fmt is SourceFormat.TXT and looks_like_page(data):
        fmt = SourceFormat.HTML
        problems.append(
            problem(FindingCode.FORMAT_SNIFFED, f"Named {path.suffix} but holds a web page: read as HTML.")
        )
    decoded = _decode(data, declared_charset(data) if fmt is SourceFormat.HTML else None)
    if isinstance(decoded, _NotText):
        message = f"{path.name} is not a text file: {decoded.what}. {decoded.advice}"
        return _failed(path, doc_id, fmt, None, problem(FindingCode.NOT_TEXT, message, _show(data[:16])))
    text, encoding, decode_problems = decoded
    problems += decode_problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        empty = problem(FindingCode.EMPTY_FILE, "The file holds only whitespace.", f"{len(data)} bytes")
        return SourceFile(path, doc_id, fmt, encoding, (), (*problems, empty))
    if fmt is SourceFormat.HTML and not has_markup(text):
        fmt = SourceFormat.TXT  # a text export saved under an HTML name: its lines are its structure
        problems.append(
            problem(FindingCode.FORMAT_SNIFFED, f"Named {path.suffix} but holds no markup: read as text.")
        )
    if fmt is SourceFormat.TXT:
        return SourceFile(path, doc_id, fmt, encoding, _split_pages(text), tuple(problems))
    visible = html_to_text(text)
    if not visible.strip():
        message = (
            "The page has markup but no visible text (a page filled in by JavaScript, saved before it ran?)."
        )
        return SourceFile(
            path, doc_id, fmt, encoding, (), (*problems, problem(FindingCode.NO_VISIBLE_TEXT, message))
        )
    return SourceFile(path, doc_id, fmt, encoding, (visible,), tuple(problems))
