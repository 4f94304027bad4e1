"""The driver of tests/test_disk_full.py's real full disk: run inside ``unshare -rm`` (a user and a mount
namespace, where this process may mount), it mounts a small tmpfs and runs the real command line on a
copy of an output folder, with the tmpfs filled up but for a given amount of space.

    python fulldisk_tmpfs.py SPEC.json RESULTS.json

SPEC names the tmpfs (mount point, size, inodes), the inputs of the run that made the tables and of the
run tried, and the sweeps: each a template output folder, and amounts of free space to leave. Bytes:
``low`` (a list, where the first writes of a run fail: the lock, the run state, the log) and ``points``
more spread evenly up to the most a clean run takes, measured by polling the free space while one runs;
inodes: ``inodes``. For each amount: the output folder is copied in, a filler takes the rest of the
space, ``raingan ingest`` runs (exit code and stderr kept), the filler is deleted, the tables are
checked (tests/fulldisk.py's ``check_tables``), nothing may have been written outside the output
folder, and, unless the run succeeded, the same command runs again, which must succeed with every input
once. RESULTS gets one record per amount, written as they come.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from fulldisk import check_tables, leftovers

PAGE = 4096
#: what the message of a stopped run names, and the write it was
STAGES = (
    ("to the output folder", "write probe"),
    ("lock file", "lock"),
    ("run state", "state"),
    ("run's log", "log"),
    ("audit's tables", "audit tables"),
    ("audit report", "audit.html"),
    ("tables under", "tables"),
)


def free_bytes(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def free_inodes(path: Path) -> int:
    return os.statvfs(path).f_favail


class Sweep:
    def __init__(self, spec: dict[str, Any], template: str) -> None:
        self.mount = Path(spec["mount"])
        self.template = Path(template)
        self.before = [Path(p) for p in spec["before"]]
        self.after = [Path(p) for p in spec["after"]]
        self.repo = spec["repo"]
        self.out = self.mount / "out"
        self.temp = self.mount / "tmp"  # TMPDIR and the working folder: must stay empty
        self.cwd = self.mount / "cwd"
        self.filler = self.mount / "filler"

    def command(self) -> subprocess.Popen[str]:
        argv = [sys.executable, "-m", "pipeline.cli", "ingest", *map(str, self.after)]
        env = {
            **os.environ,
            "PYTHONPATH": self.repo,
            "TMPDIR": str(self.temp),
            "COLUMNS": "200",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        return subprocess.Popen(
            [*argv, "--out", str(self.out), "--no-progress"],
            cwd=self.cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def fresh(self) -> None:
        for path in (self.out, self.temp, self.cwd, self.filler):
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        shutil.copytree(self.template, self.out, symlinks=True)
        self.temp.mkdir()
        self.cwd.mkdir()

    def fill(self, what: str, left: int) -> None:
        """Take all the space (``bytes``) or inodes (``inodes``) but ``left``."""
        if what == "bytes":
            size = free_bytes(self.mount) - left
            fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                if size > 0:
                    os.posix_fallocate(fd, 0, size)
            finally:
                os.close(fd)
        else:
            self.filler.mkdir()
            for n in range(free_inodes(self.mount) - left):
                (self.filler / str(n)).touch()

    def peak(self) -> int:
        """The most space a clean run takes at any moment (polled while it runs)."""
        self.fresh()
        start = lowest = free_bytes(self.mount)
        run = self.command()
        while run.poll() is None:
            lowest = min(lowest, free_bytes(self.mount))
            time.sleep(0.0002)
        _, err = run.communicate()
        assert run.returncode == 0, err
        return start - lowest

    def one(self, what: str, left: int) -> dict[str, Any]:
        self.fresh()
        self.fill(what, left)
        started = time.perf_counter()
        run = self.command()
        _, err = run.communicate()
        record: dict[str, Any] = {"free": what, "left": left, "exit": run.returncode, "stderr": err.strip()}
        record["seconds"] = round(time.perf_counter() - started, 2)
        record["stage"] = next((s for words, s in STAGES if words in err), "none" if not err else "other")
        record["traceback"] = "Traceback" in err
        if self.filler.is_dir():
            shutil.rmtree(self.filler)
        else:
            self.filler.unlink()
        record["problems"] = self.check(run.returncode)
        return record

    def amounts(self, low: list[int], points: int) -> tuple[int, list[int]]:
        """The peak a clean run needs, and the free bytes to try: ``low``, and ``points`` more up to the
        peak, each a whole number of pages."""
        peak = self.peak()
        start = max(low)
        step = max(PAGE, round((peak - start) / (points + 1) / PAGE) * PAGE)
        more = [start + n * step for n in range(1, points + 1)]
        return peak, sorted({n for n in [*low, *more] if n < peak})

    def check(self, code: int) -> list[str]:
        problems: list[str] = []
        try:
            published = check_tables(self.out, [self.before, self.after])
            if code == 0 and published != 1:
                problems.append("exit 0, but the documents table is not of this run")
        except (AssertionError, OSError) as exc:
            problems.append(f"after the full disk: {exc}")
        stray = sorted({p.name for p in self.mount.iterdir()} - {"out", "tmp", "cwd", "filler"})
        stray += [str(p) for p in [*self.temp.iterdir(), *self.cwd.iterdir()]]
        if stray:
            problems.append(f"written outside OUT: {stray}")
        if code == 0:
            return problems  # the tables are this run's: running it again would find nothing to do
        again = self.command()
        _, err = again.communicate()
        if again.returncode != 0:
            problems.append(f"the run after space was freed exited {again.returncode}: {err.strip()}")
            return problems
        try:
            if check_tables(self.out, [self.after]) != 0:
                problems.append("after the second run the documents table is not of this run")
            if not (self.out / "audit.html").is_file():
                problems.append("no audit.html after the second run")
            if leftovers(self.out):
                problems.append(f"left after the second run: {leftovers(self.out)}")
        except (AssertionError, OSError) as exc:
            problems.append(f"after the second run: {exc}")
        return problems


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    options = f"size={spec['size']},nr_inodes={spec['nr_inodes']}"
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", spec["mount"]], check=True)
    results: dict[str, Any] = {"sweeps": []}
    for plan in spec["sweeps"]:
        sweep = Sweep(spec, plan["template"])
        peak, amounts = sweep.amounts(plan["low"], plan["points"])
        done: dict[str, Any] = {"name": plan["name"], "peak": peak, "records": []}
        results["sweeps"].append(done)
        for what, left in [("bytes", n) for n in amounts] + [("inodes", n) for n in plan["inodes"]]:
            done["records"].append(sweep.one(what, left))
            Path(sys.argv[2]).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
