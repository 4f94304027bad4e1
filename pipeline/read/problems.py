"""What can go wrong reading a file: the stable codes of the reading problems and their severities
(the table of codes is in :mod:`pipeline.read.sources`'s docstring), and the problem itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from schemas.enums import Severity


class ReadCode(StrEnum):
    """Stable codes of :class:`ReadProblem` (table in the module docstring)."""

    READ_ERROR = "read_error"
    UNSUPPORTED_FORMAT = "unsupported_format"
    EMPTY_FILE = "empty_file"
    NOT_TEXT = "not_text"
    NO_VISIBLE_TEXT = "no_visible_text"
    DECODE_REPLACED = "decode_replaced"
    ENCODING_UNCERTAIN = "encoding_uncertain"
    CHARSET_IGNORED = "charset_ignored"
    ENCODING_FALLBACK = "encoding_fallback"
    FORMAT_SNIFFED = "format_sniffed"


SEVERITY: Final[dict[ReadCode, Severity]] = {
    ReadCode.READ_ERROR: Severity.ERROR,
    ReadCode.UNSUPPORTED_FORMAT: Severity.ERROR,
    ReadCode.EMPTY_FILE: Severity.ERROR,
    ReadCode.NOT_TEXT: Severity.ERROR,
    ReadCode.NO_VISIBLE_TEXT: Severity.ERROR,
    ReadCode.DECODE_REPLACED: Severity.WARNING,
    ReadCode.ENCODING_UNCERTAIN: Severity.WARNING,
    ReadCode.CHARSET_IGNORED: Severity.WARNING,
    ReadCode.ENCODING_FALLBACK: Severity.INFO,
    ReadCode.FORMAT_SNIFFED: Severity.INFO,
}


@dataclass(frozen=True)
class ReadProblem:
    """Something met while reading a file; ``code`` is a :class:`ReadCode` value."""

    code: str
    severity: Severity
    message: str
    evidence: str | None = None
    page: int | None = None  # 0-based, for a problem of one PDF page


def problem(code: ReadCode, message: str, evidence: str | None = None) -> ReadProblem:
    return ReadProblem(code, SEVERITY[code], message, evidence)
