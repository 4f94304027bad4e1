"""Parquet output: one dataset per table, partitioned by fiscal year, replaced atomically.

``OUT/<table>.parquet`` is a folder of Parquet files, one per fiscal year of the documents
(``fy2566.parquet``; ``fy-unknown.parquet`` for documents without one; a table without rows has one
empty file that carries its schema). ``pandas.read_parquet(OUT / "entries.parquet")`` and
``pyarrow.parquet.read_table`` read it as one table; DuckDB reads
``read_parquet('OUT/entries.parquet/*.parquet')``. A child row sits in its document's partition. The
folder's ``_files`` lists its files (:data:`~pipeline.store.names.MANIFEST`): :func:`tables_present`
finds a table a file is missing from.

Crash safety: a run writes a complete new set of datasets under ``OUT/.raingan/runs/<run id>/``,
rows streamed to the files as they come (memory does not grow with the archive), and only then
publishes each table by replacing the symbolic link ``OUT/<table>.parquet`` with one to the new
dataset: a rename, which is atomic. A reader, or a run killed at any moment (``kill -9`` included),
sees the previous dataset or the new one, whole, never a half-written file. The links of a run are
swapped all or none (:mod:`pipeline.store.links`): when the disk fills up meanwhile, every table stays
as it was, never some tables of the new run beside others of the old. Datasets no longer linked
are deleted after publishing (and by the next run, if this one was killed first), but those replaced
a moment ago, kept for the readers that opened them (:mod:`pipeline.store.replaced`). A failed write (a
full disk) is a :class:`~pipeline.errors.OutputError` that says what to do, the tables untouched.

Deleting what no table links to is safe only because one run at a time writes an output folder (the
lock, :mod:`pipeline.store.lock`, held by every caller of :class:`SnapshotWriter` and
:func:`replace_tables`): another run's datasets are unlinked while it writes them. Every delete goes
through :func:`pipeline.store.removal.remove`, which refuses a path outside ``OUT/.raingan/runs`` (or,
for the temporary links beside the tables, outside OUT).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pipeline.errors import FREE_SPACE, OutputError, OutsideOutputError, is_disk_full, write_error
from pipeline.store import replaced
from pipeline.store.links import link_tables
from pipeline.store.lock import require_held
from pipeline.store.names import EMPTY, MANIFEST, STATE_DIR, TABLES
from pipeline.store.removal import entry_path, remove, resolves_inside

if TYPE_CHECKING:
    import pyarrow.parquet as pq

    from pipeline.result import DocumentResult
    from schemas.records import Document, Record

RUNS: Final = "runs"
#: rows held, over all tables and partitions, before the fullest are written out as row groups: the
#: writer's memory is bounded by this, not by the archive (nor by its number of fiscal years)
BUFFER_ROWS: Final = 8000


def prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder and check it can be written, before any work is done."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # a name of its own: two runs started together must not delete each other's probe (the second
        # one is refused by the lock, with the right message, only after this check)
        fd, probe = tempfile.mkstemp(prefix=".raingan-write-test-", dir=out_dir)
        os.close(fd)
        os.unlink(probe)  # not removal.remove: the file this call just made, and a failure must show
    except OSError as exc:
        raise OutputError(
            f"cannot write to the output folder {out_dir}: {exc.strerror or exc}",
            f"{FREE_SPACE}: nothing was written yet"
            if is_disk_full(exc)
            else "choose another --out folder, or fix its permissions",
        ) from exc


def runs_dir(out_dir: Path) -> Path:
    """Where every run's datasets are written, and the only place datasets are deleted from."""
    return out_dir / STATE_DIR / RUNS


def partition_of(document: Document) -> str:
    """The file a document's rows go to, by its fiscal year (Buddhist Era)."""
    return f"fy{document.fiscal_year_be}" if document.fiscal_year_be is not None else "fy-unknown"


class _Part:
    def __init__(self, path: Path, model: type[Record]) -> None:
        self.path, self.model = path, model
        self.rows: list[Record] = []
        self.writer: pq.ParquetWriter | None = None

    def flush(self) -> None:
        if not self.rows:
            return
        import pyarrow.parquet as pq  # pyarrow: loaded by a run that writes, not by one with nothing to do

        from schemas.arrow import arrow_schema, to_table

        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.writer = pq.ParquetWriter(self.path, arrow_schema(self.model), compression="zstd")
        self.writer.write_table(to_table(self.model, self.rows))
        self.rows = []

    def close(self) -> None:
        self.flush()
        if self.writer is not None:
            self.writer.close()

    def abandon(self) -> None:
        """Close the file without finishing what is held: it is being deleted. A close that fails (the
        disk full, as it was for the write that stopped the run) must not hide why the run stopped."""
        if self.writer is not None:
            with contextlib.suppress(OSError):
                self.writer.close()


