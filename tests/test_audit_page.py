"""audit.html in a real browser (Chromium, driven by Playwright): a generated archive of 500 KPI and
project series and 2,000 findings opens in under 2 seconds; the search and the filters by agency, fiscal
year, code and severity hide whole cards and change every count; summary rows filter; tables sort; at
1,024 pixels nothing scrolls sideways; Thai by default, English on request, dates in the Buddhist Era."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_audit_html import CHROMIUM, CHROMIUM_FLAGS

from pipeline.audit.html import write_audit_html
from pipeline.audit.registry import AUDIT_SEVERITY
from pipeline.audit.view import AuditView, ShownFinding
from pipeline.audit.words import GLOSSARY_TH
from schemas.codes import FindingCode
from schemas.enums import Form, SourceFormat, Stage, Status
from schemas.records import Document, Finding, KpiHistory

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency (make venv)")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (Debian chromium)"
)
#: the report's Chromium flags (a closed network: no background connections), but those Playwright sets
FLAGS = [f for f in CHROMIUM_FLAGS if not f.startswith(("--headless", "--window-size"))]
AGENCIES = ["สำนักงานเขตบางนา", "สำนักงานเขตดินแดง", "สำนักการระบายน้ำ", "สำนักการโยธา", None]
YEARS = (2565, 2566)
SERIES = 500
FINDINGS = 2_000
CODES = [
    FindingCode.PROGRESS_DOWN,
    FindingCode.PERIOD_MISMATCH,
    FindingCode.DUPLICATE_ENTRY,
    FindingCode.TEXT_REPAIRED,
    FindingCode.KPI_MISSING_YEAR,
]


def _id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def archive_view() -> AuditView:
    """500 series of two fiscal years each (one in ten without a title), 2,000 findings over them."""
    documents: list[Document] = []
    history: list[KpiHistory] = []
    for s in range(SERIES):
        agency = AGENCIES[s % len(AGENCIES)]
        title = None if s % 10 == 9 else f"ร้อยละของงานที่แล้วเสร็จตามแผน ชุดที่ {s}"
        for i, fy in enumerate(YEARS):
            name = f"kpi_{s:03d}_fy{fy}.txt"
            doc = Document(
                doc_id=_id(name),
                source_path=f"archive/{fy}/{name}",
                source_format=SourceFormat.TXT,
                form=Form.KPI_REPORT,
                status=Status.OK,
                title=title,
                code=f"{s:04d}-0001",
                agency=agency,
                fiscal_year_be=fy,
                target_value=80.0,
                target_unit="%",
                achieved_value=70.0 + (s % 30),
                achieved_unit="%",
                parser_version="test",
            )
            documents.append(doc)
            history.append(
                KpiHistory(
                    series_id=f"series{s:03d}",
                    match="code",
                    series_key=doc.code or "",
                    doc_id=doc.doc_id,
                    source_path=doc.source_path,
                    form=doc.form,
                    title=title,
                    code=doc.code,
                    agency=agency,
                    fiscal_year_be=fy,
                    fiscal_year_ce=fy - 543,
                    year_index=i + 1,
                    target_value=None if s % 7 == 0 else 80.0,
                    target_unit="%",
                    achieved_value=None if s % 7 == 0 else doc.achieved_value,  # nothing to chart
                    achieved_unit="%",
                    q1_progress=None if s % 7 == 0 else 20.0,
                    q2_progress=None if s % 7 == 0 else 45.0,
                    q4_progress=None if s % 7 == 0 else doc.achieved_value,
                    final_progress=None if s % 7 == 0 else doc.achieved_value,
                )
            )
    findings = []
    for n in range(FINDINGS):
        doc = documents[(n * 7) % len(documents)]
        code = CODES[n % len(CODES)]
        finding = Finding(
            doc_id=doc.doc_id,
            stage=Stage.AUDIT,
            severity=AUDIT_SEVERITY[code],
            code=code,
            message=f"finding {n}: the report of 2022-10-01 says so",
            evidence=f"หลักฐาน {n}",
            page=1,
        )
        findings.append(ShownFinding(finding, f"ข้อความรอบ หลักฐาน {n} ในหน้า", 1, doc.fiscal_year_be))
    return AuditView(documents, history, findings, "archive/out", "2024-05-01T08:00:00+00:00")


VIEW = archive_view()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_audit_html(VIEW, tmp_path_factory.mktemp("page") / "audit.html")


def open_page(browser: object, path: Path, width: int = 1024) -> tuple[object, float]:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("document.getElementById('n-shown') !== null")
    seconds = time.perf_counter() - started
    assert not errors, errors
    return page, seconds


def visible(page: object, selector: str) -> int:
    return int(page.evaluate(f"document.querySelectorAll('{selector}:not([hidden])').length"))  # type: ignore[attr-defined]


def number(page: object, selector: str) -> int:
    return int(page.inner_text(selector).replace(",", ""))  # type: ignore[attr-defined]


def test_opens_fast_and_fits_1024_pixels(browser: object, report: Path, tmp_path: Path) -> None:
    page, seconds = open_page(browser, report)
    assert seconds < 2.0, f"audit.html with {FINDINGS:,} findings took {seconds:.2f} s to open"
    assert visible(page, "article.finding") == FINDINGS
    assert visible(page, "section.series") == SERIES
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")  # type: ignore[attr-defined]
    assert width[0] <= width[1], f"sideways scroll at 1,024 px: {width}"
    # nor do the summary tables inside their cards: every column is in view
    inner = page.evaluate(  # type: ignore[attr-defined]
        "Array.from(document.querySelectorAll('#summary .scroll')).map(s => s.scrollWidth - s.clientWidth)"
    )
    assert inner == [0, 0], inner
    shot = tmp_path / "audit-1024.png"
    page.screenshot(path=str(shot))  # type: ignore[attr-defined]
    assert shot.stat().st_size > 20_000
    # untitled series are named by their file, never by their id; no empty chart boxes
    toc = page.inner_text("nav.toc")  # type: ignore[attr-defined]
    assert "series009" not in page.inner_text("body") and "kpi_009_fy2566.txt" in toc  # type: ignore[attr-defined]
    charts = page.evaluate("document.querySelectorAll('svg.chart').length")  # type: ignore[attr-defined]
    assert charts == SERIES - len({s for s in range(SERIES) if s % 7 == 0})
    page.close()  # type: ignore[attr-defined]


def test_filters_hide_whole_cards_and_update_every_count(browser: object, report: Path) -> None:
    page, _ = open_page(browser, report)
    agency = AGENCIES[1]
    assert agency is not None
    page.select_option("#f-agency", agency)  # type: ignore[attr-defined]
    mine = [
        s
        for s in VIEW.findings
        if s.finding.doc_id in {d.doc_id for d in VIEW.documents if d.agency == agency}
    ]
    assert (
        number(page, "#n-shown")
        == number(page, "#n-findings")
        == visible(page, "article.finding")
        == len(mine)
    )
    # no document card is left without a card inside it
    assert page.evaluate(  # type: ignore[attr-defined]
        "Array.from(document.querySelectorAll('section.docf:not([hidden])'))"
        ".every(d => d.querySelector('article.finding:not([hidden])'))"
    )
    docs = sum(1 for d in VIEW.documents if d.agency == agency)
    assert number(page, '.tile b[data-k="d:*"]') == docs
    by_severity = Counter(s.finding.severity.value for s in mine)
    for severity in ("error", "warning", "info"):
        assert number(page, f'.tile b[data-k="s:{severity}"]') == by_severity[severity]
    assert number(page, "#n-series") == visible(page, "section.series") == SERIES // len(AGENCIES)
    # the fiscal year too, then a code
    page.select_option("#f-fy", "2566")  # type: ignore[attr-defined]
    both = [s for s in mine if s.fiscal_year_be == 2566]
    assert number(page, "#n-shown") == len(both)
    code = Counter(s.finding.code for s in both).most_common(1)[0][0]
    page.select_option("#f-code", str(code))  # type: ignore[attr-defined]
    coded = [s for s in both if s.finding.code == code]
    assert number(page, "#n-shown") == visible(page, "article.finding") == len(coded) > 0
    assert number(page, f'td[data-k="c:{code}"]') == len(coded)
    # a severity unticked
    page.click("#reset")  # type: ignore[attr-defined]
    assert number(page, "#n-shown") == FINDINGS
    page.uncheck("#show-warning")  # type: ignore[attr-defined]
    warnings = sum(1 for s in VIEW.findings if s.finding.severity.value == "warning")
    assert number(page, "#n-shown") == FINDINGS - warnings
    assert number(page, '.tile b[data-k="s:warning"]') == 0
    page.close()  # type: ignore[attr-defined]


def test_search_and_summary_rows(browser: object, report: Path) -> None:
    page, _ = open_page(browser, report)
    page.fill("#q", "หลักฐาน 1234 ")  # type: ignore[attr-defined]
    assert number(page, "#n-shown") == 1
    page.fill("#q", "kpi_003_fy2565.txt")  # type: ignore[attr-defined]
    expected = sum(1 for s in VIEW.findings if s.finding.doc_id == _id("kpi_003_fy2565.txt"))
    assert number(page, "#n-shown") == expected
    page.fill("#q", "ไม่มีคำนี้ในรายงาน")  # type: ignore[attr-defined]
    assert number(page, "#n-shown") == 0 and visible(page, "#nothing") == 1
    page.click("#reset")  # type: ignore[attr-defined]
    # a row of the code table filters by its code; again, and the filter is off
    code = FindingCode.DUPLICATE_ENTRY
    page.click(f'#t-code tr[data-code="{code}"]')  # type: ignore[attr-defined]
    assert page.input_value("#f-code") == code  # type: ignore[attr-defined]
    assert number(page, "#n-shown") == sum(1 for s in VIEW.findings if s.finding.code == code)
    page.click(f'#t-code tr[data-code="{code}"]')  # type: ignore[attr-defined]
    assert number(page, "#n-shown") == FINDINGS
    # the agency table sorts by a column
    page.click("#t-agency thead th:nth-child(2)")  # type: ignore[attr-defined]
    counts = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#t-agency tbody tr td:nth-child(2)",
        "cells => cells.map(c => parseInt(c.textContent.replace(/,/g, '')))",
    )
    assert counts == sorted(counts, reverse=True)
    page.close()  # type: ignore[attr-defined]


def test_thai_by_default_english_on_request(browser: object, tmp_path: Path) -> None:
    thai = write_audit_html(VIEW, tmp_path / "th.html")
    english = write_audit_html(VIEW, tmp_path / "en.html", "en")
    page, _ = open_page(browser, thai)
    assert page.inner_text("h1") == "รายงานการตรวจสอบ raingan"  # type: ignore[attr-defined]
    card = page.text_content("article.finding")  # type: ignore[attr-defined]
    assert "1 ต.ค. 2565 (2022-10-01)" in card  # a date in the Buddhist Era, the CE date beside
    assert GLOSSARY_TH[FindingCode(page.get_attribute("article.finding", "data-code"))] in card  # type: ignore[attr-defined]
    glossary = page.text_content("#glossary")  # type: ignore[attr-defined]
    for code in AUDIT_SEVERITY:
        assert code in glossary and GLOSSARY_TH[code] in glossary
    page.close()  # type: ignore[attr-defined]
    page, _ = open_page(browser, english)
    assert page.inner_text("h1") == "raingan audit"  # type: ignore[attr-defined]
    assert "2022-10-01" in page.text_content("article.finding")  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.lang") == "en"  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]
