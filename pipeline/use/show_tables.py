"""``raingan show``'s parts for what is not a form's field or entry: the fields a document keeps only in the
``fields`` table (its kind, number, its own ``label : value`` pairs), its tables as grids, and the line
items of a budget document indented by their level."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.result import DocumentResult
from schemas.records import Cell

#: rows of a table shown before the rest is counted
MAX_ROWS = 40
#: characters of a cell shown before it is cut with …
MAX_CELL = 60


def heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold underline"))


def other_fields(console: Console, result: DocumentResult, shown: Iterable[str]) -> None:
    """The ``fields`` rows whose field is no documents column shown above."""
    skip = set(shown)
    rest = [f for f in result.field_values if f.field not in skip]
    if not rest:
        return
    heading(console, f"other fields ({len(rest)})")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(overflow="fold", style="bold", max_width=30)
    grid.add_column(overflow="fold")
    grid.add_column(no_wrap=True, style="dim")
    for f in rest:
        grid.add_row(f.field, f.value, f"p.{f.page}")
    console.print(grid)


def tables(console: Console, result: DocumentResult) -> None:
    """Each table as a grid: its header rows as the heading, spans written once, long tables cut."""
    heading(console, f"tables ({len(result.tables)})")
    by_table: dict[int, list[Cell]] = defaultdict(list)
    for cell in result.cells:
        by_table[cell.table_no].append(cell)
    for t in result.tables:
        pages = f"p.{t.page}" if t.page == t.page_end else f"p.{t.page}–{t.page_end}"
        caption = f" — {t.caption}" if t.caption else ""
        console.print(
            Text(f"table {t.table_no} · {pages} · {t.n_rows}×{t.n_cols} · {t.method.value}{caption}", "bold"),
            overflow="fold",
        )
        grid: dict[tuple[int, int], Cell] = {(c.row, c.col): c for c in by_table[t.table_no]}
        shown = Table(show_header=t.n_header_rows > 0, padding=(0, 1), expand=False, show_lines=False)
        heads = [
            " › ".join(_cut(grid[(r, col)].text) for r in range(t.n_header_rows) if (r, col) in grid)
            for col in range(t.n_cols)
        ]
        for head in heads:
            shown.add_column(head, overflow="fold")
        body = range(t.n_header_rows, t.n_rows)
        for row in list(body)[:MAX_ROWS]:
            values = []
            for col in range(t.n_cols):
                found = grid.get((row, col))
                text = Text(_cut(found.text) if found else "")
                if found is not None and found.is_header:
                    text.stylize("bold")
                values.append(text)
            shown.add_row(*values)
        console.print(shown)
        if len(body) > MAX_ROWS:
            console.print(
                Text(f"… {len(body) - MAX_ROWS} more rows (raingan sql: SELECT * FROM cells)", "dim")
            )


def budget_items(console: Console, result: DocumentResult) -> None:
    """The line items, indented by level, each with its amount and page."""
    if not result.budget_items:
        return
    heading(console, f"budget items ({len(result.budget_items)})")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(overflow="fold")
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(no_wrap=True, style="dim")
    for item in result.budget_items:
        label = f"{item.number} {item.label}" if item.number else item.label
        amount = "—" if item.amount_thb is None else f"{item.amount_thb:,.2f}".removesuffix(".00") + " บาท"
        grid.add_row(Text("  " * item.level + label), amount, f"p.{item.page}")
    console.print(grid)


def _cut(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
