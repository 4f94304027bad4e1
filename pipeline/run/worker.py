"""One document's work, wherever it runs: in this process, a worker of the process pool, or a Dask worker.

A :class:`Task` names the file, its content hash and, when the run state has it, the stored extract
(then only the parsing is redone). :class:`Worker` holds what a process keeps between documents: the
PDF reading child, the OCR runner with its cache. The result, an :class:`Outcome`, goes back to the
process that runs the ingest, which alone writes the state and the output.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.ocr.cache import OcrCache
from pipeline.ocr.runner import OcrRunner
from pipeline.read.pdf_child import PdfWorker
from pipeline.run.document import DocumentResult, Extract, extract_file, failed_result, parse_extract


@dataclass(frozen=True)
class Task:
    index: int  # the file's place in the run's sorted inputs
    path: Path
    sha256: str
    extract: Extract | None = None  # stored by an earlier run: parse it, read nothing


@dataclass(frozen=True)
class Outcome:
    index: int
    result: DocumentResult
    extract: Extract | None  # read in this task (None: parsed from a stored extract, or failed outside)
    read_s: float = 0.0
    parse_s: float = 0.0
    ocr_pages: int = 0  # pages OCR'd (recognised by the engine) for this document
    ocr_cached: int = 0  # pages whose OCR came from the cache
    worker: str = ""


class Worker:
    """What one process keeps between documents. ``ocr_threads``: tesseracts this worker runs at once."""

    def __init__(self, config: Config, ocr_threads: int = 1) -> None:
        self.config = config
        self.pdf = PdfWorker(config.page_timeout_s) if config.page_timeout_s is not None else None
        self.ocr = OcrRunner(config.ocr_dpi, ocr_threads, OcrCache(config.ocr_cache_dir), config.ocr_engine)
        self.name = f"{socket.gethostname()}:{os.getpid()}"

    def close(self) -> None:
        self.ocr.close()
        if self.pdf is not None:
            self.pdf.close()

    def run(self, task: Task) -> Outcome:
        """Read (unless the extract is given) and parse one file; never raises for the file's sake."""
        try:
            return self._run(task)
        except Exception as exc:  # a bug outside the guarded steps: this document fails, the run goes on
            message = (
                f"the document's work stopped ({type(exc).__name__}: {exc}); please report it with the file"
            )
            evidence = "".join(traceback.format_exception_only(exc)).strip()
            result = failed_result(task.path, task.sha256, "worker_crash", message, evidence)
            return Outcome(task.index, result, None, worker=self.name)

    def _run(self, task: Task) -> Outcome:
        started = time.perf_counter()
        before = (self.ocr.stats.recognized, self.ocr.stats.from_cache)
        if task.extract is None:
            extract, prepared = extract_file(task.path, self.config, self.pdf, self.ocr)
            fresh: Extract | None = extract
        else:
            extract, prepared, fresh = task.extract, None, None
        read = time.perf_counter()
        result = parse_extract(extract, self.config, task.path, prepared)
        done = time.perf_counter()
        return Outcome(
            task.index,
            result,
            fresh,
            read_s=read - started,
            parse_s=done - read,
            ocr_pages=self.ocr.stats.recognized - before[0],
            ocr_cached=self.ocr.stats.from_cache - before[1],
            worker=self.name,
        )


# -- a worker per process, for executors that call a plain function (Dask) ---------------------------

_lock = threading.Lock()
_workers: dict[Config, Worker] = {}


def run_task(task: Task, config: Config) -> Outcome:
    """Run ``task`` with this process's worker for ``config`` (made on first use, kept for the next)."""
    with _lock:
        worker = _workers.get(config)
        if worker is None:
            worker = _workers[config] = Worker(config, ocr_threads=1)
        return worker.run(task)
