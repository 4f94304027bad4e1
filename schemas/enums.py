"""Closed vocabularies of the output tables."""

from __future__ import annotations

from enum import StrEnum


class Form(StrEnum):
    """Report form: which layout the document follows (see docs/DATA.md)."""

    KPI_REPORT = "kpi_report"
    PROJECT_PROGRESS = "project_progress"
    KPI_DETAIL = "kpi_detail"
    PROJECT_PROGRESS_WEB = "project_progress_web"
    AGENCY_PERFORMANCE = "agency_performance"
    BUDGET = "budget"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """ok: parsed with no error finding; partial: parsed, but an error finding was recorded;
    failed: nothing could be parsed (the cause is in findings)."""

    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Stage(StrEnum):
    """Which step of the pipeline recorded a finding."""

    READ = "read"  # reading the file: decoding, PDF text layers, OCR
    NORMALIZE = "normalize"  # repairs of the text
    PARSE = "parse"  # the form, its fields, dates and numbers
    AUDIT = "audit"  # consistency checks over the tables (raingan audit)


class SourceFormat(StrEnum):
    TXT = "txt"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"


class TextSource(StrEnum):
    PLAIN = "plain"
    TEXT_LAYER = "text_layer"
    OCR = "ocr"


class DateKind(StrEnum):
    """What a date mention denotes."""

    DAY = "day"  # one calendar day (maybe with a clock time)
    MONTH = "month"  # a whole month: precision is the month
    RANGE = "range"  # start..end days
    FISCAL_YEAR = "fiscal_year"  # a Thai fiscal year: 1 Oct .. 30 Sep
    YEAR = "year"  # a calendar year or span of years written with its era (พ.ศ. 2560 – 2579): 1 Jan .. 31 Dec


class MetricKind(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    MONEY = "money"
    SCORE = "score"


class TableMethod(StrEnum):
    """How a table was found (see docs/DATA.md, table ``tables``)."""

    RULED = "ruled"  # a PDF page's drawn rules bound its cells
    ALIGNED = "aligned"  # a PDF or OCR page's text lines in aligned columns, without rules
    DOCX = "docx"  # a Word document's table
    XLSX = "xlsx"  # an Excel sheet
