"""A whole archive: plan what needs doing, do it on the executor, keep it, write the tables — at once.

1. **Look.** Every input is looked at without reading it (:mod:`pipeline.run.plan`): its size and
   time, and the content hash the run state keeps for them. When every file is known, its result stored
   and the tables written from exactly these inputs and keys, the run is over: nothing is decoded,
   no worker starts, nothing is written. Otherwise the workers start now, in the background.
2. **Plan and work, as one stream.** Files are identified (hashed where the run state does not know
   them) and decided one by one, as the executor (process pool or Dask) asks for tasks and as the
   tables need them: the first documents are being worked on while later files are hashed. A file
   whose result is stored under the current parse key is done; one whose extract is stored under the
   current extract key is only parsed again; any other file is read and parsed; ``force`` redoes
   everything; files with the same bytes are worked on once. Each outcome is committed to the run
   state as it arrives, and logged (``OUT/logs/<run id>.jsonl``).
3. **Write, as the results arrive.** Every input's result goes, in input order, into new partitioned
   datasets as soon as those before it have gone; results that finish ahead of their turn wait in a
   bounded buffer (beyond it they are read back from the run state). After the last document only
   the publishing is left: the datasets replace the tables atomically (:mod:`pipeline.store.parquet`).

The whole run holds the output folder's lock (:mod:`pipeline.store.lock`): another run on the same
folder is refused before it reads, writes or prunes anything. Only this process writes the folder;
the executor's workers (local or Dask) send their results back to it.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config, OcrMode
from pipeline.errors import DocumentCrash
from pipeline.ocr.engines import check_engine
from pipeline.paths import path_text
from pipeline.read.identity import identify
from pipeline.run.plan import Item, Plan, fingerprint
from pipeline.run.runlog import RunLog
from pipeline.run.summary import RunReport, Summary
from pipeline.store import codec
from pipeline.store.lock import hold_output
from pipeline.store.parquet import SnapshotWriter, tables_present
from pipeline.store.state import OutputInput, RunState
from pipeline.store.versions import extract_key, parse_key
from schemas.codes import FindingCode
from schemas.enums import Severity

# the workers' code and the results' records: loaded (in the functions that use them) by a run that has
# work, not by one with nothing to do
if TYPE_CHECKING:
    from pipeline.result import DocumentResult
    from pipeline.run.pool import Executor
    from pipeline.run.worker import Outcome


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    pages: int  # pages of the documents worked on so far in this run
    seconds: float


def ingest_archive(
    files: Sequence[Path],
    config: Config,
    on_progress: Callable[[Progress], None] | None = None,
    executor: Executor | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
    not_read: Sequence[Path] = (),
) -> RunReport:
    """Bring ``config.out_dir`` up to date with ``files``; see the module's notes. ``not_read``: files
    of the input folders of a type that is not read, named in the run log and the report. A setting the run
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
        report = _ingest(files, config, on_progress, executor, on_result, not_read)
    report.lock_notice = lease.notice
    return report


