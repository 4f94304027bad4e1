"""The one configuration object of a run, passed explicitly.

A frozen dataclass rather than a pydantic model: every command builds one, and an ingest with nothing to
do would otherwise spend a third of its time loading pydantic. It checks what pydantic checked: each
setting's type (converting what pydantic converted: a ``str`` to a ``Path`` or an :class:`OcrMode`, an
``int`` to a ``float``, a set or list of suffixes to a ``frozenset``, and as its lax mode did, where
nothing is lost, ``0``/``1`` or ``"yes"``/``"off"`` … to a ``bool``, ``2.0`` or ``"2"`` to an ``int``,
``"12.5"`` to a ``float``) and its bounds; an unknown setting is refused. Each field's ``metadata``
holds its description (``doc``) and bounds (``gt``, ``ge``, ``le``).
"""

from __future__ import annotations

import operator
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, Final, get_args, get_origin, get_type_hints

from pipeline.defaults import DOC_MEMORY_MB, DOC_TIMEOUT_S, OCR_PAGE_TIMEOUT_S, PAGE_TIMEOUT_S, OcrMode

__all__ = ["DOC_MEMORY_MB", "DOC_TIMEOUT_S", "PAGE_TIMEOUT_S", "STRICT_ENV", "Config", "OcrMode"]

#: set (to anything but 0) to make every run strict by default: the test suite does
STRICT_ENV: Final = "RAINGAN_STRICT"


def strict_by_default() -> bool:
    """Whether a run is strict when nothing says: the environment variable :data:`STRICT_ENV`."""
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Settings of an ingest run (frozen: build a new one to change a setting)."""

    out_dir: Path = field(
        default=Path("data/out"), metadata={"doc": "folder the Parquet tables are written to"}
    )
    suffixes: frozenset[str] | None = field(
        default=None,
        metadata={
            "doc": "file suffixes collected when a folder is given (a file named directly is always read); "
            "None: every suffix raingan reads (pipeline.read.identity.FORMAT_BY_SUFFIX)"
        },
    )
    max_file_bytes: int = field(
        default=64 * 1024 * 1024,
        metadata={"doc": "larger files are not read: they get a failed row with a finding"},
    )
    show_progress: bool = field(default=True, metadata={"doc": "draw a progress bar on the terminal"})
    page_timeout_s: float | None = field(
        default=PAGE_TIMEOUT_S,
        metadata={
            "gt": 0,
            "doc": "seconds a PDF page (or opening a PDF) may take; PDFs are then read in a child process "
            "that is killed when late. None: read in this process, without a limit",
        },
    )
    ocr_page_timeout_s: float | None = field(
        default=OCR_PAGE_TIMEOUT_S,
        metadata={
            "gt": 0,
            "doc": "seconds the OCR engine may take on one page: a page that takes longer fails alone, "
            "with ocr_failed. None: no limit",
        },
    )
    ocr: OcrMode = field(
        default=OcrMode.AUTO,
        metadata={
            "doc": "auto: OCR the PDF pages without a text layer or whose text layer reads worse than "
            "ocr_below; always: every PDF page; never: no OCR"
        },
    )
    ocr_below: float = field(
        default=0.80,
        metadata={
            "ge": 0,
            "le": 1,
            "doc": "auto mode: a page whose text-layer quality (after repair) is below this is OCR'd too, "
            "and the OCR text is kept when it reads better",
        },
    )
    ocr_engine: str = field(
        default="tesseract", metadata={"doc": "the OCR engine (pipeline.ocr.engines.ENGINES)"}
    )
    ocr_dpi: int = field(
        default=300, metadata={"ge": 72, "le": 600, "doc": "resolution pages are rendered at for OCR"}
    )
    ocr_workers: int | None = field(
        default=None,
        metadata={"ge": 1, "doc": "OCR processes run at once (one page each); None: the number of cores"},
    )
    low_confidence_below: float = field(
        default=80.0,
        metadata={
            "ge": 0,
            "le": 100,
            "doc": "values read by OCR with a lower word confidence (0–100) get a low_confidence finding",
        },
    )
    workers: int | None = field(
        default=None,
        metadata={
            "ge": 1,
            "doc": "worker processes that read and parse documents; None: the number of cores",
        },
    )
    scheduler: str | None = field(
        default=None,
        metadata={
            "doc": "run the documents on a Dask cluster: 'local' starts one on this machine, "
            "'tcp://HOST:8786' joins a running scheduler; None: this machine's process pool"
        },
    )
    doc_timeout_s: float | None = field(
        default=DOC_TIMEOUT_S,
        metadata={
            "gt": 0,
            "doc": "seconds one document may take (reading, OCR, parsing) before it is stopped and fails "
            "with doc_timeout; None: no limit. Enforced by the process pool",
        },
    )
    doc_memory_mb: int | None = field(
        default=DOC_MEMORY_MB,
        metadata={
            "gt": 0,
            "doc": "MB of memory a worker (with its PDF reader and OCR) may hold while on one document; "
            "above it the document fails with doc_memory. None: no limit. Enforced by the process pool",
        },
    )
    force: bool = field(
        default=False, metadata={"doc": "redo every document, even those the run state has done"}
    )
    cache_dir: Path | None = field(
        default=None,
        metadata={
            "doc": "where OCR results are cached by page-image hash; None: <out_dir>/cache. Only batch "
            "runs (raingan ingest) use the cache"
        },
    )
    strict: bool = field(
        default_factory=strict_by_default,
        metadata={
            "doc": "a step that stops on a bug stops the run (exit 1, with the traceback) instead of "
            "failing its document with extract_error or parse_error; default: the environment variable "
            "RAINGAN_STRICT (the tests set it)"
        },
    )

    def __post_init__(self) -> None:
        hints = _hints()
        for setting in fields(self):
            value = _checked(setting.name, hints[setting.name], getattr(self, setting.name))
            _check_bounds(setting.name, value, setting.metadata)
            object.__setattr__(self, setting.name, value)  # frozen: the one place a value is set

    @property
    def ocr_cache_dir(self) -> Path:
        return (self.cache_dir or self.out_dir / "cache") / "ocr"


@cache
def _hints() -> dict[str, Any]:
    """Each setting's type, from the annotations (strings, under ``from __future__ import annotations``)."""
    return get_type_hints(Config)


