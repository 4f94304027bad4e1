"""Dates and periods: the stated fiscal year against the project's dates, reports outside the project,
cited documents whose number and date disagree, narratives that tell of later events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import regex

from parsers.thai.fiscal import fiscal_year_be, fiscal_year_window, quarter_window
from parsers.thai.lexicon import BE_OFFSET, CITED_DATE_WORDS, ORDER_NUMBER_WORDS
from pipeline.audit.registry import audit_finding
from pipeline.audit.spans import Where, entry_label, field_at, report_date_at
from pipeline.audit.tables import DocView
from schemas.codes import FindingCode
from schemas.records import Finding

#: "ที่ 29/2566 ลงวันที่" right before a date: a numbered order or letter of year 2566 (BE)
_NUMBERED: regex.Pattern[str] = regex.compile(
    r"(?:{words})\s*(?:[^\s\d/]{{1,8}}\s*)?\d{{1,5}}\s*/\s*(?P<year>25\d\d)\s*(?:{dated})\s*$".format(
        words="|".join(map(regex.escape, ORDER_NUMBER_WORDS)),
        dated="|".join(map(regex.escape, CITED_DATE_WORDS)),
    )
)
_LOOKBACK = 60


def _span(dates: list[date]) -> str:
    lo, hi = min(dates), max(dates)
    return lo.isoformat() if lo == hi else f"{lo.isoformat()} … {hi.isoformat()}"


def check_period(doc: DocView) -> Iterator[Finding]:
    """The stated fiscal year, the project's start and end, and the report dates must agree."""
    d = doc.document
    if (
        d.fiscal_year_be is None
        or d.start_date is None
        or d.end_date is None
        or d.fiscal_year_source != "stated"
    ):
        return
    fy_start, fy_end = fiscal_year_window(d.fiscal_year_be)
    if d.end_date >= fy_start and d.start_date <= fy_end:
        return
    reports = [e.report_date for e in doc.entries if e.report_date is not None]
    in_fy = [r for r in reports if fy_start <= r <= fy_end]
    in_project = [r for r in reports if d.start_date <= r <= d.end_date]
    project_fys = sorted({fiscal_year_be(d.start_date), fiscal_year_be(d.end_date)})
    said = (
        f"; the {len(in_fy)} of {len(reports)} report dates ({_span(reports)}) lie in fiscal year "
        f"{d.fiscal_year_be}, so the project's start and end are the suspect values"
        if reports and len(in_fy) > len(in_project)
        else f"; the report dates ({_span(reports)}) lie in the project's period, so the stated fiscal "
        "year is the suspect value"
        if reports and in_project
        else ""
    )
    yield audit_finding(
        d.doc_id,
        FindingCode.PERIOD_MISMATCH,
        f"the report states fiscal year {d.fiscal_year_be} ({fy_start} – {fy_end}) but the project runs "
        f"{d.start_date} – {d.end_date}, which is fiscal year "
        f"{' – '.join(map(str, project_fys))}{said}",
        evidence=f"fiscal year {d.fiscal_year_be}; start {d.start_date}; end {d.end_date}",
        **field_at(doc, "start_date").kw(),
    )


def check_reports_in_project(doc: DocView) -> Iterator[Finding]:
    """Progress reports dated before the project starts or after it ends."""
    d = doc.document
    for code, bound in (
        (FindingCode.REPORT_BEFORE_START, d.start_date),
        (FindingCode.REPORT_AFTER_END, d.end_date),
    ):
        if bound is None:
            continue
        before = code is FindingCode.REPORT_BEFORE_START
        late = [
            e
            for e in doc.entries
            if e.report_date is not None and (e.report_date < bound if before else e.report_date > bound)
        ]
        if not late:
            continue
        dates = [e.report_date for e in late if e.report_date is not None]
        which = "starts" if before else "ends"
        names = ", ".join(entry_label(e) for e in late[:6]) + (" …" if len(late) > 6 else "")
        yield audit_finding(
            d.doc_id,
            code,
            f"{len(late)} of {len(doc.entries)} progress reports are dated "
            f"{'before' if which == 'starts' else 'after'} the project {which} ({bound}): {names}",
            evidence=f"{_span(dates)}; project {d.start_date} – {d.end_date}",
            entry_no=late[0].entry_no,
            count=len(late),
            **report_date_at(doc, late[0]).kw(),
        )


def _same_day(value: date, year_ce: int) -> date | None:
    try:
        return value.replace(year=year_ce)
    except ValueError:  # 29 February
        return None


def check_cited_years(doc: DocView) -> Iterator[Finding]:
    """``ที่ 29/2566 ลงวันที่ 25 มกราคม 2565``: an order numbered in 2566 cannot be dated 2565."""
    for mention in doc.dates:
        if mention.kind != "day" or mention.value is None:
            continue
        lead = regex.match(r"\D*", mention.raw)  # a date written with its own วันที่
        before = doc.text(mention.page, max(0, mention.char_start - _LOOKBACK), mention.char_start)
        before += lead.group(0) if lead else ""
        found = _NUMBERED.search(before)
        if found is None:
            continue
        year_be = int(found.group("year"))
        dated_be = mention.value.year + BE_OFFSET
        if year_be in (dated_be, fiscal_year_be(mention.value)):
            continue
        same = [
            m
            for m in doc.dates
            if m.value == mention.value and m.entry_no == mention.entry_no and m.kind == "day"
        ]
        suggested = _same_day(mention.value, year_be - BE_OFFSET)
        hint = f"; if the year is a typo, the date is {suggested}" if suggested else ""
        start = mention.char_start + (len(lead.group(0)) if lead else 0) - (len(before) - found.start())
        yield audit_finding(
            doc.doc_id,
            FindingCode.CITED_YEAR_CONFLICT,
            f"a document numbered in {year_be} ({found.group(0).split('/')[0].strip()}/{year_be}) is dated "
            f"{mention.raw} = {mention.value}, in {dated_be}{hint}"
            + (f"; the same date is cited {len(same)} times in this entry" if len(same) > 1 else ""),
            evidence=doc.text(mention.page, start, mention.char_end),
            entry_no=mention.entry_no,
            count=len(same),
            **Where(mention.page, start, mention.char_end).kw(),
        )


def check_later_events(doc: DocView) -> Iterator[Finding]:
    """A quarter's narrative that cites dates after the quarter ended (written late, or copied from a
    later quarter). Earlier dates are normal: narratives look back."""
    fy = doc.document.fiscal_year_be
    if fy is None:
        return
    for entry in doc.entries:
        if entry.quarter is None or entry.quarter_source != "heading":
            continue
        _, q_end = quarter_window(fy, entry.quarter)
        later = [
            m
            for m in doc.dates
            if m.entry_no == entry.entry_no
            and m.kind in ("day", "month", "range")
            and m.value is not None
            and m.value > q_end
            and m.value != entry.report_date
        ]
        if entry.report_date is not None:  # a dated entry may cite up to its own date
            later = [m for m in later if m.value is not None and m.value > entry.report_date]
        if not later:
            continue
        first = later[0]
        yield audit_finding(
            doc.doc_id,
            FindingCode.DATE_AFTER_PERIOD,
            f"{entry_label(entry)} (to {q_end}) cites {len(later)} later date(s): "
            + ", ".join(f"{m.raw} = {m.value}" for m in later[:4]),
            evidence=first.raw,
            entry_no=entry.entry_no,
            count=len(later),
            **Where(first.page, first.char_start, first.char_end).kw(),
        )
