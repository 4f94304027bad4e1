"""Arrow schemas derived from the pydantic records (never written by hand)."""

from __future__ import annotations

import array
import itertools
import types
import typing
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import cache
from typing import Any, Final

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
    getattr per cell was a third of the time of a PDF ingest. Each column is put together from its
    buffers (:func:`_column`), not by ``pa.array``: that asks pandas whether the list is one of its
    own, which imports pandas (half a second) into every process that writes a table.
    """
    schema = arrow_schema(model)
    return _table(schema, [row.__dict__ for row in rows])


def _table(schema: pa.Schema, rows: list[dict[str, object]]) -> pa.Table:
    named = zip(schema.names, schema.types, strict=True)
    try:
        columns = [_column(typ, [row[name] for row in rows]) for name, typ in named]
    except _TooLarge:  # a string column over 2 GiB: in two tables, as pa.array would chunk it
        if len(rows) < 2:
            raise
        half = len(rows) // 2
        return pa.concat_tables([_table(schema, rows[:half]), _table(schema, rows[half:])])
    return pa.Table.from_arrays(columns, schema=schema)


class _TooLarge(ValueError):
    """A column's bytes do not fit Arrow's 32-bit offsets."""

    def __init__(self) -> None:
        super().__init__("a column holds more than 2 GiB: too much for one table")


_EPOCH: Final = datetime(1970, 1, 1)
_EPOCH_DAY: Final = _EPOCH.toordinal()
_MICROSECOND: Final = timedelta(microseconds=1)
_INT32_MAX: Final = 2**31 - 1


def _naive(value: datetime) -> datetime:
    """A datetime on Arrow's timezone-less timestamps: an aware one as its UTC time."""
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


#: the fixed-width types :func:`_arrow_type` gives: the code of their buffer's ``array.array`` and how a
#: value becomes the number Arrow stores (None: as it is)
_NUMBERS: Final[dict[pa.DataType, tuple[str, Callable[[Any], int] | None]]] = {
    pa.int64(): ("q", None),
    pa.float64(): ("d", None),
    pa.date32(): ("i", lambda day: day.toordinal() - _EPOCH_DAY),
    pa.timestamp("us"): ("q", lambda moment: (_naive(moment) - _EPOCH) // _MICROSECOND),
}
#: bytes 0 and 1 as the digits "0" and "1" (a bitmap is built as a binary number)
_DIGITS: Final = bytes.maketrans(b"\x00\x01", b"01")


def _column(typ: pa.DataType, values: list[Any]) -> pa.Array:
    """One column as Arrow lays it out: a validity bitmap when a value is None, then the values (a
    None's slot holds zero, or no bytes)."""
    n, nulls = len(values), values.count(None)
    validity = _bitmap([v is not None for v in values]) if nulls else None
    if pa.types.is_list(typ):
        lists = [() if v is None else v for v in values] if nulls else values
        child = _column(typ.value_type, [item for v in lists for item in v])
        return pa.Array.from_buffers(typ, n, [validity, _offsets(map(len, lists))], nulls, children=[child])
    if pa.types.is_string(typ):  # Enum members are StrEnums: their value is the string
        encoded = list(map(str.encode, [("" if v is None else v) for v in values] if nulls else values))
        data = pa.py_buffer(b"".join(encoded))
        return pa.Array.from_buffers(typ, n, [validity, _offsets(map(len, encoded)), data], nulls)
    if pa.types.is_boolean(typ):
        return pa.Array.from_buffers(typ, n, [validity, _bitmap([bool(v) for v in values])], nulls)
    if typ not in _NUMBERS:
        raise TypeError(f"no column of Arrow type {typ}")
    code, number = _NUMBERS[typ]
    if number is not None:
        values = [0 if v is None else number(v) for v in values]
    elif nulls:
        values = [0 if v is None else v for v in values]
    return pa.Array.from_buffers(typ, n, [validity, _fixed(code, values)], nulls)


def _bitmap(bits: list[bool]) -> pa.Buffer:
    """Arrow's bitmap of ``bits``: bit i of the buffer (least significant first) is ``bits[i]``."""
    number = int(bytes(bits).translate(_DIGITS)[::-1] or b"0", 2)
    return pa.py_buffer(number.to_bytes((len(bits) + 7) // 8, "little"))


def _offsets(lengths: Iterable[int]) -> pa.Buffer:
    ends = list(itertools.accumulate(lengths, initial=0))
    if ends[-1] > _INT32_MAX:
        raise _TooLarge()
    return _fixed("i", ends)


def _fixed(code: str, numbers: list[Any]) -> pa.Buffer:
    """Numbers in a buffer of the machine's own layout, which is Arrow's: ``i`` int32, ``q`` int64,
    ``d`` float64. A value out of the type's range raises OverflowError, as Arrow refuses it."""
    packed = array.array(code, numbers)
    assert packed.itemsize == {"i": 4, "q": 8, "d": 8}[code]
    return pa.py_buffer(packed)
