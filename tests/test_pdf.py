"""PDF text layers and every kind of bad PDF: one documents row each, its status and its finding."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from goldcheck import SHARED

from pipeline.config import Config
from pipeline.ingest import DocumentResult, ingest_file
from schemas.enums import SourceFormat, Status, TextSource

REALDATA = SHARED / "realdata" / "napatswift_bkk-2022-budget"


def make_pdf(path: Path, texts: list[str], **save: object) -> Path:
    """A PDF with one page per text, each drawn in Helvetica (ASCII text only)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for text in texts:
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        drawn = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode() if text else b""
        page.Contents = pdf.make_stream(drawn)
    pdf.save(path, **save)
    return path


def ingest(path: Path) -> DocumentResult:
    return ingest_file(path, Config())


def codes(result: DocumentResult) -> list[str]:
    return [f.code for f in result.findings if f.stage == "read"]


def test_text_layer_pages_are_read(tmp_path: Path) -> None:
    result = ingest(make_pdf(tmp_path / "ok.pdf", ["Report page one 2566", "Page two"]))
    doc = result.document
    assert (doc.source_format, doc.n_pages, doc.form.value) == (SourceFormat.PDF, 2, "unknown")
    assert [p.text_raw.strip() for p in result.pages] == ["Report page one 2566", "Page two"]
    assert {p.text_source for p in result.pages} == {TextSource.TEXT_LAYER}


def test_encrypted_with_a_password_fails_with_advice(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", ["secret"], encryption=pikepdf.Encryption(owner="o", user="u"))
    result = ingest(path)
    assert result.document.status is Status.FAILED
    assert codes(result) == ["pdf_encrypted"]
    assert "qpdf --decrypt" in result.findings[0].message


def test_encrypted_with_empty_user_password_is_read(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "open.pdf", ["readable 2566"], encryption=pikepdf.Encryption(owner="o", user="")
    )
    result = ingest(path)
    assert codes(result) == ["pdf_encrypted_open"]
    assert result.pages[0].text_raw.strip() == "readable 2566"
    assert result.document.status is not Status.FAILED


def test_truncated_pdf_fails(tmp_path: Path) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", ["some text"] * 3).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    result = ingest(cut)
    assert result.document.status is Status.FAILED
    assert codes(result) in (["pdf_damaged"], ["no_text_layer"])


def test_zero_pages_fails(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    pikepdf.new().save(path)
    result = ingest(path)
    assert (result.document.status, codes(result)) == (Status.FAILED, ["pdf_no_pages"])


def test_not_a_pdf_at_all(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("รายงานผลการดำเนินงาน", encoding="utf-8")
    result = ingest(path)
    assert (result.document.status, codes(result)) == (Status.FAILED, ["not_pdf"])


def test_scanned_pages_without_text(tmp_path: Path) -> None:
    result = ingest(make_pdf(tmp_path / "scan.pdf", ["", ""]))
    assert result.document.status is Status.FAILED
    assert codes(result) == ["no_text_layer"]
    assert len(result.pages) == 2  # the pages are kept for OCR


def test_mixed_pdf_warns_about_pages_without_text(tmp_path: Path) -> None:
    result = ingest(make_pdf(tmp_path / "mixed.pdf", ["typed page", ""]))
    assert codes(result) == ["no_text_layer"]
    assert result.findings[0].severity.value == "warning" and "2" in result.findings[0].message


@pytest.mark.skipif(not REALDATA.is_dir(), reason=f"real BMA PDFs are not at {REALDATA}")
def test_real_district_budget_pdf_is_repaired() -> None:
    result = ingest(REALDATA / "65042.pdf")  # Excel 365 export: า written as ำ
    doc = result.document
    assert (doc.n_pages, doc.status) == (62, Status.PARTIAL)  # no report form: kept as unknown
    qualities = [p.quality for p in result.pages if p.quality is not None]
    assert len(qualities) > 50 and sum(qualities) / len(qualities) > 0.93
    assert "กำรพัฒนำ" in "".join(p.text_raw for p in result.pages)
    assert "การพัฒนา" in "".join(p.text for p in result.pages)
    assert {"dictionary_repair", "space_before_mark"} <= {f.code for f in result.findings}
