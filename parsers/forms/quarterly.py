"""The results part of a BMA KPI web page: the quarter table, the quarter reports and dated report lines.

Shared by the KPI detail page and the agency's yearly results page, which write it the same way:

* the quarter table (:mod:`parsers.forms.quarter_table`) gives one entry per row: its quarter, the
  result (ผลงาน) as progress, the assessor's score;
* ``รายงานผลฯ ไตรมาสที่ N`` headings start the quarter reports; a report's text goes to its quarter's
  table entry, or is an entry of its own when the page has no table;
* dated report lines (``28/10/2563 : …``, packed several to a line in flattened exports) are entries of
  their own, in the quarter of the heading they are under, else of their date.

Entries come in that order: the table's rows, then the dated lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from parsers.document.doctext import DocText
from parsers.forms.base import EntryDraft, FormResult, LabelledValue
from parsers.forms.entries import entry_body, entry_dates
from parsers.forms.fields import FieldContext, LabelledForm
from parsers.forms.issue import Issue
from parsers.forms.quarter_table import HEADING, Row, read_table
from parsers.forms.values import unit_word
from parsers.thai.numbers import NUMBER, parse_number
from schemas.codes import FindingCode
from schemas.enums import Severity

#: ``รายงานผลฯ ไตรมาสที่ 2`` — the report of one quarter, its text on the following lines
NARRATIVE = regex.compile(
    r"(?m)^[ \t]*รายงานผล(?:ฯ|การดำเนินงาน)?[ \t]*ไตรมาสที่[ \t]*(?P<q>[1-4])[ \t]*:?[ \t]*$"
)
#: ``ไตรมาสที่ 1: 100`` in the assessment line (the score may be missing, the colon too)
ASSESSED = regex.compile(
    rf"ไตรมาสที่[ \t]*(?P<q>[1-4])[ \t]*:?"
    # the score on the same line, or alone on the next one where a narrow page wrapped it
    rf"(?|[ \t]*(?P<n>{NUMBER})|[ \t]*\n[ \t]*(?P<n>{NUMBER})(?=[ \t]*(?:\n|\Z)))?"
)
#: the unit of the table's result column, under its header cell ``*ผลงาน*``: ``(ร้อยละ)``, ``(ฉบับ)``
_RESULT_UNIT = regex.compile(r"\*?ผลงาน\*?[ \t]*\n?[ \t]*\((?P<u>[^()\n]{1,20})\)")


@dataclass(frozen=True)
class Part:
    """Where the results part of a page (or of one KPI on it) lies, and what ends a quarter report."""

    start: int
    end: int


def quarterly_entries(
    doc: DocText, part: Part, stop: regex.Pattern[str], kpi_no: int | None = None
) -> tuple[list[EntryDraft], list[Issue]]:
    """The entries of ``doc.text[part.start:part.end]`` and what could not be read of them; a quarter
    report ends at the next one, at ``stop`` (the next section heading) or at the part's end."""
    text = doc.text
    table_at = HEADING.search(text, part.start, part.end)
    rows = read_table(text, table_at.end(), part.end) if table_at else []
    unit = _result_unit(text, table_at.end(), part.end) if table_at else "%"
    reports = _reports(text, part, stop)
    drafts: list[EntryDraft] = []
    by_quarter = {r.quarter: r for r in rows}
    dated: list[EntryDraft] = []
    texts: dict[int, tuple[int, int]] = {}  # the undated reports, by quarter
    issues = [
        Issue(
            FindingCode.QUARTER_CELL_UNREAD,
            Severity.WARNING,
            f"the quarter cell of a table row reads {text[row.start : row.start + 1]!r}; taken as quarter "
            f"{row.quarter} by its place in the table",
            row.start,
            row.end,
        )
        for row in rows
        if row.inferred
    ]
    for quarter, start, end in reports:
        in_report = _dated(doc, start, end, quarter, kpi_no)
        if in_report:
            dated += in_report
        elif quarter in by_quarter:
            texts[quarter] = (start, end)
        elif body := entry_body(text, start, end):
            drafts.append(EntryDraft(start, end, body, quarter, "heading", kpi_no=kpi_no))
    for row in rows:
        drafts.append(_row_entry(text, row, unit, texts.get(row.quarter), kpi_no))
    drafts.sort(key=lambda d: (d.quarter or 0, d.start))
    if not reports:  # no headings: dated lines anywhere in the part (a flattened export)
        dated = _dated(doc, part.start, part.end, None, kpi_no)
    return drafts + dated, issues


