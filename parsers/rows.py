"""What parsing hands on for one document, as rows of the tables: shared by the parsers and the pipeline.

Apart from :mod:`parsers.assemble` so that code that only carries results (the run state, the Parquet
store, an ingest with nothing to do) does not load the parsers' machinery: this imports the records only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.records import (
    BudgetItem,
    Cell,
    DateMention,
    Entry,
    FieldValue,
    Finding,
    Metric,
    PageText,
    Table,
)

#: the version of the parsing rules, in every documents row (``parser_version``)
PARSER_VERSION = "0.1.0"


@dataclass(kw_only=True)
class DocumentRows:
    """One document's rows of every table but ``documents``."""

    pages: list[PageText] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    field_values: list[FieldValue] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    budget_items: list[BudgetItem] = field(default_factory=list)
