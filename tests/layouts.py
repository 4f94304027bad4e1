"""Layout variations of a report's text that a real page shows and that must not change its records.

The yardstick of the label-driven parsers: the same report, laid out as other exporters and other
years of the same web system lay it out (see ``../shared/realpages/README.md`` "What varies"):

* :func:`wrap` — long lines wrapped at a page edge, as a browser's or a word processor's text export
  does: at spaces (the space is dropped) or between Thai words (PyThaiNLP ``newmm``), and a word
  longer than a line between character clusters;
* :func:`retitle` — the kpi_detail title line ``12/สสล.TITLE : CODE`` prefixed and numbered otherwise
  (``5.2 TITLE : CODE``, ``(1) 1.1 TITLE : CODE``, ``ตัวชี้วัดที่ 2 : (2.1) TITLE : CODE``, no prefix);
* :func:`relabel` — another separator between a label and its value (``:``, `` : ``, ``：``, ``=``);
* :func:`pad_labels` — dot padding after labels added or removed (``รหัสโครงการ... :``);
* :func:`drop_unit` — no unit word after ``ค่าเป้าหมาย`` / ``ผลงานที่ทำได้`` (``ค่าเป้าหมาย : 100``,
  ``ค่าเป้าหมาย () : 100``);
* :func:`blank_scores` — the score cells of the kpi_detail quarter table left empty (the line stays);
* :func:`render_pdf` — a text-layer PDF on a page so narrow that lines wrap by their measured width.

Each variation is a pure, deterministic function text → text; one that does not apply to a report
returns it unchanged. The label tables below are written from DOMAIN.md §5 and the sample reports, not
taken from the parsers: a yardstick must not share the assumptions of what it measures.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Final

from fpdf import FPDF
from pythainlp.tokenize import word_tokenize

# ---------------------------------------------------------------------------------------------------
# wrapping

#: a character with the Thai marks drawn on or attached to it (MAI HAN-AKAT, SARA AM, upper and lower
#: vowels, PHINTHU, tone marks, THANTHAKHAT …), after any leading vowels (เ แ โ ใ ไ) that go with it
_CLUSTER: Final = re.compile(r"[\u0e40-\u0e44]*.[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]*", re.DOTALL)
#: Thai letters and marks a word may end with (no digits, no PAIYANNOI ฯ)
_THAI_END: Final = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]")
#: what a Thai word may start with: a consonant or a leading vowel (never a mark or a following vowel)
_THAI_START: Final = re.compile(r"[\u0e01-\u0e2e\u0e40-\u0e44]")


@dataclass(frozen=True, slots=True)
class Segment:
    """One unbreakable unit of a line and what separates it from the unit before: spaces (dropped when
    the line breaks there) or nothing (a Thai word boundary)."""

    space: str
    unit: str


#: a line's runs: spaces, Thai letters and marks (cut into words by newmm), anything else
_RUNS: Final = re.compile(r"\s+|[\u0e01-\u0e4e]+|[^\s\u0e01-\u0e4e]+")


@lru_cache(maxsize=4096)
def segments(line: str) -> tuple[Segment, ...]:
    """The units a line may be broken between, with the spaces before each; trailing spaces come as a
    last segment with an empty unit.

    A break is allowed at a run of spaces, and inside a run of Thai letters between two of its ``newmm``
    words when the second starts with a consonant or a leading vowel (never before a mark, ``ฯ`` or
    ``ๆ``): never inside a number, a date, a code or a Latin word, never where Thai meets a digit or
    punctuation without a space (``12/สสล.ร้อยละ``, ``31พฤษภาคม``).

    >>> [s.unit for s in segments("ค่าเป้าหมาย ร้อยละ : 80")]
    ['ค่า', 'เป้าหมาย', 'ร้อยละ', ':', '80']
    """
    out: list[Segment] = []
    space, unit = "", ""
    for run in _RUNS.findall(line):
        if run.isspace():
            if unit:
                out.append(Segment(space, unit))
                space, unit = "", ""
            space += run
            continue
        words = word_tokenize(run, engine="newmm", keep_whitespace=False) if _THAI_START.match(run) else [run]
        for i, word in enumerate(w for w in words if w):
            if i and unit and _THAI_END.fullmatch(unit[-1]) and _THAI_START.match(word):
                out.append(Segment(space, unit))
                space, unit = "", ""
            unit += word
    if unit or space:
        out.append(Segment(space, unit))
    return tuple(out)


def clusters(word: str) -> list[str]:
    """``word`` cut between character clusters (a letter never loses its marks).

    >>> clusters("เกี่ยวกับ")
    ['เกี่', 'ย', 'ว', 'กั', 'บ']
    """
    return _CLUSTER.findall(word)


def fill(line: str, fits: Callable[[str], bool]) -> list[str]:
    """``line`` broken into pieces that each ``fits``, greedily, at the breaks of :func:`segments`.

    A break at spaces drops them; the line's own indentation is kept while it fits. A unit that does not
    fit a piece alone is cut between character clusters; a single cluster too wide stays whole.
    """
    if fits(line):
        return [line]
    pieces: list[str] = []
    current = ""
    for seg in segments(line):
        if not current:
            candidate = (seg.space if not pieces else "") + seg.unit
        else:
            candidate = current + seg.space + seg.unit
        if not seg.unit:  # trailing spaces: kept when they fit, else the break drops them
            current = candidate if fits(candidate) else current
            continue
        if fits(candidate):
            current = candidate
            continue
        if current:
            pieces.append(current)
            current = ""
        if fits(seg.unit):
            current = seg.unit
            continue
        for cluster in clusters(seg.unit):
            if current and not fits(current + cluster):
                pieces.append(current)
                current = ""
            current += cluster
    if current or not pieces:
        pieces.append(current)
    return pieces


def wrap(text: str, width: int) -> str:
    """``text`` with every line longer than ``width`` characters wrapped into lines of at most ``width``
    (a single cluster wider than that stays whole); shorter lines and blank lines are untouched.

    >>> wrap("ผลงานที่ทำได้ ร้อยละ : 87.50", 12)
    'ผลงานที่\\nทำได้ ร้อยละ\\n: 87.50'
    """
    if width < 1:
        raise ValueError(f"width must be at least 1, not {width}")
    return "\n".join(piece for line in text.split("\n") for piece in fill(line, lambda s: len(s) <= width))


# ---------------------------------------------------------------------------------------------------
# the kpi_detail title line

#: ``12/สสล.TITLE : CODE`` — the sequence number and unit abbreviation of the BMA monitoring system
_TITLE_LINE: Final = re.compile(
    r"^(?P<prefix>\d+/[^\s./]+\.)(?P<title>\S.*?) : (?P<code>\d{4}-\d{3,4})[ \t]*$", re.MULTILINE
)


class TitleStyle(StrEnum):
    """How a kpi_detail title line is numbered (every style seen on real pages)."""

    SEQUENCE = "sequence"  # 7/สสล.TITLE : CODE (renumbered, same unit)
    SECTION = "section"  # 5.2 TITLE : CODE
    NUMBERED = "numbered"  # (1) 1.1 TITLE : CODE
    KPI_NUMBER = "kpi_number"  # ตัวชี้วัดที่ 2 : (2.1) TITLE : CODE
    BARE = "bare"  # TITLE : CODE


def _title_prefix(style: TitleStyle, n: int, unit: str) -> str:
    prefixes = {
        TitleStyle.SEQUENCE: f"{n}/{unit}.",
        TitleStyle.SECTION: f"{n}.2 ",
        TitleStyle.NUMBERED: f"({n}) {n}.1 ",
        TitleStyle.KPI_NUMBER: f"ตัวชี้วัดที่ {n} : ({n}.1) ",
        TitleStyle.BARE: "",
    }
    return prefixes[style]


def retitle(text: str, style: TitleStyle, n: int = 2) -> str:
    """The kpi_detail title line numbered in ``style`` with number ``n``; other text unchanged.

    >>> retitle("12/สสล.ร้อยละของเรื่อง : 0701-0815", TitleStyle.KPI_NUMBER, 2)
    'ตัวชี้วัดที่ 2 : (2.1) ร้อยละของเรื่อง : 0701-0815'
    """

    def renumbered(m: re.Match[str]) -> str:
        unit = m["prefix"].split("/", 1)[1].rstrip(".")
        return f"{_title_prefix(style, n, unit)}{m['title']} : {m['code']}"

    return _TITLE_LINE.sub(renumbered, text, count=1)


# ---------------------------------------------------------------------------------------------------
# label lines

#: the field labels of the three forms, as written before their dot padding and separator (DOMAIN.md §5;
#: longer labels first where one begins another)
LABELS: Final = (
    # form A, KPI report
    "ชื่อตัวชี้วัด",
    "ระดับความสำเร็จ",
    "ประเด็นยุทธฯ",
    "----- ย่อย",
    "เป้าประสงค์ที่",
    "คำนิยาม",
    "วิธีการคำนวณ",
    "เป้าหมายที่",  # form B's, before form A's เป้าหมาย
    "เป้าหมาย",
    "รายงานผลการดำเนินงาน (รายไตรมาส)",
    "ปัจจัยสนับสนุนการดำเนินงาน",
    "อุปสรรคต่อการดำเนินงาน",
    "หลักฐานอ้างอิง",
    # form B, project progress report
    "ชื่อโครงการ/กิจกรรม",
    "รหัสโครงการ",
    "ปีงบประมาณ พ.ศ.",
    "เริ่มต้นโครงการ",
    "งบประมาณที่ได้รับ",
    "สิ้นสุดโครงการ",
    "งบประมาณที่ใช้ไป",
    "หน่วยงานที่รับผิดชอบ",
    "ชื่อผู้รับผิดชอบ",
    "ผู้ประสานงาน สยป",
    "ประเด็นยุทธศาสตร์ย่อย",
    "ประเด็นยุทธศาสตร์",
    "ตัวชี้วัด",
    # form C, KPI detail page (and UNIT_LABELS)
    "ประเภทตัวชี้วัด",
    "รายละเอียดตัวชี้วัดฯ",
)
#: labels followed by the unit of their value (``ค่าเป้าหมาย ร้อยละ : 80``; form A's
#: ``: ผลงานที่ทำได้ = 12.40 (ร้อยละ)`` has its unit after the value)
UNIT_LABELS: Final = ("ค่าเป้าหมาย", "ผลงานที่ทำได้")
#: the separators a label is seen with, by name (`` :`` as in ``เป้าหมาย :80.00``; ``：`` is U+FF1A)
SEPARATOR_NAMES: Final = {
    " : ": "colon_spaced",
    ":": "colon_tight",
    " :": "colon_before",
    ": ": "colon_after",
    "：": "fullwidth_tight",
    " ： ": "fullwidth_spaced",
    " = ": "equals_spaced",
    "=": "equals_tight",
}
SEPARATORS: Final = tuple(SEPARATOR_NAMES)

_SEP: Final = r"[ \t]*[:=\uff1a](?![:=\uff1a])[ \t]*"
_LABEL: Final = re.compile(
    # not the end of a longer Thai word (ประจำปีงบประมาณ, ค่าเป้าหมาย, ประเภทตัวชี้วัด …)
    r"(?<![\u0e00-\u0e7f])"
    rf"(?:(?P<unit_label>{'|'.join(UNIT_LABELS)})(?P<unit> [^\s:=\uff1a.]+)?"
    rf"|(?P<label>{'|'.join(re.escape(label) for label in LABELS)}))"
    r"(?P<dots>\.*)"
    rf"(?P<sep>{_SEP})"
    r"(?P<end>$)?",
    re.MULTILINE,
)


def _labels(text: str, change: Callable[[re.Match[str]], tuple[str, str, str]]) -> str:
    """``text`` with each label's unit, dot padding and separator replaced by what ``change`` says."""

    def replaced(m: re.Match[str]) -> str:
        unit, dots, sep = change(m)
        if m["end"] is not None:  # a label that ends its line: no trailing space after the separator
            sep = sep.rstrip()
        return f"{m['unit_label'] or m['label']}{unit}{dots}{sep}"

    return _LABEL.sub(replaced, text)