#: what a failed write of the ingest's tables leaves as it was
_INGEST_KEPT: Final = "the documents done so far are kept, and the tables are as they were"


class SnapshotWriter:
    """Streams documents' rows into a new set of datasets; :meth:`publish` makes them the output."""

    def __init__(self, out_dir: Path, run_id: str | None = None) -> None:
        self.out_dir = out_dir
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.root = runs_dir(out_dir) / self.run_id
        self._parts: dict[tuple[type[Record], str], _Part] = {}
        self._held = 0

    def add(self, result: DocumentResult) -> None:
        partition = partition_of(result.document)
        for model, rows in result.rows().items():
            if rows:
                key = (model, partition)
                part = self._parts.get(key)
                if part is None:
                    part = self._parts[key] = _Part(self._dir(model) / f"{partition}.parquet", model)
                part.rows += rows
                self._held += len(rows)
        if self._held > BUFFER_ROWS:
            with self._writing():
                for part in sorted(self._parts.values(), key=lambda p: -len(p.rows)):
                    if self._held <= BUFFER_ROWS // 2:
                        break
                    self._held -= len(part.rows)
                    part.flush()

    def _dir(self, model: type[Record]) -> Path:
        return self.root / f"{model.table}.parquet"

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise write_error(f"the tables under {self.out_dir}", exc, _INGEST_KEPT) from exc

    def publish(self) -> list[Path]:
        """Finish the files, then link every table to them (all or none); returns the tables' paths. The
        caller holds the output's lock."""
        from schemas.records import OUTPUT_TABLES

        require_held(self.out_dir, "publishing tables to")
        with self._writing():
            for part in self._parts.values():
                part.close()
            for model in OUTPUT_TABLES:
                folder = self._dir(model)
                if not folder.is_dir():
                    folder.mkdir(parents=True)
                    _write(model, [], folder / EMPTY)
                _seal(folder)
            datasets = {model: self._dir(model) for model in OUTPUT_TABLES}
            previous = _linked_datasets(self.out_dir)
            published = link_tables(self.out_dir, datasets, self.run_id, runs_dir(self.out_dir))
        replaced.note(self.out_dir, runs_dir(self.out_dir), previous)
        remove_unlinked(self.out_dir)
        return published

    def discard(self) -> None:
        """Drop what was written (the run stopped before publishing, or while publishing: a dataset a
        table links to, when its old link could not be put back, is kept)."""
        for part in self._parts.values():
            part.abandon()
        if Path(os.path.realpath(self.root)) not in _linked_runs(self.out_dir):
            remove(self.root, runs_dir(self.out_dir))


def _write(model: type[Record], rows: list[Record], path: Path) -> None:
    """One Parquet file of ``rows`` (none: the table's schema alone)."""
    import pyarrow.parquet as pq

    from schemas.arrow import to_table

    pq.write_table(to_table(model, rows), path, compression="zstd")


def replace_tables(out_dir: Path, tables: dict[type[Record], dict[str, list[Record]]]) -> list[Path]:
    """Replace some tables of the output (the audit's) by new datasets, each given as rows by partition
    file name; the other tables are untouched. Same crash safety as a whole run: the new datasets are
    complete and durable before their links are swapped, all or none. The caller holds the output's
    lock."""
    require_held(out_dir, "replacing tables of")
    run_id = "audit-" + uuid.uuid4().hex[:12]
    runs = runs_dir(out_dir)
    root = runs / run_id
    previous = _linked_datasets(out_dir, tuple(model.table for model in tables))
    try:
        for model, parts in tables.items():
            folder = root / f"{model.table}.parquet"
            folder.mkdir(parents=True)
            for name, rows in sorted(parts.items()):
                if rows:
                    _write(model, rows, folder / name)
            if not any(folder.iterdir()):
                _write(model, [], folder / EMPTY)
            _seal(folder)
        published = link_tables(out_dir, {m: root / f"{m.table}.parquet" for m in tables}, run_id, runs)
    except OSError as exc:
        remove(root, runs)  # no table links to it: the links are swapped all or none
        raise write_error(f"the audit's tables under {out_dir}", exc, "the tables are as they were") from exc
    except OutputError:
        if Path(os.path.realpath(root)) not in _linked_runs(out_dir):
            remove(root, runs)
        raise
    # the replaced datasets (not their runs' other tables) are kept a while for readers, then deleted;
    # a link that led elsewhere is only replaced (the audit refuses those beforehand)
    replaced.note(out_dir, runs, previous)
    remove_unlinked(out_dir)
    return published


