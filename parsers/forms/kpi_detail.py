"""Form C — the KPI web detail page (รายละเอียดตัวชี้วัด), full or flattened.

The full page has a quarterly table (one cell per line: quarter, ผลงาน, score, ``a / b``) and
``รายงานผลฯ ไตรมาสที่ N`` narratives. The flattened export has neither: dated monthly entries
``D/M/BBBB : text`` are packed one physical line per quarter, the last ones separated by `` / ``.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from parsers.doctext import DocText, Located
from parsers.fields import NUMBER, count_signals, number_field, text_field, unwrap
from parsers.forms.base import EntryDraft, FormResult, Issue, LabelledValue
from parsers.forms.entries import entry_body, entry_dates
from parsers.thai.numbers import parse_number
from schemas.enums import Form, Severity

SIGNALS = tuple(
    regex.compile(p)
    for p in (
        r"รายละเอียดตัวชี้วัด",
        r"ค่าเป้าหมาย[ \t]*\S*[ \t]*:",
        r"ผลงานที่ทำได้[ \t]*\S+[ \t]*:",
        r"ประเภทตัวชี้วัด[ \t]*:",
        r"ตรวจประเมินตัวชี้วัด",
        r"ผลงานเทียบกับเป้าหมายรายไตรมาส",
    )
)

#: ``12/สสล.TITLE : 0701-0815`` on one line, or wrapped once (a scan of a long title)
HEADER = regex.compile(
    r"(?m)^[ \t]*(?P<seq>[0-9๐-๙]+)/(?P<abbr>[ก-ฮ][ก-ฮ.]{0,8}?\.)"
    r"(?P<title>[^\n]+?(?:\n[^\n]+?)?)[ \t]*:[ \t]*"
    r"(?P<code>[0-9๐-๙]{2,6}-[0-9๐-๙]{2,6})[ \t]*$"
)
TARGET = regex.compile(rf"ค่าเป้าหมาย[ \t]*(?P<u>[^\s:]*)[ \t]*:[ \t]*(?P<n>{NUMBER})")
ACHIEVED = regex.compile(rf"ผลงานที่ทำได้[ \t]*(?P<u>[^\s:=]+)[ \t]*:[ \t]*(?P<n>{NUMBER})")
ASSESSED = regex.compile(rf"ไตรมาสที่[ \t]*(?P<q>[1-4])[ \t]*:[ \t]*(?P<n>{NUMBER})?")
ASSESSMENT = regex.compile(r"ตรวจประเมินตัวชี้วัด[ \t]*:(?P<body>[^\n]*)")
TABLE = regex.compile(r"ผลงานเทียบกับเป้าหมายรายไตรมาส")
#: a scanner's speck read as one stray character after a cell (``82.93 ก``, ``100 / 100 '``)
_SPECK = r"(?:[ \t]+[^\s\d])?"
#: between two cells of a table row: a line end, or a page break when the row runs onto the next page
_CELL = rf"{_SPECK}[ \t]*\n(?:[ \t\n]*\f\n)?[ \t]*"
#: the quarter cell; OCR reads a lone 1 as ``!`` or ``|`` (the row's place in the table confirms it)
ROW = regex.compile(
    rf"(?m)^[ \t]*(?P<q>[1-4]|(?P<one>[!|]) ?){_CELL}(?P<p>{NUMBER}){_CELL}(?P<s>{NUMBER}){_CELL}"
    rf"(?P<ra>{NUMBER})[ \t]*/[ \t]*(?P<rb>{NUMBER}){_SPECK}[ \t]*$"
)
NARRATIVE = regex.compile(r"(?m)^[ \t]*รายงานผลฯ?[ \t]*ไตรมาสที่[ \t]*(?P<q>[1-4])[ \t]*$")
NARRATIVE_END = regex.compile(
    r"(?m)^[ \t]*(?:\*\*[ \t]*สรุปผลการดำเนินงาน|นิยาม|วิธีการคำนวณ|วิธีการ+เก็บข้อมูล|สนับสนุนยุทธศาสตร์|:[^\n]*[๐-๙])"
)
TRUNCATED = regex.compile(r"[ก-๙]%(?=[ \t]*(?:\n|$))")


class KpiDetailParser:
    form = Form.KPI_DETAIL

    def detect(self, text: str) -> int:
        return count_signals(text, SIGNALS)

    def parse(self, doc: DocText) -> FormResult:
        text = doc.text
        result = FormResult(form=self.form)
        header = HEADER.search(text)
        if header:
            title = text_field(text, HEADER, "title")
            result.title = title and Located(unwrap(title.value), title.start, title.end)
            result.code = Located(header.group("code"), header.start("code"), header.end("code"))
        result.target = number_field(text, TARGET, "target")
        result.achieved = number_field(text, ACHIEVED, "achieved")
        _assessor_scores(text, result)
        rows = _table_rows(ROW.finditer(text, _after(TABLE, text))) if TABLE.search(text) else {}
        narratives = list(NARRATIVE.finditer(text))
        if narratives or rows:
            _quarter_entries(text, result, narratives, rows)
        else:
            _flattened_entries(text, result)
        for m in TRUNCATED.finditer(text):
            result.issues.append(
                Issue(
                    "truncated",
                    Severity.INFO,
                    "text cut off mid-phrase (a '%' marks the cut; not a percentage)",
                    m.start(),
                    m.end(),
                )
            )
        if not result.entries:
            result.issues.append(
                Issue("no_entries", Severity.WARNING, "no quarterly result or dated entry found")
            )
        return result


def _table_rows(found: Iterable[regex.Match[str]]) -> dict[int, regex.Match[str]]:
    """The quarter table's rows by quarter; a quarter cell read as ``!`` counts as 1 only as the first
    row of the table."""
    rows: dict[int, regex.Match[str]] = {}
    for m in found:
        if m.group("one") is None:
            rows[int(m.group("q"))] = m
        elif not rows:
            rows[1] = m
    return rows


def _after(pattern: regex.Pattern[str], text: str) -> int:
    m = pattern.search(text)
    return m.end() if m else 0


def _assessor_scores(text: str, result: FormResult) -> None:
    for line in ASSESSMENT.finditer(text):
        for m in ASSESSED.finditer(text, line.start("body"), line.end("body")):
            if m.group("n") is not None:
                result.values.append(
                    LabelledValue(
                        f"assessment_q{m.group('q')}",
                        parse_number(m.group("n")),
                        "คะแนน",
                        m.start("n"),
                        m.end("n"),
                    )
                )


def _quarter_entries(
    text: str, result: FormResult, narratives: list[regex.Match[str]], rows: dict[int, regex.Match[str]]
) -> None:
    by_quarter: dict[int, tuple[int, int, str]] = {}
    for i, head in enumerate(narratives):
        end = narratives[i + 1].start() if i + 1 < len(narratives) else _narrative_end(text, head.end())
        by_quarter[int(head.group("q"))] = (head.start(), end, entry_body(text, head.end(), end))
    for quarter in sorted(set(by_quarter) | set(rows)):
        row = rows.get(quarter)
        start, end, body = by_quarter.get(quarter, (row.start(), row.end(), "") if row else (0, 0, ""))
        entry = EntryDraft(start, end, body, quarter, "heading" if quarter in by_quarter else "table")
        if row is not None:
            entry.progress = LabelledValue(
                "progress", parse_number(row.group("p")), "%", row.start("p"), row.end("p")
            )
            entry.score = LabelledValue(
                "score", parse_number(row.group("s")), "คะแนน", row.start("s"), row.end("s")
            )
        result.entries.append(entry)


def _narrative_end(text: str, pos: int) -> int:
    m = NARRATIVE_END.search(text, pos)
    return m.start() if m else len(text)


def _flattened_entries(text: str, result: FormResult) -> None:
    stamps = entry_dates(text, 0, len(text))
    for j, stamp in enumerate(stamps):
        next_start = stamps[j + 1].start if j + 1 < len(stamps) else _line_end(text, stamp.end)
        end = next_start
        while end > stamp.end and text[end - 1] in " \t\n/":
            end -= 1
        result.entries.append(
            EntryDraft(
                stamp.start, end, entry_body(text, stamp.end, end), date_start=stamp.start, date_end=stamp.end
            )
        )


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


PARSER = KpiDetailParser()
