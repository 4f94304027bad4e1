"""Each normalisation step alone, the chain, and the way back to the raw text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.repair.normalize import STEPS, normalize
from parsers.text.textmap import Edit, MappedText
from pipeline.config import Config
from pipeline.run.worker import ingest_file

STEP = {s.code: s for s in STEPS}


def run(code: str, text: str) -> str:
    return normalize(text, [STEP[code]]).text


@pytest.mark.parametrize(
    ("code", "raw", "expected"),
    [
        ("nfc", "e\u0301", "\u00e9"),
        ("invisible_chars", "ราย\u200bงาน\u00a0ผล", "รายงาน ผล"),
        ("sara_am_aa", "ผู้ดำารงตำาแหน่ง", "ผู้ดำรงตำแหน่ง"),
        ("sara_am_split", "สํานักงาน", "สำนักงาน"),
        ("lost_quotes", "Group ?ทิ้งรักลงคลอง? เพื่อ", "Group “ทิ้งรักลงคลอง” เพื่อ"),
        ("lost_quotes", "โครงการ ?บางนาพารู้? กับ", "โครงการ “บางนาพารู้” กับ"),
        ("lost_dash", "ยุทธศาสตร์ที่ ๗ ? การสร้างความเป็นมืออาชีพ", "ยุทธศาสตร์ที่ ๗ – การสร้างความเป็นมืออาชีพ"),
        ("stray_backtick", "ข่าวประชาสัมพันธ์`เผยแพร่", "ข่าวประชาสัมพันธ์เผยแพร่"),
        ("trailing_bar", ":๕.๔ - การเมืองสีขาว |\n:๕.๔.๑ x |", ":๕.๔ - การเมืองสีขาว\n:๕.๔.๑ x"),
        ("digit_month_space", "(1 เมษายน – 30สิงหาคม 2564)", "(1 เมษายน – 30 สิงหาคม 2564)"),
        ("repeated_header", "**** แบบ ****\nก\n**** แบบ ****\nข", "**** แบบ ****\nก\nข"),
    ],
)
def test_each_step(code: str, raw: str, expected: str) -> None:
    assert run(code, raw) == expected


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("lost_quotes", "ทำไม? เพราะ"),  # a lone question mark is kept
        ("lost_quotes", "?x?"),  # no Thai inside: not a lost quotation
        ("lost_dash", "อะไร ? ไม่ทราบ"),  # a question, not a code–title dash
        ("stray_backtick", "`code`"),
        ("digit_month_space", "7 ม.ค.64"),
        ("repeated_header", "**** แบบ ****\nก"),
    ],
)
def test_steps_leave_clean_text_alone(code: str, text: str) -> None:
    assert run(code, text) == text


def test_never_nfkc_sara_am_survives() -> None:
    text = "สำนักงานเขตบางนา ดำเนินการ"
    assert normalize(text).text == text
    assert unicodedata.normalize("NFKC", text) != text  # the reason NFKC is banned


def test_thai_digits_are_not_converted_by_the_chain() -> None:
    """The %๕๖ประมาณ trap: digits are converted only after labels are matched."""
    text = "ความก้าวหน้าของงานฯ = 100.00 %๕๖ประมาณที่เบิกใช้ (ครั้งที่ 9)"
    assert normalize(text).text == text


def test_repairs_are_reported_with_counts() -> None:
    result = normalize("ดำารง ตำาแหน่ง ?ทิ้งรักลงคลอง?")
    codes = {r.code: r.count for r in result.repairs}
    assert codes == {"sara_am_aa": 2, "lost_quotes": 2}


def test_raw_slice_maps_back_through_every_step() -> None:
    raw = "ก ?บางนาพารู้? ดำารง 30สิงหาคม 2564 |"
    result = normalize(raw)
    assert result.text == "ก “บางนาพารู้” ดำรง 30 สิงหาคม 2564"
    i = result.text.index("ดำรง")
    assert result.mapped.raw_slice(i, i + 4) == "ดำารง"
    j = result.text.index("30 สิงหาคม 2564")
    assert result.mapped.raw_slice(j, j + len("30 สิงหาคม 2564")) == "30สิงหาคม 2564"


def test_mapped_text_rejects_overlapping_edits() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        MappedText.identity("abcdef").apply([Edit(0, 3, "x"), Edit(2, 4, "y")])


# Every character the steps act on, so that steps can interact: marks, SARA AM parts, '?', '`', '|',
# '*' (banners), invisible characters, a month name and digits.
PIECES = [*"กขคงดตทนบปมยรลวสหอะัาำิีึืุูเแโใไ่้๊๋็์ํ 0123456789?`|*()“\n\u200b\u00a0", "มกราคม", "**** ก ****\n"]
thai_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=500)
@given(thai_text)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@given(thai_text)
def test_mapping_covers_every_character(text: str) -> None:
    result = normalize(text)
    m = result.mapped
    assert len(m.starts) == len(m.ends) == len(result.text)
    assert all(0 <= a <= b <= len(text) for a, b in zip(m.starts, m.ends, strict=True))
    assert list(m.starts) == sorted(m.starts)


def test_a_repairs_finding_quotes_the_documents_own_text(tmp_path: Path) -> None:
    """The finding shows the first change as this document has it, never a fixed example."""
    result = normalize("โครงการ ?บางนาพารู้? กับคู่มือ และ ผู้ดำารงตำแหน่ง")
    quotes = next(r for r in result.repairs if r.code == "lost_quotes")
    assert quotes.before.startswith("โครงการ ?บางนาพารู้?") and quotes.after.startswith("โครงการ “บางนาพารู้?")
    sara = next(r for r in result.repairs if r.code == "sara_am_aa")
    assert "ดำารง" in sara.before and "ดำรง" in sara.after and "ดำารง" not in sara.after
    report = tmp_path / "report.txt"
    report.write_text("โครงการ ?บางนาพารู้? กับคู่มือประชาชน\n", encoding="utf-8")
    found = ingest_file(report, Config(show_progress=False)).findings
    message = next(f.message for f in found if f.code == "lost_quotes")
    assert "“โครงการ ?บางนาพารู้?" in message and "ทิ้งรักลงคลอง" not in message