def _reports(text: str, part: Part, stop: regex.Pattern[str]) -> list[tuple[int, int, int]]:
    """(quarter, start, end) of each quarter report in the part."""
    heads = list(NARRATIVE.finditer(text, part.start, part.end))
    found = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else part.end
        if (m := stop.search(text, head.end(), end)) is not None:
            end = m.start()
        found.append((int(head.group("q")), head.end(), end))
    return found


def _result_unit(text: str, start: int, end: int) -> str | None:
    m = _RESULT_UNIT.search(text, start, min(end, start + 400))
    return (unit_word(m.group("u")) or None) if m else "%"


def _row_entry(
    text: str, row: Row, unit: str | None, report: tuple[int, int] | None, kpi_no: int | None
) -> EntryDraft:
    start, end, body = row.start, row.end, ""
    if report is not None:
        start, end = min(row.start, report[0]), max(row.end, report[1])
        body = entry_body(text, *report)
    entry = EntryDraft(start, end, body, row.quarter, "table", kpi_no=kpi_no)
    if row.result is not None and row.result.value is not None:
        entry.progress = LabelledValue("progress", row.result.value, unit, row.result.start, row.result.end)
    if row.score is not None and row.score.value is not None:
        entry.score = LabelledValue("score", row.score.value, "คะแนน", row.score.start, row.score.end)
    return entry


def _dated(doc: DocText, start: int, end: int, quarter: int | None, kpi_no: int | None) -> list[EntryDraft]:
    """One entry per dated line of ``doc.text[start:end]``; a line's text runs to the next date stamp."""
    text = doc.text
    stamps = entry_dates(doc, start, end)
    drafts = []
    for j, stamp in enumerate(stamps):
        a, b = stamp.start, stamp.end
        next_start = stamps[j + 1].start if j + 1 < len(stamps) else _line_end(text, b, end)
        stop = next_start
        while stop > b and text[stop - 1] in " \t\n/":
            stop -= 1
        drafts.append(
            EntryDraft(
                a,
                stop,
                entry_body(text, b, next_start),
                quarter,
                None if quarter is None else "heading",
                date=stamp,
                kpi_no=kpi_no,
            )
        )
    return drafts


def _line_end(text: str, pos: int, end: int) -> int:
    """The end of the line holding ``pos`` (lines a page wrapped were joined before the forms)."""
    stop = text.find("\n", pos, end)
    return end if stop < 0 else stop


def assessor_scores(ctx: FieldContext, result: FormResult) -> None:
    """The assessor's score of each quarter named in the form's ``assessment`` line
    (``*** สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 1: 100``), as labelled values."""
    line = ctx.value("assessment")
    if line is None:
        return
    for m in ASSESSED.finditer(ctx.text, line.start, line.end):
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


def read_results_page(form: LabelledForm, doc: DocText, stop: regex.Pattern[str]) -> FormResult:
    """A BMA web page whose results part is the quarterly one (the KPI detail page, the project progress
    page): the form's fields, the assessors' scores, then the quarter table, the quarter reports and the
    dated report lines of the page, up to ``stop``."""
    ctx = FieldContext(doc.text, form.labels)
    result = form.read(ctx)
    assessor_scores(ctx, result)
    result.entries, issues = quarterly_entries(doc, Part(0, len(doc.text)), stop)
    result.issues += issues
    return result
