"""A whole archive: plan what needs doing, do it on the executor, keep it, write the tables.

1. **Plan.** Every input file is identified by its content hash (kept in the run state by path, size
   and modification time, so an unchanged file is not read to be hashed again). A file whose result is
   stored under the current parse key is done; one whose extract is stored under the current extract
   key is only parsed again; any other file is read and parsed. ``force`` redoes everything. Files
   with the same bytes are worked on once.
2. **Work.** Tasks go to the executor (process pool or Dask); each outcome is committed to the run
   state as it arrives, and logged (``OUT/logs/<run id>.jsonl``).
3. **Write.** The stored results are streamed, in input order, into new partitioned datasets that are
   then published atomically (:mod:`pipeline.store.parquet`). When the inputs and keys are exactly those of
   the current output, nothing is written.

The whole run holds the output folder's lock (:mod:`pipeline.store.lock`): another run on the same
folder is refused before it reads, writes or prunes anything. Only this process writes the folder;
the executor's workers (local or Dask) send their results back to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.config import Config, OcrMode
from pipeline.errors import DocumentCrash
from pipeline.ocr.runner import check_engine
from pipeline.paths import path_text
from pipeline.read.identity import FileId, identify
from pipeline.result import DocumentResult, failed_result, once_per_content
from pipeline.run.pool import Executor, ProcessPool
from pipeline.run.runlog import RunLog
from pipeline.run.summary import RunReport, Summary
from pipeline.run.worker import Outcome, Task
from pipeline.store.lock import hold_output
from pipeline.store.parquet import SnapshotWriter, tables_present
from pipeline.store.state import FileStamp, OutputInput, RunState, stamp
from pipeline.store.versions import extract_key, parse_key
from schemas.codes import FindingCode
from schemas.enums import Severity


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    pages: int  # pages of the documents worked on so far in this run
    seconds: float


@dataclass
class _Item:
    path: Path
    sha256: str | None  # None: the file could not be hashed (its task reports why)
    file: FileId | None = None  # identified in this run (None: its hash came from the run state)


def ingest_archive(
    files: Sequence[Path],
    config: Config,
    on_progress: Callable[[Progress], None] | None = None,
    executor: Executor | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
) -> RunReport:
    """Bring ``config.out_dir`` up to date with ``files``; see the module's notes. A setting the run
    cannot work with (an unknown OCR engine) raises :class:`~pipeline.errors.ConfigError` first.

    ``executor``: where the documents are worked on (default: :func:`make_executor`; tests and
    embedders pass :class:`~pipeline.run.serial.SerialExecutor`). ``on_result``: called with each
    document's result, in input order, as the tables are written (not when they were already current).
    In strict mode (``config.strict``) a step that stops on a bug raises
    :class:`~pipeline.errors.DocumentCrash`. Another run working on the same output folder raises
    :class:`~pipeline.errors.OutputInUseError` before anything is done."""
    if config.ocr is not OcrMode.NEVER:
        check_engine(config.ocr_engine)
    with hold_output(config.out_dir) as lease:
        report = _ingest(files, config, on_progress, executor, on_result)
    report.lock_notice = lease.notice
    return report


def _ingest(
    files: Sequence[Path],
    config: Config,
    on_progress: Callable[[Progress], None] | None,
    executor: Executor | None,
    on_result: Callable[[DocumentResult], None] | None,
) -> RunReport:
    started = time.perf_counter()
    out = config.out_dir
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    ekey, rkey = extract_key(config), parse_key(config)
    with RunState(out) as state, RunLog(out, run_id) as log:
        items = _identify(files, state)
        # stored results are decoded (and one that does not decode is redone) only when the tables are
        # to be written: a run over an unchanged archive decodes nothing
        tasks, report = _plan(items, state, config, ekey, rkey, decode=False)
        if tasks or not _current(out, state, _fingerprint(items, rkey)):
            tasks, report = _plan(items, state, config, ekey, rkey, decode=True)
        report.files, report.log, report.out_dir = len(items), log.path, out
        report.notices = list(state.notices)
        log.write(
            "run",
            run_id=run_id,
            files=len(items),
            tasks=len(tasks),
            reused=report.reused,
            reparse=report.reparsed,
            read=report.read,
            extract_key=ekey,
            parse_key=rkey,
            workers=config.workers,
            scheduler=config.scheduler,
            notices=state.notices,
        )
        unstored: dict[int, DocumentResult] = {}
        if tasks:
            own = executor is None
            executor = executor or make_executor(config, len(tasks))
            reparsing = {p.index for p in tasks if p.reparse}
            try:
                work_started = time.perf_counter()
                for done, outcome in enumerate(executor.run(_tasks(tasks, state, ekey)), 1):
                    _keep(outcome, items, state, ekey, rkey, unstored, report, config.strict)
                    how = "reparsed" if outcome.index in reparsing else "read"
                    _log_outcome(log, outcome, items[outcome.index], how)
                    if on_progress is not None:
                        on_progress(
                            Progress(
                                done, len(tasks), report.pages_worked, time.perf_counter() - work_started
                            )
                        )
                report.work_s = time.perf_counter() - work_started
            finally:
                if own:
                    executor.close()
        fingerprint = _fingerprint(items, rkey)
        stored = state.get_meta("output_summary")
        if not tasks and not unstored and stored and _current(out, state, fingerprint):
            report.summary = Summary.from_json(stored)
        else:
            report.summary, inputs = _write(out, items, state, rkey, unstored, run_id, on_result)
            report.written = True
            summary = json.dumps(asdict(report.summary), ensure_ascii=False)
            state.record_output(fingerprint, rkey, summary, inputs)
            state.prune(ekey, rkey)
        report.seconds = time.perf_counter() - started
        log.write(
            "end",
            seconds=round(report.seconds, 3),
            written=report.written,
            documents=report.summary.documents,
            failed=len(report.summary.failures),
        )
    return report


def make_executor(config: Config, tasks: int) -> Executor:
    """The process pool (``config.workers``, default one per core, never more than there are tasks), or
    a Dask cluster when ``config.scheduler`` is set."""
    if config.scheduler:
        from pipeline.run.dask_pool import DaskPool

        return DaskPool(config)
    workers = config.workers or os.cpu_count() or 1
    return ProcessPool(config, max(1, min(workers, tasks)))


def _identify(files: Sequence[Path], state: RunState) -> list[_Item]:
    """Each file's content hash: from the run state when its size and time are unchanged, else read."""
    items: list[_Item] = []
    fresh: list[tuple[Path, FileStamp, str]] = []
    for path in files:
        now = stamp(path)
        sha = state.known_hash(path, now) if now is not None else None
        if sha is not None or now is None:
            items.append(_Item(path, sha))
            continue
        file = identify(path)  # what is not a regular file, or cannot be read, gets no hash
        if file.sha256 is not None:
            fresh.append((path, now, file.sha256))
        items.append(_Item(path, file.sha256, file))
    state.remember_hashes(fresh)
    return items


