"""The command line end to end: Parquet tables pandas reads, one documents row per file, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.errors import ExitCode
from schemas.arrow import arrow_schema
from schemas.records import TABLES

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"


def raingan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    run = raingan("ingest", str(RAW), "--out", str(out), "--no-progress")
    assert run.returncode == 0, run.stderr
    assert "documents" in run.stdout
    return out


def test_every_table_written_with_the_derived_schema(sample_out: Path) -> None:
    for model in TABLES:
        table = pq.read_table(sample_out / f"{model.table}.parquet")
        assert table.schema.remove_metadata() == arrow_schema(model).remove_metadata(), model.table


def test_one_documents_row_per_input_file(sample_out: Path) -> None:
    docs = pd.read_parquet(sample_out / "documents.parquet")
    inputs = sorted(
        p
        for p in RAW.rglob("*")
        if p.is_file() and p.suffix in {".txt", ".html", ".htm", ".pdf", ".docx", ".xlsx"}
    )
    # 15 text reports and web pages, a Word document and a workbook, 13 PDFs rendered from the readable
    # ones (data/raw/pdf), one scan
    assert len(inputs) == 31
    assert sorted(Path(p).relative_to(REPO).as_posix() for p in docs["source_path"]) == sorted(
        p.relative_to(REPO).as_posix() for p in inputs
    )
    pdfs = docs[docs["source_format"] == "pdf"]
    assert len(pdfs) == 14 and set(pdfs["status"]) <= {"ok", "partial"}
    failed = docs[docs["status"] == "failed"]
    assert set(failed["source_path"].map(lambda p: Path(p).name)) == {"empty.txt", "corrupt_binary_junk.txt"}
    # 12 text reports of a known form, their 12 PDFs, the scan, the Word rendition of one of them
    assert (docs.loc[docs["status"] != "failed", "form"] != "unknown").sum() == 26
    pages = pd.read_parquet(sample_out / "pages.parquet").merge(
        docs[["doc_id", "source_format"]], on="doc_id"
    )
    pdf_pages = pages[pages["source_format"] == "pdf"]
    layer = pdf_pages[pdf_pages["text_source"] == "text_layer"]
    assert len(layer) == 31 and layer["quality"].min() >= 0.97 and layer["ocr_confidence"].isna().all()
    scanned = pdf_pages[pdf_pages["text_source"] == "ocr"]  # data/raw/scan: two scanned sheets
    assert len(scanned) == 2 and scanned["quality"].min() >= 0.9 and scanned["ocr_confidence"].min() > 80


def test_pandas_reads_types(sample_out: Path) -> None:
    entries = pd.read_parquet(sample_out / "entries.parquet")
    dated = entries.dropna(subset=["report_date"])
    assert len(dated) > 20
    assert str(entries["quarter"].dtype) in {"Int64", "float64", "int64"}
    metrics = pd.read_parquet(sample_out / "metrics.parquet")
    assert set(metrics["kind"]) <= {"percent", "count", "money", "score"}
    assert metrics["value"].dtype == "float64"


def test_failed_documents_have_an_error_finding(sample_out: Path) -> None:
    docs = pd.read_parquet(sample_out / "documents.parquet")
    findings = pd.read_parquet(sample_out / "findings.parquet")
    for doc_id in docs.loc[docs["status"] == "failed", "doc_id"]:
        mine = findings[(findings["doc_id"] == doc_id) & (findings["severity"] == "error")]
        assert len(mine) >= 1 and mine["message"].str.len().min() > 10


def test_missing_input_exits_3_with_advice(tmp_path: Path) -> None:
    run = raingan("ingest", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert run.returncode == 3
    assert "input not found" in run.stderr and "what to do" in run.stderr


def test_folder_without_reports_exits_3(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    run = raingan("ingest", str(tmp_path), "--out", str(tmp_path / "o"))
    assert run.returncode == 3


def test_unwritable_output_exits_4(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    run = raingan("ingest", str(RAW / "empty.txt"), "--out", str(blocker / "out"))
    assert run.returncode == 4
    assert "output folder" in run.stderr


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert raingan("ingest", str(RAW)).returncode == 2


def test_rerun_replaces_tables(sample_out: Path) -> None:
    before = pd.read_parquet(sample_out / "documents.parquet")
    run = raingan("ingest", str(RAW / "empty.txt"), "--out", str(sample_out), "--no-progress")
    assert run.returncode == 0
    after = pd.read_parquet(sample_out / "documents.parquet")
    assert len(after) == 1 and len(before) > 1
    assert not list(sample_out.glob(".*.tmp-*"))


def test_show_prints_values_with_their_source() -> None:
    report = next(RAW.glob("project_progress_*.txt"))
    run = raingan("show", str(report))
    assert run.returncode == 0, run.stderr
    assert "form=project_progress" in run.stdout
    assert "[" in run.stdout and "บาท" in run.stdout  # a snippet with the value bracketed


def test_page_timeout_option_leaves_a_slow_page_empty(tmp_path: Path) -> None:
    from test_pdf import make_slow_pdf

    make_slow_pdf(tmp_path / "slow.pdf")
    run = raingan("ingest", str(tmp_path / "slow.pdf"), "--out", str(tmp_path / "o"), "--page-timeout", "0.1")
    assert run.returncode == 0, run.stderr
    findings = pd.read_parquet(tmp_path / "o" / "findings.parquet")
    assert list(findings.loc[findings["stage"] == "read", "code"]) == ["pdf_page_timeout"]
    assert pd.read_parquet(tmp_path / "o" / "documents.parquet")["status"].tolist() == ["partial"]


def test_scan_strengths_of_the_command_line_are_the_generators() -> None:
    from pipeline.cli import STRENGTHS
    from tools.scan_page import Strength

    assert set(STRENGTHS) == {s.value for s in Strength} and STRENGTHS[0] == Strength.OFFICE.value


def test_the_generators_say_how_to_install_their_extra(tmp_path: Path) -> None:
    """``raingan corpus`` and ``raingan scans`` need the tools extra (fpdf2): without it, an exit code
    and how to install it, not a traceback."""
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\n"
        "class _NoFpdf:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'fpdf':\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, _NoFpdf())\n",
        encoding="utf-8",
    )
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(tmp_path)}
    for command in ("corpus", "scans"):
        run = subprocess.run(
            [sys.executable, "-m", "pipeline.cli", command, str(RAW), "--out", str(tmp_path / command)],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
            env=env,
        )
        assert run.returncode == ExitCode.MISSING_TOOL, run.stderr
        assert "fpdf2" in run.stderr and "pip install -e '.[tools]'" in run.stderr
        assert "Traceback" not in run.stderr


def test_files_not_read_are_named_and_finding_counts_add_up(tmp_path: Path) -> None:
    import json
    import re

    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    for name in ("kpi_report_chatuchak_fy2565.txt", "project_progress_dindaeng_fy2565.txt"):
        (inputs / name).write_bytes((RAW / name).read_bytes())
    (inputs / "รายงาน.odt").write_bytes(b"PK\x03\x04 not read")
    (inputs / "sub" / "budget.ods").write_bytes(b"PK\x03\x04")
    (inputs / "notes").write_text("no suffix", encoding="utf-8")
    out = tmp_path / "out"
    run = raingan("ingest", str(inputs), "--out", str(out), "--no-progress")
    assert run.returncode == 0, run.stderr
    said = run.stdout.replace("\n", " ")
    assert "not read 3 files of a type raingan does not read" in said
    for name in ("รายงาน.odt", "budget.ods", "notes"):
        assert name in said
    log = next((out / "logs").glob("*.jsonl"))
    started = json.loads(log.read_text(encoding="utf-8").splitlines()[0])
    assert sorted(Path(p).name for p in started["not_read"]) == ["budget.ods", "notes", "รายงาน.odt"]
    # the summary's findings, the audit's and the findings table: the same count, each said what it is
    ingest = re.search(r"findings of reading and parsing: (\d+) error, (\d+) warning, (\d+) info", said)
    audit = re.search(r"audit: (\d+) findings .*the findings table holds (\d+): these and the (\d+) of", said)
    assert ingest and audit, said
    rows = pd.read_parquet(out / "findings.parquet")
    read_parse = sum(map(int, ingest.groups()))
    assert int(audit.group(3)) == read_parse == int((rows.stage != "audit").sum())
    assert int(audit.group(1)) == int((rows.stage == "audit").sum())
    assert int(audit.group(2)) == len(rows)