def _ingest(
    files: Sequence[Path],
    config: Config,
    on_progress: Callable[[Progress], None] | None,
    executor: Executor | None,
    on_result: Callable[[DocumentResult], None] | None,
    not_read: Sequence[Path],
) -> RunReport:
    started = time.perf_counter()
    out = config.out_dir
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    ekey, rkey = extract_key(config), parse_key(config)
    with RunState(out) as state, RunLog(out, run_id) as log:
        plan = Plan(files, state, config, ekey, rkey)
        log.write(
            "run",
            run_id=run_id,
            files=len(files),
            extract_key=ekey,
            parse_key=rkey,
            workers=config.workers,
            scheduler=config.scheduler,
            notices=state.notices,
            not_read=[path_text(p) for p in not_read],
        )
        if on_progress is not None:
            on_progress(Progress(0, len(files), 0, 0.0))
        may_work = plan.may_work()
        known = plan.known_fingerprint()
        stored = state.get_meta("output_summary")
        if not may_work and known is not None and stored and _current(out, state, known):
            # nothing to do, and the tables hold exactly these inputs: no stored result is even decoded
            report = plan.report
            report.reused = len(set(plan.known))
            report.summary = Summary.from_json(stored)
        else:
            inputs = _work(plan, config, log, run_id, may_work, executor, on_progress, on_result)
            report = plan.report
            report.written = True
            summary = json.dumps(asdict(report.summary), ensure_ascii=False)
            hashes = [item.sha256 for item in plan.items]
            state.record_output(fingerprint(files, hashes, rkey), rkey, summary, inputs)
            state.prune(ekey, rkey)
            state.reclaim()
        report.files, report.log, report.out_dir = len(files), log.path, out
        report.notices = list(state.notices)
        report.not_read = [path_text(p) for p in not_read]
        report.seconds = time.perf_counter() - started
        log.write(
            "end",
            seconds=round(report.seconds, 3),
            written=report.written,
            tasks=len(plan.work),
            reused=report.reused,
            reparse=report.reparsed,
            read=report.read,
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
    from pipeline.run.pool import ProcessPool

    workers = config.workers or os.cpu_count() or 1
    return ProcessPool(config, max(1, min(workers, tasks)))


def _current(out: Path, state: RunState, fingerprint: str) -> bool:
    """Whether the tables of ``out`` were written from exactly these inputs and keys, and are there."""
    return state.get_meta("output") == fingerprint and tables_present(out)


#: results that arrived ahead of their turn kept in memory to be written; beyond this many, they are
#: read back from the run state when their turn comes (so memory stays flat behind a slow document)
REORDER = 256


def _work(
    plan: Plan,
    config: Config,
    log: RunLog,
    run_id: str,
    may_work: int,
    executor: Executor | None,
    on_progress: Callable[[Progress], None] | None,
    on_result: Callable[[DocumentResult], None] | None,
) -> list[OutputInput]:
    """Work the plan and write the tables as the results arrive, in input order: every file's result
    (its outcome, or its stored result) goes to the new datasets as soon as every file before it has
    gone, so nothing is left after the last document but publishing them. Returns what the tables were
    written from, for the run state."""
    from pipeline.result import Renditions, once_per_content
    from pipeline.run.pool import ProcessPool

    state, report, total = plan.state, plan.report, len(plan.files)
    own = executor is None
    if executor is None and may_work:
        executor = make_executor(config, may_work)
        if isinstance(executor, ProcessPool):
            executor.start()  # the workers start while the files are hashed and planned
    outcomes: Iterator[Outcome] | None = None
    ahead: dict[int, DocumentResult | None] = {}  # finished before their turn (None: in the run state)
    unstored: dict[int, DocumentResult] = {}
    first_path: dict[str, str] = {}
    renditions = Renditions()
    inputs: list[OutputInput] = []
    writer = SnapshotWriter(config.out_dir, run_id)
    worked = 0
    work_started = time.perf_counter()
    try:
        try:
            index = 0
            while plan.ensure(index):
                item = plan.items[index]
                found: DocumentResult | None = None
                if index in plan.work:
                    if outcomes is None:
                        executor = executor or make_executor(config, 1)
                        outcomes = executor.run(plan)
                        # the Parquet writer's library, loaded while the workers start on the other core
                        import pyarrow.parquet  # noqa: F401
                    while index not in ahead:
                        outcome = next(outcomes)
                        result = _keep(outcome, plan, unstored, report, config.strict)
                        room = outcome.index == index or len(ahead) < REORDER
                        ahead[outcome.index] = result if room else None
                        how = "reparsed" if plan.work[outcome.index] else "read"
                        _log_outcome(log, outcome, plan.items[outcome.index], how)
                        worked += 1
                        if on_progress is not None:
                            done = len(plan.items) - len(plan.work) + worked
                            seconds = time.perf_counter() - work_started
                            on_progress(Progress(done, total, report.pages_worked, seconds))
                    found = ahead.pop(index) or unstored.get(index)
                elif on_progress is not None and index % 100 == 99:
                    seconds = time.perf_counter() - work_started
                    on_progress(Progress(index + 1, total, report.pages_worked, seconds))
                result = _result(index, item, found, state, plan.rkey, unstored)
                inputs.append(OutputInput(item.path, item.sha256, unstored.get(index)))
                result = renditions.link(once_per_content(result, first_path))
                writer.add(result)
                report.summary.add(result)
                if on_result is not None:
                    on_result(result)
                index += 1
            report.work_s = time.perf_counter() - work_started if worked else 0.0
        finally:
            if own and executor is not None:
                executor.close()
        writer.publish()
    except BaseException:
        writer.discard()
        raise
    return inputs


def _keep(
    outcome: Outcome, plan: Plan, unstored: dict[int, DocumentResult], report: RunReport, strict: bool
) -> DocumentResult:
    """Commit an outcome to the run state (or keep it in ``unstored`` where it cannot be stored by
    hash); returns the result as the tables are to have it."""
    item, state = plan.items[outcome.index], plan.state
    if strict and outcome.crash is not None:
        raise DocumentCrash(path_text(item.path), outcome.crash)
    # a stored value that did not decode was done again: the document's rows say so
    result = outcome.result.with_path(item.path).with_findings(state.damage(item.sha256 or ""))
    report.pages_worked += result.document.n_pages
    report.ocr_pages += outcome.ocr_pages
    report.ocr_cached += outcome.ocr_cached
    encoded = outcome.encoded
    if encoded is not None and result is not outcome.result:  # changed here: its rows encoded again
        encoded = replace(encoded, result=codec.encode_result(result))
    if item.sha256 is None:
        unstored[outcome.index] = result
    elif any(f.code is FindingCode.CHANGED_WHILE_READ for f in result.findings):
        # never under the hash the run planned with: that is of other bytes (the file may be put back)
        unstored[outcome.index] = result
        state.save(result.document.doc_id, plan.rkey, result, plan.ekey, outcome.extract, encoded)
        state.forget_hash(item.path)
    else:
        state.save(item.sha256, plan.rkey, result, plan.ekey, outcome.extract, encoded)
    return result


def _result(
    index: int,
    item: Item,
    found: DocumentResult | None,
    state: RunState,
    rkey: str,
    unstored: dict[int, DocumentResult],
) -> DocumentResult:
    """An input's result for the tables: worked on in this run (``found``), else stored."""
    from pipeline.result import failed_result

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
    return found


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


def _log_outcome(log: RunLog, outcome: Outcome, item: Item, how: str) -> None:
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
