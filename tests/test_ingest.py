"""One file at a time: whatever the file, one documents row and a finding that names the problem."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import pipeline.run.document as ingest_module
from parsers.text.pages import PreparedPage
from pipeline.config import Config
from pipeline.run.document import ingest_file
from pipeline.run.inputs import run_batch
from schemas.enums import Form, Status

REPORT = (
    "ค่าเป้าหมาย ร้อยละ : 100\nผลงานที่ทำได้ ร้อยละ : 90\nประเภทตัวชี้วัด : x\n31/10/2565 : เริ่มดำเนินการ จำนวน 3 ชุมชน\n"
)


def codes(result: ingest_module.DocumentResult) -> list[str]:
    return [f.code for f in result.findings]


def test_pdf_header_without_a_body_is_damaged(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    result = ingest_file(pdf, Config())
    assert result.document.status is Status.FAILED
    assert result.document.source_format.value == "pdf"
    assert result.document.doc_id == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert codes(result) == ["pdf_damaged"]


def test_unknown_suffix_named_directly_is_refused(tmp_path: Path) -> None:
    sheet = tmp_path / "report.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    result = ingest_file(sheet, Config())
    assert (result.document.status, codes(result)) == (Status.FAILED, ["unsupported_format"])


def test_too_large_file_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(REPORT * 100, encoding="utf-8")
    result = ingest_file(big, Config(max_file_bytes=1000))
    assert (result.document.status, codes(result)) == (Status.FAILED, ["too_large"])


def test_parser_crash_fails_only_that_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad.write_text(REPORT.replace("3 ชุมชน", "4 ชุมชน"), encoding="utf-8")
    real = ingest_module.parse_prepared

    def flaky(doc_id: str, pages: list[PreparedPage], below: float) -> ingest_module.ParsedDocument:
        if "4 ชุมชน" in pages[0].normalized.raw:
            raise RuntimeError("boom")
        return real(doc_id, pages, below)

    monkeypatch.setattr(ingest_module, "parse_prepared", flaky)
    batch = run_batch([good, bad], Config())
    by_name = {Path(r.document.source_path).name: r for r in batch.results}
    assert by_name["good.txt"].document.status is Status.OK
    assert by_name["good.txt"].document.form is Form.KPI_DETAIL
    assert by_name["bad.txt"].document.status is Status.FAILED
    assert codes(by_name["bad.txt"]) == ["parser_error"]
    assert "RuntimeError: boom" in by_name["bad.txt"].findings[0].message


def test_same_bytes_twice_gives_two_rows_but_no_repeated_children(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "copy_of_a.txt"
    a.write_text(REPORT, encoding="utf-8")
    b.write_text(REPORT, encoding="utf-8")
    batch = run_batch([a, b], Config())
    first, second = batch.results
    assert first.document.doc_id == second.document.doc_id
    assert len(first.entries) == 1 and second.entries == [] and second.pages == []
    assert codes(second) == ["duplicate_content"]


def test_document_row_counts_and_status(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = ingest_file(path, Config())
    doc = result.document
    assert (doc.n_pages, doc.n_entries, doc.n_findings) == (1, 1, len(result.findings))
    assert (doc.target_value, doc.target_unit, doc.achieved_value, doc.fiscal_year_be) == (
        100.0,
        "%",
        90.0,
        2566,
    )
    assert doc.fiscal_year_source == "inferred" and doc.encoding == "utf-8"
    assert [(m.value, m.unit, m.entry_no) for m in result.metrics if m.kind.value == "count"] == [
        (3.0, "ชุมชน", 1)
    ]
