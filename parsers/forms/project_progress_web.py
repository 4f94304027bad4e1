"""The project progress web page (ความคืบหน้าโครงการ/กิจกรรม, BMA ``myproject``).

``NAME : CODE`` (the project code, ``50240000-3561``), then ``AGENCY : (YEAR)`` (the agency and the
fiscal year), the progress as a chart value and as ``ความคืบหน้าโครงการ ร้อยละ N`` (the result
achieved: projects have no target), the person responsible, the assessment lines
(``*** สยป. ประเมินโครงการ : ไตรมาสที่ 1 100``) and the project's description. Dated report lines
(``25/05/2566 : …``), where a page has them, are entries.
"""

from __future__ import annotations

import regex

from parsers.document.doctext import DocText
from parsers.document.labels import Label, LabelTable, Sep, heading
from parsers.forms.base import FormResult
from parsers.forms.fields import (
    AS_NUMBER,
    FieldContext,
    FieldSpec,
    Found,
    LabelledForm,
    Missing,
    Outcome,
)
from parsers.forms.quarterly import read_results_page
from parsers.forms.titleline import title_readers
from parsers.forms.values import Read
from parsers.thai.numbers import to_arabic
from schemas.enums import Form

LABELS = LabelTable(
    [
        heading("page_heading", "ความคืบหน้าโครงการ/กิจกรรม", signal=True),
        Label("achieved", ("ความคืบหน้าโครงการ",), unit_before=True, sep=Sep.OPTIONAL, signal=True),
        Label("plan_link", ("ดูโครงการแผนปีฯ",), signal=True),
        Label("assessment", ("สยป. ประเมินโครงการ", "ประเมินโครงการ"), signal=True),
        heading("principle", "หลักการและเหตุผล"),
        heading("objective", "วัตถุประสงค์", "วัตถุประสงค์ของโครงการ"),
    ]
)
#: ``สำนักงานเขตราษฎร์บูรณะ : (2564)``: the agency and, in brackets, the fiscal year
AGENCY_LINE = regex.compile(
    r"(?m)^[ \t]*(?P<agency>[^\s:：(][^\n:：]*?)[ \t]*[:：][ \t]*\([ \t]*(?P<y>[0-9๐-๙]{4})[ \t]*\)[ \t]*$"
)


_AFTER_HEAD = frozenset({"achieved", "plan_link", "assessment"})
_TITLE, _CODE, _ = title_readers(_AFTER_HEAD)


def _agency_line(ctx: FieldContext) -> regex.Match[str] | None:
    end = next((h.start for h in ctx.hits() if h.key in _AFTER_HEAD), len(ctx.text))
    return AGENCY_LINE.search(ctx.text, 0, end)


def _agency(ctx: FieldContext, spec: FieldSpec) -> Outcome:
    m = _agency_line(ctx)
    if m is None:
        return Missing("a line 'AGENCY : (YEAR)'")
    return Found(Read(m.group("agency").strip(), None, m.start("agency"), m.end("agency")))


def _year(ctx: FieldContext, spec: FieldSpec) -> Outcome:
    m = _agency_line(ctx)
    if m is None:
        return Missing("a line 'AGENCY : (YEAR)'")
    return Found(Read(int(to_arabic(m.group("y"))), None, m.start("y"), m.end("y")))


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", _TITLE, required=True, what="the project name (a line 'NAME : CODE')"),
    FieldSpec("code", _CODE, required=True, what="the project code (a line 'NAME : CODE')"),
    FieldSpec("agency", _agency, required=True, what="the agency (a line 'AGENCY : (YEAR)')"),
    FieldSpec("fiscal_year_be", _year, required=True, what="the fiscal year (a line 'AGENCY : (YEAR)')"),
    FieldSpec("achieved", AS_NUMBER, required=True, what="the progress (ความคืบหน้าโครงการ ร้อยละ N)"),
)
#: nothing ends a dated line's text but the next one (the page has no later sections we read)
_NO_STOP = regex.compile(r"(?!)")


class ProjectProgressWebParser(LabelledForm):
    form = Form.PROJECT_PROGRESS_WEB
    labels = LABELS
    fields = FIELDS

    def parse(self, doc: DocText) -> FormResult:
        return read_results_page(self, doc, _NO_STOP)


PARSER = ProjectProgressWebParser()
