"""Whole archives: parallel workers, the run state (incremental runs), the published tables, the limits
of the process pool."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from goldcheck import REPO
from test_pdf import make_slow_pdf

import pipeline.store.versions
from pipeline.config import Config
from pipeline.read.identity import identify
from pipeline.run.archive import RunReport, ingest_archive
from pipeline.run.inputs import collect_inputs
from pipeline.run.pool import ProcessPool
from pipeline.run.worker import Task
from schemas.records import TABLES

RAW = REPO / "data" / "raw"


def archive(folder: Path, *, scan: bool = False) -> list[Path]:
    """A copy of the sample archive (text and HTML reports, their text-layer PDFs, and the scan when
    asked), so that tests may change, rename and add files."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(RAW.glob("*")):
        if path.is_file() and path.suffix in {".txt", ".html", ".docx", ".xlsx"}:
            shutil.copy(path, folder / path.name)
    (folder / "pdf").mkdir(exist_ok=True)
    for path in sorted((RAW / "pdf").glob("*.pdf")):
        shutil.copy(path, folder / "pdf" / path.name)
    if scan:
        (folder / "scan").mkdir(exist_ok=True)
        for path in sorted((RAW / "scan").glob("*.pdf")):
            shutil.copy(path, folder / "scan" / path.name)
    config = Config()
    return collect_inputs([folder], config).files


def run(files: list[Path], out: Path, **settings: object) -> RunReport:
    config = Config(out_dir=out, show_progress=False, cache_dir=out.parent / "ocr-cache", **settings)
    return ingest_archive(files, config)


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {model.table: pd.read_parquet(out / f"{model.table}.parquet") for model in TABLES}


def assert_same_tables(a: Path, b: Path) -> None:
    left, right = tables(a), tables(b)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_two_workers_write_what_one_writes(tmp_path: Path) -> None:
    files = archive(tmp_path / "in", scan=True)
    one = run(files, tmp_path / "one", workers=1)
    two = run(files, tmp_path / "two", workers=2)
    assert one.read == two.read == len(files)
    assert one.summary.documents == len(files)
    assert_same_tables(tmp_path / "one", tmp_path / "two")
    docs = tables(tmp_path / "two")["documents"]
    assert list(docs["source_path"]) != sorted(docs["source_path"]) or len(docs) == len(files)
    assert set(docs["source_path"]) == {str(f) for f in files}
    assert (docs["status"] == "ok").sum() >= 19


def test_tables_are_datasets_by_fiscal_year(tmp_path: Path) -> None:
    files = archive(tmp_path / "in")
    run(files, tmp_path / "out")
    entries = tmp_path / "out" / "entries.parquet"
    assert entries.is_symlink() and entries.is_dir()
    parts = sorted(p.name for p in entries.glob("*.parquet"))
    assert "fy2566.parquet" in parts and "fy2562.parquet" in parts
    frame = pd.read_parquet(entries)
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    for part in parts:  # each entry sits in its document's fiscal year
        piece = pd.read_parquet(entries / part)
        years = set(docs.set_index("doc_id").loc[piece["doc_id"].unique(), "fiscal_year_be"])
        # a document that states no fiscal year and has no dated entries (an agency page) is fy-unknown
        assert {"fy-unknown.parquet" if pd.isna(y) else f"fy{int(y)}.parquet" for y in years} == {part}
    assert len(frame) == sum(len(pd.read_parquet(entries / p)) for p in parts) > 100
    import duckdb

    with duckdb.connect() as db:
        counted = db.execute(f"SELECT count(*) FROM read_parquet('{entries}/*.parquet')").fetchall()
    assert counted == [(len(frame),)]


def test_a_rerun_of_an_unchanged_archive_does_nothing(tmp_path: Path) -> None:
    files = archive(tmp_path / "in")
    first = run(files, tmp_path / "out")
    before = os.readlink(tmp_path / "out" / "documents.parquet")
    again = run(files, tmp_path / "out")
    assert (again.read, again.reparsed, again.reused) == (0, 0, first.read)
    assert not again.written
    assert os.readlink(tmp_path / "out" / "documents.parquet") == before
    assert again.summary == first.summary


def test_changed_renamed_and_new_files(tmp_path: Path) -> None:
    files = archive(tmp_path / "in")
    run(files, tmp_path / "out")
    changed = tmp_path / "in" / "kpi_report_chatuchak_fy2565.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nหมายเหตุ เพิ่มเติม\n", encoding="utf-8")
    renamed = tmp_path / "in" / "pdf" / "kpi_detail_flat_fy2567.pdf"
    moved = tmp_path / "in" / "moved" / "flat.pdf"
    moved.parent.mkdir()
    renamed.rename(moved)
    copy = tmp_path / "in" / "copy_of_dindaeng.txt"
    shutil.copy(tmp_path / "in" / "project_progress_dindaeng_fy2565.txt", copy)
    now = collect_inputs([tmp_path / "in"], Config()).files
    report = run(now, tmp_path / "out")
    assert report.read == 1  # only the changed file; the moved one and the copy are known by their bytes
    assert report.reused == len(now) - 2
    docs = tables(tmp_path / "out")["documents"]
    assert str(moved) in set(docs["source_path"]) and str(renamed) not in set(docs["source_path"])
    assert len(docs) == len(now)
    findings = tables(tmp_path / "out")["findings"]
    assert "duplicate_content" in set(findings["code"])


