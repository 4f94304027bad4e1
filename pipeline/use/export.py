"""``raingan export``: the published tables for spreadsheets and other tools, as ``.xlsx``, CSV or single
Parquet files.

- **xlsx**: one workbook, ``raingan.xlsx``: a sheet ``about`` (where the tables came from, each table's
  rows, what had to change for Excel), a sheet ``columns`` (every table's columns, their types and
  meanings, from the data dictionary), then a sheet per table, its header row bold and frozen. Dates are
  date cells, numbers number cells, Thai text as it is (``.xlsx`` is UTF-8); text is always a text cell,
  never a formula. A table longer than a sheet continues on ``<table> (2)``; what a cell cannot hold
  (control characters, more than 32,767 characters) is said on ``about`` (:mod:`pipeline.use.cells`).
- **csv**: a file per table, ``<table>.csv``, UTF-8 with a byte-order mark (without one, Excel reads the
  file in the machine's code page and garbles Thai), text a spreadsheet would run as a formula
  neutralised with a leading apostrophe, NULL as an empty cell, dates ISO 8601.
- **parquet**: a file per table, ``<table>.parquet``, the fiscal-year files of its dataset in one (for
  tools that want a file, not a folder); the values and types exactly the tables'.

Files go to ``OUT/export/`` unless ``to`` says where; each is written beside its place and renamed into
it when complete, so an export that stops leaves the previous file whole.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from pipeline.errors import OutputError, write_error
from pipeline.paths import new_file_mode
from pipeline.use import cells
from pipeline.use.datasets import dataset_files, table_folders, table_rows

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS: Final = ("xlsx", "csv", "parquet")
EXPORT_DIR: Final = "export"
WORKBOOK: Final = "raingan.xlsx"
#: the widest a column is made on a sheet (characters), and the rows looked at to size it
_MAX_WIDTH: Final = 60
_SIZING_ROWS: Final = 200


@dataclass
class Exported:
    """One file written: its path, and the rows of each table in it."""

    path: Path
    rows: dict[str, int]


@dataclass
class ExportReport:
    """What an export wrote, and what it changed so that a spreadsheet shows the values safely."""

    files: list[Exported] = field(default_factory=list)
    neutralised: int = 0  # CSV text cells given a leading apostrophe (they would run as formulas)
    cut: list[str] = field(default_factory=list)  # cells cut to Excel's length, as "table row N column"
    pictured: int = 0  # xlsx text cells whose control characters were written as their pictures

    def notes(self) -> list[str]:
        """What a reader of the files should know, one line each."""
        said = []
        if self.neutralised:
            said.append(
                f"{self.neutralised:,} text cells start with =, +, -, @ or a tab and are written with a "
                "leading ' so that a spreadsheet shows them as text, not formulas"
            )
        if self.pictured:
            said.append(
                f"{self.pictured:,} text cells hold control characters (a form feed between pages …), "
                "written as their pictures (␌): .xlsx cannot hold them"
            )
        if self.cut:
            shown = ", ".join(self.cut[:5]) + (" …" if len(self.cut) > 5 else "")
            said.append(
                f"{len(self.cut):,} cells are longer than Excel's {cells.XLSX_CELL_CHARS:,} characters "
                f"and are cut there ({shown}); the Parquet tables and --format csv hold the whole text"
            )
        return said


def destination(out_dir: Path, fmt: str, to: Path | None) -> Path:
    """Where an export of ``fmt`` goes: the workbook's path for xlsx, else the folder of the files."""
    folder = out_dir / EXPORT_DIR if to is None else to
    if fmt == "xlsx":
        return folder if folder.suffix.lower() == ".xlsx" else folder / WORKBOOK
    return folder


def export_tables(
    out_dir: Path, fmt: str, to: Path | None = None, tables: list[str] | None = None
) -> ExportReport:
    """Write the tables of ``out_dir`` (all, or those named) as ``fmt``; see the module's notes."""
    if fmt not in FORMATS:
        raise ValueError(f"no export format {fmt!r}: {', '.join(FORMATS)}")
    folders = table_folders(out_dir)
    if tables:
        unknown = [t for t in tables if t not in folders]
        if unknown:
            raise OutputError(
                f"no table {', '.join(unknown)} in {out_dir}", f"the tables are: {', '.join(folders)}"
            )
        folders = {t: folders[t] for t in folders if t in tables}
    report = ExportReport()
    target = destination(out_dir, fmt, to)
    if fmt == "xlsx":
        report.files.append(_write_xlsx(target, folders, out_dir, report))
    else:
        writer = _write_csv if fmt == "csv" else _write_parquet
        for table, folder in folders.items():
            path = target / f"{table}.{fmt}"
            rows = _atomic(path, _Writing(writer, folder, report))
            report.files.append(Exported(path, {table: rows}))
    return report


@dataclass(frozen=True)
class _Writing:
    """One table's file written by ``write`` to the temporary path it is called with."""

    write: Callable[[Path, Path, ExportReport], int]
    folder: Path
    report: ExportReport

    def __call__(self, tmp: Path) -> int:
        return self.write(tmp, self.folder, self.report)


