"""Layouts that must not change the records: wrapped lines, other title numbering, other label separators,
dot padding, no unit word, blank score cells, narrow PDFs in two fonts (tests/layouts.py).

The records of each sample report of data/raw read as it is are the reference; every variant of it must
give the same records (tests/layoutcheck.py says exactly what "the same" means). These tests are the
yardstick of the label-driven parsers: they fail where the form parsers still depend on the layout they
were written from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from goldcheck import REPO, SHARED, load, text_samples
from hypothesis import given, settings
from hypothesis import strategies as st
from layoutcheck import Records, differences, expected, records, summary
from layouts import (
    NARROW_PDF_FONTS,
    SEPARATORS,
    TLWG,
    VARIATIONS,
    BlankScores,
    DropUnit,
    PadLabels,
    Relabel,
    Retitle,
    TitleStyle,
    Variation,
    Wrap,
    apply,
    blank_scores,
    clusters,
    fill,
    render_pdf,
    retitle,
    score_cells,
    segments,
    wrap,
)

from parsers.assemble import ParsedDocument, parse_document
from pipeline.config import Config
from pipeline.read.pdf import read_pdf
from pipeline.read.sources import read_source
from pipeline.result import DocumentResult
from pipeline.run.worker import ingest_file
from schemas.enums import Status
from tools.accuracy import error_rate

RAW = REPO / "data" / "raw"
NAMES = text_samples()
WIDTHS = range(40, 121)
PDF_FONTS = NARROW_PDF_FONTS
_COMBINING = re.compile(r"[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")


def source_path(name: str) -> Path:
    return next(p for p in RAW.iterdir() if p.stem == name and p.suffix in {".txt", ".html", ".htm"})


@cache
def original(name: str) -> tuple[tuple[str, ...], ParsedDocument]:
    """The report's pages as read, and their parse (the reference)."""
    source = read_source(source_path(name))
    assert not source.failed, source.problems
    return tuple(source.pages), parse_document(source.doc_id, source.pages)


def variant_differences(name: str, steps: tuple[Variation, ...]) -> list[str]:
    """How the records of the report after ``steps`` (page by page) differ from what they should be."""
    pages, parsed = original(name)
    text = "\n".join(pages)
    want = expected(parsed, text, steps)
    got = records(parse_document(parsed.doc_id, [apply(page, steps) for page in pages]))
    return differences(want, got)


def ranges(widths: list[str]) -> str:
    """``["40", "41", "42", "50"]`` → ``'widths 40–42, 50'``."""
    spans: list[list[int]] = []
    for n in sorted(int(w) for w in widths):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return "widths " + ", ".join(f"{a}–{b}" if a != b else f"{a}" for a, b in spans)


# ---------------------------------------------------------------------------------------------------
# the generator itself


def within(width: int) -> Callable[[str], bool]:
    return lambda piece: len(piece) <= width


def all_lines() -> Iterator[str]:
    for name in NAMES:
        yield from "\n".join(original(name)[0]).split("\n")


def test_segments_break_only_at_spaces_and_between_thai_words() -> None:
    line = "ลงวันที่ 31/10/2566 จำนวน 1,368 เรื่อง คิดเป็นร้อยละ 87.50% : 0701-0815"
    assert [s.unit for s in segments(line)] == [
        *("ลงวันที่", "31/10/2566", "จำนวน", "1,368", "เรื่อง"),
        *("คิด", "เป็น", "ร้อยละ", "87.50%", ":", "0701-0815"),
    ]
    assert [s.unit for s in segments("(1 มีนาคม – 31พฤษภาคม 2565)")][-2:] == ["31พฤษภาคม", "2565)"]
    assert all(not _COMBINING.match(s.unit) for line in all_lines() for s in segments(line) if s.unit)


def test_a_long_word_is_cut_between_clusters_only() -> None:
    word = "ผู้ดำรงตำแหน่งที่เกี่ยวข้อง"
    assert "".join(clusters(word)) == word
    assert all(not _COMBINING.match(c) for c in clusters(word))
    pieces = fill(word, within(4))
    assert "".join(pieces) == word and all(not _COMBINING.match(p) for p in pieces)


def test_wrap_keeps_every_character_and_respects_the_width() -> None:
    """For every sample report and every width: the text without whitespace is unchanged, no line is
    longer than the width unless it is one cluster, a line not longer than the width is untouched."""
    for name in NAMES:
        text = "\n".join(original(name)[0])
        lines = text.split("\n")
        for width in WIDTHS:
            out = wrap(text, width)
            assert "".join(out.split()) == "".join(text.split()), (name, width)
            for line in out.split("\n"):
                assert len(line) <= width or len(clusters(line.strip())) == 1, (name, width, line)
                assert not _COMBINING.match(line), (name, width, line)
            for line in lines:
                pieces = fill(line, within(width))
                assert (pieces == [line]) == (len(line) <= width), (name, width, line)
            assert out.count("\n") >= text.count("\n")  # blank lines stay, wrapped lines add breaks


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("กขงเแโไะาำิีุู่้๊๋็์ัฯๆ 0123456789.:/-ABC"), max_size=300),
    st.integers(min_value=1, max_value=60),
)
def test_wrap_property_on_any_text(text: str, width: int) -> None:
    out = wrap(text, width)
    assert "".join(out.split()) == "".join(text.split())
    assert all(len(line) <= width or len(clusters(line.strip())) == 1 for line in out.split("\n"))
    assert wrap(text, width) == out


