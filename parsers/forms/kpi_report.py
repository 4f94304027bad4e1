"""Form A — the KPI report form (แบบรายงานตัวชี้วัด, sections 1–9).

Seen in two entry styles: dated monthly entries under each quarter heading
(``(6.1) ไตรมาสที่ 1 : 28/10/2563 : …`` then ``30/11/2563 : …`` on later lines), or one undated
narrative per quarter (``(6.2) ไตรมาสที่ 2 : ทดลองใช้ระบบ…``).
"""

from __future__ import annotations

import regex

from parsers.doctext import DocText
from parsers.fields import NUMBER, count_signals, number_field, text_field
from parsers.forms.base import EntryDraft, FormResult, Issue
from parsers.forms.entries import entry_body, entry_dates
from schemas.enums import Form, Severity

SIGNALS = tuple(
    regex.compile(p)
    for p in (
        r"ชื่อตัวชี้วัด[ \t]*:",
        r"ระดับความสำเร็จ[ \t]*:",
        r"รายงานผลการดำเนินงาน[ \t]*\(รายไตรมาส\)",
        r"\(6\.[1-4]\)[ \t]*ไตรมาสที่",
        r"ผลงานที่ทำได้[ \t]*=",
        r"สรุปผลการดำเนินงาน[ \t]*\(ปลายปีงบประมาณ\)",
    )
)

TITLE = regex.compile(r"ชื่อตัวชี้วัด[ \t]*:[ \t]*(?P<v>[^\n]*)")
TARGET = regex.compile(rf"เป้าหมาย[ \t]*:[ \t]*(?P<n>{NUMBER})[ \t]*(?P<u>\([^)\n]{{1,20}}\))?")
ACHIEVED = regex.compile(rf"ผลงานที่ทำได้[ \t]*=[ \t]*(?P<n>{NUMBER})[ \t]*(?P<u>\([^)\n]{{1,20}}\))?")
SECTION_6 = regex.compile(r"(?m)^[ \t]*6\.[ \t]*รายงานผลการดำเนินงาน[^\n]*")
# "(6.2)" is also seen as "(62)": an OCR lost the point
QUARTER = regex.compile(r"\((?:6\.?)?(?P<n>[1-4])\)[ \t]*ไตรมาสที่[ \t]*(?P<q>[1-4])[ \t]*:?")
SECTION_END = regex.compile(r"\(6\.5\)|(?m)^[ \t]*[7-9]\.[ \t]*[ก-ฮ]")


class KpiReportParser:
    form = Form.KPI_REPORT

    def detect(self, text: str) -> int:
        return count_signals(text, SIGNALS)

    def parse(self, doc: DocText) -> FormResult:
        text = doc.text
        result = FormResult(form=self.form)
        result.title = text_field(text, TITLE)
        result.target = number_field(text, TARGET, "target")
        result.achieved = number_field(text, ACHIEVED, "achieved")
        if result.title is None:
            result.issues.append(Issue("missing_field", Severity.WARNING, "no KPI name (1. ชื่อตัวชี้วัด :) found"))
        section = SECTION_6.search(text)
        begin = section.end() if section else 0
        end_match = SECTION_END.search(text, begin)
        end = end_match.start() if end_match else len(text)
        headings = list(QUARTER.finditer(text, begin, end))
        for i, heading in enumerate(headings):
            block_end = headings[i + 1].start() if i + 1 < len(headings) else end
            quarter = int(heading.group("q"))
            if heading.group("n") != heading.group("q"):
                result.issues.append(
                    Issue(
                        "heading_mismatch",
                        Severity.WARNING,
                        f"section ({heading.group('n')}) is headed quarter {quarter}",
                        heading.start(),
                        heading.end(),
                    )
                )
            result.entries.extend(_quarter_entries(text, heading.start(), heading.end(), block_end, quarter))
        if not result.entries:
            result.issues.append(
                Issue(
                    "no_entries", Severity.WARNING, "no quarterly report (ไตรมาสที่ 1–4) found under section 6"
                )
            )
        return result


def _quarter_entries(text: str, head_start: int, body_start: int, end: int, quarter: int) -> list[EntryDraft]:
    """Dated entries of one quarter block, or one undated narrative when it has no entry dates."""
    stamps = entry_dates(text, body_start, end)
    if not stamps:
        body = entry_body(text, body_start, end)
        if not body:
            return []
        return [EntryDraft(head_start, _trim_end(text, end), body, quarter, "heading")]
    drafts = []
    for j, stamp in enumerate(stamps):
        a, b = body_start + stamp.start, body_start + stamp.end
        next_start = body_start + stamps[j + 1].start if j + 1 < len(stamps) else end
        start = head_start if j == 0 else a
        drafts.append(
            EntryDraft(
                start,
                _trim_end(text, next_start),
                entry_body(text, b, next_start),
                quarter,
                "heading",
                date_start=a,
                date_end=b,
            )
        )
    return drafts


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t\n\f/":
        end -= 1
    return end


PARSER = KpiReportParser()
