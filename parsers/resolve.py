"""Resolving what a form read against the whole document: the fiscal year, entry dates in context
(quarter heading, fiscal-year window, neighbours), quarters, fields with their provenance, entries,
budget items, metrics, dates and their findings (:class:`Resolver`). The same for every form; called by
:func:`parsers.assemble.parse_prepared`. Pure: a form's result in, records out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from parsers.agency import TEXT_AGENCY_FORMS, agency_from_text
from parsers.document.doctext import DocText, Located
from parsers.doubt import LOW_CONFIDENCE_BELOW, Doubts
from parsers.findings import FindingBuilder
from parsers.forms.base import BudgetItemDraft, EntryDraft, FormResult, LabelledValue
from parsers.rows import DocumentRows
from parsers.text.spans import Spans
from parsers.thai import dates as thai_dates
from parsers.thai.date_order import resolve_order
from parsers.thai.dates import DateReading
from parsers.thai.numbers import find_numbers, label_before
from schemas.codes import FindingCode
from schemas.enums import DateKind, Form, MetricKind, Severity
from schemas.records import BudgetItem, DateMention, Entry, FieldValue, Metric


@dataclass
class ParsedDocument(DocumentRows):
    """Everything parsed from one document; the pipeline adds the file facts (path, format, encoding)."""

    doc_id: str
    form: Form
    fields: dict[str, object] = field(default_factory=dict)  # documents columns read from the text


class Resolver:
    """Resolves one FormResult against the whole text; fills a ParsedDocument."""

    def __init__(
        self,
        doc: DocText,
        result: FormResult,
        out: ParsedDocument,
        findings: FindingBuilder,
        low_confidence_below: float = LOW_CONFIDENCE_BELOW,
    ) -> None:
        self.doc, self.result, self.out, self.findings = doc, result, out, findings
        self.doubts = Doubts(findings, low_confidence_below)
        self.readings = {r.start: r for r in doc.dates}

    def run(self) -> None:
        fy, fy_source = self._fiscal_year()
        entry_dates = self._resolve_entry_dates(fy)
        if fy is None:
            fy, fy_source = _majority_fy(entry_dates), "inferred"
            if fy is None and self.result.document_date is not None:  # a memo: the year it is dated in
                fy = thai_dates.fiscal_year_be(self.result.document_date.value)
            if fy is None:
                fy_source = None
        self._fields(fy, fy_source)
        self._entries(entry_dates, fy)
        self._budget_items(fy)
        self._metrics()
        self._dates()
        for issue in self.result.issues:
            self.findings.issue(issue, None if issue.entry_index is None else issue.entry_index + 1)

    # -- fiscal year and dates -------------------------------------------------------------------
    def _fiscal_year(self) -> tuple[int | None, str | None]:
        if self.result.fiscal_year_be is not None:
            return self.result.fiscal_year_be.value, "stated"
        mentions = [r.fiscal_year_be for r in self.readings.values() if r.fiscal_year_be is not None]
        if mentions:
            return Counter(mentions).most_common(1)[0][0], "stated"
        return None, None

    def _resolve_entry_dates(self, fy: int | None) -> list[DateReading | None]:
        drafts = self.result.entries
        own = [d.date for d in drafts]
        if fy is None:
            fy = _majority_fy(own)
        resolved: list[DateReading | None] = []
        for i, (draft, reading) in enumerate(zip(drafts, own, strict=True)):
            if reading is None or not reading.alternatives:
                resolved.append(reading)
                continue
            window = None
            if fy is not None:
                window = (
                    thai_dates.quarter_window(fy, draft.quarter)
                    if draft.quarter is not None
                    else thai_dates.fiscal_year_window(fy)
                )
            before = [r.value for r in resolved[-1:] if r is not None and r.value is not None]
            after = [r.value for r in own[i + 1 : i + 2] if r is not None and r.value is not None]
            decided = resolve_order(reading, window, [*before, *after], position=len(before))
            self.readings[decided.start] = decided
            resolved.append(decided)
        return resolved

    # -- records ---------------------------------------------------------------------------------
    def _fields(self, fy: int | None, fy_source: str | None) -> None:
        r, f = self.result, self.out.fields
        for name, located in (("title", r.title), ("code", r.code)):
            if located is not None:
                f[name] = located.value
                self._provenance(name, located)
        self._agency()
        f["fiscal_year_be"] = fy
        f["fiscal_year_ce"] = None if fy is None else thai_dates.be_to_ce(fy)
        f["fiscal_year_source"] = fy_source
        if r.fiscal_year_be is not None:
            self._provenance("fiscal_year_be", r.fiscal_year_be)
        for name, value in (
            ("document_date", r.document_date),
            ("start_date", r.start_date),
            ("end_date", r.end_date),
        ):
            if value is not None:
                f[name] = value.value
                self._provenance(name, value)
        for prefix, labelled in (("target", r.target), ("achieved", r.achieved)):
            if labelled is not None:
                f[f"{prefix}_value"], f[f"{prefix}_unit"] = labelled.value, labelled.unit
                self._provenance(f"{prefix}_value", Located(labelled.value, labelled.start, labelled.end))
        for name, labelled in (("budget_thb", r.budget), ("budget_spent_thb", r.budget_spent)):
            if labelled is not None:
                f[name] = labelled.value
                self._provenance(name, Located(labelled.value, labelled.start, labelled.end))
        for name, located in r.extra.items():  # fields with no documents column: kept with provenance
            self._provenance(name, located)
        for label, located in r.pairs:  # a document of no known form: its own labels
            self._provenance(label, located)

    def _agency(self) -> None:
        """The form's agency field, else (forms without one) the agency the text names."""
        located, source = self.result.agency, self.result.agency_source
        if located is None and self.result.form in TEXT_AGENCY_FORMS:
            found = agency_from_text(self.doc.text, self.result.title)
            if found is not None:
                located, source = found.located, found.source
        if located is not None:
            self.out.fields["agency"], self.out.fields["agency_source"] = located.value, source
            self._provenance("agency", located)

    def _provenance(self, name: str, located: Located[object]) -> None:
        pos = self.doc.locate(located.start, located.end)
        self.out.field_values.append(
            FieldValue(
                doc_id=self.out.doc_id,
                field=name,
                value=str(located.value),
                **pos.span(),
                raw=pos.raw,
                ocr_confidence=self.doubts.confidence(pos, located.start, located.end, None),
            )
        )

    def _entries(self, entry_dates: list[DateReading | None], fy: int | None) -> None:
        for no, (draft, reading) in enumerate(zip(self.result.entries, entry_dates, strict=True), start=1):
            flags = list(reading.flags) if reading else []
            value = reading.value if reading else None
            quarter, source = draft.quarter, draft.quarter_source
            if value is not None:
                flags += self._period_flags(draft, value, fy, no, reading)
                if quarter is None:
                    quarter, source = thai_dates.fiscal_quarter(value), "date"
            pos = self.doc.locate(draft.start, draft.end)
            self.out.entries.append(
                Entry(
                    doc_id=self.out.doc_id,
                    entry_no=no,
                    quarter=quarter,
                    quarter_source=source,
                    report_no=draft.report_no,
                    kpi_no=draft.kpi_no,
                    report_date=value,
                    report_date_raw=reading.raw if reading else None,
                    date_flags=flags,
                    progress_pct=_value(draft.progress),
                    progress_unit=draft.progress.unit if draft.progress is not None else None,
                    budget_spent_thb=_value(draft.budget_spent),
                    plan_status=draft.plan_status,
                    target_status=draft.target_status,
                    score=_value(draft.score),
                    text=draft.text,
                    **pos.span(),
                )
            )

    def _budget_items(self, fy: int | None) -> None:
        drafts: list[BudgetItemDraft] = self.result.budget_items
        for no, item in enumerate(drafts, start=1):
            pos = self.doc.locate(item.start, item.end)
            self.out.budget_items.append(
                BudgetItem(
                    doc_id=self.out.doc_id,
                    item_no=no,
                    number=item.number,
                    level=item.level,
                    parent_item_no=None if item.parent is None else item.parent + 1,
                    label=item.label,
                    amount_thb=item.amount,
                    fiscal_year_be=fy if item.fiscal_year_be is None else item.fiscal_year_be,
                    **pos.span(),
                    raw=pos.raw,
                )
            )

    def _period_flags(
        self, draft: EntryDraft, value: date, fy: int | None, no: int, reading: DateReading | None
    ) -> list[str]:
        if fy is None or reading is None:
            return []
        if draft.quarter is not None and draft.quarter_source == "heading":
            lo, hi = thai_dates.quarter_window(fy, draft.quarter)
            if not lo <= value <= hi:
                self.findings.at(
                    FindingCode.OUTSIDE_QUARTER,
                    Severity.WARNING,
                    f"entry dated {value.isoformat()} sits under the heading of quarter {draft.quarter} "
                    f"of fiscal year {fy}",
                    reading.start,
                    reading.end,
                    no,
                )
                return ["outside_quarter"]
        lo, hi = thai_dates.fiscal_year_window(fy)
        if not lo <= value <= hi:
            self.findings.at(
                FindingCode.OUTSIDE_FY,
                Severity.WARNING,
                f"entry dated {value.isoformat()} is outside fiscal year {fy} ({lo}..{hi})",
                reading.start,
                reading.end,
                no,
            )
            return ["outside_fy"]
        return []

    def _entry_of(self, pos: int) -> int | None:
        for no, draft in enumerate(self.result.entries, start=1):
            if draft.start <= pos < draft.end:
                return no
        return None

    def _metrics(self) -> None:
        labelled: list[tuple[LabelledValue, int | None]] = []
        r = self.result
        for doc_value in (r.target, r.achieved, r.budget, r.budget_spent, *r.values):
            if doc_value is not None:
                labelled.append((doc_value, None))
        for index, draft in enumerate(r.entries, start=1):
            for v in (draft.progress, draft.budget_spent, draft.score):
                if v is not None:
                    labelled.append((v, index))
        # a budget item's amount is in budget_items already: not a metric too
        taken = Spans(
            [(v.start, v.end) for v, _ in labelled]
            + [(d.start, d.end) for d in self.readings.values()]
            + [(b.start, b.end) for b in r.budget_items if b.amount is not None]
        )
        for v, entry_no in labelled:
            kind = _KINDS.get(v.unit or "", MetricKind.COUNT)
            self._metric(v.label, kind, v.value, v.unit, v.start, v.end, entry_no, v.fiscal_year_be)
        for n in find_numbers(self.doc.text):
            if taken.overlaps(n.start, n.end):
                continue
            label = label_before(self.doc.text, n.start) or n.unit
            self._metric(label, n.kind, n.value, n.unit, n.start, n.end, self._entry_of(n.start))
        self.out.metrics.sort(key=lambda m: (m.page, m.char_start))

    def _metric(
        self,
        label: str,
        kind: MetricKind,
        value: float,
        unit: str | None,
        start: int,
        end: int,
        entry_no: int | None,
        fiscal_year_be: int | None = None,
    ) -> None:
        pos = self.doc.locate(start, end)
        self.out.metrics.append(
            Metric(
                doc_id=self.out.doc_id,
                entry_no=entry_no,
                label=label,
                kind=kind,
                value=value,
                unit=unit,
                fiscal_year_be=fiscal_year_be,
                raw=pos.raw,
                **pos.span(),
                ocr_confidence=self.doubts.confidence(pos, start, end, entry_no),
            )
        )

    def _dates(self) -> None:
        for reading in sorted(self.readings.values(), key=lambda d: d.start):
            pos = self.doc.locate(reading.start, reading.end)
            no = self._entry_of(reading.start)
            self.out.dates.append(
                DateMention(
                    doc_id=self.out.doc_id,
                    entry_no=no,
                    kind=reading.kind,
                    family=reading.family,
                    value=reading.value,
                    value_end=reading.value_end,
                    time=reading.time,
                    fiscal_year_be=reading.fiscal_year_be,
                    flags=list(reading.flags),
                    raw=pos.raw,
                    **pos.span(),
                    written_at=_written_at(reading),
                    ocr_confidence=self.doubts.confidence(pos, reading.start, reading.end, no),
                )
            )
            self.findings.date_flags(reading, no)


def _value(v: LabelledValue | None) -> float | None:
    return None if v is None else v.value


#: a labelled value's kind by its unit; any other unit, or none written, is a count
_KINDS = {"%": MetricKind.PERCENT, "บาท": MetricKind.MONEY, "คะแนน": MetricKind.SCORE}


def _majority_fy(readings: Sequence[DateReading | None]) -> int | None:
    years = [
        thai_dates.fiscal_year_be(r.value)
        for r in readings
        if r is not None and r.value is not None and r.kind is DateKind.DAY
    ]
    return Counter(years).most_common(1)[0][0] if years else None


def _written_at(reading: DateReading) -> datetime | None:
    if reading.value is None or reading.time is None:
        return None
    hour, _, minute = reading.time.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
        return None
    return datetime.combine(reading.value, time(int(hour), int(minute)))
