"""Crash safety: ``kill -9`` an ingest in the middle of its work; the previous tables must still be there,
readable and unchanged, and the next run must finish the work without redoing what was done."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from goldcheck import REPO

from pipeline.store.parquet import leftovers
from schemas.records import OUTPUT_TABLES, TABLES

RAW = REPO / "data" / "raw"


def ingest(inputs: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "ingest",
        str(inputs),
        "--out",
        str(out),
        "--no-progress",
    ]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO, env=env
    )


def finish(process: subprocess.Popen[str]) -> str:
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output
    return output


def snapshot(out: Path) -> dict[str, pd.DataFrame]:
    return {m.table: pd.read_parquet(out / f"{m.table}.parquet") for m in TABLES}


def documents_logged(out: Path, since: set[Path]) -> int:
    logs = [p for p in (out / "logs").glob("*.jsonl") if p not in since]
    lines = logs[0].read_text(encoding="utf-8").splitlines() if logs else []
    return sum(1 for line in lines if line and json.loads(line)["event"] == "document")


def test_kill_9_mid_run_keeps_the_old_tables_and_the_next_run_completes(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for path in sorted(RAW.glob("kpi_*.txt")) + sorted(RAW.glob("project_*.txt")):
        shutil.copy(path, inputs / path.name)
    finish(ingest(inputs, out))
    before = snapshot(out)
    first_docs = len(before["documents"])

    # more work: 60 distinct PDFs (the sample PDFs, each made different by a trailing comment)
    more = inputs / "more"
    more.mkdir()
    samples = sorted((RAW / "pdf").glob("*.pdf"))
    for i in range(60):
        source = samples[i % len(samples)]
        (more / f"{source.stem}-{i:02d}.pdf").write_bytes(source.read_bytes() + f"\n%copy {i}\n".encode())
    old_logs = set((out / "logs").glob("*.jsonl"))
    running = ingest(inputs, out)
    deadline = time.monotonic() + 300
    while documents_logged(out, old_logs) < 5:
        assert running.poll() is None, "the run ended before it could be killed: " + running.stdout.read()  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(running.pid, signal.SIGKILL)
    running.wait(timeout=30)
    assert running.returncode == -signal.SIGKILL
    done_before_kill = documents_logged(out, old_logs)

    # the previous tables: there, readable, unchanged
    for model in TABLES:
        pq.read_table(out / f"{model.table}.parquet")
    after_kill = snapshot(out)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, after_kill[name], obj=name)

    # the next run completes the work and does not redo what the killed run finished
    output = finish(ingest(inputs, out))
    work = re.search(r"work: (\d+) read, (\d+) re-parsed, (\d+) unchanged", output)
    assert work is not None, output
    read, reparsed, unchanged = map(int, work.groups())
    assert unchanged >= first_docs + done_before_kill
    assert read + unchanged == first_docs + 60 and reparsed == 0
    final = snapshot(out)
    assert len(final["documents"]) == first_docs + 60
    assert "failed" not in set(final["documents"]["status"])
    # the killed run's half-written tables were cleaned up: the last run's and the last audit's are
    # linked, and the rest are those replaced a moment ago, kept for readers
    assert leftovers(out) == []
    linked = {Path(os.path.realpath(out / f"{m.table}.parquet")).parent.name for m in OUTPUT_TABLES}
    assert sorted(name.startswith("audit-") for name in linked) == [False, True], linked


def _marked(mark: str) -> list[int]:
    """The processes whose environment carries ``mark`` (the run and everything it started)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if mark.encode() in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def test_sigterm_during_ocr_stops_everything_and_cleans_up(tmp_path: Path) -> None:
    """SIGTERM (systemd, a scheduler, `timeout`) is handled as Ctrl-C: a message, exit 143, no worker
    or tesseract left running, no page image left in the temporary folder."""
    inputs, out, tmp = tmp_path / "in", tmp_path / "out", tmp_path / "tmp"
    inputs.mkdir()
    tmp.mkdir()
    scan = (RAW / "scan" / "kpi_detail_flat_fy2567.pdf").read_bytes()
    for i in range(4):  # four scans of different bytes, so that each is OCR'd
        (inputs / f"scan{i}.pdf").write_bytes(scan + f"\n% copy {i}\n".encode())
    mark = f"raingan-test-{os.getpid()}-{time.monotonic_ns()}"
    env = {**os.environ, "TMPDIR": str(tmp), "RAINGAN_TEST_MARK": mark}
    run = ingest(inputs, out, env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(
        b"tesseract" in Path(f"/proc/{pid}/cmdline").read_bytes()
        for pid in _marked(mark)
        if Path(f"/proc/{pid}").exists()
    ):
        time.sleep(0.1)
    assert time.monotonic() < deadline, "OCR never started"
    started = time.monotonic()
    run.send_signal(signal.SIGTERM)
    output, _ = run.communicate(timeout=60)
    assert run.returncode == 143, output
    assert time.monotonic() - started < 15
    assert "stopped by SIGTERM" in output and "Traceback" not in output
    time.sleep(1)
    assert _marked(mark) == []
    assert list(tmp.iterdir()) == []
