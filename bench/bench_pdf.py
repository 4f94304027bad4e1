"""Benchmark (not a test): PDF ingestion against bare pypdfium2 text extraction, side by side.

Two sets of PDFs, each measured in this one run:

* ``generated``: N clean text-layer PDFs rendered from the sample reports (different numbers in each
  copy, so each is a new document) with the project's corpus generator;
* ``real``: the damaged district budget PDFs and the national budget PDF of ``../shared/realdata/``
  (skipped when that folder is absent).

For each set, in ``--repeat`` rounds: bare pypdfium2 (open, ``get_text_range`` of every page, close),
then the full ingestion (extract, check, repair, parse, validate, write Parquet) with the PDF child
process (the default: a time limit per page; the child reads the next file while this process parses)
and in-process (``--page-timeout 0``, one process like the bare side); pages per second and the median
ratio to bare. For each real file: the dictionary share of the raw text layer and of the repaired
text, and the time spent per page.

    .venv/bin/python bench/bench_pdf.py [--n 600] [--repeat 3] [--no-real]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_text import make_archive

from parsers.assemble import parse_document
from parsers.repair.chain import clear_caches
from parsers.repair.quality import dictionary_share
from pipeline.config import Config
from pipeline.read.pdf import read_pdf
from pipeline.read.sources import read_source
from pipeline.run.serial import run_serial
from schemas.enums import TextSource
from tools.corpus import find_thai_font, render_pdf

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "realdata"
DISTRICTS = (65026, 65028, 65029, 65034, 65042, 65050, 65053, 65068, 65075)
REAL_FILES = [
    *(REAL / "napatswift_bkk-2022-budget" / f"{n}.pdf" for n in DISTRICTS),
    REAL / "kaogeek_thailand-budget-pdf2csv" / "budget-pdf_14.pdf",
]


def bare(files: Sequence[Path]) -> int:
    """What a script with pypdfium2 alone does: every page's text, nothing else. Returns pages."""
    pages = 0
    for path in files:
        doc = pdfium.PdfDocument(path)
        try:
            for i in range(len(doc)):
                page = doc[i]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
                pages += 1
        finally:
            doc.close()
    return pages


def ingest(files: Sequence[Path], out: Path, page_timeout: float | None = 30.0) -> int:
    config = Config(out_dir=out, show_progress=False, page_timeout_s=page_timeout)
    out.mkdir(exist_ok=True)
    batch = run_serial(files, config)
    return sum(len(r.pages) for r in batch.results)


def side_by_side(name: str, files: Sequence[Path], work: Path, repeat: int) -> None:
    """Rounds of: bare, ingest with the PDF child process, ingest in-process. A ratio is taken within a
    round (a machine that slows down for a while slows both sides of it) and the median reported. The
    repair caches are cleared before each side, so every round pays for its repairs."""
    times: dict[str, list[float]] = {"bare": [], "child": [], "inproc": []}
    pages = 0
    for _ in range(repeat):
        for side, seconds in times.items():
            clear_caches()
            start = time.perf_counter()
            if side == "bare":
                pages = bare(files)
            else:
                got = ingest(files, work / f"out_{name}", 30.0 if side == "child" else None)
                assert got == pages, (got, pages)
            seconds.append(time.perf_counter() - start)
    print(
        f"{name}: {len(files)} files, {pages} pages; bare pypdfium2 {pages / min(times['bare']):.0f} pages/s"
    )
    for side, label in (("child", "PDF child process, page limit"), ("inproc", "in-process")):
        ratios = sorted(b / t for b, t in zip(times["bare"], times[side], strict=True))
        fastest = min(times[side])
        print(
            f"  ingest, {label:30s} {pages / fastest:6.0f} pages/s ({len(files) / fastest:6.1f} docs/s); "
            f"ratio to bare: median {ratios[len(ratios) // 2]:6.1%} of {repeat} rounds "
            f"({ratios[0]:.1%}–{ratios[-1]:.1%})"
        )


def generated(folder: Path, n: int) -> list[Path]:
    font = find_thai_font()
    texts = make_archive(folder, n)
    pdfs = []
    for text in texts:
        pdf = text.with_suffix(".pdf")
        pdf.write_bytes(render_pdf(read_source(text).pages, font))
        text.unlink()
        pdfs.append(pdf)
    return pdfs


def per_file(files: Sequence[Path], work: Path) -> None:
    print("\nper file, in one process, repair caches cleared first:")
    print(f"{'file':18s} {'pages':>5s} {'share raw':>9s} {'repaired':>8s} {'ms/page':>8s}  status")
    for path in files:
        raw = read_pdf(path).pages
        clear_caches()
        start = time.perf_counter()
        config = Config(out_dir=work, show_progress=False, page_timeout_s=None)
        result = run_serial([path], config).results[0]
        seconds = time.perf_counter() - start
        repaired = [p.text for p in result.pages]
        n = max(1, len(result.pages))
        print(
            f"{path.name:18s} {len(result.pages):5d} {_share(raw):9.3f} {_share(repaired):8.3f} "
            f"{1000 * seconds / n:8.1f}  {result.document.status.value}"
        )


def _share(pages: Sequence[str]) -> float:
    return dictionary_share("\n".join(pages)) or 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="generated PDFs (default 600)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--no-real", action="store_true", help="skip the real PDFs of ../shared/realdata")
    args = parser.parse_args()
    # load the dictionaries before timing (about 3 s, once per process)
    parse_document("warm-up", ["จำนวน 5 คน สำนักงานเขต"], TextSource.TEXT_LAYER)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "gen").mkdir()
        gen = generated(work / "gen", args.n)
        side_by_side("generated", gen, work, args.repeat)
        real = [p for p in REAL_FILES if p.is_file()]
        if args.no_real or not real:
            print("real PDFs: skipped" + ("" if args.no_real else f" ({REAL} not found)"))
        else:
            side_by_side("real", real, work, args.repeat)
            per_file(real, work)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
