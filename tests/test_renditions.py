"""One report in several renditions (a .txt, its PDF, its scan) is linked (``documents.same_report_as``)
and counted once by kpi_history, the audit and the run summary; different reports are never linked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline.audit import audit_output
from pipeline.config import Config
from pipeline.result import Renditions, report_key
from pipeline.run.serial import run_serial
from pipeline.run.worker import ingest_file

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
TXT = RAW / "kpi_report_chatuchak_fy2565.txt"
PDF = RAW / "pdf" / "kpi_report_chatuchak_fy2565.pdf"
OTHER = RAW / "kpi_report_huaikhwang_fy2566.txt"
FLAT_TXT = RAW / "kpi_detail_flat_fy2567.txt"
FLAT_PDF = RAW / "pdf" / "kpi_detail_flat_fy2567.pdf"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("renditions") / "out"
    run = run_serial([TXT, PDF, OTHER, FLAT_TXT, FLAT_PDF], Config(out_dir=folder, show_progress=False))
    audit_output(folder, html=False)
    return folder, run


def test_the_pdf_of_a_text_report_is_linked_to_it(out: tuple[Path, object]) -> None:
    folder, _ = out
    docs = pd.read_parquet(folder / "documents.parquet").set_index("source_path")
    txt, pdf = docs.loc[str(TXT)], docs.loc[str(PDF)]
    assert pd.isna(txt.same_report_as)
    assert pdf.same_report_as == txt.doc_id != pdf.doc_id
    # without a title or a code: known by its values, dates and the digits of its entries
    assert docs.loc[str(FLAT_PDF)].same_report_as == docs.loc[str(FLAT_TXT)].doc_id
    assert pd.isna(docs.loc[str(OTHER)].same_report_as)
    # each rendition keeps the rows read from it
    entries = pd.read_parquet(folder / "entries.parquet")
    assert (entries.doc_id == pdf.doc_id).sum() == (entries.doc_id == txt.doc_id).sum() == 12


def test_counted_once_by_the_summary_history_and_audit(out: tuple[Path, object]) -> None:
    folder, run = out
    summary = run.report.summary  # type: ignore[attr-defined]
    assert summary.documents == 5 and summary.renditions == 2
    assert summary.by_form_status["kpi_report"] == {"ok": 2}
    assert summary.entries_by_form["kpi_report"] == 16  # 12 + 4, the PDF's 12 not again
    docs = pd.read_parquet(folder / "documents.parquet")
    renditions = set(docs.doc_id[docs.same_report_as.notna()])
    history = pd.read_parquet(folder / "kpi_history.parquet")
    assert not set(history.doc_id) & renditions
    assert len(history) == 3  # chatuchak, huai khwang, the flat report: once each
    findings = pd.read_parquet(folder / "findings.parquet")
    assert not set(findings.doc_id[findings.stage == "audit"]) & renditions
    assert "kpi_same_year" not in set(findings.code)  # no report "twice in one year"


def test_different_reports_are_not_linked() -> None:
    config = Config(show_progress=False)
    first = ingest_file(TXT, config)
    renditions = Renditions()
    assert renditions.link(first) is first
    # the same report with one entry's progress changed is another report
    changed = first.entries[3].model_copy(update={"progress_pct": (first.entries[3].progress_pct or 0) + 1})
    other = replace(
        first,
        document=first.document.model_copy(update={"doc_id": "b" * 64}),
        entries=[*first.entries[:3], changed, *first.entries[4:]],
    )
    assert report_key(other) != report_key(first)
    assert renditions.link(other).document.same_report_as is None
    same = replace(first, document=first.document.model_copy(update={"doc_id": "c" * 64}))
    assert renditions.link(same).document.same_report_as == first.document.doc_id
    # a document that says too little is never linked
    assert report_key(ingest_file(RAW / "unknown_meeting_notice_khlongsan.txt", config)) is None
    assert report_key(ingest_file(RAW / "empty.txt", config)) is None
