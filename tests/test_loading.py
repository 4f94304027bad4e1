"""Notebook users: typed tables (``from pipeline import load``) and ``raingan sql``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from goldcheck import REPO

from pipeline import load
from pipeline.cli import cli
from pipeline.config import Config
from pipeline.errors import NoInputError
from pipeline.run.archive import ingest_archive
from pipeline.run.inputs import collect_inputs


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    config = Config(out_dir=folder, show_progress=False, workers=1)
    files = [f for f in collect_inputs([REPO / "data" / "raw"], config).files if f.suffix != ".pdf"]
    ingest_archive(files, config)
    return folder


def test_load_gives_typed_tables(out: Path) -> None:
    tables = load(out)
    assert set(tables) == {
        "documents",
        "entries",
        "metrics",
        "findings",
        "pages",
        "dates",
        "fields",
        "tables",
        "cells",
        "budget_items",
        "kpi_history",
    }
    docs, entries, findings = tables.documents, tables.entries, tables.findings
    assert docs["fiscal_year_be"].dtype == "Int64" and docs["fiscal_year_be"].isna().any()
    assert docs["form"].dtype.categories.tolist() == [
        "kpi_report",
        "project_progress",
        "kpi_detail",
        "project_progress_web",
        "agency_performance",
        "budget",
        "unknown",
    ]
    assert findings["severity"].dtype.ordered and (findings["severity"].max() == "error")
    assert entries["report_date"].dtype == pd.ArrowDtype(__import__("pyarrow").date32())
    first = entries.sort_values(["doc_id", "entry_no"]).dropna(subset=["report_date"]).iloc[0]
    assert isinstance(first["report_date"], date)
    assert docs["target_unit"].dtype == "category" and "%" in set(docs["target_unit"].dropna())
    joined = entries.merge(docs[["doc_id", "form"]], on="doc_id", validate="many_to_one")
    assert len(joined) == len(entries) > 50


def test_load_without_output_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NoInputError, match="no documents table"):
        load(tmp_path)


def test_sql_over_the_tables(out: Path) -> None:
    runner = CliRunner()
    query = "SELECT form, count(*) AS n FROM documents WHERE status = 'ok' GROUP BY form ORDER BY form"
    result = runner.invoke(cli, ["sql", query, "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)  # one JSON array
    docs = load(out).documents
    expected = docs[docs["status"] == "ok"].groupby("form", observed=True).size()
    assert rows == sorted(
        ({"form": form, "n": int(n)} for form, n in expected.items()), key=lambda r: r["form"]
    )
    assert len(rows) == 6  # the six forms of the sample archive that read without an error
    joined = runner.invoke(
        cli,
        [
            "sql",
            "SELECT count(*) FROM entries JOIN documents USING (doc_id)",
            "--out",
            str(out),
            "--format",
            "csv",
        ],
    )
    assert joined.output.splitlines()[1] == str(len(load(out).entries))
    bad = runner.invoke(cli, ["sql", "SELEC 1", "--out", str(out)])
    assert bad.exit_code != 0 and "the query failed" in bad.output


def test_the_readmes_pandas_example_reads_typed_columns(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    output = readme[readme.index("## Output") :]
    code = output[output.index("```python\n") + len("```python\n") :]
    code = code[: code.index("```")].replace("data/out", str(out))
    scope: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), scope)
    docs, entries = scope["docs"], scope["entries"]
    assert isinstance(docs, pd.DataFrame) and isinstance(entries, pd.DataFrame)
    assert str(docs.fiscal_year_be.dtype) == "int64[pyarrow]"
    assert str(docs.start_date.dtype) == "date32[day][pyarrow]"
    assert str(entries.report_date.dtype) == "date32[day][pyarrow]"
    assert isinstance(entries.report_date.dropna().iloc[0], date)
    assert 2565 in set(entries.fiscal_year_be.dropna())