def test_a_new_parser_reparses_from_the_stored_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = archive(tmp_path / "in", scan=True)
    first = run(files, tmp_path / "out")
    assert first.ocr_pages == 2
    monkeypatch.setattr(pipeline.store.versions, "parse_code", lambda: "a-new-parser")
    second = run(files, tmp_path / "out")
    assert (second.read, second.reparsed, second.reused) == (0, len(files), 0)
    assert second.ocr_pages == second.ocr_cached == 0  # nothing was read, not even from the OCR cache
    assert second.written
    assert_same_tables_but_version(tmp_path / "out", first)


def assert_same_tables_but_version(out: Path, first: RunReport) -> None:
    docs = tables(out)["documents"]
    assert len(docs) == first.summary.documents
    firsts = docs[docs["same_report_as"].isna()]  # a report's other renditions are counted once
    assert first.summary.entries_by_form == {
        form: int(n)
        for form, n in tables(out)["entries"].merge(firsts, on="doc_id")["form"].value_counts().items()
    } | {k: 0 for k, v in first.summary.entries_by_form.items() if v == 0}


def test_force_reads_everything_again(tmp_path: Path) -> None:
    files = archive(tmp_path / "in")
    run(files, tmp_path / "out")
    forced = run(files, tmp_path / "out", force=True)
    assert (forced.read, forced.reused) == (len(files), 0)


def reports(folder: Path) -> list[Path]:
    """The sample reports that read cleanly."""
    return [f for f in archive(folder) if f.name.startswith(("kpi_", "project_"))]


def stuck_pdf(path: Path) -> Path:
    """A PDF whose middle page PDFium takes seconds to read (its page time limit is set far above)."""
    return make_slow_pdf(path, 6_000_000)


def test_a_document_over_its_time_limit_fails_alone(tmp_path: Path) -> None:
    files = reports(tmp_path / "in")[:3]
    stuck = stuck_pdf(tmp_path / "in" / "stuck.pdf")
    report = run(
        [files[0], stuck, *files[1:]], tmp_path / "out", doc_timeout_s=4.0, workers=2, page_timeout_s=300
    )
    docs = tables(tmp_path / "out")["documents"].set_index("source_path")
    assert docs.loc[str(stuck), "status"] == "failed"
    assert (docs.drop(index=str(stuck))["status"] != "failed").all()
    findings = tables(tmp_path / "out")["findings"]
    assert "doc_timeout" in set(findings[findings["doc_id"] == docs.loc[str(stuck), "doc_id"]]["code"])
    assert report.summary.documents == 4


def test_memory_limit_and_a_dying_worker(tmp_path: Path) -> None:
    files = reports(tmp_path / "in")[:2]
    stuck = stuck_pdf(tmp_path / "in" / "stuck.pdf")
    config = Config(out_dir=tmp_path / "out", doc_memory_mb=1, doc_timeout_s=60, page_timeout_s=300)
    with ProcessPool(config, workers=1) as pool:
        outcomes = list(pool.run([Task(0, stuck, identify(stuck))]))
    assert [f.code for f in outcomes[0].result.findings] == ["doc_memory"]
    assert outcomes[0].result.document.doc_id == identify(stuck).sha256

    config = Config(out_dir=tmp_path / "out", doc_timeout_s=60, page_timeout_s=300)
    with ProcessPool(config, workers=2) as pool:
        tasks = [
            Task(0, stuck, identify(stuck)),
            Task(1, files[0], identify(files[0])),
            Task(2, files[1], identify(files[1])),
        ]
        killer = threading.Thread(target=_kill_busy_worker, args=(pool, 0))
        killer.start()
        outcomes = {o.index: o for o in pool.run(tasks)}
        killer.join()
    assert [f.code for f in outcomes[0].result.findings] == ["worker_crash"]
    assert "SIGKILL" in outcomes[0].result.findings[0].message
    assert (
        outcomes[1].result.document.status.value == "ok" and outcomes[2].result.document.status.value == "ok"
    )


def _kill_busy_worker(pool: ProcessPool, index: int) -> None:
    """Kill the worker that is on task ``index`` (as the OOM killer would)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for slot in list(pool._slots):
            if slot.task is not None and slot.task.index == index and slot.process.pid:
                time.sleep(0.5)
                os.kill(slot.process.pid, 9)
                return
        time.sleep(0.05)
