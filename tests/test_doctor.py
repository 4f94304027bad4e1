"""``raingan doctor`` (issue 16): an output folder checked, and repaired from its stored work with the
input files gone; what it cannot repair is said, with an exit code, and left untouched."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from goldcheck import REPO
from rich.console import Console

from pipeline.audit.run import audit_output
from pipeline.config import Config
from pipeline.errors import OutputDamaged
from pipeline.run.doctor import doctor, print_doctor
from pipeline.run.serial import run_serial
from pipeline.store.lock import hold_output
from pipeline.store.names import STATE_DIR, STATE_FILE
from pipeline.store.parquet import leftovers
from pipeline.store.state import RunState
from schemas.records import OUTPUT_TABLES

RAW = REPO / "data" / "raw"
#: text reports of three forms and four fiscal years, a file that fails, and a copy of one of them
INPUTS = (
    "kpi_report_chatuchak_fy2565.txt",
    "kpi_detail_flat_fy2567.txt",
    "project_progress_drainage_fy2562.txt",
    "kpi_report_huaikhwang_fy2566.txt",
    "empty.txt",
)
TABLES = [f"{model.table}.parquet" for model in OUTPUT_TABLES]


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / name) for name in TABLES}


def assert_same_tables(out: Path, before: dict[str, pd.DataFrame]) -> None:
    after = tables(out)
    for name in TABLES:
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)


def links(out: Path) -> dict[str, str]:
    return {name: os.readlink(out / name) for name in TABLES if (out / name).is_symlink()}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder of the inputs, ingested and audited, its inputs deleted afterwards."""
    root = tmp_path_factory.mktemp("doctor")
    inputs = root / "in"
    inputs.mkdir()
    for name in INPUTS:
        shutil.copy(RAW / name, inputs / name)
    shutil.copy(RAW / INPUTS[0], inputs / "copy_of_chatuchak.txt")
    out = root / "out"
    run_serial(sorted(inputs.iterdir()), Config(out_dir=out))
    audit_output(out)
    shutil.rmtree(inputs)  # doctor never reads them
    return out


@pytest.fixture
def out(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(template, copy, symlinks=True)  # the table links are relative: they stay inside
    return copy


def cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"},
    )


