"""``raingan show`` tells one document's whole story at 80 columns: every finding (the audit's checks of
one document included), every entry's facts, no date or number ever cut, and ``--json`` for scripts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from goldcheck import SEEDS
from rich.cells import cell_len
from rich.console import Console

from pipeline.config import Config
from pipeline.result import DocumentResult
from pipeline.use.show import number, pack, show_document

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
SAMPLES = sorted(
    p
    for p in [
        *RAW.glob("*.txt"),
        *RAW.glob("*.html"),
        *RAW.glob("*.docx"),
        *RAW.glob("*.xlsx"),
        *(RAW / "pdf").glob("*.pdf"),
    ]
)
SEED_002 = SEEDS / "002_5aacc27af1543685.txt"


def shown(path: Path, width: int = 80, as_json: bool = False) -> tuple[str, DocumentResult]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, legacy_windows=False)
    result = show_document(path, Config(show_progress=False), console, as_json=as_json)
    return buffer.getvalue(), result


@pytest.mark.skipif(not SEED_002.is_file(), reason=f"the shared seed reports are not at {SEEDS}")
def test_seed_002_lists_both_audit_errors() -> None:
    out, _ = shown(SEED_002)
    lines = out.splitlines()
    errors = [line.split()[1] for line in lines if line.startswith("error ")]
    assert errors == ["period_mismatch", "cited_year_conflict"]
    assert "findings of the audit (the checks of one document) (5)" in out
    assert "findings of reading and parsing (10)" in out
    # plan status, budget spent and progress with its unit, on the entry's line
    first = next(line for line in lines if line.startswith("#1 "))
    assert "2023-01-25 (25/01/2566)" in first and "progress 10 %" in first and "spent 0 บาท" in first
    assert any("เป็นไปตามแผน" in line for line in lines[lines.index(first) : lines.index(first) + 3])


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_no_date_or_number_is_cut_at_80_columns(path: Path) -> None:
    out, result = shown(path)
    lines = out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), max(lines, key=cell_len)

    def whole(value: str) -> None:
        assert any(value in line for line in lines), f"{value!r} is not whole on one line"

    for e in result.entries:
        if e.report_date is not None:
            whole(e.report_date.isoformat())
        if e.progress_pct is not None:
            whole(f"progress {number(e.progress_pct)}" + (f" {e.progress_unit}" if e.progress_unit else ""))
        if e.budget_spent_thb is not None:
            whole(f"spent {number(e.budget_spent_thb)} บาท")
        if e.score is not None:
            whole(f"score {number(e.score)}")
    for m in result.metrics:
        whole(number(m.value) + (f" {m.unit}" if m.unit else ""))
    doc = result.document
    for value in (doc.start_date, doc.end_date):
        if value is not None:
            whole(value.isoformat())
    for f in result.findings:
        whole(str(f.code))
    for c in result.cells:
        if c.value is not None and len(c.text) <= 12:
            whole(c.text)


def test_facts_an_entry_lacks_are_left_out() -> None:
    out, result = shown(RAW / "kpi_report_chatuchak_fy2565.txt")
    assert result.entries and all(e.report_no is None and e.score is None for e in result.entries)
    heads = [line for line in out.splitlines() if line.startswith("#")]
    assert len(heads) == len(result.entries)
    assert not any("report " in h or "score " in h for h in heads)


def test_json_has_the_whole_record() -> None:
    out, result = shown(RAW / "project_progress_dindaeng_fy2565.txt", as_json=True)
    data = json.loads(out)
    assert data["document"]["doc_id"] == result.document.doc_id
    assert len(data["entries"]) == len(result.entries) and len(data["metrics"]) == len(result.metrics)
    stages = {f["stage"] for f in data["findings"]}
    assert stages <= {"read", "normalize", "parse", "audit"}
    assert [p["page"] for p in data["pages"]] == [p.page for p in result.pages]


def test_pack_never_splits_a_fact() -> None:
    facts = ["#12", "Q4", "2023-09-22 (22/09/2566)", "progress 100 %", "spent 1,234,567.5 บาท", "เป็นไปตามแผน"]
    lines = pack(facts, 40)
    assert lines == [
        "#12  Q4  2023-09-22 (22/09/2566)",
        "progress 100 %  spent 1,234,567.5 บาท",
        "เป็นไปตามแผน",
    ]
    assert pack(["a" * 50, "b"], 40) == ["a" * 50, "b"]


def test_progress_with_its_unit_and_the_terminal_width_of_the_environment() -> None:
    """As a user runs it: COLUMNS=80 in the environment, a KPI page whose quarter results are scores."""
    import os
    import subprocess
    import sys

    sample = RAW / "kpi_detail_finance_fy2564.html"
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "show", str(sample)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines and all(cell_len(line) <= 80 for line in lines)
    heads = [line for line in lines if line.startswith("#")]
    assert heads and all("คะแนน" in h for h in heads if "progress" in h)
    assert not any("progress" in h and " %" in h for h in heads)


def test_a_workbook_shows_its_tables_as_grids() -> None:
    out, result = shown(RAW / "kpi_workbook_phasicharoen_fy2565_2568.xlsx", width=100)
    assert "tables (2)" in out
    assert "table 1 · p.1 · 6×7 · xlsx — ตัวชี้วัด 2565-2568" in out
    row = next(line for line in out.splitlines() if "81.25%" in line)
    assert "84.5%" in row and "88.02%" in row and "90%" in row  # one row of the sheet, one line
    assert len(result.tables) == 2 and len(result.cells) > 40
