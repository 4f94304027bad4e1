"""``audit.html``'s KPI and project series: one section per series, worst first, with a chart per unit
of its values (:func:`pipeline.audit.svg.unit_panels`) and the table of its documents by fiscal year."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from pipeline.audit.html_parts import SEP, SEVERITIES, basename, count_cell, esc, fy_attr, rank
from pipeline.audit.svg import (
    ChartMark,
    chart_svg,
    legend_html,
    series_rows,
    unit_panels,
    with_unit,
    year_label,
)
from pipeline.audit.view import AuditView, ShownFinding
from pipeline.audit.words import fiscal_year, severity_word, word
from schemas.records import KpiHistory


def has_points(rows: list[KpiHistory]) -> bool:
    """Whether a series has a value to chart (else no chart box is drawn)."""
    return any(
        v is not None and math.isfinite(v)
        for r in rows
        for v in (
            r.q1_progress,
            r.q2_progress,
            r.q3_progress,
            r.q4_progress,
            r.final_progress,
            r.achieved_value,
            r.target_value,
        )
    )


def series_section(
    view: AuditView,
    by_doc: dict[str, list[ShownFinding]],
    doc_anchor: dict[str, str],
    lang: str,
) -> tuple[str, list[tuple[str, str, int]], dict[str, str]]:
    """The series sections, the contents entries (anchor, title, rank), and each document's series."""
    groups: dict[str, list[KpiHistory]] = defaultdict(list)
    for row in view.history:
        groups[row.series_id].append(row)
    ordered = []
    for series_id, group in groups.items():
        rows = series_rows(group)
        findings = [s for r in rows for s in by_doc.get(r.doc_id, ())]
        worst = min((rank(s) for s in findings), default=3)
        # an untitled series is named by its file, never by its hash
        title = next((r.title for r in reversed(rows) if r.title), None) or basename(rows[-1].source_path)
        ordered.append((worst, title, series_id, rows, findings))
    ordered.sort(key=lambda t: (t[0], t[1], t[2]))
    out = [
        f'<section id="series"><h2>{esc(word("series", lang))} '
        f'<span class="meta">(<span id="n-series">{len(ordered):,}</span>)</span></h2>',
        legend_html(),
    ]
    toc: list[tuple[str, str, int]] = []
    series_of_doc: dict[str, str] = {}
    no_agency = word("no_agency", lang)
    for i, (worst, title, series_id, rows, findings) in enumerate(ordered):
        anchor = f"s{i + 1}"
        toc.append((anchor, title, worst))
        sev = SEVERITIES[worst].value if worst < 3 else "none"
        counts = Counter(s.finding.severity for s in findings)
        said = (
            ", ".join(f"{counts[s]} {severity_word(s.value, lang)}" for s in SEVERITIES if counts[s]) or "–"
        )
        last = rows[-1]
        codes = sorted({r.code for r in rows if r.code})
        agencies = sorted({r.agency or no_agency for r in rows})
        years = sorted({fy_attr(r.fiscal_year_be) for r in rows})
        files = " ".join(basename(r.source_path) for r in rows)
        search = " ".join([title, *codes, *agencies, files]).lower()
        out.append(
            f'<section class="series {sev}" id="{anchor}" data-agencies="{esc(SEP.join(agencies))}" '
            f'data-fys="{esc(SEP.join(years))}" data-docs="{esc(" ".join(r.doc_id for r in rows))}" '
            f'data-search="{esc(search)}"><h3><span class="badge {sev}">'
            f"{esc(severity_word(sev, lang) if sev != 'none' else '–')}</span> {esc(title)}</h3>"
            f"<p class=meta>{esc(word('code', lang))} <b>{esc(', '.join(codes) or '–')}</b> · "
            f"{esc(word('agency', lang))} <b>{esc('; '.join(agencies))}</b> · "
            f"{esc(word('matched_by', lang))} "
            f"<b>{esc(last.match)}</b> (<code>{esc(last.series_key)}</code>) · {len(rows)} "
            f"{esc(word('documents', lang))} · {esc(word('findings', lang))}: {esc(said)}</p>"
        )
        if has_points(rows):
            marks = [
                ChartMark(
                    s.finding.doc_id, s.quarter, s.finding.severity, f"{s.finding.code}: {s.finding.message}"
                )
                for s in findings
            ]
            # one chart per unit: a score and a percentage never share an axis (the findings on the first)
            for k, (unit, panel) in enumerate(unit_panels(rows)):
                if k and not has_points(panel):
                    continue
                chart = chart_svg(series_id, panel, marks if k == 0 else [], unit)
                out.append(f'<div class="chartbox">{chart}</div>')
        else:
            out.append(f'<p class="meta nochart">{esc(word("no_chart", lang))}</p>')
        heads = [word("year", lang), word("document", lang), word("target", lang), word("achieved", lang)]
        out.append(
            f"<div class=scroll><table class=rows><thead><tr><th>{esc(heads[0])}</th><th>{esc(heads[1])}</th>"
            f"<th class=n>{esc(heads[2])}</th><th class=n>{esc(heads[3])}</th><th class=n>Q1</th>"
            "<th class=n>Q2</th><th class=n>Q3</th><th class=n>Q4</th>"
            f"<th class=n>{esc(word('final', lang))}</th><th class=n>{esc(word('audit_findings', lang))}</th>"
            "</tr></thead><tbody>"
        )
        for r in rows:
            series_of_doc[r.doc_id] = anchor
            name = esc(basename(r.source_path))
            link = f'<a href="#{doc_anchor[r.doc_id]}">{name}</a>' if r.doc_id in doc_anchor else name
            quarters = (r.q1_progress, r.q2_progress, r.q3_progress, r.q4_progress)
            year = fiscal_year(r.fiscal_year_be, lang) if r.fiscal_year_be is not None else year_label(r)
            out.append(
                f"<tr><td class=nw>{esc(year)}</td><td class=file>{link}</td>"
                f"<td class=n>{esc(with_unit(r.target_value, r.target_unit))}</td>"
                f"<td class=n>{esc(with_unit(r.achieved_value, r.achieved_unit))}</td>"
                + "".join(f"<td class=n>{esc(with_unit(q, r.progress_unit))}</td>" for q in quarters)
                + f"<td class=n>{esc(with_unit(r.final_progress, r.progress_unit))}</td>"
                + f"{count_cell(r.n_audit_findings)}</tr>"
            )
        out.append("</tbody></table></div></section>")
    if not ordered:
        out.append(f'<p class="meta">{esc(word("no_series", lang))}</p>')
    out.append("</section>")
    return "".join(out), toc, series_of_doc
