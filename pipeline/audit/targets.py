"""Budget documents' targets stay comparable across years: within a target row, and between the documents
of one agency.

A budget document's target table gives each target (``เก็บขนมูลฝอย``) a unit and a value per fiscal year
(``metrics.fiscal_year_be``): the budget year and the years planned after it. Two things make such a
series unusable, and both are usually a typing error (a zero too many) or a change of what is counted:

* within one row, a year's value is 10 times or more (or a tenth or less) of the year before
  (:func:`check_target_rows`, per document);
* between two budget documents of one agency, the same target (same label, normalised) is in another unit,
  or the values for the same year or neighbouring years are 10 times apart (:func:`check_targets_across`).

A label that names more than one row in a document (two programmes with a target ``ประชาสัมพันธ์``) is
not compared across documents: which row matches which is not known, and a false finding is worse than
none. Zero values are not compared (a target of 0 in a year without the activity).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.audit.history import normalise
from pipeline.audit.registry import audit_finding, figure
from pipeline.audit.tables import DocView
from schemas.codes import FindingCode
from schemas.enums import Form
from schemas.records import Finding, Metric

#: a value this many times another (or a this-many-th of it) is on another scale
SCALE_FACTOR = 10.0
#: years apart that are still compared between documents (the same year, or a neighbour)
NEIGHBOUR_YEARS = 1


@dataclass(frozen=True)
class TargetRow:
    """One row of a budget document's target table: its label, unit and values by fiscal year."""

    doc_id: str
    agency: str | None
    label: str
    unit: str | None
    values: tuple[Metric, ...]  # one per year, years ascending

    @property
    def key(self) -> str:
        return normalise(self.label)


def target_rows(view: DocView) -> list[TargetRow]:
    """The target rows of a budget document: runs of metrics with a fiscal year, one label and unit on one
    page, the years rising."""
    if view.document.form is not Form.BUDGET:
        return []
    rows: list[TargetRow] = []
    run: list[Metric] = []

    def close() -> None:
        if len(run) >= 1:
            rows.append(
                TargetRow(view.doc_id, view.document.agency, run[0].label or "", run[0].unit, tuple(run))
            )

    for m in view.metrics:
        if m.fiscal_year_be is None or not m.label:
            continue
        last = run[-1] if run else None
        if (
            last is not None
            and (m.label, m.unit, m.page) == (last.label, last.unit, last.page)
            and last.fiscal_year_be is not None
            and m.fiscal_year_be > last.fiscal_year_be
        ):
            run.append(m)
            continue
        close()
        run = [m]
    close()
    return rows


def _apart(a: float, b: float) -> bool:
    """Whether two values are on scales 10 times apart (zeros and signs aside)."""
    if a <= 0 or b <= 0:
        return False
    return max(a, b) / min(a, b) >= SCALE_FACTOR


def _fmt(m: Metric) -> str:
    return figure(m.value, m.unit)


def check_target_rows(view: DocView) -> Iterator[Finding]:
    """A target row whose value for a year is 10 times or more (or a tenth or less) of the year before; a
    value off the scale of both its neighbours (``185 185 1,900 190``) is one finding, on it."""
    for row in target_rows(view):
        flagged: Metric | None = None
        for before, after in itertools.pairwise(row.values):
            if not _apart(before.value, after.value) or before is flagged:
                continue
            flagged = after
            yield audit_finding(
                view.doc_id,
                FindingCode.BUDGET_TARGET_JUMP,
                f"the target “{row.label}” is {_fmt(before)} for {before.fiscal_year_be} and "
                f"{_fmt(after)} for {after.fiscal_year_be}: {after.value / before.value:.3g} times, "
                "another scale",
                evidence=f"{before.fiscal_year_be}: {before.raw}; {after.fiscal_year_be}: {after.raw}",
                page=after.page,
                char_start=after.char_start,
                char_end=after.char_end,
            )


def check_targets_across(rows: Sequence[TargetRow], names: dict[str, str]) -> Iterator[Finding]:
    """The same target of one agency in two budget documents: another unit, or values 10 times apart for
    the same or neighbouring years. ``names`` gives each document's name for the evidence. One finding per
    pair of rows, on the later document (by its first year)."""
    by_target: dict[tuple[str, str], list[TargetRow]] = defaultdict(list)
    for row in rows:
        if row.agency:
            by_target[(normalise(row.agency), row.key)].append(row)
    for same in by_target.values():
        per_doc: dict[str, list[TargetRow]] = defaultdict(list)
        for row in same:
            per_doc[row.doc_id].append(row)
        unique = [found[0] for found in per_doc.values() if len(found) == 1]
        unique.sort(key=lambda r: (r.values[0].fiscal_year_be or 0, r.doc_id))
        for a, b in itertools.combinations(unique, 2):
            yield from _compare(a, b, names)


def _compare(a: TargetRow, b: TargetRow, names: dict[str, str]) -> Iterator[Finding]:
    where = f"{names.get(a.doc_id, a.doc_id[:12])} and {names.get(b.doc_id, b.doc_id[:12])}"
    first = b.values[0]
    if a.unit != b.unit:
        yield audit_finding(
            b.doc_id,
            FindingCode.BUDGET_TARGET_UNIT,
            f"the target “{b.label}” is counted in {b.unit or 'no unit'} here and in {a.unit or 'no unit'} "
            f"in another budget document of the same agency",
            evidence=f"{where}: {_fmt(a.values[0])} ({a.values[0].fiscal_year_be}) against "
            f"{_fmt(first)} ({first.fiscal_year_be})",
            page=first.page,
            char_start=first.char_start,
            char_end=first.char_end,
        )
        return
    pair = _scale_pair(a.values, b.values)
    if pair is not None:
        x, y = pair
        yield audit_finding(
            b.doc_id,
            FindingCode.BUDGET_TARGET_JUMP,
            f"the target “{b.label}” is {_fmt(y)} for {y.fiscal_year_be} here, and {_fmt(x)} for "
            f"{x.fiscal_year_be} in another budget document of the same agency: another scale",
            evidence=f"{where}: {x.fiscal_year_be}: {x.raw}; {y.fiscal_year_be}: {y.raw}",
            page=y.page,
            char_start=y.char_start,
            char_end=y.char_end,
        )


def _scale_pair(a: Sequence[Metric], b: Sequence[Metric]) -> tuple[Metric, Metric] | None:
    """The first pair of values for the same or neighbouring years that are 10 times apart, the closest
    years first; None when every close pair is on one scale."""
    pairs = [
        (x, y)
        for x in a
        for y in b
        if x.fiscal_year_be is not None
        and y.fiscal_year_be is not None
        and abs(x.fiscal_year_be - y.fiscal_year_be) <= NEIGHBOUR_YEARS
    ]
    pairs.sort(key=lambda p: abs((p[0].fiscal_year_be or 0) - (p[1].fiscal_year_be or 0)))
    close = [p for p in pairs if p[0].fiscal_year_be == p[1].fiscal_year_be] or pairs
    return next(((x, y) for x, y in close if _apart(x.value, y.value)), None)
