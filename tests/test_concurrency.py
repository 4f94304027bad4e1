"""One run at a time per output folder (issue 16): the lock ``OUT/.raingan/lock``, and deletes that stay
inside ``OUT/.raingan/runs``.

Found before the lock: two ``raingan ingest`` runs on one --out both exited 0 and the published
documents table held 39, 87 or 20 of 92 rows (each publish deleted the other run's half-written
datasets), and a third run called the short table up to date. Here two runs are started together again
and again: exactly one works, the other exits at once with code 6 and names it, and the tables hold
every document exactly once. ``pytest -s`` prints each trial's time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from goldcheck import REPO

from pipeline.errors import ExitCode, OutputInUseError, OutsideOutputError
from pipeline.store import replaced
from pipeline.store.lock import hold_output, lock_path
from pipeline.store.parquet import SnapshotWriter, leftovers, remove_unlinked, runs_dir
from pipeline.store.removal import remove
from schemas.records import OUTPUT_TABLES, Finding, KpiHistory, Record

RAW = REPO / "data" / "raw"
#: the small archive: text exports and web pages of every form, an unreadable file and an empty one
ARCHIVE = (
    "agency_performance_bangkapi.txt",
    "corrupt_binary_junk.txt",
    "empty.txt",
    "kpi_detail_environment_fy2565.txt",
    "kpi_detail_finance_fy2564.html",
    "kpi_report_chatuchak_fy2565.txt",
    "project_progress_dindaeng_fy2565.txt",
    "project_progress_web_bangkapi_fy2566.txt",
)
TRIALS = 20
#: seconds the winner of a trial keeps the lock after its ingest (so that the other run, released at the
#: same instant, finds it taken even on a loaded machine); an ingest over unchanged files takes ~0.3 s
HOLD_S = 0.5
#: wide enough that rich does not wrap the messages the tests read
ENV = {**os.environ, "COLUMNS": "4000"}

#: ``raingan`` itself (pipeline.cli.main), started by the test: imports first, says "ready", waits for a
#: line on stdin, then runs, so that two runs start their work at the same instant; the ingest is
#: followed by HOLD_S seconds under the command's lock
LAUNCHER = f"""\
import sys, time
import pipeline.cli as cli
import pipeline.run.progress as progress

ingest_archive = progress.ingest_archive


def ingest_then_hold(*args, **kwargs):
    report = ingest_archive(*args, **kwargs)
    time.sleep({HOLD_S})  # still inside the command's hold of the lock
    return report


if __name__ == "__main__":  # not in the worker processes, which import this script again
    progress.ingest_archive = ingest_then_hold
    print("ready", flush=True)
    sys.stdin.readline()
    cli.main()
"""


@pytest.fixture
def launcher(tmp_path: Path) -> Path:
    """The launcher, as a script named ``raingan`` (the lock records ``raingan ingest …``)."""
    path = tmp_path / "bin" / "raingan"
    path.parent.mkdir()
    path.write_text(LAUNCHER, encoding="utf-8")
    return path


def spawn(launcher: Path, *args: str) -> list[subprocess.Popen[str]]:
    """Two runs of ``raingan ARGS``, importing; they wait for :func:`release`."""
    return [
        subprocess.Popen(
            [sys.executable, str(launcher), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=ENV,
        )
        for _ in range(2)
    ]


def release(runs: list[subprocess.Popen[str]]) -> None:
    """Once both have imported, let both go at the same instant."""
    for run in runs:
        assert run.stdout is not None and run.stdout.readline() == "ready\n", run.communicate()
    for run in runs:
        assert run.stdin is not None
        run.stdin.write("go\n")
        run.stdin.flush()


def finish(runs: list[subprocess.Popen[str]]) -> list[tuple[int, int, str, str]]:
    """(pid, exit code, stdout, stderr) of each run."""
    done = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        done.append((run.pid, run.returncode, out, err))
    return done


def dead_pid() -> int:
    """The pid of a process that has ended."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(gone.stdout)


def stale_record(out: Path, pid: int) -> None:
    """The lock file as a killed holder leaves it: its record, and no lock."""
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"pid": pid, "host": socket.gethostname(), "started": "2026-01-01 00:00:00+07:00"}
    path.write_text(json.dumps({**record, "command": "raingan ingest old --out there"}) + "\n")


def notice(pid: int) -> str:
    """What the run that takes over ``stale_record``'s lock says."""
    taken = f"notice: taken over the lock of pid {pid} (raingan ingest old --out there)"
    return taken + ", which is no longer running"


def raingan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=ENV,
        timeout=300,
    )


def linked_runs(out: Path) -> set[str]:
    """The run folders the tables of ``out`` link into."""
    return {Path(os.path.realpath(out / f"{m.table}.parquet")).parent.name for m in OUTPUT_TABLES}


