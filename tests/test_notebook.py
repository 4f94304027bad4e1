"""notebooks/explore.ipynb: stored clean, and run top to bottom in a kernel of the project's own python on
a real output (a clean corpus of three fiscal years, plus the seed reports when they are there), with its
chart and the audit's findings in its outputs."""

from __future__ import annotations

import base64
import os
import re
import shutil
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
    """An audited output folder: the clean series, a workbook (tables), and the seeds (they bring warnings
    and errors)."""
    files = archive.clean_series(tmp_path / "in", years=3)
    files.append(REPO / "data" / "raw" / "kpi_workbook_phasicharoen_fy2565_2568.xlsx")  # its tables
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

    # a table back as a grid, and its values with their headers
    grid = _text(cells["table-grid"])
    assert "ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไขภายในเวลาที่กำหนด" in grid, grid
    assert re.search(r"81\.25\s+%", grid), grid

    counts, issues, sql = _text(cells["audit-counts"]), _text(cells["audit-issues"]), _text(cells["sql"])
    if SEEDS.is_dir():  # the seeds' defects: the project whose fiscal year contradicts its period, copies
        for code in ("duplicate_entry", "period_mismatch"):
            assert code in counts and code in issues and code in sql, (code, counts)
        assert re.search(r"error\s+period_mismatch\s+002_\w+\.txt", issues), issues
        assert "ที่ 29/2566 ลงวันที่ 25 มกราคม 2565" in issues  # the evidence column
    else:  # the clean corpus alone: nothing to warn about
        assert "No audit warnings or errors." in issues
    assert str(out / "audit.html") in _text(cells["audit-html"])


def test_make_notebook_serves_it_from_the_projects_environment(tmp_path: Path) -> None:
    """``make notebook`` starts JupyterLab of the project's venv on the notebook, with RAINGAN_OUT set to
    the output folder and the venv's python as the kernel (here without a browser, on a free port)."""
    import json
    import os
    import signal
    import socket
    import subprocess
    import time
    import urllib.request

    out = tmp_path / "out"
    ingest_archive(
        [REPO / "data" / "raw" / "kpi_report_chatuchak_fy2565.txt"], Config(out_dir=out, show_progress=False)
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "raingan-test"
    args = f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} --IdentityProvider.token={token}"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "HOME": str(tmp_path)}
    server = subprocess.Popen(
        ["make", "--no-print-directory", "notebook", f"OUT={out}", f"NOTEBOOK_ARGS={args}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/api"

    def get(path: str) -> Any:
        with urllib.request.urlopen(f"{base}{path}?token={token}", timeout=5) as answer:
            return json.load(answer)

    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                notebook = get("/contents/explore.ipynb")  # the root is the notebook's folder
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "JupyterLab did not answer in 90 s"
                time.sleep(0.5)
        assert notebook["type"] == "notebook" and notebook["name"] == "explore.ipynb"
        kernel = get("/kernelspecs")["kernelspecs"]["python3"]["spec"]
        lab = [
            int(pid)
            for pid in os.listdir("/proc")
            if pid.isdigit() and _in_session(int(pid), server.pid) and "jupyter-lab" in _command(int(pid))
        ]
        assert lab, "no JupyterLab process"
        environment = _environ(lab[0])
        assert environment.get("RAINGAN_OUT") == str(out)
        # the kernel is the venv's python, as the server finds it
        found = shutil.which(kernel["argv"][0], path=environment["PATH"])
        assert found and Path(found).parent == REPO / ".venv" / "bin", found
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _in_session(pid: int, session: int) -> bool:
    try:
        return os.getsid(pid) == session
    except OSError:
        return False


def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}
