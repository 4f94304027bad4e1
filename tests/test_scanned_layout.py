"""The form parsers on text laid out like a scan: long lines wrapped, specks beside cells, a label's
unit or number misread. Each case takes a sample report's text, damages it the way the OCR of its
scan did, and asserts the records stay those of the undamaged text."""

from __future__ import annotations

from pathlib import Path

from parsers.assemble import ParsedDocument, parse_document
from parsers.forms.fields import unwrap
from pipeline.read.sources import read_source

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _parse(name: str, edit: dict[str, str]) -> tuple[ParsedDocument, ParsedDocument]:
    text = "\f".join(read_source(RAW / name).pages)
    damaged = text
    for old, new in edit.items():
        assert old in damaged, old
        damaged = damaged.replace(old, new)
    return parse_document(name, text.split("\f")), parse_document(name, damaged.split("\f"))


def _entries(parsed: ParsedDocument) -> list[tuple[object, ...]]:
    return [
        (e.entry_no, e.report_date, e.quarter, e.progress_pct, e.budget_spent_thb, e.score)
        for e in parsed.entries
    ]


def _codes(parsed: ParsedDocument) -> set[str]:
    return {f.code for f in parsed.findings}


def test_progress_lines_wrapped_and_misread_are_still_bound() -> None:
    clean, scanned = _parse(
        "project_progress_dindaeng_fy2565.txt",
        {
            # wrapped before the amount, as the scan's narrower line does
            "(ครั้งที่ 3) = 0 บาท": "(ครั้งที่ 3) =\n0 บาท",
            # the closing bracket read as a digit: bound by position, with a finding
            "(ครั้งที่ 2) = 0 บาท": "(ครั้งที่ 22= 0 บาท",
            # บาท read as Latin letters; งบ read as two Thai digits
            "(ครั้งที่ 5) = 625,000 บาท": "(ครั้งที่ 5) = 625,000 uM",
            "= 75.00 % งบประมาณที่เบิกใช้": "= 75.00 %๕๒ประมาณที่เบิกใช้",
        },
    )
    assert _entries(scanned) == _entries(clean)
    assert len(clean.entries) == 8
    assert "progress_number_unread" in _codes(scanned) - _codes(clean)
    assert "label_corrupted" in _codes(scanned)
    assert "missing_progress" not in _codes(scanned)


def test_a_report_heading_after_a_table_border_is_found() -> None:
    clean, scanned = _parse(
        "project_progress_drainage_fy2562.txt", {"- รายงานครั้งที่3 ::": "| - รายงานครั้งที่3 ::"}
    )
    assert _entries(scanned) == _entries(clean)


def test_an_unreadable_report_number_never_takes_another_reports_line() -> None:
    """Only a report with no line of its own takes an unnumbered line, and only under its heading."""
    _, scanned = _parse("project_progress_dindaeng_fy2565.txt", {"(ครั้งที่ 2) = 0 บาท": "(ครั้งที่ ?? 0 บาท"})
    got = {e.entry_no: e.progress_pct for e in scanned.entries}
    assert got[2] is None and got[3] == 25.0
    assert "missing_progress" in _codes(scanned)


def test_kpi_header_wrapped_once_and_quarter_rows_with_specks() -> None:
    clean, scanned = _parse(
        "kpi_detail_environment_fy2565.txt",
        {
            "และได้รับการแก้ไขภายในเวลาที่กำหนด : 0701-0815": "และได้รับการแก้ไข\nภายในเวลาที่กำหนด : 0701-0815",
            "\n82.93\n": "\n82.93 ก\n",
            "1\n80.77\n100\n100 / 100": "!\n80.77\n100\n100 / 100 '",
        },
    )
    assert scanned.fields["title"] == clean.fields["title"]
    assert scanned.fields["code"] == clean.fields["code"] == "0701-0815"
    assert _entries(scanned) == _entries(clean)
    assert [e.progress_pct for e in scanned.entries][:2] == [80.77, 82.93]


def test_kpi_report_quarter_heading_without_its_point() -> None:
    clean, scanned = _parse("kpi_report_health_fy2563_cp874.txt", {"(6.2) ไตรมาสที่ 2": "(62) ไตรมาสที่ 2"})
    assert _entries(scanned) == _entries(clean)
    assert 2 in {e.quarter for e in scanned.entries}


def test_unwrap_joins_thai_without_a_space() -> None:
    assert unwrap("ตาม\nเป้าหมาย") == "ตามเป้าหมาย"
    assert unwrap("(Traffy\n Fondue)") == "(Traffy Fondue)"
    assert unwrap("ร้อยละ 80\nของเป้าหมาย") == "ร้อยละ 80 ของเป้าหมาย"
