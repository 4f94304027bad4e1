"""The audit's view of an output folder: documents with their rows, one fiscal-year file at a time.

The tables are datasets with one file per fiscal year (:mod:`pipeline.store.parquet`), every child row in its
document's file, so a whole document is in one partition: the audit reads one partition, checks its
documents, and lets it go. Memory follows the largest fiscal year, not the archive.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from schemas.enums import Stage
from schemas.records import DateMention, Document, Entry, FieldValue, Finding, Metric, PageText, Record

R = TypeVar("R", bound=Record)
#: characters of page text shown on each side of a finding's span
SNIPPET_CONTEXT = 90


@dataclass
class DocView:
    """One document and every row the ingest wrote for it."""

    document: Document
    entries: list[Entry] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    fields: list[FieldValue] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # read, normalize and parse findings
    pages: dict[int, str] = field(default_factory=dict)  # page → normalised text (pages.text)
    page_quality: dict[int, float | None] = field(default_factory=dict)  # page → pages.quality

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    def text(self, page: int, start: int, end: int) -> str:
        return self.pages.get(page, "")[start:end]

    def snippet(self, page: int | None, start: int | None, end: int | None) -> str | None:
        """The page text around a span, on whole lines where they are short, for the report."""
        if page is None or start is None or end is None or page not in self.pages:
            return None
        text = self.pages[page]
        lo = max(0, start - SNIPPET_CONTEXT)
        hi = min(len(text), end + SNIPPET_CONTEXT)
        line_start = text.rfind("\n", lo, start)
        line_end = text.find("\n", end, hi)
        lo = line_start + 1 if line_start >= 0 else lo
        hi = line_end if line_end >= 0 else hi
        return text[lo:hi].strip() or None

    def entry(self, entry_no: int | None) -> Entry | None:
        if entry_no is None:
            return None
        return next((e for e in self.entries if e.entry_no == entry_no), None)


@cache
def _enum_fields(model: type[Record]) -> dict[str, type[Enum]]:
    out = {}
    for name, hint in typing.get_type_hints(model).items():
        args = typing.get_args(hint) or (hint,)
        kinds = [a for a in args if isinstance(a, type) and issubclass(a, Enum)]
        if kinds and name in model.model_fields:
            out[name] = kinds[0]
    return out


def read_rows(out_dir: Path, model: type[R], partition: str) -> list[R]:
    """The rows of one table's partition as records. They were validated when written, so they are
    not validated again (ten times faster); only their enumerations are made members again."""
    import pyarrow.parquet as pq  # here: an audit of tables already audited reads none

    path = out_dir / f"{model.table}.parquet" / partition
    if not path.exists():
        return []
    # one file, read as such: pq.read_table would go through pyarrow.dataset, which imports pandas
    with pq.ParquetFile(path) as file:
        rows: list[dict[str, Any]] = file.read().to_pylist()
    enums = _enum_fields(model)
    for row in rows:
        for name, kind in enums.items():
            if row.get(name) is not None:
                row[name] = kind(row[name])
    return [typing.cast(R, model.model_construct(**row)) for row in rows]


def documents_of(out_dir: Path, partition: str) -> list[DocView]:
    """Every document of one partition, with its rows, in input order."""
    views = {d.doc_id: DocView(d) for d in read_rows(out_dir, Document, partition)}

    def each(model: type[R]) -> Iterator[tuple[DocView, R]]:
        for row in read_rows(out_dir, model, partition):
            view = views.get(row.doc_id)  # type: ignore[attr-defined]
            if view is not None:
                yield view, row

    for view, entry in each(Entry):
        view.entries.append(entry)
    for view, metric in each(Metric):
        view.metrics.append(metric)
    for view, mention in each(DateMention):
        view.dates.append(mention)
    for view, value in each(FieldValue):
        view.fields.append(value)
    for view, finding in each(Finding):
        if finding.stage != Stage.AUDIT:
            view.findings.append(finding)
    for view, page in each(PageText):
        view.pages[page.page] = page.text
        view.page_quality[page.page] = page.quality
    return list(views.values())