def test_two_ingests_started_together_one_works_the_other_is_refused(tmp_path: Path, launcher: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for name in ARCHIVE:
        shutil.copy(RAW / name, inputs / name)
    args = ("ingest", str(inputs), "--out", str(out), "--workers", "1", "--no-progress", "--no-audit")
    counts: dict[str, int] = {}
    started = time.monotonic()
    pair = spawn(launcher, *args)
    try:
        for trial in range(TRIALS):
            at = time.monotonic()
            # trial 0 reads every file (the winner works for seconds, its workers start); each later
            # trial renames a file first, so that the winner writes and publishes the tables again
            # (from the stored results: no worker) while the other run tries to start
            if trial:
                name = ARCHIVE[trial % len(ARCHIVE)]
                current = next(inputs.glob(f"{Path(name).stem}*"))
                current.rename(inputs / f"{Path(name).stem}-{trial}{current.suffix}")
            gone = None
            if trial == TRIALS // 2:  # a killed run's record in the lock file: the winner takes it over
                gone = dead_pid()
                stale_record(out, gone)
            release(pair)
            runs, pair = pair, (spawn(launcher, *args) if trial + 1 < TRIALS else [])  # imports overlap
            check_race(finish(runs), args, gone)
            counts = check_tables(out, inputs, counts)
            # the refused run wrote nothing: one log per winning run, the last run's datasets (and those
            # it replaced a moment ago, kept for readers) only
            assert len(list((out / "logs").glob("*.jsonl"))) == trial + 1
            assert len(linked_runs(out)) == 1 and leftovers(out) == []
            assert lock_path(out).read_text() == ""  # released cleanly
            print(f"trial {trial}: {time.monotonic() - at:.1f} s")
    finally:
        for run in pair:
            run.kill()
            run.communicate()
    print(f"{TRIALS} trials in {time.monotonic() - started:.1f} s")


def check_race(runs: list[tuple[int, int, str, str]], args: tuple[str, ...], stale: int | None) -> None:
    """One run worked and exited 0, the other exited at once with code 6 and named it."""
    assert sorted(code for _, code, _, _ in runs) == [ExitCode.OK, ExitCode.OUT_IN_USE], runs
    (winner, _, won, won_err), (_, _, _, refused) = sorted(runs, key=lambda r: r[1])
    out = args[args.index("--out") + 1]
    assert "documents in" in won, won
    assert f"error: another raingan (pid {winner} on {socket.gethostname()}, started " in refused, refused
    assert f"`raingan {' '.join(args)}`) is working on {out}\n" in refused, refused
    assert (
        f"what to do: wait for it to finish, then run again, or check that process (`ps -fp {winner}`"
        in refused
    )
    if stale is not None:
        assert notice(stale) in won_err, won_err
    else:
        assert "notice" not in won_err, won_err


def check_tables(out: Path, inputs: Path, counts: dict[str, int]) -> dict[str, int]:
    """Every input file has exactly one documents row, every row of another table belongs to one, and
    each table has as many rows as after the first trial (the same documents, moved)."""
    docs = pd.read_parquet(out / "documents.parquet")
    assert sorted(docs["source_path"]) == sorted(str(p) for p in inputs.iterdir())
    assert docs["doc_id"].is_unique
    now = {"documents": len(docs)}
    for table in ("entries", "metrics", "findings", "pages", "dates", "fields"):
        frame = pd.read_parquet(out / f"{table}.parquet")
        assert set(frame["doc_id"]) <= set(docs["doc_id"]), table
        now[table] = len(frame)
    assert now["entries"] > 0
    assert not counts or now == counts
    return now


def published(out: Path) -> Path:
    """An output folder with empty tables, published the way a run does (under the lock)."""
    with hold_output(out):
        SnapshotWriter(out).publish()
    return out


def test_a_stale_lock_is_taken_over_with_a_notice(tmp_path: Path) -> None:
    out = published(tmp_path / "out")
    gone = dead_pid()
    stale_record(out, gone)
    run = raingan("audit", "--out", str(out), "--no-html")
    assert run.returncode == ExitCode.OK, run.stderr
    assert notice(gone) in run.stderr
    assert lock_path(out).read_text() == ""
    # in a process: the lease names what it took over, once (a nested hold does not say it again)
    stale_record(out, gone)
    with hold_output(out) as lease:
        assert lease.taken_over is not None and lease.taken_over.pid == gone
        assert lease.notice is not None and f"pid {gone} " in lease.notice
        record = json.loads(lock_path(out).read_text())
        assert record["pid"] == os.getpid() and record["host"] == socket.gethostname()
        with hold_output(out) as inner:
            assert inner.nested and inner.notice is None


def test_audit_is_refused_while_an_ingest_holds_the_lock(tmp_path: Path) -> None:
    out = published(tmp_path / "out")
    findings = os.readlink(out / "findings.parquet")
    # the datasets of a run still writing (not linked yet): what an unlocked publish used to delete
    writing = runs_dir(out) / "20260101T000000-abcdef" / "documents.parquet"
    writing.mkdir(parents=True)
    (writing / "fy2566.parquet").write_bytes(b"half-written")
    with hold_output(out):
        run = raingan("audit", "--out", str(out))
        assert run.returncode == ExitCode.OUT_IN_USE, run.stderr
        assert f"error: another raingan (pid {os.getpid()} on {socket.gethostname()}, started " in run.stderr
        assert f"is working on {out}\n" in run.stderr
        assert writing.is_dir() and os.readlink(out / "findings.parquet") == findings
        assert not (out / "audit.html").exists()
    # the lock is free: the audit runs, and the folder of the run that is gone is a leftover, deleted
    run = raingan("audit", "--out", str(out), "--no-html")
    assert run.returncode == ExitCode.OK, run.stderr
    assert not writing.parent.exists()


def test_the_lock_is_reentrant_in_its_thread_and_refused_to_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    refused: list[BaseException] = []

    def other_thread() -> None:
        try:
            with hold_output(out):
                pass
        except OutputInUseError as exc:
            refused.append(exc)

    with hold_output(out) as outer, hold_output(out) as inner:
        assert not outer.nested and inner.nested
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert len(refused) == 1 and "another thread of this process" in str(refused[0])
    with hold_output(out) as again:  # released after the outer hold
        assert not again.nested and again.taken_over is None


def test_publishing_without_the_lock_is_a_bug(tmp_path: Path) -> None:
    """Deleting the datasets no table links to is safe only for the one run on the folder."""
    out = published(tmp_path / "out")
    with pytest.raises(RuntimeError, match="without holding its lock"):
        SnapshotWriter(out).publish()
    with pytest.raises(RuntimeError, match="without holding its lock"):
        remove_unlinked(out)


HOLDER = """\
import os, sys, time
from pathlib import Path
from pipeline.store.lock import hold_output

with hold_output(Path(sys.argv[1])):
    child = os.fork()
    if child == 0:  # a worker forked while the lock is held (multiprocessing's fork, say): outlives us
        time.sleep(60)
        os._exit(0)
    print(child, flush=True)
    time.sleep(60)
"""


def test_the_lock_dies_with_its_process_not_with_its_forked_children(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert holder.stdout is not None
    child = int(holder.stdout.readline())
    try:
        with pytest.raises(OutputInUseError, match=f"pid {holder.pid} "), hold_output(out):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        with hold_output(out) as lease:  # the forked child still runs, and does not hold the lock
            assert lease.taken_over is not None and lease.taken_over.pid == holder.pid
            assert lease.notice is not None and lease.notice.endswith("which is no longer running")
    finally:
        os.kill(child, signal.SIGKILL)


def test_audit_refuses_a_table_link_that_leads_outside_out(tmp_path: Path) -> None:
    out = published(tmp_path / "out")
    elsewhere = tmp_path / "someone_elses" / "findings.parquet"
    shutil.copytree(out / "findings.parquet", elsewhere)
    kept = sorted(p.name for p in elsewhere.iterdir())
    link = out / "findings.parquet"
    link.unlink()
    link.symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.name for p in runs_dir(out).iterdir())
    run = raingan("audit", "--out", str(out))
    assert run.returncode == ExitCode.OUTPUT_NOT_WRITABLE, run.stderr
    assert f"{link} links to {elsewhere}, outside {runs_dir(out)}" in run.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == kept  # the outside folder: still there, whole
    assert os.readlink(link) == str(elsewhere)
    assert sorted(p.name for p in runs_dir(out).iterdir()) == before and not (out / "audit.html").exists()


def test_deletes_stay_inside_the_runs_folder(tmp_path: Path) -> None:
    out = published(tmp_path / "out")
    runs = runs_dir(out)
    outside = tmp_path / "keep"
    outside.mkdir()
    (outside / "data.parquet").write_bytes(b"not raingan's")
    for path in (outside, runs / ".." / ".." / ".." / "keep", runs):
        with pytest.raises(OutsideOutputError, match="nothing was deleted"):
            remove(path, runs)
    # a link among the runs that leads outside: the link goes, what it points at stays
    (runs / "a-link").symlink_to(outside, target_is_directory=True)
    with hold_output(out):
        remove_unlinked(out)
    assert not (runs / "a-link").is_symlink() and (outside / "data.parquet").exists()
    assert len(list(runs.iterdir())) == 1  # the published run


def test_the_audit_replaces_only_its_own_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit's replaced datasets are kept a while for readers, then deleted, the ingest's others
    kept (a regression check of the path-checked delete of replaced datasets)."""
    out = published(tmp_path / "out")
    tables: tuple[type[Record], ...] = (Finding, KpiHistory)
    before = {m.table: Path(os.path.realpath(out / f"{m.table}.parquet")) for m in tables}
    documents = Path(os.path.realpath(out / "documents.parquet"))
    run = raingan("audit", "--out", str(out), "--no-html")
    assert run.returncode == ExitCode.OK, run.stderr
    assert documents.is_dir()
    assert set(before.values()) <= replaced.kept(out, runs_dir(out)) and leftovers(out) == []
    monkeypatch.setattr(replaced, "KEEP_S", 0.0)
    with hold_output(out):
        remove_unlinked(out)
    assert documents.is_dir()
    assert all(not path.exists() for path in before.values())
    assert all(
        Path(os.path.realpath(out / f"{m.table}.parquet")).parent.name.startswith("audit-") for m in tables
    )
