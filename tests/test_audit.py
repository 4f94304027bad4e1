"""The audit (``raingan audit``): the seed defects of DOMAIN.md §3 found by code, no false alarms on a
clean corpus, the KPI history across years, and the audit's writing and re-running."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from goldcheck import REPO, SEEDS

from pipeline import load
from pipeline.audit import audit_output
from pipeline.audit.history import DocSummary, build_history, check_series
from pipeline.audit.registry import AUDIT_SEVERITY
from pipeline.cli import cli
from pipeline.config import Config
from pipeline.run.archive import ingest_archive
from pipeline.store.parquet import leftovers
from schemas.codes import FINDING_CODES
from schemas.enums import Form, Status
from schemas.records import OUTPUT_TABLES, Document

sys.path.insert(0, str(REPO / "bench"))
import archive

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the shared seed reports are not at {SEEDS}")


def _ingest(files: list[Path], out: Path) -> Path:
    ingest_archive(files, Config(out_dir=out, show_progress=False, workers=1))
    return out


def _by_seed(out: Path) -> Callable[[str], pd.DataFrame]:
    tables = load(out)
    findings = tables.findings.merge(tables.documents[["doc_id", "source_path"]], on="doc_id")

    def of(prefix: str) -> pd.DataFrame:
        return findings[findings["source_path"].str.contains(f"/{prefix}_", regex=False)]

    return of


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seed reports are not at {SEEDS}")
    out = _ingest(sorted(SEEDS.glob("*.txt")), tmp_path_factory.mktemp("seeds"))
    audit_output(out, html=False)
    return out


@needs_seeds
def test_every_high_seed_defect_is_found_by_code(seeds_out: Path) -> None:
    of = _by_seed(seeds_out)
    p002, p003 = of("002"), of("003")

    def one(frame: pd.DataFrame, code: str) -> pd.Series:
        rows = frame[frame["code"] == code]
        assert len(rows) == 1, (code, rows[["code", "message"]].to_dict("records"))
        return rows.iloc[0]

    # D-02: FY 2566 stated, project 2023-10-01..2024-09-30, all nine reports before the start
    period = one(p002, "period_mismatch")
    assert period["stage"] == "audit" and period["severity"] == "error"
    assert "2567" in period["message"] and "start and end are the suspect" in period["message"]
    before = one(p002, "report_before_start")
    assert (
        before["count"] == 9 and before["entry_no"] == 1 and "2023-01-25 … 2023-09-22" in before["evidence"]
    )
    # D-01: the order numbered /2566 dated 25 มกราคม 2565
    cited = one(p002, "cited_year_conflict")
    assert cited["evidence"] == "ที่ 29/2566 ลงวันที่ 25 มกราคม 2565" and "2023-01-25" in cited["message"]
    assert cited["page"] == 1 and cited["char_end"] - cited["char_start"] == len(cited["evidence"])
    # D-03: the shifted progress lines (parse stage) and D-26: the ๕๖ label
    assert sorted(p002[p002["code"] == "layout_shift"]["entry_no"]) == [3, 4, 5, 7, 8]
    assert one(p002, "label_corrupted")["entry_no"] == 9
    assert one(p002, "text_suspect")["severity"] == "warning"
    # D-05 and D-06
    score = one(p003, "score_inconsistent")
    assert score["entry_no"] == 2 and score["evidence"] == "result 50; score 0"
    scale = one(p003, "target_scale")
    assert scale["evidence"] == "target 10 คะแนน; achieved 100 คะแนน"
    # D-16..D-19: frozen metrics and duplicated entries in 000, 001 and 003
    frozen = one(of("000"), "frozen_metrics")
    assert frozen["count"] == 6 and "652 คน" in frozen["evidence"] and "2,188 คน" in frozen["message"]
    dup000 = of("000")[of("000")["code"] == "duplicate_entry"].sort_values("entry_no")
    assert dup000["count"].tolist() == [2, 6]  # 1/31/2021 = 2/27/2021; six monthly copies
    assert one(of("001"), "duplicate_entry")["message"].startswith("2 entries have the same text")
    assert "quarter 2, quarter 3" in one(p003, "duplicate_entry")["message"]


@needs_seeds
def test_audit_findings_are_well_formed(seeds_out: Path) -> None:
    findings = load(seeds_out).findings
    audit = findings[findings["stage"] == "audit"]
    assert len(audit) >= 15
    assert set(audit["code"]) <= set(AUDIT_SEVERITY) <= set(FINDING_CODES)
    for row in audit.itertuples():
        assert row.severity == AUDIT_SEVERITY[row.code], row.code
        assert row.message and not row.message[0].isupper()  # plain words, as the ingest writes them
    # the ingest's findings are all still there, beside the audit's
    assert {"read", "normalize", "parse"} >= set(findings[findings["stage"] != "audit"]["stage"])
    # 20: seed 004 (a headerless page) states no KPI name and code: two missing_field findings
    assert (findings["stage"] != "audit").sum() == 20


@needs_seeds
def test_narratives_citing_later_dates_are_noted(seeds_out: Path) -> None:
    of = _by_seed(seeds_out)
    later = of("001")[of("001")["code"] == "date_after_period"].sort_values("entry_no")
    assert later["entry_no"].tolist() == [1, 4]  # D-09 (January in quarter 1), D-11 (1 ตุลาคม 2564)
    assert set(later["severity"]) == {"info"}


def test_clean_corpus_gives_no_warning_or_error(tmp_path: Path) -> None:
    files = archive.clean_series(tmp_path / "in", years=3)
    out = _ingest(files, tmp_path / "out")
    report = audit_output(out, html=False)
    findings = load(out).findings
    audit = findings[findings["stage"] == "audit"]
    serious = audit[audit["severity"] != "info"]
    print(f"clean corpus: {len(files)} documents, {len(audit)} audit findings, {len(serious)} warning/error")
    assert serious.empty, serious[["code", "message"]].to_dict("records")
    assert report.series == 5  # five clean samples, three fiscal years each, each lined up
    history = load(out).kpi_history
    # reports without a code are lined up by title and the agency their text names
    assert len(history) == 15 and set(history["match"]) == {"code", "title_agency"}
    assert (
        history.groupby("series_id")["fiscal_year_be"].apply(list).map(sorted).tolist()
        == [[2563, 2564, 2565]] * 5
    )


def _doc(n: int, fy: int, **kw: object) -> DocSummary:
    fields = {
        "doc_id": f"{n:064x}",
        "source_path": f"r{n}.txt",
        "source_format": "txt",
        "form": Form.KPI_DETAIL,
        "status": Status.OK,
        "fiscal_year_be": fy,
        "parser_version": "t",
        **kw,
    }
    return DocSummary(Document.model_validate(fields))


def test_history_matches_by_code_then_title_and_agency() -> None:
    docs = [
        _doc(
            1,
            2564,
            code="0406-0772",
            title="ก ข",
            agency="สำนักงานเขตบางนา",
            target_value=100.0,
            target_unit="%",
        ),
        _doc(
            2,
            2566,
            code="0406-0772",
            title="ก  ข ค",
            agency="สำนักงานเขตบางนา",
            target_value=10.0,
            target_unit="คะแนน",
        ),
        _doc(3, 2564, title="ตัวชี้วัด ๑", agency="สำนักการคลัง", achieved_value=20.0, achieved_unit="%"),
        _doc(4, 2565, title="ตัวชี้วัด 1", agency="สำนักการคลัง", achieved_value=90.0, achieved_unit="%"),
        _doc(5, 2565, title="ไม่มีหน่วยงาน"),  # same title, same year, no agency: not matched
        _doc(6, 2565, title="ไม่มีหน่วยงาน"),
        _doc(7, 2565, title="ไม่มีหน่วยงาน", form=Form.UNKNOWN),  # not a KPI or project
    ]
    rows = build_history(docs)
    assert len(rows) == 6
    by_doc = {r.source_path: r for r in rows}
    assert by_doc["r1.txt"].series_id == by_doc["r2.txt"].series_id and by_doc["r2.txt"].match == "code"
    assert [by_doc["r1.txt"].year_index, by_doc["r2.txt"].year_index] == [1, 2]
    assert by_doc["r3.txt"].series_id == by_doc["r4.txt"].series_id  # Thai digits, spacing normalised
    assert by_doc["r3.txt"].match == "title_agency"
    assert by_doc["r5.txt"].series_id != by_doc["r6.txt"].series_id and by_doc["r5.txt"].match == "none"
    codes: dict[str, list[str]] = {}
    for sid in {r.series_id for r in rows}:
        found = list(check_series([r for r in rows if r.series_id == sid]))
        codes[sid] = sorted(f.code for f in found)
    assert codes[by_doc["r1.txt"].series_id] == ["kpi_missing_year", "kpi_title_changed", "kpi_unit_changed"]
    assert codes[by_doc["r3.txt"].series_id] == ["kpi_result_jump"]  # 20 % → 90 %


def _mutated_seed(tmp: Path, name: str, edits: list[tuple[str, str]]) -> Path:
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp / f"{name}_mutated.txt"
    path.write_text(text, encoding="utf-8")
    return path


@needs_seeds
def test_value_checks_on_a_mutated_project_report(tmp_path: Path) -> None:
    """Seed 002 adds up (841 − 615 = 226, 26.87 %) and its progress only rises; break both."""
    path = _mutated_seed(
        tmp_path,
        "002",
        [
            ("หลังดำเนินโครงการมีสถิติการสอบถาม 615", "หลังดำเนินโครงการมีสถิติการสอบถาม 625"),
            ("= 50.00 %", "= 30.00 %"),
        ],
    )
    out = _ingest([path], tmp_path / "out")
    audit_output(out, html=False)
    findings = load(out).findings
    codes = findings[findings["stage"] == "audit"].set_index("code")
    arithmetic = codes.loc["arithmetic_mismatch"]
    assert "841 − 625 = 216, not 226" in arithmetic["message"]
    assert "226 / 841 = 26.87 %" not in arithmetic["message"]  # the share of 226 still adds up
    assert arithmetic["evidence"].startswith("841 คำถาม") and arithmetic["evidence"].endswith("26.87")
    down = codes.loc["progress_down"]
    assert down["message"] == "progress goes down from 40 % (report 4) to 30 % (report 5)"
    assert down["entry_no"] == 5


@needs_seeds
def test_cli_audits_after_ingest_and_skips_what_is_audited(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    first = runner.invoke(cli, ["ingest", str(SEEDS), "--out", str(out), "--no-progress", "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert "audit: " in first.output and f"audit report: {out / 'audit.html'}" in first.output
    html = (out / "audit.html").read_text(encoding="utf-8")
    history = load(out).kpi_history
    assert html.count('class="chart"') == history["series_id"].nunique() == 5  # 000 and 001: two agencies
    assert "ที่ 29/2566 ลงวันที่ 25 มกราคม 2565" in html
    again = runner.invoke(cli, ["audit", "--out", str(out)])
    assert again.exit_code == 0 and "audited already" in again.output
    forced = runner.invoke(cli, ["audit", "--out", str(out), "--force", "--no-html"])
    assert forced.exit_code == 0 and "audited already" not in forced.output
    tables = load(out)
    assert (tables.findings["stage"] == "audit").sum() == (
        int(first.output.split("audit: ")[1].split(" findings")[0])
    )  # audited twice, written once: the earlier audit's findings were replaced
    linked = sorted({Path(os.path.realpath(out / f"{m.table}.parquet")).parent.name for m in OUTPUT_TABLES})
    assert len(linked) == 2 and linked[1].startswith("audit-")  # the ingest's, and the last audit's
    assert leftovers(out) == []  # and, beside them, only what was replaced a moment ago


def test_audit_without_tables_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", "--out", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert "raingan ingest" in str(result.exception.hint)  # type: ignore[union-attr]
    assert not (tmp_path / "none").exists()  # nothing written
