"""OCR speed: raingan's OCR of scanned PDFs against bare tesseract on the same images, in parallel,
and a second ingest that must OCR nothing.

    .venv/bin/python bench/bench_ocr.py                      # the vote-log scans of ../shared/realdata
    .venv/bin/python bench/bench_ocr.py DIR_OR_PDF ... --pages 20

1. bare: every page is rendered once (300 dpi grey PGM, as the pipeline renders it) to a file, then
   ``tesseract FILE stdout -l tha+eng --psm 6 tsv`` runs on each, one at a time, one thread
   (``OMP_THREAD_LIMIT=1``): tesseract's own time per page, nothing of ours in it.
2. ingest, one OCR worker: ``run_batch`` over the same PDFs with a cold cache; its wall time per
   OCR'd page against (1) is the overhead of rendering, hashing, copying, cleanup and parsing.
3. ingest, one worker per core, cold cache: the parallel speed-up.
4. ingest again over the cache of (3): the number of pages OCR'd (must be 0) and the time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.batch import run_batch  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.pdf import page_image  # noqa: E402

VOTE_LOG = ROOT.parent / "shared" / "realdata" / "wevisdemo_ocr-vote-log"


def pdfs(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.pdf")) if path.is_dir() else [path]
    return found


def subset(files: list[Path], pages: int, folder: Path) -> list[Path]:
    """Copies of the PDFs cut to ``pages`` pages in all (whole files first), so runs stay short."""
    out: list[Path] = []
    left = pages
    for path in files:
        if left <= 0:
            break
        doc = pdfium.PdfDocument(path)
        keep = min(len(doc), left)
        cut = pdfium.PdfDocument.new()
        cut.import_pages(doc, list(range(keep)))
        target = folder / path.name
        cut.save(target)
        cut.close()
        doc.close()
        out.append(target)
        left -= keep
    return out


def bare(files: list[Path], folder: Path, dpi: int) -> tuple[int, float, float]:
    """Pages, seconds of rendering to files, seconds of tesseract alone (one process at a time)."""
    images: list[Path] = []
    started = time.perf_counter()
    for path in files:
        doc = pdfium.PdfDocument(path)
        for i in range(len(doc)):
            image = folder / f"{path.stem}-{i}.pgm"
            image.write_bytes(page_image(doc, i, dpi))
            images.append(image)
        doc.close()
    render = time.perf_counter() - started
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    for image in images:
        subprocess.run(
            ["tesseract", str(image), "stdout", "-l", "tha+eng", "--psm", "6", "tsv"],
            capture_output=True,
            env=env,
            check=True,
        )
    return len(images), render, time.perf_counter() - started


def ingest(files: list[Path], out: Path, workers: int | None) -> tuple[float, int, int, float]:
    """Wall seconds, pages OCR'd, pages from the cache, summed engine seconds of one batch run."""
    config = Config(out_dir=out, show_progress=False, ocr_workers=workers)
    started = time.perf_counter()
    batch = run_batch(files, config)
    wall = time.perf_counter() - started
    return wall, batch.ocr.recognized, batch.ocr.from_cache, batch.ocr.engine_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path, default=[VOTE_LOG])
    parser.add_argument("--pages", type=int, default=30, help="pages in all (default 30)")
    parser.add_argument("--dpi", type=int, default=300)
    args = parser.parse_args()
    files = pdfs(args.inputs)
    if not files:
        sys.exit(f"no PDFs in {args.inputs}")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        (folder / "img").mkdir()
        chosen = subset(files, args.pages, folder / "in")
        # a warm-up outside the timings: dictionaries and tesseract's model load once per process
        warm = ingest(chosen[:1], folder / "warm", 1)
        print(f"warm-up: {warm[0]:.1f} s")
        pages, render, tess = bare(chosen, folder / "img", args.dpi)
        print(f"{len(chosen)} PDFs, {pages} pages, {args.dpi} dpi, {cores} cores")
        print(
            f"bare tesseract, one process:   {tess / pages:6.2f} s/page  "
            f"(rendering {render / pages:.3f} s/page)"
        )
        one = ingest(chosen, folder / "one", 1)
        print(
            f"ingest, 1 OCR worker:          {one[0] / pages:6.2f} s/page  = {one[0] / tess:.1%} of bare "
            f"({one[1]} pages OCR'd, engine {one[3] / max(one[1], 1):.2f} s/page)"
        )
        many = ingest(chosen, folder / "many", cores)
        print(
            f"ingest, {cores} OCR workers:         {many[0] / pages:6.2f} s/page  = {tess / many[0]:.2f}x "
            f"bare's speed ({many[1]} pages OCR'd)"
        )
        again = ingest(chosen, folder / "many", cores)
        print(
            f"second ingest (cache):         {again[0]:6.2f} s in all, {again[1]} pages OCR'd, "
            f"{again[2]} from the cache"
        )


if __name__ == "__main__":
    main()
