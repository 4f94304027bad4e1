"""The run state of an output folder: what was read and parsed, so that no work is done twice.

One SQLite database, ``OUT/.raingan/state.sqlite``, holds

- ``files``: path, size and modification time → content hash (sha256), so that an unchanged file is
  not hashed again; a file whose size or time changed is hashed, and a renamed or moved file is
  recognised by its hash;
- ``extracts``: per content hash and extract key (:mod:`pipeline.store.versions`), what reading the file gave
  (:class:`pipeline.read.extract.Extract`: page texts, OCR text and confidences, read problems);
- ``results``: per content hash and parse key, the document's rows
  (:class:`pipeline.result.DocumentResult`).

Each document's work is committed as soon as it is done (SQLite's journal makes the commit atomic),
so a run killed at any moment keeps everything finished before, and the next run goes on from there.
Stored values are pickles of the project's own records, written and read only by raingan.
"""

from __future__ import annotations

import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pipeline.errors import OutputError
from pipeline.paths import path_text
from pipeline.read.extract import Extract
from pipeline.result import DocumentResult

STATE_DIR: Final = ".raingan"
STATE_FILE: Final = "state.sqlite"
SCHEMA: Final = 1

_TABLES: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS extracts (
    sha256 TEXT NOT NULL, key TEXT NOT NULL, blob BLOB NOT NULL, PRIMARY KEY (sha256, key)
);
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT NOT NULL, key TEXT NOT NULL, blob BLOB NOT NULL, PRIMARY KEY (sha256, key)
);
"""


@dataclass(frozen=True)
class FileStamp:
    size: int
    mtime_ns: int


def stamp(path: Path) -> FileStamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return FileStamp(st.st_size, st.st_mtime_ns)


def _pack(value: object) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 3)


def _unpack(blob: bytes) -> object:
    return pickle.loads(zlib.decompress(blob))


class RunState:
    """The state database of one output folder (one writer: the process that runs the ingest)."""

    def __init__(self, out_dir: Path) -> None:
        folder = out_dir / STATE_DIR
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(folder / STATE_FILE, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_TABLES)
        except sqlite3.Error as exc:
            raise OutputError(
                f"cannot open the run state {folder / STATE_FILE}: {exc}",
                "another raingan may be writing to this --out folder; wait for it, or delete "
                f"{folder} to start over (everything will be read again)",
            ) from exc
        found = self.get_meta("schema")
        if found is not None and found != str(SCHEMA):  # an older layout: start afresh
            self._db.executescript("DELETE FROM files; DELETE FROM extracts; DELETE FROM results;")
        self.set_meta("schema", str(SCHEMA))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RunState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta ---------------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- files --------------------------------------------------------------------------------------

    def known_hash(self, path: Path, now: FileStamp) -> str | None:
        """The stored hash of ``path`` if its size and modification time are unchanged."""
        row = self._db.execute(
            "SELECT size, mtime_ns, sha256 FROM files WHERE path = ?", (path_text(path),)
        ).fetchone()
        if row is None or (row[0], row[1]) != (now.size, now.mtime_ns):
            return None
        return str(row[2])

    def remember_hashes(self, rows: Iterable[tuple[Path, FileStamp, str]]) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                ((path_text(p), s.size, s.mtime_ns, h) for p, s, h in rows),
            )

    def forget_hash(self, path: Path) -> None:
        """Hash ``path`` again next time, whatever its size and time (it changed while it was read)."""
        self._db.execute("DELETE FROM files WHERE path = ?", (path_text(path),))

    # -- work ---------------------------------------------------------------------------------------

    def _blob(self, table: str, sha256: str, key: str) -> object | None:
        row = self._db.execute(
            f"SELECT blob FROM {table} WHERE sha256 = ? AND key = ?",  # table: ours, never input
            (sha256, key),
        ).fetchone()
        return None if row is None else _unpack(row[0])

    def _has(self, table: str, sha256: str, key: str) -> bool:
        found = self._db.execute(
            f"SELECT 1 FROM {table} WHERE sha256 = ? AND key = ?",  # table: ours, never input
            (sha256, key),
        )
        return found.fetchone() is not None

    def has_result(self, sha256: str, key: str) -> bool:
        return self._has("results", sha256, key)

    def has_extract(self, sha256: str, key: str) -> bool:
        return self._has("extracts", sha256, key)

    def result(self, sha256: str, key: str) -> DocumentResult | None:
        value = self._blob("results", sha256, key)
        return value if isinstance(value, DocumentResult) else None

    def extract(self, sha256: str, key: str) -> Extract | None:
        value = self._blob("extracts", sha256, key)
        return value if isinstance(value, Extract) else None

    def save(
        self, sha256: str, result_key: str, result: DocumentResult, extract_key: str, extract: Extract | None
    ) -> None:
        """One document's work, committed at once (the extract only when it was made in this run)."""
        with self._transaction():
            if extract is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO extracts VALUES (?, ?, ?)", (sha256, extract_key, _pack(extract))
                )
            self._db.execute(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?)", (sha256, result_key, _pack(result))
            )

    def prune(self, extract_key: str, result_key: str) -> int:
        """Drop work stored under other keys (older code or settings); returns the rows dropped. Work on
        content not in this run is kept: those files may be given again."""
        with self._transaction():
            gone = self._db.execute("DELETE FROM extracts WHERE key != ?", (extract_key,)).rowcount
            gone += self._db.execute("DELETE FROM results WHERE key != ?", (result_key,)).rowcount
        return gone

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


def iter_results(state: RunState, items: Iterable[tuple[Path, str]], key: str) -> Iterator[DocumentResult]:
    """The stored results of ``(path, sha256)`` pairs, in their order, each with its current path."""
    for path, sha in items:
        result = state.result(sha, key)
        if result is not None:
            yield result.with_path(path)


def state_path(out_dir: Path) -> Path:
    return out_dir / STATE_DIR / STATE_FILE


__all__ = ["FileStamp", "RunState", "iter_results", "stamp", "state_path"]
