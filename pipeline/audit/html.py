"""``audit.html``: the audit report, one self-contained page (inline CSS and SVG, nothing fetched).

Sections: the header (output folder, time, counts); findings by agency and severity, and by code; one
chart per KPI or project series (:mod:`pipeline.audit.svg`); every finding, grouped by document, worst
first, with the page text around it. Everything is built as lists of strings joined once, so the page
of an archive of thousands of documents renders in linear time.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter, defaultdict
from html import escape
from pathlib import Path

from pipeline.audit.style import CSS
from pipeline.audit.svg import (
    CHART_CSS,
    SEVERITY_COLOUR,
    SEVERITY_RANK,
    ChartMark,
    chart_svg,
    legend_html,
    series_rows,
    with_unit,
    year_label,
)
from pipeline.audit.view import AuditView, ShownFinding
from pipeline.errors import OutputError
from schemas.enums import Severity, Status
from schemas.records import Document, KpiHistory

LIST_LIMIT = 5_000  # more findings than this: all errors and warnings, the first INFO_KEPT infos
INFO_KEPT = 2_000
TOC_SERIES = 300  # series named in the table of contents; the others are only in the page
NO_AGENCY = "(agency not stated)"
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def _e(value: object) -> str:
    return "" if value is None else escape(str(value))


def _basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


def _agency(doc: Document | None) -> str:
    return doc.agency if doc is not None and doc.agency else NO_AGENCY


def _rank(shown: ShownFinding) -> int:
    return SEVERITY_RANK[shown.finding.severity]


def select_findings(findings: list[ShownFinding]) -> tuple[list[ShownFinding], int]:
    """The findings the list shows, and how many info findings it leaves out (when there are too many)."""
    if len(findings) <= LIST_LIMIT:
        return findings, 0
    kept: list[ShownFinding] = []
    infos = 0
    for shown in findings:
        if shown.finding.severity is Severity.INFO:
            infos += 1
            if infos > INFO_KEPT:
                continue
        kept.append(shown)
    return kept, max(0, infos - INFO_KEPT)


def _n(value: int, severity: Severity | None = None) -> str:
    cls = "n zero" if value == 0 else f"n {severity.value}" if severity else "n"
    return f'<td class="{cls}">{value:,}</td>'


def _summary(view: AuditView, docs: dict[str, Document]) -> str:
    """Findings by agency and severity, and by code."""
    n_docs: Counter[str] = Counter(_agency(d) for d in view.documents)
    by_agency: dict[str, Counter[Severity]] = defaultdict(Counter)
    by_code: Counter[tuple[str, Severity]] = Counter()
    for shown in view.findings:
        f = shown.finding
        by_agency[_agency(docs.get(f.doc_id))][f.severity] += 1
        by_code[(f.code, f.severity)] += 1
    agencies = sorted(
        set(n_docs) | set(by_agency),
        key=lambda a: (*(-by_agency[a][s] for s in SEVERITIES), a == NO_AGENCY, a),
    )
    out = [
        '<section id="summary"><h2>Summary</h2><div class="grid2"><div class="card">',
        "<h3>Findings by agency</h3><table><thead><tr><th>agency</th><th class=n>documents</th>",
        *(f"<th class=n>{s.value}</th>" for s in SEVERITIES),
        "</tr></thead><tbody>",
    ]
    for agency in agencies:
        out.append(f"<tr><td>{_e(agency)}</td>{_n(n_docs[agency])}")
        out.extend(_n(by_agency[agency][s], s) for s in SEVERITIES)
        out.append("</tr>")
    totals = Counter(f.finding.severity for f in view.findings)
    out.append(f"</tbody><tfoot><tr><td>total</td>{_n(len(view.documents))}")
    out.extend(_n(totals[s], s) for s in SEVERITIES)
    out.append('</tr></tfoot></table></div><div class="card" id="codes"><h3>Findings by code</h3><table>')
    out.append("<thead><tr><th>code</th><th>severity</th><th class=n>count</th></tr></thead><tbody>")
    for (code, severity), count in sorted(
        by_code.items(), key=lambda i: (SEVERITY_RANK[i[0][1]], -i[1], i[0])
    ):
        out.append(
            f'<tr><td><code>{_e(code)}</code></td><td><span class="badge {severity.value}">{severity.value}'
            f"</span></td>{_n(count)}</tr>"
        )
    if not by_code:
        out.append('<tr><td colspan="3">no findings</td></tr>')
    out.append("</tbody></table></div></div></section>")
    return "".join(out)


def _series(
    view: AuditView, by_doc: dict[str, list[ShownFinding]], doc_anchor: dict[str, str]
) -> tuple[str, list[tuple[str, str, int]], dict[str, str]]:
    """The series sections, the contents entries (anchor, title, rank), and each document's series."""
    groups: dict[str, list[KpiHistory]] = defaultdict(list)
    for row in view.history:
        groups[row.series_id].append(row)
    ordered = []
    for series_id, group in groups.items():
        rows = series_rows(group)
        findings = [s for r in rows for s in by_doc.get(r.doc_id, ())]
        worst = min((_rank(s) for s in findings), default=3)
        title = next((r.title for r in reversed(rows) if r.title), None) or series_id
        ordered.append((worst, title, series_id, rows, findings))
    ordered.sort(key=lambda t: (t[0], t[1], t[2]))
    out = ['<section id="series"><h2>KPI and project series</h2>', legend_html()]
    toc: list[tuple[str, str, int]] = []
    series_of_doc: dict[str, str] = {}
    for i, (worst, title, series_id, rows, findings) in enumerate(ordered):
        anchor = f"s{i + 1}"
        toc.append((anchor, title, worst))
        sev = SEVERITIES[worst].value if worst < 3 else "none"
        counts = Counter(s.finding.severity for s in findings)
        said = ", ".join(f"{counts[s]} {s.value}" for s in SEVERITIES if counts[s]) or "none"
        last = rows[-1]
        codes = sorted({r.code for r in rows if r.code})
        agencies = sorted({r.agency for r in rows if r.agency})
        out.append(
            f'<section class="series {sev}" id="{anchor}"><h3><span class="badge {sev}">{sev}</span> '
            f"{_e(title)}</h3><p class=meta>code <b>{_e(', '.join(codes) or '–')}</b> · agency "
            f"<b>{_e('; '.join(agencies) or NO_AGENCY)}</b> · matched by <b>{_e(last.match)}</b> "
            f"(<code>{_e(last.series_key)}</code>) · {len(rows)} document(s) · findings: {_e(said)}</p>"
        )
        marks = [
            ChartMark(
                s.finding.doc_id, s.quarter, s.finding.severity, f"{s.finding.code}: {s.finding.message}"
            )
            for s in findings
        ]
        out.append(f'<div class="chartbox">{chart_svg(series_id, rows, marks)}</div>')
        out.append(
            "<div class=scroll><table class=rows><thead><tr><th>year</th><th>document</th>"
            "<th class=n>target</th>"
            "<th class=n>achieved</th><th class=n>Q1</th><th class=n>Q2</th><th class=n>Q3</th>"
            "<th class=n>Q4</th><th class=n>final</th><th class=n>audit findings</th></tr></thead><tbody>"
        )
        for r in rows:
            series_of_doc[r.doc_id] = anchor
            name = _e(_basename(r.source_path))
            link = f'<a href="#{doc_anchor[r.doc_id]}">{name}</a>' if r.doc_id in doc_anchor else name
            quarters = (r.q1_progress, r.q2_progress, r.q3_progress, r.q4_progress)
            out.append(
                f"<tr><td>{_e(year_label(r))}</td><td>{link}</td>"
                f"<td class=n>{_e(with_unit(r.target_value, r.target_unit))}</td>"
                f"<td class=n>{_e(with_unit(r.achieved_value, r.achieved_unit))}</td>"
                + "".join(f"<td class=n>{_e(with_unit(q, None))}</td>" for q in quarters)
                + f"<td class=n>{_e(with_unit(r.final_progress, None))}</td>{_n(r.n_audit_findings)}</tr>"
            )
        out.append("</tbody></table></div></section>")
    if not ordered:
        out.append('<p class="meta">No KPI or project series in this output.</p>')
    out.append("</section>")
    return "".join(out), toc, series_of_doc


