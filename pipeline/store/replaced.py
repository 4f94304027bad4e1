"""Datasets a publish replaced are kept a while, for the readers that opened them before the swap.

A reader of ``OUT/<table>.parquet`` (pandas, DuckDB, a notebook left open) follows the link once and
then lists and opens the files of the dataset it leads to; a run that publishes meanwhile swaps the
link. Deleting the replaced dataset at once would pull its files from under such a reader, so each
publish records the datasets it replaced, with the time, in ``OUT/.raingan/replaced``, and the
datasets replaced less than :data:`KEEP_S` ago are not deleted with the other unlinked ones
(:func:`pipeline.store.parquet.remove_unlinked`): the next publish after that deletes them. (Delta
Lake's ``VACUUM`` keeps replaced files by a retention time for the same reason.)

The record is best effort: a record that cannot be written (a full disk) leaves the replaced datasets
unrecorded, and they are deleted at once, as before; a record that cannot be read keeps nothing.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from pipeline.store.names import STATE_DIR

#: how long a replaced dataset is kept (seconds): longer than a reader takes to read a table
KEEP_S: Final = 600.0
RECORD: Final = "replaced"


def _record(out_dir: Path) -> Path:
    return out_dir / STATE_DIR / RECORD


def _entries(out_dir: Path, runs: Path) -> dict[Path, float]:
    """The recorded datasets (resolved) and when they were replaced; lines that do not parse, or name
    something outside ``runs``, are passed over."""
    try:
        text = _record(out_dir).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    base = Path(os.path.realpath(runs))
    found: dict[Path, float] = {}
    for line in text.splitlines():
        when, _, name = line.partition("\t")
        with contextlib.suppress(ValueError):
            path = Path(os.path.realpath(base / name))
            if path.is_relative_to(base) and path != base:
                found[path] = float(when)
    return found


def kept(out_dir: Path, runs: Path, now: float | None = None) -> set[Path]:
    """The datasets (resolved) replaced less than :data:`KEEP_S` ago: not to be deleted yet."""
    now = time.time() if now is None else now
    return {path for path, when in _entries(out_dir, runs).items() if now - when < KEEP_S}


def note(out_dir: Path, runs: Path, replaced: Iterable[Path]) -> None:
    """Record ``replaced`` (datasets just unlinked by a publish) as replaced now, dropping the entries
    whose time is up; datasets outside ``runs`` (a link that led elsewhere) are not raingan's to keep or
    delete and are not recorded. Best effort: see the module's notes."""
    now = time.time()
    base = Path(os.path.realpath(runs))
    entries = {path: when for path, when in _entries(out_dir, runs).items() if now - when < KEEP_S}
    for dataset in replaced:
        path = Path(os.path.realpath(dataset))
        if path.is_relative_to(base) and path != base:
            entries[path] = now
    lines = "".join(f"{when:.3f}\t{path.relative_to(base).as_posix()}\n" for path, when in entries.items())
    record = _record(out_dir)
    tmp = record.with_name(f".{RECORD}-{os.getpid()}")
    try:
        tmp.write_text(lines, encoding="utf-8")
        os.replace(tmp, record)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
