"""The run state holds data, not code: its values round-trip through the codec (MessagePack, JSON where
MessagePack cannot hold a value) exactly, and a stored value that is not one (a pickle that would run
code, junk, a truncated stream, another format, data of the wrong shape, an older raingan's database)
is never read as code, never fatal, and is done again."""

from __future__ import annotations

import ast
import math
import pickle
import shutil
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, get_args, get_type_hints

import msgspec
import pandas as pd
import pytest
from goldcheck import REPO
from pydantic import BaseModel
from test_archive import archive, tables

from parsers.document.inputs import CellInput, PageInput, TableInput, WordConfidence
from parsers.text.layercheck import ImageBox, LayerFault, LayerVerdict
from parsers.text.linebox import LineBox
from pipeline.config import Config
from pipeline.read.extract import Extract
from pipeline.read.problems import ReadProblem, problem
from pipeline.read.sources import SourceFile
from pipeline.result import DocumentResult, failed_result
from pipeline.run.archive import ingest_archive
from pipeline.run.serial import SerialExecutor, run_serial
from pipeline.run.summary import RunReport
from pipeline.run.worker import Outcome, Task, packed
from pipeline.store import codec
from pipeline.store.names import STATE_DIR, STATE_FILE
from pipeline.store.state import SCHEMA, RunState
from pipeline.store.versions import LAYOUT_FILES, READING_FOLDERS, extract_key, layout_code, parse_key
from schemas.codes import FindingCode
from schemas.enums import Severity, SourceFormat, TextSource
from schemas.records import TABLES, Metric

# -- a real run of data/raw, once for the module ----------------------------------------------------


class _Recording:
    """The serial executor, keeping every outcome (extract and result) the run was given."""

    workers = 1

    def __init__(self, inner: SerialExecutor, kept: list[Outcome]) -> None:
        self.inner, self.kept = inner, kept

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        for outcome in self.inner.run(tasks):
            self.kept.append(outcome)
            yield outcome

    def close(self) -> None:
        self.inner.close()


@dataclass(frozen=True)
class Sample:
    files: list[Path]
    state: Path  # the run state after the first run
    tables: Path  # the output folder of the first run
    cache: Path  # its OCR cache, shared by the tests' runs (the scan is not OCR'd again)
    outcomes: list[Outcome]

    def config(self, out: Path) -> Config:
        return Config(out_dir=out, show_progress=False, cache_dir=self.cache)

    def fresh(self, out: Path) -> Path:
        """An output folder holding only a copy of the first run's state; its state file."""
        (out / STATE_DIR).mkdir(parents=True)
        return Path(shutil.copy(self.state, out / STATE_DIR / STATE_FILE))

    def sha(self, name: str) -> str:
        (found,) = [o.result.document.doc_id for o in self.outcomes if o.result.document.source_path == name]
        return found


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    root = tmp_path_factory.mktemp("state")
    files = archive(root / "in", scan=True)
    config = Config(out_dir=root / "out", show_progress=False, cache_dir=root / "ocr-cache")
    outcomes: list[Outcome] = []
    with SerialExecutor(config) as serial:
        report = ingest_archive(files, config, executor=_Recording(serial, outcomes))
    assert report.read == len(files) == len(outcomes)
    stored = [replace(o, result=o.result.with_path(files[o.index])) for o in outcomes]  # as _keep stores it
    return Sample(files, root / "out" / STATE_DIR / STATE_FILE, root / "out", root / "ocr-cache", stored)


# -- the round trip ---------------------------------------------------------------------------------


