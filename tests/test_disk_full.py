"""A full disk at any write point of an ingest and its audit (docs/RELIABILITY.md, "A full disk at any
write point").

The promise: wherever the disk fills up, the run ends with exit code 4 and a message that says what to
do (never a traceback); the tables published before stay whole and readable, all of one run (the
previous one, or this one when it had published them already); nothing is written outside the output
folder; and once space is freed the same command succeeds, with every input in the tables once.

The disk is filled by a fault layer over every write call (tests/fulldisk.py), which reaches each
write point in turn.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from fulldisk import FullDisk, check_tables, check_whole, dataset_of, leftovers
from goldcheck import REPO

from pipeline.audit import audit_output
from pipeline.config import Config
from pipeline.errors import OutputError
from pipeline.run.serial import run_serial
from pipeline.store import parquet
from schemas.records import TABLES, Finding

RAW = REPO / "data" / "raw"
BEFORE = [RAW / "kpi_report_chatuchak_fy2565.txt", RAW / "kpi_detail_flat_fy2567.txt"]
AFTER = [*BEFORE, RAW / "kpi_detail_environment_fy2565.txt"]


def ingest_and_audit(out: Path, inputs: list[Path]) -> None:
    """What `raingan ingest INPUTS --out OUT` does, in this process."""
    run_serial(inputs, Config(out_dir=out))
    audit_output(out)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder after a run over two files and its audit: the tables a full disk must keep."""
    out = tmp_path_factory.mktemp("template") / "out"
    ingest_and_audit(out, BEFORE)
    return out


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A folder for the output folders the faults are tried on: in memory when the machine has a tmpfs
    at /dev/shm (a few hundred runs' copying and deleting is faster there; the faults are the layer's,
    whatever the filesystem below)."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="raingan-disk-full-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def copy_of(template: Path, out: Path) -> Path:
    shutil.copytree(template, out, symlinks=True)
    return out


@pytest.mark.parametrize(
    ("once", "stride"),
    [(False, 1), (True, 5)],
    ids=["stays-full-at-each-point", "one-write-fails-at-every-5th"],
)
def test_a_full_disk_at_any_write_point_is_a_message_and_the_tables_stay(
    template: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch, once: bool, stride: int
) -> None:
    """The disk fills at write point k, for every k of a run (``stays-full``: every later write fails
    too, until space is freed), or one write fails and the next ones work (another program freed space
    at once; every fifth point, which reaches every kind of write: the runs are the same up to the
    fault)."""
    started = time.perf_counter()
    temp = scratch / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    # rows written out while the documents are added too, not only when the tables are published
    monkeypatch.setattr(parquet, "BUFFER_ROWS", 60)
    with FullDisk(copy_of(template, scratch / "clean")).installed() as clean:
        ingest_and_audit(clean.root_path, AFTER)
    assert clean.points and not clean.outside
    problems: list[str] = []
    tried = range(0, len(clean.points), stride)
    for k in tried:
        out = copy_of(template, scratch / f"at{k}")
        layer = FullDisk(out, at=k, once=once)
        try:
            with layer.installed():
                try:
                    ingest_and_audit(out, AFTER)
                    succeeded = True  # a failed write it could do without (none, so far)
                except OutputError as exc:
                    assert exc.exit_code == 4, f"exit code {exc.exit_code}"
                    assert "free disk space" in exc.hint, f"the hint does not say to free space: {exc.hint}"
                    succeeded = False
                assert layer.failed, "the fault was not reached"
                assert check_tables(out, [BEFORE, AFTER]) == 1 or not succeeded, "success, the old tables"
                assert not layer.outside, f"written outside OUT: {layer.outside}"
                layer.free()
                ingest_and_audit(out, AFTER)
            assert check_tables(out, [AFTER]) == 0
            assert (out / "audit.html").is_file()
            assert not leftovers(out), f"left after the run that succeeded: {leftovers(out)}"
            assert not layer.outside and not list(temp.iterdir()), "written outside OUT"
        except Exception as exc:  # every write point is tried; the failures are listed together
            last = traceback.extract_tb(exc.__traceback__)[-1]
            kind, path = clean.points[k]
            problems.append(
                f"write point {k} ({kind} {path}), failed {layer.failed[:1]}: {type(exc).__name__}: "
                f"{exc} [{Path(last.filename).name}:{last.lineno}]"
            )
        shutil.rmtree(out)
    kinds = sorted({clean.points[k][0] for k in tried})
    print(
        f"\n{len(tried)} of {len(clean.points)} write points failed in turn "
        f"({'one write' if once else 'the disk stays full'}) in {time.perf_counter() - started:.1f} s; "
        f"kinds: {', '.join(kinds)}"
    )
    assert not problems, "\n".join(problems)


# -- a swap of the links that fails midway -----------------------------------------------------------


@pytest.mark.parametrize("undo_fails", [False, True], ids=["put-back", "cannot-put-back"])
def test_a_swap_that_fails_midway_puts_every_table_back(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, undo_fails: bool
) -> None:
    """Renaming a table's new link over it takes no new space, but may fail all the same (an I/O
    error): the tables swapped already are put back, so that every table is the previous run's; when
    even that fails, the message says so, each table is whole, and the next run writes them all."""
    out = copy_of(template, tmp_path / "out")
    real = os.replace
    swaps: list[str] = []

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name.endswith(".parquet") and Path(dst).parent == out:
            swaps.append(Path(dst).name)
            if len(swaps) == 3 or (undo_fails and len(swaps) > 3):
                raise OSError(errno.EIO, "Input/output error", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as raised:
        run_serial(AFTER, Config(out_dir=out))
    assert raised.value.exit_code == 4
    if undo_fails:
        assert "could not be put back" in str(raised.value)
        assert "run the same command again" in raised.value.hint
        check_whole(out)  # every table whole: the first two this run's, the others the previous run's
        runs = {dataset_of(out, m.table).parent for m in TABLES if m is not Finding}
        assert len(runs) == 2
    else:
        assert check_tables(out, [BEFORE, AFTER]) == 0  # every table the previous run's
        assert "free space and permissions" in raised.value.hint
    monkeypatch.setattr(os, "replace", real)
    ingest_and_audit(out, AFTER)
    assert check_tables(out, [AFTER]) == 0
    assert not leftovers(out)
