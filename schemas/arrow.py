"""Arrow schemas derived from the pydantic records (never written by hand)."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from functools import cache

import pyarrow as pa

from schemas.records import Record


def _arrow_type(annotation: object) -> tuple[pa.DataType, bool]:
    """Arrow type of one annotation, and whether it is nullable."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        return _arrow_type(args[0])[0], True
    if origin is list:
        (item,) = typing.get_args(annotation)
        return pa.list_(_arrow_type(item)[0]), False
    if isinstance(annotation, type):
        if issubclass(annotation, Enum):
            return pa.string(), False
        if annotation is bool:
            return pa.bool_(), False
        if annotation is int:
            return pa.int64(), False
        if annotation is float:
            return pa.float64(), False
        if annotation is str:
            return pa.string(), False
        if annotation is datetime:  # before date: datetime is a date subclass
            return pa.timestamp("us"), False
        if annotation is date:
            return pa.date32(), False
    raise TypeError(f"no Arrow type for {annotation!r}")


@cache
def arrow_schema(model: type[Record]) -> pa.Schema:
    """The Arrow schema of a record model, with each field's description as metadata."""
    hints = typing.get_type_hints(model)
    fields = []
    for name, info in model.model_fields.items():
        typ, nullable = _arrow_type(hints[name])
        meta = {"description": info.description or ""}
        fields.append(pa.field(name, typ, nullable=nullable, metadata=meta))
    return pa.schema(fields, metadata={"table": model.table, "description": model.doc})


def to_table(model: type[Record], rows: Iterable[Record]) -> pa.Table:
    """Rows of one model as an Arrow table with the derived schema.

    Column by column from the records' ``__dict__`` (pydantic keeps validated fields there): a
    getattr per cell was a third of the time of a PDF ingest. Enum members are ``StrEnum``s, which
    Arrow takes as strings.
    """
    schema = arrow_schema(model)
    fields = [row.__dict__ for row in rows]
    return pa.table({name: [f[name] for f in fields] for name in schema.names}, schema=schema)
