"""OCR speed: raingan's OCR of scanned PDFs against bare tesseract on the same images, in parallel,
and a second ingest that must OCR nothing.

    .venv/bin/python bench/bench_ocr.py                      # the vote-log scans of ../shared/realdata
    .venv/bin/python bench/bench_ocr.py DIR_OR_PDF ... --pages 30 --repeat 3

1. bare: every page is rendered once, as the pipeline renders it (:func:`pipeline.ocr.render.page_image`:
   PDFium, 300 dpi, grey), and written to a file as PDFium made it (a PGM); then
   ``tesseract FILE stdout -l tha+eng --psm 6 tsv`` runs on each, one at a time, one thread
   (``OMP_THREAD_LIMIT=1``): tesseract's own time per page on the rendered page, nothing of ours in
   it. This is the baseline. Beside it, page by page in turns (so that the machine's load hits both
   alike), tesseract on what the engine sends it (the page's ink after Otsu and the median, a PBM):
   the same call on the prepared image, to tell tesseract's time from ours.
2. ingest, one OCR worker: ``run_serial`` (the archive run, serially) over the same PDFs with a cold
   cache; its wall time per
   OCR'd page against (1) is all that raingan adds: rendering, hashing, binarisation, cleanup, parsing
   (on a 2-core machine most of it runs beside tesseract, on the other core).
3. ingest, one worker per core, cold cache: the parallel speed-up.
4. ingest again over the cache of (3): the number of pages OCR'd (must be 0) and the time.

With ``--repeat N`` all of it runs N times; the medians are printed last (the machine's load varies
by ±5 % from one minute to the next). CPU seconds (user + system, of the bench and its children:
tesseract, the PDF reader) are printed beside the wall times of (1) and (2): another program on the
machine stretches wall time, hardly CPU time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.config import Config  # noqa: E402
from pipeline.ocr.image import pbm, prepare_ink  # noqa: E402
from pipeline.ocr.render import page_image  # noqa: E402
from pipeline.run.serial import run_serial  # noqa: E402

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


@dataclass
class Round:
    pages: int = 0
    render: float = 0.0  # seconds, rendering the pages to files
    bare: float = 0.0  # seconds of tesseract on the rendered pages
    bare_cpu: float = 0.0  # their CPU seconds (user + system)
    sent: float = 0.0  # seconds of tesseract on the prepared pages (what the engine sends)
    one: float = 0.0  # wall seconds of an ingest with 1 OCR worker
    one_cpu: float = 0.0  # its CPU seconds: this process and its children (tesseract, the PDF reader)
    one_engine: float = 0.0  # its summed engine seconds
    many: float = 0.0  # wall seconds of an ingest with one worker per core
    again: float = 0.0  # wall seconds of the second ingest (cache)
    again_ocr: int = 0  # pages the second ingest OCR'd
    again_cached: int = 0


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended: unlike wall
    time, hardly moved by other work on the machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def tesseract(image: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``tesseract IMAGE stdout -l tha+eng --psm 6 tsv`` on one thread."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started, cpu = time.perf_counter(), cpu_seconds()
    subprocess.run(
        ["tesseract", str(image), "stdout", "-l", "tha+eng", "--psm", "6", "tsv"],
        capture_output=True,
        env=env,
        check=True,
    )
    return time.perf_counter() - started, cpu_seconds() - cpu


def bare(files: list[Path], folder: Path, dpi: int, result: Round) -> None:
    """Render every page to a file, then time tesseract on it and on its prepared ink, in turns."""
    images: list[tuple[Path, Path]] = []
    started = time.perf_counter()
    for path in files:
        doc = pdfium.PdfDocument(path)
        for i in range(len(doc)):
            image = folder / f"{path.stem}-{i}.pgm"
            image.write_bytes(page_image(doc, i, dpi))
            images.append((image, image.with_suffix(".pbm")))
        doc.close()
    result.render = time.perf_counter() - started
    for rendered, sent in images:
        sent.write_bytes(pbm(prepare_ink(rendered.read_bytes())))
    for n, (rendered, sent) in enumerate(images):
        for image in (sent, rendered) if n % 2 else (rendered, sent):
            wall, cpu = tesseract(image)
            if image == sent:
                result.sent += wall
            else:
                result.bare += wall
                result.bare_cpu += cpu
    result.pages = len(images)


def ingest(files: list[Path], out: Path, workers: int | None) -> tuple[float, int, int, float, float]:
    """Wall seconds, pages OCR'd, pages from the cache, summed engine seconds and CPU seconds of one
    batch run."""
    config = Config(out_dir=out, show_progress=False, ocr_workers=workers)
    started, cpu = time.perf_counter(), cpu_seconds()
    batch = run_serial(files, config)
    wall = time.perf_counter() - started
    return wall, batch.ocr.recognized, batch.ocr.from_cache, batch.ocr.engine_s, cpu_seconds() - cpu


def one_round(chosen: list[Path], folder: Path, dpi: int, cores: int) -> Round:
    result = Round()
    (folder / "img").mkdir()
    bare(chosen, folder / "img", dpi, result)
    pages = result.pages
    print(
        f"bare tesseract on the rendered pages: {result.bare / pages:5.2f} s/page "
        f"(CPU {result.bare_cpu / pages:.2f}; rendering {result.render / pages:.3f} s/page); "
        f"on the prepared pages we send: {result.sent / pages:.2f} s/page"
    )
    result.one, recognized, _, result.one_engine, result.one_cpu = ingest(chosen, folder / "one", 1)
    print(
        f"ingest, 1 OCR worker:  {result.one / pages:5.2f} s/page = {result.one / result.bare:.1%} of bare "
        f"(CPU {result.one_cpu / pages:.2f} s/page = {result.one_cpu / result.bare_cpu:.1%} of bare's; "
        f"{recognized} pages OCR'd, engine {result.one_engine / max(recognized, 1):.2f} s/page)"
    )
    result.many, recognized, *_ = ingest(chosen, folder / "many", cores)
    print(
        f"ingest, {cores} OCR workers: {result.many / pages:5.2f} s/page = {result.bare / result.many:.2f}x "
        f"bare's speed ({recognized} pages OCR'd)"
    )
    result.again, result.again_ocr, result.again_cached, *_ = ingest(chosen, folder / "many", cores)
    print(
        f"second ingest (cache): {result.again:5.2f} s in all, {result.again_ocr} pages OCR'd, "
        f"{result.again_cached} from the cache"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path, default=[VOTE_LOG])
    parser.add_argument("--pages", type=int, default=30, help="pages in all (default 30)")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; medians printed last (default 1)")
    args = parser.parse_args()
    files = pdfs(args.inputs)
    if not files:
        sys.exit(f"no PDFs in {args.inputs}")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        (folder / "warm").mkdir()
        chosen = subset(files, args.pages, folder / "in")
        # a warm-up outside the timings: one page, so that the dictionaries are loaded
        warm = ingest(subset(files, 1, folder / "warm"), folder / "warm-out", 1)
        pages = sum(len(pdfium.PdfDocument(path)) for path in chosen)
        print(f"warm-up: {warm[0]:.1f} s; {len(chosen)} PDFs, {pages} pages, {args.dpi} dpi, {cores} cores")
        rounds: list[Round] = []
        for number in range(args.repeat):
            if args.repeat > 1:
                print(f"-- round {number + 1} of {args.repeat}")
            (folder / f"round{number}").mkdir()
            rounds.append(one_round(chosen, folder / f"round{number}", args.dpi, cores))
    if len(rounds) > 1:
        med = statistics.median
        print(
            f"-- medians of {len(rounds)} rounds, s/page: bare {med(r.bare / r.pages for r in rounds):.2f} "
            f"(sent pages {med(r.sent / r.pages for r in rounds):.2f}, rendering "
            f"{med(r.render / r.pages for r in rounds):.3f}); ingest 1 worker "
            f"{med(r.one / r.pages for r in rounds):.2f} = {med(r.one / r.bare for r in rounds):.1%} of bare "
            f"(engine {med(r.one_engine / r.pages for r in rounds):.2f}; CPU "
            f"{med(r.one_cpu / r.bare_cpu for r in rounds):.1%} of bare's); {cores} workers "
            f"{med(r.many / r.pages for r in rounds):.2f} = "
            f"{med(r.bare / r.many for r in rounds):.2f}x bare's speed; "
            f"second ingest {med(r.again for r in rounds):.2f} s, "
            f"{max(r.again_ocr for r in rounds)} pages OCR'd"
        )


if __name__ == "__main__":
    main()
