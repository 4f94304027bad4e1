"""Query results and table schemas laid out for people on a terminal (``raingan sql``).

Values are shown, never changed: NULL as ``NULL`` (dimmed, so that it differs from the text "NULL" only
in style and from an empty text at all), floats rounded to four decimals for display only (the
``csv``/``json`` formats give every digit), dates ISO 8601, lists joined by ``; ``. Text is printed as
text, never as terminal markup. A column's header is never cut: when the columns cannot all fit the
terminal with their headers whole, the rows are shown as records instead, one block per row with a line
per column, and the title says so.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

#: the widest a column is counted when deciding whether a table fits (its text wraps beyond)
_FIT_WIDTH: Final = 24
NULL: Final = "NULL"


def shown(value: object) -> str:
    """A value as the terminal shows it (see the module's notes)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value != 0 and (abs(value) >= 1e15 or abs(value) < 1e-4):
            return f"{value:.4g}"
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(shown(v) for v in value)
    return str(value)


def _cell(value: object) -> Text:
    return Text(NULL, style="dim") if value is None else Text(shown(value))


def fits(console: Console, columns: list[str], rows: list[tuple[Any, ...]]) -> bool:
    """Whether a table of ``rows`` fits the terminal with every header whole (values may wrap)."""
    needed = 1
    for i, name in enumerate(columns):
        widest = max((cell_len(shown(row[i])) for row in rows), default=0)
        needed += max(cell_len(name), min(widest, _FIT_WIDTH)) + 3
    return needed <= console.width


def print_rows(
    console: Console, columns: list[str], rows: list[tuple[Any, ...]], limit: int, records: bool = False
) -> None:
    """The first ``limit`` rows as a table, or as records (asked for, or when a table would cut headers)."""
    first = rows[:limit]
    title = f"{len(rows)} rows" + (f" (first {limit} shown)" if len(rows) > limit else "")
    if not records and fits(console, columns, first):
        table = Table(title=title)
        for name in columns:
            table.add_column(escape(name), min_width=cell_len(name), overflow="fold")
        for row in first:
            table.add_row(*(_cell(v) for v in row))
        console.print(table)
        return
    if not records:
        title += "; too wide for the terminal: a block per row (--format csv or json for programs)"
    console.print(Text(title, style="italic"))
    label = max((cell_len(c) for c in columns), default=0)
    for number, row in enumerate(first, start=1):
        console.print(Text(f"── row {number} ", style="bold") + Text("─" * max(0, 20), style="dim"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(min_width=label, style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in zip(columns, row, strict=True):
            grid.add_row(Text(name), _cell(value))
        console.print(grid)


def print_schema(console: Console, out_dir: Path) -> None:
    """Every table of ``out_dir``: its columns, their types and meanings (the data dictionary's)."""
    import pyarrow.parquet as pq

    from pipeline.use.datasets import dataset_files, table_folders

    for table, folder in table_folders(out_dir).items():
        files = dataset_files(folder)
        rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        grid = Table(title=f"{table}  ({rows:,} rows)", title_justify="left", expand=False)
        grid.add_column("column", no_wrap=True, style="bold")
        grid.add_column("type", no_wrap=True)
        grid.add_column("meaning", overflow="fold")
        for column in pq.read_schema(files[0]):
            meaning = (column.metadata or {}).get(b"description", b"").decode()
            grid.add_row(Text(column.name), Text(str(column.type)), Text(meaning))
        console.print(grid)
    console.print(
        Text(
            "In queries each table is a view by its name. SHOW TABLES lists them, DESCRIBE <table> gives "
            "a table's columns, SUMMARIZE <table> their statistics."
        )
    )
