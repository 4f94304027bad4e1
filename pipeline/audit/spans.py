"""Where in the text an audit finding points: the span of a value the ingest already located."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.audit.tables import DocView
from schemas.records import Entry


@dataclass(frozen=True, slots=True)
class Where:
    page: int | None = None
    char_start: int | None = None
    char_end: int | None = None

    def kw(self) -> dict[str, int | None]:
        return {"page": self.page, "char_start": self.char_start, "char_end": self.char_end}


def entry_head(entry: Entry, width: int = 120) -> Where:
    """The first characters of an entry."""
    return Where(entry.page, entry.char_start, min(entry.char_end, entry.char_start + width))


def report_date_at(doc: DocView, entry: Entry) -> Where:
    """The entry's report date as written, else the entry's start."""
    for mention in doc.dates:
        if mention.entry_no == entry.entry_no and mention.value == entry.report_date:
            return Where(mention.page, mention.char_start, mention.char_end)
    for mention in doc.dates:  # a date stamp printed just before the entry's own text
        if mention.value == entry.report_date and mention.raw == entry.report_date_raw:
            return Where(mention.page, mention.char_start, mention.char_end)
    return entry_head(entry)


def value_at(doc: DocView, entry: Entry, value: float | None, kinds: tuple[str, ...] = ("percent",)) -> Where:
    """A number of the entry (a progress percentage, a score) as written, else the entry's start."""
    if value is not None:
        for metric in doc.metrics:
            if metric.entry_no == entry.entry_no and metric.kind in kinds and metric.value == value:
                return Where(metric.page, metric.char_start, metric.char_end)
    return entry_head(entry)


def field_at(doc: DocView, name: str) -> Where:
    """A document-level value (``start_date``, ``target_value`` …) where it is written."""
    for value in doc.fields:
        if value.field == name:
            return Where(value.page, value.char_start, value.char_end)
    return Where()


def entry_label(entry: Entry) -> str:
    """How the report names an entry: its report number, date or quarter."""
    if entry.report_no is not None:
        return f"report {entry.report_no}"
    if entry.report_date_raw:
        return f"the entry of {entry.report_date_raw}"
    if entry.quarter is not None:
        return f"quarter {entry.quarter}"
    return f"entry {entry.entry_no}"
