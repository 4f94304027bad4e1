"""The records raingan writes: one pydantic model per output table.

These models are the single source of truth: the Arrow schemas (:mod:`schemas.arrow`) and the data
dictionary (docs/DATA.md) are derived from them. Every field carries a description.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from schemas.codes import FindingCode
from schemas.enums import (
    DateKind,
    Form,
    MetricKind,
    Severity,
    SourceFormat,
    Stage,
    Status,
    TableMethod,
    TextSource,
)


class Record(BaseModel):
    """Base of every output row: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    table: ClassVar[str]
    doc: ClassVar[str]


class Document(Record):
    table: ClassVar[str] = "documents"
    doc: ClassVar[str] = "One row per input file, also when it failed."

    doc_id: str = Field(description="sha256 of the file bytes (hex); join key of every table")
    source_path: str = Field(description="path of the input file as given on the command line")
    source_format: SourceFormat = Field(description="txt | html | pdf | docx | xlsx")
    form: Form = Field(
        description="kpi_report | project_progress | kpi_detail | project_progress_web | "
        "agency_performance | budget | unknown"
    )
    status: Status = Field(description="ok | partial (an error finding was recorded) | failed")
    title: str | None = Field(
        None,
        description="KPI or project name as written; for a document of no known form, a labelled KPI name, "
        "else its subject (เรื่อง), else its first heading",
    )
    code: str | None = Field(None, description="KPI code (0406-0772) or project code (50470000-3430)")
    agency: str | None = Field(
        None,
        description="top organisation (สำนักงานเขตบางนา): as the report's agency field states it, else the "
        "BMA agency its text names, by its canonical name (agency_source says how it was found)",
    )
    agency_source: str | None = Field(
        None,
        description="how agency was found: field (the form's agency field) | prefix (the N/abbr. numbering "
        "of a KPI title: 8/สปท. → สำนักงานปกครองและทะเบียน) | title (the agency the title names) | heading "
        "(the issuer a notice or an order names after its kind: ประกาศเทศบาลตำบลพอกน้อย) | body "
        "(the agency the text names most often, outside lists of agencies and addressees; null when two "
        "tie) | null",
    )
    fiscal_year_be: int | None = Field(None, description="fiscal year, Buddhist Era (2566)")
    fiscal_year_ce: int | None = Field(
        None, description="the same fiscal year in Common Era, named by the year it ends in (2566 → 2023)"
    )
    fiscal_year_source: str | None = Field(
        None,
        description="stated (a field or the body says it) | inferred (from entry dates, else from the "
        "document_date) | null",
    )
    target_value: float | None = Field(None, description="target (เป้าหมาย / ค่าเป้าหมาย) as a number")
    target_unit: str | None = Field(None, description="unit of the target: % or the Thai unit word (คะแนน)")
    achieved_value: float | None = Field(None, description="result achieved (ผลงานที่ทำได้) as a number")
    achieved_unit: str | None = Field(None, description="unit of the result")
    document_date: date | None = Field(
        None,
        description="the date the document is dated, for documents of no known form: a memo's วันที่ next to "
        "its number, a notice's ประกาศ ณ วันที่, a table's ข้อมูล ณ วันที่",
    )
    start_date: date | None = Field(None, description="project start (เริ่มต้นโครงการ)")
    end_date: date | None = Field(None, description="project end (สิ้นสุดโครงการ)")
    budget_thb: float | None = Field(None, description="budget received (งบประมาณที่ได้รับ), baht")
    budget_spent_thb: float | None = Field(None, description="budget used (งบประมาณที่ใช้ไป), baht")
    encoding: str | None = Field(None, description="text encoding the file was decoded from (utf-8, cp874…)")
    n_pages: int = Field(
        0, description="number of pages (a text export is one page unless it holds form feeds)"
    )
    n_entries: int = Field(0, description="number of rows in entries for this document")
    n_findings: int = Field(
        0, description="findings of reading and parsing this document (stages read, normalize, parse)"
    )
    same_report_as: str | None = Field(
        None,
        description="the doc_id of the first document of the run that holds the same report (the same form, "
        "code, title, fiscal year and entries: a .txt, a PDF and a scan of one report): this one is "
        "another rendition of it, counted once in kpi_history, the audit and the run summary; null for a "
        "first or only rendition",
    )
    parser_version: str = Field(description="version of the parsers that produced the row")


