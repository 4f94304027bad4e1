"""A font that writes one character for another: found from the document's own evidence, repaired only
where that evidence stands, and never found in a clean file."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
import regex
from goldcheck import REPO, SEEDS, SHARED

from parsers.repair.lying_glyphs import CODE, Evidence, GlyphLie, find_lies, lie_step
from parsers.repair.normalize import Step, normalize
from parsers.text.textmap import Edit
from pipeline.read.pdf import read_pdf
from pipeline.read.sources import read_source

AGENCY = SHARED / "realdata" / "thai-agency-pdfs"
DISTRICT = SHARED / "realdata" / "napatswift_bkk-2022-budget"
LYING_PDF = AGENCY / "ktltc_o4_education_development_plan_word.pdf"

#: a page of ktltc_o4's kind: section numbers, a decimal, a plan's years, a dated month, a time
PAGES = (
    "1ศ จุดมุ่งหมาย\n2ศ3ศ ยุทธศาสตร์ชาติ งบ 12ศ50 ล้านบาท",
    "แผนพัฒนา (พศศศ 2565-2569) เมื่อ 7 มศคศ 2549 เวลา 10ศ30 นศ ศึกษาธิการ",
)
REPAIRED = (
    "1. จุดมุ่งหมาย\n2.3. ยุทธศาสตร์ชาติ งบ 12.50 ล้านบาท",
    "แผนพัฒนา (พ.ศ. 2565-2569) เมื่อ 7 ม.ค. 2549 เวลา 10.30 น. ศึกษาธิการ",
)


def _step(pages: tuple[str, ...] = PAGES) -> Step:
    step = lie_step(find_lies(pages))
    assert step is not None
    return step


def test_a_full_stop_written_as_a_letter_is_found_with_its_evidence() -> None:
    assert find_lies(PAGES) == (
        GlyphLie(
            "ศ",
            ".",
            8,
            "1ศ",
            (
                Evidence("between_digits", 3, "2ศ3"),  # 2ศ3, 12ศ50, 10ศ30
                Evidence("section_number", 2, "1ศ"),  # 1ศ, 2ศ3ศ
                Evidence("abbreviation", 3, "พศศศ 2565"),  # พศศศ, 7 มศคศ, 10ศ30 นศ
            ),
        ),
    )


def test_the_step_repairs_exactly_those_places() -> None:
    step = _step()
    assert step.code == CODE == "lying_glyph"
    assert step.message == "a font's full stop written as ศ (1ศ, 2ศ3) restored where the document shows it"
    assert tuple(normalize(page, [step]).text for page in PAGES) == REPAIRED
    text = "ข้อ 2ศ5 ปี พศศศ 2560\n3ศ ศึกษา"
    assert step.find(text) == [Edit(5, 6, "."), Edit(12, 13, "."), Edit(14, 15, "."), Edit(22, 23, ".")]
    repaired = normalize(text, [step])
    assert repaired.text == "ข้อ 2.5 ปี พ.ศ. 2560\n3. ศึกษา"
    assert repaired.mapped.raw_slice(11, 15) == "พศศศ"  # the raw string stays behind every value
    assert step.find(repaired.text) == []  # idempotent


def test_another_letter_can_lie_too() -> None:
    pages = tuple(page.replace(".", "ฒ") for page in REPAIRED)
    assert [(lie.written, lie.true, lie.count) for lie in find_lies(pages)] == [("ฒ", ".", 8)]
    assert tuple(normalize(page, [_step(pages)]).text for page in pages) == REPAIRED


@pytest.mark.parametrize(
    "pages",
    [
        pytest.param([], id="no pages"),
        pytest.param(["12ศ50 1ศ2\n3ศ4 5ศ6ศ7 ศึกษา"], id="one kind of place only"),
        pytest.param(["1ศ2 ศึกษา\n(พศศศ 2560)"], id="two places only"),
        pytest.param(["1ก2ข3\n4ก5ข \nพกศข 2560 1ก2ข"], id="no one letter for every dot of a place"),
        pytest.param(["1 ศ 2\n ศศ.บ. 2560\nพ ศ ศ 2560\n1ศูนย์ 2ศรีสะเกษ 3ศึกษา"], id="letters that are Thai"),
    ],
)
def test_too_little_evidence_finds_no_lie(pages: list[str]) -> None:
    assert find_lies(pages) == ()
    assert lie_step(()) is None


def test_the_real_letter_is_never_touched() -> None:
    words = (
        "ศึกษา เศรษฐกิจ ยุทธศาสตร์ ศรีสะเกษ ศศ.บ. ศศศบศ 2560 พศ 2560 ศ 25 12 ศ 3 ศศ\n"
        "1ศูนย์ 2ศรีสะเกษ\n3ศึกษา 4ศ.5 ๑ศ ศ๒"
    )
    assert _step().find(words) == []


@pytest.mark.skipif(not LYING_PDF.is_file(), reason=f"the real lying PDF is not at {LYING_PDF}")
def test_real_word_export_whose_full_stop_reads_sha() -> None:
    """ktltc_o4 (65 pages): one font writes '.' as ศ, the others write it correctly."""
    pages = read_pdf(LYING_PDF).pages
    raw = "\n".join(pages)
    (lie,) = find_lies(pages)
    assert (lie.written, lie.true, lie.example) == ("ศ", ".", "พศศศ 2560")
    assert [e.kind for e in lie.evidence] == ["between_digits", "section_number", "abbreviation"]
    assert lie.count >= 150 and all(e.count >= 30 for e in lie.evidence)  # 205: 91, 75, 39
    step = lie_step((lie,))
    assert step is not None
    edits = sum(len(step.find(page)) for page in pages)
    text = "\n".join(normalize(page, [step]).text for page in pages)
    assert raw.count("พศศศ") == 24 and "พศศศ" not in text
    assert "พ.ศ. 2560 – 2579" in text and "(พ.ศ. 2565-2569)" in text
    for number in ("4.1.1", "2.1.3", "4.2.9", "1.3.2", "28.7 ล้ำนบำท", "7 เม.ย.2542"):
        assert number in text
    assert text.count("ศ") == raw.count("ศ") - edits  # each edit one ศ, no other change
    real = r"ศ(?=[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]|ร)|(?<=[เแโใไ])ศ"  # ศึกษา, ศรี, เศรษฐกิจ
    assert len(regex.findall(real, text)) == len(regex.findall(real, raw)) > 300
    for word in ("ศึกษ", "เศรษฐกิจ", "ยุทธศ", "ศรีสะเกษ", "ศูนย์"):
        assert text.count(word) == raw.count(word) > 0


def _first_pages(pdf: Path, n: int = 10) -> tuple[str, ...]:
    """The text layer of a PDF's first ``n`` pages, as the pipeline reads it (the rest cut off first)."""
    with pikepdf.open(pdf) as doc:
        del doc.pages[n:]
        out = io.BytesIO()
        doc.save(out)
    return read_pdf(pdf, out.getvalue()).pages


def _clean_files() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt")) + sorted((REPO / "data" / "raw").glob("*.txt"))
    files += sorted((REPO / "data" / "raw" / "pdf").glob("*.pdf")) + sorted(DISTRICT.glob("*.pdf"))
    return files + sorted(p for p in AGENCY.glob("*.pdf") if p != LYING_PDF)


def test_the_clean_files_are_there() -> None:
    assert len([p for p in _clean_files() if REPO in p.parents]) >= 20  # data/raw: the no-alarm test runs


@pytest.mark.parametrize("path", _clean_files(), ids=lambda p: p.name)
def test_no_lie_is_found_in_a_clean_file(path: Path) -> None:
    """Seeds, text exports, our PDFs, the first pages of the district budget PDFs, the other agency PDFs
    (damaged or not: a lost ToUnicode, a scan under OCR garbage) — none has a font that lies."""
    pages = _first_pages(path) if path.suffix == ".pdf" else read_source(path).pages
    assert find_lies(pages) == ()
