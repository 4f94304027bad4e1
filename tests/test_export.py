"""``raingan export``: the tables as an .xlsx workbook, CSV files and single Parquet files, read back as a
spreadsheet user and pandas would: Thai intact, dates as dates, formulas never run, nothing cut silently."""

from __future__ import annotations

import csv
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.config import Config
from pipeline.run.serial import run_serial
from pipeline.use import cells
from pipeline.use.datasets import dataset_files
from pipeline.use.export import export_tables

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "data" / "raw" / "kpi_report_chatuchak_fy2565.txt"
FORMULA = '=HYPERLINK("http://example.invalid","คลิก")'
#: a page longer than an Excel cell holds
LONG_WORD = "ความสะอาด "


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("export-in")
    # a report whose text starts with a formula, and a bullet line a spreadsheet would run too
    text = REPORT.read_text(encoding="utf-8")
    (raw / "formula.txt").write_text(f"{FORMULA}\n- ร้อยละ 80 ของเป้าหมาย\n{text}", encoding="utf-8")
    (raw / "long.txt").write_text(LONG_WORD * 4000, encoding="utf-8")
    folder = tmp_path_factory.mktemp("export") / "out"
    files = [REPORT, REPO / "data" / "raw" / "project_progress_dindaeng_fy2565.txt", *sorted(raw.iterdir())]
    run_serial(files, Config(out_dir=folder, show_progress=False))
    return folder


def table(out: Path, name: str) -> pd.DataFrame:
    folder = (out / f"{name}.parquet").resolve()
    return pq.read_table(dataset_files(folder)).to_pandas()