def _checked(name: str, hint: Any, value: object) -> object:
    """``value`` as setting ``name`` of type ``hint`` holds it; TypeError or ValueError naming the setting
    when it cannot be one."""
    if type(None) in get_args(hint):  # X | None
        if value is None:
            return None
        (hint,) = (arg for arg in get_args(hint) if arg is not type(None))
    if hint is Path and isinstance(value, str | os.PathLike):
        return Path(value)
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint in (int, str, bool) and isinstance(value, hint) and (hint is bool or not isinstance(value, bool)):
        return value
    lax = _lax(hint, value)
    if lax is not None:
        return lax
    if isinstance(hint, type) and issubclass(hint, Enum) and isinstance(value, str):
        try:
            return hint(value)
        except ValueError:
            choices = ", ".join(repr(m.value) for m in hint)
            raise ValueError(f"Config.{name}: {value!r} is not one of {choices}") from None
    if (
        get_origin(hint) is frozenset
        and isinstance(value, set | frozenset | list | tuple)
        and all(isinstance(item, str) for item in value)
    ):
        return frozenset(value)
    raise TypeError(f"Config.{name} must be {_spelled(hint)}, not {type(value).__name__} {value!r}")


#: the words a bool setting takes from text (an environment variable, a JSON file), as pydantic did
_TRUE: Final = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE: Final = frozenset({"0", "false", "f", "no", "n", "off"})


def _lax(hint: Any, value: object) -> object | None:
    """What pydantic's lax mode made of a value of another type, where nothing is lost: a bool from 0 or
    1 or a word of :data:`_TRUE`/:data:`_FALSE`, an int from a whole float or from the text of an int, a
    float from the text of a number. None: no such reading (the caller refuses the value)."""
    if hint is bool:
        if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
    elif hint is int and not isinstance(value, bool):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return int(value.strip())
    elif hint is float and isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _spelled(hint: Any) -> str:
    return hint.__name__ if isinstance(hint, type) and get_origin(hint) is None else str(hint)


#: the bounds a setting's metadata may give, each with its test and how a message writes it
_BOUNDS: Final = (("gt", operator.gt, ">"), ("ge", operator.ge, "≥"), ("le", operator.le, "≤"))


def _check_bounds(name: str, value: object, metadata: Mapping[str, Any]) -> None:
    """The setting's bounds (``gt``, ``ge``, ``le`` in its metadata); None is never out of them. A bound
    holds only when its test is true, so NaN is out of every bound."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return
    for key, holds, word in _BOUNDS:
        bound = metadata.get(key)
        if bound is not None and not holds(value, bound):
            raise ValueError(f"Config.{name} must be {word} {bound}, not {value!r}")