def _classes(value: object) -> Iterator[type]:
    """The classes of ``value`` and of everything in it."""
    yield type(value)
    if is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _classes(getattr(value, f.name))
    elif isinstance(value, tuple | list | frozenset):
        for item in value:
            yield from _classes(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _classes(getattr(value, name))


def test_every_extract_and_result_of_data_raw_round_trips_exactly(sample: Sample) -> None:
    met: set[type] = set()
    for outcome in sample.outcomes:
        extract, result = outcome.extract, outcome.result
        assert extract is not None
        back = codec.decode_extract(codec.encode_extract(extract))
        assert back == extract and repr(back) == repr(extract)  # repr: the same types, an int stays one
        again = codec.decode_result(codec.encode_result(result))
        assert again == result and repr(again) == repr(result)
        assert codec.encode_extract(back) == codec.encode_extract(extract)  # one value, one blob
        met |= set(_classes(extract)) | set(_classes(result))
    stored = {Extract, SourceFile, PageInput, WordConfidence, LineBox, ReadProblem, DocumentResult}
    stored |= {TableInput, CellInput}  # the Word and Excel samples' tables
    assert stored | set(TABLES) <= met, (stored | set(TABLES)) - met
    formats = {o.result.document.source_format for o in sample.outcomes}
    assert formats == set(SourceFormat)
    assert {page.source for o in sample.outcomes if o.extract for page in o.extract.inputs} == set(TextSource)


def test_the_state_gives_back_the_run_s_values(sample: Sample, tmp_path: Path) -> None:
    config = sample.config(tmp_path / "out")
    sample.fresh(config.out_dir)
    with RunState(config.out_dir) as state:
        for outcome in sample.outcomes:
            sha = outcome.result.document.doc_id
            assert state.extract(sha, extract_key(config)) == outcome.extract
            assert state.result(sha, parse_key(config)) == outcome.result
            assert state.damage(sha) == []


def test_values_no_sample_holds_round_trip_too() -> None:
    """What data/raw does not give: a lone surrogate (a broken PDF font), a file name that is not UTF-8,
    infinities and NaN, a layer verdict with its image regions, unread pages, an int in a float field."""
    odd = "\udc81 ลูกค้า \ud800"
    path = Path("/archive/\udcffname.pdf")
    verdict = LayerVerdict(LayerFault.IMAGE_BODY, "a scanned body", (ImageBox(0, 1.5, 2, 3),))
    boxes = (LineBox(0, 3, 1, math.inf, -0.0, 2), LineBox(4, 9, 1.25, 8, 2, 3))
    source = SourceFile(
        path,
        "ab" * 32,
        SourceFormat.PDF,
        None,
        (odd, ""),
        (ReadProblem(FindingCode.PDF_PAGE_ERROR, Severity.WARNING, "m", None, 1),),
        frozenset({5, 1, 3}),
        (boxes, ()),
        (None, verdict),
        rules=((70.5, 145.25, 765.0, 145.25, 70.5, 145.0, 70.5, 296.75), ()),  # a page's rules, flat
    )
    page = PageInput(odd, TextSource.OCR, math.nan, (WordConfidence(0, 1, 95),), boxes, "layer")
    ruled = PageInput("ตาราง", TextSource.TEXT_LAYER, rules=(1, 2.5, 3, 2.5))  # an int stays an int
    extract = Extract(source, (page, PageInput(""), ruled), (problem(FindingCode.DECODE_REPLACED, odd),))
    back = codec.decode_extract(codec.encode_extract(extract))
    assert repr(back) == repr(extract)  # NaN is not equal to itself: the repr says it is the same
    assert back.source.unread == frozenset({1, 3, 5}) and back.source.path == path
    result = failed_result(path, "ab" * 32, SourceFormat.PDF, FindingCode.READ_ERROR, odd)
    metric = Metric(
        doc_id="ab" * 32, label=odd, kind="money", value=math.inf, raw="∞", page=1, char_start=0, char_end=1
    )
    result = replace(result, metrics=[metric])
    assert codec.decode_result(codec.encode_result(result)) == result


def _written_as(blob: bytes) -> bytes:
    return blob[len(_header(blob)) : len(_header(blob)) + 1]


def test_values_are_written_as_messagepack_and_as_json_only_where_it_cannot_hold_them() -> None:
    plain = SourceFile(Path("a.pdf"), "ab" * 32, SourceFormat.PDF, None, ("ลูกค้า",), ())
    boxes = (LineBox(0, 3, 1.5, math.inf, -0.0, math.nan, (2.0, 3.0, 4.5, 6.25)),)
    extract = Extract(plain, (PageInput("ลูกค้า", TextSource.TEXT_LAYER, lines=boxes),), ())
    blob = codec.encode_extract(extract)
    assert _written_as(blob) == codec.MSGPACK
    assert repr(codec.decode_extract(blob)) == repr(extract)  # NaN and the infinities kept
    odd = replace(extract, inputs=(PageInput("\udc81 ลูกค้า", TextSource.TEXT_LAYER, lines=boxes),))
    blob = codec.encode_extract(odd)
    assert _written_as(blob) == codec.JSON  # a lone surrogate: UTF-8 cannot hold it, JSON passes it
    assert repr(codec.decode_extract(blob)) == repr(odd)
    big = replace(extract, inputs=(PageInput("x", rules=(2**70, 1.0)),))
    assert _written_as(codec.encode_extract(big)) == codec.JSON  # beyond MessagePack's 64 bits
    assert codec.decode_extract(codec.encode_extract(big)) == big


def test_a_worker_s_encoded_outcome_is_what_the_ingesting_process_would_have_written(sample: Sample) -> None:
    """The pool's workers send their work encoded (:func:`~pipeline.run.worker.packed`): the same bytes,
    the extract only as bytes."""
    for outcome in sample.outcomes:
        sent = packed(outcome)
        assert sent.extract is None and sent.encoded is not None and sent.result is outcome.result
        assert sent.encoded.formats == codec.formats()
        assert sent.encoded.result == codec.encode_result(outcome.result)
        assert outcome.extract is not None and sent.encoded.extract == codec.encode_extract(outcome.extract)
        assert pickle.loads(pickle.dumps(sent)).encoded == sent.encoded


def test_a_value_too_large_to_inflate_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    blob = codec.encode_result(
        failed_result(Path("a.txt"), "0" * 64, SourceFormat.TXT, FindingCode.READ_ERROR, "x")
    )
    monkeypatch.setattr(codec, "MAX_DATA_BYTES", 100)
    with pytest.raises(codec.Undecodable, match="inflates to more than"):
        codec.decode_result(blob)


# -- the formats kept in the state --------------------------------------------------------------------


def _kept_formats(state: Path) -> str:
    with closing(sqlite3.connect(state)) as db:
        (row,) = db.execute("SELECT value FROM meta WHERE key = 'formats'").fetchall()
    return str(row[0])


def test_the_state_keeps_the_codec_s_formats_under_the_code_that_decides_them(sample: Sample) -> None:
    code, extract, result = _kept_formats(sample.state).split(" ")
    assert code == layout_code() and codec.Formats(extract, result) == codec.formats()


@pytest.mark.parametrize("kept", ["0123456789abcdef 1.old 1.older", None])
def test_formats_kept_for_other_code_are_walked_again(
    sample: Sample, tmp_path: Path, kept: str | None
) -> None:
    """Another raingan's formats (or none) are not trusted: the run walks the classes, finds that it has
    nothing to do all the same, and keeps this code's formats."""
    out = tmp_path / "out"
    shutil.copytree(sample.tables, out, symlinks=True)  # the table links are relative: they stay inside
    with closing(sqlite3.connect(out / STATE_DIR / STATE_FILE)) as db, db:
        if kept is None:
            db.execute("DELETE FROM meta WHERE key = 'formats'")
        else:
            db.execute("UPDATE meta SET value = ? WHERE key = 'formats'", (kept,))
    report = ingest_archive(sample.files, sample.config(out))
    assert (report.written, report.read, report.reparsed) == (False, 0, 0)
    assert _kept_formats(out / STATE_DIR / STATE_FILE) == _kept_formats(sample.state)


def _hinted(hint: object, met: set[type]) -> None:
    """The classes of type hint ``hint`` and, walked as the codec walks them, of their fields."""
    for arg in get_args(hint):
        _hinted(arg, met)
    if isinstance(hint, type) and hint not in met:
        met.add(hint)
        if is_dataclass(hint):
            for inner in get_type_hints(hint).values():
                _hinted(inner, met)
        elif issubclass(hint, BaseModel):
            for info in hint.model_fields.values():
                _hinted(info.annotation, met)


def test_the_layout_code_covers_every_stored_class() -> None:
    """The kept formats are used while :func:`~pipeline.store.versions.layout_code` is unchanged: it must
    hash the module of every class a stored value is made of (the records' modules' imports included:
    whole packages are hashed)."""
    met: set[type] = set()
    _hinted(Extract, met)
    _hinted(DocumentResult, met)
    covered = ("parsers/", "schemas/", "wordlists/", *(f"{folder}/" for folder in READING_FOLDERS))
    ours = {
        cls.__module__ for cls in met if cls.__module__.split(".")[0] in {"pipeline", "parsers", "schemas"}
    }
    assert {"pipeline.read.extract", "pipeline.result", "schemas.records", "parsers.text.linebox"} <= ours
    for module in ours:
        path = Path(str(sys.modules[module].__file__)).relative_to(REPO).as_posix()
        assert path in LAYOUT_FILES or path.startswith(covered), path


def test_nothing_in_pipeline_can_load_code_from_data() -> None:
    """No module of the pipeline imports a deserialiser that runs code, nor calls eval or exec."""
    banned = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle"}
    found = []
    for path in sorted((REPO / "pipeline").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [f"{path.name}: import {n}" for n in names if n.split(".")[0] in banned]
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"eval", "exec"}
            ):
                found.append(f"{path.name}: {node.func.id}()")
    assert found == []