class Entry(Record):
    table: ClassVar[str] = "entries"
    doc: ClassVar[str] = (
        "One row per progress entry (a dated monthly entry, a quarter narrative, a project report)."
    )

    doc_id: str = Field(description="the document (documents.doc_id)")
    entry_no: int = Field(description="1-based order of the entry in its document")
    quarter: int | None = Field(
        None, description="fiscal quarter 1–4: the heading's, else derived from the date"
    )
    quarter_source: str | None = Field(None, description="heading | date | table | null")
    report_no: int | None = Field(None, description="report number (รายงานครั้งที่ N), project reports only")
    kpi_no: int | None = Field(
        None, description="the KPI the entry belongs to ((1), (2) …), on agency pages that list several KPIs"
    )
    report_date: date | None = Field(None, description="date the entry is stamped with")
    report_date_raw: str | None = Field(None, description="that date exactly as written")
    date_flags: list[str] = Field(default_factory=list, description="flags on the date, e.g. ambiguous_order")
    progress_pct: float | None = Field(
        None,
        description="progress or the quarter's result (ความก้าวหน้าของงานฯ, ผลงาน), in the unit progress_unit "
        "says: a percentage when it is %",
    )
    progress_unit: str | None = Field(
        None,
        description="the unit of progress_pct as the report writes it: % (ร้อยละ), คะแนน (points), ระดับ "
        "(a level) …; null when the report writes none",
    )
    budget_spent_thb: float | None = Field(
        None, description="budget used in this report (งบประมาณที่เบิกใช้), baht"
    )
    plan_status: str | None = Field(None, description="status against plan as written (เป็นไปตามแผน)")
    target_status: str | None = Field(None, description="status against target as written (เป็นไปตามเป้าหมาย)")
    score: float | None = Field(None, description="assessor's score for the quarter (form C table)")
    text: str = Field(description="the entry's text, normalised")
    page: int = Field(description="page the entry starts on")
    char_start: int = Field(description="start of the entry in pages.text")
    char_end: int = Field(description="end (exclusive) of the entry in pages.text")


class Metric(Record):
    table: ClassVar[str] = "metrics"
    doc: ClassVar[str] = "One row per number with a unit: percentages, counts, baht, scores."

    doc_id: str = Field(description="the document")
    entry_no: int | None = Field(None, description="the entry it was read in; null outside entries")
    label: str = Field(description="what the number measures: the field name, or the words before it")
    kind: MetricKind = Field(description="percent | count | money | score")
    value: float = Field(description="the number (thousands separators and Thai digits resolved)")
    unit: str | None = Field(
        None,
        description="the Thai unit word as written; % for percentages; บาท for money; null when the text "
        "writes none (ค่าเป้าหมาย : 100)",
    )
    raw: str = Field(description="the number and unit exactly as written")
    page: int = Field(description="page of the value")
    char_start: int = Field(description="start of the value in pages.text")
    char_end: int = Field(description="end (exclusive) in pages.text")
    ocr_confidence: float | None = Field(
        None,
        description="OCR pages: the lowest confidence (0–100) of the OCR words the value was read from; "
        "null for text and text-layer pages",
    )
    fiscal_year_be: int | None = Field(
        None,
        description="the fiscal year (BE) the value is for, when the document says so beside it (a table "
        "column headed ปี 2566, a budget document's estimate for a later year); null otherwise",
    )


class Finding(Record):
    table: ClassVar[str] = "findings"
    doc: ClassVar[str] = "Problems and repairs, one row each; codes are listed in docs/DATA.md."

    doc_id: str = Field(description="the document")
    entry_no: int | None = Field(None, description="the entry concerned; null for the whole document")
    stage: Stage = Field(
        Stage.PARSE,
        description="read | normalize | parse (recorded while reading one document) | audit (consistency "
        "checks over all documents, by raingan audit)",
    )
    severity: Severity = Field(description="error | warning | info")
    code: FindingCode = Field(description="stable finding code (see the list in docs/DATA.md)")
    message: str = Field(description="what happened, in plain words")
    evidence: str | None = Field(None, description="the text or values that show it")
    count: int | None = Field(
        None, description="how many times it happened on the page (repairs: edits made); null otherwise"
    )
    page: int | None = Field(None, description="page of the evidence")
    char_start: int | None = Field(None, description="start of the evidence in pages.text")
    char_end: int | None = Field(None, description="end of the evidence in pages.text")


class PageText(Record):
    table: ClassVar[str] = "pages"
    doc: ClassVar[str] = "The text of every page, raw and normalised: every span points into `text`."

    doc_id: str = Field(description="the document")
    page: int = Field(description="1-based page number")
    text_raw: str = Field(description="the text as read (decoded, nothing else changed)")
    text: str = Field(description="the normalised text the parsers read; spans index into it")
    text_source: TextSource = Field(
        description="where the text came from: plain (text or HTML file) | text_layer (PDF) | ocr"
    )
    quality: float | None = Field(
        None,
        description="quality 0–1 of a PDF page's text (its text layer, or its OCR text): share of its Thai "
        "characters inside dictionary words, after repair; null for text files and pages without Thai",
    )
    ocr_confidence: float | None = Field(
        None,
        description="OCR pages: the engine's mean word confidence (0–100, weighted by word length); "
        "null when the page was not OCR'd",
    )
    layer_raw: str | None = Field(
        None,
        description="PDF pages: the page's text layer as read, when `text` is not made from it alone — the "
        "layer lied (finding text_layer_unusable), held only a header over a scanned body "
        "(text_layer_partial), or OCR read the page better; null otherwise",
    )


