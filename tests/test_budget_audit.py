"""The audit of budget documents' targets: comparable across years within a row and between the budget
documents of one agency (pipeline/audit/targets.py).

The documents are the budget sample of data/raw and variants of it: the next year's document of the same
district with one target typed a zero too long, one counted in another unit, another district's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from goldcheck import REPO, SHARED

from pipeline.audit.checks import audit_document, document_view
from pipeline.audit.tables import DocView
from pipeline.audit.targets import check_target_rows, check_targets_across, target_rows
from pipeline.config import Config
from pipeline.run.worker import ingest_file
from schemas.codes import FindingCode

SAMPLE = REPO / "data" / "raw" / "budget_district_ladprao_fy2566.txt"
DISTRICT = SHARED / "realdata" / "napatswift_bkk-2022-budget"
NEXT_YEAR = (
    ("พ.ศ. 2566", "พ.ศ. 2567"),
    ("งบประมาณปี 2566\tปี 2567\tปี 2568\tปี 2569", "งบประมาณปี 2567\tปี 2568\tปี 2569\tปี 2570"),
)


def _view(tmp_path: Path, name: str, *changes: tuple[str, str]) -> DocView:
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return document_view(ingest_file(path, Config()))


def _across(*views: DocView) -> list[tuple[str, str, str | None]]:
    rows = [row for view in views for row in target_rows(view)]
    names = {view.doc_id: Path(view.document.source_path).name for view in views}
    return [(f.code, f.doc_id, f.evidence) for f in check_targets_across(rows, names)]


def test_the_sample_gives_its_target_rows_and_no_finding(tmp_path: Path) -> None:
    view = _view(tmp_path, "a.txt")
    rows = target_rows(view)
    targets = (("เก็บขนมูลฝอย", "ตัน"), ("กวาดถนน", "กิโลเมตร"), ("ล้างตลาด", "ครั้ง"), ("รณรงค์คัดแยกมูลฝอย", "ชุมชน"))
    assert [(r.label, r.unit, [m.fiscal_year_be for m in r.values]) for r in rows] == [
        (label, unit, [2566, 2567, 2568, 2569]) for label, unit in targets
    ]
    codes = {f.code for f in audit_document(ingest_file(SAMPLE, Config()))}
    assert not codes & {FindingCode.BUDGET_TARGET_JUMP, FindingCode.BUDGET_TARGET_UNIT}
    assert _across(view, view) == []  # a document against itself: one scale, one unit


def test_a_row_that_jumps_tenfold_from_one_year_to_the_next(tmp_path: Path) -> None:
    view = _view(tmp_path, "a.txt", ("185\t185\t190\t190", "185\t185\t1,900\t190"))
    (finding,) = check_target_rows(view)
    assert finding.code == FindingCode.BUDGET_TARGET_JUMP and finding.severity == "warning"
    assert "“กวาดถนน” is 185 กิโลเมตร for 2567 and 1,900 กิโลเมตร for 2568" in finding.message
    assert view.text(finding.page or 0, finding.char_start or 0, finding.char_end or 0) == "1,900"
    # a step that stays: one finding where it starts
    (step,) = check_target_rows(_view(tmp_path, "b.txt", ("185\t185\t190\t190", "185\t185\t1,900\t1,900")))
    assert step.evidence == "2567: 185; 2568: 1,900"


def test_rows_that_grow_less_than_tenfold_or_hold_a_zero_are_no_finding(tmp_path: Path) -> None:
    view = _view(tmp_path, "a.txt", ("32\t34\t36\t38", "0\t34\t36\t300"))
    assert list(check_target_rows(view)) == []


def test_the_next_years_document_with_a_target_a_zero_too_long(tmp_path: Path) -> None:
    first = _view(tmp_path, "ladprao_2566.txt")
    second = _view(
        tmp_path, "ladprao_2567.txt", *NEXT_YEAR, ("185\t185\t190\t190", "1,850\t1,900\t1,900\t1,900")
    )
    ((code, doc_id, evidence),) = _across(first, second)
    assert (code, doc_id) == (FindingCode.BUDGET_TARGET_JUMP, second.doc_id)
    assert evidence == "ladprao_2566.txt and ladprao_2567.txt: 2567: 185; 2567: 1,850"
    # the next year's document as planned: no finding
    assert _across(first, _view(tmp_path, "plain_2567.txt", *NEXT_YEAR)) == []


def test_the_same_target_in_another_unit(tmp_path: Path) -> None:
    first = _view(tmp_path, "ladprao_2566.txt")
    second = _view(tmp_path, "ladprao_2567.txt", *NEXT_YEAR, ("ล้างตลาด\tครั้ง", "ล้างตลาด\tแห่ง"))
    ((code, doc_id, evidence),) = _across(first, second)
    assert (code, doc_id) == (FindingCode.BUDGET_TARGET_UNIT, second.doc_id)
    assert evidence is not None and "48 ครั้ง (2566) against 48 แห่ง (2567)" in evidence


def test_another_agency_or_a_label_of_two_rows_is_not_compared(tmp_path: Path) -> None:
    first = _view(tmp_path, "ladprao_2566.txt")
    other = _view(
        tmp_path,
        "bangkhen_2567.txt",
        *NEXT_YEAR,
        ("สำนักงานเขตลาดพร้าว", "สำนักงานเขตบางเขน"),
        ("185\t", "1,850\t"),
    )
    assert other.document.agency == "สำนักงานเขตบางเขน"
    assert _across(first, other) == []
    # the label กวาดถนน on two rows of the next year's document: which row is the same target is not known
    twice = _view(
        tmp_path,
        "twice_2567.txt",
        *NEXT_YEAR,
        ("ล้างตลาด\tครั้ง\t\t\t48\t48\t48\t48", "กวาดถนน\tกิโลเมตร\t\t\t1,850\t1,850\t1,900\t1,900"),
    )
    assert _across(first, twice) == []


@pytest.mark.skipif(
    not (DISTRICT / "65053.pdf").is_file(), reason=f"the district budget PDFs are not at {DISTRICT}"
)
def test_a_real_districts_row_that_drops_to_a_hundredth() -> None:
    """65053 page 9: ความพึงพอใจผู้รับบริการทะเบียน … ร้อยละ 90 92 94 1 (the nine district PDFs give three such
    findings in 1,127 target rows; the other two: 65034 ``7 1 13 5`` รายการ, 65068 ``10 15 180 20`` ราย)."""
    view = document_view(ingest_file(DISTRICT / "65053.pdf", Config()))
    (finding,) = check_target_rows(view)
    assert finding.page == 9 and finding.evidence == "2567: 94; 2568: 1"
