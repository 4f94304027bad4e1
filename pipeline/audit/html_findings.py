"""``audit.html``'s list of findings: one card each, grouped by document, worst first, with the page text
around it; past :data:`LIST_LIMIT` findings every error and warning and the first :data:`INFO_KEPT`
notes."""

from __future__ import annotations

from collections import Counter
from html import escape

from pipeline.audit.html_parts import agency_of, basename, esc, fy_attr, rank
from pipeline.audit.view import ShownFinding
from pipeline.audit.words import GLOSSARY_TH, be_dates, fiscal_year, meaning, severity_word, word
from schemas.codes import FindingCode
from schemas.enums import Severity
from schemas.records import Document

LIST_LIMIT = 5_000  # more findings than this: all errors and warnings, the first INFO_KEPT infos
INFO_KEPT = 2_000


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


def highlight(snippet: str, evidence: str | None) -> str:
    if evidence and evidence in snippet:
        return f"<mark>{escape(evidence)}</mark>".join(escape(part) for part in snippet.split(evidence))
    return escape(snippet)


def finding_card(shown: ShownFinding, agency: str, lang: str) -> str:
    f = shown.finding
    sev, stage = f.severity.value, f.stage.value
    where = [
        *([f"{word('entry', lang)} {f.entry_no}"] if f.entry_no is not None else []),
        *([f"{word('page', lang)} {f.page}"] if f.page is not None else []),
        *([f"Q{shown.quarter}"] if shown.quarter is not None else []),
        *([f"×{f.count:,}"] if f.count is not None else []),
    ]
    out = [
        f'<article class="finding" data-code="{esc(f.code)}" data-severity="{sev}" data-stage="{stage}" '
        f'data-agency="{esc(agency)}" data-fy="{fy_attr(shown.fiscal_year_be)}">'
        f'<div class="head"><span class="badge {sev}">{esc(severity_word(sev, lang))}</span>'
        f'<code title="{esc(meaning(f.code, lang))}">{esc(f.code)}</code>'
        f'<span class="stage">{stage}</span><span class="loc">{esc(" · ".join(where))}</span></div>'
    ]
    # in Thai, the code's meaning in Thai above the check's own (English) sentence
    said = GLOSSARY_TH.get(FindingCode(f.code)) if lang == "th" else None
    if said:
        out.append(f'<p class="msg">{esc(said)}</p><p class="detail">{esc(be_dates(f.message, lang))}</p>')
    else:
        out.append(f'<p class="msg">{esc(be_dates(f.message, lang))}</p>')
    if f.evidence:
        out.append(f'<p class="ev">{esc(word("evidence", lang))}: <q>{esc(f.evidence)}</q></p>')
    if shown.snippet:
        out.append(f'<pre class="snippet">{highlight(shown.snippet, f.evidence)}</pre>')
    out.append("</article>")
    return "".join(out)


def findings_section(
    kept: list[ShownFinding],
    by_doc: dict[str, list[ShownFinding]],
    docs: dict[str, Document],
    doc_anchor: dict[str, str],
    series_of_doc: dict[str, str],
    left_out: int,
    lang: str,
) -> str:
    out = [
        f'<section id="findings"><h2>{esc(word("findings", lang))} <span class="meta">(<span id="n-findings">'
        f"{len(kept):,}</span>)</span></h2>"
    ]
    if left_out:
        text = word("left_out", lang).format(n=f"{left_out:,}", kept=f"{INFO_KEPT:,}")
        out.append(f'<p class="note">{esc(text)}</p>')

    def order(doc_id: str) -> tuple[int, int, int, int, str]:
        counts = Counter(rank(s) for s in by_doc[doc_id])
        doc = docs.get(doc_id)
        return (min(counts), -counts[0], -counts[1], -counts[2], doc.source_path if doc else doc_id)

    for doc_id in sorted(by_doc, key=order):
        doc = docs.get(doc_id)
        agency = agency_of(doc, lang)
        name = basename(doc.source_path) if doc else doc_id[:16] + "…"
        title = (doc.title or "") if doc else "(not in the documents table)"
        head = (
            f"{esc(name)} <span class=title>{esc(title)}</span>"
            if doc
            else f"<code>{esc(name)}</code> <span class=title>{esc(title)}</span>"
        )
        meta = []
        if doc:
            meta = [
                f"{esc(word('agency', lang))} <b>{esc(agency)}</b>",
                f"{esc(word('fiscal_year', lang))} <b>{esc(fiscal_year(doc.fiscal_year_be, lang))}</b>",
                f"{esc(word('form', lang))} <b>{esc(doc.form.value)}</b>",
                f"{esc(word('status', lang))} <b>{esc(doc.status.value)}</b>",
                f"<code>{esc(doc.source_path)}</code>",
            ]
        if doc_id in series_of_doc:
            meta.append(f'<a href="#{series_of_doc[doc_id]}">{esc(word("series_chart", lang))}</a>')
        fy = fy_attr(doc.fiscal_year_be) if doc else ""
        out.append(
            f'<section class="docf" id="{doc_anchor[doc_id]}" data-doc="{esc(doc_id)}" '
            f'data-agency="{esc(agency)}" data-fy="{fy}" '
            f'data-head="{esc(f"{name} {title} {doc.source_path if doc else doc_id}".lower())}">'
            f'<h3>{head}</h3><p class="meta">{" · ".join(meta)}</p>'
        )
        out.extend(finding_card(s, agency, lang) for s in sorted(by_doc[doc_id], key=rank))
        out.append("</section>")
    out.append(f'<p class="meta" id="nothing" hidden>{esc(word("nothing_matches", lang))}</p>')
    if not kept:
        out.append(f'<p class="meta">{esc(word("no_findings", lang))}</p>')
    out.append("</section>")
    return "".join(out)
