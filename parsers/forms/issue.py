"""A problem a form parser saw, before it has a page and a raw string: the one record every form, the
field reader and the finding builder share (and so it depends on nothing in ``parsers``)."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.codes import FindingCode
from schemas.enums import Severity


@dataclass(frozen=True)
class Issue:
    """A problem a form parser saw; becomes a finding with the span's page and raw text."""

    code: FindingCode
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None
    entry_index: int | None = None  # 0-based index into FormResult.entries
