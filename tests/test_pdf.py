"""PDF text layers and every kind of bad PDF: one documents row each, its status and its finding."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from goldcheck import REPO, SHARED

from pipeline.config import Config, OcrMode
from pipeline.read.pdf_child import PdfWorker
from pipeline.result import DocumentResult
from pipeline.run.serial import run_serial
from pipeline.run.worker import ingest_file
from schemas.enums import Form, SourceFormat, Status, TextSource

REALDATA = SHARED / "realdata" / "napatswift_bkk-2022-budget"


def make_pdf(path: Path, texts: list[str], **save: object) -> Path:
    """A PDF with one page per text, each drawn in Helvetica (ASCII text only); a page of no text is a
    scan of an empty sheet (a white image over the page, no text layer), which the OCR step reads."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    sheet = pdf.make_stream(
        b"\xff",
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=1,
        Height=1,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )
    for text in texts:
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(
            Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(Im1=sheet)
        )
        drawn = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET" if text else "q 595 0 0 842 0 0 cm /Im1 Do Q"
        page.Contents = pdf.make_stream(drawn.encode())
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
    path = tmp_path / "junk.pdf"
    path.write_bytes(bytes(range(256)) * 4)
    result = ingest(path)
    assert (result.document.status, codes(result)) == (Status.FAILED, ["not_pdf"])