def relabel(text: str, separator: str) -> str:
    """Every label's separator replaced by ``separator``.

    >>> relabel(" รหัสโครงการ... : 50090000-0521 ปีงบประมาณ พ.ศ. : 2562", "：")
    ' รหัสโครงการ...：50090000-0521 ปีงบประมาณ พ.ศ.：2562'
    """
    if not re.fullmatch(_SEP, separator):
        raise ValueError(f"not a label separator: {separator!r}")
    return _labels(text, lambda m: (m["unit"] or "", m["dots"], separator))


def pad_labels(text: str, dots: int) -> str:
    """Every label followed by ``dots`` dots of padding (0: none) before its separator.

    >>> pad_labels("หน่วยงานที่รับผิดชอบ. : สำนักการระบายน้ำ", 3)
    'หน่วยงานที่รับผิดชอบ... : สำนักการระบายน้ำ'
    """
    return _labels(text, lambda m: (m["unit"] or "", "." * dots, m["sep"]))


def drop_unit(text: str, blank: str = "") -> str:
    """The unit word after ``ค่าเป้าหมาย`` / ``ผลงานที่ทำได้`` replaced by ``blank`` (``""`` or ``"()"``).

    >>> drop_unit("ค่าเป้าหมาย ร้อยละ : 100", "()")
    'ค่าเป้าหมาย () : 100'
    """
    if blank not in ("", "()"):
        raise ValueError(f"a dropped unit is nothing or '()', not {blank!r}")
    return _labels(text, lambda m: ((f" {blank}" if blank else "") if m["unit"] else "", m["dots"], m["sep"]))


