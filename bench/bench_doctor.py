"""Benchmark (not a test): `raingan doctor` on the output of a whole archive, its check and its repair.

Makes (or reuses) a synthetic archive with :mod:`archive` (``--text`` exports, ``--pdf`` text-layer
PDFs, in ``DIR/archive``), ingests it into ``DIR/out`` (not timed), then times, each as a subprocess
of the installed CLI:

1. ``raingan doctor --out DIR/out --check`` on the whole folder (every table file read to the end);
2. ``raingan doctor --out DIR/out`` after one partition of ``entries`` was deleted: every table
   written again from the run state's stored rows, then the audit again, with the archive moved away
   (the inputs are not needed, and are not read).

It then checks that the repaired tables hold the same rows as before (:mod:`same_tables`) and prints
the wall time and the peak memory of each (the process's ``VmHWM``, read while it runs), with every
number in ``DIR/bench_doctor.json``.

    .venv/bin/python bench/bench_doctor.py [--text 2000] [--pdf 0] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import make_archive
from same_tables import compare, snapshot

CLI = Path(sys.executable).parent / "raingan"


def _high_water_kib(pid: int) -> int | None:
    """The process's peak resident memory so far (``VmHWM``; None once it has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), None)
    return int(line.split()[1]) if line else None


def timed(*args: str | Path) -> dict[str, float]:
    """Run the CLI; its wall time and peak memory (MiB), read from /proc while it runs: ``wait4``'s
    ``ru_maxrss`` would start from this process's own memory, which the child is forked from."""
    started = time.perf_counter()
    peak = 0
    with tempfile.TemporaryFile() as said:
        proc = subprocess.Popen([CLI, *map(str, args)], stdout=subprocess.DEVNULL, stderr=said)
        while proc.poll() is None:
            peak = max(peak, _high_water_kib(proc.pid) or 0)
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            said.seek(0)
            raise SystemExit(f"{' '.join(map(str, args))} exited {proc.returncode}: {said.read().decode()}")
    return {"seconds": round(seconds, 2), "peak_mib": round(peak / 1024, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--text", type=int, default=2000)
    parser.add_argument("--pdf", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "raingan-bench-doctor")
    args = parser.parse_args()
    archive = args.out / "archive"
    manifest = make_archive(archive, args.text, args.pdf, n_scan=0)
    out = args.out / "out"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([CLI, "ingest", archive, "--out", out, "--no-progress"], check=True, capture_output=True)
    docs = len(manifest["files"])
    snap_before, snap_after = args.out / "before", args.out / "after"
    snapshot(out, snap_before, archive)
    check = timed("doctor", "--out", out, "--check")
    min((out / "entries.parquet").glob("fy*.parquet")).unlink()
    away = args.out / "archive-away"
    archive.rename(away)  # the repair must not need the inputs
    try:
        repair = timed("doctor", "--out", out)
    finally:
        away.rename(archive)
    snapshot(out, snap_after, archive)
    same = compare(snap_before, snap_after)
    result = {"documents": docs, "check": check, "repair": repair, "same_tables": same}
    (args.out / "bench_doctor.json").write_text(json.dumps(result, indent=2))
    print(f"{docs} documents")
    print(f"  doctor --check          {check['seconds']:>7.2f} s  {check['peak_mib']:>7.1f} MiB")
    print(f"  doctor (repair, audit)  {repair['seconds']:>7.2f} s  {repair['peak_mib']:>7.1f} MiB")
    print(f"  tables the same after the repair: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
