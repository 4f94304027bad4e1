"""The same KPI or project across fiscal years: ``kpi_history`` and the checks between years.

Documents are lined up by KPI or project code; else by normalised title and agency; else, when the
report names no agency, by normalised title alone, but only if that puts no two documents in the same
fiscal year (two same-titled KPIs of one year without an agency are most likely two agencies' KPIs).
A series of one document is kept too (``match = none``), so every KPI has its row and its chart.
"""

from __future__ import annotations

import hashlib
import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from parsers.thai.lexicon import THAI_TO_ARABIC
from pipeline.audit.registry import audit_finding, figure
from schemas.codes import FindingCode
from schemas.enums import Form
from schemas.records import Document, Finding, KpiHistory

#: forms whose documents report on one KPI or project
SERIES_FORMS = frozenset(
    {
        Form.KPI_REPORT,
        Form.KPI_DETAIL,
        Form.PROJECT_PROGRESS,
        Form.PROJECT_PROGRESS_WEB,
        Form.AGENCY_PERFORMANCE,
    }
)
#: a result in percent that moves more than this many points from one year to the next
JUMP_POINTS = 50.0
#: a result in other units that grows or shrinks this many times from one year to the next
JUMP_FACTOR = 5.0
_NOT_WORD = regex.compile(r"[^\p{L}\p{M}\p{N}]+")


def normalise(text: str) -> str:
    """A title or agency for matching: NFC, Thai digits as Arabic, no spaces or punctuation, lower case."""
    text = unicodedata.normalize("NFC", text).translate(THAI_TO_ARABIC).casefold()
    return str(_NOT_WORD.sub("", text))


@dataclass
class DocSummary:
    """What the history needs of one document (collected while its partition is read)."""

    document: Document
    quarters: dict[int, float] = field(default_factory=dict)  # quarter → last progress in it
    final_progress: float | None = None
    progress_unit: str | None = None  # the unit of the progress values (the commonest, when mixed)
    n_entries: int = 0
    n_audit: int = 0


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, members: list[int]) -> None:
        for other in members[1:]:
            self.parent[self.find(other)] = self.find(members[0])


def _keys(d: Document) -> dict[str, str]:
    keys = {}
    if d.code:
        keys["code"] = d.code.strip()
    if d.title and d.agency:
        keys["title_agency"] = f"{normalise(d.title)}|{normalise(d.agency)}"
    elif d.title:
        keys["title"] = normalise(d.title)
    return keys


def build_history(summaries: list[DocSummary]) -> list[KpiHistory]:
    """One kpi_history row per document of a KPI or project, in series order, then fiscal year."""
    docs = [s for s in summaries if s.document.form in SERIES_FORMS and s.document.status != "failed"]
    keys = [_keys(s.document) for s in docs]
    union = _Union(len(docs))
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        for kind, value in k.items():
            by_key[(kind, value)].append(i)
    linked: dict[int, str] = {}
    for kind in ("code", "title_agency", "title"):
        for (k_kind, _), members in by_key.items():
            if k_kind != kind or len(members) < 2:
                continue
            if kind == "title":
                years = [docs[i].document.fiscal_year_be for i in members]
                if len(set(years)) < len(years):
                    continue  # two in one year: not safely the same KPI
            union.join(members)
            for i in members:
                linked.setdefault(i, kind)
    series: dict[int, list[int]] = defaultdict(list)
    for i in range(len(docs)):
        series[union.find(i)].append(i)
    rows: list[KpiHistory] = []
    for members in series.values():
        linking = sorted(f"{linked[i]}:{keys[i][linked[i]]}" for i in members if i in linked)
        anchor = linking[0] if linking else f"doc:{docs[members[0]].document.doc_id}"
        series_id = hashlib.sha256(anchor.encode()).hexdigest()[:12]
        years = sorted({docs[i].document.fiscal_year_be for i in members} - {None})  # type: ignore[type-var]
        order = sorted(members, key=lambda i: (docs[i].document.fiscal_year_be or 99999, i))
        for i in order:
            s, d = docs[i], docs[i].document
            match = linked.get(i, "none")
            key = keys[i].get(match) if match != "none" else (normalise(d.title) if d.title else d.doc_id)
            fy = d.fiscal_year_be
            rows.append(
                KpiHistory(
                    series_id=series_id,
                    match=match,
                    series_key=key or d.doc_id,
                    doc_id=d.doc_id,
                    source_path=d.source_path,
                    form=d.form,
                    title=d.title,
                    code=d.code,
                    agency=d.agency,
                    fiscal_year_be=fy,
                    fiscal_year_ce=d.fiscal_year_ce,
                    year_index=(years.index(fy) + 1) if fy is not None else len(years) + 1,
                    target_value=d.target_value,
                    target_unit=d.target_unit,
                    achieved_value=d.achieved_value,
                    achieved_unit=d.achieved_unit,
                    q1_progress=s.quarters.get(1),
                    q2_progress=s.quarters.get(2),
                    q3_progress=s.quarters.get(3),
                    q4_progress=s.quarters.get(4),
                    final_progress=s.final_progress,
                    progress_unit=s.progress_unit,
                    n_entries=s.n_entries,
                    n_audit_findings=s.n_audit,
                )
            )
    rows.sort(key=lambda r: (r.series_id, r.fiscal_year_be or 99999))
    return rows


