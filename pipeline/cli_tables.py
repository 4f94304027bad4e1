"""The commands that read an ingest's tables for other tools and people: ``raingan sql`` and ``raingan
export`` (registered on the command group by :mod:`pipeline.cli`, which turns their errors into exit
codes)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from pipeline.cli_common import TABLES_OPTION, console


@click.command()
@click.argument("query", required=False)
@TABLES_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "records", "csv", "json", "jsonl"]),
    default="table",
    show_default=True,
    help="table: aligned, for reading (a block per row when too wide); records: a block per row; csv: "
    "every row, for spreadsheets (UTF-8 with a byte-order mark, formulas neutralised); json: every row as "
    "one JSON array; jsonl: a JSON object per line.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Rows shown as a table or records.",
)
@click.option("--schema", is_flag=True, help="List the tables, their columns and what each column means.")
def sql(query: str | None, out_dir: Path, fmt: str, limit: int, schema: bool) -> None:
    """Run a DuckDB SQL QUERY over the tables of DIR: each table is a view by its name.

    One read statement (SELECT, WITH, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN, the PRAGMAs that describe); it
    reads the tables of DIR and nothing else. COPY, ATTACH, INSTALL, LOAD, SET, writes, several statements
    and any other file are refused with exit code 2. `SHOW TABLES` lists the tables, `DESCRIBE entries`
    a table's columns; --schema also says what each column means.

    As a table, NULL is shown as NULL and floats are rounded to four decimals (csv and json give every
    digit).

    Example: raingan sql "SELECT form, status, count(*) FROM documents GROUP BY ALL"
    """
    if schema:
        from pipeline.use.display import print_schema

        print_schema(console, out_dir)
        return
    if not query:
        raise click.UsageError("give a QUERY, or --schema to see the tables and their columns")
    import duckdb

    from pipeline.use.sql import print_rows, run_query

    try:
        columns, rows = run_query(out_dir, query)
    except duckdb.Error as exc:
        raise click.UsageError(f"the query failed: {exc}") from exc
    print_rows(console, columns, rows, fmt, limit)


@click.command()
@TABLES_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv", "parquet"]),
    default="xlsx",
    show_default=True,
    help="xlsx: one workbook, a sheet per table (and the columns' meanings); csv: a file per table, "
    "UTF-8 with a byte-order mark for Excel; parquet: a file per table.",
)
@click.option(
    "--to",
    "to",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write: a folder (for xlsx also a path ending in .xlsx). Default: DIR/export/.",
)
@click.option(
    "--table",
    "tables",
    multiple=True,
    help="Export only this table (repeat for more). Default: every table.",
)
def export(out_dir: Path, fmt: str, to: Path | None, tables: tuple[str, ...]) -> None:
    """Write the tables of DIR for spreadsheets and other tools.

    Thai text intact, dates as dates, NULL as an empty cell. Text that a spreadsheet would run as a
    formula (=…, +…, -…, @…) stays text: a text cell in xlsx, a leading ' in csv.

    Example: raingan export --out data/out --format xlsx   (writes data/out/export/raingan.xlsx)
    """
    from pipeline.use.export import export_tables

    report = export_tables(out_dir, fmt, to, list(tables) or None)
    for done in report.files:
        rows = ", ".join(f"{table} {n:,}" for table, n in done.rows.items())
        console.print(f"wrote {escape(str(done.path))}: {rows} rows", soft_wrap=True)
    for note in report.notes():
        console.print(f"note: {escape(note)}", soft_wrap=True)
