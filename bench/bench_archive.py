"""Benchmark (not a test): `raingan ingest` of a whole mixed archive, its re-run, and bare pypdfium2.

Makes (or reuses) a synthetic archive with :mod:`archive` (``--text`` exports, ``--pdf`` text-layer
PDFs, ``--scan`` scans, in ``DIR/archive``), then times, each as a subprocess of the installed CLI::

    raingan ingest DIR/archive --out DIR/tables --no-progress [--workers W]

(The tables go beside the archive, not around it: raingan never reads its own output folder as input.)

1. the first run (the Parquet tables and the OCR cache of ``DIR/tables`` are removed before it);
2. the re-run over the unchanged archive, same command (issue target: ≤ 5 % of the first run);
3. the text-layer PDFs alone, first run into ``DIR/pdf_only`` (``--no-pdf-only`` skips it), so that the
   ingestion speed in pages/s can be compared with bare pypdfium2 on exactly the same files;
4. bare pypdfium2 text extraction of those PDFs (open, ``get_textpage().get_text_bounded()`` per page,
   close), in one process and in two processes side by side (best of ``--bare-rounds``).

For each ingest run: wall time (``time.perf_counter``, process start to exit), documents/s and pages/s
(counted from ``documents.parquet``), peak memory of the whole process tree (RSS of the CLI and all its
descendants, read from /proc every 50 ms: the peak of the sum, and the peak of the biggest process —
also from ``wait4``; and the peak of the summed PSS, once a second, which counts a page the
processes share once), the CPU seconds of the tree (user + system from ``RUSAGE_CHILDREN``; this process
is made the subreaper of the CLI's descendants, so those that outlive it — multiprocessing's
forkserver — are reaped and counted here too) over wall × cores, the share of the run's 1-second
windows in which the tree kept all but half a core busy, and the CPU that other processes of the
machine used meanwhile (from /proc/stat: a busy machine makes every number here worse).

``--workers`` is passed only when ``raingan ingest --help`` lists it. Prints a table and writes every
number to ``DIR/bench.json``. Without ``--keep`` the tables, OCR cache, run state and logs are removed
at the end; the archive stays (it is reused by the next run with the same sizes). A re-run that had to
redo work (the CLI's ``work:`` line; e.g. pipeline code edited between the runs) is flagged.

    .venv/bin/python bench/bench_archive.py [--text 1000] [--pdf 1000] [--scan 0] [--workers 2]
                                            [--out DIR] [--keep]
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import make_archive

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_S = 0.05
#: the PSS (smaps_rollup: the kernel walks each process's pages, ~2 ms a process while the run keeps
#: the cores busy) is read every this many samples, once a second: every 4th took 5 % of a core
PSS_EVERY = 20
#: tables of a run, removed before a first run (the OCR cache too)
TABLES = ("documents", "entries", "metrics", "findings", "pages", "dates", "fields")
#: the OCR cache, the run state (what an incremental re-run skips by) and the run logs
RUN_FOLDERS = ("cache", ".raingan", "logs")


# ---------------------------------------------------------------------------------------------------
# the process tree, from /proc


def _stat(pid: int) -> tuple[int, int, int, int] | None:
    """(ppid, start time, CPU ticks user+system, RSS bytes) of a process; None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read()
    except OSError:
        return None
    fields = raw[raw.rfind(b")") + 2 :].split()
    # after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    # cutime cstime priority nice threads itrealvalue starttime vsize rss
    return int(fields[1]), int(fields[19]), int(fields[11]) + int(fields[12]), int(fields[21]) * PAGE


