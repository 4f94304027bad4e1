"""Nothing lost, nothing wrong (issue 16): files that change while read, odd paths and names, the
output folder inside the input, linked folders, pipes and devices, the size cap."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from goldcheck import REPO

import pipeline.read.extract as extract_module
from pipeline.config import Config
from pipeline.errors import OutputError
from pipeline.paths import path_of_text, path_text
from pipeline.read.identity import identify, unreadable_id
from pipeline.run.serial import run_serial
from pipeline.store import replaced
from pipeline.store.parquet import leftovers
from pipeline.store.state import FileStamp, RunState

RAW = REPO / "data" / "raw"
KPI = RAW / "kpi_report_chatuchak_fy2565.txt"
OTHER = RAW / "kpi_detail_flat_fy2567.txt"


def documents(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "documents.parquet")


def codes(out: Path, doc_id: str) -> set[str]:
    findings = pd.read_parquet(out / "findings.parquet")
    return set(findings[findings["doc_id"] == doc_id]["code"])


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"},
    )


# -- a file rewritten during the run -------------------------------------------------------------------


def test_a_file_changed_while_read_is_recorded_under_what_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "in" / "report.txt"
    path.parent.mkdir()
    old, new = KPI.read_bytes(), OTHER.read_bytes()
    path.write_bytes(old)
    stamp = path.stat()
    real = extract_module.read_source

    def rewritten_first(*args: object, **kwargs: object) -> object:
        path.write_bytes(new)  # after the run hashed the file, before it is read
        monkeypatch.setattr(extract_module, "read_source", real)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract_module, "read_source", rewritten_first)
    out = tmp_path / "out"
    first = run_serial([path], Config(out_dir=out))
    doc = first.results[0].document
    assert doc.doc_id == sha(new) != sha(old)
    assert doc.form.value == "kpi_detail"  # the bytes read, not those hashed
    assert "changed_while_read" in codes(out, doc.doc_id)
    with RunState(out) as state:
        assert not state.has_result(sha(old), _any_key(state, sha(old)))

    # the old bytes put back, with their old time: not "unchanged", read again
    path.write_bytes(old)
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    again = run_serial([path], Config(out_dir=out))
    assert again.report.read == 1
    assert documents(out)["doc_id"].tolist() == [sha(old)]
    assert documents(out)["form"].tolist() == ["kpi_report"]


def _any_key(state: RunState, sha256: str) -> str:
    """Any parse key a result of ``sha256`` is stored under ('' when none is)."""
    row = state._db.execute("SELECT key FROM results WHERE sha256 = ?", (sha256,)).fetchone()
    return "" if row is None else str(row[0])


# -- the output folder inside the input ----------------------------------------------------------------


def test_the_output_folder_inside_the_input_is_never_read(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for f in (KPI, OTHER):
        shutil.copy(f, archive)
    out = archive / "out"
    for n in range(2):  # the second run would have found the first's audit.html and logs
        done = cli("ingest", archive, "--out", out, "--no-progress", "--workers", "1", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert ("the output folder is never read" in done.stdout) is (n == 1)
        assert sorted(Path(p).name for p in documents(out)["source_path"]) == sorted([KPI.name, OTHER.name])
    assert (out / "audit.html").exists()
    alone = cli("ingest", out, "--out", out, "--no-progress", cwd=tmp_path)
    assert alone.returncode == 3 and "never read as input" in " ".join(alone.stderr.split())


# -- names ------------------------------------------------------------------------------------------


def test_any_file_name_is_stored_losslessly_and_printed_safely(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    tis620 = os.fsdecode(str(archive).encode() + b"/" + "รายงาน.txt".encode("cp874"))
    Path(tis620).write_bytes(KPI.read_bytes())
    bracketed = archive / "odd[" / "red] report.txt"  # its path holds "[/red]": rich markup would choke
    bracketed.parent.mkdir()
    bracketed.write_bytes(b"\x00\x01 not text")
    out = tmp_path / "out"
    done = cli("ingest", archive, "--out", out, "--no-progress", "--workers", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "odd[/red] report.txt" in done.stdout  # the failed line, printed as it is
    assert (out / "audit.html").exists()  # the run went on to its audit
    paths = set(documents(out)["source_path"])
    assert path_text(tis620) in paths and str(bracketed) in paths
    assert path_of_text(path_text(tis620)) == Path(tis620)
    assert "\\xc3\\xd2" in path_text(tis620)  # ร, า in TIS-620: not UTF-8, written as their bytes
    again = cli("ingest", archive, "--out", out, "--no-progress", "--workers", "1", cwd=tmp_path)
    assert again.returncode == 0 and "0 read" in again.stdout  # the odd name is known the next time


def test_path_text_round_trips() -> None:
    for raw in (b"/a/\xff\xfe.txt", b"/a\\b/x.txt", b"/x\\x41.txt", "/ก/ทดสอบ [b].txt".encode(), b"/t\tab"):
        path = Path(os.fsdecode(raw))
        text = path_text(path)
        text.encode("utf-8")  # any table or terminal takes it
        assert path_of_text(text) == path
    assert path_text("/ordinary/รายงาน.txt") == "/ordinary/รายงาน.txt"


# -- linked folders, pipes, devices -------------------------------------------------------------------


def test_linked_folders_are_followed_once(tmp_path: Path) -> None:
    archive, elsewhere = tmp_path / "archive", tmp_path / "elsewhere"
    (archive / "fy2565").mkdir(parents=True)
    elsewhere.mkdir()
    shutil.copy(KPI, archive / "fy2565")
    shutil.copy(OTHER, elsewhere)
    (archive / "linked").symlink_to(elsewhere, target_is_directory=True)
    (archive / "fy2565" / "back").symlink_to(archive, target_is_directory=True)  # a loop
    out = tmp_path / "out"
    done = cli("ingest", archive, "--out", out, "--no-progress", "--workers", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(Path(p).name for p in documents(out)["source_path"]) == sorted([KPI.name, OTHER.name])
    assert "not followed: " in done.stdout and "back" in done.stdout


def test_pipes_and_devices_get_a_true_reason(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(KPI, archive)
    fifo = archive / "stuck.txt"
    os.mkfifo(fifo)
    zero = archive / "zero.txt"
    zero.symlink_to("/dev/zero")
    assert identify(fifo).not_a_file == "a named pipe (FIFO)"
    assert identify(zero).not_a_file == "a character device"
    out = tmp_path / "out"
    run = run_serial([archive / KPI.name, fifo, zero], Config(out_dir=out))
    assert [r.document.status.value for r in run.results] == ["ok", "failed", "failed"]
    for path, result in ((fifo, run.results[1]), (zero, run.results[2])):
        assert result.document.doc_id == unreadable_id(path) != ""
        assert [f.code for f in result.findings] == ["not_a_file"]
        assert "not a file" in result.findings[0].message


# -- the size cap ------------------------------------------------------------------------------------


def test_the_size_cap_is_an_option_its_message_names(tmp_path: Path) -> None:
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    big.write_bytes(KPI.read_bytes() * 30)  # ~0.3 MB
    out = tmp_path / "out"
    capped = cli("ingest", big, "--out", out, "--no-progress", "--max-file-mb", "0.1", cwd=tmp_path)
    assert capped.returncode == 0, capped.stderr
    finding = pd.read_parquet(out / "findings.parquet").iloc[0]
    assert finding["code"] == "too_large" and "--max-file-mb" in finding["message"]
    roomy = cli("ingest", big, "--out", out, "--no-progress", "--max-file-mb", "1", cwd=tmp_path)
    assert roomy.returncode == 0 and documents(out)["status"].tolist() != ["failed"]


# -- the run state: damaged, full --------------------------------------------------------------------


def test_a_damaged_state_file_is_a_message_and_the_tables_stay(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    archive.mkdir()
    shutil.copy(KPI, archive)
    assert cli("ingest", archive, "--out", out, "--no-progress", "--no-audit", cwd=tmp_path).returncode == 0
    before = documents(out)
    state = out / ".raingan" / "state.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{state}{suffix}").unlink(missing_ok=True)
    state.write_bytes(b"this is not a database, it is junk " * 200)
    done = cli("ingest", archive, "--out", out, "--no-progress", "--no-audit", cwd=tmp_path)
    said = " ".join(done.stderr.split())
    assert done.returncode == 4, done.stderr
    assert "Traceback" not in done.stderr and "move the damaged file" in said and "not the whole" in said
    pd.testing.assert_frame_equal(documents(out), before)  # the tables are whole
    state.rename(tmp_path / "damaged.sqlite")  # what the message says to do
    again = cli("ingest", archive, "--out", out, "--no-progress", "--no-audit", cwd=tmp_path)
    assert again.returncode == 0 and "1 read" in again.stdout


def test_a_full_disk_under_the_state_is_a_message(tmp_path: Path) -> None:
    run_serial([KPI], Config(out_dir=tmp_path / "out"))
    with RunState(tmp_path / "out") as state:
        pages = int(state._db.execute("PRAGMA page_count").fetchone()[0])
        state._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite says the disk is full past it
        with pytest.raises(OutputError, match="full") as raised:
            state.remember_hashes((tmp_path / f"f{i}.txt", FileStamp(i, i), "0" * 64) for i in range(5000))
        assert raised.value.exit_code == 4 and "free disk space" in raised.value.hint
        assert state.known_hash(tmp_path / "f1.txt", FileStamp(1, 1)) is None  # rolled back, still usable


# -- a table damaged by hand -------------------------------------------------------------------------


def test_a_partition_deleted_by_hand_is_noticed_and_written_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_serial([KPI, OTHER], Config(out_dir=out))
    assert first.report.written and len(documents(out)) == 2
    partitions = sorted((out / "documents.parquet").glob("fy*.parquet"))
    assert len(partitions) == 2  # two fiscal years
    partitions[0].unlink()
    assert len(documents(out)) == 1  # what a reader now sees
    again = run_serial([KPI, OTHER], Config(out_dir=out))
    assert again.report.written and again.report.read == 0  # written again from the stored results
    assert len(documents(out)) == 2
    third = run_serial([KPI, OTHER], Config(out_dir=out))
    assert not third.report.written  # and then it is up to date


def test_a_reader_that_opened_a_table_before_a_publish_can_read_it_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_serial([KPI], Config(out_dir=out))
    dataset = Path(os.path.realpath(out / "documents.parquet"))
    listed = sorted(dataset.glob("*.parquet"))  # what a reader lists, having followed the link
    run_serial([KPI, OTHER], Config(out_dir=out))  # another run publishes meanwhile
    assert Path(os.path.realpath(out / "documents.parquet")) != dataset and len(documents(out)) == 2
    assert sum(pq.read_table(path).num_rows for path in listed) == 1  # the reader's files are still there
    assert leftovers(out) == []  # kept on purpose, for a while: not a leftover
    monkeypatch.setattr(replaced, "KEEP_S", 0.0)  # the while is over: the next publish deletes them
    run_serial([OTHER], Config(out_dir=out))
    assert not dataset.exists() and leftovers(out) == []
    kept = [p.name for p in (out / ".raingan" / "runs").iterdir()]
    assert len(kept) == 1  # only the datasets the tables link to
