"""Form C — the KPI web detail page (รายละเอียดตัวชี้วัด), full, flattened or a headerless fragment.

What real pages vary (``../shared/realpages/README.md``): the title line's numbering (read by
:mod:`parsers.forms.titleline`), the unit after ``ค่าเป้าหมาย``/``ผลงานที่ทำได้`` (a word, ``()`` or
nothing), the quarter table's cells (blank scores, ``0 / 0``, values above 100, four decimals), dated
report lines in D/M/BE and M/D/CE. The flattened export has no table and no headings: its dated
monthly entries are packed one physical line per quarter, the last ones separated by `` / ``.
"""

from __future__ import annotations

import regex

from parsers.document.doctext import DocText
from parsers.document.labels import Label, LabelTable, heading
from parsers.forms.base import FormResult
from parsers.forms.fields import AS_NUMBER, AS_TEXT, FieldSpec, LabelledForm
from parsers.forms.issue import Issue
from parsers.forms.quarterly import read_results_page
from parsers.forms.titleline import title_readers
from schemas.codes import FindingCode
from schemas.enums import Form, Severity

LABELS = LabelTable(
    [
        heading("page_heading", "รายละเอียดตัวชี้วัด", signal=True),
        Label("target", ("ค่าเป้าหมาย",), unit_before=True, signal=True),
        Label("achieved", ("ผลงานที่ทำได้",), unit_before=True, signal=True),
        Label("kpi_type", ("ประเภทตัวชี้วัด",), signal=True),
        Label("print_link", ("รายละเอียดตัวชี้วัดฯ",)),
        Label("assessment", ("สยป. ตรวจประเมินตัวชี้วัด", "ตรวจประเมินตัวชี้วัด"), signal=True),
        heading("quarter_table", "ผลงานเทียบกับเป้าหมายรายไตรมาส", signal=True),
        heading("report", "รายงานผลฯ ไตรมาสที่", "รายงานผล ไตรมาสที่"),
        heading("summary", "สรุปผลการดำเนินงาน"),
        heading("definition", "นิยาม หรือความหมายของตัวชี้วัด"),
        heading("method", "วิธีการคำนวณ หรือ เกณฑ์การประเมิน"),
        heading("data_source", "วิธีการเก็บข้อมูล/แหล่งข้อมูล", "วิธีการการเก็บข้อมูล/แหล่งข้อมูล"),
        heading("strategy", "สนับสนุนยุทธศาสตร์กรุงเทพมหานครฯ"),
        heading("projects", "โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด"),
        heading("city_data", "ฐานข้อมูลประกอบตัวชี้วัดการพัฒนาเมือง"),
    ]
)
#: the fields come after the title line ``NAME : CODE``; it is looked for above the first of them
_TITLE, _CODE, _YEAR = title_readers(frozenset({"target", "achieved", "kpi_type", "assessment"}))
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", _TITLE, required=True, what="the KPI name (a line 'NAME : CODE')"),
    FieldSpec("code", _CODE, required=True, what="the KPI code (a line 'NAME : CODE')"),
    FieldSpec("fiscal_year_be", _YEAR, what="the fiscal year of the title line ('ปี 2564')"),
    FieldSpec("target", AS_NUMBER, required=True, what="the target (ค่าเป้าหมาย)"),
    FieldSpec("achieved", AS_NUMBER, required=True, what="the result (ผลงานที่ทำได้)"),
    FieldSpec("kpi_type", AS_TEXT, what="the KPI type (ประเภทตัวชี้วัด)"),
)
#: the sections after the quarter reports: a report's text ends at the first of them
REPORT_END = regex.compile(
    r"(?m)^[ \t]*(?:\*\*[ \t]*สรุปผลการดำเนินงาน|[0-9]*\.?[ \t]*นิยาม|วิธีการคำนวณ|วิธีการ+เก็บข้อมูล"
    r"|สนับสนุนยุทธศาสตร์|:[^\n]*[๐-๙])"
)
TRUNCATED = regex.compile(r"[ก-๙]%(?=[ \t]*(?:\n|$))")


class KpiDetailParser(LabelledForm):
    form = Form.KPI_DETAIL
    labels = LABELS
    fields = FIELDS

    def parse(self, doc: DocText) -> FormResult:
        text = doc.text
        result = read_results_page(self, doc, REPORT_END)
        for m in TRUNCATED.finditer(text):
            result.issues.append(
                Issue(
                    FindingCode.TRUNCATED,
                    Severity.INFO,
                    "text cut off mid-phrase (a '%' marks the cut; not a percentage)",
                    m.start(),
                    m.end(),
                )
            )
        if not result.entries:
            result.issues.append(
                Issue(FindingCode.NO_ENTRIES, Severity.WARNING, "no quarterly result or dated entry found")
            )
        return result


PARSER = KpiDetailParser()
