"""The serial executor: every document in this process, one after the other; and :func:`run_serial`.

For tests, debugging and embedding: the same work as the process pool's workers (:class:`Worker`),
without processes, and so without the pool's limits on a document's time and memory (a PDF page's
time limit still holds, in the PDF reading child).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.ocr.runner import OcrStats
from pipeline.result import DocumentResult
from pipeline.run.archive import ingest_archive
from pipeline.run.summary import RunReport
from pipeline.run.worker import Outcome, Task, Worker


class SerialExecutor:
    """Runs tasks in order, in this process."""

    workers = 1

    def __init__(self, config: Config) -> None:
        self.config = config
        self._worker: Worker | None = None

    @property
    def ocr_stats(self) -> OcrStats:
        """What OCR did in this executor's runs so far."""
        return self._worker.ocr.stats if self._worker is not None else OcrStats()

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        if self._worker is None:
            threads = self.config.ocr_workers or os.cpu_count() or 1
            self._worker = Worker.start(self.config, ocr_threads=threads)
        for task in tasks:
            yield self._worker.run(task)

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class SerialRun:
    """What :func:`run_serial` gives: every input's result in input order, the run's report, and what
    OCR did."""

    results: list[DocumentResult]
    report: RunReport
    ocr: OcrStats


def run_serial(files: Sequence[Path], config: Config) -> SerialRun:
    """The archive run of ``files`` on the serial executor, keeping every document's result in memory
    (tests, benchmarks, notebooks): the tables and the run state go to ``config.out_dir`` as in any run.
    When the tables there are already current, nothing is written and ``results`` is empty."""
    results: list[DocumentResult] = []
    with SerialExecutor(config) as executor:
        report = ingest_archive(files, config, executor=executor, on_result=results.append)
        stats = executor.ocr_stats
    return SerialRun(results, report, stats)