def test_the_content_decides_the_reader_not_the_name(tmp_path: Path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("รายงานผลการดำเนินงาน ประจำปี 2566", encoding="utf-8")
    text = ingest(notes)
    assert text.document.source_format.value == "txt" and "format_sniffed" in codes(text)
    assert text.pages[0].text.startswith("รายงานผลการดำเนินงาน")
    real = sorted((REPO / "data" / "raw" / "pdf").glob("*.pdf"))[0]
    misnamed = tmp_path / "report.txt"
    misnamed.write_bytes(real.read_bytes())
    renamed, proper = ingest(misnamed), ingest(real)
    assert renamed.document.source_format.value == "pdf" and "format_sniffed" in codes(renamed)
    assert [e.model_dump() for e in renamed.entries] == [e.model_dump() for e in proper.entries]


def test_scanned_pages_without_text_and_ocr_off(tmp_path: Path) -> None:
    result = ingest_file(make_pdf(tmp_path / "scan.pdf", ["", ""]), Config(ocr=OcrMode.NEVER))
    assert result.document.status is Status.FAILED
    assert codes(result) == ["no_text_layer"]
    assert "--ocr never" in result.findings[0].message
    assert len(result.pages) == 2  # the pages are kept


def test_mixed_pdf_with_ocr_off_warns_about_pages_without_text(tmp_path: Path) -> None:
    result = ingest_file(make_pdf(tmp_path / "mixed.pdf", ["typed page", ""]), Config(ocr=OcrMode.NEVER))
    assert codes(result) == ["no_text_layer"]
    assert result.findings[0].severity.value == "warning" and result.findings[0].message.endswith(": 2")


@pytest.mark.skipif(not REALDATA.is_dir(), reason=f"real BMA PDFs are not at {REALDATA}")
def test_real_district_budget_pdf_is_repaired() -> None:
    result = ingest(REALDATA / "65042.pdf")  # Excel 365 export: า written as ำ
    doc = result.document
    assert (doc.n_pages, doc.form, doc.status) == (62, Form.BUDGET, Status.OK)  # a budget document
    qualities = [p.quality for p in result.pages if p.quality is not None]
    assert len(qualities) > 50 and sum(qualities) / len(qualities) > 0.93
    assert "กำรพัฒนำ" in "".join(p.text_raw for p in result.pages)
    assert "การพัฒนา" in "".join(p.text for p in result.pages)
    assert {"dictionary_repair", "space_before_mark"} <= {f.code for f in result.findings}


def make_slow_pdf(path: Path, operations: int = 1_000_000) -> Path:
    """Three pages; the middle one draws a million text snippets, which PDFium takes ~0.7 s to read."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    bodies = [
        b"BT /F1 12 Tf 72 760 Td (first page 2566) Tj ET",
        b"BT /F1 1 Tf 10 10 Td " + b"(ab) Tj 0.01 0 Td " * operations + b"ET",
        b"BT /F1 12 Tf 72 760 Td (third page) Tj ET",
    ]
    for body in bodies:
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(body)
    pdf.save(path)
    return path


def test_page_that_takes_too_long_is_left_empty_and_reading_goes_on(tmp_path: Path) -> None:
    slow = make_slow_pdf(tmp_path / "slow.pdf")
    ok = make_pdf(tmp_path / "after.pdf", ["next file 2567"])
    with PdfWorker(page_timeout=0.1) as worker:
        result = ingest_file(slow, Config(), worker)
        after = ingest_file(ok, Config(), worker)  # the restarted child serves the next file
    assert result.document.status is Status.PARTIAL
    assert codes(result) == ["pdf_page_timeout"]
    finding = next(f for f in result.findings if f.code == "pdf_page_timeout")
    assert finding.severity.value == "error" and finding.message.startswith("page 2:")
    assert [p.text_raw.strip() for p in result.pages] == ["first page 2566", "", "third page"]
    assert after.document.status is not Status.FAILED and after.pages[0].text_raw.strip() == "next file 2567"


def test_same_pdf_without_a_limit_reads_every_page(tmp_path: Path) -> None:
    slow = make_slow_pdf(tmp_path / "slow.pdf", 20_000)
    result = ingest_file(slow, Config(page_timeout_s=None, ocr=OcrMode.NEVER))
    assert len(result.pages) == 3 and result.pages[1].text_raw.strip() == "ab"
    assert codes(result) == ["no_text_layer"]  # two letters are no text layer: it would be OCR'd


def test_a_run_reads_pdfs_through_the_child(tmp_path: Path) -> None:
    files = [make_pdf(tmp_path / f"r{i}.pdf", [f"report {i} page one", "page two"]) for i in range(3)]
    slow = make_slow_pdf(tmp_path / "slow.pdf")
    # the child the time limit ends is started again for the files after the slow one
    config = Config(page_timeout_s=0.1, out_dir=tmp_path / "out")
    results = run_serial([files[0], slow, *files[1:]], config).results
    assert [len(r.pages) for r in results] == [2, 3, 2, 2]
    assert [codes(r) for r in results] == [[], ["pdf_page_timeout"], [], []]
    assert [r.pages[0].text_raw.strip() for r in results] == [
        "report 0 page one",
        "first page 2566",
        "report 1 page one",
        "report 2 page one",
    ]


#: run in a process of its own (one thread, as a pool's worker is): reads a PDF through the child, and
#: prints the child's pid, its open files, the file the parent holds and the pages read
_FORKING = """
import json, os, sys, time
from pathlib import Path
from pipeline.read.pdf_child import PdfWorker, _Forked

held = open(sys.argv[1], "rb")
with PdfWorker(30.0) as worker:
    source = worker.read(Path(sys.argv[1]))
    assert isinstance(worker._proc, _Forked), type(worker._proc)
    pid = worker._proc.pid
    fds = sorted(int(fd) for fd in os.listdir(f"/proc/{pid}/fd"))
    pages = [len(page) for page in source.pages]
    print(json.dumps({"pid": pid, "fds": fds, "held": held.fileno(), "pages": pages}), flush=True)
    if sys.argv[2] == "hang":
        time.sleep(60)
"""


def _forking(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _FORKING, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_single_threaded_process_forks_its_pdf_child_which_keeps_none_of_its_files() -> None:
    """A pool's worker forks its PDF child (no fresh interpreter): the child holds only the standard
    streams and its own socket, not the files of its parent (the pool's pipe, an open PDF)."""
    run = _forking(str(REPO / "data" / "raw" / "pdf" / "kpi_report_chatuchak_fy2565.pdf"), "read")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    said = json.loads(out)
    assert said["pages"] and all(said["pages"])  # every page's text, read by the forked child
    fds = said["fds"]
    assert said["held"] not in fds and len(fds) == 4 and fds[:3] == [0, 1, 2]


def test_a_forked_pdf_child_ends_with_its_parent() -> None:
    """Killed without a word (``kill -9``), the parent closes nothing: the child sees its socket end and
    leaves, not to read PDFs for no one."""
    run = _forking(str(REPO / "data" / "raw" / "pdf" / "kpi_report_chatuchak_fy2565.pdf"), "hang")
    assert run.stdout is not None
    pid = json.loads(run.stdout.readline())["pid"]
    assert Path(f"/proc/{pid}").exists()
    run.kill()
    run.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    """Running: not gone, not a zombie left for whoever reaps orphans here."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status
