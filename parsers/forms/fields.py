"""A form's fields as data, read by one generic function.

Each form declares its fields (:class:`FieldSpec`: the key, the reader, required or not, the section it
lives in). :func:`read_fields` reads them all over the document's text and says what it could not
read: a required field whose label is nowhere is a ``missing_field`` finding naming the spellings that
were tried; a label whose value cannot be read (``ค่าเป้าหมาย : n/a``) is an ``unreadable_field``
finding with the raw text. No required field is ever left null in silence.

Readers are small functions of a :class:`FieldContext`; the label readers (:data:`AS_TEXT`,
:data:`AS_NUMBER`, :data:`AS_YEAR`, :data:`AS_DATE`, :data:`AS_CODE`) take the field's label from the form's
:class:`~parsers.document.labels.LabelTable`; a form may add its own (the KPI title line ``NAME : CODE``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import regex

from parsers.document.doctext import Located
from parsers.document.labels import LabelHit, LabelTable
from parsers.forms.base import FormResult, LabelledValue
from parsers.forms.issue import Issue
from parsers.forms.values import (
    Read,
    Value,
    read_code,
    read_date,
    read_number,
    read_text,
    read_year,
    unit_word,
    unwrap,
    value_of,
)
from schemas.codes import FindingCode
from schemas.enums import Form, Severity


@dataclass(frozen=True)
class Found:
    read: Read


@dataclass(frozen=True)
class Missing:
    tried: str  # the spellings looked for, for the finding


@dataclass(frozen=True)
class Unreadable:
    raw: str
    start: int
    end: int
    expected: str  # what the value should have been ("a number")


Outcome = Found | Missing | Unreadable


@dataclass(frozen=True)
class Section:
    """A stretch of the text a field lives in: after ``start``'s first match, up to ``end``'s first
    match after it (either missing: the text's start or end)."""

    name: str
    start: regex.Pattern[str] | None = None
    end: regex.Pattern[str] | None = None


class FieldContext:
    """One document's text as the readers see it: the label hits of each section, found once."""

    def __init__(
        self,
        text: str,
        table: LabelTable,
        sections: Mapping[str, Section] | None = None,
        foreign_labels: bool = True,
        regions: Mapping[str, tuple[int, int]] | None = None,
        inline_labels: bool = False,
    ) -> None:
        self.text, self.table = text, table
        self.sections = dict(sections or {})
        self.regions = dict(regions or {})  # sections whose bounds the form computed itself
        self.foreign_labels = foreign_labels  # a line starting with an unknown label ends a value
        self.inline_labels = inline_labels  # so does a label-like "word :" inside a line, a numbered line
        self.memo: dict[str, object] = {}  # what custom readers share (a title line read once)
        self._hits: dict[str | None, list[LabelHit]] = {}

    def region(self, section: str | None) -> tuple[int, int]:
        if section is None:
            return 0, len(self.text)
        if section in self.regions:
            return self.regions[section]
        spec = self.sections[section]
        start = 0
        if spec.start is not None:
            m = spec.start.search(self.text)
            if m is None:
                return 0, 0
            start = m.end()
        end = len(self.text)
        if spec.end is not None and (m := spec.end.search(self.text, start)) is not None:
            end = m.start()
        return start, end

    def hits(self, section: str | None = None) -> list[LabelHit]:
        if section not in self._hits:
            self._hits[section] = self.table.hits(self.text, *self.region(section))
        return self._hits[section]

    def value(self, key: str, section: str | None = None) -> Value | None:
        """The value of the first label ``key`` in the section, up to the next label (or sooner)."""
        hits = self.hits(section)
        for i, hit in enumerate(hits):
            if hit.key == key:
                after = hits[i + 1].start if i + 1 < len(hits) else self.region(section)[1]
                return value_of(self.text, hit, after, self.foreign_labels, self.inline_labels)
        return None


Reader = Callable[[FieldContext, "FieldSpec"], Outcome]


@dataclass(frozen=True)
class FieldSpec:
    """One field a form declares: its key (a :class:`FormResult` field, or a name kept in
    ``FormResult.extra``), how it is read, whether the form must carry it, and where it lives."""

    key: str
    read: Reader
    required: bool = False
    section: str | None = None
    label: str | None = None  # the label's key when it is not the field's (default: the same)
    what: str = ""  # the field in a few words, for findings ("the KPI name")

    @property
    def label_key(self) -> str:
        return self.label or self.key


def labelled(read: Callable[[Value], Read | None], expected: str) -> Reader:
    """A reader of the value after the field's label."""

    def reader(ctx: FieldContext, spec: FieldSpec) -> Outcome:
        value = ctx.value(spec.label_key, spec.section)
        if value is None:
            return Missing(ctx.table.tried([spec.label_key]))
        found = read(value)
        if found is None:
            return Unreadable(value.raw, value.start, value.end, expected)
        return Found(found)

    return reader


AS_TEXT = labelled(read_text, "a text")
AS_NUMBER = labelled(read_number, "a number")
AS_YEAR = labelled(read_year, "a Buddhist-Era year")
AS_DATE = labelled(read_date, "a date")
AS_CODE = labelled(read_code, "a code")


@dataclass
class FieldsRead:
    """What :func:`read_fields` read, by field key, and the findings about what it could not."""

    values: dict[str, Read] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def read_fields(ctx: FieldContext, fields: Sequence[FieldSpec]) -> FieldsRead:
    """Read every declared field; a finding for each required field not found and each value that
    cannot be read."""
    out = FieldsRead()
    for spec in fields:
        outcome = spec.read(ctx, spec)
        name = spec.what or spec.key
        if isinstance(outcome, Found):
            out.values[spec.key] = outcome.read
        elif isinstance(outcome, Unreadable):
            shown = outcome.raw if len(outcome.raw) <= 80 else outcome.raw[:77] + "…"
            out.issues.append(
                Issue(
                    FindingCode.UNREADABLE_FIELD,
                    Severity.WARNING,
                    f"field {spec.key!r}: the label of {name} was found, but its value {shown!r} is not "
                    f"{outcome.expected}; left empty",
                    outcome.start,
                    max(outcome.end, outcome.start),
                )
            )
        elif spec.required:
            tried = f"; looked for {outcome.tried}" if outcome.tried else ""
            out.issues.append(
                Issue(
                    FindingCode.MISSING_FIELD,
                    Severity.WARNING,
                    f"field {spec.key!r}: {name} not found{tried}",
                )
            )
    return out


class LabelledForm:
    """What every form read by labels shares: it is recognised by its label table's signal labels, and
    reading it starts with the fields it declares (a form class sets ``form``, ``labels``, ``fields``)."""

    form: Form
    labels: LabelTable
    fields: tuple[FieldSpec, ...]

    def detect(self, text: str) -> int:
        return self.labels.signals(text)

    def read(self, ctx: FieldContext) -> FormResult:
        """A result holding the form's declared fields read from ``ctx``, and the findings about them."""
        result = FormResult(form=self.form)
        apply(result, read_fields(ctx, self.fields))
        return result


#: the FormResult fields of each type; any other key goes to FormResult.extra
_TEXTS = ("title", "code", "agency")
_NUMBERS = ("target", "achieved", "budget", "budget_spent")
_DATES = ("start_date", "end_date")


def apply(result: FormResult, read: FieldsRead) -> None:
    """Put what was read into the form's result (and its findings into its issues)."""
    for key, found in read.values.items():
        if key in _NUMBERS:
            assert isinstance(found.value, float)
            labelled_value = LabelledValue(key, found.value, found.unit, found.start, found.end)
            setattr(result, key, labelled_value)
        elif key in _DATES:
            assert isinstance(found.value, date)
            setattr(result, key, Located(found.value, found.start, found.end))
        elif key == "fiscal_year_be":
            assert isinstance(found.value, int)
            result.fiscal_year_be = Located(found.value, found.start, found.end)
        elif key in _TEXTS:
            setattr(result, key, Located(str(found.value), found.start, found.end))
        else:
            result.extra[key] = Located(str(found.value), found.start, found.end)
    result.issues.extend(read.issues)


__all__ = [
    "AS_CODE",
    "AS_DATE",
    "AS_NUMBER",
    "AS_TEXT",
    "AS_YEAR",
    "FieldContext",
    "FieldSpec",
    "FieldsRead",
    "Found",
    "LabelledForm",
    "Missing",
    "Section",
    "Unreadable",
    "apply",
    "labelled",
    "read_fields",
    "unit_word",
    "unwrap",
]
