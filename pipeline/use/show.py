"""``raingan show``: one document's whole story: its fields, entries, metrics, tables, budget items and every
finding of reading, parsing and the per-document audit, each value next to the text it was read from.

Laid out for the terminal's width, 80 columns included: a value is a unit that is never cut (a date, a
number with its unit, a code); text wraps. Entries are blocks: a line of their facts (quarter, report,
date, plan status, budget spent, score, progress), then their text; a fact an entry does not have is
left out rather than shown empty. ``--json`` gives the same as one JSON object, for scripts.

The audit's per-document checks run on the one file (:func:`pipeline.audit.checks.audit_document`); the
checks between fiscal years need the archive, and ``raingan audit`` runs them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.config import Config
from pipeline.result import DocumentResult
from pipeline.run.summary import layer_notes
from pipeline.run.worker import ingest_file
from pipeline.use import show_tables
from schemas.enums import Severity
from schemas.records import Finding, PageText

#: the document's fields shown, in order, with the label they are shown under
FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "title"),
    ("code", "code"),
    ("agency", "agency"),
    ("agency_source", "agency from"),
    ("fiscal_year_be", "fiscal year (BE)"),
    ("fiscal_year_ce", "fiscal year (CE)"),
    ("fiscal_year_source", "fiscal year from"),
    ("document_date", "dated"),
    ("target_value", "target"),
    ("achieved_value", "achieved"),
    ("start_date", "start"),
    ("end_date", "end"),
    ("budget_thb", "budget"),
    ("budget_spent_thb", "budget spent"),
)
#: fields shown with the one before them (their unit)
_UNIT_OF = {"target_value": "target_unit", "achieved_value": "achieved_unit"}
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}
INDENT = 4


def snippet(
    pages: list[PageText], page: int | None, start: int | None, end: int | None, context: int = 25
) -> str:
    """The value in its context, the value itself in brackets: ``…สมาชิก จำนวน [652 คน] มีโพสต์…``."""
    if page is None or start is None or end is None or not 0 < page <= len(pages):
        return ""
    text = pages[page - 1].text
    before = text[max(0, start - context) : start].replace("\n", " ⏎ ")
    after = text[end : end + context].replace("\n", " ⏎ ")
    return f"…{before}[{text[start:end]}]{after}…"


def number(value: float) -> str:
    """A number as written for people: thousands separated, no float noise (``1,234,567.5``)."""
    return format(value, ",.10g")


def _unit(unit: str | None) -> str:
    """A value's unit after it: `` %``, `` คะแนน``; nothing when the report writes none."""
    return f" {unit}" if unit else ""


def _baht(value: float) -> str:
    return f"{number(value)} บาท"


def pack(facts: Iterable[str], width: int, indent: int = 0) -> list[str]:
    """``facts`` on as few lines of ``width`` cells as fit, two spaces apart, none ever split (a fact
    wider than a line is a line of its own)."""
    lines: list[str] = []
    line = ""
    for fact in facts:
        if not fact:
            continue
        if line and cell_len(line) + 2 + cell_len(fact) > width - indent:
            lines.append(line)
            line = ""
        line = f"{line}  {fact}" if line else fact
    if line:
        lines.append(line)
    return lines


def entry_facts(result: DocumentResult) -> list[list[str]]:
    """Each entry's facts as shown: only those it has."""
    out = []
    for e in result.entries:
        date = ""
        if e.report_date is not None:
            date = e.report_date.isoformat()
            if e.report_date_raw and e.report_date_raw != date:
                date += f" ({e.report_date_raw})"
        facts = [
            f"#{e.entry_no}",
            f"Q{e.quarter}" if e.quarter is not None else "",
            f"report {e.report_no}" if e.report_no is not None else "",
            f"KPI ({e.kpi_no})" if e.kpi_no is not None else "",
            date,
            ",".join(e.date_flags) if e.date_flags else "",
            f"progress {number(e.progress_pct)}{_unit(e.progress_unit)}"
            if e.progress_pct is not None
            else "",
            f"spent {_baht(e.budget_spent_thb)}" if e.budget_spent_thb is not None else "",
            f"score {number(e.score)}" if e.score is not None else "",
            e.plan_status or "",
            e.target_status or "",
            f"p.{e.page}",
        ]
        out.append([f for f in facts if f])
    return out


def all_findings(result: DocumentResult) -> tuple[list[Finding], list[Finding]]:
    """The findings of reading and parsing, and those of the per-document audit."""
    from pipeline.audit.checks import audit_document  # the checks: loaded only to show them

    return list(result.findings), audit_document(result)


