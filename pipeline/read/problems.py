"""What can go wrong reading a file: the stable codes of the reading problems and their severities
(the table of codes is in :mod:`pipeline.read.sources`'s docstring), and the problem itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from schemas.codes import FindingCode
from schemas.enums import Severity

SEVERITY: Final[dict[FindingCode, Severity]] = {
    FindingCode.READ_ERROR: Severity.ERROR,
    FindingCode.UNSUPPORTED_FORMAT: Severity.ERROR,
    FindingCode.EMPTY_FILE: Severity.ERROR,
    FindingCode.NOT_TEXT: Severity.ERROR,
    FindingCode.NO_VISIBLE_TEXT: Severity.ERROR,
    FindingCode.DECODE_REPLACED: Severity.WARNING,
    FindingCode.ENCODING_UNCERTAIN: Severity.WARNING,
    FindingCode.CHARSET_IGNORED: Severity.WARNING,
    FindingCode.ENCODING_FALLBACK: Severity.INFO,
    FindingCode.FORMAT_SNIFFED: Severity.INFO,
    FindingCode.TOO_LARGE: Severity.ERROR,
    FindingCode.OFFICE_DAMAGED: Severity.ERROR,
    FindingCode.OFFICE_ENCRYPTED: Severity.ERROR,
    FindingCode.FORMULA_NO_VALUE: Severity.WARNING,
}


@dataclass(frozen=True)
class ReadProblem:
    """Something met while reading a file; ``code`` is a :class:`FindingCode` value."""

    code: FindingCode
    severity: Severity
    message: str
    evidence: str | None = None
    page: int | None = None  # 0-based, for a problem of one PDF page


def problem(code: FindingCode, message: str, evidence: str | None = None) -> ReadProblem:
    return ReadProblem(code, SEVERITY[code], message, evidence)
