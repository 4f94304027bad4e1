"""``raingan sql``: DuckDB over an ingest's output, each table a view by its name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import NoInputError
from schemas.records import OUTPUT_TABLES


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per table of ``out_dir`` (documents, entries, …)."""
    db = duckdb.connect()
    found = False
    for model in OUTPUT_TABLES:
        folder = out_dir / f"{model.table}.parquet"
        if folder.is_dir():
            found = True
            pattern = str(folder / "*.parquet").replace("'", "''")
            db.execute(f"CREATE VIEW {model.table} AS SELECT * FROM read_parquet('{pattern}')")
    if not found:
        db.close()
        raise NoInputError(f"no tables in {out_dir}", f"run `raingan ingest ... --out {out_dir}` first")
    return db


def run_query(out_dir: Path, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns and rows of ``query`` over the tables of ``out_dir``."""
    db = connect(out_dir)
    try:
        cursor = db.execute(query)
        columns = [d[0] for d in cursor.description or ()]
        return columns, cursor.fetchall()
    finally:
        db.close()