def _atomic(path: Path, write: Callable[[Path], int]) -> int:
    """Run ``write`` on a temporary file beside ``path``, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise write_error(str(path.parent), exc, "nothing was exported") from exc
    tmp = Path(name)
    try:
        rows = write(tmp)
        os.chmod(tmp, new_file_mode())  # as any new file of the user's, not the temporary file's 0600
        os.replace(tmp, path)
    except OSError as exc:
        raise write_error(str(path), exc, "the file is as it was") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return rows


def _columns(folder: Path) -> pa.Schema:
    import pyarrow.parquet as pq

    return pq.read_schema(dataset_files(folder)[0])


# -- csv ----------------------------------------------------------------------------------------------


def _write_csv(path: Path, folder: Path, report: ExportReport) -> int:
    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_columns(folder).names)
        for batch in table_rows(folder):
            for row in batch:
                written = [cells.csv_cell(v) for v in row]
                report.neutralised += sum(
                    1 for v, w in zip(row, written, strict=True) if isinstance(v, str) and w != v
                )
                writer.writerow(written)
            rows += len(batch)
    return rows


# -- parquet ------------------------------------------------------------------------------------------


def _write_parquet(path: Path, folder: Path, report: ExportReport) -> int:
    import pyarrow.parquet as pq

    schema = _columns(folder)
    rows = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for file in dataset_files(folder):
            with pq.ParquetFile(file) as parquet:
                for batch in parquet.iter_batches():
                    writer.write_batch(batch)
                    rows += batch.num_rows
    return rows


# -- xlsx ---------------------------------------------------------------------------------------------


def _write_xlsx(path: Path, folders: dict[str, Path], out_dir: Path, report: ExportReport) -> Exported:
    counts: dict[str, int] = {}

    def write(tmp: Path) -> int:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        about = book.create_sheet("about")
        columns = book.create_sheet("columns")
        _dictionary(book, columns, folders)
        for table, folder in folders.items():
            counts[table] = _table_sheets(book, table, folder, report)
        _about(book, about, out_dir, counts, report)
        book.save(tmp)
        return sum(counts.values())

    _atomic(path, write)
    return Exported(path, counts)


def _bold(sheet: Any, values: list[str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    out = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        out.append(cell)
    return out


def _text_cell(sheet: Any, text: str) -> Any:
    """A cell that holds ``text`` as text, even when it starts with ``=``."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _xlsx_value(sheet: Any, value: object, report: ExportReport, table: str, row: int) -> object:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        text, was_cut = cells.xlsx_text(value)
        if was_cut:
            report.cut.append(f"{table} row {row}")
        if text != value and not was_cut:
            report.pictured += 1
        return _text_cell(sheet, text) if text.startswith("=") else text
    if isinstance(value, float):
        return cells.xlsx_number(value)
    return value


def _widths(names: list[str], sample: list[tuple[object, ...]]) -> list[float]:
    widths = [len(n) + 2 for n in names]
    for row in sample[:_SIZING_ROWS]:
        for i, value in enumerate(row):
            if value is not None:
                widths[i] = max(widths[i], min(_MAX_WIDTH, len(str(value)) + 2))
    return [float(w) for w in widths]


def _batches_with_first(folder: Path) -> tuple[list[tuple[object, ...]], Iterator[list[tuple[object, ...]]]]:
    batches = table_rows(folder)
    first = next(batches, [])
    return first, batches


def _table_sheets(book: Any, table: str, folder: Path, report: ExportReport) -> int:
    """``table`` on its sheet (and ``<table> (2)`` … past a sheet's rows); returns its rows."""
    from openpyxl.utils import get_column_letter

    names = _columns(folder).names
    first, rest = _batches_with_first(folder)
    widths = _widths(names, first)
    per_sheet = cells.XLSX_SHEET_ROWS - 1
    sheet: Any = None
    sheets, on_sheet, written = 0, per_sheet, 0

    def new_sheet() -> Any:
        nonlocal sheets
        sheets += 1
        made = book.create_sheet(table if sheets == 1 else f"{table} ({sheets})")
        made.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            made.column_dimensions[get_column_letter(i)].width = width
        made.append(_bold(made, names))
        return made

    for batch in [first, *rest] if first else []:
        for row in batch:
            if on_sheet == per_sheet:
                sheet, on_sheet = new_sheet(), 0
            written += 1
            on_sheet += 1
            sheet.append([_xlsx_value(sheet, v, report, table, written) for v in row])
    if sheet is None:  # no rows: the header alone
        new_sheet()
    return written


def _dictionary(book: Any, sheet: Any, folders: dict[str, Path]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate((14, 22, 16, 90), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_bold(sheet, ["table", "column", "type", "meaning"]))
    for table, folder in folders.items():
        for column in _columns(folder):
            meaning = (column.metadata or {}).get(b"description", b"").decode()
            sheet.append([table, column.name, str(column.type), meaning])


def _about(book: Any, sheet: Any, out_dir: Path, counts: dict[str, int], report: ExportReport) -> None:
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    sheet.append(_bold(sheet, ["raingan export", ""]))
    sheet.append(["tables of", str(out_dir.resolve())])
    sheet.append(["exported at (UTC)", datetime.now(UTC).replace(tzinfo=None, microsecond=0)])
    sheet.append(["dates", "Common Era date cells; the Buddhist Era year is the CE year + 543"])
    sheet.append(["columns", "the sheet 'columns' gives every column's meaning (docs/DATA.md)"])
    sheet.append([])
    sheet.append(_bold(sheet, ["table", "rows"]))
    for table, rows in counts.items():
        sheet.append([table, rows])
    notes = report.notes()
    if notes:
        sheet.append([])
        sheet.append(_bold(sheet, ["notes", ""]))
        for note in notes:
            sheet.append(["", note])