def dropped_units(text: str) -> list[tuple[str, str]]:
    """The (label, value) pairs whose unit :func:`drop_unit` removes, e.g. ``("ค่าเป้าหมาย", "80")``."""
    found = []
    for m in _LABEL.finditer(text):
        if m["unit"] and m["unit"].strip() != "()":
            value = re.match(r"[\d.,]+", text[m.end() :])
            found.append((m["unit_label"], value.group() if value else ""))
    return found


# ---------------------------------------------------------------------------------------------------
# the kpi_detail quarter table

#: one row of the quarter table, one cell per line: quarter, result, score, the ratio ``2.1 / 2.2``
_TABLE_ROW: Final = re.compile(
    r"^(?P<quarter>[1-4])\n(?P<result>[\d.,]*)\n(?P<score>[\d.,]+)(?P<rest>\n\d[\d.,]* / \d[\d.,]*)$",
    re.MULTILINE,
)


def score_cells(text: str) -> list[tuple[int, str]]:
    """The (quarter, score as written) of each non-empty score cell of the kpi_detail quarter table."""
    return [(int(m["quarter"]), m["score"]) for m in _TABLE_ROW.finditer(text)]


def blank_scores(text: str) -> str:
    """The quarter table with its score cells empty (the lines stay, blank), as on real pages.

    >>> blank_scores("1\\n80.77\\n100\\n100 / 100")
    '1\\n80.77\\n\\n100 / 100'
    """
    return _TABLE_ROW.sub(lambda m: f"{m['quarter']}\n{m['result']}\n{m['rest']}", text)


