"""The progress chart of one KPI or project series, as inline SVG for the audit report.

The x axis has four slots per document of the series (its fiscal year's Q1..Q4, in series order); the
y axis runs from 0 to at least 100. Drawn: the quarterly progress as one line (broken where a quarter
has no value, faint from a year's Q4 to the next year's Q1, where progress starts again), each year's
target as a dashed line, each year's achieved value as a diamond at its Q4, and the findings of the
series' documents as triangles in a lane above the plot.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from schemas.enums import Severity
from schemas.records import KpiHistory

SEVERITY_COLOUR: dict[Severity, str] = {
    Severity.ERROR: "#c62828",
    Severity.WARNING: "#e69500",
    Severity.INFO: "#5c7c99",
}
SEVERITY_RANK: dict[Severity, int] = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
LINE_COLOUR = "#1f5fbf"
TARGET_COLOUR = "#8e44ad"
ACHIEVED_COLOUR = "#1e8449"

CHART_CSS = f"""
svg.chart{{display:block;max-width:100%;min-width:520px;height:auto}}
svg.chart text{{font-size:11px;fill:#6b7785}}
svg.chart .unit{{font-size:12px;font-weight:700;fill:var(--ink)}}
svg.chart .year{{font-size:13px;font-weight:700;fill:var(--ink)}}
svg.chart .grid{{stroke:#edf0f3}}svg.chart .axis{{stroke:#8b97a4}}
svg.chart .yearsep{{stroke:#c3cad2;stroke-dasharray:3 3}}
svg.chart .progress{{fill:none;stroke-width:2.5;stroke-linejoin:round}}
svg.chart .carry{{fill:none;stroke-width:1.2;stroke-dasharray:2 3;opacity:.55}}
svg.chart .point{{stroke:#fff;stroke-width:1.2}}
svg.chart .target{{stroke-width:2;stroke-dasharray:7 4}}
svg.chart .tlabel{{fill:{TARGET_COLOUR};font-size:11px}}
svg.chart .achieved{{stroke:#fff;stroke-width:1.2}}svg.chart .empty{{fill:#9aa5b1;font-size:13px}}
svg.chart .more{{font-size:11px;font-weight:700;fill:var(--ink)}}
"""  # the charts' style, part of the page's <style>

_SLOT_MIN = 30.0  # px per quarter
_PLOT_MIN = 780.0  # px: narrow series still get a readable chart
_LEFT, _RIGHT = 48.0, 64.0
_PLOT_H = 190.0
_LANE_ROW = 13.0  # px per stacked finding marker
_MAX_STACK = 4  # markers drawn at one position; more are counted as "+N"
_BOTTOM = 44.0


@dataclass(frozen=True, slots=True)
class ChartMark:
    """A finding placed on a chart: on a document of the series, in a quarter (None: the whole year)."""

    doc_id: str
    quarter: int | None
    severity: Severity
    label: str  # tooltip text: code and message


def number(value: float) -> str:
    """A value as the report writes it: ``85``, ``1,250``, ``72.5``."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value: float | None, unit: str | None) -> str:
    if value is None:
        return "–"
    if not unit:
        return number(value)
    return f"{number(value)}%" if unit == "%" else f"{number(value)} {unit}"


def year_label(row: KpiHistory) -> str:
    return str(row.fiscal_year_be) if row.fiscal_year_be is not None else f"ปี? #{row.year_index}"


def series_rows(rows: Sequence[KpiHistory]) -> list[KpiHistory]:
    """The documents of a series in chart order: by fiscal year, then year_index."""
    return sorted(rows, key=lambda r: (r.fiscal_year_be is None, r.fiscal_year_be or 0, r.year_index))


def _quarters(row: KpiHistory) -> tuple[float | None, ...]:
    return (row.q1_progress, row.q2_progress, row.q3_progress, row.q4_progress)


def _nice_step(span: float) -> float:
    raw = span / 5
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


#: the unit of a value whose report writes none: it is drawn with the series' own unit
PERCENT = "%"


def _units(row: KpiHistory) -> list[tuple[str | None, bool]]:
    progress = any(v is not None for v in (*_quarters(row), row.final_progress))
    return [
        (row.progress_unit, progress),
        (row.target_unit, row.target_value is not None),
        (row.achieved_unit, row.achieved_value is not None),
    ]


def unit_panels(rows: Sequence[KpiHistory]) -> list[tuple[str, list[KpiHistory]]]:
    """The series' values split by unit, one chart each, so that no axis holds two units (a target of
    5 คะแนน beside progress of 100 %): ``(unit, rows with only that unit's values)``, the progress's unit
    first (a percentage when its report writes none). A target or result without a unit goes with the
    first unit."""
    # progress first: its unit, or a percentage when its report writes none (entries.progress_pct)
    progress = [(r.progress_unit or PERCENT) for r in rows if _units(r)[0][1]]
    found = progress + [u for r in rows for u, present in _units(r)[1:] if present and u]
    main = found[0] if found else PERCENT
    units = list(dict.fromkeys([main, *found]))
    if len(units) == 1:
        return [(main, list(rows))]

    def only(row: KpiHistory, unit: str) -> KpiHistory:
        (progress_unit, _), (target_unit, _), (achieved_unit, _) = _units(row)
        progress = (progress_unit or PERCENT) == unit
        target, achieved = ((u or main) == unit for u in (target_unit, achieved_unit))
        update: dict[str, object] = {}
        if not progress:
            update |= {f"q{q}_progress": None for q in (1, 2, 3, 4)} | {"final_progress": None}
        if not target:
            update["target_value"] = None
        if not achieved:
            update["achieved_value"] = None
        return row.model_copy(update=update) if update else row

    return [(unit, [only(r, unit) for r in rows]) for unit in units]


def chart_svg(
    series_id: str, rows: Sequence[KpiHistory], marks: Sequence[ChartMark], unit: str = PERCENT
) -> str:
    """One ``<svg class="chart" data-series=…>`` for the series; ``rows`` in chart order, their values all
    in ``unit`` (:func:`unit_panels`), which labels the y axis. A percentage axis reaches 100."""
    slot_of_doc = {row.doc_id: 4 * i for i, row in enumerate(rows)}
    n_slots = max(4, 4 * len(rows))
    slot_w = max(_SLOT_MIN, _PLOT_MIN / n_slots)
    plot_w = slot_w * n_slots
    finite = [
        v for r in rows for v in (*_quarters(r), r.achieved_value) if v is not None and math.isfinite(v)
    ]
    # a target is drawn on the chart of its unit (:func:`unit_panels` gives each unit its own)
    finite += [r.target_value for r in rows if r.target_value is not None]
    finite = [v for v in finite if math.isfinite(v)]
    y_max = max([100.0 if unit == PERCENT else 0.0, *finite])
    if y_max <= 0:
        y_max = 1.0
    y_min = min([0.0, *finite])
    step = _nice_step(y_max - y_min)
    y_max = math.ceil(y_max / step) * step
    y_min = math.floor(y_min / step) * step

    # findings: grouped by position (slot, or the year's start) so they stack instead of overlapping
    stacks: dict[tuple[int, bool], list[ChartMark]] = defaultdict(list)
    for mark in marks:
        base = slot_of_doc.get(mark.doc_id)
        if base is None:
            continue
        quarter = mark.quarter if mark.quarter in (1, 2, 3, 4) else None
        stacks[(base + (quarter - 1 if quarter else 0), quarter is None)].append(mark)
    depth = min(_MAX_STACK, max((len(s) for s in stacks.values()), default=0))
    lane_h = depth * _LANE_ROW + (8.0 if depth else 0.0)
    top = 14.0 + lane_h
    width = _LEFT + plot_w + _RIGHT
    height = top + _PLOT_H + _BOTTOM

    def x_of(slot: int) -> float:
        return _LEFT + (slot + 0.5) * slot_w

    def y_of(value: float) -> float:
        return top + _PLOT_H * (1 - (value - y_min) / (y_max - y_min))

    # shrunk to the page's width, but not below 2/3 (a long series scrolls instead of getting unreadable)
    style = f' style="min-width:{width * 2 / 3:.0f}px"' if width > 1000 else ""
    out: list[str] = [
        f'<svg class="chart" data-series="{escape(series_id)}" data-unit="{escape(unit)}" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape("progress by quarter: " + series_id)}"{style}>'
    ]
    # grid and y axis, its unit above it
    out.append(
        f'<text class="unit" x="{_LEFT - 6}" y="{top - 6:.1f}" text-anchor="end">{escape(unit)}</text>'
    )
    tick = y_min
    while tick <= y_max + step / 2:
        y = y_of(tick)
        out.append(
            f'<line class="grid" x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + plot_w:.1f}" y2="{y:.1f}"/>'
            f'<text class="ytick" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{number(tick)}</text>'
        )
        tick += step
    # years: a separator and a label under each group of four quarters
    bottom = top + _PLOT_H
    for i, row in enumerate(rows):
        x0 = _LEFT + 4 * i * slot_w
        if i:
            out.append(
                f'<line class="yearsep" x1="{x0:.1f}" y1="{top - 4:.1f}" x2="{x0:.1f}" y2="{bottom:.1f}"/>'
            )
        for q in range(4):
            out.append(
                f'<text class="qtick" x="{x_of(4 * i + q):.1f}" y="{bottom + 15:.1f}" '
                f'text-anchor="middle">Q{q + 1}</text>'
            )
        out.append(
            f'<text class="year" x="{x0 + 2 * slot_w:.1f}" y="{bottom + 33:.1f}" '
            f'text-anchor="middle">{escape(year_label(row))}</text>'
        )
    out.append(
        f'<line class="axis" x1="{_LEFT}" y1="{bottom:.1f}" x2="{_LEFT + plot_w:.1f}" y2="{bottom:.1f}"/>'
        f'<line class="axis" x1="{_LEFT}" y1="{top:.1f}" x2="{_LEFT}" y2="{bottom:.1f}"/>'
    )
    # targets: a dashed segment over each year; a run of years with one target is labelled at its start
    # (early in a year progress is low), or in the right margin when it reaches the last year
    targets = [
        (i, row.target_value, "เป้าหมาย " + with_unit(row.target_value, row.target_unit))
        for i, row in enumerate(rows)
        if row.target_value is not None and math.isfinite(row.target_value)
    ]
    runs: list[list[tuple[int, float, str]]] = []
    for target in targets:
        if runs and runs[-1][-1][2] == target[2] and runs[-1][-1][0] == target[0] - 1:
            runs[-1].append(target)
        else:
            runs.append([target])
    for run in runs:
        for i, value, label in run:
            y = y_of(value)
            out.append(
                f'<line class="target" x1="{_LEFT + 4 * i * slot_w + 3:.1f}" y1="{y:.1f}" '
                f'x2="{_LEFT + 4 * (i + 1) * slot_w - 3:.1f}" y2="{y:.1f}" stroke="{TARGET_COLOUR}">'
                f"<title>{escape(year_label(rows[i]) + ' ' + label)}</title></line>"
            )
        first, last = run[0][0], run[-1][0]
        y = y_of(run[0][1])
        if last == len(rows) - 1:
            x = _LEFT + plot_w + 6
            word, amount = run[0][2].split(" ", 1)
            out.append(
                f'<text class="tlabel" x="{x:.1f}" y="{y - 2:.1f}">{escape(word)}'
                f'<tspan x="{x:.1f}" dy="13">{escape(amount)}</tspan></text>'
            )
        else:
            x = _LEFT + 4 * first * slot_w + 5
            out.append(f'<text class="tlabel" x="{x:.1f}" y="{y - 5:.1f}">{escape(run[0][2])}</text>')
    # progress: one line over all quarters, broken at quarters without a value
    points: list[tuple[int, float, KpiHistory]] = [
        (4 * i + q, value, row)
        for i, row in enumerate(rows)
        for q, value in enumerate(_quarters(row))
        if value is not None and math.isfinite(value)
    ]
    # (within a year; a year's Q4 and the next year's Q1 are joined by a faint line: progress restarts)
    lines: list[list[str]] = []
    previous = -2
    for slot, value, _row in points:
        if slot == previous + 1 and slot % 4 == 0:
            out.append(
                f'<polyline class="carry" stroke="{LINE_COLOUR}" points="{lines[-1][-1]} '
                f'{x_of(slot):.1f},{y_of(value):.1f}"/>'
            )
        if slot != previous + 1 or slot % 4 == 0:
            lines.append([])
        lines[-1].append(f"{x_of(slot):.1f},{y_of(value):.1f}")
        previous = slot
    for line in lines:
        if len(line) > 1:
            out.append(f'<polyline class="progress" stroke="{LINE_COLOUR}" points="{" ".join(line)}"/>')
    for slot, value, row in points:
        tip = f"{year_label(row)} Q{slot % 4 + 1}: {number(value)}"
        out.append(
            f'<circle class="point" cx="{x_of(slot):.1f}" cy="{y_of(value):.1f}" r="3.5" '
            f'fill="{LINE_COLOUR}"><title>{escape(tip)}</title></circle>'
        )
    # achieved: a diamond at each year's Q4
    for i, row in enumerate(rows):
        if row.achieved_value is None or not math.isfinite(row.achieved_value):
            continue
        x, y = x_of(4 * i + 3), y_of(row.achieved_value)
        tip = f"{year_label(row)} ผลงานที่ทำได้ {with_unit(row.achieved_value, row.achieved_unit)}"
        out.append(
            f'<path class="achieved" d="M{x:.1f} {y - 7:.1f} L{x + 7:.1f} {y:.1f} L{x:.1f} {y + 7:.1f} '
            f'L{x - 7:.1f} {y:.1f} Z" fill="{ACHIEVED_COLOUR}"><title>{escape(tip)}</title></path>'
        )
    # findings: triangles in the lane above the plot, worst on top
    for (slot, whole_year), stack in stacks.items():
        stack.sort(key=lambda m: SEVERITY_RANK[m.severity])
        x = _LEFT + slot * slot_w + 7 if whole_year else x_of(slot)
        for k, mark in enumerate(stack[:_MAX_STACK]):
            y = 10.0 + k * _LANE_ROW
            out.append(
                f'<path class="fmark" data-severity="{mark.severity.value}" d="M{x - 5.5:.1f} {y:.1f} '
                f'L{x + 5.5:.1f} {y:.1f} L{x:.1f} {y + 10:.1f} Z" fill="{SEVERITY_COLOUR[mark.severity]}">'
                f"<title>{escape(mark.label)}</title></path>"
            )
        if len(stack) > _MAX_STACK:
            y = 10.0 + (_MAX_STACK - 1) * _LANE_ROW + 9
            more = "\n".join(m.label for m in stack[_MAX_STACK:])
            out.append(
                f'<text class="more" x="{x + 7:.1f}" y="{y:.1f}">+{len(stack) - _MAX_STACK}'
                f"<title>{escape(more)}</title></text>"
            )
    if not points:
        out.append(
            f'<text class="empty" x="{_LEFT + plot_w / 2:.1f}" y="{top + _PLOT_H / 2:.1f}" '
            f'text-anchor="middle">ไม่มีผลรายไตรมาส (no quarterly values)</text>'
        )
    out.append("</svg>")
    return "".join(out)


def legend_html() -> str:
    """The key to the charts' marks, drawn once above them."""

    def swatch(shape: str) -> str:
        return f'<svg width="26" height="14" viewBox="0 0 26 14" aria-hidden="true">{shape}</svg>'

    items = [
        (
            f'<line x1="1" y1="7" x2="25" y2="7" stroke="{LINE_COLOUR}" stroke-width="2.5"/>',
            "ความก้าวหน้า (progress)",
        ),
        (
            f'<line x1="1" y1="7" x2="25" y2="7" stroke="{TARGET_COLOUR}" stroke-width="2" '
            'stroke-dasharray="6 3"/>',
            "เป้าหมาย (target)",
        ),
        (f'<path d="M13 1 L19 7 L13 13 L7 7 Z" fill="{ACHIEVED_COLOUR}"/>', "ผลงานที่ทำได้ (achieved, at Q4)"),
    ]
    items += [
        (f'<path d="M7 2 L19 2 L13 12 Z" fill="{SEVERITY_COLOUR[s]}"/>', f"{s.value} finding")
        for s in SEVERITY_RANK
    ]
    return (
        '<div class="legend">' + "".join(f"<span>{swatch(s)}{escape(t)}</span>" for s, t in items) + "</div>"
    )
