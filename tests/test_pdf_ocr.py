"""Which PDF pages are OCR'd, what the tables say about them, the cache, and a missing engine.

An engine that returns a fixed page (with word confidences) stands in for tesseract here, so these
tests check the pipeline's decisions exactly; tests/test_ocr.py and tests/test_scans.py run the real
tesseract.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from goldcheck import REPO, SHARED
from test_corpus import cer_bound
from test_pdf import codes, make_pdf

import parsers.document.pages as pages_module
from parsers.document.inputs import PageInput
from parsers.repair.normalize import Normalized
from pipeline.config import Config, OcrMode
from pipeline.errors import ConfigError, ExitCode
from pipeline.ocr import runner as ocr_run
from pipeline.ocr.engine import OcrPage, OcrUnavailable, OcrWord
from pipeline.run.archive import ingest_archive
from pipeline.run.serial import run_serial
from pipeline.run.worker import ingest_file
from schemas.enums import Status, TextSource
from tools.accuracy import agreement

LINES = (
    "ตัวชี้วัดที่ 1.1 ร้อยละของชุมชนที่ได้รับการพัฒนา",
    "ผลการดำเนินงาน ณ วันที่ 28/10/2563 ร้อยละ 70.00",
)
DOUBTFUL = "70.00"  # the engine is unsure of this word


class FixedPage:
    """An OCR engine that reads every page as :data:`LINES`, counting its calls."""

    name = "fixed page"
    calls = 0
    lines = LINES

    def recognize(self, pgm: bytes) -> OcrPage:
        assert pgm.startswith(b"P5\n")  # a grey page image, as tesseract is given
        FixedPage.calls += 1
        text = "\n".join(self.lines)
        words: list[OcrWord] = []
        pos = 0
        for number, line in enumerate(self.lines):
            for word in line.split(" "):
                start = text.index(word, pos)
                confidence = 41.0 if word == DOUBTFUL else 95.0
                words.append(OcrWord(word, confidence, number, start, start + len(word)))
                pos = start + len(word)
        return OcrPage(text, 94.0, tuple(words), self.name)


class NotInstalled:
    name = "missing"

    def __init__(self) -> None:
        raise OcrUnavailable("the engine is not installed: install it like this")

    def recognize(self, pgm: bytes) -> OcrPage:  # pragma: no cover - never constructed
        raise AssertionError


@pytest.fixture(autouse=True)
def engines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ocr_run.ENGINES, "fixed", FixedPage)
    monkeypatch.setitem(ocr_run.ENGINES, "missing", NotInstalled)
    FixedPage.calls = 0
    FixedPage.lines = LINES


def config(tmp_path: Path, **settings: object) -> Config:
    return Config(**{"out_dir": tmp_path / "out", "ocr_engine": "fixed", **settings})


def test_scanned_pages_are_ocrd_with_their_confidence(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "mixed.pdf", ["typed page 2566", ""])
    result = ingest_file(path, config(tmp_path))
    assert [p.text_source for p in result.pages] == [TextSource.TEXT_LAYER, TextSource.OCR]
    assert [p.ocr_confidence for p in result.pages] == [None, 94.0]
    assert result.pages[1].text_raw == "\n".join(LINES)
    assert codes(result) == ["ocr_pages"]
    note = next(f for f in result.findings if f.code == "ocr_pages")
    assert note.message.endswith(": 2") and "fixed page" in note.message
    assert FixedPage.calls == 1  # the typed page was not OCR'd


def test_a_page_is_prepared_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The typed page is prepared (repaired, scored) to decide OCR and kept after it, not prepared again;
    the scanned page is prepared empty, then with its OCR text."""
    prepared: list[tuple[str, str]] = []
    real = pages_module._prepare

    def spy(page: PageInput, *rest: Any) -> tuple[Normalized, float | None]:
        prepared.append((page.source.value, page.raw.split("\n")[0]))
        return real(page, *rest)

    monkeypatch.setattr(pages_module, "_prepare", spy)
    result = ingest_file(make_pdf(tmp_path / "mixed.pdf", ["typed page 2566", ""]), config(tmp_path))
    assert [p.text_source for p in result.pages] == [TextSource.TEXT_LAYER, TextSource.OCR]
    assert prepared == [("text_layer", "typed page 2566"), ("text_layer", ""), ("ocr", LINES[0])]


def test_values_read_by_ocr_carry_the_word_confidence(tmp_path: Path) -> None:
    result = ingest_file(make_pdf(tmp_path / "scan.pdf", [""]), config(tmp_path))
    dates = {d.raw: d for d in result.dates}
    assert dates["วันที่ 28/10/2563"].ocr_confidence == 95.0
    assert str(dates["วันที่ 28/10/2563"].value) == "2020-10-28"
    doubtful = next(m for m in result.metrics if m.value == 70.0)
    assert doubtful.ocr_confidence == 41.0
    low = [f for f in result.findings if f.code == "low_confidence"]
    assert len(low) == 1 and "70.00" in low[0].message and low[0].page == 1
    assert low[0].evidence is not None and "70.00" in low[0].evidence