@dataclass(frozen=True)
class _Planned:
    index: int
    item: _Item
    reparse: bool  # True: parse the stored extract; False: read the file


def _current(out: Path, state: RunState, fingerprint: str) -> bool:
    """Whether the tables of ``out`` were written from exactly these inputs and keys, and are there."""
    return state.get_meta("output") == fingerprint and tables_present(out)


def _plan(
    items: list[_Item], state: RunState, config: Config, ekey: str, rkey: str, decode: bool
) -> tuple[list[_Planned], RunReport]:
    """What to do for each file. ``decode``: a stored result counts only when it decodes (else only
    when it is there)."""
    report = RunReport(Summary())
    planned: list[_Planned] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        sha = item.sha256
        if sha is not None and sha in seen:
            continue  # the same bytes as a file before it: one task for both
        if sha is not None:
            seen.add(sha)
        if sha is not None and not config.force and state.has_result(sha, rkey, decode):
            report.reused += 1
            continue
        reparse = sha is not None and not config.force and state.has_extract(sha, ekey)
        report.reparsed += reparse
        report.read += not reparse
        planned.append(_Planned(index, item, reparse))
    return planned, report


def _tasks(planned: list[_Planned], state: RunState, ekey: str) -> Iterator[Task]:
    """The tasks, each made when an executor asks for it: a stored extract is loaded only then, so the
    page text of a whole archive is never in memory at once."""
    for p in planned:
        path, sha = p.item.path, p.item.sha256
        stored = state.extract(sha, ekey) if p.reparse and sha is not None else None
        # a file whose hash the run state gave is sniffed here, only when it is worked on (1 KB)
        file = p.item.file or identify(path, sha)
        yield Task(p.index, path.absolute(), file, stored)


