"""One document's work, wherever it runs: in this process, a worker of the process pool, or a Dask worker.

A :class:`Task` names the file, its identity decided by the run (content hash and format, hashed and
sniffed once) and, when the run state has it, the stored extract (then only the parsing is redone).
:class:`Worker` holds what a process keeps between documents: the PDF reading child, the OCR runner
with its cache. The result, an :class:`Outcome`, goes back to the process that runs the ingest, which
alone writes the state and the output.

:meth:`Worker.run` is the one place where a document's failure is contained: a step that stops on a
bug (an exception from reading or parsing) fails that document with ``extract_error`` or
``parse_error`` and the run goes on. With ``Config.strict`` the outcome carries the traceback and the
run stops on it (:class:`~pipeline.errors.DocumentCrash`): the tests run strict, so that a programming
error fails them instead of hiding in a finding.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config
from pipeline.errors import DocumentCrash
from pipeline.ocr.cache import OcrCache
from pipeline.ocr.runner import OcrRunner
from pipeline.paths import path_text
from pipeline.read.extract import Extract, extract_file
from pipeline.read.identity import FileId, identify, unreadable_id
from pipeline.read.pdf_child import PdfWorker
from pipeline.read.problems import ReadProblem
from pipeline.result import DocumentResult, failed_result
from schemas.codes import FindingCode
from schemas.enums import Severity, Stage

if TYPE_CHECKING:
    from parsers.document.pages import PreparedPage
    from pipeline.store.codec import Encoded


@dataclass(frozen=True)
class Task:
    index: int  # the file's place in the run's sorted inputs
    path: Path
    file: FileId
    extract: Extract | None = None  # stored by an earlier run: parse it, read nothing

    @property
    def sha256(self) -> str:
        """The doc_id the task's results carry when the file's bytes are not read."""
        return self.file.sha256 or unreadable_id(self.path)


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
    #: the traceback of a step that stopped on a bug (the result then holds its finding)
    crash: str | None = field(default=None, compare=False)
    #: the result and extract encoded for the run state by the worker (:func:`packed`): then
    #: ``extract`` is None, and the ingesting process files the bytes
    encoded: Encoded | None = field(default=None, compare=False)


def packed(outcome: Outcome) -> Outcome:
    """The outcome with its work encoded for the run state here, in the worker, and the extract sent
    only as those bytes: the ingesting process then neither encodes nor unpickles it (what a process
    pool's workers send; a worker whose encoding stops on a bug sends the outcome as it is, for the
    ingesting process to encode, and to stop on, as before)."""
    from pipeline.store import codec

    try:
        encoded = codec.encode(outcome.result, outcome.extract)
    except Exception:  # not this document's fault: the ingesting process meets it again
        return outcome
    return replace(outcome, extract=None, encoded=encoded)


class Worker:
    """What one process keeps between documents: ``pdf``, the PDF reading child (None: PDFs are read
    in this process, without a time limit), and ``ocr``, the OCR runner. ``owned``: close them with
    the worker."""

    def __init__(self, config: Config, pdf: PdfWorker | None, ocr: OcrRunner, owned: bool = False) -> None:
        self.config, self.pdf, self.ocr, self.owned = config, pdf, ocr, owned
        self.name = f"{socket.gethostname()}:{os.getpid()}"

    @classmethod
    def start(cls, config: Config, ocr_threads: int = 1) -> Worker:
        """A run's worker: its own PDF reading child (with the page time limit) and an OCR runner of
        ``ocr_threads`` engines at once, with the run's OCR cache."""
        pdf = PdfWorker(config.page_timeout_s) if config.page_timeout_s is not None else None
        cache = OcrCache(config.ocr_cache_dir)
        ocr = OcrRunner(config.ocr_dpi, ocr_threads, cache, config.ocr_engine, config.ocr_page_timeout_s)
        return cls(config, pdf, ocr, owned=True)

    def close(self) -> None:
        if self.owned:
            self.ocr.close()
            if self.pdf is not None:
                self.pdf.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, task: Task) -> Outcome:
        """Read (unless the extract is given) and parse one file; never raises for the file's sake."""
        from pipeline.run.parse import parse_extract  # the parsers: loaded by the first document worked on

        started = time.perf_counter()
        before = (self.ocr.stats.recognized, self.ocr.stats.from_cache)
        fresh: Extract | None = None
        prepared: list[PreparedPage] | None = None
        try:
            if task.extract is None:
                extract, prepared = extract_file(task.path, task.file, self.config, self.pdf, self.ocr)
                extract = fresh = _checked(extract, task.file)
            else:
                extract = task.extract
        except Exception as exc:  # the one boundary of a document's reading: it fails, the run goes on
            return self._crashed(task, exc, Stage.READ, FindingCode.EXTRACT_ERROR, "reading the file")
        read = time.perf_counter()
        try:
            result = parse_extract(extract, self.config, task.path, prepared)
        except Exception as exc:  # and of its parsing: the read problems are kept beside the crash
            return self._crashed(task, exc, Stage.PARSE, FindingCode.PARSE_ERROR, "the parser", extract)
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

    def _crashed(
        self,
        task: Task,
        exc: Exception,
        stage: Stage,
        code: FindingCode,
        what: str,
        extract: Extract | None = None,
    ) -> Outcome:
        from pipeline.run.parse import read_findings

        message = (
            f"{what} stopped on this document ({type(exc).__name__}: {exc}); please report it with the file"
        )
        evidence = "".join(traceback.format_exception_only(exc)).strip()
        earlier = tuple(read_findings(extract)) if extract is not None else ()
        result = failed_result(task.path, task.sha256, task.file.fmt, code, message, evidence, stage, earlier)
        crash = "".join(traceback.format_exception(exc))
        return Outcome(task.index, result, None, worker=self.name, crash=crash)


