"""The run state's SQLite errors as run errors that say what to do, and its atomic writes."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from pipeline.errors import FREE_SPACE, OutputError


class Transaction:
    """One atomic write; SQLite's failure to write (a full disk, a read-only or damaged file) becomes a
    run error that says what to do, and the write is rolled back."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db, self._path = db, path

    def __enter__(self) -> None:
        with said_errors(self._path):
            self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _state_error(self._path, exc) from exc
            return
        with said_errors(self._path):
            self._db.execute("COMMIT")


@contextlib.contextmanager
def said_errors(path: Path) -> Iterator[None]:
    """SQLite's errors on the run state at ``path`` as an :class:`OutputError` saying what to do."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _state_error(path, exc) from exc


#: SQLite's errors for a write that found no space: the database's pages ("database or disk is full"),
#: or the shared memory of its write-ahead log, a file it grows when it opens the database ("disk I/O
#: error", said when the disk has less than its 32 KiB left)
_NO_SPACE: Final = frozenset({"SQLITE_FULL", "SQLITE_IOERR_SHMSIZE"})


def _state_error(path: Path, exc: sqlite3.Error) -> OutputError:
    """What to do when the state cannot be written or read: the tables are whole either way."""
    text = str(exc)
    if "full" in text or getattr(exc, "sqlite_errorname", None) in _NO_SPACE:
        hint = f"{FREE_SPACE}: the documents done so far are kept"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        hint = (
            f"move the damaged file {path} aside (not the whole .raingan folder: the tables live in "
            ".raingan/runs) and run again: every file is read again, the tables stay as they are"
        )
    else:
        hint = "check the folder's free space and permissions, then run the same command again"
    return OutputError(f"the run state {path} cannot be used: {text}", hint)
