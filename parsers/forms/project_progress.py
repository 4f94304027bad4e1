"""Form B — the project progress report (แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ).

The export prints the progress line of report N on the heading line of report N+1 for some reports
(``รายงานครั้งที่4 :: ความก้าวหน้าของงานฯ = 35.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 3) …``). Only the
``(ครั้งที่ N)`` inside the budget label is reliable, so progress is bound by it, never by position.
"""

from __future__ import annotations

from datetime import date

import regex

from parsers.doctext import DocText, Located
from parsers.fields import NUMBER, SEP, count_signals, number_field, text_field
from parsers.forms.base import EntryDraft, FormResult, Issue, LabelledValue
from parsers.forms.entries import ENTRY_DATE_FAMILIES, entry_body
from parsers.thai.dates import dates_within
from parsers.thai.numbers import parse_number, to_arabic
from schemas.enums import Form, Severity

SIGNALS = tuple(
    regex.compile(p)
    for p in (
        r"แบบแสดงรายงานความก้าวหน้า",
        r"ชื่อโครงการ/กิจกรรม[ \t]*:",
        r"รหัสโครงการ\.*[ \t]*:",
        r"รายงานครั้งที่[ \t]*[0-9๐-๙]+",
        r"ความก้าวหน้าของงานฯ?[ \t]*=",
        r"เริ่มต้นโครงการ[ \t]*:",
    )
)

TITLE = regex.compile(rf"ชื่อโครงการ/กิจกรรม{SEP}(?P<v>[^\n]*)")
CODE = regex.compile(rf"รหัสโครงการ{SEP}(?P<v>[0-9๐-๙][0-9๐-๙\-/.]*)")
FISCAL_YEAR = regex.compile(rf"ปีงบประมาณ[ \t]*(?:พ\.ศ\.?)?{SEP}(?P<v>[0-9๐-๙]{{4}})")
START = regex.compile(rf"เริ่มต้นโครงการ{SEP}(?P<v>\d{{4}}-\d{{2}}-\d{{2}})")
END = regex.compile(rf"สิ้นสุดโครงการ{SEP}(?P<v>\d{{4}}-\d{{2}}-\d{{2}})")
#: the baht after an amount; tesseract's tha+eng sometimes reads the word as a few Latin letters
#: (``625,000 uM``): the label makes the amount baht either way
BAHT = r"(?P<baht>บาท|[A-Za-z]{1,3}(?=[ \t]*(?::|\n|$)))"
BUDGET = regex.compile(rf"งบประมาณที่ได้รับ{SEP}(?P<n>{NUMBER})[ \t]*{BAHT}")
BUDGET_SPENT = regex.compile(rf"งบประมาณที่ใช้ไป{SEP}(?P<n>{NUMBER})[ \t]*{BAHT}")
AGENCY = regex.compile(rf"หน่วยงานที่รับผิดชอบ{SEP}(?P<v>[^\n/]*)")
# a scan may show a table border or a speck before the dash (``| - รายงานครั้งที่3``)
REPORT = regex.compile(r"(?m)^[ \t]*(?:[|'.,][ \t]*)?-?[ \t]*รายงานครั้งที่[ \t]*(?P<n>[0-9๐-๙]+)[ \t]*:*")
#: between two parts of the progress line: spaces, or a line end where a scan or a narrow page wrapped it
_W = r"[ \t]*(?:\n[ \t]*)?"
# "งบ" of "งบประมาณ" has been seen corrupted into Thai digits "๕๖" with the space lost
# ("100.00 %๕๖ประมาณที่เบิกใช้"; OCR gave "๕๒" for the same): the label is matched tolerantly, before
# any digit conversion.
PROGRESS = regex.compile(
    rf"ความก้าวหน้าของงานฯ?{_W}={_W}(?P<p>{NUMBER}){_W}%{_W}(?P<label>(?:งบ|[๐-๙]{{2}})?ประมาณที่เบิกใช้)"
    rf"{_W}\(ครั้งที่[ \t]*(?P<r>[0-9๐-๙]+)\){_W}={_W}(?P<b>{NUMBER}){_W}{BAHT}"
    rf"(?:{_W}:[ \t]*(?P<plan>[^:\n]*?)(?:{_W}:[ \t]*(?P<target>[^:\n]*?))?)?[ \t]*(?=\n|$)"
)
#: the same line with its report number unreadable (``(ครั้งที่ 22=``: the bracket read as a digit)
UNNUMBERED = regex.compile(
    rf"ความก้าวหน้าของงานฯ?{_W}={_W}(?P<p>{NUMBER}){_W}%{_W}(?P<label>(?:งบ|[๐-๙]{{2}})?ประมาณที่เบิกใช้)"
    rf"{_W}\(ครั้งที่[ \t]*(?P<r>[0-9๐-๙]*)[^=\n]{{0,3}}?={_W}(?P<b>{NUMBER}){_W}{BAHT}"
    rf"(?:{_W}:[ \t]*(?P<plan>[^:\n]*?)(?:{_W}:[ \t]*(?P<target>[^:\n]*?))?)?[ \t]*(?=\n|$)"
)


