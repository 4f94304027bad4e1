"""The run state's stored values as data: versioned MessagePack (or JSON), zlib-compressed; never a pickle.

The run state lives in the output folder, which may be shared (the README's scale-out), and a pickle
read from there would run whatever code it names. Here a stored value is plain data (lists, maps,
strings, numbers) whose shape the code decides: each class is walked from its type hints
(:func:`_codec`), never named by the data, and decoding builds only those classes, checking every
value's type on the way.

A blob is a header, ``raingan-state <kind> <format>\n``, then one byte that says how the data is
written, then the data, zlib'd (level 1). The data is MessagePack (``M``, through msgspec): measured
on the text PDFs of bench/bench_speed.py, an extract's data took 0.03 ms to write against 0.65 ms
as JSON (floats, the line boxes' coordinates, are most of it), and compresses to 7.6 KB against
9.8 KB. The few values MessagePack cannot hold (a lone surrogate a PDF's text layer gave, an integer
beyond 64 bits) are written as JSON instead (``J``), with the surrogates passed through. The format
(:func:`formats`) is :data:`FORMAT`, raised by hand when this module changes how it writes, and a digest
of the stored class's layout (its fields and their types, walked from the hints), so that a field added
to a stored class is a new format without anyone remembering to raise a number. The run state files
each value under its key and format (:mod:`pipeline.store.state`): work stored in another format is not
found, and is done again like work of older code. A blob whose header is not the current format's is
:class:`Undecodable`, as is anything else this code did not write (junk, a pickle, a truncated stream,
data of the wrong shape).

Dataclasses are written as lists of their fields in order (a page's line boxes are most of an
extract); the pydantic records as their ``model_dump(mode="json")``. Decoding gives back objects
equal to those encoded, with the same types (an ``int`` in a ``float`` field stays an ``int``).

The stored classes (and with them the records and pydantic) are loaded when a value is first written
or read, or the formats first walked, not with this module: a run with nothing to do does neither
(the run state keeps the formats it last walked, :meth:`pipeline.store.state.RunState.formats`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import types
import zlib
from collections.abc import Callable
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Union, get_args, get_origin, get_type_hints

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pipeline.read.extract import Extract
    from pipeline.result import DocumentResult

#: how this module writes a value; raise it when that changes (the layout digest covers the classes)
FORMAT: Final = 2
#: no document's data comes near this: a blob that inflates beyond it is refused, not held in memory
MAX_DATA_BYTES: Final = 1 << 30
#: the byte after the header: how the data is written
MSGPACK: Final = b"M"
JSON: Final = b"J"
#: zlib's level: 1 writes an extract in 0.19 ms, 3 in 0.27 ms, for 10 % fewer bytes
LEVEL: Final = 1


class Undecodable(Exception):
    """A stored blob that is not a value this version of raingan wrote; the message says what it is."""


@dataclasses.dataclass(frozen=True)
class _Codec:
    dump: Callable[[Any], Any]  # the value → JSON data
    load: Callable[[Any], Any]  # JSON data → the value (TypeError/ValueError when it is not one)
    layout: str  # the type, spelled out (for the format's digest)


def _expect(data: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(data, kind) or (isinstance(data, bool) and kind is not bool):  # bool is an int
        raise TypeError(f"{what}: expected {kind}, found {type(data).__name__}")
    return data


def _same(data: Any) -> Any:
    return data


def _scalar(hint: type) -> _Codec:
    kind: type | tuple[type, ...] = (int, float) if hint is float else hint
    return _Codec(_same, lambda d: _expect(d, kind, hint.__name__), hint.__name__)


def _optional(inner: _Codec) -> _Codec:
    return _Codec(
        _same if inner.dump is _same else (lambda v: None if v is None else inner.dump(v)),
        lambda d: None if d is None else inner.load(d),
        f"{inner.layout}|None",
    )


def _sequence(inner: _Codec, make: Callable[[list[Any]], Any], name: str) -> _Codec:
    def load(data: Any) -> Any:
        return make([inner.load(d) for d in _expect(data, list, name)])

    dump: Callable[[Any], Any] = (
        (lambda v: sorted(inner.dump(x) for x in v))  # a set is written in one order: the same blob
        if name == "frozenset"
        else (lambda v: [inner.dump(x) for x in v])
    )
    return _Codec(dump, load, f"{name}[{inner.layout}]")


def _enum(hint: type[Enum]) -> _Codec:
    # its members are not in the layout: a new finding code must not make every stored extract stale
    return _Codec(lambda v: v.value, hint, hint.__name__)


def _model(hint: type[BaseModel]) -> _Codec:
    fields = ",".join(f"{name}:{info.annotation}" for name, info in hint.model_fields.items())
    return _Codec(
        lambda v: v.model_dump(mode="json"),
        lambda d: hint.model_validate(_expect(d, dict, hint.__name__)),
        f"{hint.__name__}{{{fields}}}",
    )


def _dataclass(hint: type) -> _Codec:
    hints = get_type_hints(hint)
    fields = [f for f in dataclasses.fields(hint) if f.init]
    names = [f.name for f in fields]
    codecs = [_codec(hints[name]) for name in names]
    pairs = list(zip(names, codecs, strict=True))

    def load(data: Any) -> Any:
        if len(_expect(data, list, hint.__name__)) != len(pairs):
            raise ValueError(f"{hint.__name__}: expected {len(pairs)} fields, found {len(data)}")
        return hint(**{name: codec.load(d) for (name, codec), d in zip(pairs, data, strict=True)})

    layout = ",".join(f"{name}:{codec.layout}" for name, codec in pairs)
    # fields that are all written as they are (a line box's offsets and coordinates, most of an
    # extract) are read at once, not each through its codec: a third of an extract's encoding
    plain = len(names) > 1 and all(codec.dump is _same for codec in codecs)
    dump = _plain_fields(names) if plain else _fields(pairs)
    return _Codec(dump, load, f"{hint.__name__}({layout})")


def _fields(pairs: list[tuple[str, _Codec]]) -> Callable[[Any], Any]:
    """A dataclass's fields as a list, each written by its codec."""
    return lambda v: [codec.dump(getattr(v, name)) for name, codec in pairs]


