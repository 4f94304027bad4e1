"""A run as one stream: files planned as they are asked for, the first documents dispatched before the
last file is hashed, the tables written as results arrive (in input order, through a bounded buffer),
the progress total known from the start, and the same records as writing everything at the end."""

from __future__ import annotations

import multiprocessing.forkserver
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from goldcheck import REPO
from test_archive import assert_same_tables, tables

import pipeline.run.archive as archive_module
import pipeline.run.plan as plan_module
from pipeline.config import Config
from pipeline.read.identity import FileId, identify
from pipeline.result import DocumentResult
from pipeline.run import forkserver
from pipeline.run.archive import Progress, ingest_archive
from pipeline.run.inputs import collect_inputs
from pipeline.run.pool import ProcessPool
from pipeline.run.serial import SerialExecutor
from pipeline.run.worker import Outcome, Task
from pipeline.store.state import RunState

RAW = REPO / "data" / "raw"


def text_archive(folder: Path, copies: int = 1) -> list[Path]:
    """The sample text and HTML reports (``copies`` times, each copy with other bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for path in sorted(RAW.glob("*")):
            if path.is_file() and path.suffix in {".txt", ".html"}:
                target = folder / f"c{n:02d}_{path.name}"
                shutil.copy(path, target)
                if n:
                    with target.open("ab") as f:
                        f.write(f"\n<!-- copy {n} -->\n".encode() if path.suffix == ".html" else b"\n")
    return collect_inputs([folder], Config()).files


def config(out: Path, **settings: object) -> Config:
    cache = out.parent / "ocr-cache"
    return Config(out_dir=out, show_progress=False, cache_dir=cache, strict=True, **settings)


class Recording:
    """A serial executor that records what happened in order: tasks received, outcomes given."""

    workers = 1

    def __init__(self, cfg: Config, events: list[tuple[str, int]], hashed: list[Path]) -> None:
        self.inner, self.events, self.hashed = SerialExecutor(cfg), events, hashed
        self.hashed_at_first_task: int | None = None

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        def seen() -> Iterator[Task]:
            for task in tasks:
                if self.hashed_at_first_task is None:
                    self.hashed_at_first_task = len(self.hashed)
                self.events.append(("task", task.index))
                yield task

        for outcome in self.inner.run(seen()):
            self.events.append(("outcome", outcome.index))
            yield outcome

    def close(self) -> None:
        self.inner.close()


def test_dispatch_before_planning_and_writing_as_results_arrive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = text_archive(tmp_path / "in")
    hashed: list[Path] = []

    def counting(path: Path, sha256: str | None = None) -> FileId:
        if sha256 is None:
            hashed.append(path)
        return identify(path, sha256)

    monkeypatch.setattr(plan_module, "identify", counting)
    events: list[tuple[str, int]] = []
    cfg = config(tmp_path / "out")
    executor = Recording(cfg, events, hashed)
    progress: list[Progress] = []

    def written(result: DocumentResult) -> None:
        events.append(("written", len([e for e in events if e[0] == "written"])))

    report = ingest_archive(files, cfg, on_progress=progress.append, executor=executor, on_result=written)
    executor.close()
    assert report.read == len(files) == len(hashed)
    # the first task went out when only the first file had been hashed, not the whole archive
    assert executor.hashed_at_first_task == 1
    # the first document was written before the last one was worked on
    kinds = [kind for kind, _ in events]
    assert kinds.index("written") < max(i for i, kind in enumerate(kinds) if kind == "outcome")
    assert kinds.count("written") == len(files)
    # the progress total is the number of files from the first call on, before any document is done
    assert progress[0] == Progress(0, len(files), 0, 0.0)
    assert {p.total for p in progress} == {len(files)}
    assert progress[-1].done == len(files)


def test_streamed_tables_equal_tables_written_from_the_run_state(tmp_path: Path) -> None:
    files = text_archive(tmp_path / "in", copies=2)
    ingest_archive(files, config(tmp_path / "pool", workers=2))
    with SerialExecutor(config(tmp_path / "serial")) as serial:
        ingest_archive(files, config(tmp_path / "serial"), executor=serial)
    assert_same_tables(tmp_path / "pool", tmp_path / "serial")
    # the same tables once more, now written from what the run state keeps (nothing worked on)
    before = tables(tmp_path / "pool")
    os.unlink(tmp_path / "pool" / "documents.parquet")
    again = ingest_archive(files, config(tmp_path / "pool", workers=2))
    assert again.written and again.read == again.reparsed == 0 and again.reused == len(files)
    after = tables(tmp_path / "pool")
    for name, frame in before.items():
        assert frame.equals(after[name]), name


class Reversed(SerialExecutor):
    """Gives the outcomes in reverse order of the tasks: every result but the last arrives early."""

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        yield from reversed(list(super().run(tasks)))


@pytest.mark.parametrize("buffer", [0, 2, 1000])
def test_results_ahead_of_their_turn_wait_or_are_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, buffer: int
) -> None:
    files = text_archive(tmp_path / "in")
    with SerialExecutor(config(tmp_path / "inorder")) as serial:
        ingest_archive(files, config(tmp_path / "inorder"), executor=serial)
    monkeypatch.setattr(archive_module, "REORDER", buffer)
    reads: list[str] = []
    real = RunState.result

    def counted(self: RunState, sha256: str, key: str) -> DocumentResult | None:
        found = real(self, sha256, key)
        if found is not None:
            reads.append(sha256)
        return found

    monkeypatch.setattr(RunState, "result", counted)
    with Reversed(config(tmp_path / "reversed")) as backwards:
        report = ingest_archive(files, config(tmp_path / "reversed"), executor=backwards)
    assert report.read == len(files)
    assert_same_tables(tmp_path / "inorder", tmp_path / "reversed")
    # the results that arrived early beyond the buffer's room are read back from the run state (the one
    # awaited is always used as it arrives)
    assert len(reads) == max(0, len(files) - 1 - buffer)


def test_an_unchanged_rerun_starts_no_worker_and_decodes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = text_archive(tmp_path / "in")
    ingest_archive(files, config(tmp_path / "out", workers=1))

    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("an unchanged re-run made an executor or decoded a stored result")

    monkeypatch.setattr(archive_module, "make_executor", never)
    monkeypatch.setattr(RunState, "result", never)
    monkeypatch.setattr(plan_module, "identify", never)
    progress: list[Progress] = []
    again = ingest_archive(files, config(tmp_path / "out"), on_progress=progress.append)
    assert not again.written and again.reused == len(files)
    assert progress == [Progress(0, len(files), 0, 0.0)]


def test_a_pool_started_early_works_and_one_never_used_stops(tmp_path: Path) -> None:
    files = [f for f in text_archive(tmp_path / "in") if "kpi_report" in f.name][:3]
    cfg = config(tmp_path / "out")
    pool = ProcessPool(cfg, 2)
    pool.start()
    tasks = [Task(i, path, identify(path)) for i, path in enumerate(files)]
    outcomes = sorted(pool.run(tasks), key=lambda o: o.index)
    pids = [slot.process.pid for slot in pool._slots]
    pool.close()
    assert [o.index for o in outcomes] == [0, 1, 2]
    assert all(o.result.document.status.value != "failed" for o in outcomes)
    unused = ProcessPool(cfg, 2)
    unused.start()
    unused.close()
    assert not unused._slots
    for pid in pids:
        assert pid is not None and not Path(f"/proc/{pid}").exists()


def _server_pid() -> int | None:
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    return pid if isinstance(pid, int) and Path(f"/proc/{pid}").exists() else None


def test_the_fork_server_starts_first_for_a_new_output_folder_and_stops_after(tmp_path: Path) -> None:
    forkserver.stop()
    out = tmp_path / "out"
    with forkserver.early(out):
        started = _server_pid()
        assert started is not None  # before any pool: it loads the parsing code meanwhile
        files = [f for f in text_archive(tmp_path / "in") if "kpi_report" in f.name][:2]
        report = ingest_archive(files, config(out))
        assert report.summary.documents == 2
        assert _server_pid() is None  # the pool used it, and stopped it with its workers
    assert not Path(f"/proc/{started}").exists()
    # an output folder with a run state may have nothing to do: no server is started for it
    with forkserver.early(out):
        assert _server_pid() is None
    with forkserver.early(None):  # a Dask run
        assert _server_pid() is None
