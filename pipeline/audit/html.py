"""``audit.html``: the audit report, one self-contained page (inline CSS and SVG, nothing fetched).

Sections: the header (output folder, time, counts); findings by agency and severity, and by code; one
chart per KPI or project series (:mod:`pipeline.audit.svg`); every finding, grouped by document, worst
first, with the page text around it. Everything is built as lists of strings joined once, so the page
of an archive of thousands of documents renders in linear time.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections import Counter, defaultdict
from datetime import datetime
from html import escape
from pathlib import Path

from pipeline.audit.registry import AUDIT_SEVERITY
from pipeline.audit.script import SCRIPT
from pipeline.audit.style import CSS
from pipeline.audit.svg import (
    CHART_CSS,
    SEVERITY_COLOUR,
    SEVERITY_RANK,
    ChartMark,
    chart_svg,
    legend_html,
    series_rows,
    unit_panels,
    with_unit,
    year_label,
)
from pipeline.audit.view import SHOWN_INFO_CODES, AuditView, ShownFinding
from pipeline.audit.words import (
    GLOSSARY_TH,
    LANGS,
    be_date,
    be_dates,
    fiscal_year,
    meaning,
    severity_word,
    word,
)
from pipeline.errors import OutputError
from schemas.codes import FindingCode
from schemas.enums import Severity, Status
from schemas.records import Document, KpiHistory

LIST_LIMIT = 5_000  # more findings than this: all errors and warnings, the first INFO_KEPT infos
INFO_KEPT = 2_000
TOC_SERIES = 300  # series named in the table of contents; the others are only in the page
#: joins the values of a data attribute that holds several (agencies, fiscal years)
SEP = "\u241f"
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def _e(value: object) -> str:
    return "" if value is None else escape(str(value))


def _basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


def _agency(doc: Document | None, lang: str = "th") -> str:
    return doc.agency if doc is not None and doc.agency else word("no_agency", lang)


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


def _n(value: int, severity: Severity | None = None, key: str | None = None) -> str:
    cls = "n zero" if value == 0 else f"n {severity.value}" if severity else "n"
    counted = f' data-k="{_e(key)}"' if key is not None else ""
    return f'<td class="{cls}"{counted}>{value:,}</td>'


def _fy(value: int | None) -> str:
    return "" if value is None else str(value)


def _summary(view: AuditView, docs: dict[str, Document], lang: str) -> str:
    """Findings by agency and severity, and by code: sortable tables whose rows filter the findings."""
    n_docs: Counter[str] = Counter(_agency(d, lang) for d in view.documents)
    by_agency: dict[str, Counter[Severity]] = defaultdict(Counter)
    by_code: Counter[tuple[str, Severity]] = Counter()
    for shown in view.findings:
        f = shown.finding
        by_agency[_agency(docs.get(f.doc_id), lang)][f.severity] += 1
        by_code[(f.code, f.severity)] += 1
    none = word("no_agency", lang)
    agencies = sorted(
        set(n_docs) | set(by_agency),
        key=lambda a: (*(-by_agency[a][s] for s in SEVERITIES), a == none, a),
    )
    sev_heads = "".join(f'<th class="n" data-sort="n">{_e(severity_word(s, lang))}</th>' for s in SEVERITIES)
    out = [
        f'<section id="summary"><h2>{_e(word("summary", lang))}</h2><div class="grid2"><div class="card">',
        f'<h3>{_e(word("by_agency", lang))}</h3><div class="scroll"><table class="sortable" id="t-agency">'
        f'<thead><tr><th data-sort="t">{_e(word("agency", lang))}</th>'
        f'<th class="n" data-sort="n">{_e(word("documents", lang))}</th>{sev_heads}</tr></thead><tbody>',
    ]
    for agency in agencies:
        out.append(
            f'<tr class="pick" data-agency="{_e(agency)}" tabindex="0"><td>{_e(agency)}</td>'
            f"{_n(n_docs[agency], key=f'd:{agency}')}"
        )
        out.extend(_n(by_agency[agency][s], s, f"a:{agency}:{s.value}") for s in SEVERITIES)
        out.append("</tr>")
    totals = Counter(f.finding.severity for f in view.findings)
    out.append(f"</tbody><tfoot><tr><td>{_e(word('total', lang))}</td>{_n(len(view.documents), key='d:*')}")
    out.extend(_n(totals[s], s, f"s:{s.value}") for s in SEVERITIES)
    out.append(
        f'</tr></tfoot></table></div></div><div class="card" id="codes"><h3>{_e(word("by_code", lang))}</h3>'
        f'<div class="scroll"><table class="sortable" id="t-code"><thead><tr>'
        f'<th data-sort="t">{_e(word("code", lang))}</th><th data-sort="t">{_e(word("severity", lang))}</th>'
        f'<th class="n" data-sort="n">{_e(word("count", lang))}</th></tr></thead><tbody>'
    )
    for (code, severity), count in sorted(
        by_code.items(), key=lambda i: (SEVERITY_RANK[i[0][1]], -i[1], i[0])
    ):
        out.append(
            f'<tr class="pick" data-code="{_e(code)}" tabindex="0" title="{_e(meaning(code, lang))}">'
            f'<td><code>{_e(code)}</code></td><td><span class="badge {severity.value}">'
            f"{_e(severity_word(severity.value, lang))}</span></td>{_n(count, key=f'c:{code}')}</tr>"
        )
    if not by_code:
        out.append(f'<tr><td colspan="3">{_e(word("no_findings", lang))}</td></tr>')
    out.append("</tbody></table></div></div></div></section>")
    return "".join(out)


def _has_points(rows: list[KpiHistory]) -> bool:
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


def _series(
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
        worst = min((_rank(s) for s in findings), default=3)
        # an untitled series is named by its file, never by its hash
        title = next((r.title for r in reversed(rows) if r.title), None) or _basename(rows[-1].source_path)
        ordered.append((worst, title, series_id, rows, findings))
    ordered.sort(key=lambda t: (t[0], t[1], t[2]))
    out = [
        f'<section id="series"><h2>{_e(word("series", lang))} '
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
        years = sorted({_fy(r.fiscal_year_be) for r in rows})
        files = " ".join(_basename(r.source_path) for r in rows)
        search = " ".join([title, *codes, *agencies, files]).lower()
        out.append(
            f'<section class="series {sev}" id="{anchor}" data-agencies="{_e(SEP.join(agencies))}" '
            f'data-fys="{_e(SEP.join(years))}" data-docs="{_e(" ".join(r.doc_id for r in rows))}" '
            f'data-search="{_e(search)}"><h3><span class="badge {sev}">'
            f"{_e(severity_word(sev, lang) if sev != 'none' else '–')}</span> {_e(title)}</h3>"
            f"<p class=meta>{_e(word('code', lang))} <b>{_e(', '.join(codes) or '–')}</b> · "
            f"{_e(word('agency', lang))} <b>{_e('; '.join(agencies))}</b> · {_e(word('matched_by', lang))} "
            f"<b>{_e(last.match)}</b> (<code>{_e(last.series_key)}</code>) · {len(rows)} "
            f"{_e(word('documents', lang))} · {_e(word('findings', lang))}: {_e(said)}</p>"
        )
        if _has_points(rows):
            marks = [
                ChartMark(
                    s.finding.doc_id, s.quarter, s.finding.severity, f"{s.finding.code}: {s.finding.message}"
                )
                for s in findings
            ]
            # one chart per unit: a score and a percentage never share an axis (the findings on the first)
            for k, (unit, panel) in enumerate(unit_panels(rows)):
                if k and not _has_points(panel):
                    continue
                chart = chart_svg(series_id, panel, marks if k == 0 else [], unit)
                out.append(f'<div class="chartbox">{chart}</div>')
        else:
            out.append(f'<p class="meta nochart">{_e(word("no_chart", lang))}</p>')
        heads = [word("year", lang), word("document", lang), word("target", lang), word("achieved", lang)]
        out.append(
            f"<div class=scroll><table class=rows><thead><tr><th>{_e(heads[0])}</th><th>{_e(heads[1])}</th>"
            f"<th class=n>{_e(heads[2])}</th><th class=n>{_e(heads[3])}</th><th class=n>Q1</th>"
            "<th class=n>Q2</th><th class=n>Q3</th><th class=n>Q4</th>"
            f"<th class=n>{_e(word('final', lang))}</th><th class=n>{_e(word('audit_findings', lang))}</th>"
            "</tr></thead><tbody>"
        )
        for r in rows:
            series_of_doc[r.doc_id] = anchor
            name = _e(_basename(r.source_path))
            link = f'<a href="#{doc_anchor[r.doc_id]}">{name}</a>' if r.doc_id in doc_anchor else name
            quarters = (r.q1_progress, r.q2_progress, r.q3_progress, r.q4_progress)
            year = fiscal_year(r.fiscal_year_be, lang) if r.fiscal_year_be is not None else year_label(r)
            out.append(
                f"<tr><td class=nw>{_e(year)}</td><td class=file>{link}</td>"
                f"<td class=n>{_e(with_unit(r.target_value, r.target_unit))}</td>"
                f"<td class=n>{_e(with_unit(r.achieved_value, r.achieved_unit))}</td>"
                + "".join(f"<td class=n>{_e(with_unit(q, r.progress_unit))}</td>" for q in quarters)
                + f"<td class=n>{_e(with_unit(r.final_progress, r.progress_unit))}</td>"
                + f"{_n(r.n_audit_findings)}</tr>"
            )
        out.append("</tbody></table></div></section>")
    if not ordered:
        out.append(f'<p class="meta">{_e(word("no_series", lang))}</p>')
    out.append("</section>")
    return "".join(out), toc, series_of_doc


def _highlight(snippet: str, evidence: str | None) -> str:
    if evidence and evidence in snippet:
        return f"<mark>{escape(evidence)}</mark>".join(escape(part) for part in snippet.split(evidence))
    return escape(snippet)


def _finding(shown: ShownFinding, agency: str, lang: str) -> str:
    f = shown.finding
    sev, stage = f.severity.value, f.stage.value
    where = [
        *([f"{word('entry', lang)} {f.entry_no}"] if f.entry_no is not None else []),
        *([f"{word('page', lang)} {f.page}"] if f.page is not None else []),
        *([f"Q{shown.quarter}"] if shown.quarter is not None else []),
        *([f"×{f.count:,}"] if f.count is not None else []),
    ]
    out = [
        f'<article class="finding" data-code="{_e(f.code)}" data-severity="{sev}" data-stage="{stage}" '
        f'data-agency="{_e(agency)}" data-fy="{_fy(shown.fiscal_year_be)}">'
        f'<div class="head"><span class="badge {sev}">{_e(severity_word(sev, lang))}</span>'
        f'<code title="{_e(meaning(f.code, lang))}">{_e(f.code)}</code>'
        f'<span class="stage">{stage}</span><span class="loc">{_e(" · ".join(where))}</span></div>'
    ]
    said = meaning(f.code, "th") if lang == "th" and FindingCode(f.code) in GLOSSARY_TH else ""
    if said:
        out.append(f'<p class="msg">{_e(said)}</p><p class="detail">{_e(be_dates(f.message, lang))}</p>')
    else:
        out.append(f'<p class="msg">{_e(be_dates(f.message, lang))}</p>')
    if f.evidence:
        out.append(f'<p class="ev">{_e(word("evidence", lang))}: <q>{_e(f.evidence)}</q></p>')
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
    lang: str,
) -> str:
    out = [
        f'<section id="findings"><h2>{_e(word("findings", lang))} <span class="meta">(<span id="n-findings">'
        f"{len(kept):,}</span>)</span></h2>"
    ]
    if left_out:
        text = word("left_out", lang).format(n=f"{left_out:,}", kept=f"{INFO_KEPT:,}")
        out.append(f'<p class="note">{_e(text)}</p>')

    def order(doc_id: str) -> tuple[int, int, int, int, str]:
        counts = Counter(_rank(s) for s in by_doc[doc_id])
        doc = docs.get(doc_id)
        return (min(counts), -counts[0], -counts[1], -counts[2], doc.source_path if doc else doc_id)

    for doc_id in sorted(by_doc, key=order):
        doc = docs.get(doc_id)
        agency = _agency(doc, lang)
        name = _basename(doc.source_path) if doc else doc_id[:16] + "…"
        title = (doc.title or "") if doc else "(not in the documents table)"
        head = (
            f"{_e(name)} <span class=title>{_e(title)}</span>"
            if doc
            else f"<code>{_e(name)}</code> <span class=title>{_e(title)}</span>"
        )
        meta = []
        if doc:
            meta = [
                f"{_e(word('agency', lang))} <b>{_e(agency)}</b>",
                f"{_e(word('fiscal_year', lang))} <b>{_e(fiscal_year(doc.fiscal_year_be, lang))}</b>",
                f"{_e(word('form', lang))} <b>{_e(doc.form.value)}</b>",
                f"{_e(word('status', lang))} <b>{_e(doc.status.value)}</b>",
                f"<code>{_e(doc.source_path)}</code>",
            ]
        if doc_id in series_of_doc:
            meta.append(f'<a href="#{series_of_doc[doc_id]}">{_e(word("series_chart", lang))}</a>')
        fy = _fy(doc.fiscal_year_be) if doc else ""
        out.append(
            f'<section class="docf" id="{doc_anchor[doc_id]}" data-doc="{_e(doc_id)}" '
            f'data-agency="{_e(agency)}" data-fy="{fy}" '
            f'data-head="{_e(f"{name} {title} {doc.source_path if doc else doc_id}".lower())}">'
            f'<h3>{head}</h3><p class="meta">{" · ".join(meta)}</p>'
        )
        out.extend(_finding(s, agency, lang) for s in sorted(by_doc[doc_id], key=_rank))
        out.append("</section>")
    out.append(f'<p class="meta" id="nothing" hidden>{_e(word("nothing_matches", lang))}</p>')
    if not kept:
        out.append(f'<p class="meta">{_e(word("no_findings", lang))}</p>')
    out.append("</section>")
    return "".join(out)


def _filters(view: AuditView, kept: list[ShownFinding], docs: dict[str, Document], lang: str) -> str:
    """The bar that filters every section: search, agency, fiscal year, code, severity."""
    agencies = sorted(
        {_agency(d, lang) for d in view.documents} | {_agency(docs.get(s.finding.doc_id), lang) for s in kept}
    )
    years = sorted({d.fiscal_year_be for d in view.documents if d.fiscal_year_be is not None})
    codes = sorted({s.finding.code for s in kept})
    everything = _e(word("all", lang))

    def select(name: str, label: str, values: list[tuple[str, str]]) -> str:
        options = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in values)
        return (
            f'<label>{_e(label)} <select id="f-{name}"><option value="">{everything}</option>'
            f"{options}</select></label>"
        )

    return (
        '<div class="filters" id="filters">'
        f'<input type="search" id="q" placeholder="{_e(word("search", lang))}" '
        f'aria-label="{_e(word("search", lang))}">'
        + select("agency", word("agency", lang), [(a, a) for a in agencies])
        + select("fy", word("fiscal_year", lang), [(str(y), fiscal_year(y, lang)) for y in years])
        + select("code", word("code", lang), [(c, c) for c in codes])
        + "".join(
            f'<label><input type="checkbox" id="show-{s.value}" checked> {_e(severity_word(s.value, lang))}'
            "</label>"
            for s in SEVERITIES
        )
        + f'<button type="button" id="reset">{_e(word("reset", lang))}</button>'
        f'<span class="shown">{_e(word("shown", lang))} <b id="n-shown">{len(kept):,}</b> '
        f"{_e(word('of', lang))} {len(kept):,}</span></div>"
    )


def _header(view: AuditView, kept: list[ShownFinding], n_series: int, lang: str) -> str:
    status = Counter(d.status for d in view.documents)
    severity = Counter(s.finding.severity for s in view.findings)
    tiles: list[tuple[str, int, str, str | None]] = [
        (word("documents", lang), len(view.documents), "", "d:*"),
        (word("series_short", lang), n_series, "", "series"),
        (word("kpi_history_rows", lang), len(view.history), "", None),
        *((f"{severity_word(s.value, lang)}", severity[s], s.value, f"s:{s.value}") for s in SEVERITIES),
        *(
            (word(f"{s.value}_documents", lang), status[s], "", None)
            for s in (Status.PARTIAL, Status.FAILED)
            if status[s]
        ),
    ]
    generated = view.generated_at
    with contextlib.suppress(ValueError):
        moment = datetime.fromisoformat(view.generated_at.replace("Z", "+00:00"))
        generated = f"{be_date(moment.date(), lang)} {moment.strftime('%H:%M')} UTC"
    return (
        f'<header id="top"><h1>{_e(word("title", lang))}</h1><p class="sub">{_e(word("output", lang))} '
        f"<code>{_e(view.out_dir)}</code> · {_e(word('generated', lang))} {_e(generated)}</p>"
        '<div class="tiles">'
        + "".join(
            f'<div class="tile {c}"><b{f" data-k={chr(34)}{_e(k)}{chr(34)}" if k else ""}>{v:,}</b>'
            f"<span>{_e(t)}</span></div>"
            for t, v, c, k in tiles
        )
        + f'</div><p class="meta">{_e(word("counts_note", lang))}</p></header>'
    )


def _toc(series_toc: list[tuple[str, str, int]], n_findings: int, lang: str) -> str:
    items = "".join(
        f'<li data-for="{a}"><a href="#{a}" title="{_e(t)}">'
        f'<span style="color:{SEVERITY_COLOUR[SEVERITIES[r]]}">●</span> {_e(t)}</a></li>'
        if r < 3
        else f'<li data-for="{a}"><a href="#{a}" title="{_e(t)}">○ {_e(t)}</a></li>'
        for a, t, r in series_toc[:TOC_SERIES]
    )
    if len(series_toc) > TOC_SERIES:
        items += f"<li>… {len(series_toc) - TOC_SERIES:,}</li>"
    return (
        '<nav class="toc"><div class="brand">raingan</div><ul>'
        f'<li><a href="#top">{_e(word("overview", lang))}</a></li>'
        f'<li><a href="#summary">{_e(word("by_agency", lang))}</a></li>'
        f'<li><a href="#codes">{_e(word("by_code", lang))}</a></li>'
        f'<li><a href="#findings">{_e(word("findings", lang))} ({n_findings:,})</a></li>'
        f'<li><a href="#glossary">{_e(word("glossary", lang))}</a></li>'
        f'<li><a href="#series">{_e(word("series", lang))} ({len(series_toc):,})</a><ul>{items}</ul></li>'
        "</ul></nav>"
    )


def _glossary(lang: str) -> str:
    """Every code the audit writes and the notes it shows: severity, and meaning in Thai and English."""
    rows = [
        *((code, severity.value) for code, severity in AUDIT_SEVERITY.items()),
        *((FindingCode(code), "info") for code in sorted(SHOWN_INFO_CODES)),
    ]
    out = [
        f'<section id="glossary"><h2>{_e(word("glossary", lang))}</h2><div class="scroll"><table>'
        f"<thead><tr><th>{_e(word('code', lang))}</th><th>{_e(word('severity', lang))}</th>"
        "<th>ความหมาย</th><th>meaning</th></tr></thead><tbody>"
    ]
    for code, severity in rows:
        out.append(
            f'<tr id="code-{_e(code)}"><td><code>{_e(code)}</code></td><td><span class="badge {severity}">'
            f"{_e(severity_word(severity, lang))}</span></td><td>{_e(meaning(code, 'th'))}</td>"
            f"<td>{_e(meaning(code, 'en'))}</td></tr>"
        )
    out.append("</tbody></table></div></section>")
    return "".join(out)


def render_audit_html(view: AuditView, lang: str = "th") -> str:
    """The whole report as one HTML5 document, its words in ``lang`` (``th`` or ``en``)."""
    if lang not in LANGS:
        raise ValueError(f"no report language {lang!r}: {', '.join(LANGS)}")
    docs = {d.doc_id: d for d in view.documents}
    kept, left_out = select_findings(view.findings)
    by_doc: dict[str, list[ShownFinding]] = defaultdict(list)
    for shown in kept:
        by_doc[shown.finding.doc_id].append(shown)
    doc_anchor = {doc_id: f"d{i + 1}" for i, doc_id in enumerate(by_doc)}
    series_html, series_toc, series_of_doc = _series(view, by_doc, doc_anchor, lang)
    documents = [[_agency(d, lang), _fy(d.fiscal_year_be)] for d in view.documents]
    data = json.dumps({"documents": documents, "sep": SEP}, ensure_ascii=False).replace("</", "<\\/")
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(word('title', lang))} · {_e(view.out_dir)}</title><style>{CSS}{CHART_CSS}</style></head>"
        '<body><div class="layout">',
        _toc(series_toc, len(kept), lang),
        "<main>",
        _header(view, kept, len(series_toc), lang),
        _filters(view, kept, docs, lang),
        _summary(view, docs, lang),
        series_html,
        _findings(kept, by_doc, docs, doc_anchor, series_of_doc, left_out, lang),
        _glossary(lang),
        f'</main></div><script type="application/json" id="data">{data}</script><script>{SCRIPT}</script>'
        "</body></html>\n",
    ]
    return "".join(parts)


def write_audit_html(view: AuditView, path: Path, lang: str = "th") -> Path:
    """Render the report in ``lang`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    text = render_audit_html(view, lang)
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