# ---------------------------------------------------------------------------------------------------
# variations as values (for parametrised tests and Hypothesis)


@dataclass(frozen=True, slots=True)
class Retitle:
    style: TitleStyle
    n: int = 2

    def __call__(self, text: str) -> str:
        return retitle(text, self.style, self.n)


@dataclass(frozen=True, slots=True)
class Relabel:
    separator: str

    def __call__(self, text: str) -> str:
        return relabel(text, self.separator)


@dataclass(frozen=True, slots=True)
class PadLabels:
    dots: int

    def __call__(self, text: str) -> str:
        return pad_labels(text, self.dots)


@dataclass(frozen=True, slots=True)
class DropUnit:
    blank: str = ""

    def __call__(self, text: str) -> str:
        return drop_unit(text, self.blank)


@dataclass(frozen=True, slots=True)
class BlankScores:
    def __call__(self, text: str) -> str:
        return blank_scores(text)


@dataclass(frozen=True, slots=True)
class Wrap:
    width: int

    def __call__(self, text: str) -> str:
        return wrap(text, self.width)


Variation = Retitle | Relabel | PadLabels | DropUnit | BlankScores | Wrap

#: one of each kind of variation, by name (the unit tests and the benchmark run each alone)
VARIATIONS: Final[dict[str, Variation]] = {
    **{f"title_{s.value}": Retitle(s, 7) for s in TitleStyle},
    **{f"separator_{name}": Relabel(sep) for sep, name in SEPARATOR_NAMES.items()},
    "dots_none": PadLabels(0),
    "dots_three": PadLabels(3),
    "unit_none": DropUnit(""),
    "unit_parens": DropUnit("()"),
    "scores_blank": BlankScores(),
}