def _highlight(snippet: str, evidence: str | None) -> str:
    if evidence and evidence in snippet:
        return f"<mark>{escape(evidence)}</mark>".join(escape(part) for part in snippet.split(evidence))
    return escape(snippet)


def _finding(shown: ShownFinding) -> str:
    f = shown.finding
    sev, stage = f.severity.value, f.stage.value
    where = [
        *([f"entry {f.entry_no}"] if f.entry_no is not None else []),
        *([f"page {f.page}"] if f.page is not None else []),
        *([f"Q{shown.quarter}"] if shown.quarter is not None else []),
        *([f"×{f.count:,}"] if f.count is not None else []),
    ]
    out = [
        f'<article class="finding" data-code="{_e(f.code)}" data-severity="{sev}" data-stage="{stage}">'
        f'<div class="head"><span class="badge {sev}">{sev}</span><code>{_e(f.code)}</code>'
        f'<span class="stage">{stage}</span><span class="loc">{_e(" · ".join(where))}</span></div>'
        f'<p class="msg">{_e(f.message)}</p>'
    ]
    if f.evidence:
        out.append(f'<p class="ev">evidence: <q>{_e(f.evidence)}</q></p>')
    if shown.snippet:
        out.append(f'<pre class="snippet">{_highlight(shown.snippet, f.evidence)}</pre>')
    out.append("</article>")
    return "".join(out)


