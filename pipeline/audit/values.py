"""Values: progress that goes down, a final result that disagrees with the achieved value, target and
result on different scales, a quarter with a result but a score of 0, arithmetic the text gives the
parts of, budget spent above budget received."""

from __future__ import annotations

from collections.abc import Iterator

from parsers.thai.lexicon import CHANGE_WORDS, SHARE_WORDS
from pipeline.audit.registry import audit_finding, figure
from pipeline.audit.spans import Where, entry_label, field_at, value_at
from pipeline.audit.tables import DocView
from schemas.codes import FindingCode
from schemas.records import Entry, Finding, Metric

#: progress values closer than this are the same (rounding in the report)
TOLERANCE = 0.5
#: a result this many times its target (or a target this many times its result), give or take
#: SCALE_SLACK, is on another scale: 10 against 100 is a missing or extra zero
SCALE_FACTORS = (10.0, 100.0, 1000.0)
SCALE_SLACK = 0.05
#: the parts of a sum: at most this many characters from the first figure to the percentage
ARITHMETIC_REACH = 400


def check_progress_down(doc: DocView) -> Iterator[Finding]:
    """Progress is cumulative: a report below the one before it is a typo or a restated plan."""
    previous: tuple[float, Entry] | None = None
    for entry in doc.entries:
        if entry.progress_pct is None:
            continue
        now = entry.progress_pct
        if previous is not None and now < previous[0] - 1e-9:
            before, earlier = previous
            yield audit_finding(
                doc.doc_id,
                FindingCode.PROGRESS_DOWN,
                f"progress goes down from {figure(before)} % ({entry_label(earlier)}) to {figure(now)} % "
                f"({entry_label(entry)})",
                evidence=f"{figure(before)} → {figure(now)}",
                entry_no=entry.entry_no,
                **value_at(doc, entry, now).kw(),
            )
        previous = (now, entry)


def check_final_result(doc: DocView) -> Iterator[Finding]:
    """The last quarter's result (or the last report's progress) against the result achieved."""
    d = doc.document
    if d.achieved_value is None:
        return
    last = next((e for e in reversed(doc.entries) if e.progress_pct is not None), None)
    if last is None or last.quarter != 4 or last.progress_pct is None:
        return  # the year is not over in the report: nothing to compare yet
    if abs(last.progress_pct - d.achieved_value) <= TOLERANCE:
        return
    unit = d.achieved_unit or ""
    yield audit_finding(
        d.doc_id,
        FindingCode.FINAL_MISMATCH,
        f"the result achieved is {figure(d.achieved_value)} {unit} but {entry_label(last)}, the last of "
        f"the year, reports {figure(last.progress_pct)}",
        evidence=f"achieved {figure(d.achieved_value)} {unit}; quarter 4 {figure(last.progress_pct)}",
        entry_no=last.entry_no,
        **value_at(doc, last, last.progress_pct, ("percent", "score", "count")).kw(),
    )


def _scale_factor(a: float, b: float) -> float | None:
    if a <= 0 or b <= 0:
        return None
    ratio = max(a, b) / min(a, b)
    return next((f for f in SCALE_FACTORS if abs(ratio / f - 1) <= SCALE_SLACK), None)


def check_target_scale(doc: DocView) -> Iterator[Finding]:
    """Target and result in different units, or one ten (a hundred…) times the other."""
    d = doc.document
    if d.target_value is None or d.achieved_value is None:
        return
    units_differ = bool(d.target_unit and d.achieved_unit and d.target_unit != d.achieved_unit)
    factor = _scale_factor(d.target_value, d.achieved_value)
    if not units_differ and factor is None:
        return
    target = figure(d.target_value, d.target_unit)
    achieved = figure(d.achieved_value, d.achieved_unit)
    why = (
        f"the target is in {d.target_unit} and the result in {d.achieved_unit}"
        if units_differ
        else f"the {'result' if d.achieved_value > d.target_value else 'target'} is {factor:g} times the "
        f"{'target' if d.achieved_value > d.target_value else 'result'}: a missing or extra zero, or "
        "another scale"
    )
    quarters = [e.progress_pct for e in doc.entries if e.progress_pct is not None]
    seen = f"; the quarter results run {figure(min(quarters))} – {figure(max(quarters))}" if quarters else ""
    yield audit_finding(
        d.doc_id,
        FindingCode.TARGET_SCALE,
        f"target {target} against result {achieved}: {why}{seen}",
        evidence=f"target {target}; achieved {achieved}",
        **field_at(doc, "target_value").kw(),
    )


