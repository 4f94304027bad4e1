"""``raingan sql``: DuckDB over an ingest's output, each table a view by its name, and nothing else.

A query is something a user types, or pastes from elsewhere, into a tool that runs with all their rights;
left as it comes, DuckDB reads and writes any file (``COPY … TO``, ``read_csv('/etc/passwd')``,
``ATTACH``), installs extensions from the network and changes its own settings. So the connection is
locked down with DuckDB's own settings once the views exist (:func:`lock_down`), and the query must be one
read statement (:mod:`pipeline.use.sqlcheck`). Either refusal is :class:`QueryRefused`, a usage error.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import duckdb
from rich.console import Console

from pipeline.errors import QueryRefused
from pipeline.use import cells, display
from pipeline.use.datasets import dataset_files, table_folders
from pipeline.use.sqlcheck import HINT, read_statement

#: Set in this order once the views exist, after ``allowed_directories`` (which DuckDB refuses to change
#: once external access is off), each for a reason:
LOCKDOWN: tuple[tuple[str, object], ...] = (
    # a query's unknown table is never looked up among the Python variables of this process
    ("python_enable_replacements", False),
    # no extension is fetched from the network or loaded from disk behind a query's back (parquet, json
    # and icu are built in)
    ("autoinstall_known_extensions", False),
    ("autoload_known_extensions", False),
    ("allow_community_extensions", False),
    # no spilling to DuckDB's default `.tmp` in the working folder: a query gets the memory the tables
    # need in pandas too (`pipeline.load`), and fails with DuckDB's out-of-memory error past it
    ("temp_directory", ""),
    # no file, URL or database but the table folders of allowed_directories
    ("enable_external_access", False),
    # last: no SET, RESET or PRAGMA of the query can undo any of the above
    ("lock_configuration", True),
)


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per table of ``out_dir`` (documents, entries, …), locked down to
    reading those tables.

    Each table's folder is a link to the last complete run's dataset (README, Output); the views and the
    allowed folders both name the dataset the link points to now, because DuckDB resolves links in
    ``allowed_directories`` when they are set: an ingest that swaps the links meanwhile cannot leave the
    views pointing at a folder that is not allowed.
    """
    folders = table_folders(out_dir)
    db = duckdb.connect()
    try:
        for table, folder in folders.items():
            files = ", ".join("'" + str(path).replace("'", "''") + "'" for path in dataset_files(folder))
            db.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{files}])")
        lock_down(db, list(folders.values()))
    except BaseException:
        db.close()
        raise
    return db


def lock_down(db: duckdb.DuckDBPyConnection, folders: list[Path]) -> None:
    """Allow ``db`` to read under ``folders`` and nowhere else, then lock its configuration."""
    # the separator keeps `documents.parquet` from allowing a sibling `documents.parquet.old`
    db.execute("SET allowed_directories = ?", [[f"{folder}/" for folder in folders]])
    for name, value in LOCKDOWN:
        db.execute(f"SET {name} = ?", [value])


def run_query(out_dir: Path, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns and rows of ``query`` over the tables of ``out_dir``: one read statement
    (:func:`pipeline.use.sqlcheck.read_statement`), else :class:`QueryRefused`; a query DuckDB cannot run
    raises DuckDB's error."""
    db = connect(out_dir)
    try:
        statement = read_statement(db, query)
        try:
            cursor = db.execute(statement)
            columns = [d[0] for d in cursor.description or ()]
            return columns, cursor.fetchall()
        except (duckdb.PermissionException, duckdb.InvalidInputException) as exc:
            refused = _refusal(exc, out_dir)
            if refused is None:
                raise
            raise refused from exc
    finally:
        db.close()


def _refusal(exc: duckdb.Error, out_dir: Path) -> QueryRefused | None:
    """DuckDB's own refusal, said as raingan's: a file outside the tables, a locked setting."""
    said = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, duckdb.PermissionException):
        said = said.removeprefix("Permission Error: ")
        return QueryRefused(
            f"the query was refused: it reaches outside the tables of {out_dir} ({said})", HINT
        )
    if "configuration has been locked" in said:
        said = said.removeprefix("Invalid Input Error: ")
        return QueryRefused(f"the query was refused: it changes a setting ({said})", HINT)
    return None


def print_rows(
    console: Console, columns: list[str], rows: list[tuple[Any, ...]], fmt: str, limit: int
) -> None:
    """The rows as ``fmt`` on standard output: ``csv`` (every row, for spreadsheets: UTF-8 with a byte-order
    mark, text that would run as a formula neutralised, :mod:`pipeline.use.cells`), ``json`` (every row, one
    JSON array of objects), ``jsonl`` (every row, an object per line), or for reading the first ``limit``
    rows as an aligned ``table`` or as ``records`` (a block per row; :mod:`pipeline.use.display`)."""
    if fmt == "csv":
        sys.stdout.write("\ufeff")
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([cells.csv_cell(v) for v in row] for row in rows)
    elif fmt in ("json", "jsonl"):
        objects = (
            json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=str) for row in rows
        )
        if fmt == "jsonl":
            sys.stdout.writelines(o + "\n" for o in objects)
        else:
            sys.stdout.write("[" + ",\n ".join(objects) + "]\n")
    else:
        display.print_rows(console, columns, rows, limit, records=fmt == "records")
