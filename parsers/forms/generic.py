"""What any report states with a common label, for documents of no known form (form ``unknown``).

Most documents of other agencies follow none of the forms, yet many name their KPI
(``ชื่อตัวชี้วัด : …``, ``3. ตัวชี้วัด …``, or a title line ``NAME : CODE``) and its target
(``ค่าเป้าหมาย … :``) with the labels the forms use. They are read here so that an unknown document
still carries its name, code and target; nothing is required of it, so nothing missing is a finding.
Values stop at any label-like ``word :`` too, known or not, since the document's own labels are not
known.
"""

from __future__ import annotations

from parsers.document.doctext import DocText
from parsers.document.labels import Label, LabelTable, Sep
from parsers.forms.base import FormResult
from parsers.forms.fields import (
    AS_NUMBER,
    AS_TEXT,
    FieldContext,
    FieldSpec,
    Found,
    LabelledForm,
    Missing,
    Outcome,
)
from parsers.forms.generic_reading import (
    agency_of_field,
    document_date,
    document_kind,
    document_number,
    first_heading,
    issuer,
    label_pairs,
    memo_fields,
)
from parsers.forms.titleline import title_readers
from parsers.thai.document_words import COLUMN_HEADINGS
from schemas.enums import Form

LABELS = LabelTable(
    [
        Label("kpi_name", ("ชื่อตัวชี้วัด",)),
        Label("kpi_line", ("ตัวชี้วัด",), sep=Sep.OPTIONAL, line_start=True),  # 3. ตัวชี้วัด NAME
        Label("target", ("ค่าเป้าหมาย",), unit_before=True),
        Label("achieved", ("ผลงานที่ทำได้",), unit_before=True),
    ]
)
_LINE_TITLE, _LINE_CODE, _ = title_readers(frozenset({"target", "achieved"}))


def _named(ctx: FieldContext) -> Outcome | None:
    """The KPI name a label gives (``ชื่อตัวชี้วัด :``, ``3. ตัวชี้วัด``), if any."""
    for label in ("kpi_name", "kpi_line"):
        named = AS_TEXT(ctx, FieldSpec(label, AS_TEXT))
        if isinstance(named, Found) and not (label == "kpi_line" and _headings(str(named.read.value))):
            return named
    return None


def _headings(value: str) -> bool:
    """Whether a value is a table's header row (``ตัวชี้วัด หน่วยนับ ผลการดำเนินงาน หมายเหตุ``): two of its
    words or more head columns (:data:`parsers.thai.document_words.COLUMN_HEADINGS`), no KPI name."""
    return sum(word in COLUMN_HEADINGS for word in value.split()) >= 2


def _title(ctx: FieldContext, spec: FieldSpec) -> Outcome:
    """The labelled KPI name, else the name of a title line ``NAME : CODE``."""
    return _named(ctx) or _LINE_TITLE(ctx, spec)


def _code(ctx: FieldContext, spec: FieldSpec) -> Outcome:
    """The code of the title line, when the name was taken from it (a labelled name has no code)."""
    return Missing("") if _named(ctx) is not None else _LINE_CODE(ctx, spec)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", _title),
    FieldSpec("code", _code),
    FieldSpec("target", AS_NUMBER),
    FieldSpec("achieved", AS_NUMBER),
)


class GenericParser(LabelledForm):
    """Not a form: the fields any document may state, read for documents no form recognised."""

    form = Form.UNKNOWN
    labels = LABELS
    fields = FIELDS

    def detect(self, text: str) -> int:
        return 0

    def parse(self, doc: DocText) -> FormResult:
        result = self.read(FieldContext(doc.text, LABELS, inline_labels=True))
        read_generic(doc, result)
        return result


def read_generic(doc: DocText, result: FormResult) -> None:
    """What any document states (:mod:`parsers.forms.generic_reading`), added to what the labels read: the
    title from ``เรื่อง`` or the first heading when no label named one, the agency of a ``ส่วนราชการ``
    field, the document's kind, number and date, and every ``label : value`` pair."""
    text = doc.text
    memo = memo_fields(text)
    if result.title is None:
        drawn = bool(doc.lines) and bool(doc.lines[0])  # wraps joined from the page's geometry already
        result.title = memo.get("subject") or first_heading(text, continued=not drawn)
    if "agency" in memo:
        result.agency = agency_of_field(text, memo["agency"])
    if result.agency is None and (named := issuer(text)) is not None:
        result.agency, result.agency_source = named, "heading"
    for key in ("addressee", "reference", "enclosure"):
        if key in memo:
            result.extra[key] = memo[key]
    for key, located in (("document_kind", document_kind(text)), ("document_no", document_number(text))):
        if located is not None:
            result.extra[key] = located
    result.document_date = document_date(doc)
    taken = [
        (v.start, v.end)
        for v in (result.title, result.code, result.target, result.achieved, result.agency)
        if v is not None
    ]
    result.pairs = label_pairs(text, taken)


PARSER = GenericParser()
