"""Text: corruption that the ingest repaired, and corruption that may have changed values."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Final

from pipeline.audit.registry import audit_finding
from pipeline.audit.tables import DocView
from schemas.codes import FindingCode
from schemas.records import Finding

#: repairs of damaged text (normalize stage) an auditor should know the document needed; the
#: harmless ones (Unicode NFC, spacing, page headers) are not counted
DAMAGE_REPAIRS: Final = frozenset(
    {
        "lost_quotes",
        "lost_dash",
        "sara_am_aa",
        "sara_am_split",
        "stray_backtick",
        "pua_glyphs",
        "fffd_in_word",
        "space_before_mark",
        "doubled_marks",
        "dictionary_repair",
        "late_marks",
        "spaced_am",
    }
)
#: findings that say a value may have been read wrong because of the text
SUSPECT_CODES: Final = frozenset(
    {"label_corrupted", "decode_replaced", "low_confidence", "encoding_uncertain"}
)
#: a PDF page whose text reads worse than this (share of Thai in dictionary words) may hide misreadings
POOR_PAGE_QUALITY = 0.80


def check_repairs(doc: DocView) -> Iterator[Finding]:
    """One note per document listing the damage that was repaired (lost quotes, broken ำ …)."""
    repaired: Counter[str] = Counter()
    first: Finding | None = None
    for f in doc.findings:
        if f.code in DAMAGE_REPAIRS:
            repaired[f.code] += f.count or 1
            first = first or f
    if not repaired or first is None:
        return
    listed = ", ".join(f"{code} ×{n}" for code, n in repaired.most_common())
    yield audit_finding(
        doc.doc_id,
        FindingCode.TEXT_REPAIRED,
        f"the text was damaged and repaired before it was read ({listed}); the raw text is in pages.text_raw",
        evidence=first.evidence,
        count=sum(repaired.values()),
        page=first.page,
        char_start=first.char_start,
        char_end=first.char_end,
    )


def check_suspect(doc: DocView) -> Iterator[Finding]:
    """Text damage that may have changed values: a corrupted label (the ๕๖ trap), undecodable bytes,
    values OCR read with low confidence, PDF pages whose text stays poor after repair."""
    suspect = [f for f in doc.findings if f.code in SUSPECT_CODES]
    kinds = Counter(f.code for f in suspect)
    reasons = [f"{code} ×{n}" for code, n in kinds.most_common()]
    poor = sorted(p for p, q in doc.page_quality.items() if q is not None and q < POOR_PAGE_QUALITY)
    if poor:
        reasons.append(
            f"page{'s' if len(poor) > 1 else ''} {', '.join(map(str, poor[:10]))} read poorly "
            f"(quality {min(doc.page_quality[p] or 0 for p in poor):.2f} < {POOR_PAGE_QUALITY})"
        )
    if not reasons:
        return
    first = suspect[0] if suspect else None
    yield audit_finding(
        doc.doc_id,
        FindingCode.TEXT_SUSPECT,
        "values of this document may have been misread: "
        + "; ".join(reasons)
        + ". Check them against the page (findings of these codes give each place)",
        evidence=first.evidence if first else None,
        entry_no=first.entry_no if first else None,
        count=len(suspect) + len(poor),
        page=first.page if first else poor[0],
        char_start=first.char_start if first else None,
        char_end=first.char_end if first else None,
    )