def test_second_run_takes_ocr_from_the_cache(tmp_path: Path) -> None:
    files = [make_pdf(tmp_path / f"scan{i}.pdf", [""] * (2 + i)) for i in range(2)]  # different bytes
    run1 = run_serial(files, config(tmp_path, ocr_workers=2))
    # the blank pages all render to one image: it is OCR'd once, the other pages share its result
    assert (run1.ocr.pages, run1.ocr.recognized, run1.ocr.from_cache, FixedPage.calls) == (5, 1, 4, 1)
    assert (run1.report.ocr_pages, run1.report.ocr_cached) == (1, 4)
    assert len(list((tmp_path / "out" / "cache" / "ocr").rglob("*.json"))) == 1
    run2 = run_serial(files, config(tmp_path, force=True))  # read again: OCR from the cache
    assert (run2.report.read, run2.ocr.recognized, run2.ocr.from_cache, FixedPage.calls) == (2, 0, 5, 1)
    texts = [[p.text for p in r.pages] for r in run1.results]
    assert [[p.text for p in r.pages] for r in run2.results] == texts


def test_a_single_file_run_writes_no_cache(tmp_path: Path) -> None:
    ingest_file(make_pdf(tmp_path / "scan.pdf", [""]), config(tmp_path))
    assert not (tmp_path / "out").exists()


def test_ocr_never_and_always(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "mixed.pdf", ["typed page 2566", ""])
    never = ingest_file(path, config(tmp_path, ocr=OcrMode.NEVER))
    assert codes(never) == ["no_text_layer"] and FixedPage.calls == 0
    always = ingest_file(path, config(tmp_path, ocr=OcrMode.ALWAYS))
    assert [p.text_source for p in always.pages] == [TextSource.OCR, TextSource.OCR]
    assert FixedPage.calls == 2


def test_poor_text_layer_is_replaced_only_by_better_ocr(tmp_path: Path) -> None:
    # every real page scores below 1.0, so with the bar at 1.0 the page is OCR'd
    path = REPO / "data" / "raw" / "pdf" / "kpi_detail_flat_fy2567.pdf"  # quality 0.987
    FixedPage.lines = ("กขค งจฉ ฮฮฮฮ",)  # no dictionary word in it
    kept = ingest_file(path, config(tmp_path, ocr_below=1.0))
    assert FixedPage.calls == 1 and [p.text_source for p in kept.pages] == [TextSource.TEXT_LAYER]
    note = next(f for f in kept.findings if f.code == "ocr_not_better")
    assert note.severity.value == "info" and "quality 0.99" in note.message
    FixedPage.lines = ("ผลการดำเนินงาน ร้อยละ 70.00",)  # every word in the dictionary: quality 1.0
    replaced = ingest_file(path, config(tmp_path, ocr_below=1.0))
    assert [p.text_source for p in replaced.pages] == [TextSource.OCR]
    assert replaced.pages[0].quality == 1.0 and "ocr_pages" in codes(replaced)


def test_missing_engine_is_a_finding_and_the_run_goes_on(tmp_path: Path) -> None:
    scan = make_pdf(tmp_path / "scan.pdf", ["", ""])
    typed = make_pdf(tmp_path / "typed.pdf", ["typed page 2566"])
    first, second = run_serial([scan, typed], config(tmp_path, ocr_engine="missing")).results
    assert first.document.status is Status.FAILED
    assert codes(first) == ["ocr_unavailable"]
    finding = first.findings[0]
    assert finding.severity.value == "error" and "install it like this" in finding.message
    assert second.document.status is not Status.FAILED


def test_unknown_engine_name_says_which_exist(tmp_path: Path) -> None:
    result = ingest_file(make_pdf(tmp_path / "scan.pdf", [""]), config(tmp_path, ocr_engine="nope"))
    assert codes(result) == ["ocr_unavailable"] and "tesseract" in result.findings[0].message


def test_an_archive_run_with_an_unknown_engine_fails_before_reading_anything(tmp_path: Path) -> None:
    typed = make_pdf(tmp_path / "typed.pdf", ["typed page 2566"])
    with pytest.raises(ConfigError, match="unknown OCR engine 'nope'") as raised:
        ingest_archive([typed], config(tmp_path, ocr_engine="nope"))
    assert raised.value.exit_code == ExitCode.USAGE and "tesseract" in raised.value.hint
    assert not (tmp_path / "out").exists()  # nothing read, nothing written
    # with OCR off, no engine is needed
    report = ingest_archive([typed], config(tmp_path, ocr_engine="nope", ocr=OcrMode.NEVER))
    assert report.summary.documents == 1


