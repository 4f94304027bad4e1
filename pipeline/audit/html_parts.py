"""The pieces every part of ``audit.html`` writes with (:mod:`pipeline.audit.html`): escaped text, a
file's name, a document's agency as the report names it, a finding's rank, a counted table cell."""

from __future__ import annotations

from html import escape
from typing import Final

from pipeline.audit.svg import SEVERITY_RANK
from pipeline.audit.view import ShownFinding
from pipeline.audit.words import word
from schemas.enums import Severity
from schemas.records import Document

#: joins the values of a data attribute that holds several (agencies, fiscal years)
SEP: Final = "\u241f"
SEVERITIES: Final = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def esc(value: object) -> str:
    return "" if value is None else escape(str(value))


def basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


def agency_of(doc: Document | None, lang: str = "th") -> str:
    return doc.agency if doc is not None and doc.agency else word("no_agency", lang)


def rank(shown: ShownFinding) -> int:
    return SEVERITY_RANK[shown.finding.severity]


def count_cell(value: int, severity: Severity | None = None, key: str | None = None) -> str:
    cls = "n zero" if value == 0 else f"n {severity.value}" if severity else "n"
    counted = f' data-k="{esc(key)}"' if key is not None else ""
    return f'<td class="{cls}"{counted}>{value:,}</td>'


def fy_attr(value: int | None) -> str:
    return "" if value is None else str(value)
