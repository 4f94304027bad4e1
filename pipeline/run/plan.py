"""What a run has to do, file by file, decided as the files are identified.

A run first looks over its inputs without reading them (:class:`Plan`'s constructor): the size and
modification time of each, and the content hash the run state keeps for them. That alone says whether
the run may have nothing to do (:meth:`Plan.nothing_to_do`), and how many files at most are work (so
that the workers can be started while the rest is planned). The plan proper is made lazily: a file is
identified (hashed, when the run state does not know it) and decided when the run asks for it — by
:meth:`Plan.ensure`, as the tables are written in input order, or as the executor asks for the next
task (the plan is an iterator of :class:`~pipeline.run.worker.Task`). So the first documents are being
worked on while the later files of a large archive are still being hashed.

For each file, one of:

- **reused**: its result is stored under the current parse key (and decodes);
- **a repeat**: the same bytes as a file before it (one task for both, its rows are that file's);
- **parsed again**: its extract is stored under the current extract key (a new parser version);
- **read**: anything else, and everything with ``force``.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.paths import path_text
from pipeline.read.identity import FileId, identify
from pipeline.run.summary import RunReport, Summary
from pipeline.store.state import FileStamp, RunState, stamp

if TYPE_CHECKING:
    from pipeline.config import Config
    from pipeline.run.worker import Task

#: hashes of newly identified files are written to the run state in batches of this many
_REMEMBER_EVERY = 64


@dataclass
class Item:
    path: Path
    sha256: str | None  # None: the file could not be hashed (its task reports why)
    file: FileId | None = None  # identified in this run (None: its hash came from the run state)


class Plan:
    """The plan of a run over ``files`` (see the module's notes): ``items`` (identified so far, in input
    order), ``work`` (index → whether the task only parses a stored extract), ``report`` (the counts)."""

    def __init__(self, files: Sequence[Path], state: RunState, config: Config, ekey: str, rkey: str) -> None:
        self.files, self.state, self.config, self.ekey, self.rkey = files, state, config, ekey, rkey
        self.items: list[Item] = []
        self.work: dict[int, bool] = {}
        self.report = RunReport(Summary())
        self._todo: deque[int] = deque()
        self._seen: set[str] = set()
        self._fresh: list[tuple[Path, FileStamp, str]] = []
        # the look over the inputs: stat and the run state only, nothing read
        self._stamps = [stamp(path) for path in files]
        self._known = [
            state.known_hash(path, now) if now is not None else None
            for path, now in zip(files, self._stamps, strict=True)
        ]

    # -- before anything is read ----------------------------------------------------------------

    def may_work(self) -> int:
        """How many files at most are work: those the run state does not know, or has no result of (a
        result that does not decode is found out later, when the plan is made)."""
        if self.config.force:
            return len(self.files)
        seen: set[str] = set()
        count = 0
        for sha in self._known:
            if sha is None:
                count += 1
            elif sha not in seen:
                seen.add(sha)
                count += not self.state.has_result(sha, self.rkey, decode=False)
        return count

    @property
    def known(self) -> list[str | None]:
        """Each file's hash as the run state knows it (None: unknown, or the file is gone)."""
        return self._known

    def known_fingerprint(self) -> str | None:
        """The output fingerprint of these inputs, when the run state knows every file's hash."""
        if any(sha is None for sha in self._known):
            return None
        return fingerprint(self.files, self._known, self.rkey)

    # -- the plan, file by file -------------------------------------------------------------------

    def ensure(self, index: int) -> bool:
        """Decide every file up to ``index``; False when there is no such file."""
        while len(self.items) <= index:
            if not self._advance():
                return False
        return True

    def _advance(self) -> bool:
        index = len(self.items)
        if index >= len(self.files):
            self.remember()
            return False
        path, now, sha = self.files[index], self._stamps[index], self._known[index]
        if sha is not None or now is None:  # known; or not even stat-able (its task says why)
            item = Item(path, sha)
        else:
            file = identify(path)  # what is not a regular file, or cannot be read, gets no hash
            if file.sha256 is not None:
                self._fresh.append((path, now, file.sha256))
                if len(self._fresh) >= _REMEMBER_EVERY:
                    self.remember()
            item = Item(path, file.sha256, file)
        self.items.append(item)
        self._decide(index, item)
        return True

    def _decide(self, index: int, item: Item) -> None:
        sha, report = item.sha256, self.report
        if sha is not None and sha in self._seen:
            return  # the same bytes as a file before it: one task for both
        if sha is not None:
            self._seen.add(sha)
        if sha is not None and not self.config.force and self.state.has_result(sha, self.rkey):
            report.reused += 1
            return
        reparse = sha is not None and not self.config.force and self.state.has_extract(sha, self.ekey)
        report.reparsed += reparse
        report.read += not reparse
        self.work[index] = reparse
        self._todo.append(index)

    def remember(self) -> None:
        """Write the hashes of the files identified so far to the run state."""
        if self._fresh:
            self.state.remember_hashes(self._fresh)
            self._fresh = []

    # -- the tasks, as the executor asks for them ------------------------------------------------------

    def __iter__(self) -> Plan:
        return self

    def __next__(self) -> Task:
        """The next task: a stored extract is loaded only now, so the page text of a whole archive is
        never in memory at once."""
        from pipeline.run.worker import Task  # the workers' code: loaded by a run that has work

        while not self._todo:
            if not self._advance():
                raise StopIteration
        index = self._todo.popleft()
        item = self.items[index]
        path, sha = item.path, item.sha256
        stored = self.state.extract(sha, self.ekey) if self.work[index] and sha is not None else None
        # a file whose hash the run state gave is sniffed here, only when it is worked on (1 KB)
        file = item.file or identify(path, sha)
        return Task(index, path.absolute(), file, stored)


def fingerprint(paths: Sequence[Path], hashes: Sequence[str | None], rkey: str) -> str:
    """What the tables of a run are written from: every input's path and hash, and the parse key."""
    h = hashlib.sha256(rkey.encode())
    for path, sha in zip(paths, hashes, strict=True):
        h.update(f"{path_text(path)}\0{sha}\n".encode())
    return h.hexdigest()
