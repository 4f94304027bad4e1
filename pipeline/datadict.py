"""Writes docs/DATA.md, the data dictionary, from the record models (``python -m pipeline.datadict``).

A test fails when docs/DATA.md is not what this produces, so the dictionary cannot drift from the code.
"""

from __future__ import annotations

import sys

from parsers.registry import FORMS, GENERIC
from schemas.arrow import arrow_schema
from schemas.codes import FINDING_CODES
from schemas.enums import (
    DateKind,
    Form,
    MetricKind,
    Severity,
    SourceFormat,
    Stage,
    Status,
    TableMethod,
    TextSource,
)
from schemas.records import OUTPUT_TABLES

INTRO = """# Data dictionary

`raingan ingest INPUT... --out DIR` writes each table as a Parquet dataset `DIR/<table>.parquet`: a
folder with one file per fiscal year of the documents (`fy2566.parquet`, `fy-unknown.parquet`; a
table without rows has one empty file that carries its schema), every child row in its document's
file. `pandas.read_parquet(DIR / "entries.parquet")` reads it as one table; in DuckDB,
`read_parquet('DIR/entries.parquet/*.parquet')`. Row order: by fiscal-year file, then input order.
This file is generated from the record models in `schemas/records.py`
(`python -m pipeline.datadict > docs/DATA.md`); a test keeps it in step with the code.

## Conventions

* **Join key**: `doc_id` (sha256 of the input file's bytes) joins every table to `documents`.
  `entries` is keyed by (`doc_id`, `entry_no`); `metrics`, `findings` and `dates` carry `entry_no` when
  the value was read inside an entry (null otherwise), so they join to `entries` on both columns.
* **Provenance**: every value carries `page`, `char_start`, `char_end` — a span of `pages.text` of that
  page (the normalised text) — and `raw`, the same characters exactly as read (`pages.text_raw`).
  Document-level values (title, target …) have their provenance in the `fields` table.
* **Dates** are Common Era `date32` values. Buddhist Era years are converted (BE − 543) before a date
  is built, so `29/2/2563` is 2020-02-29. Slash dates take their day/month order from the era of the
  year (BE ⇒ D/M, CE ⇒ M/D), then from the quarter heading or fiscal-year window, then from the
  neighbouring entries; when nothing decides, the era reading is kept and flagged `ambiguous_order`.
* **Fiscal years**: the Thai fiscal year *N* (BE) runs from 1 October of *N*−1 to 30 September of *N*;
  `fiscal_year_ce` names it by the CE year it ends in (2566 → 2023). Quarter 1 = Oct–Dec, 2 = Jan–Mar,
  3 = Apr–Jun, 4 = Jul–Sep.
* **Status**: `failed` — no text could be read (the cause is an `error` finding); `partial` — text was
  read but an `error` finding was recorded, or no known form matched (`form = unknown`); `ok` otherwise.
* Every input file yields exactly one `documents` row, whatever happened to it.
* **Audit**: `raingan audit` (run by `ingest` unless `--no-audit`) adds its findings to `findings`
  with `stage = audit` and writes `kpi_history`, which lines up each KPI or project across fiscal
  years (join it to `documents` on `doc_id`; its rows of one KPI share `series_id`). Its checks are
  explained in docs/AUDIT.md. `documents.status` and `n_findings` describe reading and parsing only.
"""


def _enum_line(name: str, values: list[str]) -> str:
    return f"* `{name}`: " + ", ".join(f"`{v}`" for v in values)


#: where each field a form reads goes: the documents column, else the fields table only
_COLUMNS = {
    "title": "title",
    "code": "code",
    "agency": "agency",
    "fiscal_year_be": "fiscal_year_be",
    "target": "target_value, target_unit",
    "achieved": "achieved_value, achieved_unit",
    "start_date": "start_date",
    "end_date": "end_date",
    "budget": "budget_thb",
    "budget_spent": "budget_spent_thb",
}


def _forms() -> list[str]:
    """Every form, the fields it declares and where each goes (generated from parsers.registry)."""
    out = [
        "## Forms and their fields\n",
        "Each form reads its fields by their labels (`parsers/forms/`). A field marked *required* that "
        "cannot be read leaves its column null with a `missing_field` or `unreadable_field` finding. A "
        "field with no `documents` column is kept in the `fields` table only (`fields.field` names it).\n",
    ]
    for parser in (*FORMS, GENERIC):
        out.append(
            f"* `{parser.form.value}`: "
            + "; ".join(
                f"{spec.key} → "
                + (f"`documents.{_COLUMNS[spec.key]}`" if spec.key in _COLUMNS else "`fields` only")
                + (" (required)" if spec.required else "")
                for spec in parser.fields
            )
        )
    out.append("")
    return out


def render() -> str:
    out = [INTRO]
    out.append("## Vocabularies\n")
    for enum in (Form, Status, SourceFormat, TextSource, Stage, Severity, MetricKind, DateKind, TableMethod):
        out.append(_enum_line(enum.__name__, [e.value for e in enum]))
    out.append("")
    out.extend(_forms())
    for model in OUTPUT_TABLES:
        schema = arrow_schema(model)
        out.append(f"## `{model.table}.parquet`\n\n{model.doc}\n")
        out.append("| column | type | null | meaning |\n|---|---|---|---|")
        for f in schema:
            meaning = (f.metadata or {}).get(b"description", b"").decode().replace("|", "\\|")
            out.append(f"| `{f.name}` | {f.type} | {'yes' if f.nullable else 'no'} | {meaning} |")
        out.append("")
    out.append("## Finding codes\n\n| code | meaning |\n|---|---|")
    out.extend(f"| `{code}` | {meaning} |" for code, meaning in FINDING_CODES.items())
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