class ProjectProgressParser:
    form = Form.PROJECT_PROGRESS

    def detect(self, text: str) -> int:
        return count_signals(text, SIGNALS)

    def parse(self, doc: DocText) -> FormResult:
        text = doc.text
        result = FormResult(form=self.form)
        result.title = text_field(text, TITLE)
        result.code = text_field(text, CODE)
        result.agency = text_field(text, AGENCY)
        fy = text_field(text, FISCAL_YEAR)
        if fy is not None:
            result.fiscal_year_be = Located(int(to_arabic(fy.value)), fy.start, fy.end)
        result.start_date = _iso(text_field(text, START))
        result.end_date = _iso(text_field(text, END))
        result.budget = number_field(text, BUDGET, "budget", "บาท")
        result.budget_spent = number_field(text, BUDGET_SPENT, "budget_spent", "บาท")
        for name, value in (("title", result.title), ("agency", result.agency), ("code", result.code)):
            if value is None:
                result.issues.append(Issue("missing_field", Severity.WARNING, f"no project {name} found"))
        _read_reports(text, result)
        return result


def _iso(found: Located[str] | None) -> Located[date] | None:
    if found is None:
        return None
    try:
        return Located(date.fromisoformat(found.value), found.start, found.end)
    except ValueError:
        return None


def _read_reports(text: str, result: FormResult) -> None:
    heads = list(REPORT.finditer(text))
    progress = list(PROGRESS.finditer(text))
    for i, head in enumerate(heads):
        no = int(to_arabic(head.group("n")))
        end = heads[i + 1].start() if i + 1 < len(heads) else _footer_start(text, head.end())
        entry = EntryDraft(head.start(), end, "", report_no=no, quarter_source=None)
        body_start = head.end()
        foreign = [p for p in progress if head.start() <= p.start() < end and _report_of(p) != no]
        own = [p for p in progress if _report_of(p) == no]
        if not own and (guessed := _unnumbered(text, head.start(), end, progress)):
            own = guessed[:1]
            result.issues.append(
                Issue(
                    "progress_number_unread",
                    Severity.WARNING,
                    f"the report number of a progress line under report {no}'s heading could not be read "
                    f"({guessed[0].group(0)[:60]!r}); bound to report {no} by position",
                    guessed[0].start(),
                    guessed[0].end(),
                    len(result.entries),
                )
            )
        stamp = next(
            (d for d in dates_within(text, body_start, end) if d.family in ENTRY_DATE_FAMILIES), None
        )
        if stamp is not None:
            entry.date_start, entry.date_end = stamp.start, stamp.end
            body_start = entry.date_end
        pieces, pos = [], body_start
        for p in foreign:  # a shifted progress line belongs to another report: keep it out of this text
            if p.start() >= pos:
                pieces.append(text[pos : p.start()])
                pos = p.end()
        pieces.append(text[pos:end])
        entry.text = "\n".join(b for b in (entry_body(piece, 0, len(piece)) for piece in pieces) if b)
        entry.text = regex.sub(r"^::[ \t]*", "", entry.text)
        if own:
            _bind_progress(text, result, entry, own[0], len(result.entries), head.start(), end)
            for extra in own[1:]:
                result.issues.append(
                    Issue(
                        "duplicate_progress",
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
                    "missing_progress",
                    Severity.WARNING,
                    f"no progress line (ครั้งที่ {no}) for report {no}",
                    head.start(),
                    head.end(),
                    len(result.entries),
                )
            )
        result.entries.append(entry)
    if not heads:
        result.issues.append(Issue("no_entries", Severity.WARNING, "no progress report (รายงานครั้งที่ N) found"))


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
                "layout_shift",
                Severity.INFO,
                f"the progress line of report {entry.report_no} is printed under another report's heading; "
                "bound by its (ครั้งที่ N)",
                m.start(),
                m.end(),
                index,
            )
        )
    if m.group("label") != "งบประมาณที่เบิกใช้":
        result.issues.append(
            Issue(
                "label_corrupted",
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
                "status_missing",
                Severity.WARNING,
                f"report {entry.report_no} states no plan/target status",
                m.start(),
                m.end(),
                index,
            )
        )


_FOOTER = regex.compile(r"ขอรับรองว่า|(?m)^[ \t]*ลงชื่อ")


def _footer_start(text: str, pos: int) -> int:
    m = _FOOTER.search(text, pos)
    return m.start() if m else len(text)


PARSER = ProjectProgressParser()