def _pss(pid: int) -> int:
    """The proportional set size of a process in bytes (its private pages, and its share of each page
    it shares with others: a forked child's inherited heap counts once in the tree, not once a
    process, as in the sum of RSS); 0 when it is gone or the kernel does not say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _label(pid: int) -> str:
    """A short name of a process: tesseract, raingan, the module of ``python -m``, forkserver …"""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return "?"
    if not argv:
        return "?"
    joined = " ".join(argv)
    if "forkserver" in joined:
        return "forkserver"
    if "resource_tracker" in joined:
        return "resource_tracker"
    if "-m" in argv[:-1]:
        return argv[argv.index("-m") + 1]
    if "spawn_main" in joined:
        return "mp-spawn"
    name = Path(argv[0]).name
    if name.startswith("python") and len(argv) > 1 and not argv[1].startswith("-"):
        return Path(argv[1]).name
    return name


def _busy_ticks() -> int:
    """CPU ticks the whole machine spent busy since boot (user, nice, system, irq, softirq, steal)."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values[:8]) - idle


class TreeMonitor(threading.Thread):
    """Samples the RSS and CPU ticks of a process and all its descendants every ``SAMPLE_S`` seconds.

    /proc holds no list of children here (no CONFIG_PROC_CHILDREN), so each sample lists /proc and
    reads the stat of new processes once (to learn their parent) and of the tree's processes."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.stop_event = threading.Event()
        self.outside: set[int] = set()  # pids seen once, not in the tree
        self.inside: dict[int, int] = {root: -1}  # pid -> start time
        self.ticks: dict[tuple[int, int], int] = {}  # (pid, start) -> last CPU ticks seen
        self.peak_sum = 0
        self.peak_pss = 0  # the peak of the summed PSS (every PSS_EVERY-th sample: the kernel walks pages)
        self.peak_one = 0
        self.peak_processes = 0
        self.labels: dict[tuple[int, int], str] = {}
        self.at_peak: dict[str, int] = {}  # process names at the peak of the summed RSS
        self.seen: Counter[str] = Counter()  # every process of the tree, by name
        self.timeline: list[tuple[float, int]] = []  # (perf_counter, tree CPU ticks so far)
        self.samples = 0

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(SAMPLE_S)
        self.sample()

    def sample(self) -> None:
        now = time.perf_counter()
        try:
            pids = {int(p) for p in os.listdir("/proc") if p.isdigit()}
        except OSError:
            return
        self.outside &= pids
        for pid in list(self.inside):
            if pid not in pids:
                del self.inside[pid]
        stats: dict[int, tuple[int, int, int, int]] = {}
        for pid in sorted(pids - self.outside):  # parents have smaller pids, mostly; loop below anyway
            got = _stat(pid)
            if got is not None:
                stats[pid] = got
        # the tree: the root and every process whose parent is in it (repeat until nothing is added)
        tree = {self.root} if self.root in stats else set()
        added = True
        while added:
            added = False
            for pid, (ppid, *_rest) in stats.items():
                if pid not in tree and ppid in tree:
                    tree.add(pid)
                    added = True
        for pid in stats:
            if pid not in tree:
                self.outside.add(pid)
        rss = [stats[p][3] for p in tree]
        for pid in tree:
            _ppid, start, ticks, _rss = stats[pid]
            self.inside[pid] = start
            self.ticks[(pid, start)] = max(ticks, self.ticks.get((pid, start), 0))
        for pid in sorted(tree):
            key = (pid, stats[pid][1])
            if key not in self.labels:
                label = _label(pid)
                parent = stats[pid][0]
                if label == "forkserver" and self.labels.get((parent, stats.get(parent, (0, -1))[1])) in (
                    "forkserver",
                    "worker",
                ):
                    label = "worker"  # forked by the forkserver: same command line
                self.labels[key] = label
                self.seen[label] += 1
        if sum(rss) > self.peak_sum:
            self.at_peak = dict(Counter(self.labels[(p, stats[p][1])] for p in tree))
        self.peak_sum = max(self.peak_sum, sum(rss))
        if self.samples % PSS_EVERY == 0:
            self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in tree))
        self.peak_one = max(self.peak_one, max(rss, default=0))
        self.peak_processes = max(self.peak_processes, len(tree))
        self.timeline.append((now, sum(self.ticks.values())))
        self.samples += 1

    def busy_share(self, threshold_cores: float) -> float | None:
        """Share of the run's whole seconds in which the tree used at least ``threshold_cores``."""
        if len(self.timeline) < 2:
            return None
        start = self.timeline[0][0]
        windows: dict[int, list[tuple[float, int]]] = {}
        for t, ticks in self.timeline:
            windows.setdefault(int(t - start), []).append((t, ticks))
        seconds = sorted(windows)[:-1]  # the last window is partial
        if not seconds:
            return None
        busy = 0
        previous = self.timeline[0]
        for s in seconds:
            last = windows[s][-1]
            cores = (last[1] - previous[1]) / TICK / max(1e-9, last[0] - previous[0])
            busy += cores >= threshold_cores
            previous = last
        return busy / len(seconds)


