"""OCR records: what the scans of the sample reports give, against the same reports as text.

The issue's yardstick: on generated scans of the project's own sample reports, the records read
through the whole ingest (OCR, clean-up, form parsers) should reach ≥ 0.9 of the values the text
version gives (:func:`tools.accuracy.agreement`: the document's fields, then per entry the date,
quarter, progress, budget spent and score), and the OCR page text a character error rate ≤ 1.5 %
(whitespace ignored) against the text version's normalised text.

    .venv/bin/python bench/bench_ocr_records.py [--strength office|clean] [--cache DIR] [--misses]

Every readable report of ``data/raw`` is scanned (``tools.scans``) into a temporary folder and
ingested with ``run_serial`` (the archive run, serially); OCR results are cached in ``--cache``
(default: a folder under the
system's temporary directory), so a re-run after a parser change takes seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.config import Config  # noqa: E402
from pipeline.run.serial import run_serial  # noqa: E402
from pipeline.run.worker import ingest_file  # noqa: E402
from tools.accuracy import Agreement, agreement, error_rate  # noqa: E402
from tools.scans import Strength, generate  # noqa: E402

RAW = ROOT / "data" / "raw"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--strength", choices=[s.value for s in Strength], default=Strength.OFFICE.value)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "raingan-ocr-records")
    parser.add_argument("--misses", action="store_true", help="list every value the scan got wrong")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scans"
        started = time.perf_counter()
        scans = generate(RAW, folder, strength=Strength(args.strength))
        print(f"{len(scans)} reports scanned ({args.strength}) in {time.perf_counter() - started:.1f} s")
        config = Config(out_dir=Path(tmp) / "out", cache_dir=args.cache, show_progress=False)
        started = time.perf_counter()
        batch = run_serial([folder / s.pdf for s in scans], config)
        seconds = time.perf_counter() - started
        stats = batch.ocr
        print(
            f"ingest {seconds:.1f} s: {stats.pages} pages, {stats.recognized} OCR'd, "
            f"{stats.from_cache} from the cache"
        )
        total, edits, letters = Agreement(), 0.0, 0
        print(f"\n{'report':40} {'values':>9} {'share':>6} {'CER':>6}")
        for scan, result in zip(scans, batch.results, strict=True):
            text = ingest_file(RAW / scan.source, Config())
            found = agreement(text, result)
            total.add(found)
            truth = "".join(p.text for p in text.pages)
            rate = error_rate(truth, "".join(p.text for p in result.pages))
            size = len("".join(truth.split()))
            edits, letters = edits + rate * size, letters + size
            print(
                f"{Path(scan.pdf).stem:40} {found.matched:>4}/{found.total:<4} {found.share:6.3f} {rate:6.2%}"
            )
            for miss in found.misses if args.misses else ():
                print(f"    {miss}")
        print(
            f"{'all':40} {total.matched:>4}/{total.total:<4} {total.share:6.3f} "
            f"{edits / max(1, letters):6.2%}"
        )


if __name__ == "__main__":
    main()
