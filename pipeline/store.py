"""Parquet output: one file per table, each written atomically (temporary file, then rename)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.errors import OutputError
from schemas.arrow import to_table
from schemas.records import TABLES, Record


def prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder and check it can be written, before any work is done."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".raingan-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(
            f"cannot write to the output folder {out_dir}: {exc.strerror or exc}",
            "choose another --out folder, or fix its permissions",
        ) from exc


def write_table(out_dir: Path, model: type[Record], rows: Iterable[Record]) -> Path:
    """Write ``DIR/<table>.parquet`` so that a reader never sees a half-written file."""
    target = out_dir / f"{model.table}.parquet"
    tmp = out_dir / f".{model.table}.parquet.tmp-{os.getpid()}"
    try:
        pq.write_table(to_table(model, rows), tmp, compression="zstd")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(
            f"cannot write {target}: {exc.strerror or exc}", "check free disk space and permissions"
        ) from exc
    return target


def write_all(out_dir: Path, rows: dict[type[Record], list[Record]]) -> list[Path]:
    """Every table, in a fixed order; a table with no rows is still written (with its schema)."""
    return [write_table(out_dir, model, rows.get(model, [])) for model in TABLES]