@dataclass
class Run:
    """One ingest run, measured."""

    name: str
    command: list[str]
    wall_s: float = 0.0
    exit_code: int = 0
    cpu_s: float = 0.0  # user + system of the CLI and all its descendants (RUSAGE_CHILDREN, as subreaper)
    cores_busy: float = 0.0  # cpu_s / wall_s, in cores
    cpu_busy_share: float = 0.0  # cpu_s / (wall_s × cores)
    all_cores_busy_share: float | None = None  # share of 1-s windows with ≥ cores − 0.5 busy
    peak_rss_tree_mb: float = 0.0  # peak of the summed RSS of the tree (50 ms samples)
    peak_pss_tree_mb: float = 0.0  # peak of the summed PSS of the tree (shared pages counted once)
    peak_rss_one_mb: float = 0.0  # biggest single process (max of samples and wait4's maxrss)
    peak_processes: int = 0
    processes_at_peak: dict[str, int] = field(default_factory=dict)  # by name, at the peak RSS sum
    processes_seen: dict[str, int] = field(default_factory=dict)  # all processes of the run, by name
    others_cpu_s: float = 0.0  # CPU used meanwhile by processes outside the tree
    orphans: int = 0  # descendants still running when the CLI exited (reaped here)
    orphan_names: dict[str, int] = field(default_factory=dict)
    orphans_s: float = 0.0  # how long after the CLI's exit the last of them ended
    orphans_left: bool = False  # some still ran after a minute (not waited for any more)
    documents: int = 0
    pages: int = 0
    docs_per_s: float = 0.0
    pages_per_s: float = 0.0
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    text_sources: dict[str, int] = field(default_factory=dict)
    work: dict[str, int] = field(default_factory=dict)  # the CLI's "work:" line: read, re-parsed, unchanged
    summary: str = ""


def run_ingest(name: str, command: list[str], out: Path, log: Path, kinds: dict[str, str]) -> Run:
    """Run one ingest command, measured; ``kinds`` maps each input path to text, pdf or scan."""
    run = Run(name, command)
    busy0 = _busy_ticks()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours = children()
    with open(log, "wb") as sink:
        started = time.perf_counter()
        env = {**os.environ, "COLUMNS": "160"}  # rich: the summary unwrapped
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
        monitor = TreeMonitor(proc.pid)
        monitor.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        run.wall_s = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        monitor.stop_event.set()
        monitor.join()
    maxrss_kb = max(usage.ru_maxrss, reap_orphans(run, ours))
    busy1 = _busy_ticks()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.exit_code = proc.returncode
    run.summary = log.read_text(encoding="utf-8", errors="replace")
    if run.exit_code != 0:
        raise SystemExit(f"{name}: `{' '.join(command)}` exited {run.exit_code}:\n{run.summary[-3000:]}")
    # every descendant was reaped by its parent, or by this process (the subreaper): all their CPU
    run.cpu_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    run.cores_busy = run.cpu_s / run.wall_s
    run.cpu_busy_share = run.cores_busy / CORES
    run.all_cores_busy_share = monitor.busy_share(CORES - 0.5)
    run.peak_rss_tree_mb = monitor.peak_sum / 2**20
    run.peak_pss_tree_mb = monitor.peak_pss / 2**20
    run.peak_rss_one_mb = max(monitor.peak_one / 2**20, maxrss_kb / 1024)
    run.peak_processes = monitor.peak_processes
    run.processes_at_peak = monitor.at_peak
    run.processes_seen = dict(monitor.seen)
    machine_busy_s = (busy1 - busy0) / TICK
    run.others_cpu_s = max(0.0, machine_busy_s - run.cpu_s)
    work = re.search(
        r"work: (\d+) read, (\d+) re-parsed, (\d+) unchanged \(of (\d+) files\)",
        " ".join(run.summary.split()),
    )
    if work:
        run.work = dict(
            zip(("read", "re-parsed", "unchanged", "files"), map(int, work.groups()), strict=True)
        )
    count(run, out, kinds)
    return run


