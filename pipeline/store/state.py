"""The run state of an output folder: what was read and parsed, so that no work is done twice.

One SQLite database, ``OUT/.raingan/state.sqlite``, holds

- ``files``: path, size and modification time → content hash (sha256), so that an unchanged file is
  not hashed again; a file whose size or time changed is hashed, and a renamed or moved file is
  recognised by its hash;
- ``extracts``: per content hash and extract key (:mod:`pipeline.store.versions`), what reading the file gave
  (:class:`pipeline.read.extract.Extract`: page texts, OCR text and confidences, read problems);
- ``results``: per content hash and parse key, the document's rows
  (:class:`pipeline.result.DocumentResult`);
- ``output``: the inputs of the tables last published, in order (path, content hash), with the rows
  of those whose result is not in ``results`` (a file that could not be hashed, one changed while it
  was read), so that ``raingan doctor`` can write the tables again without the input files.

Each document's work is committed as soon as it is done (SQLite's journal makes the commit atomic),
so a run killed at any moment keeps everything finished before, and the next run goes on from there.

Stored values are data, never code: versioned MessagePack (:mod:`pipeline.store.codec`), filed under their
key and the codec's format, since the output folder may be shared and a pickle read from it would run
what it names. A stored value that does not decode (damaged, or not written by raingan) is not fatal:
it counts as missing, the work is done again, and :meth:`RunState.damage` gives the finding that says
so for the document's rows. A database of another schema (an older raingan's, whose values were
pickles) is not read: its work is dropped and done again, with a notice (:attr:`RunState.notices`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pipeline.errors import FREE_SPACE, OutputError, is_disk_full
from pipeline.paths import path_text
from pipeline.store import codec
from pipeline.store.compact import compact
from pipeline.store.names import STATE_DIR, STATE_FILE
from pipeline.store.state_errors import Transaction, said_errors
from pipeline.store.versions import layout_code
from schemas.codes import FindingCode
from schemas.enums import Severity, Stage

if TYPE_CHECKING:
    from pipeline.read.extract import Extract
    from pipeline.result import DocumentResult
    from schemas.records import Finding

#: 1: values were pickles (never read now); 2: values are :mod:`pipeline.store.codec`'s data (its
#: FORMAT says how they are written)
SCHEMA: Final = 2

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
CREATE TABLE IF NOT EXISTS output (
    idx INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT, blob BLOB
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


@dataclass(frozen=True)
class OutputInput:
    """One input of the tables being published: its result is in ``results`` under ``sha256`` and the
    parse key, or (``unstored``) given here."""

    path: Path
    sha256: str | None
    unstored: DocumentResult | None


@dataclass(frozen=True)
class StoredInput:
    """One input of the published tables as the state holds it (:meth:`RunState.output`)."""

    path: str  # as pipeline.paths.path_text wrote it
    sha256: str | None
    blob: object  # the rows of an input not in ``results`` (None: they are there)


@dataclass(frozen=True)
class _Table:
    """A table of stored work: which of the codec's formats its values have, their decoder, and what a
    finding calls them."""

    name: str
    format: Callable[[codec.Formats], str]
    decode: Callable[[bytes], object]
    what: str

    def filed(self, key: str, formats: codec.Formats) -> str:
        """The key a value is filed under: its own and the codec's format (work stored in another
        format is not found, as if older code had done it)."""
        return f"{key}@{self.format(formats)}"


_EXTRACTS: Final = _Table("extracts", lambda f: f.extract, codec.decode_extract, "stored page text (extract)")
_RESULTS: Final = _Table("results", lambda f: f.result, codec.decode_result, "stored rows (result)")

#: the meta row that keeps the codec's formats: ``<layout code> <extract format> <result format>``
_FORMATS: Final = "formats"


class RunState:
    """The state database of one output folder (one writer: the process that runs the ingest)."""

    def __init__(self, out_dir: Path) -> None:
        folder = out_dir / STATE_DIR
        self._path = folder / STATE_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"cannot make the run state's folder {folder}: {exc.strerror or exc}",
                f"{FREE_SPACE}: the tables are as they were"
                if is_disk_full(exc)
                else "choose another --out folder, or fix its permissions",
            ) from exc
        with said_errors(self._path):
            self._db = sqlite3.connect(self._path, isolation_level=None, timeout=30)
        #: one line each about the state as a whole (a run shows them)
        self.notices: list[str] = []
        self._damage: dict[str, dict[str, Finding]] = {}  # sha256 → table → what did not decode
        self._formats: codec.Formats | None = None
        try:
            self._open()
        except BaseException:  # a full disk, say: no open connection is left behind (nor its -wal file)
            self._db.close()
            raise

    def _open(self) -> None:
        with said_errors(self._path):
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_TABLES)
        found = self.get_meta("schema")
        if found is not None and found != str(SCHEMA):  # another layout: start afresh, read none of it
            with said_errors(self._path):
                self._db.executescript("DELETE FROM files; DELETE FROM extracts; DELETE FROM results;")
            self.notices.append(
                f"the run state is another raingan's (schema {found}, this one reads {SCHEMA}): its stored "
                "work is not used, every file is read again"
            )
        self.set_meta("schema", str(SCHEMA))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RunState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta ---------------------------------------------------------------------------------------

    def _row(self, query: str, args: tuple[object, ...]) -> tuple[object, ...] | None:
        """One row of a query; a damaged database is a run error that says what to do."""
        with said_errors(self._path):
            row: tuple[object, ...] | None = self._db.execute(query, args).fetchone()
        return row

    def get_meta(self, key: str) -> str | None:
        row = self._row("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with said_errors(self._path):
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def formats(self) -> codec.Formats:
        """The codec's formats (:func:`pipeline.store.codec.formats`), which the stored work is filed
        under, for looking whether work is stored without decoding it (:meth:`has_result` with
        ``decode=False``, :meth:`has_extract`). Walking them loads the stored classes, the records and
        pydantic (~0.2 s); the state keeps them beside the hash of the code that decides them
        (:func:`~pipeline.store.versions.layout_code`), so that a run with nothing to do takes them from
        there. When that code changed they are walked again, and kept. Writing and reading values walks
        them anyway (it loads the classes): those use :func:`pipeline.store.codec.formats` itself."""
        if self._formats is None:
            code = layout_code()
            kept = (self.get_meta(_FORMATS) or "").split(" ")
            if len(kept) == 3 and kept[0] == code:
                self._formats = codec.Formats(extract=kept[1], result=kept[2])
            else:
                self._formats = codec.formats()
                self.set_meta(_FORMATS, f"{code} {self._formats.extract} {self._formats.result}")
        return self._formats

    # -- files --------------------------------------------------------------------------------------

    def known_hash(self, path: Path, now: FileStamp) -> str | None:
        """The stored hash of ``path`` if its size and modification time are unchanged."""
        row = self._row("SELECT size, mtime_ns, sha256 FROM files WHERE path = ?", (path_text(path),))
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
        with said_errors(self._path):
            self._db.execute("DELETE FROM files WHERE path = ?", (path_text(path),))

    # -- work ---------------------------------------------------------------------------------------

    def _value(self, table: _Table, sha256: str, key: str) -> object | None:
        """The stored value; None when there is none, or it does not decode (noted for :meth:`damage`)."""
        row = self._row(
            f"SELECT blob FROM {table.name} WHERE sha256 = ? AND key = ?",  # table: ours, never input
            (sha256, table.filed(key, codec.formats())),
        )
        if row is None:
            return None
        blob = row[0]
        try:
            if not isinstance(blob, bytes):  # SQLite keeps whatever type was written
                raise codec.Undecodable(f"it is {type(blob).__name__}, not bytes")
            return table.decode(blob)
        except codec.Undecodable as exc:
            self._damage.setdefault(sha256, {})[table.name] = _damage_finding(sha256, table.what, str(exc))
            return None

    def damage(self, sha256: str) -> list[Finding]:
        """The findings of this file's stored work that did not decode in this run (none, mostly)."""
        return list(self._damage.get(sha256, {}).values())

    def has_result(self, sha256: str, key: str, decode: bool = True) -> bool:
        """Whether a result is stored and (``decode``) decodes: one that does not is work to do again.
        Decoding costs about a millisecond a document; a run that writes no table skips it."""
        return self.result(sha256, key) is not None if decode else self._stored(_RESULTS, sha256, key)

    def has_extract(self, sha256: str, key: str) -> bool:
        """Whether an extract is stored; it is decoded only when used (:meth:`extract`), and one that
        does not decode then leaves the file to be read again."""
        return self._stored(_EXTRACTS, sha256, key)

    def _stored(self, table: _Table, sha256: str, key: str) -> bool:
        query = f"SELECT 1 FROM {table.name} WHERE sha256 = ? AND key = ?"  # table: ours, never input
        return self._row(query, (sha256, table.filed(key, self.formats()))) is not None

    def result(self, sha256: str, key: str) -> DocumentResult | None:
        from pipeline.result import DocumentResult  # loaded with the codec's classes

        value = self._value(_RESULTS, sha256, key)
        return value if isinstance(value, DocumentResult) else None

    def extract(self, sha256: str, key: str) -> Extract | None:
        from pipeline.read.extract import Extract  # loaded with the codec's classes

        value = self._value(_EXTRACTS, sha256, key)
        return value if isinstance(value, Extract) else None

    def save(
        self,
        sha256: str,
        result_key: str,
        result: DocumentResult,
        extract_key: str,
        extract: Extract | None,
        encoded: codec.Encoded | None = None,
    ) -> None:
        """One document's work, committed at once (the extract only when it was made in this run).
        ``encoded``: the same, encoded already by the worker (:class:`~pipeline.store.codec.Encoded`),
        used when its formats are this code's; else the objects are encoded here (an extract that came
        only as bytes of other formats is then not stored, and a new parser version reads the file
        again)."""
        formats = codec.formats()
        if encoded is None or encoded.formats != formats:
            encoded = codec.encode(result, extract)
        with self._transaction():
            if encoded.extract is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO extracts VALUES (?, ?, ?)",
                    (sha256, _EXTRACTS.filed(extract_key, formats), encoded.extract),
                )
            self._db.execute(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                (sha256, _RESULTS.filed(result_key, formats), encoded.result),
            )

    # -- the published output -----------------------------------------------------------------------

    def record_output(
        self, fingerprint: str, result_key: str, summary: str, inputs: Iterable[OutputInput]
    ) -> None:
        """What the tables just published were written from, in one commit: their fingerprint (inputs
        and keys, for the next run's "up to date"), the parse key of their results, the run's summary
        (JSON) and the inputs in order."""
        self.formats()  # kept now, for the next run: it may have nothing to do
        with self._transaction():
            self._db.execute("DELETE FROM output")
            self._db.executemany(
                "INSERT INTO output VALUES (?, ?, ?, ?)",
                (
                    (
                        i,
                        path_text(x.path),
                        x.sha256,
                        None if x.unstored is None else codec.encode_result(x.unstored),
                    )
                    for i, x in enumerate(inputs)
                ),
            )
            meta = (("output", fingerprint), ("output_key", result_key), ("output_summary", summary))
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta)

    def forget_output(self) -> None:
        """The tables no longer hold what :meth:`record_output` says (rebuilt with documents whose work
        was lost): the next ingest writes them again."""
        with said_errors(self._path):
            self._db.execute("DELETE FROM meta WHERE key = 'output'")

    def output(self) -> Iterator[StoredInput]:
        """The inputs of the tables last published, in order (none when an older raingan wrote them)."""
        with said_errors(self._path):
            rows = self._db.execute("SELECT path, sha256, blob FROM output ORDER BY idx").fetchall()
        for path, sha256, blob in rows:
            yield StoredInput(str(path), None if sha256 is None else str(sha256), blob)

    def output_result(self, stored: StoredInput, result_key: str) -> DocumentResult | None:
        """The rows of one input of the published tables; None when they are lost (missing, or they do
        not decode: :meth:`damage` says which)."""
        if stored.blob is None:
            return None if stored.sha256 is None else self.result(stored.sha256, result_key)
        try:
            if not isinstance(stored.blob, bytes):
                raise codec.Undecodable(f"it is {type(stored.blob).__name__}, not bytes")
            return codec.decode_result(stored.blob)
        except codec.Undecodable as exc:
            what = _RESULTS.what + " of the published tables"
            self._damage.setdefault(stored.sha256 or stored.path, {})["output"] = _damage_finding(
                stored.sha256 or "", what, str(exc)
            )
            return None

    def prune(self, extract_key: str, result_key: str) -> int:
        """Drop work stored under other keys (older code or settings); returns the rows dropped. Work on
        content not in this run is kept: those files may be given again."""
        formats = codec.formats()
        with self._transaction():
            gone = self._db.execute(
                "DELETE FROM extracts WHERE key != ?", (_EXTRACTS.filed(extract_key, formats),)
            ).rowcount
            gone += self._db.execute(
                "DELETE FROM results WHERE key != ?", (_RESULTS.filed(result_key, formats),)
            ).rowcount
        return gone

    def reclaim(self) -> int:
        """Give the space of dropped work back to the disk (:func:`pipeline.store.compact.compact`);
        returns the bytes given back."""
        return compact(self._db)

    def _transaction(self) -> Transaction:
        return Transaction(self._db, self._path)


def results_key(key: str) -> str:
    """The key the results of parse key ``key`` are filed under in the ``results`` table."""
    return _RESULTS.filed(key, codec.formats())


def _damage_finding(sha256: str, what: str, why: str) -> Finding:
    from schemas.records import Finding  # loaded by the decoding that found the damage

    message = (
        f"the run state's {what} of this file could not be decoded (damaged, or not written by raingan): "
        "it was not used, and the work was done again"
    )
    return Finding(
        doc_id=sha256,
        stage=Stage.READ,
        severity=Severity.WARNING,
        code=FindingCode.STATE_DAMAGED,
        message=message,
        evidence=why,
    )


__all__ = ["FileStamp", "OutputInput", "RunState", "StoredInput", "results_key", "stamp"]
