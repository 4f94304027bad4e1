"""Robustness: ~300 hostile files (tests/hostile.py) through the real command line.

The run must complete (exit code 0, within the time limit), every input file must get exactly one
documents row, every failed document must say why (an ``error`` finding), and nothing may be written
outside ``--out``: the input folder stays byte-identical, and HOME, TMPDIR, XDG_CACHE_HOME and the
working folder (all fresh and empty) stay empty, but for raingan's own cache of the Thai dictionaries
(``XDG_CACHE_HOME/raingan/dictionaries``, wordlists/cache.py; ``RAINGAN_CACHE_DIR`` moves it).
``pytest -s`` prints counts by status and by finding.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hostile import make_hostile

#: the whole ingest of the hostile files may take this long
RUN_TIMEOUT_S = 600
#: seconds a PDF page may take: slow pages are cut, not waited for
PAGE_TIMEOUT_S = 5
#: what raingan may leave in XDG_CACHE_HOME: its dictionaries' cache (wordlists/cache.py)
_DICTIONARY_CACHE = re.compile(r"raingan(/dictionaries(/(trie|costs)-[a-z]+-[0-9a-f]{64}\.bin)?)?")


def _snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (hidden ones too): files by their SHA-256, folders as "dir"."""
    seen: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            seen[os.path.relpath(os.path.join(root, name), folder)] = "dir"
        for name in files:
            path = os.path.join(root, name)
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda f=f: f.read(1 << 20), b""):
                    h.update(block)
            seen[os.path.relpath(path, folder)] = h.hexdigest()
    return seen


def _contents(folder: Path) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(root, n), folder) for root, ds, fs in os.walk(folder) for n in ds + fs
    )


def _unfinished(out_dir: Path, files: list[Path]) -> str:
    """The input files the run's log (if the pipeline writes one) does not report as done."""
    logs = sorted((out_dir / "logs").glob("*.jsonl")) if (out_dir / "logs").is_dir() else []
    if not logs:
        return "(no run log)"
    done = set()
    for line in logs[-1].read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            done.add(json.loads(line).get("path"))
        except ValueError:
            continue
    left = [p.name for p in files if str(p) not in done]
    return f"{len(left)} files not reported done by the run log: {left[:15]}"


def _kind(source_path: str) -> str:
    name = Path(source_path).name
    return name.split("__")[0] if "__" in name else Path(name).stem


def test_hostile_files_each_get_one_row_and_nothing_outside_out_is_written(tmp_path: Path) -> None:
    in_dir, out_dir = tmp_path / "in", tmp_path / "out"
    fresh = {name: tmp_path / name for name in ("home", "tmp", "cache", "cwd")}
    for folder in fresh.values():
        folder.mkdir()
    files = make_hostile(in_dir)
    assert len(files) >= 250
    before = _snapshot(in_dir)

    env = {**os.environ, "HOME": str(fresh["home"]), "TMPDIR": str(fresh["tmp"])}
    env["XDG_CACHE_HOME"] = str(fresh["cache"])
    for name in (
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "PYTHAINLP_DATA",
        "PYTHAINLP_DATA_DIR",
        "RAINGAN_CACHE_DIR",
    ):
        env.pop(name, None)  # so that they default to folders under the fresh HOME
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # Python's own .pyc files beside the sources are not the run's
    env["COLUMNS"] = "200"
    command = [sys.executable, "-m", "pipeline.cli", "ingest", str(in_dir), "--out", str(out_dir)]
    command += ["--no-progress", "--page-timeout", str(PAGE_TIMEOUT_S)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=fresh["cwd"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,  # its own process group: on a timeout, its PDF reader goes too
    )
    try:
        stdout, stderr = proc.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        pytest.fail(
            f"the ingest of {len(files)} hostile files did not end within {RUN_TIMEOUT_S} s\n"
            f"{_unfinished(out_dir, files)}\n"
            f"stdout tail:\n{stdout[-2000:]}\nstderr tail:\n{stderr[-4000:]}"
        )
    seconds = time.perf_counter() - started
    assert proc.returncode == 0, (
        f"exit code {proc.returncode}\nstdout:\n{stdout[-3000:]}\nstderr:\n{stderr[-6000:]}"
    )

    docs = pd.read_parquet(out_dir / "documents.parquet")  # a file, or a folder of parts
    findings = pd.read_parquet(out_dir / "findings.parquet")

    by_status = Counter(docs["status"])
    by_code = Counter(zip(findings["severity"], findings["code"], strict=True))
    by_kind_status = Counter((_kind(p), s) for p, s in zip(docs["source_path"], docs["status"], strict=True))
    print(f"\nhostile: {len(files)} files, {len(docs)} documents rows, ingest {seconds:.1f} s")
    print("by status:", json.dumps(dict(sorted(by_status.items()))))
    print("findings by severity/code:")
    for (severity, code), n in sorted(by_code.items()):
        print(f"  {severity:7} {code:28} {n}")
    print("failed by kind:", dict(sorted((k, n) for (k, s), n in by_kind_status.items() if s == "failed")))

    # exactly one documents row per input file
    expected = Counter(str(p) for p in files)
    got = Counter(docs["source_path"])
    missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
    repeated = sorted(p for p, n in got.items() if n > 1)
    assert not missing and not extra and not repeated, (
        f"missing rows: {missing[:20]}\nrows for no input: {extra[:20]}\nrepeated rows: {repeated[:20]}"
    )
    assert len(docs) == len(files)

    # every failed document says why
    errors = set(findings.loc[findings["severity"] == "error", "doc_id"])
    failed = docs[docs["status"] == "failed"]
    unexplained = sorted(failed.loc[~failed["doc_id"].isin(errors), "source_path"])
    assert not unexplained, f"failed without an error finding: {unexplained}"

    # nothing written outside --out
    after = _snapshot(in_dir)
    changed = sorted(p for p in before if after.get(p) != before[p])
    added = sorted(set(after) - set(before))
    assert not changed and not added, f"input folder changed: {changed[:20]}; new entries: {added[:20]}"
    leftovers = {name: _contents(folder) for name, folder in fresh.items() if _contents(folder)}
    dictionaries = leftovers.pop("cache", [])
    assert not leftovers, f"written outside --out: {leftovers}"
    assert all(_DICTIONARY_CACHE.fullmatch(p) for p in dictionaries), f"written to the cache: {dictionaries}"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in", "out", *fresh])