def _findings(
    kept: list[ShownFinding],
    by_doc: dict[str, list[ShownFinding]],
    docs: dict[str, Document],
    doc_anchor: dict[str, str],
    series_of_doc: dict[str, str],
    left_out: int,
) -> str:
    out = [
        f'<section id="findings"><h2>Findings <span class="meta">({len(kept):,})</span></h2>'
        '<div class="filters">show:',
        *(
            f'<label><input type="checkbox" id="show-{s.value}" checked> {s.value}</label>'
            for s in SEVERITIES
        ),
        "</div>",
    ]
    if left_out:
        out.append(
            f'<p class="note">{left_out:,} info findings are not listed here (the list keeps every error '
            f"and warning and the first {INFO_KEPT:,} info findings); the findings table has them all.</p>"
        )

    def order(doc_id: str) -> tuple[int, int, int, int, str]:
        counts = Counter(_rank(s) for s in by_doc[doc_id])
        doc = docs.get(doc_id)
        return (min(counts), -counts[0], -counts[1], -counts[2], doc.source_path if doc else doc_id)

    for doc_id in sorted(by_doc, key=order):
        doc = docs.get(doc_id)
        head = (
            f"{_e(_basename(doc.source_path))} <span class=title>{_e(doc.title or '')}</span>"
            if doc
            else f"<code>{_e(doc_id[:16])}…</code> <span class=title>(not in the documents table)</span>"
        )
        meta = []
        if doc:
            meta = [
                f"agency <b>{_e(_agency(doc))}</b>",
                f"fiscal year <b>{_e(doc.fiscal_year_be or '–')}</b>",
                f"form <b>{_e(doc.form.value)}</b>",
                f"status <b>{_e(doc.status.value)}</b>",
                f"<code>{_e(doc.source_path)}</code>",
            ]
        if doc_id in series_of_doc:
            meta.append(f'<a href="#{series_of_doc[doc_id]}">series chart</a>')
        out.append(
            f'<section class="docf" id="{doc_anchor[doc_id]}"><h3>{head}</h3>'
            f'<p class="meta">{" · ".join(meta)}</p>'
        )
        out.extend(_finding(s) for s in sorted(by_doc[doc_id], key=_rank))
        out.append("</section>")
    if not kept:
        out.append('<p class="meta">No findings.</p>')
    out.append("</section>")
    return "".join(out)