# -- stored values that are not data the codec wrote ------------------------------------------------


class _Plant:
    """Unpickling it creates ``marker``: what a crafted state could do with any code at all."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[Any, ...]]:
        return Path.touch, (self.marker,)


def _header(blob: bytes) -> bytes:
    return blob[: blob.index(b"\n") + 1]


#: stored values that do not decode, made from the value they replace, the other table's value and a
#: marker file that the pickles create when unpickled
BAD: dict[str, Callable[[bytes, bytes, Path], object]] = {
    "pickle (the old state's)": lambda blob, other, marker: zlib.compress(pickle.dumps(_Plant(marker))),
    "bare pickle": lambda blob, other, marker: pickle.dumps(_Plant(marker)),
    "pickle under the header": lambda blob, other, marker: (
        _header(blob) + zlib.compress(pickle.dumps(_Plant(marker)))
    ),
    "junk": lambda blob, other, marker: bytes(range(256)) * 3,
    "empty": lambda blob, other, marker: b"",
    "truncated zlib": lambda blob, other, marker: blob[: len(blob) // 2],
    "wrong version": lambda blob, other, marker: blob.replace(f" {codec.FORMAT}.".encode(), b" 0.", 1),
    "wrong shape": lambda blob, other, marker: (
        _header(blob) + codec.JSON + zlib.compress(b'{"document": [1, 2]}')
    ),
    "wrong shape, MessagePack": lambda blob, other, marker: (
        _header(blob) + codec.MSGPACK + zlib.compress(msgspec.msgpack.encode({"document": [1, 2]}))
    ),
    "lists of the wrong length": lambda blob, other, marker: (
        _header(blob) + codec.MSGPACK + zlib.compress(msgspec.msgpack.encode([[], [], []]))
    ),
    "a MessagePack extension": lambda blob, other, marker: (
        _header(blob) + codec.MSGPACK + zlib.compress(msgspec.msgpack.encode([msgspec.msgpack.Ext(1, b"x")]))
    ),
    "data marked neither way": lambda blob, other, marker: (
        _header(blob) + b"P" + blob[len(_header(blob)) + 1 :]
    ),
    "the other table's": lambda blob, other, marker: other,
    "text, not a blob": lambda blob, other, marker: "raingan-state",
}

#: a text-layer PDF: reading it again is quick
TARGET = "pdf/kpi_report_chatuchak_fy2565.pdf"


def _blob(state: Path, table: str, sha: str) -> bytes:
    with closing(sqlite3.connect(state)) as db:
        (found,) = db.execute(f"SELECT blob FROM {table} WHERE sha256 = ?", (sha,)).fetchall()
    return bytes(found[0])


def _set(state: Path, table: str, sha: str, value: object) -> None:
    with closing(sqlite3.connect(state)) as db, db:
        if value is None:
            assert db.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha,)).rowcount == 1
        else:
            assert db.execute(f"UPDATE {table} SET blob = ? WHERE sha256 = ?", (value, sha)).rowcount == 1


def _damage(sample: Sample, out: Path, tables: dict[str, str], marker: Path) -> str:
    """A copy of the first run's state in ``out`` with the target's values replaced (``tables``: table →
    a key of :data:`BAD`, or "gone"); the target's content hash."""
    state = sample.fresh(out)
    sha = sample.sha(str(next(f for f in sample.files if f.as_posix().endswith(TARGET))))
    blobs = {t: _blob(state, t, sha) for t in ("extracts", "results")}
    for table, bad in tables.items():
        other = blobs["results" if table == "extracts" else "extracts"]
        _set(state, table, sha, None if bad == "gone" else BAD[bad](blobs[table], other, marker))
    return sha


