"""Each command loads what its work needs and nothing more: the PDF and OCR libraries when a PDF is read or
a page OCR'd, pyarrow when a table is read or written, the parsers when a document is parsed.

Each case runs a fresh interpreter and looks at the modules it ended with (``sys.modules``): a command
started for a glance (``raingan --help``, ``raingan show`` of a text report, an ingest with nothing to
do) must not pay seconds of imports for work it does not do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TEXT_REPORT = REPO / "data" / "raw" / "kpi_report_chatuchak_fy2565.txt"
TEXT_LAYER_PDF = REPO / "data" / "raw" / "pdf" / "kpi_report_chatuchak_fy2565.pdf"

#: reading and rendering PDFs, and OCR's image work
PDF_AND_OCR = frozenset({"pypdfium2", "numpy", "scipy", "PIL"})
#: reading and writing the tables (pandas only for notebooks: pipeline.load)
TABLES = frozenset({"pyarrow", "pandas"})
#: the parsers' machinery (the light types they share with the pipeline are not in it)
PARSING = frozenset({"parsers.assemble", "parsers.registry", "parsers.document.pages", "pythainlp"})
QUERY = frozenset({"duckdb"})
#: the records (pydantic models), the reading code and the workers': a run that decodes no stored value
#: and reads no file needs none of them
RECORDS_AND_READING = frozenset(
    {
        "pydantic",
        "schemas.records",
        "parsers.rows",
        "pipeline.result",
        "pipeline.read.extract",
        "pipeline.read.sources",
        "parsers.text.layercheck",
        "pipeline.run.worker",
        "pipeline.run.pool",
        "wordlists",
        "regex",
    }
)

#: runs ``raingan ARGS...`` (its main, as the console script does) and writes the names of the modules
#: loaded when it ended to the file named first
_CLI = """
import json, sys
listing, args = sys.argv[1], json.loads(sys.argv[2])
sys.argv = ["raingan", *args]
try:
    from pipeline.cli import main
    main()
finally:
    with open(listing, "w") as f:
        json.dump(sorted(sys.modules), f)
"""


def _modules(tmp_path: Path, code: str, *args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    listing = tmp_path / "modules.json"
    run = subprocess.run(
        [sys.executable, "-c", code, str(listing), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert listing.exists(), run.stderr
    return set(json.loads(listing.read_text())), run


def _raingan(tmp_path: Path, *args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    loaded, run = _modules(tmp_path, _CLI, json.dumps(args))
    assert run.returncode == 0, run.stderr
    return loaded, run


def _top(loaded: set[str]) -> set[str]:
    """The packages of ``loaded`` (``numpy.linalg`` counts as numpy), and its modules as they are."""
    return loaded | {name.split(".")[0] for name in loaded}


def test_importing_the_command_line_loads_no_library_of_the_work(tmp_path: Path) -> None:
    listing = """
import json, sys
import pipeline.cli
with open(sys.argv[1], "w") as f:
    json.dump(sorted(sys.modules), f)
"""
    loaded, run = _modules(tmp_path, listing)
    assert run.returncode == 0, run.stderr
    assert _top(loaded) & (PDF_AND_OCR | TABLES | PARSING | QUERY | {"pydantic"}) == set()


def test_help_loads_no_library_of_the_work(tmp_path: Path) -> None:
    loaded, run = _raingan(tmp_path, "--help")
    assert "show" in run.stdout and "ingest" in run.stdout
    # not even pydantic: the options' defaults and choices are plain values (pipeline.defaults)
    assert _top(loaded) & (PDF_AND_OCR | TABLES | PARSING | QUERY | {"pydantic"}) == set()


def test_show_of_a_text_report_parses_it_without_pdf_ocr_or_tables(tmp_path: Path) -> None:
    loaded, run = _raingan(tmp_path, "show", str(TEXT_REPORT))
    assert "form=kpi_report" in run.stdout
    assert "parsers.assemble" in loaded  # it did parse: the case is not empty
    assert _top(loaded) & (PDF_AND_OCR | TABLES | QUERY) == set()


def test_a_pdf_read_by_the_child_process_loads_no_pdf_library_here(tmp_path: Path) -> None:
    """The child reads the text layer with PDFium; the parent puts the pages together without it."""
    code = """
import json, sys
from pathlib import Path
from pipeline.read.pdf_child import PdfWorker
with PdfWorker(30.0) as worker:
    source = worker.read(Path(sys.argv[2]))