def test_variations_are_pure_and_apply_only_where_their_layout_is() -> None:
    for name in NAMES:
        text = "\n".join(original(name)[0])
        form = load(REPO / "tests" / "expected" / f"{name}.json")["doc"]["form"]
        for label, variation in VARIATIONS.items():
            once = variation(text)
            assert variation(text) == once, (name, label)
            # the web pages' title line, unit word and quarter table are not in the printed forms A and B
            if form in {"kpi_report", "project_progress"} and isinstance(
                variation, Retitle | DropUnit | BlankScores
            ):
                assert once == text, (name, label)
            if form == "unknown":
                assert once == text, (name, label)
            if isinstance(variation, Relabel | PadLabels):
                assert variation(once) == once, (name, label)  # idempotent


def test_retitle_numbers_the_kpi_title_line_as_real_pages_do() -> None:
    line = "12/สสล.ร้อยละของเรื่อง : 0701-0815"
    assert [retitle(line, style, 5) for style in TitleStyle] == [
        "5/สสล.ร้อยละของเรื่อง : 0701-0815",
        "5.2 ร้อยละของเรื่อง : 0701-0815",
        "(5) 5.1 ร้อยละของเรื่อง : 0701-0815",
        "ตัวชี้วัดที่ 5 : (5.1) ร้อยละของเรื่อง : 0701-0815",
        "ร้อยละของเรื่อง : 0701-0815",
    ]


def test_label_variations_on_the_forms_labels() -> None:
    line = " รหัสโครงการ... : 50090000-0521 ปีงบประมาณ พ.ศ. : 2562"
    assert Relabel(" = ")(line) == " รหัสโครงการ... = 50090000-0521 ปีงบประมาณ พ.ศ. = 2562"
    assert PadLabels(0)(line) == " รหัสโครงการ : 50090000-0521 ปีงบประมาณ พ.ศ. : 2562"
    assert Relabel(":")("3. คำนิยาม :\n:: ขยะ") == "3. คำนิยาม:\n:: ขยะ"
    # not labels: a longer word, an entry's date, a quarter heading
    for text in ("ประจำปีงบประมาณ พ.ศ. : 2565", "31/10/2566 : รับแจ้ง", "(6.1) ไตรมาสที่ 1 : 29/10/2564 :"):
        assert Relabel("=")(text) == text
    assert DropUnit("")("ค่าเป้าหมาย ร้อยละ : 80\nผลงานที่ทำได้ ร้อยละ : 87.50") == (
        "ค่าเป้าหมาย : 80\nผลงานที่ทำได้ : 87.50"
    )


def test_blank_scores_keeps_the_table_lines() -> None:
    text = "\n".join(original("kpi_detail_environment_fy2565")[0])
    blanked = blank_scores(text)
    assert score_cells(text) == [(1, "100"), (2, "100"), (3, "100"), (4, "100")]
    assert blanked.count("\n") == text.count("\n") and score_cells(blanked) == []
    assert "1\n80.77\n\n100 / 100" in blanked


# ---------------------------------------------------------------------------------------------------
# the records of the variants


@pytest.mark.parametrize("name", NAMES)
def test_wrapped_report_keeps_its_records(name: str) -> None:
    """Every width from 40 to 120 characters: the records of the wrapped report are the original's."""
    failures = {}
    for width in WIDTHS:
        diffs = variant_differences(name, (Wrap(width),))
        if diffs:
            failures[str(width)] = diffs
    if failures:
        pytest.fail(
            f"{name} wrapped, failing at {ranges(list(failures))}\n"
            + summary(failures, of=len(WIDTHS), names=ranges)
        )


REALPAGES = SHARED / "realpages"
REAL_PAGES = sorted((REALPAGES / "pages").glob("*.txt")) if REALPAGES.is_dir() else []


@pytest.mark.skipif(
    not REAL_PAGES, reason=f"the real page excerpts are not at {REALPAGES} (they live beside the repository)"
)
@pytest.mark.parametrize("page", REAL_PAGES, ids=[p.stem[:24] for p in REAL_PAGES])
def test_wrapped_real_page_keeps_its_records(page: Path) -> None:
    """The same property on the excerpts of real BMA pages: whatever the parser reads from a real page
    (right or wrong, the benchmark scores that against the gold), it reads the same once wrapped."""
    text = page.read_text(encoding="utf-8")
    want = records(parse_document(page.stem, [text]))
    failures = {}
    for width in WIDTHS:
        diffs = differences(want, records(parse_document(page.stem, [wrap(text, width)])))
        if diffs:
            failures[str(width)] = diffs
    if failures:
        pytest.fail(
            f"{page.name} wrapped, failing at {ranges(list(failures))}\n"
            + summary(failures, of=len(WIDTHS), names=ranges)
        )


