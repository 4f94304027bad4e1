"""The audit report (audit.html): self-contained, escaped, one chart per series, and drawn by a browser."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from pipeline.audit.html import INFO_KEPT, render_audit_html, write_audit_html
from pipeline.audit.svg import ACHIEVED_COLOUR, LINE_COLOUR, SEVERITY_COLOUR
from pipeline.audit.view import AuditView, ShownFinding
from pipeline.errors import OutputError
from schemas.enums import Form, Severity, SourceFormat, Stage, Status
from schemas.records import Document, Finding, KpiHistory

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium hangs or fails on a machine without a network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--window-size=1280,2000",
]
KPI_TITLE = "ความสำเร็จในการเสนอนวัตกรรมการให้บริการของสำนักงานเขต"
PROJECT_TITLE = "โครงการปรับปรุงภูมิทัศน์ริมคลองบางนา"
BANGNA = "สำนักงานเขตบางนา"
SCRIPT = '<script>alert("x")</script>'


def doc_id(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def document(name: str, **fields: object) -> Document:
    return Document(
        doc_id=doc_id(name),
        source_path=f"data/raw/{name}",
        source_format=SourceFormat.TXT,
        parser_version="test",
        **fields,
    )


def history(series_id: str, year_index: int, doc: Document, **fields: object) -> KpiHistory:
    return KpiHistory(
        series_id=series_id,
        match="code",
        series_key=doc.code or "",
        doc_id=doc.doc_id,
        source_path=doc.source_path,
        form=doc.form,
        title=doc.title,
        code=doc.code,
        agency=doc.agency,
        fiscal_year_be=doc.fiscal_year_be,
        fiscal_year_ce=None if doc.fiscal_year_be is None else doc.fiscal_year_be - 543,
        year_index=year_index,
        target_value=doc.target_value,
        target_unit=doc.target_unit,
        achieved_value=doc.achieved_value,
        achieved_unit=doc.achieved_unit,
        **fields,
    )


def shown(
    doc: Document,
    severity: Severity,
    stage: Stage,
    code: str,
    message: str,
    *,
    evidence: str | None = None,
    snippet: str | None = None,
    quarter: int | None = None,
    entry_no: int | None = None,
    page: int | None = None,
) -> ShownFinding:
    finding = Finding(
        doc_id=doc.doc_id,
        entry_no=entry_no,
        stage=stage,
        severity=severity,
        code=code,
        message=message,
        evidence=evidence,
        page=page,
    )
    return ShownFinding(finding, snippet, quarter, doc.fiscal_year_be)


def make_view() -> AuditView:
    kpi = {
        fy: document(
            f"kpi_bangna_fy{fy}.txt",
            form=Form.KPI_REPORT,
            status=Status.OK,
            title=KPI_TITLE,
            code="0406-0772",
            agency=BANGNA,
            fiscal_year_be=fy,
            target_value=80.0,
            target_unit="%",
            achieved_value=achieved,
            achieved_unit="%",
        )
        for fy, achieved in ((2564, 85.0), (2565, 72.5), (2566, 100.0))
    }
    project = document(
        "project_khlong_fy2566.txt",
        form=Form.PROJECT_PROGRESS,
        status=Status.PARTIAL,
        title=PROJECT_TITLE,
        code="50470000-3430",
        agency=BANGNA,
        fiscal_year_be=2566,
        target_value=100.0,
        target_unit="%",
        achieved_value=60.0,
        achieved_unit="%",
    )
    loose = document("scan_unknown.html", form=Form.UNKNOWN, status=Status.FAILED)
    quarters = {
        2564: (20.0, 45.0, 70.0, 85.0),
        2565: (25.0, None, 40.0, 72.5),  # Q2 missing: a gap in the line; Q3 falls back
        2566: (30.0, 55.0, 80.0, 100.0),
    }
    rows = [
        history(
            "kpi:0406-0772",
            i + 1,
            kpi[fy],
            q1_progress=q[0],
            q2_progress=q[1],
            q3_progress=q[2],
            q4_progress=q[3],
            final_progress=q[3],
        )
        for i, (fy, q) in enumerate(quarters.items())
    ]
    rows.append(history("project:50470000-3430", 1, project))
    page_text = "ไตรมาสที่ 3 ผลการดำเนินงาน ร้อยละ 40 ต่ำกว่าไตรมาสก่อน (ร้อยละ 45) เป็นไปตามแผน"
    findings = [
        shown(kpi[2566], Severity.ERROR, Stage.AUDIT, "final_mismatch", "ผลงานที่ทำได้ 100% but the last "
              "progress reported is 80%", evidence="100 / 80", quarter=None),
        shown(kpi[2565], Severity.WARNING, Stage.AUDIT, "progress_down", "progress falls from Q1 to Q3",
              evidence="ร้อยละ 40", snippet=page_text, quarter=3, entry_no=3, page=1),
        shown(kpi[2564], Severity.INFO, Stage.PARSE, "ambiguous_order", "วันที่ 05/03/2564 could be day-first",
              evidence="05/03/2564", snippet="รายงาน ณ วันที่ 05/03/2564 ผลการดำเนินงาน", quarter=2,
              entry_no=2, page=1),
        shown(project, Severity.WARNING, Stage.AUDIT, "target_scale", "achieved 60% of a 100% target",
              evidence="60 < 100"),
        shown(loose, Severity.ERROR, Stage.READ, "no_visible_text", "a web page with markup but no text",
              evidence=SCRIPT, snippet=f"<html><body>{SCRIPT}</body></html>", page=1),
        shown(loose, Severity.INFO, Stage.NORMALIZE, "sara_am_aa", "SARA AM followed by a stray SARA AA",
              evidence="ดำารง", snippet="นายดำารง ใจดี ผู้อำนวยการเขต", page=1),
    ]  # fmt: skip
    return AuditView(
        documents=[*kpi.values(), project, loose],
        history=rows,
        findings=findings,
        out_dir="data/out",
        generated_at="2024-05-01T03:04:05Z",
        counts={"documents": 5, "entries": 42},
    )


VIEW = make_view()
N_SERIES = len({r.series_id for r in VIEW.history})


def count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text))


def test_report_is_self_contained_and_escaped() -> None:
    page = render_audit_html(VIEW, "en")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page and '<meta charset="utf-8">' in page
    assert '<html lang="th">' in render_audit_html(VIEW)  # Thai by default
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"""\b(src|href)\s*=\s*(?!["']?#)""", page), "only in-page links"
    assert "@import" not in page and "url(" not in page
    assert count(r'<svg class="chart" data-series="', page) == N_SERIES
    assert count(r'data-series="kpi:0406-0772"', page) == 1
    assert count(r'class="finding"', page) == len(VIEW.findings)
    assert KPI_TITLE in page and PROJECT_TITLE in page and BANGNA in page
    assert "นาย<mark>ดำารง</mark> ใจดี" in page  # Thai unchanged, the evidence marked
    assert SCRIPT not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<mark>ร้อยละ 40</mark>" in page
    # the page's own script and data, inline: nothing is loaded from anywhere
    assert count("<script", page) == 2 and '<script type="application/json" id="data">' in page
    for label in ("2564", "2565", "2566", "Q4", "(agency not stated)", "data/out", "final_mismatch"):
        assert label in page


def test_summary_counts_by_agency() -> None:
    page = render_audit_html(VIEW, "en")
    row = re.search(rf"<tr [^>]*><td>{BANGNA}</td>(.*?)</tr>", page)
    assert row is not None
    assert re.findall(r">([\d,]+)</td>", row.group(1)) == ["4", "1", "2", "1"]  # documents, e/w/i
    total = re.search(r"<tfoot><tr><td>total</td>(.*?)</tr>", page)
    assert total is not None and re.findall(r">([\d,]+)</td>", total.group(1)) == ["5", "2", "2", "2"]


def test_series_worst_first_and_findings_on_charts() -> None:
    page = render_audit_html(VIEW)
    assert page.index('data-series="kpi:0406-0772"') < page.index('data-series="project:50470000-3430"')
    kpi_chart = re.search(r'<svg class="chart" data-series="kpi:0406-0772".*?</svg>', page)
    assert kpi_chart is not None
    chart = kpi_chart.group(0)
    assert count('class="fmark"', chart) == 3  # the loose document's findings are not on any chart
    assert count('class="achieved"', chart) == 3
    assert count('class="progress"', chart) == 3  # one per year, 2565 broken at its missing Q2
    assert count('class="carry"', chart) == 2  # Q4 to the next Q1
    assert "progress_down: progress falls from Q1 to Q3" in chart


def test_empty_output_and_odd_values() -> None:
    empty = render_audit_html(AuditView([], [], [], "out", "2024-05-01T00:00:00Z"), "en")
    assert count('class="chart"', empty) == 0 and empty.count("No findings.") == 2  # list, code table

    doc = document(
        "people.txt",
        form=Form.KPI_DETAIL,
        status=Status.OK,
        title="จำนวนผู้เข้าร่วมโครงการ",
        target_value=5_000.0,
        target_unit="คน",  # another scale than the progress: drawn on a chart of its own
        achieved_value=4_250.0,
        achieved_unit="ราย",
    )
    odd = history(
        'title:"<จำนวน>"&',
        1,
        doc,
        q1_progress=float("nan"),
        q2_progress=-5.0,
        q3_progress=130.0,
        q4_progress=None,
    )
    findings = [shown(doc, Severity.WARNING, Stage.AUDIT, "period_mismatch", "quarter 7", quarter=7)]
    page = render_audit_html(AuditView([doc], [odd], findings, "out", "now"))
    # progress (a percentage), the target in คน and the result in ราย: a chart each, never one axis
    units = re.findall(r'data-series="title:&quot;&lt;จำนวน&gt;&quot;&amp;" data-unit="([^"]+)"', page)
    assert units == ["%", "คน", "ราย"]
    chart = re.search(r'<svg class="chart".*?</svg>', page)
    assert chart is not None
    assert 'class="target"' not in chart.group(0) and "5,000 คน" in page
    assert count('class="fmark"', chart.group(0)) == 1  # an impossible quarter: at the year's start
    assert "nan" not in chart.group(0).lower()
    result = re.search(r'<svg class="chart"[^>]*data-unit="ราย".*?</svg>', page)
    assert result is not None and ">4,000<" in result.group(0)  # the result's own axis reaches it


def test_many_findings_keep_errors_and_warnings(tmp_path: Path) -> None:
    doc = VIEW.documents[-1]
    many = [shown(doc, Severity.INFO, Stage.NORMALIZE, "nfc", f"repair {i}") for i in range(5_200)]
    many += [shown(doc, Severity.WARNING, Stage.PARSE, "status_missing", f"line {i}") for i in range(300)]
    view = AuditView(VIEW.documents, VIEW.history, many, "out", "2024-05-01T00:00:00Z")
    path = write_audit_html(view, tmp_path / "audit.html", "en")
    page = path.read_text(encoding="utf-8")
    assert count(r'class="finding"', page) == INFO_KEPT + 300
    assert f"{5_200 - INFO_KEPT:,} info findings are not listed here" in page
    assert [p.name for p in tmp_path.iterdir()] == ["audit.html"]  # no temporary file left


def run_chromium(args: list[str], profile: Path, timeout: float = 120) -> str:
    """Run headless chromium in its own process group, killed whole if it outlives the timeout."""
    command = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
    assert proc.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    return out.decode("utf-8")


def near(pixel: tuple[int, ...], colour: str, tolerance: int = 30) -> bool:
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True))


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (Debian package chromium)")
def test_chromium_draws_the_report(tmp_path: Path) -> None:
    path = write_audit_html(VIEW, tmp_path / "audit.html")
    url = path.resolve().as_uri()
    png = tmp_path / "audit.png"
    run_chromium([f"--screenshot={png}", url], tmp_path / "profile-shot")
    dom = run_chromium(["--dump-dom", url], tmp_path / "profile-dom")
    assert count(r'<svg class="chart"', dom) == N_SERIES
    assert count(r'class="finding"', dom) == len(VIEW.findings)
    assert KPI_TITLE in dom

    with Image.open(png) as image:
        rgb = image.convert("RGB")
    assert rgb.size == (1280, 2000)
    counted = rgb.getcolors(maxcolors=1 << 24)
    assert counted is not None
    colours = [(n, c) for n, c in counted if isinstance(c, tuple)]
    assert len(colours) > 50
    background = max(colours)[0]
    drawn = sum(n for n, _ in colours) - background
    assert drawn > 0.05 * rgb.width * rgb.height, "the page is (nearly) blank"
    for colour in (LINE_COLOUR, ACHIEVED_COLOUR, SEVERITY_COLOUR[Severity.ERROR]):
        assert sum(n for n, c in colours if near(c, colour)) > 30, f"nothing drawn in {colour}"


def test_a_full_disk_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pipeline.audit.html.os.replace", full)
    with pytest.raises(OutputError, match="No space left on device") as raised:
        write_audit_html(make_view(), tmp_path / "audit.html")
    assert raised.value.exit_code == 4 and "raingan audit" in raised.value.hint
    assert list(tmp_path.iterdir()) == []  # the half-written temporary file is gone
