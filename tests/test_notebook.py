"""notebooks/explore.ipynb: stored clean, and run top to bottom in a kernel of the project's own python on
a real output (a clean corpus of three fiscal years, plus the seed reports when they are there), with its
chart and the audit's findings in its outputs."""

from __future__ import annotations

import base64
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from goldcheck import REPO, SEEDS
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from pipeline.audit import audit_output
from pipeline.config import Config
from pipeline.run.archive import ingest_archive

sys.path.insert(0, str(REPO / "bench"))
import archive

NOTEBOOK = REPO / "notebooks" / "explore.ipynb"


def _text(cell: Any) -> str:
    """Everything a code cell printed or displayed, as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "\n".join(parts)


def test_notebook_is_stored_clean() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.kernelspec.name == "python3"
    assert set(nb.metadata) <= {"kernelspec", "language_info"}, nb.metadata
    for cell in nb.cells:
        assert not cell.metadata, (cell.id, cell.metadata)
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"cell {cell.id} is stored with output"
            )


@pytest.fixture
def output(tmp_path: Path) -> tuple[Path, int]:
    """An audited output folder: the clean series, and the seeds (they bring warnings and errors)."""
    files = archive.clean_series(tmp_path / "in", years=3)
    if SEEDS.is_dir():
        files += sorted(SEEDS.glob("*.txt"))
    out = tmp_path / "out"
    ingest_archive(files, Config(out_dir=out, show_progress=False, workers=1))
    audit_output(out, html=True)
    return out, len(files)


@pytest.fixture
def kernel_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The python3 kernel is this interpreter (the venv's), whatever other python3 kernel is installed:
    its spec, written by ipykernel with sys.executable, comes first on JUPYTER_PATH. IPython's profile and
    the connection files stay in tmp."""
    jupyter = tmp_path / "jupyter"
    write_kernel_spec(jupyter / "kernels" / "python3")
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == sys.executable


def test_notebook_runs_on_a_real_output(
    output: tuple[Path, int], kernel_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, n_files = output
    out = out.resolve()  # as the notebook prints it
    monkeypatch.setenv("RAINGAN_OUT", str(out))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},  # the kernel's working folder
        extra_arguments=["--InteractiveShell.colors=nocolor"],  # plain tracebacks in the failure message
    )
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"a cell of {NOTEBOOK.name} raised:\n{error}", pytrace=False)

    cells = {cell.id: cell for cell in nb.cells if cell.cell_type == "code"}
    for cell in cells.values():
        stderr = [o["text"] for o in cell.outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
        assert not stderr, f"cell {cell.id} wrote to stderr: {stderr}"

    assert str(out) in _text(cells["setup"])
    assert re.search(rf"^documents\s+{n_files}\s", _text(cells["load"]), re.M), _text(cells["load"])
    assert re.search(r"start_date\s+date32", _text(cells["dtypes"]))
    assert "report_date" in _text(cells["one-document"])

    # every clean KPI or project is one series over the three fiscal years
    series = _text(cells["series-table"])
    assert len(re.findall(r"\s3\s+2563, 2564, 2565\s", series)) >= 5, series

    # the chart: one PNG
    images = [o for o in cells["kpi-chart"].outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1, _text(cells["kpi-chart"])
    assert base64.b64decode(images[0]["data"]["image/png"]).startswith(b"\x89PNG")

    counts, issues, sql = _text(cells["audit-counts"]), _text(cells["audit-issues"]), _text(cells["sql"])
    if SEEDS.is_dir():  # the seeds' defects: the project whose fiscal year contradicts its period, copies
        for code in ("duplicate_entry", "period_mismatch"):
            assert code in counts and code in issues and code in sql, (code, counts)
        assert re.search(r"error\s+period_mismatch\s+002_\w+\.txt", issues), issues
        assert "ที่ 29/2566 ลงวันที่ 25 มกราคม 2565" in issues  # the evidence column
    else:  # the clean corpus alone: nothing to warn about
        assert "No audit warnings or errors." in issues
    assert str(out / "audit.html") in _text(cells["audit-html"])