def _checked(extract: Extract, file: FileId) -> Extract:
    """The extract, with a finding when the bytes read are not those the run hashed (the file was
    rewritten in between): its doc_id is the hash of what was read, and the run stores it under that."""
    read = extract.source.doc_id
    if file.sha256 is None or read == file.sha256 or read == unreadable_id(extract.source.path):
        return extract
    note = ReadProblem(
        FindingCode.CHANGED_WHILE_READ,
        Severity.WARNING,
        f"the file changed while the run read it: hashed as {file.sha256[:12]}…, read as {read[:12]}…; "
        "what was read is recorded (doc_id is its hash)",
    )
    return replace(extract, problems=(*extract.problems, note))


def ingest_file(
    path: Path, config: Config, pdf: PdfWorker | None = None, ocr: OcrRunner | None = None
) -> DocumentResult:
    """One file's result, read and parsed here by the same work as a run's (for ``raingan show``, tests
    and benchmarks): it writes no tables and no OCR cache. PDFs are read by ``pdf`` (a child process
    with a time limit per page) when given, else here; pages are OCR'd by ``ocr`` when given, else by a
    runner made for this file. In strict mode a bug raises instead of becoming a finding."""
    with OcrRunner(
        config.ocr_dpi, config.ocr_workers, None, config.ocr_engine, config.ocr_page_timeout_s
    ) as own:
        outcome = Worker(config, pdf, ocr or own).run(Task(0, path, identify(path)))
    if outcome.crash is not None and config.strict:
        raise DocumentCrash(path_text(path), outcome.crash)
    return outcome.result


# -- a worker per process, for executors that call a plain function (Dask) ---------------------------

_lock = threading.Lock()
_workers: dict[Config, Worker] = {}


def run_task(task: Task, config: Config) -> Outcome:
    """Run ``task`` with this process's worker for ``config`` (made on first use, kept for the next)."""
    with _lock:
        worker = _workers.get(config)
        if worker is None:
            worker = _workers[config] = Worker.start(config, ocr_threads=1)
        return worker.run(task)
