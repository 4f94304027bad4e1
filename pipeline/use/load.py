"""The output tables as pandas DataFrames with proper types, for notebooks: ``from pipeline import load``.

>>> tables = load("data/out")                       # doctest: +SKIP
>>> tables.entries.merge(tables.documents, on="doc_id")  # doctest: +SKIP

Types come from the record models (``schemas/records.py``), not from guessing:

* dates are dates (``date32[pyarrow]``: ``.dt.year`` works, no midnight times), timestamps are
  timestamps;
* integers are nullable integers (``Int64``), so a missing fiscal year stays missing, not 2566.0;
* floats are nullable floats (``Float64``), text is ``string``;
* enumerations (form, status, severity, source format, text source, date and metric kinds) are
  categoricals whose categories are all the values the data dictionary lists (severity ordered:
  info < warning < error, so ``max()`` is the worst); unit columns are categoricals of the units found.

Join keys (docs/DATA.md): ``doc_id`` joins every table to ``documents``; (``doc_id``, ``entry_no``)
joins ``metrics``, ``findings`` and ``dates`` to ``entries``; (``doc_id``, ``page``) joins to ``pages``.
"""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline.errors import NoInputError
from schemas.enums import Severity
from schemas.records import OUTPUT_TABLES, Record

#: columns holding a unit word: categoricals of the values found
UNIT_COLUMNS = frozenset({"target_unit", "achieved_unit", "unit"})


class Tables(dict[str, pd.DataFrame]):
    """The tables by name; also as attributes (``tables.entries``)."""

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _bare(annotation: object) -> object:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return inner
    return annotation


def dtypes(model: type[Record]) -> dict[str, Any]:
    """The pandas dtype of every column of a table."""
    hints = typing.get_type_hints(model)
    out: dict[str, Any] = {}
    for name in model.model_fields:
        kind = _bare(hints[name])
        if isinstance(kind, type) and issubclass(kind, Enum):
            values = [e.value for e in kind]
            if kind is Severity:  # listed most severe first; ordered the way max() should read
                values.reverse()
            out[name] = pd.CategoricalDtype(values, ordered=kind is Severity)
        elif name in UNIT_COLUMNS:
            out[name] = "category"
        elif kind is bool:
            out[name] = "boolean"
        elif kind is int:
            out[name] = "Int64"
        elif kind is float:
            out[name] = "Float64"
        elif kind is datetime:  # before date: datetime is a date subclass
            out[name] = pd.ArrowDtype(pa.timestamp("us"))
        elif kind is date:
            out[name] = pd.ArrowDtype(pa.date32())
        else:
            out[name] = "string"
    return out


def load_table(out_dir: Path | str, model: type[Record]) -> pd.DataFrame:
    path = Path(out_dir) / f"{model.table}.parquet"
    if not path.exists():
        raise NoInputError(
            f"no {model.table} table in {out_dir}", f"run `raingan ingest ... --out {out_dir}` first"
        )
    frame = pd.read_parquet(path, dtype_backend="pyarrow")
    types_ = dtypes(model)
    return pd.DataFrame({name: frame[name].astype(types_[name]) for name in types_}, index=frame.index)


def load(out_dir: Path | str = "data/out") -> Tables:
    """Every table of an ingest's output folder, typed (see the module's notes)."""
    return Tables({model.table: load_table(out_dir, model) for model in OUTPUT_TABLES})