VOTE_LOG = SHARED / "realdata" / "wevisdemo_ocr-vote-log"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (make system-deps)")
@pytest.mark.skipif(not VOTE_LOG.is_dir(), reason=f"the vote-log scans are not at {VOTE_LOG}")
def test_real_mixed_pdf_ocrs_the_scan_and_reads_the_born_digital_page(tmp_path: Path) -> None:
    # the first (scanned) and the last (born-digital) page of a House roll-call record
    source = pikepdf.open(VOTE_LOG / "20191008153956A1.pdf")
    mixed = pikepdf.new()
    mixed.pages.extend([source.pages[0], source.pages[14]])
    mixed.save(tmp_path / "mixed.pdf")
    result = ingest_file(tmp_path / "mixed.pdf", Config(out_dir=tmp_path / "out"))
    scan, typed = result.pages
    assert (scan.text_source, typed.text_source) == (TextSource.OCR, TextSource.TEXT_LAYER)
    assert scan.ocr_confidence is not None and scan.ocr_confidence > 80
    assert scan.quality is not None and scan.quality > 0.9
    assert "สัมปทาน" in scan.text and "พรรคประชาธิปัตย์" in scan.text
    header = [d for d in result.dates if d.page == 1 and d.value is not None]
    # "วันที05 เดือน กันยายน พ .ศ . 2562" as tesseract reads it; the dots are joined before dates are read
    assert str(header[0].value) == "2019-09-05" and "2562" in header[0].raw
    assert header[0].ocr_confidence is not None
    assert "นายอัครเดช วงษ์พิทักษ์โรจน์" in typed.text


SCAN = REPO / "data" / "raw" / "scan" / "kpi_detail_flat_fy2567.pdf"  # `make corpus` draws it


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (make system-deps)")
def test_scanned_sample_report_gives_the_records_of_its_text(tmp_path: Path) -> None:
    text = ingest_file(REPO / "data" / "raw" / "kpi_detail_flat_fy2567.txt", Config())
    scan = ingest_file(SCAN, Config(out_dir=tmp_path))
    assert {p.text_source for p in scan.pages} == {TextSource.OCR}
    truth = "".join(p.text for p in text.pages)
    assert cer_bound(truth, "".join(p.text for p in scan.pages)) <= 0.02
    assert cer_bound(truth, "".join(p.text_raw for p in scan.pages)) > 0.03  # the clean-up did that
    found = agreement(text, scan)
    assert found.total >= 30 and found.share >= 0.9, found.misses
    assert scan.document.form is text.document.form and len(scan.entries) == len(text.entries)
    assert all(d.ocr_confidence is not None for d in scan.dates)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (make system-deps)")
def test_an_empty_page_is_not_given_to_tesseract_and_reads_as_it_would(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from pipeline.ocr.render import page_image
    from pipeline.ocr.runner import OcrRunner, make_engine

    path = make_pdf(tmp_path / "blank.pdf", [""])  # a scan of an empty sheet: an image of one grey
    with OcrRunner(300, 1, None, "tesseract") as runner:
        outcomes = runner.ocr(path, [0])
        assert not isinstance(outcomes, str)
        assert (runner.stats.blank, runner.stats.recognized) == (1, 0)
    # what tesseract itself reads from that page's image: the same empty page
    opened = pdfium.PdfDocument(path)
    image = page_image(opened, 0, 300)
    opened.close()
    assert outcomes[0].result == make_engine("tesseract").recognize(image)
    assert outcomes[0].result is not None and outcomes[0].result.text == ""
    # and the document says so, as before
    result = ingest_file(path, Config(out_dir=tmp_path / "out"))
    assert "ocr_no_text" in codes(result)


def test_a_page_that_draws_nothing_but_its_few_characters_is_not_ocrd(tmp_path: Path) -> None:
    """A blank page (no object at all) and a page of dots drawn as text: rendering them shows nothing
    the text layer does not have, so OCR is not asked (it took a second a page). A page with no text
    but an image (a scan) is still OCR'd."""
    import pypdfium2 as pdfium

    from pipeline.read.pdf import read_pdf

    blank = tmp_path / "blank.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(blank)
    pdf.close()
    dots = make_pdf(tmp_path / "dots.pdf", ["typed page 2566", "....."])
    assert read_pdf(blank).layer_only == frozenset({0})
    assert read_pdf(dots).layer_only == frozenset({1})
    for path, texts, severity, status in (
        (blank, [""], "error", Status.FAILED),  # a blank document: failed, and the finding says why
        (dots, ["typed page 2566", "....."], "info", Status.PARTIAL),
    ):
        result = ingest_file(path, config(tmp_path))
        assert [p.text for p in result.pages] == texts
        assert {p.text_source for p in result.pages} == {TextSource.TEXT_LAYER}
        assert [(f.code, f.severity) for f in result.findings if f.stage == "read"] == [
            ("blank_pages", severity)
        ]
        assert result.document.status is status
    assert "blank pages" in next(f.message for f in result.findings if f.code == "blank_pages")
    assert FixedPage.calls == 0
    # a page of no text with an image on it is a scan: OCR'd, as is a typed page whose text is lost
    scan = make_pdf(tmp_path / "scan.pdf", [""])
    assert read_pdf(scan).layer_only == frozenset()
    assert ingest_file(scan, config(tmp_path)).pages[0].text_source == TextSource.OCR
    assert FixedPage.calls == 1