assert not source.failed and source.pages and source.pages[0].strip(), source.problems
with open(sys.argv[1], "w") as f:
    json.dump(sorted(sys.modules), f)
"""
    loaded, run = _modules(tmp_path, code, str(TEXT_LAYER_PDF))
    assert run.returncode == 0, run.stderr
    assert _top(loaded) & (PDF_AND_OCR | TABLES | PARSING) == set()


def test_writing_a_table_does_not_load_pandas(tmp_path: Path) -> None:
    code = """
import json, sys
from pathlib import Path
import pyarrow.parquet as pq
from schemas.arrow import to_table
from schemas.enums import Severity, Stage
from schemas.records import Finding
row = Finding(doc_id="d", stage=Stage.READ, severity=Severity.INFO, code="text_repaired", message="m")
pq.write_table(to_table(Finding, [row]), Path(sys.argv[2]) / "findings.parquet")
with open(sys.argv[1], "w") as f:
    json.dump(sorted(sys.modules), f)
"""
    loaded, run = _modules(tmp_path, code, str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert "pyarrow" in loaded and "pandas" not in _top(loaded)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder of one text report, ingested and audited."""
    out = tmp_path_factory.mktemp("out")
    command = ["ingest", str(TEXT_REPORT), "--out", str(out), "--no-progress"]
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *command],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return out


def test_an_ingest_with_nothing_to_do_loads_no_library_of_the_work(ingested: Path, tmp_path: Path) -> None:
    # nor pydantic, the records, the readers or the workers' code: the run state keeps what the run
    # looks up (pipeline.store.state.RunState.formats), and the audit of audited tables loads nothing of
    # its work (pipeline.audit.run)
    for audit in ((), ("--no-audit",)):
        args = ("ingest", str(TEXT_REPORT), "--out", str(ingested), "--no-progress", *audit)
        loaded, run = _raingan(tmp_path, *args)
        assert "the tables were already up to date" in " ".join(run.stdout.split())
        assert ("the tables were audited already" in run.stdout) is not bool(audit)
        assert _top(loaded) & (PDF_AND_OCR | TABLES | PARSING | QUERY | RECORDS_AND_READING) == set()
        assert "multiprocessing" not in loaded  # no worker is started, nor the fork server
        assert "pipeline.ocr.runner" not in loaded  # the OCR engine's name is checked, the engine not loaded
        assert {
            "pipeline.run.archive",
            "pipeline.store.state",
        } <= loaded  # it did look: the case is not empty


def test_what_the_light_path_writes_out_agrees_with_its_source() -> None:
    """The table names and the parser version, written out or read from the source so that the ingest's
    look loads no records, are those of the records and the parsers."""
    from parsers.rows import PARSER_VERSION
    from pipeline.store.names import TABLES as TABLE_NAMES
    from pipeline.store.versions import parser_version
    from schemas.records import OUTPUT_TABLES

    assert tuple(model.table for model in OUTPUT_TABLES) == TABLE_NAMES
    assert parser_version() == PARSER_VERSION


def test_an_audit_of_audited_tables_reads_none(ingested: Path, tmp_path: Path) -> None:
    loaded, run = _raingan(tmp_path, "audit", "--out", str(ingested))
    assert "audited already" in run.stdout
    assert _top(loaded) & (PDF_AND_OCR | TABLES | PARSING | QUERY | RECORDS_AND_READING) == set()
    assert "pipeline.audit.work" not in loaded


def test_an_audit_reads_the_tables_without_pandas(ingested: Path, tmp_path: Path) -> None:
    loaded, run = _raingan(tmp_path, "audit", "--out", str(ingested), "--force", "--no-html")
    assert "audit:" in run.stdout
    assert "pyarrow" in loaded  # it did read the tables (pyarrow loads numpy)
    assert _top(loaded) & ({"pandas"} | (PDF_AND_OCR - {"numpy"}) | PARSING | QUERY) == set()


def test_sql_loads_duckdb_alone(ingested: Path, tmp_path: Path) -> None:
    loaded, run = _raingan(tmp_path, "sql", "SELECT count(*) AS n FROM documents", "--out", str(ingested))
    assert "duckdb" in loaded and " 1 " in run.stdout
    assert _top(loaded) & (PDF_AND_OCR | TABLES | PARSING) == set()
