"""A disk that fills up, for tests/test_disk_full.py: a fault layer over the write calls raingan makes,
and the checks of an output folder after a run the full disk stopped.

:class:`FullDisk` wraps, for the length of a ``with``, the Python-level calls by which raingan's store,
log, run state and audit take space on the disk: creating a file (``os.open`` with ``O_CREAT``,
``io.open`` for writing, ``tempfile.mkstemp``) or a folder (``os.mkdir``, under ``Path.mkdir``),
writing (a file's ``write``, ``flush`` and ``close`` while it holds unwritten bytes, ``os.pwrite``,
``os.write``), making a link (``os.symlink``) or a new name (``os.replace``, ``os.rename``),
``os.fsync``, the Parquet writer (``pq.ParquetWriter`` opening, ``write_table``, ``close``, and
``pq.write_table``) and the run state's SQLite writes (``sqlite3.connect``, which makes the write-ahead
log's files, and every ``INSERT``, ``DELETE`` and ``COMMIT``). Calls that free or need no space pass
through: unlinking, reading, ``chmod``, ``ftruncate``, and creating a file, folder or name that exists
already (a rename onto an existing name rewrites the entry in place on ext4, XFS and tmpfs; a
copy-on-write filesystem may fail even that, which ``test_a_swap_that_fails_midway_puts_every_table_back``
tries on its own).

Every such call into the output folder is a *write point*, counted in order (:attr:`FullDisk.points`);
one outside it is recorded in :attr:`FullDisk.outside` (a run writes nothing there, but for the
dictionaries' cache, wordlists/cache.py, which is let through unrecorded). With ``at=k``,
write point ``k`` and every one after it fail the way a full disk fails them (``OSError(ENOSPC)``, or
SQLite's "database or disk is full", or the "disk I/O error" it gives when the shared memory of its
write-ahead log cannot grow), until :meth:`FullDisk.free`; with ``once=True`` only point ``k`` fails
(another program freed space at once). A failed ``pq.write_table`` leaves a half-written file behind
(pyarrow's own deletes it; a harsher fault is no weaker a test), and so does a Parquet writer whose
``write_table`` or ``close`` failed; closing that writer again works, as with pyarrow's.
"""

from __future__ import annotations

import errno
import io
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow.parquet as pq

from pipeline.store import replaced
from pipeline.store.names import MANIFEST
from pipeline.store.parquet import runs_dir
from schemas.records import OUTPUT_TABLES, TABLES, Document, Finding
from wordlists.cache import cache_folder

NO_SPACE = "No space left on device"
_SQL_WRITES = ("INSERT", "DELETE", "UPDATE", "REPLACE", "COMMIT")


def _where(target: object) -> str:
    """The absolute path a call writes to: a path, or an open file descriptor's."""
    if isinstance(target, int):
        try:
            return os.readlink(f"/proc/self/fd/{target}")
        except OSError:
            return f"<fd {target}>"
    return os.path.realpath(os.fsdecode(target))  # type: ignore[arg-type]


def _in_dictionary_cache(path: str) -> bool:
    """``path`` is the dictionaries' cache folder, in it, or one of the folders made to hold it."""
    folder = cache_folder()
    if folder is None:
        return False
    cache = os.path.realpath(folder)
    return path == cache or path.startswith(cache + os.sep) or cache.startswith(path + os.sep)