def check_scores(doc: DocView) -> Iterator[Finding]:
    """A quarter with a result but a score of 0 (form C's quarter table)."""
    for entry in doc.entries:
        if entry.score == 0 and entry.progress_pct is not None and entry.progress_pct > 0:
            yield audit_finding(
                doc.doc_id,
                FindingCode.SCORE_INCONSISTENT,
                f"{entry_label(entry)} has a result of {figure(entry.progress_pct)} but a score of 0",
                evidence=f"result {figure(entry.progress_pct)}; score 0",
                entry_no=entry.entry_no,
                **value_at(doc, entry, 0.0, ("score", "percent", "count")).kw(),
            )


def _between(doc: DocView, a: Metric, b: Metric) -> str:
    return doc.text(a.page, a.char_end, b.char_start) if a.page == b.page else ""


def check_arithmetic(doc: DocView) -> Iterator[Finding]:
    """``841 … 615 … ลดลง 226 … คิดเป็นร้อยละ 26.87``: the difference and its share must add up."""
    metrics = sorted(doc.metrics, key=lambda m: (m.page, m.char_start))
    for i in range(len(metrics) - 3):
        a, b, c, p = metrics[i : i + 4]
        if not (a.kind == b.kind == c.kind == "count" and a.unit == b.unit == c.unit and p.kind == "percent"):
            continue
        if a.page != p.page or p.char_end - a.char_start > ARITHMETIC_REACH:
            continue
        if not any(w in _between(doc, b, c) for w in CHANGE_WORDS):
            continue
        if not any(w in _between(doc, c, p) for w in SHARE_WORDS):
            continue
        problems = []
        if abs(abs(a.value - b.value) - c.value) > 1e-9:
            problems.append(
                f"{figure(a.value)} − {figure(b.value)} = {figure(abs(a.value - b.value))}, "
                f"not {figure(c.value)}"
            )
        if a.value > 0 and abs(c.value / a.value * 100 - p.value) > 0.01 + 1e-9:
            problems.append(
                f"{figure(c.value)} / {figure(a.value)} = {c.value / a.value * 100:.2f} %, "
                f"not {figure(p.value)} %"
            )
        if problems:
            yield audit_finding(
                doc.doc_id,
                FindingCode.ARITHMETIC_MISMATCH,
                "the figures the text gives do not add up: " + "; ".join(problems),
                evidence=doc.text(a.page, a.char_start, p.char_end),
                entry_no=a.entry_no,
                **Where(a.page, a.char_start, p.char_end).kw(),
            )


def check_budget(doc: DocView) -> Iterator[Finding]:
    """Budget spent above the budget received (the document's total, or any one report)."""
    d = doc.document
    received = d.budget_thb
    if received is None or received <= 0:
        return
    spent: list[tuple[float, Entry | None]] = [
        (e.budget_spent_thb, e) for e in doc.entries if e.budget_spent_thb is not None
    ]
    if d.budget_spent_thb is not None:
        spent.insert(0, (d.budget_spent_thb, None))
    over = [(s, e) for s, e in spent if s > received + 0.5]
    if not over:
        return
    amount, entry = max(over, key=lambda x: x[0])
    where = value_at(doc, entry, amount, ("money",)) if entry else field_at(doc, "budget_spent_thb")
    said = entry_label(entry) if entry else "the report"
    yield audit_finding(
        d.doc_id,
        FindingCode.BUDGET_OVERSPENT,
        f"{said} gives {figure(amount)} baht spent of a budget of {figure(received)} baht received "
        f"({amount / received * 100:.0f} %)",
        evidence=f"spent {figure(amount)} บาท; received {figure(received)} บาท",
        entry_no=entry.entry_no if entry else None,
        **where.kw(),
    )