def _plain_fields(names: list[str]) -> Callable[[Any], Any]:
    """A dataclass's fields as a list, each written as it is: read at once."""
    fields_of = operator.attrgetter(*names)
    return lambda v: list(fields_of(v))


@cache
def _codec(hint: Any) -> _Codec:
    """How values of ``hint`` (a class's type hint) are written and read; TypeError for a type the
    state does not store (the round-trip tests meet every stored class)."""
    from pydantic import BaseModel  # loaded by now: the stored classes' records are its models

    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return _optional(_codec(next(a for a in args if a is not type(None))))
    if hint in (str, int, float, bool):
        return _scalar(hint)
    if hint is Path:
        return _Codec(str, lambda d: Path(_expect(d, str, "Path")), "Path")
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(_codec(args[0]), tuple, "tuple")
    if origin is list:
        return _sequence(_codec(args[0]), list, "list")
    if origin is frozenset:
        return _sequence(_codec(args[0]), frozenset, "frozenset")
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum(hint)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return _model(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(hint)
    raise TypeError(f"the run state does not store values of type {hint!r}")


def _format(kind: type) -> str:
    return f"{FORMAT}." + hashlib.sha256(_codec(kind).layout.encode()).hexdigest()[:12]


@dataclasses.dataclass(frozen=True)
class Formats:
    """The formats of stored extracts and results: :data:`FORMAT` and the digest of the class's layout."""

    extract: str
    result: str


@cache
def formats() -> Formats:
    """This code's formats, walked from the stored classes (which loads them, the records and pydantic)."""
    from pipeline import result
    from pipeline.read import extract

    return Formats(_format(extract.Extract), _format(result.DocumentResult))


def _header(kind: str, form: str) -> bytes:
    return f"raingan-state {kind} {form}\n".encode()


def _encode(kind: str, form: str, codec: _Codec, value: object) -> bytes:
    import msgspec

    data = codec.dump(value)
    try:
        how, payload = MSGPACK, msgspec.msgpack.encode(data)
    except (UnicodeEncodeError, OverflowError):  # a lone surrogate; an integer beyond 64 bits
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # surrogatepass: a lone surrogate a PDF's text layer gave is kept as it was read
        how, payload = JSON, text.encode("utf-8", "surrogatepass")
    return _header(kind, form) + how + zlib.compress(payload, LEVEL)


def encode_extract(value: Extract) -> bytes:
    from pipeline.read import extract

    return _encode("extract", formats().extract, _codec(extract.Extract), value)


def encode_result(value: DocumentResult) -> bytes:
    from pipeline import result

    return _encode("result", formats().result, _codec(result.DocumentResult), value)


@dataclasses.dataclass(frozen=True)
class Encoded:
    """One document's work encoded for the run state by the process that did it (a worker of the
    process pool), so that the ingesting process, which alone writes the state, only files the bytes:
    measured on 400 text PDFs, encoding took 1.6 ms a document, 40 % of that process's work. The
    extract (None: not read in this task) travels only as bytes."""

    formats: Formats  # those of the code that encoded it
    result: bytes
    extract: bytes | None


def encode(result: DocumentResult, extract: Extract | None) -> Encoded:
    return Encoded(formats(), encode_result(result), None if extract is None else encode_extract(extract))


def _inflate(payload: bytes) -> bytes:
    inflater = zlib.decompressobj()
    text = inflater.decompress(payload, MAX_DATA_BYTES)
    if inflater.unconsumed_tail:
        raise Undecodable(f"it inflates to more than {MAX_DATA_BYTES:,} bytes")
    if not inflater.eof:
        raise Undecodable("its zlib stream is truncated")
    if inflater.unused_data:
        raise Undecodable("bytes follow its zlib stream")
    return text


def _decode(kind: str, form: str, codec: _Codec, blob: bytes) -> Any:
    header = _header(kind, form)
    if not blob.startswith(header):
        found = blob[: len(header)].split(b"\n", 1)[0]
        if found.startswith(b"raingan-state "):
            raise Undecodable(f"it is {found.decode(errors='replace')!r}, not {header.strip().decode()!r}")
        raise Undecodable("it is not a raingan state value (an older raingan's pickle, or damage)")
    import msgspec

    how, payload = blob[len(header) : len(header) + 1], blob[len(header) + 1 :]
    try:
        if how == MSGPACK:
            data = msgspec.msgpack.decode(_inflate(payload))
        elif how == JSON:
            data = json.loads(_inflate(payload).decode("utf-8", "surrogatepass"))
        else:
            raise Undecodable(f"its data is marked {how!r}, neither MessagePack nor JSON")
        return codec.load(data)
    except (
        zlib.error,
        ValueError,
        TypeError,
        RecursionError,
        msgspec.DecodeError,
    ) as exc:  # ValueError: JSON, pydantic
        raise Undecodable(f"{type(exc).__name__}: {exc}"[:300]) from exc


def decode_extract(blob: bytes) -> Extract:
    """The extract :func:`encode_extract` wrote; :class:`Undecodable` for anything else."""
    from pipeline.read import extract

    value: Extract = _decode("extract", formats().extract, _codec(extract.Extract), blob)
    return value


def decode_result(blob: bytes) -> DocumentResult:
    """The result :func:`encode_result` wrote; :class:`Undecodable` for anything else."""
    from pipeline import result

    value: DocumentResult = _decode("result", formats().result, _codec(result.DocumentResult), blob)
    return value


__all__ = [
    "FORMAT",
    "Encoded",
    "Formats",
    "Undecodable",
    "decode_extract",
    "decode_result",
    "encode",
    "encode_extract",
    "encode_result",
    "formats",
]