class FullDisk:
    """The fault layer (see the module's notes)."""

    def __init__(self, root: Path, at: int | None = None, once: bool = False) -> None:
        self.root_path, self.root = root, os.path.realpath(root)
        self.at, self.once = at, once
        self.points: list[tuple[str, str]] = []  # (kind, path in root), in order
        self.outside: list[str] = []  # writes outside root
        self.failed: list[str] = []  # the points that failed

    def free(self) -> None:
        """Space was freed: no call fails any more (the points go on being counted)."""
        self.at = None

    def full(self, kind: str, target: object) -> bool:
        """Count a write call; True when it must fail."""
        path = _where(target)
        if path != self.root and not path.startswith(self.root + os.sep):
            if not _in_dictionary_cache(path):
                self.outside.append(f"{kind} {path}")
            return False
        index = len(self.points)
        self.points.append((kind, os.path.relpath(path, self.root)))
        if self.at is None or index < self.at or (self.once and index > self.at):
            return False
        self.failed.append(f"{kind} {self.points[-1][1]}")
        return True

    def check(self, kind: str, target: object) -> None:
        if self.full(kind, target):
            raise OSError(errno.ENOSPC, NO_SPACE, _where(target))

    @contextmanager
    def installed(self) -> Iterator[FullDisk]:
        """The wrappers in place for the block (module attributes, restored after it)."""
        saved: list[tuple[object, str, object]] = []

        def patch(owner: object, name: str, value: object) -> None:
            saved.append((owner, name, getattr(owner, name)))
            setattr(owner, name, value)

        for owner, name, value in self._wrappers():
            patch(owner, name, value)
        try:
            yield self
        finally:
            for owner, name, value in reversed(saved):
                setattr(owner, name, value)

    def _wrappers(self) -> list[tuple[object, str, object]]:
        layer = self
        real_open, real_mkdir, real_io_open = os.open, os.mkdir, io.open
        real_symlink, real_replace, real_rename = os.symlink, os.replace, os.rename
        real_fsync, real_pwrite, real_write = os.fsync, os.pwrite, os.write
        real_connect, real_write_table, real_writer = sqlite3.connect, pq.write_table, pq.ParquetWriter

        def half_written(where: Any) -> None:
            """What a write cut short leaves: the start of a Parquet file, no footer."""
            with real_io_open(os.fsdecode(where), "wb") as f:
                f.write(b"PAR1\x15\x00")

        def open_(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
            if flags & os.O_CREAT and not os.path.lexists(path):
                layer.check("create", path)
            return real_open(path, flags, mode, dir_fd=dir_fd)

        def mkdir(path: Any, mode: int = 0o777, *, dir_fd: int | None = None) -> None:
            if not os.path.lexists(path):
                layer.check("mkdir", path)
            real_mkdir(path, mode, dir_fd=dir_fd)

        def io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if not any(c in mode for c in "wax+"):
                return real_io_open(file, mode, *args, **kwargs)
            if not isinstance(file, int) and not os.path.lexists(file):
                layer.check("create", file)
            return _File(layer, real_io_open(file, mode, *args, **kwargs), file)

        def symlink(src: Any, dst: Any, target_is_directory: bool = False, **kw: Any) -> None:
            layer.check("symlink", dst)
            real_symlink(src, dst, target_is_directory, **kw)

        def replace(src: Any, dst: Any, **kw: Any) -> None:
            if not os.path.lexists(dst):  # onto a name that exists: the entry is rewritten in place
                layer.check("rename", dst)
            real_replace(src, dst, **kw)

        def rename(src: Any, dst: Any, **kw: Any) -> None:
            if not os.path.lexists(dst):
                layer.check("rename", dst)
            real_rename(src, dst, **kw)

        def fsync(fd: Any) -> None:
            layer.check("fsync", fd if isinstance(fd, int) else fd.fileno())
            real_fsync(fd)

        def pwrite(fd: int, data: bytes, offset: int) -> int:
            layer.check("pwrite", fd)
            return real_pwrite(fd, data, offset)

        def write(fd: int, data: bytes) -> int:
            layer.check("write", fd)
            return real_write(fd, data)

        def connect(database: Any, *args: Any, **kwargs: Any) -> Any:
            if layer.full("sqlite open", database):  # as SQLite says it: the -shm file cannot grow
                error = sqlite3.OperationalError("disk I/O error")
                error.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"
                raise error
            return _Db(layer, real_connect(database, *args, **kwargs), database)

        def write_table(table: Any, where: Any, *args: Any, **kwargs: Any) -> None:
            if layer.full("parquet write_table", where):
                half_written(where)
                raise OSError(errno.ENOSPC, NO_SPACE, os.fsdecode(where))
            real_write_table(table, where, *args, **kwargs)

        class Writer(real_writer):  # type: ignore[misc, valid-type]
            def __init__(self, where: Any, schema: Any, **kwargs: Any) -> None:
                layer.check("parquet open", where)
                super().__init__(where, schema, **kwargs)
                self.where_, self.failed_ = where, False

            def write_table(self, table: Any, row_group_size: int | None = None) -> None:
                layer.check("parquet write", self.where_)
                super().write_table(table, row_group_size)

            def close(self) -> None:
                # the footer needs space; as pyarrow's, a writer whose close failed stays open, and
                # closing it again releases it without another error
                if self.is_open and not self.failed_ and layer.full("parquet close", self.where_):
                    self.failed_ = True
                    raise OSError(errno.ENOSPC, NO_SPACE, os.fsdecode(self.where_))
                super().close()

        return [
            (os, "open", open_),
            (os, "mkdir", mkdir),
            (io, "open", io_open),
            (os, "symlink", symlink),
            (os, "replace", replace),
            (os, "rename", rename),
            (os, "fsync", fsync),
            (os, "pwrite", pwrite),
            (os, "write", write),
            (sqlite3, "connect", connect),
            (pq, "write_table", write_table),
            (pq, "ParquetWriter", Writer),
        ]


class _File:
    """A file open for writing: each write is a write point, and so are ``flush`` and ``close`` while
    bytes written are not yet on the disk (a full disk fails those, not the buffered write, but failing
    either is a failure the caller must handle)."""

    def __init__(self, layer: FullDisk, file: Any, target: object) -> None:
        self._layer, self._file, self._dirty = layer, file, False
        self._target = target if not isinstance(target, int) else _where(target)

    def write(self, data: Any) -> int:
        self._layer.check("write", self._target)
        self._dirty = True
        return int(self._file.write(data))

    def flush(self) -> None:
        if self._dirty:
            self._layer.check("flush", self._target)
        self._file.flush()
        self._dirty = False

    def close(self) -> None:
        try:
            if self._dirty and not self._file.closed:
                self._layer.check("close", self._target)
        finally:
            self._file.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> _File:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _Db:
    """A SQLite connection whose writes are write points."""

    def __init__(self, layer: FullDisk, db: sqlite3.Connection, path: object) -> None:
        self._layer, self._db, self._path = layer, db, path

    def _check(self, sql: str) -> None:
        word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if word in _SQL_WRITES and self._layer.full(f"sqlite {word}", self._path):
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._db.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._db.executemany(sql, *args)

    def executescript(self, script: str) -> sqlite3.Cursor:
        self._check(script)
        return self._db.executescript(script)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


# -- the checks of an output folder ---------------------------------------------------------------------


def dataset_of(out: Path, table: str) -> Path:
    return Path(os.path.realpath(out / f"{table}.parquet"))


def check_whole(out: Path) -> None:
    """Assert every table of ``out`` is a link into the runs folder, to a folder holding every file its
    manifest lists, each written to its end."""
    runs = Path(os.path.realpath(runs_dir(out)))
    for model in OUTPUT_TABLES:
        link = out / f"{model.table}.parquet"
        assert link.is_symlink(), f"{link} is not a link"
        folder = dataset_of(out, model.table)
        assert folder.parent.parent == runs, f"{link} leads to {folder}, not a dataset in {runs}"
        names = (folder / MANIFEST).read_text(encoding="utf-8").split()
        assert names and sorted(p.name for p in folder.glob("*.parquet")) == names, f"{folder} is not whole"
        for name in names:
            pq.read_metadata(folder / name)  # a file written to its end (the footer is written last)


def check_tables(out: Path, inputs: list[list[Path]]) -> int:
    """Assert the tables of ``out`` are whole and readable (:func:`check_whole`), from one run: the
    ingest's tables all of one run, and the documents table exactly one row per input of one of
    ``inputs`` (the input lists of the runs that may have published last). Returns the index of that
    list in ``inputs``."""
    check_whole(out)
    ingest_runs = {dataset_of(out, m.table).parent for m in TABLES if m is not Finding}
    assert len(ingest_runs) == 1, f"the ingest's tables come from several runs: {sorted(ingest_runs)}"
    for model in OUTPUT_TABLES:  # the audit's tables: of that run still, or of an audit after it
        run = dataset_of(out, model.table).parent
        assert run in ingest_runs or run.name.startswith("audit-"), f"{model.table} is of {run}"
    documents = pq.read_table(dataset_of(out, Document.table)).to_pydict()
    names = sorted(Path(p).name for p in documents["source_path"])
    for index, paths in enumerate(inputs):
        if names == sorted(p.name for p in paths):
            findings = pq.read_table(dataset_of(out, Finding.table), columns=["doc_id"])
            assert set(findings.column("doc_id").to_pylist()) <= set(documents["doc_id"]), (
                "the findings name documents the documents table has not"
            )
            return index
    raise AssertionError(f"the documents table holds {names}, the inputs of no run")


def leftovers(out: Path) -> list[str]:
    """What a successful run should not leave in ``out``: datasets no table links to (but those a publish
    replaced a moment ago, kept for readers: pipeline.store.replaced), temporary links, temporary files
    of audit.html, the write probe."""
    runs = runs_dir(out)
    wanted = {dataset_of(out, m.table) for m in OUTPUT_TABLES} | replaced.kept(out, runs)
    left: list[str] = []
    for run in runs.iterdir() if runs.is_dir() else ():
        if run.resolve() not in {dataset.parent for dataset in wanted}:
            left.append(str(run))
        else:
            left += [str(p) for p in run.iterdir() if p.resolve() not in wanted]
    left += [str(p) for p in out.glob(".*") if p.name != ".raingan"]
    kept = ("runs", "lock", "state.sqlite", replaced.RECORD)
    left += [str(p) for p in (out / ".raingan").glob("*") if p.name not in kept]
    return left