def _header(view: AuditView, kept: list[ShownFinding], n_series: int) -> str:
    status = Counter(d.status for d in view.documents)
    severity = Counter(s.finding.severity for s in view.findings)
    tiles: list[tuple[str, int, str]] = [
        ("documents", len(view.documents), ""),
        ("series", n_series, ""),
        ("kpi_history rows", len(view.history), ""),
        *((f"{s.value} findings", severity[s], s.value) for s in SEVERITIES),
        *((f"{s.value} documents", status[s], "") for s in (Status.PARTIAL, Status.FAILED) if status[s]),
    ]
    shown = {t[0] for t in tiles}
    tiles += [
        (k.replace("_", " "), v, "") for k, v in view.counts.items() if k.replace("_", " ") not in shown
    ]
    return (
        f'<header id="top"><h1>raingan audit</h1><p class="sub">output <code>{_e(view.out_dir)}</code> · '
        f"generated {_e(view.generated_at)} · {len(kept):,} of {len(view.findings):,} findings listed</p>"
        '<div class="tiles">'
        + "".join(f'<div class="tile {c}"><b>{v:,}</b><span>{_e(k)}</span></div>' for k, v, c in tiles)
        + "</div></header>"
    )


def _toc(series_toc: list[tuple[str, str, int]], n_findings: int) -> str:
    items = "".join(
        f'<li><a href="#{a}" title="{_e(t)}"><span style="color:{SEVERITY_COLOUR[SEVERITIES[r]]}">●</span> '
        f"{_e(t)}</a></li>"
        if r < 3
        else f'<li><a href="#{a}" title="{_e(t)}">○ {_e(t)}</a></li>'
        for a, t, r in series_toc[:TOC_SERIES]
    )
    if len(series_toc) > TOC_SERIES:
        items += f"<li>… {len(series_toc) - TOC_SERIES:,} more</li>"
    return (
        '<nav class="toc"><div class="brand">raingan audit</div><ul><li><a href="#top">Overview</a></li>'
        '<li><a href="#summary">Summary by agency</a></li><li><a href="#codes">Findings by code</a></li>'
        f'<li><a href="#series">Series ({len(series_toc):,})</a><ul>{items}</ul></li>'
        f'<li><a href="#findings">Findings ({n_findings:,})</a></li></ul></nav>'
    )


def render_audit_html(view: AuditView) -> str:
    """The whole report as one HTML5 document."""
    docs = {d.doc_id: d for d in view.documents}
    kept, left_out = select_findings(view.findings)
    by_doc: dict[str, list[ShownFinding]] = defaultdict(list)
    for shown in kept:
        by_doc[shown.finding.doc_id].append(shown)
    doc_anchor = {doc_id: f"d{i + 1}" for i, doc_id in enumerate(by_doc)}
    series_html, series_toc, series_of_doc = _series(view, by_doc, doc_anchor)
    parts = [
        '<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>raingan audit · {_e(view.out_dir)}</title><style>{CSS}{CHART_CSS}</style></head><body>"
        '<div class="layout">',
        _toc(series_toc, len(kept)),
        "<main>",
        _header(view, kept, len(series_toc)),
        _summary(view, docs),
        series_html,
        _findings(kept, by_doc, docs, doc_anchor, series_of_doc, left_out),
        "</main></div></body></html>\n",
    ]
    return "".join(parts)


def write_audit_html(view: AuditView, path: Path) -> Path:
    """Render the report to ``path`` atomically (a temporary file beside it, then a rename)."""
    text = render_audit_html(view)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(
            f"cannot write the audit report {path}: {exc.strerror or exc}",
            "free disk space or fix the folder's permissions, then run `raingan audit --out` again "
            "(the tables are written and audited; only the report is missing)",
        ) from exc
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise
    return path