def raingan(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["raingan", *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    captured = capsys.readouterr()
    return int(stopped.value.code or 0), captured.out + captured.err


def test_xlsx_reads_back_with_thai_dates_and_numbers(out: Path) -> None:
    report = export_tables(out, "xlsx")
    path = out / "export" / "raingan.xlsx"
    assert [f.path for f in report.files] == [path]
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert list(sheets)[:2] == ["about", "columns"]
    documents = table(out, "documents")
    read = sheets["documents"]
    assert len(read) == len(documents) == report.files[0].rows["documents"]
    assert list(read.columns) == list(documents.columns)
    chatuchak = documents[documents.source_path.str.endswith("kpi_report_chatuchak_fy2565.txt")].iloc[0]
    row = read[read.doc_id == chatuchak.doc_id].iloc[0]
    assert row.title == chatuchak.title and "ร้อยละ" in row.title  # Thai intact
    assert row.form == chatuchak.form == "kpi_report" and row.n_entries == chatuchak.n_entries
    assert int(row.fiscal_year_be) == 2565
    # every table's rows, and the entries' values as numbers
    for name, frame in sheets.items():
        if name not in ("about", "columns"):
            assert len(frame) == len(table(out, name)), name
    entries = table(out, "entries")
    assert sheets["entries"].progress_pct.dropna().tolist() == entries.progress_pct.dropna().tolist()

    book = openpyxl.load_workbook(path, read_only=True)
    dates = book["dates"]
    header = [c.value for c in next(dates.iter_rows(min_row=1, max_row=1))]
    value = header.index("value")
    first = next(dates.iter_rows(min_row=2, max_row=2))[value]
    assert first.is_date and first.number_format == "yyyy-mm-dd"  # a date cell, not text
    stored = table(out, "dates").value.iloc[0]
    assert first.value.date() == stored
    # the meanings of the columns, from the data dictionary
    meanings = {(r[0], r[1]): r[3] for r in book["columns"].iter_rows(min_row=2, values_only=True)}
    assert meanings[("documents", "doc_id")].startswith("sha256 of the file bytes")


def test_xlsx_text_is_never_a_formula_and_long_text_is_cut_with_a_note(out: Path, tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    report = export_tables(out, "xlsx", to=path, tables=["pages"])
    book = openpyxl.load_workbook(path)  # not read-only: the cells' types
    assert book.sheetnames == ["about", "columns", "pages"]
    sheet = book["pages"]
    header = [c.value for c in sheet[1]]
    text = header.index("text_raw") + 1
    values = [sheet.cell(row=r, column=text) for r in range(2, sheet.max_row + 1)]
    formula = [c for c in values if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert formula, "the page that starts with a formula"
    assert all(c.data_type == "s" for c in formula)  # text, not a formula
    assert formula[0].value.startswith(FORMULA)
    cut = [c for c in values if isinstance(c.value, str) and len(c.value) == cells.XLSX_CELL_CHARS]
    assert cut and cut[0].value.endswith("…")
    assert report.cut and report.cut[0].startswith("pages row ")
    about = [r[1] for r in book["about"].iter_rows(values_only=True) if r[1]]
    assert any("Excel's 32,767 characters" in str(v) for v in about)


def test_csv_has_a_bom_and_neutralises_formulas(out: Path) -> None:
    report = export_tables(out, "csv")
    folder = out / "export"
    assert sorted(f.path.name for f in report.files) == sorted(
        f"{t}.csv"
        for t in (
            *("documents", "entries", "metrics", "findings", "pages", "dates", "fields"),
            *("tables", "cells", "budget_items", "kpi_history"),
        )
    )
    raw = (folder / "pages.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads Thai as UTF-8
    with (folder / "pages.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pages = table(out, "pages")
    assert len(rows) == len(pages)
    starts = [r["text_raw"] for r in rows if "HYPERLINK" in r["text_raw"][:12]]
    assert starts and starts[0].startswith("'" + FORMULA)  # shown as text by a spreadsheet
    assert report.neutralised >= 1
    with (folder / "documents.csv").open(encoding="utf-8-sig", newline="") as handle:
        documents = list(csv.DictReader(handle))
    chatuchak = next(r for r in documents if r["source_path"].endswith("kpi_report_chatuchak_fy2565.txt"))
    assert chatuchak["fiscal_year_be"] == "2565"
    assert "ร้อยละ" in chatuchak["title"]
    with (folder / "dates.csv").open(encoding="utf-8-sig", newline="") as handle:
        first = next(csv.DictReader(handle))
    assert first["value"] == table(out, "dates").value.iloc[0].isoformat()


def test_parquet_files_equal_the_tables(out: Path, tmp_path: Path) -> None:
    report = export_tables(out, "parquet", to=tmp_path)
    for done in report.files:
        (name,) = done.rows
        single = pq.read_table(done.path)
        dataset = pq.read_table(dataset_files((out / f"{name}.parquet").resolve()))
        assert single.equals(dataset), name


def test_command_line(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = raingan(
        monkeypatch,
        capsys,
        "export",
        "--out",
        str(out),
        "--format",
        "csv",
        "--to",
        str(tmp_path),
        "--table",
        "entries",
    )
    assert code == 0, said
    assert [p.name for p in tmp_path.iterdir()] == ["entries.csv"]
    assert "entries.csv: entries" in said
    code, said = raingan(monkeypatch, capsys, "export", "--out", str(out), "--table", "nonesuch")
    assert code != 0 and "no table nonesuch" in said and "documents" in said
    code, said = raingan(monkeypatch, capsys, "export", "--out", str(tmp_path / "none"))
    assert code != 0 and "no tables in" in said


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("=1+1", True),
        ("@SUM(A1)", True),
        ("\tx", True),
        ("- ร้อยละ 80", True),
        ("+66 2 123", True),
        ("-5", False),
        ("-1,234.50", False),
        ("+80%", False),
        ("-", False),
        ("ร้อยละ 80", False),
        ("", False),
    ],
)
def test_what_a_spreadsheet_runs(text: str, runs: bool) -> None:
    assert cells.runs_as_formula(text) is runs
    assert cells.csv_text(text) == ("'" + text if runs else text)


def test_cell_values() -> None:
    assert cells.csv_cell(None) == ""
    assert cells.csv_cell(date(2022, 9, 30)) == "2022-09-30"
    assert cells.csv_cell(datetime(2022, 9, 30, 8, 5)) == "2022-09-30 08:05:00"
    assert cells.csv_cell(["ambiguous_order", "invalid"]) == "ambiguous_order; invalid"
    assert cells.csv_cell(True) == "true"
    assert cells.csv_cell(0.1) == "0.1"
    assert cells.xlsx_text("หน้า 1\x0cหน้า 2") == ("หน้า 1\u240cหน้า 2", False)
    assert cells.xlsx_number(float("nan")) == "nan"
