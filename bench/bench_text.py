"""Benchmark (not a test): documents per second and peak memory for text exports.

Makes N reports from the sample archive (each copy gets different numbers, so every file is a new
document), ingests them in one process as `raingan ingest` does, and prints the figures.

    .venv/bin/python bench/bench_text.py [N]      (default 1000)
"""

from __future__ import annotations

import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from pipeline.config import Config
from pipeline.run.serial import run_serial

REPO = Path(__file__).resolve().parents[1]


def make_archive(folder: Path, n: int) -> list[Path]:
    templates = [
        p.read_text(encoding="utf-8")
        for p in sorted((REPO / "data" / "raw").glob("*_fy*.txt"))
        if "cp874" not in p.name
    ]
    rng = random.Random(7)
    files = []
    for i in range(n):
        text = re.sub(
            r"จำนวน (\d+)",
            lambda m: f"จำนวน {int(m.group(1)) + rng.randint(0, 99)}",
            templates[i % len(templates)],
        )
        path = folder / f"report_{i:05d}.txt"
        path.write_text(text + f"\n\nเลขที่เอกสาร {i}\n", encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_archive(folder, n)
        size = sum(p.stat().st_size for p in files)
        config = Config(out_dir=folder / "out", show_progress=False)
        config.out_dir.mkdir()
        start = time.perf_counter()
        batch = run_serial(files, config)  # read, parse, and write the tables, in this process
        total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    entries = sum(len(r.entries) for r in batch.results)
    print(f"documents: {n} text exports, {size / 1e6:.1f} MB, {entries} entries")
    rate = f"{n / total:.0f} documents/s ({size / 1e6 / total:.2f} MB/s)"
    print(f"serial run (read, parse, write): {total:.2f} s → {rate}")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
