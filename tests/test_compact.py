"""The run state's file gives the space of dropped work back: compacted when a real share of it is
free, left alone otherwise, and never an error for the run."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from pipeline.store.compact import BUSY_MS, SHARE, compact

ROWS = 200
ROW_BYTES = 4000


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A database in write-ahead mode, as the run state is, with ROWS rows of a page each."""
    with closing(sqlite3.connect(tmp_path / "state.sqlite", isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, blob BLOB NOT NULL)")
        conn.executemany("INSERT INTO t VALUES (?, ?)", ((n, os.urandom(ROW_BYTES)) for n in range(ROWS)))
        yield conn


def _pages(db: sqlite3.Connection) -> tuple[int, int]:
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    (free,) = db.execute("PRAGMA freelist_count").fetchone()
    return pages, free


def test_a_few_free_pages_are_left_for_the_next_rows(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM t WHERE n < ?", (int(ROWS * SHARE / 2),))
    before = _pages(db)
    assert before[1] > 0
    assert compact(db) == 0
    assert _pages(db) == before


def test_dropped_work_gives_its_space_back_and_keeps_every_row_left(
    db: sqlite3.Connection, tmp_path: Path
) -> None:
    kept = dict(db.execute("SELECT n, blob FROM t WHERE n >= ?", (ROWS // 2,)))
    db.execute("DELETE FROM t WHERE n < ?", (ROWS // 2,))
    pages, free = _pages(db)
    assert free / pages > SHARE
    given = compact(db)
    (page,) = db.execute("PRAGMA page_size").fetchone()
    after, free_after = _pages(db)
    assert free_after == 0 and after <= pages - free + 2
    assert given == (pages - after) * page
    assert (tmp_path / "state.sqlite").stat().st_size == after * page  # on disk now, not at the close
    assert os.path.getsize(tmp_path / "state.sqlite-wal") == 0
    assert dict(db.execute("SELECT n, blob FROM t")) == kept


def test_a_reader_of_the_state_neither_stops_it_nor_holds_it_up(
    db: sqlite3.Connection, tmp_path: Path
) -> None:
    """Another process reading the state (``raingan doctor``): compacting does not fail, and waits for
    it :data:`BUSY_MS` at most (not the 30 s a run's own writes wait), then leaves its wait as it was."""
    db.execute("DELETE FROM t WHERE n < ?", (ROWS // 2,))
    waited = db.execute("PRAGMA busy_timeout").fetchone()
    with closing(sqlite3.connect(tmp_path / "state.sqlite", isolation_level=None)) as reader:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM t").fetchone() == (ROWS // 2,)
        started = time.monotonic()
        assert compact(db) > 0
        assert time.monotonic() - started < BUSY_MS / 1000 + 1.0
        reader.execute("COMMIT")
    assert db.execute("PRAGMA busy_timeout").fetchone() == waited
    assert db.execute("SELECT count(*) FROM t").fetchone() == (ROWS // 2,)
    assert _pages(db)[1] == 0


def test_an_error_of_sqlite_leaves_the_file_as_it_is(db: sqlite3.Connection) -> None:
    """VACUUM can be refused (no room on the disk for its copy; here, a transaction still open): the
    state stays whole, nothing is raised, and the run goes on."""
    db.execute("DELETE FROM t WHERE n < ?", (ROWS // 2,))
    before = _pages(db)
    db.execute("BEGIN")
    assert compact(db) == 0
    db.execute("COMMIT")
    assert _pages(db) == before
    assert db.execute("SELECT count(*) FROM t").fetchone() == (ROWS // 2,)
