"""Real BMA web pages nobody on this project wrote (../shared/realpages) against their hand-labelled records.

Each page is its own test (the id is the page's file name), so a page that fails again is named. The
gold's form ``other`` is our ``unknown``. ``agency``, ``start_date`` and ``end_date`` are null in every
gold record because the labellers did not score them (realpages/README.md), although some pages state
an agency that we read: those three are not compared. The gold's titles are KPI and project names
(the name before `` : CODE``, or the labelled KPI name); on a page of no known form raingan also gives
the document's own subject or first heading as its title (the generic reading), which such gold leaves
null: there a title is compared only where the gold names one. Every other field is compared, nulls
included: a value read where the page states none is as wrong as a value missed.

Also here: no field a form declares required is null without a finding, over these pages and the
project's own sample archive.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from goldcheck import REPO, SHARED, differences

from parsers.assemble import ParsedDocument, parse_document
from parsers.registry import FORMS
from pipeline.read.sources import read_source
from schemas.enums import Form

REALPAGES = SHARED / "realpages"
PAGES = sorted((REALPAGES / "pages").glob("*.txt")) if REALPAGES.is_dir() else []
needs_realpages = pytest.mark.skipif(
    not PAGES, reason=f"{REALPAGES} is absent: the real pages are test material kept outside the project"
)
NOT_SCORED = ("agency", "start_date", "end_date")


def gold_of(page: Path) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads((REALPAGES / "gold" / f"{page.stem}.json").read_text(encoding="utf-8"))
    if gold["doc"]["form"] == "other":
        gold["doc"]["form"] = Form.UNKNOWN.value
    return gold


def parse(path: Path) -> ParsedDocument:
    source = read_source(path)
    assert not source.failed
    return parse_document(source.doc_id, source.pages)


@needs_realpages
@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_real_page_matches_gold(page: Path) -> None:
    gold = gold_of(page)
    skipped = NOT_SCORED
    if gold["doc"]["form"] == Form.UNKNOWN.value and gold["doc"]["title"] is None:
        skipped = (*NOT_SCORED, "title")
    found = [
        d for d in differences(parse(page), gold) if not d.startswith(tuple(f"doc.{k}:" for k in skipped))
    ]
    assert found == []


@needs_realpages
def test_real_pages_cover_the_three_families() -> None:
    forms = {gold_of(p)["doc"]["form"] for p in PAGES}
    assert {"kpi_detail", "project_progress_web", "agency_performance", "unknown"} <= forms


#: where a field a form reads is stored: its documents column; other fields live in the fields table
COLUMN = {
    "target": "target_value",
    "achieved": "achieved_value",
    "budget": "budget_thb",
    "budget_spent": "budget_spent_thb",
}
SAMPLES = sorted(
    p for p in (REPO / "data" / "raw").iterdir() if p.suffix in {".txt", ".html"} and p.stat().st_size > 0
)
SAMPLES = [p for p in SAMPLES if not read_source(p).failed]


def unread_required(parsed: ParsedDocument) -> list[str]:
    """Required fields of the document's form that are null with no finding that names them."""
    if parsed.form is Form.UNKNOWN:
        return []
    flagged = {
        f.message.split("'")[1]
        for f in parsed.findings
        if f.code in {"missing_field", "unreadable_field"} and f.message.startswith("field '")
    }
    kept = {v.field for v in parsed.field_values}
    silent = []
    for spec in FORMS.get(parsed.form).fields:
        if not spec.required:
            continue
        column = COLUMN.get(spec.key, spec.key)
        present = parsed.fields.get(column) is not None or column in kept
        if not present and spec.key not in flagged:
            silent.append(spec.key)
    return silent


@pytest.mark.parametrize("path", [*SAMPLES, *PAGES], ids=[p.stem for p in [*SAMPLES, *PAGES]])
def test_no_required_field_is_null_without_a_finding(path: Path) -> None:
    assert unread_required(parse(path)) == []


def test_a_missing_required_field_is_named_with_the_spellings_tried() -> None:
    parsed = parse_document("x", ["รายละเอียดตัวชี้วัด\n\nค่าเป้าหมาย ร้อยละ : 80\n\nประเภทตัวชี้วัด : ตัวชี้วัดงานประจำ\n"])
    assert parsed.form is Form.KPI_DETAIL
    missing = {f.message.split("'")[1]: f.message for f in parsed.findings if f.code == "missing_field"}
    assert set(missing) == {"title", "code", "achieved"}
    assert "'ผลงานที่ทำได้'" in missing["achieved"]


def test_an_unreadable_value_keeps_its_raw_text() -> None:
    parsed = parse_document(
        "x", ["รายละเอียดตัวชี้วัด\n\nงานหนึ่ง : 0101-0001\n\nค่าเป้าหมาย ร้อยละ : ไม่ระบุ\n\nผลงานที่ทำได้ ร้อยละ : 75\n"]
    )
    unreadable = [f for f in parsed.findings if f.code == "unreadable_field"]
    assert [(f.evidence, f.message.split("'")[1]) for f in unreadable] == [("ไม่ระบุ", "target")]
    assert parsed.fields.get("target_value") is None and parsed.fields["achieved_value"] == 75.0
