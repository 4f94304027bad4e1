"""The run state's file made as small as what it holds, after work was dropped from it.

SQLite keeps the pages of deleted rows for its next rows and never gives them back by itself. When a
run drops stored work (:meth:`pipeline.store.state.RunState.prune`: after an upgrade or new settings,
every value is filed under a new key), the file stayed the size of the old work and the new together:
13.7 MB where 7.1 MB were live, for 400 PDFs, until as much had been written again. ``VACUUM`` writes
the live rows into a new file: about 50 ms for those 7 MB, done only when the free pages are more than
:data:`SHARE` of the file, so that an ordinary run (a few changed files) never pays for it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Final

#: the share of the file's pages that may stand free before it is compacted
SHARE: Final = 0.25

#: how long compacting waits for another process reading the state (ms): it is not worth a long wait
BUSY_MS: Final = 1000


def compact(db: sqlite3.Connection) -> int:
    """``VACUUM`` the database of ``db`` (outside a transaction) when more than :data:`SHARE` of its
    pages are free; returns the bytes the database shrank by (0: nothing done). Never raises for
    SQLite's sake: without room for the copy the file is left as it is, its free pages used again
    later. Another process reading the state (``raingan doctor``, say) does not stop it; the file then
    shrinks on disk when the last of them lets go of it, instead of at once."""
    page, pages, free = _pragma(db, "page_size"), _pragma(db, "page_count"), _pragma(db, "freelist_count")
    if not pages or free / pages <= SHARE:
        return 0
    waited = _pragma(db, "busy_timeout")
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        db.execute("VACUUM")
        # in write-ahead mode the new content is in the log: written back now, and the log emptied
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        return 0
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.execute(f"PRAGMA busy_timeout = {waited}")
    return max(0, (pages - _pragma(db, "page_count")) * page)


def _pragma(db: sqlite3.Connection, name: str) -> int:
    row = db.execute(f"PRAGMA {name}").fetchone()
    return int(row[0]) if row else 0