@pytest.mark.parametrize("variation", sorted(VARIATIONS))
def test_layout_variation_keeps_the_records(variation: str) -> None:
    """Each variation alone (no wrapping), on every sample report it applies to."""
    failures = {}
    for name in NAMES:
        diffs = variant_differences(name, (VARIATIONS[variation],))
        if diffs:
            failures[name] = diffs
    if failures:
        pytest.fail(f"{variation} ({VARIATIONS[variation]}): " + summary(failures, of=len(NAMES)))


@st.composite
def layouts(draw: st.DrawFn) -> tuple[Variation, ...]:
    """Some of the variations, each with its own parameters, then wrapping at a width of 40–120."""
    steps: list[Variation] = []
    if draw(st.booleans()):
        steps.append(Retitle(draw(st.sampled_from(list(TitleStyle))), draw(st.integers(1, 30))))
    if draw(st.booleans()):
        steps.append(PadLabels(draw(st.integers(0, 4))))
    if draw(st.booleans()):
        steps.append(Relabel(draw(st.sampled_from(SEPARATORS))))
    if draw(st.booleans()):
        steps.append(DropUnit(draw(st.sampled_from(("", "()")))))
    if draw(st.booleans()):
        steps.append(BlankScores())
    steps.append(Wrap(draw(st.integers(min_value=WIDTHS.start, max_value=WIDTHS.stop - 1))))
    return tuple(steps)


@pytest.fixture(scope="module")
def parsed_originals() -> None:
    """Every original read and parsed before the first example (the first parse loads the dictionaries:
    about a second that no example's deadline should pay)."""
    for name in NAMES:
        original(name)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=40, derandomize=True, database=None, deadline=3000)
@given(steps=layouts())
def test_combined_layouts_keep_the_records(
    name: str, steps: tuple[Variation, ...], parsed_originals: None
) -> None:
    diffs = variant_differences(name, steps)
    if diffs:
        pytest.fail("\n".join([f"{name} after {steps}:", *diffs]))


# ---------------------------------------------------------------------------------------------------
# narrow PDFs


@cache
def text_version(name: str) -> Records:
    return records(ingest_file(source_path(name), Config()))


@pytest.fixture(scope="module")
def narrow_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each font's folder of narrow PDFs of the sample reports (made once for the module)."""
    folders = {}
    for font, width in PDF_FONTS.items():
        path = TLWG / f"{font}.ttf"
        if not path.is_file():
            continue
        folder = tmp_path_factory.mktemp(font)
        for name in NAMES:
            (folder / f"{name}.pdf").write_bytes(render_pdf(original(name)[0], path, width))
        folders[font] = folder
    return folders


@pytest.mark.parametrize("font", sorted(PDF_FONTS))
@pytest.mark.parametrize("name", NAMES)
def test_narrow_pdf_keeps_the_records(name: str, font: str, narrow_pdfs: dict[str, Path]) -> None:
    if font not in narrow_pdfs:
        pytest.skip(f"{TLWG / font}.ttf is missing: install Debian's fonts-thai-tlwg")
    result: DocumentResult = ingest_file(narrow_pdfs[font] / f"{name}.pdf", Config())
    assert result.document.status is not Status.FAILED, result.findings
    diffs = differences(text_version(name), records(result))
    if diffs:
        pytest.fail("\n".join([f"{name} as a {PDF_FONTS[font]:.0f} mm wide PDF in {font}:", *diffs]))


@pytest.mark.parametrize("font", sorted(PDF_FONTS))
def test_narrow_pdf_text_layer_is_the_source_text(font: str, narrow_pdfs: dict[str, Path]) -> None:
    """The text layer holds every character of the source (whitespace aside): the font maps each glyph
    back to its character, so a difference in the records is the parser's, not the renderer's."""
    if font not in narrow_pdfs:
        pytest.skip(f"{TLWG / font}.ttf is missing: install Debian's fonts-thai-tlwg")
    for name in NAMES:
        layer = read_pdf(narrow_pdfs[font] / f"{name}.pdf")
        assert not layer.failed and not layer.problems, (name, layer.problems)
        assert error_rate("\n".join(original(name)[0]), "\n".join(layer.pages)) == 0, name


def test_narrow_pdf_is_deterministic(tmp_path: Path) -> None:
    font = TLWG / "Laksaman.ttf"
    if not font.is_file():
        pytest.skip(f"{font} is missing: install Debian's fonts-thai-tlwg")
    pages = original("kpi_detail_environment_fy2565")[0]
    assert render_pdf(pages, font, 90) == render_pdf(pages, font, 90)
