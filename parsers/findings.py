"""Building finding rows with their provenance (page, span, raw text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from parsers.document.doctext import DocText
from parsers.forms.issue import Issue
from parsers.repair.normalize import Repair
from parsers.thai.dates import DateReading
from schemas.codes import FindingCode
from schemas.enums import Severity
from schemas.records import Finding


@dataclass(frozen=True)
class FlagRule:
    severity: Severity
    message: str  # formatted with the reading's raw, value and alternatives


#: date flags that deserve a finding; other flags (mid_month …) only qualify the value
DATE_FLAG_FINDINGS: Final[dict[FindingCode, FlagRule]] = {
    FindingCode.AMBIGUOUS_ORDER: FlagRule(
        Severity.WARNING,
        "day/month order of {raw} cannot be decided from the era, the quarter or the neighbouring entries; "
        "kept the era-rule reading {value} (the other reading is {alternatives})",
    ),
    FindingCode.INVALID_DATE: FlagRule(
        Severity.WARNING, "{raw} is not a calendar date in either day/month order"
    ),
    FindingCode.WEEKDAY_MISMATCH: FlagRule(
        Severity.WARNING, "the weekday written with {raw} is not the weekday of {value}"
    ),
    FindingCode.ORDER_AGAINST_ERA: FlagRule(
        Severity.INFO, "{raw} is only valid in the order its year's era does not usually use; read as {value}"
    ),
    FindingCode.ERA_MARKER_MISMATCH: FlagRule(
        Severity.WARNING, "the era marker written with {raw} does not fit its year"
    ),
    FindingCode.RANGE_REVERSED: FlagRule(Severity.WARNING, "the range {raw} ends before it starts"),
    FindingCode.TWO_DIGIT_YEAR: FlagRule(
        Severity.INFO, "{raw} has a two-digit year, read as Buddhist Era: {value}"
    ),
}

#: the finding code of a date flag that has one (a date reading's flags are plain strings)
_FLAG_CODES: Final = {str(code): code for code in DATE_FLAG_FINDINGS}


class FindingBuilder:
    """Collects the findings of one document."""

    def __init__(self, doc_id: str, doc: DocText) -> None:
        self.doc_id, self.doc = doc_id, doc
        self.rows: list[Finding] = []

    def at(
        self,
        code: FindingCode,
        severity: Severity,
        message: str,
        start: int | None,
        end: int | None,
        entry_no: int | None = None,
        stage: str = "parse",
    ) -> None:
        page = char_start = char_end = None
        evidence = None
        if start is not None and end is not None:
            pos = self.doc.locate(start, end)
            page, char_start, char_end, evidence = pos.page, pos.start, pos.end, pos.raw
        self.rows.append(
            Finding(
                doc_id=self.doc_id,
                entry_no=entry_no,
                stage=stage,
                severity=severity,
                code=code,
                message=message,
                evidence=evidence,
                page=page,
                char_start=char_start,
                char_end=char_end,
            )
        )

    def issue(self, issue: Issue, entry_no: int | None) -> None:
        self.at(issue.code, issue.severity, issue.message, issue.start, issue.end, entry_no)

    def repair(self, page: int, repair: Repair) -> None:
        self.rows.append(
            Finding(
                doc_id=self.doc_id,
                stage="normalize",
                severity=Severity.INFO,
                code=repair.code,
                message=f"{repair.message} ({repair.count}×)"
                + (f"; the first here: “{repair.before}” → “{repair.after}”" if repair.before else ""),
                evidence=repair.example,
                count=repair.count,
                page=page,
            )
        )

    def date_flags(self, reading: DateReading, entry_no: int | None) -> None:
        for flag in reading.flags:
            code = _FLAG_CODES.get(flag)
            if code is None:
                continue
            rule = DATE_FLAG_FINDINGS[code]
            message = rule.message.format(
                raw=reading.raw,
                value=reading.value,
                alternatives=", ".join(d.isoformat() for d in reading.alternatives) or "none",
            )
            self.at(code, rule.severity, message, reading.start, reading.end, entry_no)
