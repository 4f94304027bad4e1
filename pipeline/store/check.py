"""Is an output folder whole? Read-only checks of its tables, its leftovers and its run state, for
``raingan doctor`` (:mod:`pipeline.run.doctor`), which decides what to do about what they find.

A table is whole when ``OUT/<table>.parquet`` is a link into ``OUT/.raingan/runs``
(:mod:`pipeline.store.parquet`) to a folder that holds exactly the files its ``_files`` lists, each of
which reads to the end with the columns raingan writes. Nothing here writes, deletes or takes the
lock: the caller holds it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pyarrow.parquet as pq

from pipeline.store import codec
from pipeline.store.names import EMPTY, MANIFEST, STATE_DIR, STATE_FILE
from pipeline.store.parquet import runs_dir
from pipeline.store.removal import resolves_inside
from pipeline.store.state import SCHEMA, results_key
from pipeline.store.state_errors import said_errors
from schemas.arrow import arrow_schema
from schemas.records import OUTPUT_TABLES, Record

#: how many broken things of one table are named (the rest are counted)
NAMED: Final = 5


@dataclass
class TableHealth:
    """What was found of one table: its problems (none: whole) and, when whole, its rows."""

    name: str  # documents.parquet
    problems: list[str] = field(default_factory=list)
    rows: int | None = None
    outside: bool = False  # its link leads outside OUT/.raingan/runs: not raingan's to replace

    @property
    def whole(self) -> bool:
        return not self.problems


def check_table(out_dir: Path, model: type[Record]) -> TableHealth:
    """One table: its link, its list of files, and every file read to the end."""
    link = out_dir / f"{model.table}.parquet"
    health = TableHealth(link.name)
    runs = runs_dir(out_dir)
    if not link.exists():
        if link.is_symlink():
            health.problems.append(f"its link leads to {os.readlink(link)}, which is gone")
        else:
            health.problems.append("it is missing")
        return health
    if link.is_symlink() and not resolves_inside(link, runs):
        health.outside = True
        health.problems.append(
            f"its link leads to {os.path.realpath(link)}, outside {runs}: not raingan's, left untouched"
        )
        return health
    if not link.is_dir():
        health.problems.append("it is not a folder of Parquet files")
        return health
    try:
        listed = (link / MANIFEST).read_text(encoding="utf-8").split()
    except OSError:
        health.problems.append(f"its list of files ({MANIFEST}) is missing: an older raingan's, or damaged")
        return health
    present = {p.name for p in link.glob("*.parquet")}
    missing = [name for name in listed if name not in present]
    extra = sorted(present - set(listed))
    _name(health, "is missing", missing)
    _name(health, "was not written with it (a reader would take its rows as the table's)", extra)
    expected = arrow_schema(model)
    rows = 0
    for name in sorted(set(listed) & present):
        try:
            table = pq.read_table(link / name)
        except Exception as exc:  # pyarrow raises several kinds for a damaged file; each is the same finding
            health.problems.append(f"{name} cannot be read: {_first_line(exc)}")
            continue
        if not table.schema.equals(expected, check_metadata=False):
            health.problems.append(f"{name} does not have the columns raingan writes for this table")
            continue
        if name == EMPTY and table.num_rows:
            health.problems.append(f"{name} should hold no rows but holds {table.num_rows}")
        rows += table.num_rows
    if not listed:
        health.problems.append(f"its list of files ({MANIFEST}) is empty")
    if health.whole:
        health.rows = rows
    return health


def check_tables(out_dir: Path) -> list[TableHealth]:
    return [check_table(out_dir, model) for model in OUTPUT_TABLES]


def _name(health: TableHealth, what: str, names: list[str]) -> None:
    shown = ", ".join(names[:NAMED]) + (f" and {len(names) - NAMED} more" if len(names) > NAMED else "")
    if names:
        health.problems.append(f"{shown} {what}")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def size_of(paths: list[Path]) -> int:
    """Bytes under ``paths`` (links not followed)."""
    total = 0
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            total += sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())
        else:
            total += path.lstat().st_size
    return total


@dataclass(frozen=True)
class StateHealth:
    """What was found of the run state, read without changing it."""

    problem: str | None  # None: it opens, checks whole and is of this raingan's schema
    inputs: int | None  # the inputs of the published tables it records (None: it records none)
    audited: bool  # it records an audit of the tables


def check_state(out_dir: Path) -> StateHealth:
    """Open ``OUT/.raingan/state.sqlite`` read-only: SQLite's own check of its pages, its schema, and the
    list of inputs of the published tables (written by ``ingest`` since this raingan)."""
    path = out_dir / STATE_DIR / STATE_FILE
    if not path.is_file():
        return StateHealth("there is no run state (.raingan/state.sqlite)", None, False)
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return StateHealth(f"the run state cannot be opened: {exc}", None, False)
    try:
        verdict = [str(row[0]) for row in db.execute("PRAGMA quick_check").fetchall()]
        if verdict != ["ok"]:
            return StateHealth(f"the run state is damaged: {'; '.join(verdict[:3])}", None, False)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema") != str(SCHEMA):
            return StateHealth(
                f"the run state is another raingan's (schema {meta.get('schema')}, this one reads {SCHEMA})",
                None,
                False,
            )
        has_list = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'output'").fetchone() is not None
        inputs = int(db.execute("SELECT count(*) FROM output").fetchone()[0]) if has_list else 0
        recorded = inputs if "output_key" in meta else None
        return StateHealth(None, recorded, "audit" in meta)
    except sqlite3.Error as exc:
        return StateHealth(f"the run state is damaged: {exc}", None, False)
    finally:
        db.close()


def lost_outputs(out_dir: Path) -> list[str]:
    """The inputs of the published tables (as :func:`pipeline.paths.path_text` wrote their paths) whose
    rows the run state cannot give back: missing from ``results``, or not decoding. Read without
    writing anything; the state must be of this schema and record an output."""
    path = out_dir / STATE_DIR / STATE_FILE
    uri = f"{path.absolute().as_uri()}?mode=ro"
    with said_errors(path), contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        key = db.execute("SELECT value FROM meta WHERE key = 'output_key'").fetchone()
        if key is None:
            return []
        rows = db.execute(
            "SELECT o.path, o.blob, r.blob FROM output o LEFT JOIN results r "
            "ON r.sha256 = o.sha256 AND r.key = ? ORDER BY o.idx",
            (results_key(str(key[0])),),
        ).fetchall()
    lost: list[str] = []
    for name, own, stored in rows:
        blob = own if own is not None else stored
        try:
            if not isinstance(blob, bytes):
                raise codec.Undecodable("missing")
            codec.decode_result(blob)
        except codec.Undecodable:
            lost.append(str(name))
    return lost