def test_a_whole_folder_is_found_whole_and_left_as_it_is(out: Path, tmp_path: Path) -> None:
    before, linked = tables(out), links(out)
    assert len(before["documents.parquet"]) == len(INPUTS) + 1
    done = cli("doctor", "--out", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{out} is whole." in done.stdout and "6 inputs recorded" in done.stdout
    assert "documents.parquet            ok, 6 rows" in done.stdout
    assert links(out) == linked  # nothing was written again
    assert_same_tables(out, before)


def _partition_deleted(out: Path) -> None:
    (out / "entries.parquet" / "fy2565.parquet").unlink()


def _list_deleted(out: Path) -> None:
    (out / "metrics.parquet" / "_files").unlink()


def _link_deleted(out: Path) -> None:
    (out / "dates.parquet").unlink()


def _dataset_deleted(out: Path) -> None:
    shutil.rmtree(os.path.realpath(out / "fields.parquet"))  # the link is left dangling


def _file_truncated(out: Path) -> None:
    path = out / "documents.parquet" / "fy2567.parquet"
    path.write_bytes(path.read_bytes()[:200])


def _file_dropped_in(out: Path) -> None:
    shutil.copy(out / "entries.parquet" / "fy2566.parquet", out / "entries.parquet" / "fy2566 (copy).parquet")


def _other_columns(out: Path) -> None:
    shutil.copy(out / "pages.parquet" / "fy2566.parquet", out / "entries.parquet" / "fy2566.parquet")


def _row_removed(out: Path) -> None:
    # a whole, readable file with one row fewer: only the count against the inputs shows it
    path = out / "documents.parquet" / "fy2562.parquet"
    table = pq.read_table(path)
    assert table.num_rows == 1
    pq.write_table(table.slice(0, 0), path)


def _audit_tables_deleted(out: Path) -> None:
    shutil.rmtree(os.path.realpath(out / "kpi_history.parquet"))
    (out / "audit.html").unlink()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "a partition deleted": _partition_deleted,
    "a table's list of files deleted": _list_deleted,
    "a table's link deleted": _link_deleted,
    "a dataset deleted, its link dangling": _dataset_deleted,
    "a file truncated": _file_truncated,
    "a file dropped in": _file_dropped_in,
    "a file of another table": _other_columns,
    "a row removed": _row_removed,
    "the audit's tables and report deleted": _audit_tables_deleted,
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_damaged_tables_are_written_again_from_the_stored_work(out: Path, damage: str) -> None:
    before = tables(out)
    DAMAGE[damage](out)
    checked = doctor(out, repair=False)
    assert not checked.whole and checked.found.needs_rebuild and not checked.done
    report = doctor(out)
    assert report.found.problems()
    assert report.done[0].startswith("wrote every table again from the stored rows of 6 inputs")
    assert "audited the tables again" in report.done[1]
    assert report.whole and report.after is not None and not report.after.problems()
    assert_same_tables(out, before)  # the same rows, in the same order: the inputs were not needed
    assert (out / "audit.html").is_file()
    assert leftovers(out) == []  # what the damage and the rebuild left is gone


def test_check_only_reports_and_changes_nothing(out: Path, tmp_path: Path) -> None:
    _partition_deleted(out)
    linked = links(out)
    done = cli("doctor", "--out", out, "--check", cwd=tmp_path)
    said = " ".join(done.stderr.split())
    assert done.returncode == 7, done.stderr
    assert "entries.parquet: fy2565.parquet is missing" in " ".join(done.stdout.split())
    assert f"run `raingan doctor --out {out}` to repair it" in said and "Traceback" not in said
    assert links(out) == linked and not (out / "entries.parquet" / "fy2565.parquet").exists()
    repaired = cli("doctor", "--out", out, cwd=tmp_path)
    assert repaired.returncode == 0 and f"{out} is whole now." in repaired.stdout


def test_leftovers_of_a_stopped_run_are_removed(out: Path) -> None:
    stopped = out / STATE_DIR / "runs" / "20261203T000000-stopped" / "entries.parquet"
    stopped.mkdir(parents=True)
    (stopped / "fy2565.parquet").write_bytes(b"half a file")
    (out / ".entries.parquet.link-x").symlink_to("nowhere")
    linked, before = links(out), tables(out)
    report = doctor(out)
    assert report.done == ["removed 2 leftovers of stopped runs"]
    assert report.whole and not stopped.parent.exists() and not (out / ".entries.parquet.link-x").is_symlink()
    assert links(out) == linked
    assert_same_tables(out, before)


def test_lost_stored_rows_become_failed_rows_and_the_next_ingest_redoes_them(
    out: Path, tmp_path: Path
) -> None:
    documents = tables(out)["documents.parquet"]
    lost = documents[documents["source_path"].str.endswith("kpi_detail_flat_fy2567.txt")].iloc[0]
    with sqlite3.connect(out / STATE_DIR / STATE_FILE) as db:
        db.execute("UPDATE results SET blob = X'00ff' WHERE sha256 = ?", (lost["doc_id"],))
    _partition_deleted(out)
    report = doctor(out)
    assert report.lost_in_rebuild == 1 and not report.whole
    assert report.found.lost == [lost["source_path"]]
    after = tables(out)["documents.parquet"].set_index("source_path")
    assert after.loc[lost["source_path"], "status"] == "failed"
    assert (after["status"] != "failed").sum() == (documents["status"] != "failed").sum() - 1
    findings = tables(out)["findings.parquet"]
    mine = findings[findings["doc_id"] == lost["doc_id"]]
    assert "state_damaged" in set(mine["code"]) and "raingan ingest" in " ".join(mine["message"])
    with pytest.raises(OutputDamaged, match="1 documents were written as failed rows") as raised:
        print_doctor(_quiet(), report)
    assert "raingan ingest` with the same inputs" in raised.value.hint
    # the inputs given again: only the lost one is worked on (parsed again from its stored page text)
    inputs = tmp_path / "in"
    inputs.mkdir()
    again = run_serial(_inputs_of(documents, inputs), Config(out_dir=out))
    worked = (again.report.reused, again.report.reparsed, again.report.read)
    assert again.report.written and worked == (4, 1, 0)
    fixed = tables(out)["documents.parquet"].set_index("doc_id")
    assert fixed.loc[lost["doc_id"], "status"] != "failed"


def _inputs_of(documents: pd.DataFrame, inputs: Path) -> list[Path]:
    """The template's inputs put back, under the new folder, with the same names and bytes."""
    paths = []
    for name in documents["source_path"]:
        path = inputs / Path(name).name
        source = RAW / path.name if (RAW / path.name).exists() else RAW / INPUTS[0]
        shutil.copy(source, path)
        paths.append(path)
    return paths


def _quiet() -> Console:
    return Console(file=io.StringIO())


def test_a_link_outside_the_folder_is_reported_and_left_alone(out: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(out / "documents.parquet", elsewhere)
    (out / "documents.parquet").unlink()
    (out / "documents.parquet").symlink_to(elsewhere)
    _partition_deleted(out)
    done = cli("doctor", "--out", out, cwd=tmp_path)
    said = " ".join(done.stderr.split())
    assert done.returncode == 7, done.stderr
    assert "outside" in said and f"rm {out / 'documents.parquet'}" in said
    assert os.readlink(out / "documents.parquet") == str(elsewhere)  # untouched, and so is what it leads to
    assert len(pd.read_parquet(elsewhere)) == len(INPUTS) + 1
    assert not (out / "entries.parquet" / "fy2565.parquet").exists()  # nothing rebuilt over it


def test_a_damaged_state_is_reported_and_the_tables_are_still_checked(out: Path, tmp_path: Path) -> None:
    state = out / STATE_DIR / STATE_FILE
    for extra in ("-wal", "-shm"):
        Path(f"{state}{extra}").unlink(missing_ok=True)
    data = bytearray(state.read_bytes())
    data[100:4096] = b"\xde\xad" * ((4096 - 100) // 2)  # the first page's schema is gone
    state.write_bytes(bytes(data))
    done = cli("doctor", "--out", out, cwd=tmp_path)
    said = " ".join(done.stderr.split()) + " " + " ".join(done.stdout.split())
    assert done.returncode == 7, said
    assert "the run state is damaged" in said or "cannot be opened" in said
    assert "documents.parquet ok, 6 rows" in said  # the tables were still checked
    assert "move the run state" in said and "Traceback" not in said


def test_a_folder_raingan_did_not_write_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    done = cli("doctor", "--out", folder, cwd=tmp_path)
    assert done.returncode == 4 and "is not an output folder of raingan" in done.stderr
    assert not any(folder.iterdir())


def test_doctor_waits_for_no_one_it_is_refused_while_another_run_works(out: Path, tmp_path: Path) -> None:
    with hold_output(out):
        done = cli("doctor", "--out", out, cwd=tmp_path)
    # the message names the holder's command (this pytest's, however long), so it may wrap anywhere
    assert done.returncode == 6 and "is working on" in " ".join(done.stderr.split())


def test_an_output_of_an_older_raingan_is_said_not_guessed(out: Path) -> None:
    with RunState(out) as state:
        state._db.execute("DELETE FROM meta WHERE key = 'output_key'")
    _partition_deleted(out)
    report = doctor(out)
    assert not report.done and not report.whole
    with pytest.raises(OutputDamaged) as raised:
        print_doctor(_quiet(), report)
    assert "raingan ingest` with the same inputs" in raised.value.hint