class DateMention(Record):
    table: ClassVar[str] = "dates"
    doc: ClassVar[str] = "Every date expression found in the text, resolved, with its flags."

    doc_id: str = Field(description="the document")
    entry_no: int | None = Field(None, description="the entry it was read in; null outside entries")
    kind: DateKind = Field(description="day | month | range | fiscal_year")
    family: str = Field(
        description="written family: slash_dmy, slash_mdy, iso, thai_month, thai_month_abbr …"
    )
    value: date | None = Field(None, description="the day; first day of a month, range or fiscal year")
    value_end: date | None = Field(None, description="last day of a month, range or fiscal year")
    time: str | None = Field(None, description="clock time HH:MM when written (เวลา 10.00 น.)")
    fiscal_year_be: int | None = Field(None, description="the fiscal year named, for fiscal-year mentions")
    flags: list[str] = Field(default_factory=list, description="ambiguous_order, weekday_mismatch, invalid …")
    raw: str = Field(description="the expression exactly as written")
    page: int = Field(description="page")
    char_start: int = Field(description="start in pages.text")
    char_end: int = Field(description="end (exclusive) in pages.text")
    written_at: datetime | None = Field(None, description="value and time together when a time is written")
    ocr_confidence: float | None = Field(
        None,
        description="OCR pages: the lowest confidence (0–100) of the OCR words the value was read from; "
        "null for text and text-layer pages",
    )


class FieldValue(Record):
    table: ClassVar[str] = "fields"
    doc: ClassVar[str] = "Provenance of every document-level value (title, code, target …)."

    doc_id: str = Field(description="the document")
    field: str = Field(
        description="the documents column the value went to, or a field kept only here (agency_code, "
        "kpi_type, unit, document_kind, document_no: see docs/DATA.md); for a document of no known form "
        "also each `label : value` it writes, under its label as written (ผู้รับผิดชอบ)"
    )
    value: str = Field(description="the value as stored, as text")
    page: int = Field(description="page")
    char_start: int = Field(description="start in pages.text")
    char_end: int = Field(description="end (exclusive) in pages.text")
    raw: str = Field(description="exactly as written")
    ocr_confidence: float | None = Field(
        None,
        description="OCR pages: the lowest confidence (0–100) of the OCR words the value was read from; "
        "null for text and text-layer pages",
    )


class KpiHistory(Record):
    table: ClassVar[str] = "kpi_history"
    doc: ClassVar[str] = (
        "The same KPI or project lined up across fiscal years: one row per document of a KPI report or "
        "project (written by the audit)."
    )

    series_id: str = Field(description="the KPI or project across years: same series_id, same KPI")
    match: str = Field(
        description="how the documents of the series were matched: code (same KPI or project code) | "
        "title_agency (same normalised title and agency) | title (same normalised title, agency unknown)"
    )
    series_key: str = Field(description="what was matched: the code, or the normalised title (| agency)")
    doc_id: str = Field(description="the document")
    source_path: str = Field(description="its input file")
    form: Form = Field(description="its form")
    title: str | None = Field(None, description="KPI or project name as written in this document")
    code: str | None = Field(None, description="KPI or project code in this document")
    agency: str | None = Field(None, description="agency of this document")
    fiscal_year_be: int | None = Field(None, description="the document's fiscal year (BE)")
    fiscal_year_ce: int | None = Field(None, description="the same fiscal year, CE (year it ends in)")
    year_index: int = Field(description="1-based position of this document in its series, by fiscal year")
    target_value: float | None = Field(None, description="target (documents.target_value)")
    target_unit: str | None = Field(None, description="unit of the target")
    achieved_value: float | None = Field(None, description="result achieved (documents.achieved_value)")
    achieved_unit: str | None = Field(None, description="unit of the result")
    q1_progress: float | None = Field(
        None, description="progress or quarter result in quarter 1: the last entries.progress_pct in it"
    )
    q2_progress: float | None = Field(None, description="the same for quarter 2")
    q3_progress: float | None = Field(None, description="the same for quarter 3")
    q4_progress: float | None = Field(None, description="the same for quarter 4")
    final_progress: float | None = Field(None, description="the last progress reported in the document")
    progress_unit: str | None = Field(
        None,
        description="the unit of q1_progress … final_progress (entries.progress_unit): % or คะแนน …; the "
        "charts never put two units on one axis",
    )
    n_entries: int = Field(0, description="entries of the document")
    n_audit_findings: int = Field(0, description="audit findings (warning or error) on the document")


