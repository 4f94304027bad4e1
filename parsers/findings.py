"""Building finding rows with their provenance (page, span, raw text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from parsers.forms.base import Issue
from parsers.repair.normalize import Repair
from parsers.text.doctext import DocText
from parsers.thai.dates import DateReading
from schemas.enums import Severity
from schemas.records import Finding


@dataclass(frozen=True)
class FlagRule:
    severity: Severity
    message: str  # formatted with the reading's raw, value and alternatives


#: date flags that deserve a finding; other flags (mid_month …) only qualify the value
DATE_FLAG_FINDINGS: Final[dict[str, FlagRule]] = {
    "ambiguous_order": FlagRule(
        Severity.WARNING,
        "day/month order of {raw} cannot be decided from the era, the quarter or the neighbouring entries; "
        "kept the era-rule reading {value} (the other reading is {alternatives})",
    ),
    "invalid_date": FlagRule(Severity.WARNING, "{raw} is not a calendar date in either day/month order"),
    "weekday_mismatch": FlagRule(
        Severity.WARNING, "the weekday written with {raw} is not the weekday of {value}"
    ),
    "order_against_era": FlagRule(
        Severity.INFO, "{raw} is only valid in the order its year's era does not usually use; read as {value}"
    ),
    "era_marker_mismatch": FlagRule(
        Severity.WARNING, "the era marker written with {raw} does not fit its year"
    ),
    "range_reversed": FlagRule(Severity.WARNING, "the range {raw} ends before it starts"),
    "two_digit_year": FlagRule(Severity.INFO, "{raw} has a two-digit year, read as Buddhist Era: {value}"),
}


class FindingBuilder:
    """Collects the findings of one document."""

    def __init__(self, doc_id: str, doc: DocText) -> None:
        self.doc_id, self.doc = doc_id, doc
        self.rows: list[Finding] = []

    def at(
        self,
        code: str,
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
                message=f"{repair.message} ({repair.count}×)",
                evidence=repair.example,
                count=repair.count,
                page=page,
            )
        )

    def date_flags(self, reading: DateReading, entry_no: int | None) -> None:
        for flag in reading.flags:
            rule = DATE_FLAG_FINDINGS.get(flag)
            if rule is None:
                continue
            message = rule.message.format(
                raw=reading.raw,
                value=reading.value,
                alternatives=", ".join(d.isoformat() for d in reading.alternatives) or "none",
            )
            self.at(flag, rule.severity, message, reading.start, reading.end, entry_no)