def _assert_redone(sample: Sample, out: Path, report: RunReport, sha: str, damaged: int) -> pd.DataFrame:
    """The run finished, its tables hold every document once and the first run's rows, and the target
    has ``damaged`` state_damaged findings (counted in its documents row); its findings."""
    got, first = tables(out), tables(sample.tables)
    docs = got["documents"]
    assert len(docs) == len(sample.files) and set(docs["source_path"]) == {str(f) for f in sample.files}
    assert report.summary.documents == len(sample.files)
    for name in ("entries", "metrics", "pages", "dates", "fields"):
        pd.testing.assert_frame_equal(got[name], first[name], obj=name)
    mine = got["findings"][got["findings"]["doc_id"] == sha]
    assert list(mine["code"]).count("state_damaged") == damaged
    assert len(got["findings"]) == len(first["findings"]) + damaged
    row = docs[docs["doc_id"] == sha].iloc[0]
    was = first["documents"][first["documents"]["doc_id"] == sha].iloc[0]
    assert row["n_findings"] == was["n_findings"] + damaged == len(mine) and row["status"] == was["status"]
    config = sample.config(out)
    with RunState(out) as state:  # the damaged value was replaced by one that decodes
        assert state.result(sha, parse_key(config)) is not None
        assert state.extract(sha, extract_key(config)) is not None
        assert state.damage(sha) == []
    return mine


