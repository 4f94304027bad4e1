"""Copy-paste: entries with the same text as an earlier one, and figures frozen across periods while
the report gives other figures for the same things."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import regex

from pipeline.audit.registry import audit_finding, figure
from pipeline.audit.spans import entry_head, entry_label
from pipeline.audit.tables import DocView
from schemas.codes import FindingCode
from schemas.records import Entry, Finding

#: shorter entry texts ("ดำเนินการแล้ว") are too generic to call copied
MIN_COPY_CHARS = 20
_SPACE = regex.compile(r"\s+")


def _body(entry: Entry) -> str:
    """The entry's text with its layout (line wrapping, spacing) removed."""
    return str(_SPACE.sub("", entry.text))


def _names(entries: list[Entry], limit: int = 8) -> str:
    names = ", ".join(entry_label(e) for e in entries[:limit])
    return names + (" …" if len(entries) > limit else "")


def check_duplicates(doc: DocView) -> Iterator[Finding]:
    """Entries whose text equals an earlier entry's, line wrapping aside: one finding per group."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in doc.entries:
        body = _body(entry)
        if len(body) >= MIN_COPY_CHARS:
            groups[body].append(entry)
    for same in groups.values():
        if len(same) < 2:
            continue
        first, copy = same[0], same[1]
        yield audit_finding(
            doc.doc_id,
            FindingCode.DUPLICATE_ENTRY,
            f"{len(same)} entries have the same text ({len(_body(first))} characters, spacing aside): "
            f"{_names(same)}; the later ones say nothing new about their period",
            evidence=copy.text[:160],
            entry_no=copy.entry_no,
            count=len(same),
            **entry_head(copy, 160).kw(),
        )


def _figures(doc: DocView, entry_no: int | None) -> tuple[tuple[float, str], ...]:
    return tuple(
        sorted(
            (m.value, m.unit or "")
            for m in doc.metrics
            if m.entry_no == entry_no and m.kind in ("count", "money")
        )
    )


def check_frozen(doc: DocView) -> Iterator[Finding]:
    """The same figures in several periods' entries while the report gives other figures for the same
    units elsewhere (its year summary): the periods were not measured, they were copied."""
    periods: dict[tuple[tuple[float, str], ...], list[Entry]] = defaultdict(list)
    for entry in doc.entries:
        figures = _figures(doc, entry.entry_no)
        if figures:
            periods[figures].append(entry)
    for figures, entries in periods.items():
        stamps = {(e.report_date, e.quarter) for e in entries}
        if len(entries) < 2 or len(stamps) < 2:
            continue
        frozen_units = {unit for _, unit in figures}
        others = sorted(
            {
                (m.value, m.unit)
                for m in doc.metrics
                if m.kind in ("count", "money")
                and m.unit in frozen_units
                and (m.entry_no is None or m.entry_no not in {e.entry_no for e in entries})
                and (m.value, m.unit) not in set(figures)
            },
            key=lambda vu: (vu[1], -vu[0]),
        )
        if not others:
            continue
        where = entry_head(entries[1], 160)
        yield audit_finding(
            doc.doc_id,
            FindingCode.FROZEN_METRICS,
            f"the figures {', '.join(figure(v, u) for v, u in figures)} are the same in {len(entries)} "
            f"periods ({_names(entries)}) while the report gives "
            f"{', '.join(figure(v, u) for v, u in others[:6])} elsewhere: the periods' figures look copied",
            evidence="; ".join(figure(v, u) for v, u in figures),
            entry_no=entries[1].entry_no,
            count=len(entries),
            **where.kw(),
        )
