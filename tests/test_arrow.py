"""schemas.arrow.to_table builds the tables from their buffers: the same tables, to the byte, as
``pa.table`` made from the same rows (which imports pandas), for every table and any values."""

from __future__ import annotations

import io
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.arrow import arrow_schema, to_table
from schemas.enums import Severity, Stage
from schemas.records import OUTPUT_TABLES, Finding, Record

PROPERTY = settings(max_examples=60, deadline=None, database=None)


def _reference(model: type[Record], rows: list[Record]) -> pa.Table:
    """The table as ``pa.array`` converts the rows (the way to_table did before it built buffers)."""
    schema = arrow_schema(model)
    fields = [row.__dict__ for row in rows]
    return pa.table({name: [f[name] for f in fields] for name in schema.names}, schema=schema)


def _parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _values(hint: Any) -> st.SearchStrategy[Any]:
    """Any value a record's field of type ``hint`` holds (text of every script, NaN and infinities,
    the extremes of int64 and of the calendar)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return st.none() | _values(inner)
    if typing.get_origin(hint) is list:
        return st.lists(_values(typing.get_args(hint)[0]), max_size=4)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from(list(hint))
    strategies: dict[type, st.SearchStrategy[Any]] = {
        str: st.text(max_size=20) | st.sampled_from(["", "ร้อยละ ๘๐", "โครงการ\nก่อสร้าง"]),
        int: st.integers(min_value=-(2**63), max_value=2**63 - 1),
        float: st.floats(allow_nan=True, allow_infinity=True),
        bool: st.booleans(),
        datetime: st.datetimes(),
        date: st.dates(),
    }
    return strategies[hint]


def _rows(model: type[Record]) -> st.SearchStrategy[list[Record]]:
    """Rows of ``model`` with any values of its fields' types (not validated: the table takes what the
    records hold)."""
    hints = typing.get_type_hints(model)
    row = st.fixed_dictionaries({name: _values(hints[name]) for name in model.model_fields}).map(
        lambda values: model.model_construct(**values)
    )
    return st.lists(row, max_size=12)


@pytest.mark.parametrize("model", OUTPUT_TABLES, ids=lambda m: m.table)
def test_to_table_writes_the_same_parquet_as_pa_table(model: type[Record]) -> None:
    @PROPERTY
    @given(_rows(model))
    def check(rows: list[Record]) -> None:
        made, reference = to_table(model, rows), _reference(model, rows)
        assert made.schema.equals(reference.schema, check_metadata=True)
        made.validate(full=True)
        assert _parquet(made) == _parquet(reference)

    check()


def test_to_table_of_no_rows_is_the_schema_alone() -> None:
    for model in OUTPUT_TABLES:
        table = to_table(model, [])
        assert table.num_rows == 0 and table.schema.equals(arrow_schema(model), check_metadata=True)
        assert _parquet(table) == _parquet(_reference(model, []))


def test_a_value_arrow_cannot_hold_is_refused_as_before() -> None:
    """Out-of-range values raise, as ``pa.array`` raised, instead of being written wrong."""
    note = Finding(doc_id="d", stage=Stage.AUDIT, severity=Severity.INFO, code="text_repaired", message="")
    row = note.model_copy(update={"count": 2**63})
    with pytest.raises(OverflowError):
        _reference(Finding, [row])
    with pytest.raises(OverflowError):
        to_table(Finding, [row])