def test_the_exploit_is_real(tmp_path: Path) -> None:
    """The pickles the tests store would run code: unpickling one creates its marker."""
    for name, unpack in (("pickle (the old state's)", zlib.decompress), ("bare pickle", bytes)):
        marker = tmp_path / name
        blob = BAD[name](b"", b"", marker)
        assert isinstance(blob, bytes) and not marker.exists()
        pickle.loads(unpack(blob))
        assert marker.exists()


@pytest.mark.parametrize("bad", list(BAD))
def test_a_stored_result_that_does_not_decode_is_parsed_again(
    sample: Sample, tmp_path: Path, bad: str
) -> None:
    marker = tmp_path / "marker"
    sha = _damage(sample, tmp_path / "out", {"results": bad}, marker)
    run = run_serial(sample.files, sample.config(tmp_path / "out"))
    assert not marker.exists()
    assert (run.report.read, run.report.reparsed) == (0, 1)  # from its stored extract
    mine = _assert_redone(sample, tmp_path / "out", run.report, sha, 1)
    (finding,) = mine[mine["code"] == "state_damaged"].itertuples()
    assert finding.severity == "warning" and "stored rows" in finding.message and finding.evidence


def test_a_result_the_ingesting_process_changes_after_the_worker_encoded_it_is_stored_as_changed(
    sample: Sample, tmp_path: Path
) -> None:
    """Through the process pool, whose workers encode their work: the document redone because its
    stored rows were damaged gets its ``state_damaged`` finding in the ingesting process, after the
    worker encoded it; what the state keeps is the result with the finding, as the tables have it."""
    sha = _damage(sample, tmp_path / "out", {"results": "junk"}, tmp_path / "marker")
    config = sample.config(tmp_path / "out")
    report = ingest_archive(sample.files, config)  # no executor given: the process pool
    assert (report.read, report.reparsed) == (0, 1)
    with RunState(config.out_dir) as state:
        stored = state.result(sha, parse_key(config))
    assert stored is not None
    assert [f.code for f in stored.findings].count(FindingCode.STATE_DAMAGED) == 1
    findings = pd.read_parquet(config.out_dir / "findings.parquet")
    assert list(findings.loc[findings["doc_id"] == sha, "code"]).count("state_damaged") == 1


