"""One file at a time: whatever the file, one documents row and a finding that names the problem."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import parsers.forms.kpi_detail as kpi_detail
from parsers.document.doctext import DocText
from parsers.forms.base import FormResult
from pipeline.config import Config
from pipeline.errors import DocumentCrash
from pipeline.result import DocumentResult
from pipeline.run.serial import run_serial
from pipeline.run.worker import ingest_file
from schemas.enums import Form, Status

REPORT = (
    "ค่าเป้าหมาย ร้อยละ : 100\nผลงานที่ทำได้ ร้อยละ : 90\nประเภทตัวชี้วัด : x\n31/10/2565 : เริ่มดำเนินการ จำนวน 3 ชุมชน\n"
)


def codes(result: DocumentResult) -> list[str]:
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
    sheet = tmp_path / "report.odt"  # a ZIP, but neither a Word document nor an Excel workbook
    sheet.write_bytes(b"PK\x03\x04")
    result = ingest_file(sheet, Config())
    assert (result.document.status, codes(result)) == (Status.FAILED, ["unsupported_format"])


def test_too_large_file_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(REPORT * 100, encoding="utf-8")
    result = ingest_file(big, Config(max_file_bytes=1000))
    assert (result.document.status, codes(result)) == (Status.FAILED, ["too_large"])


def plant_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in a form parser (the KPI detail page's), met only by reports of 4 communities."""
    real = kpi_detail.PARSER.parse

    def buggy(doc: DocText) -> FormResult:
        if "4 ชุมชน" in doc.text:
            raise ZeroDivisionError("division by zero")
        return real(doc)

    monkeypatch.setattr(kpi_detail.PARSER, "parse", buggy)


def two_reports(tmp_path: Path) -> list[Path]:
    good, bad = tmp_path / "in" / "good.txt", tmp_path / "in" / "bad.txt"
    good.parent.mkdir()
    good.write_text(REPORT, encoding="utf-8")
    bad.write_text(REPORT.replace("3 ชุมชน", "4 ชุมชน"), encoding="utf-8")
    return [good, bad]


def test_a_bug_in_a_form_parser_fails_only_its_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant_bug(monkeypatch)
    run = run_serial(two_reports(tmp_path), Config(out_dir=tmp_path / "out", strict=False))
    good, bad = run.results
    assert (good.document.status, good.document.form) == (Status.OK, Form.KPI_DETAIL)
    assert bad.document.status is Status.FAILED
    assert codes(bad) == ["parse_error"]
    assert bad.findings[0].stage.value == "parse" and bad.document.doc_id == bad.findings[0].doc_id
    assert "ZeroDivisionError: division by zero" in bad.findings[0].message
    assert run.report.summary.failures == [(str(tmp_path / "in" / "bad.txt"), bad.findings[0].message)]


def test_strict_mode_stops_the_run_on_the_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plant_bug(monkeypatch)
    with pytest.raises(DocumentCrash) as crash:
        run_serial(two_reports(tmp_path), Config(out_dir=tmp_path / "out", strict=True))
    assert crash.value.path.endswith("bad.txt")
    assert "ZeroDivisionError: division by zero" in crash.value.trace and "buggy" in crash.value.trace
    assert crash.value.exit_code == 1
    assert not (tmp_path / "out" / "documents.parquet").exists()  # no tables from a run that stopped
    with pytest.raises(DocumentCrash):
        ingest_file(tmp_path / "in" / "bad.txt", Config(strict=True))


def test_the_tests_run_strict() -> None:
    """conftest.py turns strict mode on for every Config the tests make (RAINGAN_STRICT=1)."""
    assert Config().strict and not Config(strict=False).strict


def test_same_bytes_twice_gives_two_rows_but_no_repeated_children(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "copy_of_a.txt"
    a.write_text(REPORT, encoding="utf-8")
    b.write_text(REPORT, encoding="utf-8")
    first, second = run_serial([a, b], Config(out_dir=tmp_path / "out")).results
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
