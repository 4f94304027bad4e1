"""Form B — the project progress report (แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ).

The export prints the progress line of report N on the heading line of report N+1 for some reports
(``รายงานครั้งที่4 :: ความก้าวหน้าของงานฯ = 35.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 3) …``). Only the
``(ครั้งที่ N)`` inside the budget label is reliable, so progress is bound by it, never by position.
"""

from __future__ import annotations

import regex

from parsers.document.doctext import DocText
from parsers.document.labels import Label, LabelTable, heading, wrappable
from parsers.forms.base import EntryDraft, FormResult, LabelledValue
from parsers.forms.entries import ENTRY_DATE_FAMILIES, entry_body
from parsers.forms.fields import (
    AS_CODE,
    AS_DATE,
    AS_NUMBER,
    AS_TEXT,
    AS_YEAR,
    FieldContext,
    FieldSpec,
    Found,
    LabelledForm,
    Outcome,
)
from parsers.forms.issue import Issue
from parsers.forms.values import Read
from parsers.thai.numbers import NUMBER, parse_number, to_arabic
from schemas.codes import FindingCode
from schemas.enums import Form, Severity

LABELS = LabelTable(
    [
        heading("banner", "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ", signal=True),
        heading("part_1", "ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ"),
        heading("part_1_1", "รหัสโครงการและชื่อโครงการ"),
        Label("title", ("ชื่อโครงการ/กิจกรรม",), signal=True),
        Label("code", ("รหัสโครงการ",), signal=True),
        Label("fiscal_year_be", ("ปีงบประมาณ พ.ศ.", "ปีงบประมาณ")),
        Label("start_date", ("เริ่มต้นโครงการ",), signal=True),
        Label("end_date", ("สิ้นสุดโครงการ",)),
        Label("budget", ("งบประมาณที่ได้รับ",), unit_after=True, unit="บาท"),
        Label("budget_spent", ("งบประมาณที่ใช้ไป",), unit_after=True, unit="บาท"),
        Label("agency", ("หน่วยงานที่รับผิดชอบ",)),
        Label("responsible", ("ชื่อผู้รับผิดชอบ",)),
        Label("coordinator", ("ผู้ประสานงาน สยป", "ผู้ประสานงาน")),
        heading("principle", "หลักการและเหตุผล"),
        heading("objective", "วัตถุประสงค์ของโครงการ"),
        heading("goal", "เป้าหมายของโครงการ"),
        heading("plan", "สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี"),
        Label("strategy", ("ประเด็นยุทธศาสตร์",)),
        Label("sub_strategy", ("ประเด็นยุทธศาสตร์ย่อย",)),
        Label("target_no", ("เป้าหมายที่",)),
        Label("indicator", ("ตัวชี้วัด",)),
        heading("part_2", "รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ"),
        heading("report", "รายงานครั้งที่", signal=True),
        Label("progress", ("ความก้าวหน้าของงาน",), signal=True),
        heading("certify", "ขอรับรองว่า"),
        heading("signature", "ลงชื่อ"),
    ]
)


