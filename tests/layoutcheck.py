"""The records a layout variation must keep, and a readable account of how two readings differ.

"Records" are what tests/goldcheck.py compares: the form, the document fields (``DOC_FIELDS``), the
entries (quarter, report number, date, progress) in order and the metrics as a multiset of (value, unit).
One allowance, because nobody can recover it: the title is compared with whitespace between two Thai
letters removed — a line wrapped at a space between Thai words loses that space (Thai is written
without spaces between words, so a reader cannot tell a lost space from a line break inside a phrase).

Two variations remove information from the text, so what they must keep is stated exactly
(:func:`expected`): blanked score cells take their score metrics with them, and a dropped unit word
(``ค่าเป้าหมาย : 80``) leaves the target's and result's metric with its value and either the unit the
original gave or none (inferring the right unit is fine, inventing a wrong one is not).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from goldcheck import DOC_FIELDS
from layouts import BlankScores, DropUnit, Variation, dropped_units, score_cells

from parsers.assemble import ParsedDocument
from pipeline.result import DocumentResult
from schemas.enums import MetricKind
from schemas.records import Entry, Metric

#: whitespace between two Thai characters (a wrapped line's lost space between Thai words)
_THAI_GAP: Final = re.compile(r"(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")
#: the metrics that carry the target and the result of their label line, by the label they follow
HEADLINE_METRICS: Final = {"ค่าเป้าหมาย": "target", "ผลงานที่ทำได้": "achieved"}

EntryKey = tuple[int | None, int | None, str | None, float | None]
MetricKey = tuple[float, str | None]


def fold_title(title: object) -> object:
    """A title with the whitespace between Thai letters removed (other values as they are).

    >>> fold_title("ร้อยละของ เรื่อง (Traffy Fondue) ที่")
    'ร้อยละของเรื่อง (Traffy Fondue) ที่'
    """
    return _THAI_GAP.sub("", title) if isinstance(title, str) else title


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class Records:
    """The values a layout must not change (see the module docstring)."""

    form: str
    fields: dict[str, object]
    entries: list[EntryKey]
    metrics: Counter[MetricKey]
    #: metrics that may also be read without their unit (after :func:`layouts.drop_unit`)
    unit_optional: Counter[MetricKey] = field(default_factory=Counter)


def _records(
    form: str, fields: Mapping[str, object], entries: Iterable[Entry], metrics: Iterable[Metric]
) -> Records:
    values = {name: _plain(fields.get(name)) for name in DOC_FIELDS}
    values["title"] = fold_title(values["title"])
    return Records(
        form,
        values,
        [
            (e.quarter, e.report_no, e.report_date.isoformat() if e.report_date else None, e.progress_pct)
            for e in entries
        ],
        Counter((m.value, m.unit) for m in metrics),
    )


def records(parsed: ParsedDocument | DocumentResult) -> Records:
    """The records of a parsed document or of an ingested file."""
    if isinstance(parsed, ParsedDocument):
        return _records(parsed.form.value, parsed.fields, parsed.entries, parsed.metrics)
    doc = parsed.document
    fields = {name: getattr(doc, name) for name in DOC_FIELDS}
    return _records(doc.form.value, fields, parsed.entries, parsed.metrics)


def expected(parsed: ParsedDocument | DocumentResult, text: str, steps: Sequence[Variation]) -> Records:
    """The records the original ``parsed`` (of ``text``) should still give after ``steps``."""
    want = records(parsed)
    entries, metrics = list(parsed.entries), list(parsed.metrics)
    if any(isinstance(s, BlankScores) for s in steps):
        # each blanked cell takes its score metric (the one of its quarter's entry) with it
        quarter_of: dict[int | None, int | None] = {e.entry_no: e.quarter for e in entries}
        pool = [m for m in metrics if m.kind is MetricKind.SCORE and m.entry_no is not None]
        for quarter, raw in score_cells(text):
            cell = next((m for m in pool if m.raw == raw and quarter_of.get(m.entry_no) == quarter), None)
            if cell is not None:
                pool.remove(cell)
                want.metrics[(cell.value, cell.unit)] -= 1
    if any(isinstance(s, DropUnit) for s in steps):
        # the metric read from the value of the line whose unit is dropped: by its raw value, outside
        # any entry, with a unit; the target's or result's own label first
        for label, raw in dropped_units(text):
            candidates = [m for m in metrics if m.raw == raw and m.entry_no is None and m.unit is not None]
            candidates.sort(key=lambda m: m.label != HEADLINE_METRICS[label])
            if candidates:
                headline = candidates[0]
                metrics.remove(headline)
                want.metrics[(headline.value, headline.unit)] -= 1
                want.unit_optional[(headline.value, headline.unit)] += 1
    want.metrics = +want.metrics
    return want


def _entry_text(entry: EntryKey) -> str:
    quarter, report_no, when, progress = entry
    return f"(quarter={quarter}, report_no={report_no}, date={when}, progress={progress})"


def _entry_differences(want: list[EntryKey], got: list[EntryKey]) -> list[str]:
    if want == got:
        return []
    lines = [f"entries: {len(want)} expected, {len(got)} parsed"] if len(want) != len(got) else []
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            exp = want[i1 + k] if i1 + k < i2 else None
            par = got[j1 + k] if j1 + k < j2 else None
            if exp is not None and par is not None:
                lines.append(f"entry {i1 + k + 1}: expected {_entry_text(exp)}, parsed {_entry_text(par)}")
            elif exp is not None:
                lines.append(f"entry {i1 + k + 1}: expected {_entry_text(exp)}, missing")
            elif par is not None:
                lines.append(f"entry parsed {j1 + k + 1}: {_entry_text(par)}, not expected")
    return lines


def _metric_differences(want: Records, got: Counter[MetricKey]) -> list[str]:
    left = Counter(got)
    missing: Counter[MetricKey] = Counter()
    for key, n in want.metrics.items():
        taken = min(n, left[key])
        left[key] -= taken
        missing[key] += n - taken
    for key, n in want.unit_optional.items():
        for _ in range(n):
            if left[key] > 0:
                left[key] -= 1
            elif left[(key[0], None)] > 0:
                left[(key[0], None)] -= 1
            else:
                missing[key] += 1
    lines = [
        f"metric {key}: expected {want.metrics[key] + want.unit_optional[key]}×, parsed {got[key]}×"
        + (
            f" ({want.unit_optional[key]} of them may be read without a unit)"
            if want.unit_optional[key]
            else ""
        )
        for key, n in sorted(missing.items(), key=str)
        if n > 0
    ]
    lines += [
        f"metric {key}: parsed {got[key]}×, expected {want.metrics[key]}×"
        for key, n in sorted(left.items(), key=str)
        if n > 0
    ]
    return lines


def _pair(want: object, got: object, context: int = 12) -> str:
    """``expected X, parsed Y``; two long strings are shown around where they differ.

    >>> _pair("โครงการติดตั้งสถานีตรวจวัดระดับน้ำอัตโนมัติ", "โครงการติดตั้งสถานี", 6)
    "expected '…งสถานี[ตรวจวัดระดับน้ำอัตโนมัติ]', parsed '…งสถานี[]' (from character 19 on)"
    """
    if not (isinstance(want, str) and isinstance(got, str)) or max(len(want), len(got)) < 40:
        return f"expected {want!r}, parsed {got!r}"
    start = next(
        (i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), min(len(want), len(got))
    )
    end = 0
    while end < min(len(want), len(got)) - start and want[-1 - end] == got[-1 - end]:
        end += 1
    head = ("…" if start > context else "") + want[max(0, start - context) : start]
    tail = want[len(want) - end :][:context] + ("…" if end > context else "")
    middle_want, middle_got = want[start : len(want) - end], got[start : len(got) - end]
    return (
        f"expected '{head}[{middle_want}]{tail}', parsed '{head}[{middle_got}]{tail}' "
        f"(from character {start} on)"
    )


def differences(want: Records, got: Records) -> list[str]:
    """Every way ``got`` differs from ``want``, one readable line each (empty when they agree)."""
    lines = [f"form: expected {want.form!r}, parsed {got.form!r}"] if want.form != got.form else []
    for name in DOC_FIELDS:
        if want.fields[name] != got.fields[name]:
            lines.append(f"doc.{name}: {_pair(want.fields[name], got.fields[name])}")
    return lines + _entry_differences(want.entries, got.entries) + _metric_differences(want, got.metrics)


def _subject(line: str) -> str:
    """What a difference is about: ``doc.title``, ``entry 3``, ``metric (80.0, '%')``."""
    return line.split(": ", 1)[0]


def summary(
    failures: Mapping[str, list[str]],
    *,
    of: int,
    names: Callable[[list[str]], str] = ", ".join,
    groups: int = 6,
    limit: int = 10,
) -> str:
    """``{variant: differences}`` as a short report: variants that differ in the same values are named
    together (by ``names``) with the differences of the first of them, the largest groups first."""
    by_subject: dict[tuple[str, ...], list[str]] = {}
    for variant, diffs in failures.items():
        by_subject.setdefault(tuple(_subject(line) for line in diffs), []).append(variant)
    parts = [f"{len(failures)} of {of} variants differ from the original's records:"]
    ranked = sorted(by_subject.values(), key=lambda variants: -len(variants))
    for variants in ranked[:groups]:
        diffs = failures[variants[0]]
        parts.append(f"* {names(variants)} (as in {variants[0]}):")
        parts += [f"    {line}" for line in diffs[:limit]]
        if len(diffs) > limit:
            parts.append(f"    … and {len(diffs) - limit} more differences")
    if len(ranked) > groups:
        rest = sorted(v for variants in ranked[groups:] for v in variants)
        parts.append(f"* {len(ranked) - groups} more kinds of difference, in {names(rest)}")
    return "\n".join(parts)