def become_subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux prctl PR_SET_CHILD_SUBREAPER):
    a worker whose parent exits first (multiprocessing's forkserver outlives the CLI for a moment) is
    then waited for here, and its CPU time counted in RUSAGE_CHILDREN instead of vanishing with init."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(36, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def children() -> set[int]:
    """This process's children now (read from /proc)."""
    me = os.getpid()
    return {
        pid for pid in (int(p) for p in os.listdir("/proc") if p.isdigit()) if (_stat(pid) or (0,))[0] == me
    }


def reap_orphans(run: Run, before: set[int], patience_s: float = 60.0) -> int:
    """Wait for the descendants the CLI left running when it exited (ours as subreaper; ``before``:
    our children before the run, not waited for); records how many, their names and how long they
    lasted; returns their largest max RSS (KB)."""
    started = time.perf_counter()
    orphans = children() - before
    run.orphan_names = dict(Counter(_label(pid) for pid in orphans))
    maxrss = 0
    while orphans:
        for pid in list(orphans):
            try:
                done, _status, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                done, usage = pid, None
            if done:
                orphans.discard(pid)
                run.orphans += 1
                maxrss = max(maxrss, usage.ru_maxrss if usage else 0)
        orphans |= children() - before  # an orphan's own children come to us when it ends
        if time.perf_counter() - started > patience_s:
            run.orphans_left = bool(orphans)
            break
        time.sleep(0.02)
    run.orphans_s = time.perf_counter() - started if run.orphans else 0.0
    return maxrss


def count(run: Run, out: Path, kinds: dict[str, str]) -> None:
    """Documents, pages, statuses and kinds from the run's tables (a file or a folder of parts)."""
    docs = pd.read_parquet(out / "documents.parquet", columns=["source_path", "status", "n_pages"])
    run.documents = len(docs)
    run.pages = int(docs["n_pages"].sum())
    run.docs_per_s = run.documents / run.wall_s
    run.pages_per_s = run.pages / run.wall_s
    run.statuses = {str(k): int(v) for k, v in Counter(docs["status"].astype(str)).items()}
    by_kind: dict[str, dict[str, int]] = {}
    for path, n_pages, status in zip(docs["source_path"], docs["n_pages"], docs["status"], strict=True):
        kind = kinds.get(str(path)) or kinds.get(str(Path(path).resolve()), "?")
        row = by_kind.setdefault(kind, {"documents": 0, "pages": 0, "failed": 0})
        row["documents"] += 1
        row["pages"] += int(n_pages)
        row["failed"] += str(status) == "failed"
    run.by_kind = by_kind
    pages_table = out / "pages.parquet"
    if pages_table.exists():
        try:
            sources = pd.read_parquet(pages_table, columns=["text_source"])["text_source"].astype(str)
            run.text_sources = {k: int(v) for k, v in Counter(sources).items()}
        except (KeyError, ValueError):
            pass


# ---------------------------------------------------------------------------------------------------
# bare pypdfium2


def _bare_init() -> None:
    import pypdfium2  # noqa: F401  (imported before the clock starts)


def _bare(paths: Sequence[str]) -> tuple[int, float, float]:
    """Text of every page of ``paths`` with pypdfium2 alone: (pages, start, end) on the monotonic clock."""
    import pypdfium2 as pdfium

    start = time.perf_counter()
    pages = 0
    for path in paths:
        doc = pdfium.PdfDocument(path)
        try:
            for i in range(len(doc)):
                page = doc[i]
                textpage = page.get_textpage()
                textpage.get_text_bounded()
                textpage.close()
                page.close()
                pages += 1
        finally:
            doc.close()
    return pages, start, time.perf_counter()


def bare(paths: Sequence[Path], processes: int, rounds: int) -> dict[str, Any]:
    """Best of ``rounds``: the files split over ``processes`` spawned processes started together; wall
    time from the first start to the last end, measured inside the workers (perf_counter is
    CLOCK_MONOTONIC, one clock for all processes)."""
    parts = [[str(p) for p in paths[i::processes]] for i in range(processes)]
    best: dict[str, Any] = {}
    with get_context("spawn").Pool(processes, initializer=_bare_init) as pool:
        pool.map(_bare, [[] for _ in range(processes)])  # started and warm
        for _ in range(rounds):
            results = pool.map(_bare, parts, chunksize=1)
            pages = sum(r[0] for r in results)
            wall = max(r[2] for r in results) - min(r[1] for r in results)
            if not best or wall < best["wall_s"]:
                best = {
                    "processes": processes,
                    "pages": pages,
                    "files": len(paths),
                    "wall_s": wall,
                    "pages_per_s": pages / wall if wall else 0.0,
                }
    return best


# ---------------------------------------------------------------------------------------------------
# the benchmark


def raingan() -> str:
    beside = Path(sys.executable).with_name("raingan")
    found = str(beside) if beside.is_file() else shutil.which("raingan")
    if not found:
        raise SystemExit("raingan not found: install the project (make venv) and run with .venv/bin/python")
    return found


def has_workers_flag(cli: str) -> bool:
    text = subprocess.run([cli, "ingest", "--help"], capture_output=True, text=True).stdout
    return re.search(r"(?<![\w-])--workers\b", text) is not None


def wall_times(command: Sequence[str], runs: int) -> list[float]:
    """Wall time of each of ``runs`` runs of ``command``, process start to exit (its output captured
    and dropped); a run that exits non-zero stops the benchmark with its output."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(list(command), capture_output=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            output = (done.stdout + done.stderr).decode(errors="replace")
            raise SystemExit(f"`{' '.join(command)}` exited {done.returncode}:\n{output[-3000:]}")
    return times


def cli_startup(cli: str, rounds: int = 3) -> float:
    """Best time of ``raingan ingest --help``: interpreter start and the CLI's imports, the floor under
    any run (a re-run that has nothing to do cannot be faster)."""
    return min(wall_times([cli, "ingest", "--help"], rounds))


def clear_outputs(out: Path) -> None:
    """What an ingest leaves in ``out``, so that the next run is a first run: the tables (files,
    folders of parts, or links to a run's folder), the OCR cache, the run state and logs."""
    for table in TABLES:
        target = out / f"{table}.parquet"
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
    for folder in RUN_FOLDERS:
        shutil.rmtree(out / folder, ignore_errors=True)


def _mb(x: float) -> str:
    return f"{x:,.0f}"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def report(result: dict[str, Any]) -> None:
    runs: list[dict[str, Any]] = result["runs"]
    arch = result["archive"]
    kinds = ", ".join(f"{n} {k}" for k, n in arch["counts"].items())
    print()
    print(
        f"archive: {arch['documents']} documents ({kinds}) "
        f"in {arch['root']}; {'reused' if arch['cached'] else 'made'} in {arch['seconds']:.1f} s"
    )
    print(f"machine: {CORES} cores; ingest: {' '.join(runs[0]['command'])}")
    if not result["workers_flag"]:
        print("         (this raingan has no --workers option: ran without it)")
    head = (
        f"{'':24s} {'wall s':>8s} {'docs':>6s} {'pages':>6s} {'docs/s':>7s} {'pages/s':>8s} "
        f"{'CPU s':>7s} {'cores':>5s} {'busy':>5s} {'all-busy':>8s} {'RSS tree':>8s} {'RSS 1':>6s} "
        f"{'procs':>5s} {'others':>6s}"
    )
    print()
    print(head)
    print("-" * len(head))
    for r in runs:
        print(
            f"{r['name']:24s} {r['wall_s']:8.2f} {r['documents']:6d} {r['pages']:6d} {r['docs_per_s']:7.1f} "
            f"{r['pages_per_s']:8.1f} {r['cpu_s']:7.1f} {r['cores_busy']:5.2f} "
            f"{_pct(r['cpu_busy_share']):>5s} "
            f"{_pct(r['all_cores_busy_share']):>8s} {_mb(r['peak_rss_tree_mb']):>8s} "
            f"{_mb(r['peak_rss_one_mb']):>6s} {r['peak_processes']:5d} {r['others_cpu_s']:6.1f}"
        )
    for b in result["bare"]:
        name = f"bare pypdfium2 ×{b['processes']}"
        print(
            f"{name:24s} {b['wall_s']:8.2f} {b['files']:6d} {b['pages']:6d} {b['files'] / b['wall_s']:7.1f} "
            f"{b['pages_per_s']:8.1f}"
        )
    print(
        "\ncolumns: cores = CPU s / wall s; busy = that over the machine's cores; all-busy = share of the "
        f"1-s windows with ≥ {CORES - 0.5:g} cores busy;\n         RSS tree = peak of the summed RSS of the "
        "CLI and its descendants, RSS 1 = biggest single process (MB); procs = most processes at once;\n"
        "         others = CPU s used meanwhile by the rest of the machine (a busy machine slows every run)"
    )
    first = runs[0]
    print("\ndocuments of the first run by kind:")
    for kind, row in sorted(first["by_kind"].items()):
        print(
            f"  {kind:5s} {row['documents']:6d} documents {row['pages']:6d} pages {row['failed']:4d} failed"
        )
    print(f"  status: {first['statuses']}; pages by text source: {first['text_sources'] or '–'}")
    print(f"  processes at the peak of memory: {first['processes_at_peak']}; all: {first['processes_seen']}")
    orphans = [r for r in runs if r["orphans"]]
    for r in orphans:
        print(
            f"note: {r['name']}: {r['orphans']} descendants ({r['orphan_names']}) outlived the CLI "
            f"by up to {r['orphans_s']:.2f} s"
            + (" (some still ran after a minute: not counted)" if r["orphans_left"] else "")
            + ("" if result["subreaper"] else " (no subreaper: their CPU is not counted)")
        )
    print(f"CLI start-up (`raingan ingest --help`, best of 3): {result['cli_startup_s']:.2f} s")
    redone = runs[1]["work"]
    if redone and (redone["read"] or redone["re-parsed"]):
        print(
            f"warning: the re-run redid work ({redone}): the reading or parsing code or the settings changed "
            "between the runs (someone editing pipeline/ or parsers/?), so it is no re-run of an unchanged "
            "archive"
        )
    rerun = result["rerun_ratio"]
    verdict = "meets" if rerun <= 0.05 else "misses"
    print(
        f"\nre-run over the unchanged archive: {runs[1]['wall_s']:.2f} s = {rerun:.1%} of the first run "
        f"({verdict} the target ≤ 5 %)"
    )
    for label, ratios in result["ratios"].items():
        print(f"{label}: " + ", ".join(f"{v:.1%} of {k}" for k, v in ratios.items()))
    print(f"\nall numbers: {result['json']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=int, default=1000, help="text exports (default 1000)")
    parser.add_argument("--pdf", type=int, default=1000, help="text-layer PDFs (default 1000)")
    parser.add_argument("--scan", type=int, default=0, help="scanned PDFs, OCR'd (default 0; ~2.5 s a page)")
    parser.add_argument("--workers", type=int, default=CORES, help=f"ingest --workers (default {CORES})")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "raingan-bench-archive",
        help="folder: archive/ (kept, reused), tables/, pdf_only/, bench.json (default: %(default)s)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the Parquet tables and OCR cache")
    parser.add_argument("--seed", type=int, default=0, help="archive seed (default 0)")
    parser.add_argument("--no-pdf-only", action="store_true", help="skip the ingest of the PDFs alone")
    parser.add_argument("--bare-rounds", type=int, default=3, help="bare pypdfium2: best of N (default 3)")
    args = parser.parse_args()

    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    archive_dir = out / "archive"
    archive = make_archive(archive_dir, args.text, args.pdf, args.scan, args.seed, workers=min(2, CORES))
    kinds = {str(archive_dir / row["path"]): row["kind"] for row in archive["files"]}
    text_pdfs = [archive_dir / row["path"] for row in archive["files"] if row["kind"] == "pdf"]

    cli = raingan()
    workers_flag = has_workers_flag(cli)
    extra = ["--workers", str(args.workers)] if workers_flag else []
    tables = out / "tables"  # beside the archive: an output folder around it would not read it
    tables.mkdir(exist_ok=True)
    command = [cli, "ingest", str(archive_dir), "--out", str(tables), "--no-progress", *extra]
    startup = cli_startup(cli)
    subreaper = become_subreaper()
    clear_outputs(tables)
    runs: list[Run] = []
    print(f"first run: {' '.join(command)}", flush=True)
    runs.append(run_ingest("first run", command, tables, out / "ingest-first.log", kinds))
    print(f"  {runs[-1].wall_s:.1f} s; re-run …", flush=True)
    runs.append(run_ingest("re-run (unchanged)", command, tables, out / "ingest-rerun.log", kinds))
    if runs[1].documents != runs[0].documents:
        print(f"warning: the re-run wrote {runs[1].documents} documents, the first run {runs[0].documents}")
    only = out / "pdf_only"
    if text_pdfs and not args.no_pdf_only:
        shutil.rmtree(only, ignore_errors=True)
        only.mkdir()
        print(f"  {runs[-1].wall_s:.1f} s; the {len(text_pdfs)} text-layer PDFs alone …", flush=True)
        pdf_command = [cli, "ingest", *map(str, text_pdfs), "--out", str(only), "--no-progress", *extra]
        pdf_run = run_ingest("text PDFs only, first", pdf_command, only, out / "ingest-pdf-only.log", kinds)
        pdf_run.command = [
            cli,
            "ingest",
            f"<the {len(text_pdfs)} text-layer PDFs>",
            "--out",
            str(only),
            "--no-progress",
            *extra,
        ]  # for bench.json: not 1,000 paths
        runs.append(pdf_run)

    bare_runs = []
    if text_pdfs:
        print("  bare pypdfium2 …", flush=True)
        for processes in sorted({1, min(2, CORES)}):
            bare_runs.append(bare(text_pdfs, processes, args.bare_rounds))

    ratios: dict[str, dict[str, float]] = {}
    for r in runs:
        if r.name.startswith("re-run"):
            continue
        label = f"ingest pages/s, {r.name}" + (
            " (all kinds; bare reads the PDFs only)" if r.name == "first run" else ""
        )
        ratios[label] = {f"bare ×{b['processes']}": r.pages_per_s / b["pages_per_s"] for b in bare_runs}
    result: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cores": CORES,
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "workers_flag": workers_flag,
        "subreaper": subreaper,
        "cli_startup_s": startup,
        "archive": {
            "root": str(archive_dir),
            "documents": sum(archive["counts"].values()),
            "counts": archive["counts"],
            "cached": archive["cached"],
            "seconds": archive["seconds"],
            "generated_s": archive.get("generated_s"),
        },
        "runs": [{k: v for k, v in asdict(r).items() if k != "summary"} for r in runs],
        "rerun_ratio": runs[1].wall_s / runs[0].wall_s,
        "bare": bare_runs,
        "ratios": ratios,
        "bench_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "json": str(out / "bench.json"),
    }
    (out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("\nraingan's summary of the first run:\n" + runs[0].summary.rstrip())
    report(result)
    if not args.keep:
        clear_outputs(tables)
        shutil.rmtree(only, ignore_errors=True)


if __name__ == "__main__":
    main()