def _fmt(value: float | None, unit: str | None) -> str:
    return "none" if value is None else figure(value, unit)


def _year_pairs(rows: list[KpiHistory]) -> Iterator[tuple[KpiHistory, KpiHistory]]:
    """Consecutive fiscal years of a series: the first document of each year against the year before."""
    firsts: dict[int, KpiHistory] = {}
    for r in rows:
        if r.fiscal_year_be is not None:
            firsts.setdefault(r.fiscal_year_be, r)
    years = sorted(firsts)
    for a, b in itertools.pairwise(years):
        yield firsts[a], firsts[b]


def check_series(rows: list[KpiHistory]) -> Iterator[Finding]:
    """The checks across fiscal years of one series (rows of one series_id)."""
    seen_years: dict[int, KpiHistory] = {}
    for r in rows:
        if r.fiscal_year_be is None:
            continue
        first = seen_years.setdefault(r.fiscal_year_be, r)
        if first is not r:
            yield audit_finding(
                r.doc_id,
                FindingCode.KPI_SAME_YEAR,
                f"another report of the same KPI or project for fiscal year {r.fiscal_year_be} "
                f"({first.source_path}), matched by {r.match}",
                evidence=f"{r.series_key}; fiscal year {r.fiscal_year_be}",
            )
    for a, b in _year_pairs(rows):
        span = f"{a.fiscal_year_be} → {b.fiscal_year_be}"
        assert a.fiscal_year_be is not None and b.fiscal_year_be is not None
        if b.fiscal_year_be - a.fiscal_year_be > 1:
            gap = list(range(a.fiscal_year_be + 1, b.fiscal_year_be))
            yield audit_finding(
                b.doc_id,
                FindingCode.KPI_MISSING_YEAR,
                f"no report of this KPI or project for fiscal year {', '.join(map(str, gap))}, between "
                f"{a.fiscal_year_be} ({a.source_path}) and {b.fiscal_year_be}",
                evidence=f"{b.series_key}: {span}",
                count=len(gap),
            )
        for what, ua, ub in (
            ("target", a.target_unit, b.target_unit),
            ("result", a.achieved_unit, b.achieved_unit),
        ):
            if ua and ub and ua != ub:
                yield audit_finding(
                    b.doc_id,
                    FindingCode.KPI_UNIT_CHANGED,
                    f"the {what} is in {ub} in {b.fiscal_year_be} but was in {ua} in {a.fiscal_year_be}: "
                    "the years cannot be compared as they stand",
                    evidence=f"{span}: {ua} → {ub}",
                )
        if (
            a.target_value is not None
            and b.target_value is not None
            and a.target_unit == b.target_unit
            and abs(a.target_value - b.target_value) > 1e-9
        ):
            yield audit_finding(
                b.doc_id,
                FindingCode.KPI_TARGET_CHANGED,
                f"the target changed from {_fmt(a.target_value, a.target_unit)} ({a.fiscal_year_be}) to "
                f"{_fmt(b.target_value, b.target_unit)} ({b.fiscal_year_be})",
                evidence=f"{span}: {_fmt(a.target_value, a.target_unit)} → "
                f"{_fmt(b.target_value, b.target_unit)}",
            )
        if a.match == "code" and a.title and b.title and normalise(a.title) != normalise(b.title):
            yield audit_finding(
                b.doc_id,
                FindingCode.KPI_TITLE_CHANGED,
                f"the same code {b.code} names another KPI or project in {b.fiscal_year_be} than in "
                f"{a.fiscal_year_be}: its definition may have changed",
                evidence=f"{a.title} → {b.title}",
            )
        jump = _jump(a, b)
        if jump:
            yield audit_finding(
                b.doc_id,
                FindingCode.KPI_RESULT_JUMP,
                f"the result achieved moves from {_fmt(a.achieved_value, a.achieved_unit)} "
                f"({a.fiscal_year_be}) to {_fmt(b.achieved_value, b.achieved_unit)} ({b.fiscal_year_be}): "
                f"{jump}",
                evidence=f"{span}: {_fmt(a.achieved_value, a.achieved_unit)} → "
                f"{_fmt(b.achieved_value, b.achieved_unit)}",
            )


def _jump(a: KpiHistory, b: KpiHistory) -> str | None:
    va, vb = a.achieved_value, b.achieved_value
    if va is None or vb is None or a.achieved_unit != b.achieved_unit:
        return None
    if a.achieved_unit == "%":
        return f"{abs(vb - va):.0f} points in a year" if abs(vb - va) >= JUMP_POINTS else None
    if va > 0 and vb > 0 and max(va, vb) / min(va, vb) >= JUMP_FACTOR:
        return f"{max(va, vb) / min(va, vb):.0f} times in a year"
    return None
