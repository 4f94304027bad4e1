"""Executors: where the documents of a run are worked on.

- :class:`ProcessPool` (the default): worker processes on this machine, one document at a time each,
  with the next one queued behind it (sent ahead, so that a worker never waits for the ingesting process).
  Workers are forked from a server process that has loaded the Thai dictionaries once, so a worker
  starts in milliseconds and shares them. The pool watches each document: one that runs longer than
  ``doc_timeout_s`` or whose worker (with its PDF reader and tesseract) holds more than
  ``doc_memory_mb`` is stopped, and a worker that dies (a crash in a PDF library, the kernel's OOM
  killer) fails only its document. A new worker takes the dead one's place.
- :class:`DaskPool` (:mod:`pipeline.run.dask_pool`): the same work on a ``dask.distributed`` cluster.

Both take tasks in order and give outcomes as documents finish (in any order); the run puts them back
in order when it writes the tables.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Protocol

from pipeline.config import Config
from pipeline.result import failed_result
from pipeline.run import forkserver
from pipeline.run.worker import Outcome, Task, Worker, packed
from schemas.codes import FindingCode

#: how often the pool looks at the running documents' time and memory
WATCH_S = 0.25
#: how long the workers get to stop when the pool closes, before they are killed
STOP_S = 5.0


class Executor(Protocol):
    """Runs tasks and yields their outcomes as they finish."""

    workers: int

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


def _serve(conn: Connection, config: Config, ocr_threads: int) -> None:
    """A worker process: documents in, outcomes out, until told to stop (None) or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the ingesting process's to handle
    # stopped by the pool (or by a signal to the whole group): leave through the finally blocks, so
    # temporary page images are removed and the PDF child is closed
    signal.signal(signal.SIGTERM, _leave)
    worker = Worker.start(config, ocr_threads)
    try:
        while True:
            try:
                task = conn.recv()
            except EOFError:
                break
            if task is None:
                break
            conn.send(packed(worker.run(task)))
    finally:
        worker.close()


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@dataclass
class _Slot:
    process: BaseProcess
    conn: Connection
    task: Task | None = None  # the document the worker is on
    #: the next one, sent already: the worker starts it as soon as it sends its outcome, not after the
    #: ingesting process has taken that outcome in (a few milliseconds a document)
    queued: Task | None = None
    started: float = 0.0  # when the worker started on ``task`` (about: when its outcome before came in)
    watched: float = 0.0  # when the memory of its process tree was last looked at