def _agency(ctx: FieldContext, spec: FieldSpec) -> Outcome:
    """The top organisation of the responsible-unit path ``สำนักงานเขตบางนา / ฝ่ายปกครอง / …``."""
    outcome = AS_TEXT(ctx, spec)
    if not isinstance(outcome, Found):
        return outcome
    read = outcome.read
    top = str(read.value).split("/", 1)[0].rstrip()
    return Found(
        Read(
            top, None, read.start, read.start + len(ctx.text[read.start : read.end].split("/", 1)[0].rstrip())
        )
    )


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", AS_TEXT, required=True, what="the project name (ชื่อโครงการ/กิจกรรม)"),
    FieldSpec("code", AS_CODE, required=True, what="the project code (รหัสโครงการ)"),
    FieldSpec("fiscal_year_be", AS_YEAR, required=True, what="the fiscal year (ปีงบประมาณ พ.ศ.)"),
    FieldSpec("start_date", AS_DATE, required=True, what="the project's start (เริ่มต้นโครงการ)"),
    FieldSpec("end_date", AS_DATE, required=True, what="the project's end (สิ้นสุดโครงการ)"),
    FieldSpec("budget", AS_NUMBER, required=True, what="the budget received (งบประมาณที่ได้รับ)"),
    FieldSpec("budget_spent", AS_NUMBER, what="the budget used (งบประมาณที่ใช้ไป)"),
    FieldSpec("agency", _agency, required=True, what="the agency (หน่วยงานที่รับผิดชอบ)"),
)
#: the baht after an amount; tesseract's tha+eng sometimes reads the word as a few Latin letters
#: (``625,000 uM``): the label makes the amount baht either way
BAHT = r"(?P<baht>บาท|[A-Za-z]{1,3}(?=[ \t]*(?::|\n|$)))"
# a scan may show a table border or a speck before the dash (``| - รายงานครั้งที่3``)
REPORT = regex.compile(r"(?m)^[ \t]*(?:[|'.,][ \t]*)?-?[ \t]*รายงานครั้งที่[ \t]*(?P<n>[0-9๐-๙]+)[ \t]*:*")
#: between two parts of the progress line: spaces, or a line end where a scan or a narrow page wrapped it
_W = r"[ \t]*(?:\n(?:[ \t]*\f[ \t]*\n)?[ \t]*)?"  # (or a page break)
# "งบ" of "งบประมาณ" has been seen corrupted into Thai digits "๕๖" with the space lost
# ("100.00 %๕๖ประมาณที่เบิกใช้"; OCR gave "๕๒" for the same): the label is matched tolerantly, before
# any digit conversion.
#: the progress line's words, which a narrow page may break between any two Thai words
_PROGRESS_WORD = wrappable("ความก้าวหน้าของงาน")
_SPENT_WORD = wrappable("ประมาณที่เบิกใช้")
#: ครั้งที่, or ครั้ง and a short word a scan misread where a narrow page put ที่ at the start of a line
#: (``(ครั้ง⏎fi 2)``): the report number after it still decides which report the line is
_TIME_WORD = rf"(?:{wrappable('ครั้งที่')}|ครั้ง{_W}[^\s\d()=]{{0,3}})"
PROGRESS = regex.compile(
    rf"{_PROGRESS_WORD}ฯ?{_W}={_W}(?P<p>{NUMBER}){_W}%{_W}(?P<label>(?:งบ|[๐-๙]{{2}})?{_SPENT_WORD})"
    rf"{_W}\({_TIME_WORD}{_W}(?P<r>[0-9๐-๙]+)\){_W}={_W}(?P<b>{NUMBER}){_W}{BAHT}"
    rf"(?:{_W}:[ \t]*(?P<plan>[^:\n]*?)(?:{_W}:[ \t]*(?P<target>[^:\n]*?))?)?[ \t]*(?=\n|$)"
)
#: the same line with its report number unreadable (``(ครั้งที่ 22=``: the bracket read as a digit)
UNNUMBERED = regex.compile(
    rf"{_PROGRESS_WORD}ฯ?{_W}={_W}(?P<p>{NUMBER}){_W}%{_W}(?P<label>(?:งบ|[๐-๙]{{2}})?{_SPENT_WORD})"
    rf"{_W}\({_TIME_WORD}{_W}(?P<r>[0-9๐-๙]*)[^=\n]{{0,3}}?={_W}(?P<b>{NUMBER}){_W}{BAHT}"
    rf"(?:{_W}:[ \t]*(?P<plan>[^:\n]*?)(?:{_W}:[ \t]*(?P<target>[^:\n]*?))?)?[ \t]*(?=\n|$)"
)


class ProjectProgressParser(LabelledForm):
    form = Form.PROJECT_PROGRESS
    labels = LABELS
    fields = FIELDS

    def parse(self, doc: DocText) -> FormResult:
        text = doc.text
        result = self.read(FieldContext(text, LABELS))
        _read_reports(doc, result)
        return result


