"""The agency's yearly results page (ผลการปฏิบัติราชการประจำปีของหน่วยงาน, BMA ``index101``).

``ผลการปฏิบัติราชการประจำปีของหน่วยงาน : 20000000`` names the agency by its code; then, under dimension
headings (``มิติที่ 1 ด้าน…``), the agency's KPIs, each numbered ``(1) …`` with ``หน่วยนับ :``,
``เป้าหมาย :``, ``ผลงาน :``, the quarter table and the quarter reports (as the KPI detail page writes
them, :mod:`parsers.forms.quarterly`).

One document row per page: its title, unit, target and result are those of the first KPI (a saved page
usually shows one); every KPI's quarter rows are entries that carry their KPI's number (``kpi_no``),
and the other KPIs' targets and results are labelled values. The agency's code is kept as the field
``agency_code``, not as ``code`` (which names a KPI or a project).
"""

from __future__ import annotations

from dataclasses import replace

import regex

from parsers.document.doctext import DocText
from parsers.document.labels import Label, LabelTable, heading
from parsers.forms.base import FormResult, LabelledValue
from parsers.forms.fields import (
    AS_CODE,
    AS_NUMBER,
    AS_TEXT,
    FieldContext,
    FieldSpec,
    Found,
    LabelledForm,
    Missing,
    Outcome,
    read_fields,
)
from parsers.forms.issue import Issue
from parsers.forms.quarterly import Part, quarterly_entries
from parsers.forms.titleline import strip_numbering
from parsers.forms.values import unit_word
from parsers.thai.numbers import to_arabic
from schemas.codes import FindingCode
from schemas.enums import Form, Severity

LABELS = LabelTable(
    [
        Label(
            "agency_code",
            ("ผลการปฏิบัติราชการประจำปีของหน่วยงาน", "ผลการปฏิบัติราชการประจำปี : ของหน่วยงาน"),
            signal=True,
        ),
        Label("unit", ("หน่วยนับ",), signal=True),
        Label("target", ("เป้าหมาย",), signal=True),
        Label("achieved", ("ผลงาน",), signal=True),
        heading("quarter_table", "ผลงานเทียบกับเป้าหมายรายไตรมาส", signal=True),
        heading("report", "รายงานผลฯ ไตรมาสที่", "รายงานผล ไตรมาสที่"),
        heading("dimension", "มิติที่"),
    ]
)
#: a KPI of the page: ``(1) 1.1 NAME`` starting its line
KPI = regex.compile(r"(?m)^[ \t]*\((?P<no>[0-9๐-๙]{1,3})\)[ \t]*(?P<name>[^\n]*\S)[ \t]*$")
#: what ends a quarter report: the next KPI or dimension heading
REPORT_END = regex.compile(r"(?m)^[ \t]*(?:\([0-9๐-๙]{1,3}\)|มิติที่|\[มิติที่)")


#: where a KPI's name ends when a narrow page wrapped it: a blank line, its tag line ``[มิติที่ 1 : …]``
_NAME_END = regex.compile(r"\n[ \t]*(?:\n|\f|\[)")


def _kpi_title(ctx: FieldContext, spec: FieldSpec) -> Outcome:
    """The first KPI's name: its ``(1) NAME`` line and the lines it was wrapped onto."""
    m = KPI.search(ctx.text)
    if m is None:
        return Missing("a numbered KPI line '(1) NAME'")
    stop = _NAME_END.search(ctx.text, m.end())
    end = stop.start() if stop else len(ctx.text)
    end = next((h.start for h in ctx.hits() if m.end() <= h.start < end), end)
    return Found(strip_numbering(ctx.text, m.start("name"), end))


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "agency_code", AS_CODE, required=True, what="the agency's code (ผลการปฏิบัติราชการประจำปีของหน่วยงาน :)"
    ),
    FieldSpec("title", _kpi_title, required=True, what="the first KPI's name ('(1) NAME')"),
    FieldSpec("unit", AS_TEXT, section="kpi", what="the first KPI's unit (หน่วยนับ)"),
    FieldSpec("target", AS_NUMBER, required=True, section="kpi", what="the first KPI's target (เป้าหมาย)"),
    FieldSpec("achieved", AS_NUMBER, required=True, section="kpi", what="the first KPI's result (ผลงาน)"),
)


class AgencyPerformanceParser(LabelledForm):
    form = Form.AGENCY_PERFORMANCE
    labels = LABELS
    fields = FIELDS

    def parse(self, doc: DocText) -> FormResult:
        text = doc.text
        kpis = list(KPI.finditer(text))
        blocks = [
            (m, m.end(), kpis[i + 1].start() if i + 1 < len(kpis) else len(text)) for i, m in enumerate(kpis)
        ]
        first = (blocks[0][1], blocks[0][2]) if blocks else (0, len(text))
        result = self.read(FieldContext(text, LABELS, regions={"kpi": first}))
        if (unit := result.extra.get("unit")) is not None:  # เป้าหมาย and ผลงาน are in the KPI's unit
            if result.target is not None and not result.target.unit:
                result.target = replace(result.target, unit=unit_word(unit.value))
            if result.achieved is not None and not result.achieved.unit:
                result.achieved = replace(result.achieved, unit=unit_word(unit.value))
        for m, start, end in blocks:
            no = int(to_arabic(m.group("no")))
            entries, issues = quarterly_entries(doc, Part(start, end), REPORT_END, kpi_no=no)
            result.entries += entries
            result.issues += issues
            if (start, end) != first:
                self._other_kpi(text, start, end, no, result)
        if not result.entries:
            result.issues.append(
                Issue(FindingCode.NO_ENTRIES, Severity.WARNING, "no KPI with a quarter table or report found")
            )
        return result

    def _other_kpi(self, text: str, start: int, end: int, no: int, result: FormResult) -> None:
        """A later KPI's target and result, as labelled values (the document row holds the first's)."""
        read = read_fields(FieldContext(text, LABELS, regions={"kpi": (start, end)}), FIELDS[2:])
        unit = read.values.get("unit")
        for key in ("target", "achieved"):
            found = read.values.get(key)
            if found is not None:
                assert isinstance(found.value, float)
                written = found.unit or (unit_word(str(unit.value)) if unit else "")
                result.values.append(
                    LabelledValue(f"{key} (kpi {no})", found.value, written, found.start, found.end)
                )
        result.issues += read.issues


PARSER = AgencyPerformanceParser()