class ProcessPool:
    """``workers`` processes; see the module's notes for the limits it enforces."""

    def __init__(self, config: Config, workers: int) -> None:
        self.config, self.workers = config, workers
        cores = os.cpu_count() or 1
        # OCR threads per worker: all cores when one worker, else one (the workers share the cores)
        self.ocr_threads = config.ocr_workers or max(1, cores // workers)
        self._context = forkserver.context()
        self._slots: list[_Slot] = []
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None

    def start(self) -> None:
        """Start the workers in the background (the fork server loading the parsing code, then the
        workers forked from it), so that they are ready when the first task comes; :meth:`run` waits
        for them. Without it, :meth:`run` starts them itself."""
        if self._starting is None and not self._slots:
            self._starting = threading.Thread(target=self._start_all, name="raingan-pool-start", daemon=True)
            self._starting.start()

    def _start_all(self) -> None:
        try:
            while len(self._slots) < self.workers:
                self._slots.append(self._start())
        except BaseException as exc:  # given to the run that waits for the workers
            self._start_error = exc

    def _started(self) -> None:
        """Wait for the workers started in the background; start what is missing."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
            if self._start_error is not None:
                error, self._start_error = self._start_error, None
                raise error
        while len(self._slots) < self.workers:
            self._slots.append(self._start())

    def _start(self) -> _Slot:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(theirs, self.config, self.ocr_threads), daemon=True, name="raingan-worker"
        )
        process.start()
        theirs.close()
        return _Slot(process, ours)

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Outcomes as documents finish; tasks are taken from ``tasks`` only as workers free up, so a
        long (lazy) iterable is never held in memory."""
        pending = iter(tasks)
        first = next(pending, None)
        if first is None:
            return
        waiting: deque[Task] = deque([first])
        self._started()
        for slot in self._slots:
            self._give(slot, waiting, pending)
        while any(slot.task is not None for slot in self._slots):
            busy = [s for s in self._slots if s.task is not None]
            ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout=WATCH_S)
            for slot in busy:
                outcome = self._collect(slot, ready)
                if outcome is not None:
                    self._give(slot, waiting, pending)  # before the outcome is taken in
                    yield outcome

    def _give(self, slot: _Slot, waiting: deque[Task], pending: Iterator[Task]) -> None:
        """Keep the worker fed: a document to work on and the next one queued behind it."""
        while slot.task is None or slot.queued is None:
            task = waiting.popleft() if waiting else next(pending, None)
            if task is None:
                return
            if slot.task is None:
                if not slot.process.is_alive():
                    self._replace(slot)
                slot.task, slot.started = task, time.monotonic()
            else:
                slot.queued = task
            slot.conn.send(task)

    def _collect(self, slot: _Slot, ready: Sequence[object]) -> Outcome | None:
        task = slot.task
        assert task is not None
        if slot.conn in ready:
            try:
                outcome: Outcome = slot.conn.recv()
            except (EOFError, OSError):
                return self._failed(slot, task, FindingCode.WORKER_CRASH, self._death(slot))
            slot.task, slot.queued, slot.started = slot.queued, None, time.monotonic()
            return outcome
        if slot.process.sentinel in ready or not slot.process.is_alive():
            return self._failed(slot, task, FindingCode.WORKER_CRASH, self._death(slot))
        elapsed = time.monotonic() - slot.started
        limit = self.config.doc_timeout_s
        if limit is not None and elapsed > limit:
            return self._failed(
                slot,
                task,
                FindingCode.DOC_TIMEOUT,
                f"stopped after {elapsed:.0f} s (the limit is {limit:g} s: --doc-timeout)",
            )
        cap = self.config.doc_memory_mb
        now = time.monotonic()
        # at most every WATCH_S: reading /proc for a process tree takes about a millisecond, and the
        # other workers' outcomes wake the pool far more often than that
        if cap is not None and slot.process.pid is not None and now - slot.watched >= WATCH_S:
            slot.watched = now
            used = tree_rss_mb(slot.process.pid)
            if used > cap:
                return self._failed(
                    slot,
                    task,
                    FindingCode.DOC_MEMORY,
                    f"stopped when its worker held {used:.0f} MB (the limit is {cap} MB: --doc-memory)",
                )
        return None

    def _death(self, slot: _Slot) -> str:
        slot.process.join(timeout=1)
        code = slot.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return f"the worker process died (signal {name}) while reading this document"
        return f"the worker process died (exit code {code}) while reading this document"

    def _failed(self, slot: _Slot, task: Task, code: FindingCode, message: str) -> Outcome:
        queued = slot.queued
        self._replace(slot)
        if queued is not None:  # it was sent to the worker that is gone: the new one works on it
            slot.task, slot.started = queued, time.monotonic()
            slot.conn.send(queued)
        result = failed_result(task.path, task.sha256, task.file.fmt, code, message)
        return Outcome(task.index, result, None, worker="pool")

    def _replace(self, slot: _Slot) -> None:
        """Stop the slot's process (and its children) and put a fresh worker in its place."""
        _kill_tree(slot.process)
        slot.conn.close()
        fresh = self._start()
        slot.process, slot.conn, slot.task, slot.queued = fresh.process, fresh.conn, None, None

    def close(self) -> None:
        """Idle workers are told to stop; busy ones (the run was interrupted) are stopped at once, with
        SIGTERM to each worker and its children (tesseract, the PDF reader) so that they clean up, then
        SIGKILL to what is left. All workers at once: a run stops in seconds, not seconds a worker."""
        if self._starting is not None:  # never used: let the start finish, then stop what it started
            self._starting.join()
            self._starting = None
        for slot in self._slots:
            if slot.task is None:
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
            elif slot.process.pid is not None:
                _signal_tree(slot.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_S
        for slot in self._slots:
            slot.process.join(timeout=max(0.0, deadline - time.monotonic()))
        for slot in self._slots:
            if slot.process.is_alive():
                _kill_tree(slot.process)
            slot.conn.close()
        self._slots.clear()
        forkserver.stop()

    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found += [int(c) for c in text.split()]
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += _children(current)
    return out


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, in MB (0 where /proc cannot tell)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for member in _tree(pid):
        try:
            total += int(Path(f"/proc/{member}/statm").read_text().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e6


def _signal_tree(pid: int, signum: int) -> None:
    """Send ``signum`` to a process and its descendants, the youngest first."""
    for member in reversed(_tree(pid)):
        with contextlib.suppress(OSError):
            os.kill(member, signum)


def _kill_tree(process: BaseProcess) -> None:
    if process.pid is not None:
        _signal_tree(process.pid, signal.SIGKILL)
    process.join(timeout=5)