def _read_reports(doc: DocText, result: FormResult) -> None:
    text = doc.text
    heads = list(REPORT.finditer(text))
    progress = list(PROGRESS.finditer(text))
    numbers = {int(to_arabic(h.group("n"))) for h in heads}
    # a line whose number names no report (an OCR read "ที่ 1)" as "91)") is as unreadable as no number
    readable = [p for p in progress if _report_of(p) in numbers]
    for i, head in enumerate(heads):
        no = int(to_arabic(head.group("n")))
        end = heads[i + 1].start() if i + 1 < len(heads) else _footer_start(text, head.end())
        entry = EntryDraft(head.start(), end, "", report_no=no, quarter_source=None)
        body_start = head.end()
        foreign = [p for p in progress if head.start() <= p.start() < end and _report_of(p) != no]
        own = [p for p in progress if _report_of(p) == no]
        if not own and (guessed := _unnumbered(text, head.start(), end, readable)):
            own = guessed[:1]
            result.issues.append(
                Issue(
                    FindingCode.PROGRESS_NUMBER_UNREAD,
                    Severity.WARNING,
                    f"the report number of a progress line under report {no}'s heading could not be read "
                    f"({guessed[0].group(0)[:60]!r}); bound to report {no} by position",
                    guessed[0].start(),
                    guessed[0].end(),
                    len(result.entries),
                )
            )
        stamp = next((d for d in doc.dates_within(body_start, end) if d.family in ENTRY_DATE_FAMILIES), None)
        if stamp is not None:
            entry.date = stamp
            body_start = stamp.end
        pieces, pos = [], body_start
        for p in foreign:  # a shifted progress line belongs to another report: keep it out of this text
            if p.start() >= pos:
                pieces.append(text[pos : p.start()])
                pos = p.end()
        pieces.append(text[pos:end])
        entry.text = "\n".join(b for b in (entry_body(piece, 0, len(piece)) for piece in pieces) if b)
        entry.text = _DOUBLE_COLON.sub("", entry.text)
        if own:
            _bind_progress(text, result, entry, own[0], len(result.entries), head.start(), end)
            for extra in own[1:]:
                result.issues.append(
                    Issue(
                        FindingCode.DUPLICATE_PROGRESS,
                        Severity.WARNING,
                        f"report {no} has more than one progress line",
                        extra.start(),
                        extra.end(),
                        len(result.entries),
                    )
                )
        else:
            result.issues.append(
                Issue(
                    FindingCode.MISSING_PROGRESS,
                    Severity.WARNING,
                    f"no progress line (ครั้งที่ {no}) for report {no}",
                    head.start(),
                    head.end(),
                    len(result.entries),
                )
            )
        result.entries.append(entry)
    if not heads:
        result.issues.append(
            Issue(FindingCode.NO_ENTRIES, Severity.WARNING, "no progress report (รายงานครั้งที่ N) found")
        )


def _report_of(m: regex.Match[str]) -> int:
    return int(to_arabic(m.group("r")))


def _unnumbered(text: str, start: int, end: int, numbered: list[regex.Match[str]]) -> list[regex.Match[str]]:
    """Progress lines under a report's own heading whose ``(ครั้งที่ N)`` cannot be read (``(ครั้งที่ 22=``:
    the bracket read as a digit): for a report with no line of its own, the one case where position
    decides (the caller records a finding)."""
    readable = {m.start() for m in numbered}
    return [m for m in UNNUMBERED.finditer(text, start, end) if m.start() not in readable]


def _bind_progress(
    text: str, result: FormResult, entry: EntryDraft, m: regex.Match[str], index: int, start: int, end: int
) -> None:
    percent_end = text.index("%", m.end("p")) + 1
    entry.progress = LabelledValue("progress", parse_number(m.group("p")), "%", m.start("p"), percent_end)
    entry.budget_spent = LabelledValue(
        "budget_spent", parse_number(m.group("b")), "บาท", m.start("b"), m.end("baht")
    )
    entry.plan_status = (m.group("plan") or "").strip() or None
    entry.target_status = (m.group("target") or "").strip() or None
    if not start <= m.start() < end:
        result.issues.append(
            Issue(
                FindingCode.LAYOUT_SHIFT,
                Severity.INFO,
                f"the progress line of report {entry.report_no} is printed under another report's heading; "
                "bound by its (ครั้งที่ N)",
                m.start(),
                m.end(),
                index,
            )
        )
    if "".join(m.group("label").split()) != "งบประมาณที่เบิกใช้":  # a line break inside it is no damage
        result.issues.append(
            Issue(
                FindingCode.LABEL_CORRUPTED,
                Severity.WARNING,
                f"budget label written {m.group('label')!r} (งบ turned into digits); read as งบประมาณที่เบิกใช้",
                m.start("label"),
                m.end("label"),
                index,
            )
        )
    if entry.plan_status is None:
        result.issues.append(
            Issue(
                FindingCode.STATUS_MISSING,
                Severity.WARNING,
                f"report {entry.report_no} states no plan/target status",
                m.start(),
                m.end(),
                index,
            )
        )


_FOOTER = regex.compile(r"ขอรับรองว่า|(?m)^[ \t]*ลงชื่อ")
#: the "::" an entry's text may start with
_DOUBLE_COLON = regex.compile(r"^::[ \t]*")


def _footer_start(text: str, pos: int) -> int:
    m = _FOOTER.search(text, pos)
    return m.start() if m else len(text)


PARSER = ProjectProgressParser()