class Table(Record):
    table: ClassVar[str] = "tables"
    doc: ClassVar[str] = (
        "One row per table found in a document: on a PDF or OCR page, in a Word document, or an Excel sheet."
    )

    doc_id: str = Field(description="the document")
    table_no: int = Field(description="1-based order of the table in its document")
    page: int = Field(description="page the table starts on (a sheet of a workbook is a page)")
    page_end: int = Field(description="page it ends on: a table continued over a page break is one table")
    method: TableMethod = Field(
        description="how it was found: ruled (the page's drawn rules) | aligned (text in aligned columns) | "
        "docx (a Word table) | xlsx (a sheet)"
    )
    n_rows: int = Field(description="rows, header rows included")
    n_cols: int = Field(description="columns")
    n_header_rows: int = Field(0, description="rows at the top that head the columns")
    left: float | None = Field(
        None, description="PDF and OCR pages: the table's left edge on its first page (points; OCR: pixels)"
    )
    top: float | None = Field(None, description="its top edge (y grows down the page)")
    right: float | None = Field(None, description="its right edge")
    bottom: float | None = Field(None, description="its bottom edge on its first page")
    caption: str | None = Field(
        None, description="the heading or caption just above the table (a sheet: its name), normalised"
    )


class Cell(Record):
    table: ClassVar[str] = "cells"
    doc: ClassVar[str] = "One row per non-empty cell of a table, with its value and its headers."

    doc_id: str = Field(description="the document")
    table_no: int = Field(description="the table (tables.table_no)")
    row: int = Field(description="0-based row in the table (header rows first)")
    col: int = Field(description="0-based column")
    row_span: int = Field(1, description="rows the cell spans (merged cells)")
    col_span: int = Field(1, description="columns the cell spans")
    text: str = Field(description="the cell's text, normalised (Thai repaired)")
    is_header: bool = Field(description="the cell heads its column (a header row) or its row")
    value: float | None = Field(
        None, description="the number the cell holds (thousands separators and Thai digits resolved)"
    )
    unit: str | None = Field(None, description="its unit as written in the cell, or in its column's header")
    date_value: date | None = Field(None, description="the day the cell holds, when it holds a date")
    row_header: str | None = Field(
        None, description="the texts heading the cell's row (its label column), joined with › "
    )
    col_header: str | None = Field(
        None, description="the texts heading the cell's column, from the top header row down, joined with › "
    )
    page: int = Field(description="page of the cell")
    char_start: int = Field(description="start of the cell's text in pages.text")
    char_end: int = Field(description="end (exclusive) in pages.text")
    raw: str = Field(description="the cell exactly as read")


class BudgetItem(Record):
    table: ClassVar[str] = "budget_items"
    doc: ClassVar[str] = (
        "One row per line item of a budget document (form budget): its amount and its place in the "
        "hierarchy (แผนงาน/งาน → งบ → หมวด → รายการ)."
    )

    doc_id: str = Field(description="the document")
    item_no: int = Field(description="1-based order of the item in its document")
    number: str | None = Field(
        None, description="the item's numbering as written: 1. , 1.1 , 2.1.3 , a budget code 01101-2 …"
    )
    level: int = Field(
        description="depth in the hierarchy: 0 a programme or work (งาน…), 1 a budget type (1. งบบุคลากร), "
        "2 a category (1.1 เงินเดือน), deeper numbering deeper, a coded line item below its category"
    )
    parent_item_no: int | None = Field(None, description="item_no of the item it is part of; null at the top")
    label: str = Field(description="what the money is for, normalised, numbering and amount left out")
    amount_thb: float | None = Field(None, description="the amount, baht; null when the line states none")
    fiscal_year_be: int | None = Field(None, description="the fiscal year the amount is for (BE)")
    page: int = Field(description="page of the amount (of the label when there is no amount)")
    char_start: int = Field(description="start of the amount in pages.text")
    char_end: int = Field(description="end (exclusive) in pages.text")
    raw: str = Field(description="the amount exactly as written")


TABLES: tuple[type[Record], ...] = (
    Document,
    Entry,
    Metric,
    Finding,
    PageText,
    DateMention,
    FieldValue,
    Table,
    Cell,
    BudgetItem,
)
"""The tables an ingest writes from each document's rows."""
AUDIT_TABLES: tuple[type[Record], ...] = (KpiHistory,)
"""The tables the audit writes from all documents together."""
OUTPUT_TABLES: tuple[type[Record], ...] = TABLES + AUDIT_TABLES
"""Every table of an output folder."""
