"""What a form parser is: how a report form is recognised and read (one per module of ``forms/``)."""

from __future__ import annotations

from typing import Protocol

from parsers.document.doctext import DocText
from parsers.document.labels import LabelTable
from parsers.forms.base import FormResult
from parsers.forms.fields import FieldSpec
from schemas.enums import Form


class FormParser(Protocol):
    """A report form: how to recognise it and how to read it."""

    form: Form
    labels: LabelTable  # every label of the form: detect() and parse() both read with it
    fields: tuple[FieldSpec, ...]  # the fields it declares; a required one unread is a finding

    def detect(self, text: str) -> int:
        """How many of the form's signature labels the text carries (0 = not this form)."""
        ...

    def parse(self, doc: DocText) -> FormResult:
        """Read the form's fields and entries; never raise on bad content, record an Issue."""
        ...
