"""The documents of a run on a ``dask.distributed`` cluster: the same per-document work as the process
pool (:func:`pipeline.run.worker.run_task`), on every worker of the cluster.

``scheduler="local"`` starts a ``LocalCluster`` on this machine (one single-threaded worker process per
core, or ``workers``); ``tcp://HOST:8786`` joins a running scheduler (``dask scheduler`` on one
machine, ``dask worker tcp://HOST:8786 --nthreads 1`` on each). Workers read the input files by the
absolute paths this machine sees, so the archive must be at the same path on every machine (a shared
filesystem); the OCR cache, under ``--out``, is shared the same way (a worker that cannot write it
still works, without caching). Results come back to this process, which alone writes the run state
and the tables: ``--out`` needs to be writable only here.

Limits: a task that raises, or whose worker dies (Dask retries it on another worker, then gives up),
fails only its document (``worker_crash``). Dask cannot stop a running task, so ``--doc-timeout`` and
``--doc-memory`` are not enforced on a cluster; the per-page PDF time limit still is, in the worker.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.config import Config
from pipeline.errors import MissingToolError
from pipeline.result import failed_result
from pipeline.run.worker import Outcome, Task, run_task
from schemas.codes import FindingCode

INSTALL_HINT = "install the cluster extra: pip install 'raingan[cluster]' (make venv does)"


class DaskPool:
    def __init__(self, config: Config) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise MissingToolError("Dask (dask.distributed) is not installed", INSTALL_HINT) from exc
        self.config = config
        self._cluster: Any = None
        if config.scheduler == "local":
            workers = config.workers or os.cpu_count() or 1
            scratch = config.out_dir.absolute() / ".raingan" / "dask"
            dask.config.set({"temporary-directory": str(scratch)})  # nothing written outside --out
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                local_directory=str(scratch),
            )
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(config.scheduler, timeout="30s")
            except OSError as exc:
                raise MissingToolError(
                    f"cannot reach the Dask scheduler at {config.scheduler}: {exc}",
                    "start it with `dask scheduler` and its workers with `dask worker ADDRESS --nthreads 1`, "
                    "or use --scheduler local",
                ) from exc
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        from distributed import as_completed

        pending = iter(tasks)
        window = 2 * self.workers  # tasks in flight: enough to keep every worker busy
        futures: dict[Any, Task] = {}
        queue = as_completed()
        for _ in range(window):
            task = next(pending, None)
            if task is None:
                break
            self._submit(task, futures, queue)
        for future in queue:
            task = futures.pop(future)
            try:
                outcome: Outcome = future.result()
            except Exception as exc:  # the task raised, or its worker died more often than Dask allows
                message = f"the Dask task failed ({type(exc).__name__}: {exc})"
                outcome = Outcome(
                    task.index,
                    failed_result(task.path, task.sha256, task.file.fmt, FindingCode.WORKER_CRASH, message),
                    None,
                )
            future.release()
            nxt = next(pending, None)
            if nxt is not None:
                self._submit(nxt, futures, queue)
            yield outcome

    def _submit(self, task: Task, futures: dict[Any, Task], queue: Any) -> None:
        future = self.client.submit(run_task, task, self.config, pure=False)
        futures[future] = task
        queue.add(future)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