def test_a_worker_s_encoding_of_other_formats_is_not_filed_under_this_code_s(
    sample: Sample, tmp_path: Path
) -> None:
    """Bytes encoded by code of other formats (a Dask worker of another version, say) are not stored as
    this code's: the result is encoded again here, and the extract, which came only as bytes, is not
    stored (the next parser version reads the file again)."""
    config = sample.config(tmp_path / "out")
    sample.fresh(config.out_dir)
    outcome = sample.outcomes[0]
    sha = outcome.result.document.doc_id
    foreign = codec.Encoded(codec.Formats("0.x", "0.y"), b"not this code's", b"nor this")
    with RunState(config.out_dir) as state:
        state.save(sha, "k-result", outcome.result, "k-extract", None, foreign)
        assert state.result(sha, "k-result") == outcome.result
        assert state.extract(sha, "k-extract") is None
        mine = packed(outcome).encoded
        assert mine is not None
        state.save(sha, "k2-result", outcome.result, "k2-extract", None, mine)
        assert state.result(sha, "k2-result") == outcome.result
        assert state.extract(sha, "k2-extract") == outcome.extract


@pytest.mark.parametrize("bad", list(BAD))
def test_a_stored_extract_that_does_not_decode_is_read_again(
    sample: Sample, tmp_path: Path, bad: str
) -> None:
    marker = tmp_path / "marker"
    sha = _damage(sample, tmp_path / "out", {"extracts": bad, "results": "gone"}, marker)
    run = run_serial(sample.files, sample.config(tmp_path / "out"))
    assert not marker.exists()
    mine = _assert_redone(sample, tmp_path / "out", run.report, sha, 1)
    assert "stored page text" in mine[mine["code"] == "state_damaged"].iloc[0]["message"]
    (outcome,) = [o for o in sample.outcomes if o.result.document.doc_id == sha]
    with RunState(tmp_path / "out") as state:  # read again: the same extract as the first run's
        assert state.extract(sha, extract_key(sample.config(tmp_path / "out"))) == outcome.extract


def test_pickles_in_both_tables_are_both_reported_and_the_next_run_does_nothing(
    sample: Sample, tmp_path: Path
) -> None:
    marker = tmp_path / "marker"
    pickled = "pickle (the old state's)"
    sha = _damage(sample, tmp_path / "out", {"extracts": pickled, "results": pickled}, marker)
    config = sample.config(tmp_path / "out")
    run = run_serial(sample.files, config)
    assert not marker.exists()
    mine = _assert_redone(sample, tmp_path / "out", run.report, sha, 2)
    assert {m.split(" of this file")[0] for m in mine[mine["code"] == "state_damaged"]["message"]} == {
        "the run state's stored rows (result)",
        "the run state's stored page text (extract)",
    }
    again = run_serial(sample.files, config)
    assert (again.report.read, again.report.reparsed, again.report.written) == (0, 0, False)


