"""Comparison of a parsed document with an expected-record JSON (the shape of shared/seeds/gold)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from parsers.assemble import ParsedDocument

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"

DOC_FIELDS = (
    "title",
    "code",
    "agency",
    "fiscal_year_be",
    "target_value",
    "achieved_value",
    "start_date",
    "end_date",
    "document_date",
)


def text_samples() -> list[str]:
    """The sample reports with expected records whose source is text (a text export or a saved web page):
    what the layout variations and the corpus's PDFs are made from (a workbook's records are its own)."""
    raw = REPO / "data" / "raw"
    return sorted(
        p.stem
        for p in (REPO / "tests" / "expected").glob("*.json")
        if any((raw / f"{p.stem}{suffix}").is_file() for suffix in (".txt", ".html", ".htm"))
    )


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def differences(parsed: ParsedDocument, gold: dict[str, Any]) -> list[str]:
    """Every way the parsed records differ from the expected ones (empty when they match)."""
    diffs: list[str] = []
    doc = gold["doc"]
    if parsed.form.value != doc["form"]:
        diffs.append(f"form: {parsed.form.value!r} != {doc['form']!r}")
    for name in DOC_FIELDS:
        got = parsed.fields.get(name)
        got = got.isoformat() if hasattr(got, "isoformat") else got
        if got != doc.get(name):
            diffs.append(f"doc.{name}: {got!r} != {doc.get(name)!r}")
    entries = [
        {
            "quarter": e.quarter,
            "report_no": e.report_no,
            "date": e.report_date.isoformat() if e.report_date else None,
            "progress_pct": e.progress_pct,
        }
        for e in parsed.entries
    ]
    expected_entries = [
        {k: e[k] for k in ("quarter", "report_no", "date", "progress_pct")} for e in gold["entries"]
    ]
    if len(entries) != len(expected_entries):
        diffs.append(f"entries: {len(entries)} parsed, {len(expected_entries)} expected")
    for i, (got_e, exp_e) in enumerate(zip(entries, expected_entries, strict=False), start=1):
        if got_e != exp_e:
            diffs.append(f"entry {i}: {got_e} != {exp_e}")
    have = Counter((m.value, m.unit) for m in parsed.metrics)
    want = Counter((float(m["value"]), m["unit"]) for m in gold["metrics"])
    for key, n in want.items():
        if have[key] < n:
            diffs.append(f"metric {key}: found {have[key]}×, expected at least {n}×")
    # a metric given with its fiscal year (a budget's target table) must have that year
    have_fy = Counter((m.value, m.unit, m.fiscal_year_be) for m in parsed.metrics)
    want_fy = Counter(
        (float(m["value"]), m["unit"], m["fiscal_year_be"]) for m in gold["metrics"] if "fiscal_year_be" in m
    )
    for key, n in want_fy.items():
        if have_fy[key] < n:
            diffs.append(f"metric {key} (value, unit, fiscal year): found {have_fy[key]}×, expected {n}×")
    return diffs + budget_differences(parsed, gold.get("budget_items", []))


def budget_items(parsed: ParsedDocument) -> list[dict[str, Any]]:
    """The budget items as the expected files give them: numbering, level, the parent's numbering (a
    programme's label: it has no number), amount and page, in order."""
    by_no = {b.item_no: b for b in parsed.budget_items}
    out = []
    for b in parsed.budget_items:
        parent = by_no.get(b.parent_item_no) if b.parent_item_no is not None else None
        out.append(
            {
                "number": b.number,
                "level": b.level,
                "parent": None if parent is None else parent.number or parent.label,
                "amount": b.amount_thb,
                "page": b.page,
            }
        )
    return out


def budget_differences(parsed: ParsedDocument, expected: list[dict[str, Any]]) -> list[str]:
    """How the budget items differ from the expected ones (every item, in order)."""
    got = budget_items(parsed)
    diffs = []
    if len(got) != len(expected):
        diffs.append(f"budget items: {len(got)} parsed, {len(expected)} expected")
    for i, (g, e) in enumerate(zip(got, expected, strict=False), start=1):
        if g != e:
            diffs.append(f"budget item {i}: {g} != {e}")
    return diffs
