"""The five real seed reports against their gold records (skipped where ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from goldcheck import SEEDS, differences, load

from parsers.assemble import parse_document
from parsers.repair.normalize import normalize

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the shared seed reports are not at {SEEDS} (they live beside the repository)"
)

GOLD = sorted((SEEDS / "gold").glob("*.json")) if SEEDS.is_dir() else []

#: the agency of the seeds whose gold leaves it null although the text names it (DOMAIN.md's table: "as
#: written / inferred"); raingan reads it from the text (tests/test_agency.py says how, seed by seed)
AGENCY_FROM_TEXT = {
    "000": "สำนักงานประชาสัมพันธ์",
    "001": "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร",
    "003": "สำนักงานปกครองและทะเบียน",
    "004": "สำนักงานประชาสัมพันธ์",
}


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem[:3] for p in GOLD])
def test_seed_matches_gold(gold_path: Path) -> None:
    text = (SEEDS / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
    parsed = parse_document(gold_path.stem, [text])
    gold = load(gold_path)
    if gold_path.stem[:3] in AGENCY_FROM_TEXT:
        assert gold["doc"]["agency"] is None
        gold["doc"]["agency"] = AGENCY_FROM_TEXT[gold_path.stem[:3]]
    assert differences(parsed, gold) == []


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def test_002_progress_is_bound_by_report_number_and_shift_is_reported() -> None:
    parsed = parse_document("002", [seed("002")])
    codes = [f.code for f in parsed.findings]
    assert codes.count("layout_shift") == 5  # reports 3, 4, 5, 7, 8 (DOMAIN.md D-03)
    assert codes.count("label_corrupted") == 1  # %๕๖ประมาณ (D-26)
    assert codes.count("status_missing") == 1  # report 6 (D-04)
    assert "repeated_header" in codes and "lost_quotes" in codes and "lost_dash" in codes
    assert not [m for m in parsed.metrics if m.value == 56.0]  # no phantom 56 from ๕๖
    six = parsed.entries[5]
    assert (six.report_no, six.plan_status, six.target_status) == (6, None, None)
    assert parsed.entries[0].plan_status == "เป็นไปตามแผน"
    assert parsed.fields["budget_thb"] == 0.0


def test_000_mixed_order_dates_resolve_without_flags() -> None:
    parsed = parse_document("000", [seed("000")])
    assert [e.report_date_raw for e in parsed.entries][3:5] == ["1/31/2021", "2/27/2021"]
    assert all(not e.date_flags for e in parsed.entries)
    assert not [f for f in parsed.findings if f.code == "ambiguous_order"]


def test_004_repairs_and_truncation() -> None:
    parsed = parse_document("004", [seed("004")])
    codes = {f.code for f in parsed.findings}
    assert {"sara_am_aa", "stray_backtick", "trailing_bar", "truncated"} <= codes
    assert "ผู้ดำรงตำแหน่ง" in parsed.pages[0].text
    assert "ผู้ดำารงตำาแหน่ง" in parsed.pages[0].text_raw
    assert not [m for m in parsed.metrics if m.unit == "%" and m.entry_no is not None]


def test_003_table_scores_and_codes() -> None:
    parsed = parse_document("003", [seed("003")])
    assert [e.score for e in parsed.entries] == [100.0, 0.0, 100.0, 100.0]
    assert parsed.fields["target_unit"] == parsed.fields["achieved_unit"] == "คะแนน"
    assert parsed.fields["code"] == "0406-0772"
    assert [m.value for m in parsed.metrics if m.label == "assessment_q1"] == [100.0]


def test_every_value_keeps_its_raw_string() -> None:
    parsed = parse_document("004", [seed("004")])
    page = parsed.pages[0]
    assert parsed.metrics and parsed.field_values
    for m in parsed.metrics:
        assert normalize(m.raw).text == page.text[m.char_start : m.char_end], m
        assert m.raw in page.text_raw
    for f in parsed.field_values:
        assert f.raw in page.text_raw and normalize(f.raw).text == page.text[f.char_start : f.char_end]
