"""Form A — the KPI report form (แบบรายงานตัวชี้วัด, sections 1–9).

Seen in two entry styles: dated monthly entries under each quarter heading
(``(6.1) ไตรมาสที่ 1 : 28/10/2563 : …`` then ``30/11/2563 : …`` on later lines), or one undated
narrative per quarter (``(6.2) ไตรมาสที่ 2 : ทดลองใช้ระบบ…``).
"""

from __future__ import annotations

import regex

from parsers.document.doctext import DocText
from parsers.document.labels import Label, LabelTable, heading
from parsers.forms.base import EntryDraft, FormResult
from parsers.forms.entries import entry_body, entry_dates
from parsers.forms.fields import AS_NUMBER, AS_TEXT, FieldContext, FieldSpec, LabelledForm
from parsers.forms.issue import Issue
from schemas.codes import FindingCode
from schemas.enums import Form, Severity

LABELS = LabelTable(
    [
        Label("title", ("ชื่อตัวชี้วัด",), signal=True),
        Label("level", ("ระดับความสำเร็จ",), signal=True),
        heading("plan", "สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี"),
        Label("strategy", ("ประเด็นยุทธศาสตร์", "ประเด็นยุทธฯ")),
        Label("sub_strategy", ("ย่อย",), line_start=True),
        Label("goal", ("เป้าประสงค์ที่", "เป้าประสงค์")),
        Label("definition", ("คำนิยาม",)),
        Label("method", ("วิธีการคำนวณ",)),
        Label("target", ("เป้าหมาย",), unit_after=True),
        Label("achieved", ("ผลงานที่ทำได้",), unit_after=True),
        Label("section_6", ("รายงานผลการดำเนินงาน (รายไตรมาส)",), signal=True),
        heading("quarter", "ไตรมาสที่", signal=True),
        Label("summary", ("สรุปผลการดำเนินงาน (ปลายปีงบประมาณ)",), signal=True),
        Label("support", ("ปัจจัยสนับสนุนการดำเนินงาน",)),
        Label("obstacles", ("อุปสรรคต่อการดำเนินงาน",)),
        Label("evidence", ("หลักฐานอ้างอิง",)),
        heading("signature", "ลงชื่อ"),
    ]
)
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", AS_TEXT, required=True, what="the KPI name (1. ชื่อตัวชี้วัด)"),
    FieldSpec("target", AS_NUMBER, required=True, what="the target (5. เป้าหมาย)"),
    FieldSpec("achieved", AS_NUMBER, required=True, what="the result (ผลงานที่ทำได้)"),
)

SECTION_6 = regex.compile(r"(?m)^[ \t]*6\.[ \t]*รายงานผลการดำเนินงาน[^\n]*")
# "(6.2)" is also seen as "(62)": an OCR lost the point
QUARTER = regex.compile(r"\((?:6\.?)?(?P<n>[1-4])\)[ \t]*ไตรมาสที่[ \t]*(?P<q>[1-4])[ \t]*:?")
SECTION_END = regex.compile(r"\(6\.5\)|(?m)^[ \t]*[7-9]\.[ \t]*[ก-ฮ]")


class KpiReportParser(LabelledForm):
    form = Form.KPI_REPORT
    labels = LABELS
    fields = FIELDS

    def parse(self, doc: DocText) -> FormResult:
        text = doc.text
        result = self.read(FieldContext(text, LABELS))
        section = SECTION_6.search(text)
        begin = section.end() if section else 0
        end_match = SECTION_END.search(text, begin)
        end = end_match.start() if end_match else len(text)
        headings = list(QUARTER.finditer(text, begin, end))
        for i, head in enumerate(headings):
            block_end = headings[i + 1].start() if i + 1 < len(headings) else end
            quarter = int(head.group("q"))
            if head.group("n") != head.group("q"):
                result.issues.append(
                    Issue(
                        FindingCode.HEADING_MISMATCH,
                        Severity.WARNING,
                        f"section ({head.group('n')}) is headed quarter {quarter}",
                        head.start(),
                        head.end(),
                    )
                )
            result.entries.extend(_quarter_entries(doc, head.start(), head.end(), block_end, quarter))
        if not result.entries:
            result.issues.append(
                Issue(
                    FindingCode.NO_ENTRIES,
                    Severity.WARNING,
                    "no quarterly report (ไตรมาสที่ 1–4) found under section 6",
                )
            )
        return result


def _quarter_entries(
    doc: DocText, head_start: int, body_start: int, end: int, quarter: int
) -> list[EntryDraft]:
    """Dated entries of one quarter block, or one undated narrative when it has no entry dates."""
    text = doc.text
    stamps = entry_dates(doc, body_start, end)
    if not stamps:
        body = entry_body(text, body_start, end)
        if not body:
            return []
        return [EntryDraft(head_start, _trim_end(text, end), body, quarter, "heading")]
    drafts = []
    for j, stamp in enumerate(stamps):
        a, b = stamp.start, stamp.end
        next_start = stamps[j + 1].start if j + 1 < len(stamps) else end
        start = head_start if j == 0 else a
        drafts.append(
            EntryDraft(
                start,
                _trim_end(text, next_start),
                entry_body(text, b, next_start),
                quarter,
                "heading",
                date=stamp,
            )
        )
    return drafts


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t\n\f/":
        end -= 1
    return end


PARSER = KpiReportParser()
