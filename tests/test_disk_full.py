"""A full disk at any write point of an ingest and its audit (docs/RELIABILITY.md, "A full disk at any
write point").

The promise: wherever the disk fills up, the run ends with exit code 4 and a message that says what to
do (never a traceback); the tables published before stay whole and readable, all of one run (the
previous one, or this one when it had published them already); nothing is written outside the output
folder; and once space is freed the same command succeeds, with every input in the tables once.

Two ways of filling the disk: a fault layer over every write call (tests/fulldisk.py), which reaches
each write point in turn, and a real small tmpfs in a user namespace, which checks that the fault
layer's failures are those a real full disk gives.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
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


# -- a real full disk: a small tmpfs --------------------------------------------------------------------

DRIVER = Path(__file__).with_name("fulldisk_tmpfs.py")
KIB = 1024
#: what the message of a run the full disk stopped says to do first
ASKS_FOR_SPACE = r"what to do: (check )?free disk space"


def namespaces_refused() -> str | None:
    """Why a user and mount namespace cannot be had here (None: it can)."""
    if shutil.which("unshare") is None:
        return "no unshare command (util-linux)"
    tried = subprocess.run(["unshare", "-rm", "true"], capture_output=True, text=True)
    if tried.returncode != 0:
        return f"`unshare -rm true` fails ({tried.stderr.strip()}): user namespaces are not allowed here"
    return None


@pytest.fixture(scope="module")
def primed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two output folders whose run state holds the work of all three files, so that the command line
    reads and parses nothing (and starts no worker processes: a sweep point takes seconds, not tens of
    them): the tables of the two files, audited (the ingest's writes are tried), and the tables of the
    three, not audited yet (the audit's writes are tried: after an ingest has published, the space of
    the replaced tables is free again, and a full disk would never reach the audit)."""
    base = tmp_path_factory.mktemp("primed")
    ingest_and_audit(base / "ingest", AFTER)
    ingest_and_audit(base / "ingest", BEFORE)
    shutil.copytree(base / "ingest", base / "audit", symlinks=True)
    run_serial(AFTER, Config(out_dir=base / "audit"))
    return base / "ingest", base / "audit"


def test_a_real_full_tmpfs_at_many_amounts_of_free_space(primed: tuple[Path, Path], tmp_path: Path) -> None:
    """The real command line on a tmpfs filled up but for so many bytes (or inodes): exit code 0 or 4, a
    message and no traceback, the tables whole, nothing written outside the output folder, and the same
    command succeeding once the space is freed (tests/fulldisk_tmpfs.py)."""
    refused = namespaces_refused()
    if refused:
        pytest.skip(refused)
    started = time.perf_counter()
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    ingest, audit = primed
    low = [0, 4 * KIB, 24 * KIB, 40 * KIB, 48 * KIB]  # the lock, the run state, the log
    spec = {
        "mount": str(mount),
        "size": "8m",
        "nr_inodes": 2000,
        "repo": str(REPO),
        "before": [str(p) for p in BEFORE],
        "after": [str(p) for p in AFTER],
        "sweeps": [
            {"name": "ingest", "template": str(ingest), "low": low, "points": 4, "inodes": [0, 20]},
            {"name": "audit", "template": str(audit), "low": low[::2], "points": 4, "inodes": [10]},
        ],
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    results_path = tmp_path / "results.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(DRIVER.parent)])}
    driven = subprocess.run(
        ["unshare", "-rm", sys.executable, str(DRIVER), str(tmp_path / "spec.json"), str(results_path)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert driven.returncode == 0, driven.stderr
    results = json.loads(results_path.read_text(encoding="utf-8"))
    print(f"\nreal full tmpfs, {time.perf_counter() - started:.1f} s:")
    stages: set[str] = set()
    problems: list[str] = []
    for sweep in results["sweeps"]:
        print(f"  {sweep['name']} sweep (a clean run needs at most {sweep['peak'] // KIB} KiB):")
        for r in sweep["records"]:
            left = f"{r['left'] // KIB} KiB" if r["free"] == "bytes" else f"{r['left']} inodes"
            print(f"    {left:>10} free: exit {r['exit']}, {r['stage']} ({r['seconds']} s)")
            if r["exit"] == 4:
                stages.add(r["stage"])
            said = r["exit"] == 0 or re.search(ASKS_FOR_SPACE, " ".join(r["stderr"].split()))
            if r["exit"] not in (0, 4) or r["traceback"] or not said:
                problems.append(f"{sweep['name']}, {left} free: exit {r['exit']}: {r['stderr']}")
            problems += [f"{sweep['name']}, {left} free: {p}" for p in r["problems"]]
    assert not problems, "\n".join(problems)
    assert len(stages) >= 4, f"the full disk stopped the runs at too few places: {stages}"