def apply(text: str, steps: Sequence[Variation]) -> str:
    """``text`` after each variation in turn."""
    for step in steps:
        text = step(text)
    return text


# ---------------------------------------------------------------------------------------------------
# narrow PDFs

#: the corpus's size and pitch (tools.corpus), so a line holds what a real printout's would
PDF_FONT_PT: Final = 14.0
PDF_LINE_MM: Final = 7.0
PDF_MARGIN_MM: Final = 15.0
PDF_PAGE_HEIGHT_MM: Final = 297.0
_FIXED_DATE: Final = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def render_pdf(pages: str | Sequence[str], font: Path, width_mm: float) -> bytes:
    """A text-layer PDF of ``pages`` on sheets whose text is ``width_mm`` wide: a line wider than that is
    wrapped by its measured width (at spaces, which are dropped, or between Thai words), and each piece
    is written as one line. Glyphs one per character without shaping and a fixed creation date, as in
    :func:`tools.corpus.render_pdf`, so the bytes are the same on every run.
    """
    pdf = FPDF(unit="mm", format=(width_mm + 2 * PDF_MARGIN_MM, PDF_PAGE_HEIGHT_MM))
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_producer("raingan tests/layouts")
    pdf.set_margins(PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM)
    pdf.set_auto_page_break(True, margin=PDF_MARGIN_MM)
    family = font.stem
    pdf.add_font(family, "", str(font))
    pdf.set_font(family, size=PDF_FONT_PT)
    for page in [pages] if isinstance(pages, str) else pages or [""]:
        pdf.add_page()
        for line in page.split("\n"):
            line = line.rstrip().replace("\t", "    ")
            for piece in fill(line, lambda s: pdf.get_string_width(s) <= width_mm):
                pdf.cell(width_mm, PDF_LINE_MM, piece, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


#: Debian's fonts-thai-tlwg
TLWG: Final = Path("/usr/share/fonts/truetype/tlwg")
#: two of its fonts (a serif and a sans, different widths), each with the narrow text width it is set to
#: (about 40 and 50 characters of Thai a line at 14 pt). Every TLWG face, rendered one glyph per
#: character, maps each glyph back to its character, marks included (measured: Laksaman, Garuda, Loma,
#: Norasi, Kinnari, Waree, Umpush, Sawasdee, TlwgTypo and Purisa all give the source text exactly)
NARROW_PDF_FONTS: Final = {"Laksaman": 90.0, "Garuda": 110.0}
