"""The one registry of report forms: detection picks the form whose signature labels match best.

Each form's :class:`~parsers.document.labels.LabelTable` counts its signal labels in
:meth:`~parsers.forms.parser.FormParser.detect`; a text with too few of any form's is read by
:data:`GENERIC` as form ``unknown``.
"""

from __future__ import annotations

from collections.abc import Iterator

from parsers.document.labels import LabelTable
from parsers.forms.agency_performance import PARSER as AGENCY_PERFORMANCE
from parsers.forms.budget import PARSER as BUDGET
from parsers.forms.generic import PARSER as GENERIC
from parsers.forms.kpi_detail import PARSER as KPI_DETAIL
from parsers.forms.kpi_report import PARSER as KPI_REPORT
from parsers.forms.parser import FormParser
from parsers.forms.project_progress import PARSER as PROJECT_PROGRESS
from parsers.forms.project_progress_web import PARSER as PROJECT_PROGRESS_WEB
from schemas.enums import Form

#: a text must carry at least this many signature labels of a form to be read as that form
MIN_SIGNALS = 2


class FormRegistry:
    """Forms by name; registering a name twice is an error, an unknown name lists the known ones."""

    def __init__(self) -> None:
        self._forms: dict[Form, FormParser] = {}

    def register(self, parser: FormParser) -> None:
        if parser.form in self._forms:
            raise ValueError(f"form {parser.form.value!r} is registered twice")
        self._forms[parser.form] = parser

    def get(self, form: Form) -> FormParser:
        try:
            return self._forms[form]
        except KeyError:
            known = ", ".join(sorted(f.value for f in self._forms))
            raise KeyError(f"no parser for form {form.value!r}; known forms: {known}") from None

    def __iter__(self) -> Iterator[FormParser]:
        return iter(self._forms.values())

    def detect(self, text: str) -> tuple[FormParser | None, dict[Form, int]]:
        """The best-matching form (None when no form has enough signals) and every form's score."""
        scores = {p.form: p.detect(text) for p in self}
        best = max(self, key=lambda p: scores[p.form], default=None)
        if best is None or scores[best.form] < MIN_SIGNALS:
            return None, scores
        return best, scores


FORMS = FormRegistry()
FORMS.register(KPI_REPORT)
FORMS.register(PROJECT_PROGRESS)
FORMS.register(KPI_DETAIL)
FORMS.register(PROJECT_PROGRESS_WEB)
FORMS.register(AGENCY_PERFORMANCE)
FORMS.register(BUDGET)

#: the labels that start a line of their own, every form's: a wrapped line is never joined onto one
LINE_STARTERS: tuple[LabelTable, ...] = (*(form.labels for form in FORMS), GENERIC.labels)

__all__ = ["FORMS", "GENERIC", "LINE_STARTERS", "MIN_SIGNALS", "FormRegistry"]