def _keep(
    outcome: Outcome,
    items: list[_Item],
    state: RunState,
    ekey: str,
    rkey: str,
    unstored: dict[int, DocumentResult],
    report: RunReport,
    strict: bool,
) -> None:
    item = items[outcome.index]
    if strict and outcome.crash is not None:
        raise DocumentCrash(path_text(item.path), outcome.crash)
    # a stored value that did not decode was done again: the document's rows say so
    result = outcome.result.with_path(item.path).with_findings(state.damage(item.sha256 or ""))
    report.pages_worked += result.document.n_pages
    report.ocr_pages += outcome.ocr_pages
    report.ocr_cached += outcome.ocr_cached
    if item.sha256 is None:
        unstored[outcome.index] = result
    elif any(f.code is FindingCode.CHANGED_WHILE_READ for f in result.findings):
        # never under the hash the run planned with: that is of other bytes (the file may be put back)
        unstored[outcome.index] = result
        state.save(result.document.doc_id, rkey, result, ekey, outcome.extract)
        state.forget_hash(item.path)
    else:
        state.save(item.sha256, rkey, result, ekey, outcome.extract)


def _fingerprint(items: list[_Item], rkey: str) -> str:
    h = hashlib.sha256(rkey.encode())
    for item in items:
        h.update(f"{path_text(item.path)}\0{item.sha256}\n".encode())
    return h.hexdigest()


def _results(
    items: list[_Item],
    state: RunState,
    rkey: str,
    unstored: dict[int, DocumentResult],
    inputs: list[OutputInput],
) -> Iterator[DocumentResult]:
    """Every input's result in input order; a repeat of earlier bytes gets a documents row only. Each
    input is added to ``inputs`` (what the run state records of the tables written)."""
    first_path: dict[str, str] = {}
    for index, item in enumerate(items):
        found = unstored.get(index)
        if found is None and item.sha256 is not None:
            stored = state.result(item.sha256, rkey)
            found = stored.with_path(item.path) if stored is not None else None
        if found is None:  # stored work missing (cannot happen unless the state was edited): say so
            found = failed_result(
                item.path,
                item.sha256 or "",
                (item.file or identify(item.path, item.sha256)).fmt,
                FindingCode.READ_ERROR,
                "no result was stored for this file; run again",
                earlier=tuple(state.damage(item.sha256 or "")),
            )
            unstored[index] = found
        inputs.append(OutputInput(item.path, item.sha256, unstored.get(index)))
        yield once_per_content(found, first_path)


def _write(
    out: Path,
    items: list[_Item],
    state: RunState,
    rkey: str,
    unstored: dict[int, DocumentResult],
    run_id: str,
    on_result: Callable[[DocumentResult], None] | None,
) -> tuple[Summary, list[OutputInput]]:
    inputs: list[OutputInput] = []
    summary = write_tables(out, _results(items, state, rkey, unstored, inputs), run_id, on_result)
    return summary, inputs


def write_tables(
    out: Path,
    results: Iterable[DocumentResult],
    run_id: str,
    on_result: Callable[[DocumentResult], None] | None = None,
) -> Summary:
    """Stream ``results`` into a new set of datasets and publish them (the caller holds the lock);
    what was written is removed when anything stops it."""
    summary = Summary()
    writer = SnapshotWriter(out, run_id)
    try:
        for result in results:
            writer.add(result)
            summary.add(result)
            if on_result is not None:
                on_result(result)
        writer.publish()
    except BaseException:
        writer.discard()
        raise
    return summary


def _log_outcome(log: RunLog, outcome: Outcome, item: _Item, how: str) -> None:
    doc = outcome.result.document
    log.write(
        "document",
        path=path_text(item.path),
        doc_id=doc.doc_id,
        status=doc.status.value,
        form=doc.form.value,
        pages=doc.n_pages,
        how=how,
        read_s=round(outcome.read_s, 4),
        parse_s=round(outcome.parse_s, 4),
        ocr_pages=outcome.ocr_pages,
        ocr_cached=outcome.ocr_cached,
        worker=outcome.worker,
        errors=[f.code for f in outcome.result.findings if f.severity is Severity.ERROR],
    )