def test_an_older_state_is_not_read_but_redone_with_a_notice(sample: Sample, tmp_path: Path) -> None:
    """A state of schema 1 held pickles: none is loaded, its work is dropped and every file read again."""
    marker = tmp_path / "marker"
    state = sample.fresh(tmp_path / "out")
    with closing(sqlite3.connect(state)) as db, db:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
        for table in ("extracts", "results"):
            db.execute(f"UPDATE {table} SET blob = ?", (zlib.compress(pickle.dumps(_Plant(marker))),))
    run = run_serial(sample.files, sample.config(tmp_path / "out"))
    assert not marker.exists()
    (notice,) = run.report.notices
    assert "schema 1" in notice and "\n" not in notice
    assert run.report.read == len(sample.files) and run.report.reused == 0
    got = tables(tmp_path / "out")
    assert "state_damaged" not in set(got["findings"]["code"])
    assert len(got["documents"]) == len(sample.files)
    with RunState(tmp_path / "out") as again:
        assert again.get_meta("schema") == str(SCHEMA) and again.notices == []
    with closing(sqlite3.connect(state)) as db:
        for table, decode in (("extracts", codec.decode_extract), ("results", codec.decode_result)):
            for (blob,) in db.execute(f"SELECT blob FROM {table}"):
                decode(blob)  # every stored value is this run's


def test_work_an_upgrade_dropped_gives_its_space_back(sample: Sample, tmp_path: Path) -> None:
    """After an upgrade every stored value is filed under keys of the old code: the run reads every
    file again, drops the old work, and the state file is as small as a fresh one, not the old work and
    the new together."""
    state = sample.fresh(tmp_path / "out")
    fresh = state.stat().st_size
    with closing(sqlite3.connect(state)) as db, db:
        for table in ("extracts", "results"):
            db.execute(f"UPDATE {table} SET key = 'older-code:' || key")
    run = run_serial(sample.files, sample.config(tmp_path / "out"))
    assert run.report.read == len(sample.files)
    with closing(sqlite3.connect(state)) as db:
        for table in ("extracts", "results"):
            keys = {key for (key,) in db.execute(f"SELECT key FROM {table}")}
            assert keys and not any(key.startswith("older-code:") for key in keys)
        assert db.execute("PRAGMA freelist_count").fetchone() == (0,)
    assert state.stat().st_size < 1.2 * fresh


def test_a_library_upgrade_changes_the_keys_it_may_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyThaiNLP's word lists are the dictionaries: a new release re-reads and re-parses; a new regex
    re-parses only; a new pypdfium2 re-reads (and so re-parses)."""
    from pipeline.config import Config
    from pipeline.store import versions

    config = Config()

    def keys() -> tuple[str, str]:
        versions.parse_code.cache_clear()
        versions.reading_code.cache_clear()
        return versions.extract_key(config), versions.parse_key(config)

    before = keys()
    installed = versions.installed_version

    def upgraded(name: str) -> str | None:
        return "99.0" if name == upgrading else installed(name)

    monkeypatch.setattr(versions, "installed_version", upgraded)
    for upgrading, reread in (("pythainlp", True), ("regex", False), ("pypdfium2", True)):
        extract, parse = keys()
        assert (extract != before[0]) is reread, upgrading
        assert parse != before[1], upgrading
    monkeypatch.undo()
    assert keys() == before


def test_the_installed_versions_are_those_importlib_metadata_gives() -> None:
    """The keys' library versions are read from the ``.dist-info`` folders' names (quicker than
    importlib.metadata): the same versions."""
    import importlib.metadata

    from pipeline.store import versions

    for name in {*versions.READING_LIBRARIES, *versions.PARSING_LIBRARIES, "pydantic", "msgspec"}:
        assert versions.installed_version(name) == importlib.metadata.version(name), name
    assert versions.installed_version("no_such_library_here") is None
