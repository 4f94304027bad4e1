"""Text layers that lie (parsers/text/layercheck.py, pipeline/read/pdf_pages.py): found, set aside,
read by OCR, and said so — on PDFs built here (tests/lying_pdfs.py) and on the real files of
../shared/realdata."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from goldcheck import REPO, SHARED
from lying_pdfs import (
    clean_thai_pdf,
    full_stop_as_letter_pdf,
    invisible_latin_over_image_pdf,
    mixed_page_pdf,
    no_tounicode_pdf,
)
from test_corpus import cer_bound

from parsers.text.layercheck import Census, ImageBox, LayerFault, PageLook, judge_layer
from parsers.text.linebox import LineBox
from pipeline.config import Config, OcrMode
from pipeline.read.pdf import read_pdf
from pipeline.result import DocumentResult
from pipeline.run.worker import ingest_file
from schemas.enums import DateKind, Severity, Status, TextSource

LINES = (
    "คำแถลงงบประมาณ ประจำปีงบประมาณ พ.ศ. 2561",
    "ข้อ 4.1.2 เงินฝากธนาคาร จำนวน 26,314,566.52 บาท",
    "เงินสะสม จำนวน 19,581,370.28 บาท",
    "แผนพัฒนาการศึกษา พ.ศ. 2560 – 2579 ของสำนักงานเขตบางกะปิ",
    "ท่านประธานสภาฯ และสมาชิกสภาเทศบาลตำบลพอกน้อย",
)
HEADER = ("เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม จังหวัดสกลนคร", "บันทึกข้อความ")
REALDATA = SHARED / "realdata"
AGENCY = REALDATA / "thai-agency-pdfs"
needs_realdata = pytest.mark.skipif(
    not AGENCY.is_dir(), reason=f"the real agency PDFs are not here ({AGENCY}): ../shared is absent"
)


# ------------------------------------------------------------------ the check on text alone


def test_mojibake_of_a_font_without_a_unicode_map_is_a_lie() -> None:
    verdict = judge_layer("ιΕϔλνυϒκϔλόςϔϑϠχϒόσϔάϖΣόςϔϟιϊμϔχηϬϔμχπϏΣλΖϏτ\x11\x15\x18\n" * 3)
    assert verdict is not None and verdict.fault is LayerFault.MOJIBAKE
    assert "Greek or Coptic" in verdict.reason and "control" in verdict.reason


@pytest.mark.parametrize(
    "text",
    [
        "ÊÓ¹Ñ¡§Ò¹à¢µºÒ§¡Ð») ÃÒÂ§Ò¹¼Å¡ÒÃ´Óà¹Ô¹§Ò¹ »ÃÐ¨Ó»Õ§º»ÃÐÁÒ³",  # TIS-620 read as Latin-1
        "Раздел отчёт о выполнении работ за квартал",  # Cyrillic
        "\ue100\ue101\ue102\ue103\ue104\ue105\ue106\ue107\ue108\ue109\ue10a\ue10b" * 3,  # private use
    ],
)
def test_other_wrong_scripts_are_lies(text: str) -> None:
    verdict = judge_layer(text)
    assert verdict is not None and verdict.fault is LayerFault.MOJIBAKE


def test_latin_garbage_of_a_foreign_ocr_is_a_lie() -> None:
    text = "{rufrd\nQo\n'tuYl HH\nt16',] crd9)\nuuun?Jon?13J\na'l1.Jt't % n15 't vru l au lyrfl1,Ja nul15anu"
    verdict = judge_layer(text)
    assert verdict is not None and verdict.fault is LayerFault.GARBAGE


@pytest.mark.parametrize(
    "text",
    [
        "สำนักงานเขตบางกะปิ รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2566 ร้อยละ 85.50",
        # English pages, codes, addresses and units in a Thai report are words, not garbage
        "The Bangkok Metropolitan Administration (BMA) publishes its KPI report at www.bangkok.go.th "
        "every quarter; PM2.5 and CO2 levels, COVID-19 cases, e-LAAS budget data and ISO 9001 audits "
        "are summarised for the Governor's office in Q1/2566.",
        # a damaged but repairable layer: doubled marks, private-use tone glyphs, U+FFFD (national budget)
        "อุุดมศึึกษา สำำ\ufffdนััก ประจำำ\ufffdปีี งบประมาณ ทีÉ ตัÊง \uf70a\uf70b กระทรวงการอุดมศึกษา " * 4,
        "",
        "12",
    ],
)
def test_true_layers_are_not_lies(text: str) -> None:
    assert judge_layer(text) is None


def test_a_header_beside_a_large_image_is_an_image_body() -> None:
    header = "เทศบาลตำบลพอกน้อย บันทึกข้อความ"
    lines = (LineBox(0, len(header), 50, 400, 40, 60),)
    image = ImageBox(0, 100, 595, 842)
    beside = PageLook(595, 842, (image,), text_objects=2, invisible_text_objects=0)
    verdict = judge_layer(header, beside, lines)
    assert verdict is not None and verdict.fault is LayerFault.IMAGE_BODY
    # the same text laid over the image (an OCR layer of a scan) is the image's text: no verdict
    over = (LineBox(0, len(header), 50, 400, 300, 320),)
    assert judge_layer(header, beside, over) is None
    # nor is a page of text with a photo: only a page with little text is looked at
    assert not Census.of(header * 20).wants_look


# ------------------------------------------------------------------ PDFs built here, through the pipeline

Builder = Callable[[Sequence[str]], bytes]


@cache
def _ingested(builder: Builder, mode: OcrMode = OcrMode.AUTO) -> DocumentResult:
    folder = REPO / ".pytest_cache" / "layercheck"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{builder.__name__}.pdf"
    path.write_bytes(builder(LINES))
    return ingest_file(path, Config(ocr=mode, out_dir=folder / "out"))


def _judged(result: DocumentResult, code: str = "text_layer_unusable") -> list[int | None]:
    return [f.page for f in result.findings if f.code == code]


def _text(result: DocumentResult) -> str:
    return "\n".join(p.text for p in result.pages)


@pytest.mark.parametrize(
    ("builder", "reason"),
    [(no_tounicode_pdf, "wrong script"), (invisible_latin_over_image_pdf, "not words")],
)
def test_a_lying_layer_is_read_by_ocr_and_kept_aside(builder: Builder, reason: str) -> None:
    result = _ingested(builder)
    [finding] = [f for f in result.findings if f.code == "text_layer_unusable"]
    assert finding.page == 1 and finding.severity is Severity.INFO and reason in finding.message
    assert "read by OCR" in finding.message
    page = result.pages[0]
    assert page.text_source is TextSource.OCR
    assert page.layer_raw is not None and not re.search("[ก-ฮ]", page.layer_raw)  # the lie, as read
    assert cer_bound("\n".join(LINES), page.text_raw) < 0.08
    assert "26,314,566.52" in page.text and "19,581,370.28" in page.text
    assert any(
        d.kind is DateKind.YEAR and d.value_end is not None and d.value_end.year == 2036 for d in result.dates
    )


def test_with_ocr_off_a_lying_page_is_empty_and_the_finding_says_how_to_read_it() -> None:
    result = _ingested(no_tounicode_pdf, OcrMode.NEVER)
    [finding] = [f for f in result.findings if f.code == "text_layer_unusable"]
    assert finding.severity is Severity.ERROR  # no page has text
    assert "--ocr never" in finding.message and "--ocr auto" in finding.message
    assert result.pages[0].text == "" and result.pages[0].layer_raw
    assert result.document.status is Status.FAILED
    assert not [f for f in result.findings if f.code == "no_text_layer"]  # said once, by the verdict


def test_a_full_stop_written_as_a_letter_is_put_back() -> None:
    result = _ingested(full_stop_as_letter_pdf)
    assert not _judged(result)  # a true layer with one lying glyph: repaired, not replaced
    text = _text(result)
    assert "พศศศ" not in text and "4.1.2" in text and "26,314,566.52" in text
    assert "พศศศ 2560" in result.pages[0].text_raw  # the raw text keeps what the font said
    [repair] = [f for f in result.findings if f.code == "lying_glyph"]
    assert repair.count is not None and repair.count >= 8
    years = [d for d in result.dates if d.kind is DateKind.YEAR]
    assert [(d.value.year, d.value_end.year) for d in years if d.value and d.value_end] == [(2017, 2036)]


def test_a_clean_layer_is_kept_as_it_is() -> None:
    result = _ingested(clean_thai_pdf)
    assert not _judged(result) and not _judged(result, "text_layer_partial")
    assert not [f for f in result.findings if f.code in ("lying_glyph", "ocr_pages")]
    assert result.pages[0].text_source is TextSource.TEXT_LAYER and result.pages[0].layer_raw is None


def _mixed(lines: Sequence[str]) -> bytes:
    return mixed_page_pdf(HEADER, lines)


def test_a_header_over_a_scanned_body_reads_as_its_header_and_the_ocr_of_the_scan() -> None:
    result = _ingested(_mixed)
    [finding] = [f for f in result.findings if f.code == "text_layer_partial"]
    assert finding.page == 1 and finding.severity is Severity.INFO and "read by OCR" in finding.message
    page = result.pages[0]
    assert page.text_source is TextSource.OCR and page.layer_raw is not None
    assert page.text_raw.split("\n")[:2] == list(HEADER)  # the header exactly as the layer has it
    assert cer_bound("\n".join(LINES), "\n".join(page.text_raw.split("\n")[2:])) < 0.08
    assert "26,314,566.52" in page.text


def test_with_ocr_off_a_header_page_keeps_its_header() -> None:
    result = _ingested(_mixed, OcrMode.NEVER)
    [finding] = [f for f in result.findings if f.code == "text_layer_partial"]
    assert finding.severity is Severity.WARNING and "--ocr auto" in finding.message
    assert "บันทึกข้อความ" in result.pages[0].text and result.pages[0].text_source is TextSource.TEXT_LAYER


# ------------------------------------------------------------------ the real files


@needs_realdata
def test_elaas_statement_is_read_by_ocr_with_its_amounts() -> None:
    result = ingest_file(AGENCY / "poknoi_budget_statement_fy2561_elaas_notounicode.pdf", Config())
    assert _judged(result) == [1]
    reference = (AGENCY / "poknoi_budget_statement_fy2561.reference.txt").read_text(encoding="utf-8")
    amounts = re.findall(r"\d{1,3}(?:,\d{3})*\.\d{2}", reference)
    text = _text(result)
    found = [a for a in amounts if a in text]
    assert len(amounts) >= 20 and len(found) >= 0.9 * len(amounts), sorted(set(amounts) - set(found))
    assert result.pages[0].text_source is TextSource.OCR and "ϔ" in (result.pages[0].layer_raw or "")


@needs_realdata
def test_memo_under_a_foreign_ocr_layer_is_read_by_ocr() -> None:
    result = ingest_file(AGENCY / "ktltc_o20_procurement_plan_memo_scan_garbage_ocr.pdf", Config())
    assert _judged(result) == [1, 2, 3]
    text = _text(result)
    assert "บันทึกข้อความ" in text and "วิทยาลัยเทคนิคกันทรลักษ์" in text
    thai_digit_dates = [d for d in result.dates if re.search("[๐-๙]{4}", d.raw)]
    # the memo's date and fiscal year, in Thai digits: tesseract alone reads ๒๕๖๗ as ๒๕๒๐ and ๒๕๖๘ as
    # ๒๕๐๕; re-read from their glyphs (pipeline/ocr/digits.py) they are right
    assert {(d.page, d.value) for d in thai_digit_dates if d.kind is DateKind.DAY} >= {
        (1, date(2024, 10, 22)),
        (2, date(2024, 10, 22)),
    }
    assert {d.fiscal_year_be for d in thai_digit_dates if d.page in (1, 2)} >= {2568}
    assert "ocr_pages" in {f.code for f in result.findings}
    assert "read again from their glyphs" in next(f.message for f in result.findings if f.code == "ocr_pages")
    # a value OCR'd in Thai digits is doubted all the same
    doubted = {(f.page, f.char_start) for f in result.findings if f.code == "ocr_thai_digits"}
    assert all((d.page, d.char_start) in doubted for d in thai_digit_dates)


@needs_realdata
def test_plan_with_a_full_stop_written_as_so_sala_is_repaired() -> None:
    result = ingest_file(AGENCY / "ktltc_o4_education_development_plan_word.pdf", Config(ocr=OcrMode.NEVER))
    text = _text(result)
    assert "พศศศ" not in text and text.count("พ.ศ. 2560 – 2579") >= 3
    spans = {
        (d.value.year, d.value_end.year)
        for d in result.dates
        if d.kind is DateKind.YEAR and d.value and d.value_end
    }
    assert (2017, 2036) in spans and (2022, 2026) in spans  # พ.ศ. 2560 – 2579, (พ.ศ. 2565-2569)
    assert "ศึกษา" in text and "เศรษฐกิจ" in text  # the real letter stays in its words
    assert not _judged(result)


def _real_pdfs() -> list[Path]:
    sets = ("napatswift_bkk-2022-budget", "kaogeek_thailand-budget-pdf2csv", "wevisdemo_ocr-vote-log")
    found = [p for name in sets for p in sorted((REALDATA / name).glob("*.pdf"))]
    others = ("ktltc_o15", "ktltc_o18", "poknoi_price", "ktltc_o4")
    return found + [p for p in sorted(AGENCY.glob("*.pdf")) if p.name.startswith(others)]


@pytest.mark.parametrize(
    "path",
    [*_real_pdfs(), *sorted((REPO / "data" / "raw" / "pdf").glob("*.pdf"))],
    ids=lambda p: p.name,
)
def test_no_true_layer_is_flagged(path: Path) -> None:
    """District and national budget PDFs (damaged but repairable), vote-log scans (no text layer: the
    OCR step reads them) and their one born-digital page, the agency PDFs that read well, the samples."""
    source = read_pdf(path)
    flagged = {i + 1: v.reason for i, v in enumerate(source.verdicts) if v is not None}
    # the plan's cover is an image with an empty text layer: a page without text, no verdict either
    assert flagged == {}


def test_the_run_summary_and_show_list_the_pages_whose_layer_lied(tmp_path: Path) -> None:
    from test_cli import raingan

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "statement.pdf").write_bytes(no_tounicode_pdf(LINES))
    (inputs / "clean.pdf").write_bytes(clean_thai_pdf(LINES))
    run = raingan("ingest", str(inputs), "--out", str(tmp_path / "out"), "--no-progress", "--no-audit")
    assert run.returncode == 0, run.stderr
    noted = [line for line in run.stdout.splitlines() if "text layer not used" in line]
    assert (
        len(noted) == 1
        and "statement.pdf" in noted[0]
        and "page 1: the text layer lied; read by OCR" in noted[0]
    )
    shown = raingan("show", str(inputs / "statement.pdf"))
    assert shown.returncode == 0, shown.stderr
    assert "page 1: the text layer lied; read by OCR" in shown.stdout
    assert "text_layer_unusable" in shown.stdout