def _linked_datasets(out_dir: Path, tables: tuple[str, ...] = TABLES) -> set[Path]:
    """The datasets (resolved) that the ``tables`` of ``out_dir`` link to."""
    return {
        Path(os.path.realpath(out_dir / f"{table}.parquet"))
        for table in tables
        if (out_dir / f"{table}.parquet").is_symlink()
    }


def _linked_runs(out_dir: Path) -> set[Path]:
    """The run folders (resolved) that a table of ``out_dir`` links into."""
    return {dataset.parent for dataset in _linked_datasets(out_dir)}


def remove_unlinked(out_dir: Path) -> None:
    """Delete the datasets of earlier runs that no table links to any more (but those replaced a moment
    ago: :mod:`pipeline.store.replaced`), and leftovers. Only the holder of the output's lock may call
    this: a running run's datasets are not linked yet."""
    require_held(out_dir, "deleting unlinked datasets of")
    for path, root in _leftovers(out_dir):
        remove(path, root)


def leftovers(out_dir: Path) -> list[Path]:
    """What earlier runs left that no table links to: datasets of runs stopped before they published or
    replaced a while ago, and temporary links and files (each run removes them; a killed one leaves
    them to the next)."""
    return [path for path, _ in _leftovers(out_dir)]


def _leftovers(out_dir: Path) -> list[tuple[Path, Path]]:
    """Each leftover with the folder it must lie in (what :func:`~pipeline.store.removal.remove` checks)."""
    runs = runs_dir(out_dir)
    wanted = _linked_datasets(out_dir) | replaced.kept(out_dir, runs)
    wanted_runs = {dataset.parent for dataset in wanted}
    found: list[tuple[Path, Path]] = []
    for run in sorted(runs.iterdir()) if runs.is_dir() else []:
        if entry_path(run) not in wanted_runs:
            found.append((run, runs))
        elif run.is_dir() and not run.is_symlink():  # a run some of whose datasets are wanted: the others
            found += [(d, run) for d in sorted(run.iterdir()) if entry_path(d) not in wanted]
    # moved aside by versions before the runs held them
    found += [(p, out_dir / STATE_DIR) for p in sorted((out_dir / STATE_DIR).glob("old-*"))]
    found += [(p, out_dir / STATE_DIR) for p in sorted((out_dir / STATE_DIR).glob(f".{replaced.RECORD}-*"))]
    # a killed run's links beside the tables
    for pattern in (".*.parquet.link-*", ".*.parquet.back-*"):
        found += [(p, out_dir) for p in sorted(out_dir.glob(pattern))]
    return found


def check_table_links(out_dir: Path, tables: tuple[str, ...] = TABLES) -> None:
    """Refuse an output whose table links lead outside ``OUT/.raingan/runs``: what they lead to is not
    raingan's, so it must be neither read as this folder's tables nor replaced and deleted. Raises
    :class:`~pipeline.errors.OutsideOutputError`; a table that is a plain folder (an older layout) or
    missing is no concern here."""
    runs = runs_dir(out_dir)
    for table in tables:
        link = out_dir / f"{table}.parquet"
        if link.is_symlink() and not resolves_inside(link, runs):
            raise OutsideOutputError(
                f"{link} links to {os.path.realpath(link)}, outside {runs} where raingan keeps the "
                f"tables of {out_dir}; it was left untouched, and so were the other tables",
                f"if that folder is not meant to be these tables, remove the link ({link}) and run "
                f"`raingan ingest ... --out {out_dir}` again; to audit tables kept elsewhere, copy them "
                "with `cp -rL` into an output folder of their own",
            )


def tables_present(out_dir: Path) -> bool:
    """True when every table of the output is there, whole: a folder holding every file it was written
    with (a partition deleted by hand makes the next run write the tables again)."""
    for table in TABLES:
        folder = out_dir / f"{table}.parquet"
        try:
            names = (folder / MANIFEST).read_text(encoding="utf-8").split()
        except OSError:
            return False
        if not names or not all((folder / name).is_file() for name in names):
            return False
    return True


def _seal(folder: Path) -> None:
    """List the dataset's files in it (:data:`MANIFEST`), then make them all durable."""
    names = sorted(p.name for p in folder.glob("*.parquet"))
    (folder / MANIFEST).write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    """Make the folder's files durable before they are published (a power cut after the rename must not
    leave a link to missing data)."""
    for path in [*folder.iterdir(), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