def show_document(path: Path, config: Config, console: Console, as_json: bool = False) -> DocumentResult:
    result = ingest_file(path, config)
    found, audited = all_findings(result)
    if as_json:
        console.out(json.dumps(_as_json(result, audited), ensure_ascii=False, indent=1), highlight=False)
        return result
    width = console.width
    doc = result.document
    console.print(Text(doc.source_path, style="bold"))
    console.print(
        Text(
            f"form={doc.form.value}  status={doc.status.value}  pages={doc.n_pages}  doc_id={doc.doc_id}",
            overflow="fold",
        )
    )
    for note in layer_notes(result.findings):
        console.print(Text(note, style="yellow"))
    _fields(console, result)
    show_tables.other_fields(
        console, result, (*(name for name, _ in FIELDS), "target_value", "achieved_value")
    )
    _entries(console, result, width)
    _metrics(console, result)
    if result.tables:
        show_tables.tables(console, result)
    show_tables.budget_items(console, result)
    _findings(console, result, found, "findings of reading and parsing", width)
    _findings(console, result, audited, "findings of the audit (the checks of one document)", width)
    console.print(
        Text(
            "the checks across fiscal years need the whole archive: raingan ingest, or raingan audit",
            style="dim",
        )
    )
    return result


def _fields(console: Console, result: DocumentResult) -> None:
    doc = result.document
    provenance = {f.field: f for f in result.field_values}
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    shown = 0
    for name, label in FIELDS:
        value = getattr(doc, name)
        if value is None:
            continue
        text = number(value) if isinstance(value, float) else str(value)
        if name in _UNIT_OF and getattr(doc, _UNIT_OF[name]):
            text += f" {getattr(doc, _UNIT_OF[name])}"
        elif name.startswith("budget"):
            text += " บาท"
        cell = Text(text)
        p = provenance.get(name)
        if p is not None:
            cell.append(f"\np.{p.page} {snippet(result.pages, p.page, p.char_start, p.char_end)}", "dim")
        grid.add_row(label, cell)
        shown += 1
    show_tables.heading(console, f"document ({shown} fields)")
    console.print(grid)


def _entries(console: Console, result: DocumentResult, width: int) -> None:
    show_tables.heading(console, f"entries ({len(result.entries)})")
    for entry, facts in zip(result.entries, entry_facts(result), strict=True):
        _facts(console, facts, width, "bold")
        console.print(_indented(entry.text.replace("\n", " "), width))


def _facts(console: Console, facts: list[str], width: int, style: str) -> None:
    """A block's first line: its facts, none cut; those that do not fit go on indented lines."""
    for i, line in enumerate(pack(facts, width - INDENT)):
        console.print(Text(" " * INDENT * (i > 0) + line, style=style), overflow="ignore", crop=False)


def _indented(text: str, width: int) -> Text:
    """``text`` wrapped to ``width`` with every line indented: at spaces, and a run without one (Thai
    writes none between words) folded where the line ends, never before a combining mark."""
    room = max(10, width - INDENT)
    lines: list[str] = []
    line = ""
    for word in (w for part in text.split(" ") for w in _fold(part, room)):
        if line and cell_len(line) + 1 + cell_len(word) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return Text("\n".join(" " * INDENT + x for x in lines))


def _fold(word: str, room: int) -> list[str]:
    """``word`` in pieces of at most ``room`` cells, each starting on a character that takes a cell."""
    if cell_len(word) <= room:
        return [word]
    pieces, piece = [], ""
    for char in word:
        if piece and cell_len(piece + char) > room and cell_len(char) > 0:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def _metrics(console: Console, result: DocumentResult) -> None:
    show_tables.heading(console, f"metrics ({len(result.metrics)})")
    if not result.metrics:
        return
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    table.add_column("entry", no_wrap=True, justify="right")
    table.add_column("value", no_wrap=True, justify="right")
    table.add_column("label", overflow="fold", max_width=22)
    table.add_column("as written, in its text", overflow="fold", ratio=1)
    for m in result.metrics:
        value = number(m.value) + (f" {m.unit}" if m.unit else "")
        table.add_row(
            str(m.entry_no or ""),
            Text(value),
            Text(m.label),
            Text(f"p.{m.page} {snippet(result.pages, m.page, m.char_start, m.char_end)}", style="dim"),
        )
    console.print(table)


def _findings(
    console: Console, result: DocumentResult, findings: list[Finding], title: str, width: int
) -> None:
    show_tables.heading(console, f"{title} ({len(findings)})")
    for f in findings:
        facts = [
            f.severity.value,
            str(f.code),
            f.stage.value,
            f"entry {f.entry_no}" if f.entry_no is not None else "",
            f"p.{f.page}" if f.page is not None else "",
        ]
        _facts(console, facts, width, _SEVERITY_STYLE.get(f.severity, ""))
        console.print(_indented(f.message, width))
        evidence = snippet(result.pages, f.page, f.char_start, f.char_end) or f.evidence or ""
        if evidence:
            said = _indented(evidence.replace("\n", " ⏎ "), width)
            said.stylize("dim")
            console.print(said)


def _as_json(result: DocumentResult, audited: list[Finding]) -> dict[str, Any]:
    def rows(records: Iterable[Any]) -> list[dict[str, Any]]:
        return [r.model_dump(mode="json") for r in records]

    return {
        "document": result.document.model_dump(mode="json"),
        "fields": rows(result.field_values),
        "entries": rows(result.entries),
        "metrics": rows(result.metrics),
        "dates": rows(result.dates),
        "tables": rows(result.tables),
        "cells": rows(result.cells),
        "budget_items": rows(result.budget_items),
        "findings": rows([*result.findings, *audited]),
        "pages": rows(result.pages),
    }
