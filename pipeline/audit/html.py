"""``audit.html``: the audit report, one self-contained page (inline CSS and SVG, nothing fetched).

Sections: the header (output folder, time, counts); the filter bar; findings by agency and severity,
and by code; the KPI and project series (:mod:`pipeline.audit.html_series`); every finding, grouped by
document (:mod:`pipeline.audit.html_findings`); the glossary of codes. The page's script
(:mod:`pipeline.audit.script`) filters and recounts. Everything is built as lists of strings joined
once, so the page of an archive of thousands of documents renders in linear time.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from pipeline.audit.html_findings import INFO_KEPT, LIST_LIMIT, findings_section, select_findings
from pipeline.audit.html_parts import SEP, SEVERITIES, agency_of, count_cell, esc, fy_attr
from pipeline.audit.html_series import series_section
from pipeline.audit.registry import AUDIT_SEVERITY
from pipeline.audit.script import SCRIPT
from pipeline.audit.style import CSS
from pipeline.audit.svg import CHART_CSS, SEVERITY_COLOUR, SEVERITY_RANK
from pipeline.audit.view import SHOWN_INFO_CODES, AuditView, ShownFinding
from pipeline.audit.words import LANGS, be_date, fiscal_year, meaning, severity_word, word
from pipeline.errors import OutputError
from schemas.codes import FindingCode
from schemas.enums import Severity, Status
from schemas.records import Document

TOC_SERIES = 300  # series named in the table of contents; the others are only in the page


def _summary(view: AuditView, docs: dict[str, Document], lang: str) -> str:
    """Findings by agency and severity, and by code: sortable tables whose rows filter the findings."""
    n_docs: Counter[str] = Counter(agency_of(d, lang) for d in view.documents)
    by_agency: dict[str, Counter[Severity]] = defaultdict(Counter)
    by_code: Counter[tuple[str, Severity]] = Counter()
    for shown in view.findings:
        f = shown.finding
        by_agency[agency_of(docs.get(f.doc_id), lang)][f.severity] += 1
        by_code[(f.code, f.severity)] += 1
    none = word("no_agency", lang)
    agencies = sorted(
        set(n_docs) | set(by_agency),
        key=lambda a: (*(-by_agency[a][s] for s in SEVERITIES), a == none, a),
    )
    sev_heads = "".join(f'<th class="n" data-sort="n">{esc(severity_word(s, lang))}</th>' for s in SEVERITIES)
    out = [
        f'<section id="summary"><h2>{esc(word("summary", lang))}</h2><div class="grid2"><div class="card">',
        f'<h3>{esc(word("by_agency", lang))}</h3><div class="scroll"><table class="sortable" id="t-agency">'
        f'<thead><tr><th data-sort="t">{esc(word("agency", lang))}</th>'
        f'<th class="n" data-sort="n">{esc(word("documents", lang))}</th>{sev_heads}</tr></thead><tbody>',
    ]
    for agency in agencies:
        out.append(
            f'<tr class="pick" data-agency="{esc(agency)}" tabindex="0"><td>{esc(agency)}</td>'
            f"{count_cell(n_docs[agency], key=f'd:{agency}')}"
        )
        out.extend(count_cell(by_agency[agency][s], s, f"a:{agency}:{s.value}") for s in SEVERITIES)
        out.append("</tr>")
    totals = Counter(f.finding.severity for f in view.findings)
    out.append(
        f"</tbody><tfoot><tr><td>{esc(word('total', lang))}</td>{count_cell(len(view.documents), key='d:*')}"
    )
    out.extend(count_cell(totals[s], s, f"s:{s.value}") for s in SEVERITIES)
    out.append(
        f'</tr></tfoot></table></div></div><div class="card" id="codes"><h3>{esc(word("by_code", lang))}</h3>'
        f'<div class="scroll"><table class="sortable" id="t-code"><thead><tr>'
        f'<th data-sort="t">{esc(word("code", lang))}</th>'
        f'<th data-sort="t">{esc(word("severity", lang))}</th>'
        f'<th class="n" data-sort="n">{esc(word("count", lang))}</th></tr></thead><tbody>'
    )
    for (code, severity), count in sorted(
        by_code.items(), key=lambda i: (SEVERITY_RANK[i[0][1]], -i[1], i[0])
    ):
        out.append(
            f'<tr class="pick" data-code="{esc(code)}" tabindex="0" title="{esc(meaning(code, lang))}">'
            f'<td><code>{esc(code)}</code></td><td><span class="badge {severity.value}">'
            f"{esc(severity_word(severity.value, lang))}</span></td>{count_cell(count, key=f'c:{code}')}</tr>"
        )
    if not by_code:
        out.append(f'<tr><td colspan="3">{esc(word("no_findings", lang))}</td></tr>')
    out.append("</tbody></table></div></div></div></section>")
    return "".join(out)


def _filters(view: AuditView, kept: list[ShownFinding], docs: dict[str, Document], lang: str) -> str:
    """The bar that filters every section: search, agency, fiscal year, code, severity."""
    agencies = sorted(
        {agency_of(d, lang) for d in view.documents}
        | {agency_of(docs.get(s.finding.doc_id), lang) for s in kept}
    )
    years = sorted({d.fiscal_year_be for d in view.documents if d.fiscal_year_be is not None})
    codes = sorted({s.finding.code for s in kept})
    everything = esc(word("all", lang))

    def select(name: str, label: str, values: list[tuple[str, str]]) -> str:
        options = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in values)
        return (
            f'<label>{esc(label)} <select id="f-{name}"><option value="">{everything}</option>'
            f"{options}</select></label>"
        )

    return (
        '<div class="filters" id="filters">'
        f'<input type="search" id="q" placeholder="{esc(word("search", lang))}" '
        f'aria-label="{esc(word("search", lang))}">'
        + select("agency", word("agency", lang), [(a, a) for a in agencies])
        + select("fy", word("fiscal_year", lang), [(str(y), fiscal_year(y, lang)) for y in years])
        + select("code", word("code", lang), [(c, c) for c in codes])
        + "".join(
            f'<label><input type="checkbox" id="show-{s.value}" checked> {esc(severity_word(s.value, lang))}'
            "</label>"
            for s in SEVERITIES
        )
        + f'<button type="button" id="reset">{esc(word("reset", lang))}</button>'
        f'<span class="shown">{esc(word("shown", lang))} <b id="n-shown">{len(kept):,}</b> '
        f"{esc(word('of', lang))} {len(kept):,}</span></div>"
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
        f'<header id="top"><h1>{esc(word("title", lang))}</h1><p class="sub">{esc(word("output", lang))} '
        f"<code>{esc(view.out_dir)}</code> · {esc(word('generated', lang))} {esc(generated)}</p>"
        '<div class="tiles">'
        + "".join(
            f'<div class="tile {c}"><b{f" data-k={chr(34)}{esc(k)}{chr(34)}" if k else ""}>{v:,}</b>'
            f"<span>{esc(t)}</span></div>"
            for t, v, c, k in tiles
        )
        + f'</div><p class="meta">{esc(word("counts_note", lang))}</p></header>'
    )


def _toc(series_toc: list[tuple[str, str, int]], n_findings: int, lang: str) -> str:
    items = "".join(
        f'<li data-for="{a}"><a href="#{a}" title="{esc(t)}">'
        f'<span style="color:{SEVERITY_COLOUR[SEVERITIES[r]]}">●</span> {esc(t)}</a></li>'
        if r < 3
        else f'<li data-for="{a}"><a href="#{a}" title="{esc(t)}">○ {esc(t)}</a></li>'
        for a, t, r in series_toc[:TOC_SERIES]
    )
    if len(series_toc) > TOC_SERIES:
        items += f"<li>… {len(series_toc) - TOC_SERIES:,}</li>"
    return (
        '<nav class="toc"><div class="brand">raingan</div><ul>'
        f'<li><a href="#top">{esc(word("overview", lang))}</a></li>'
        f'<li><a href="#summary">{esc(word("by_agency", lang))}</a></li>'
        f'<li><a href="#codes">{esc(word("by_code", lang))}</a></li>'
        f'<li><a href="#findings">{esc(word("findings", lang))} ({n_findings:,})</a></li>'
        f'<li><a href="#glossary">{esc(word("glossary", lang))}</a></li>'
        f'<li><a href="#series">{esc(word("series", lang))} ({len(series_toc):,})</a><ul>{items}</ul></li>'
        "</ul></nav>"
    )


def _glossary(lang: str) -> str:
    """Every code the audit writes and the notes it shows: severity, and meaning in Thai and English."""
    rows = [
        *((code, severity.value) for code, severity in AUDIT_SEVERITY.items()),
        *((FindingCode(code), "info") for code in sorted(SHOWN_INFO_CODES)),
    ]
    out = [
        f'<section id="glossary"><h2>{esc(word("glossary", lang))}</h2><div class="scroll"><table>'
        f"<thead><tr><th>{esc(word('code', lang))}</th><th>{esc(word('severity', lang))}</th>"
        "<th>ความหมาย</th><th>meaning</th></tr></thead><tbody>"
    ]
    for code, severity in rows:
        out.append(
            f'<tr id="code-{esc(code)}"><td><code>{esc(code)}</code></td><td><span class="badge {severity}">'
            f"{esc(severity_word(severity, lang))}</span></td><td>{esc(meaning(code, 'th'))}</td>"
            f"<td>{esc(meaning(code, 'en'))}</td></tr>"
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
    series_html, series_toc, series_of_doc = series_section(view, by_doc, doc_anchor, lang)
    documents = [[agency_of(d, lang), fy_attr(d.fiscal_year_be)] for d in view.documents]
    data = json.dumps({"documents": documents, "sep": SEP}, ensure_ascii=False).replace("</", "<\\/")
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(word('title', lang))} · {esc(view.out_dir)}</title>"
        f"<style>{CSS}{CHART_CSS}</style></head>"
        '<body><div class="layout">',
        _toc(series_toc, len(kept), lang),
        "<main>",
        _header(view, kept, len(series_toc), lang),
        _filters(view, kept, docs, lang),
        _summary(view, docs, lang),
        series_html,
        findings_section(kept, by_doc, docs, doc_anchor, series_of_doc, left_out, lang),
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


__all__ = ["INFO_KEPT", "LIST_LIMIT", "render_audit_html", "select_findings", "write_audit_html"]
