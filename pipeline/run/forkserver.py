"""The process pool's fork server: one process that loads the reading and parsing code once
(:mod:`pipeline.run.warm`, ~0.6 s), from which every worker is forked in milliseconds.

:func:`start` sets it going without waiting for it. :class:`~pipeline.run.pool.ProcessPool` starts it
when its workers are first needed; ``raingan ingest`` starts it in its first lines (:func:`early`) when
the output folder is new, so that it loads while the command loads its own code, instead of after: a run that
has a new output folder has work to do (every input), and one file's ingest then waits ~0.35 s less.
This module imports nothing of the project's but file names, so that it can run before the rest is
loaded, and multiprocessing only when a server is started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pipeline.store.names import STATE_DIR, STATE_FILE

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext

#: what the fork server imports before it forks any worker
PRELOAD: Final = ["pipeline.run.warm"]


def context() -> ForkServerContext:
    """The multiprocessing context whose processes the fork server forks."""
    import multiprocessing  # here: a run with nothing to do never loads it (~15 ms)

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start() -> None:
    """Start the fork server (it loads :data:`PRELOAD` in the background); nothing when it runs."""
    import multiprocessing.forkserver

    context()
    multiprocessing.forkserver.ensure_running()


@contextlib.contextmanager
def early(out_dir: Path | None) -> Iterator[None]:
    """Around an ingest into ``out_dir``: the fork server is started first when the folder has no run
    state yet (every input is then work), and stopped at the end, whether a pool used it or not."""
    if out_dir is not None and not (out_dir / STATE_DIR / STATE_FILE).exists():
        start()
    try:
        yield
    finally:
        stop()


def stop() -> None:
    """Stop the fork server, if one runs. It would outlive the run by seconds, holding the terminal's
    output open; with its workers gone it holds nothing worth a clean exit (which takes ~0.1 s of
    freeing memory), so it is killed."""
    module = sys.modules.get("multiprocessing.forkserver")  # not loaded: no server was started
    server = getattr(module, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if isinstance(pid, int):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    stop_server = getattr(server, "_stop", None)
    if callable(stop_server):
        with contextlib.suppress(Exception):
            stop_server()
