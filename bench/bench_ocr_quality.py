"""Benchmark (not a test): OCR page text against its source, raw and after each clean-up step.

Test images whose text is known: the scanned variants of the sample reports (``python -m
tools.scans``: shaped Thai, strengths ``clean`` and ``office``), or, when that is not usable, the
text-layer PDFs of ``data/raw/pdf`` rasterised at 300 dpi (unshaped: marks sit low), as they are
(``pdf``) and mildly damaged (``pdf-mild``). Each page is prepared (:func:`pipeline.ocr.image.prepare`) and
OCR'd by tesseract (``tha+eng``, one thread; TSV outputs cached under ``/tmp``), its text rebuilt by
:func:`pipeline.ocr.engine.read_tsv` and cleaned step by step by the OCR chain
(:func:`parsers.repair.ocrtext.ocr_chain`).

Printed per setting and strength: the character error rate of the document text against its source
(whitespace ignored; and "with spaces": every whitespace run one space) after each step that changed
something, tesseract's and the clean-up's time per page, and the records read from the OCR text
(form, fields, entry dates and progress, metrics) as a share of those read from the source text,
both scored against ``tests/expected``.

    .venv/bin/python bench/bench_ocr_quality.py [--source scans|pdf] [--settings "otsu psm 4" …]
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from parsers.assemble import ParsedDocument, parse_document, parse_prepared
from parsers.document.pages import PreparedPage
from parsers.repair.normalize import STEPS, banners, with_earlier_banners
from parsers.repair.ocrtext import ocr_chain, read_ocr_page
from parsers.text.textmap import MappedText
from pipeline.ocr.engine import read_tsv
from pipeline.ocr.image import pgm, prepare
from pipeline.ocr.render import page_image
from pipeline.read.pdf import page_text
from pipeline.read.sources import read_source
from schemas.enums import TextSource

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
EXPECTED = REPO / "tests" / "expected"
CACHE = Path(os.environ.get("RAINGAN_OCR_BENCH_CACHE", "/tmp/raingan-ocr-bench"))
DOC_FIELDS = ("title", "code", "agency", "fiscal_year_be", "target_value", "achieved_value")
DOC_FIELDS += ("start_date", "end_date")

#: the setting of pipeline.ocr.engine.Tesseract: Otsu, and a 3 x 3 median on pages with noisy paper only
PIPELINE = "otsu+median on scans psm 6"
#: name -> (page preparation, tesseract page segmentation mode)
SETTINGS: dict[str, tuple[Callable[[bytes], bytes], int]] = {
    "grey psm 6": (lambda image: image, 6),
    "otsu psm 6": (lambda image: prepare(image, despeckle=False), 6),
    "otsu+median psm 6": (lambda image: prepare(image, despeckle=True), 6),
    PIPELINE: (prepare, 6),
    "otsu+median+deskew psm 6": (lambda image: prepare(image, despeckle=True, deskew=True), 6),
    "otsu+median x1.5 psm 6": (lambda image: prepare(image, despeckle=True, scale=1.5), 6),
    "otsu psm 4": (lambda image: prepare(image, despeckle=False), 4),
    "otsu+median psm 4": (lambda image: prepare(image, despeckle=True), 4),
}


@dataclass(frozen=True, slots=True)
class Doc:
    name: str  # the source's file name
    strength: str
    images: tuple[bytes, ...]  # binary PGMs, one per page
    truth: str


def scanned_docs(strengths: Sequence[str]) -> list[Doc]:
    """The scanned PDFs ``tools.scans`` writes for the sample reports, as page images at 300 dpi."""
    docs: list[Doc] = []
    for strength in strengths:
        out = CACHE / "scans" / strength
        command = [sys.executable, "-m", "tools.scans", str(RAW), "--out", str(out)]
        subprocess.run([*command, "--strength", strength], cwd=REPO, check=True, capture_output=True)
        for row in json.loads((out / "scans.json").read_text(encoding="utf-8")):
            truth = "\n".join(read_source(RAW / row["source"]).pages)
            docs.append(Doc(row["source"], strength, _images(out / row["pdf"]), truth))
    return docs


def _images(path: Path) -> tuple[bytes, ...]:
    doc = pdfium.PdfDocument(path)
    try:
        return tuple(page_image(doc, i, 300) for i in range(len(doc)))
    finally:
        doc.close()


def _mild(image: bytes, seed: int) -> bytes:
    """A light scanner look of our own: 0.4° tilt, blur, grey paper, sensor noise."""
    width, height = (int(v) for v in image.split(b"\n")[1].split())
    sheet = Image.frombytes("L", (width, height), image[-width * height :])
    ink = Image.eval(sheet, lambda v: 255 - v).rotate(0.4, resample=Image.Resampling.BICUBIC)
    ink = ink.filter(ImageFilter.GaussianBlur(0.7))
    grey = 230 - 190 * np.asarray(ink, dtype=np.float32) / 255
    grey += np.random.default_rng(seed).normal(0, 6, grey.shape).astype(np.float32)
    return pgm(width, height, np.clip(np.rint(grey), 0, 255).astype(np.uint8).tobytes())


def pdf_docs() -> list[Doc]:
    """The text-layer PDFs of ``data/raw/pdf`` rasterised; the truth is their own text layer."""
    docs: list[Doc] = []
    manifest = {row["pdf"]: row["source"] for row in json.loads((RAW / "pdf" / "corpus.json").read_text())}
    for path in sorted((RAW / "pdf").glob("*.pdf")):
        doc = pdfium.PdfDocument(path)
        try:
            truth = "\n".join(page_text(doc, i)[0] for i in range(len(doc)))
            images = tuple(page_image(doc, i, 300) for i in range(len(doc)))
        finally:
            doc.close()
        docs.append(Doc(manifest[path.name], "pdf", images, truth))
        docs.append(
            Doc(manifest[path.name], "pdf-mild", tuple(_mild(im, i) for i, im in enumerate(images)), truth)
        )
    return docs


def tesseract_tsv(image: bytes, psm: int) -> tuple[str, float]:
    """tesseract's TSV of one PGM and the seconds it took; cached on disk by the image's hash."""
    key = hashlib.sha256(image + f"tha+eng/{psm}".encode()).hexdigest()[:32]
    cached, timing = CACHE / f"{key}.tsv", CACHE / f"{key}.time"
    if cached.exists() and timing.exists():
        return cached.read_text(encoding="utf-8"), float(timing.read_text())
    CACHE.mkdir(parents=True, exist_ok=True)
    source = CACHE / f"{key}.{os.getpid()}.pgm"
    source.write_bytes(image)
    try:
        started = time.perf_counter()
        run = subprocess.run(
            ["tesseract", str(source), "stdout", "-l", "tha+eng", "--psm", str(psm), "tsv"],
            capture_output=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=True,
        )
        seconds = time.perf_counter() - started
    finally:
        source.unlink(missing_ok=True)
    cached.write_bytes(run.stdout)
    timing.write_text(f"{seconds:.3f}")
    return run.stdout.decode("utf-8"), seconds


def errors(truth: str, got: str, *, spaces: bool) -> tuple[int, int]:
    """Edits of difflib's alignment (an upper bound of the Levenshtein distance) and the truth's length;
    whitespace ignored, or (``spaces``) every run of whitespace one space."""
    join = " " if spaces else ""
    a, b = join.join(truth.split()), join.join(got.split())
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal"), len(a)


def stepwise(pages: Sequence[str]) -> list[tuple[str, str, float]]:
    """The document text after each step of the OCR chain: (step, text, seconds), "raw" first."""
    texts = [MappedText.identity(raw) for raw in pages]
    out = [("raw", "\n".join(pages), 0.0)]
    seen: set[str] = set()
    for step in ocr_chain(STEPS):
        started = time.perf_counter()
        texts = [t.apply(step.find(t.text)) for t in texts]
        code = step.code if step.code not in seen else f"{step.code} (again)"
        seen.add(step.code)
        out.append((code, "\n".join(t.text for t in texts), time.perf_counter() - started))
    return out


def score(parsed: ParsedDocument, gold: dict[str, Any]) -> tuple[int, int]:
    """Records right and records expected: form, document fields, entries, metrics."""
    doc = gold["doc"]
    right = int(parsed.form.value == doc["form"])
    for name in DOC_FIELDS:
        got = parsed.fields.get(name)
        right += (got.isoformat() if hasattr(got, "isoformat") else got) == doc.get(name)
    entries = Counter(
        (e.quarter, e.report_no, e.report_date.isoformat() if e.report_date else None, e.progress_pct)
        for e in parsed.entries
    )
    want = Counter((e["quarter"], e["report_no"], e["date"], e["progress_pct"]) for e in gold["entries"])
    metrics = Counter((m.value, m.unit) for m in parsed.metrics)
    want_metrics = Counter((float(m["value"]), m["unit"]) for m in gold["metrics"])
    right += sum((entries & want).values()) + sum((metrics & want_metrics).values())
    return right, 1 + len(DOC_FIELDS) + sum(want.values()) + sum(want_metrics.values())


def parse_ocr(doc_id: str, pages: Sequence[str]) -> ParsedDocument:
    prepared: list[PreparedPage] = []
    earlier: frozenset[str] = frozenset()
    for raw in pages:
        layer = read_ocr_page(raw, with_earlier_banners(STEPS, earlier))
        prepared.append(PreparedPage(layer.normalized, layer.quality, TextSource.OCR, None, ()))
        earlier |= banners(layer.normalized.raw)
    return parse_prepared(doc_id, prepared)


def report(setting: str, docs: list[Doc], tsvs: list[list[str]], seconds: list[float]) -> None:
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    order: list[str] = []
    cleanup: dict[str, list[float]] = defaultdict(list)
    records: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for doc, doc_tsvs in zip(docs, tsvs, strict=True):
        started = time.perf_counter()
        raws = [read_tsv(tsv, "tesseract").text for tsv in doc_tsvs]
        spent = time.perf_counter() - started
        previous, counts = None, (0, 0, 0)
        for code, text, step_time in stepwise(raws):
            spent += step_time
            if text != previous:
                bare, n = errors(doc.truth, text, spaces=False)
                counts, previous = (bare, errors(doc.truth, text, spaces=True)[0], n), text
            order += [code] if code not in order else []
            totals[(doc.strength, code)] = [
                a + b for a, b in zip(totals[(doc.strength, code)], counts, strict=True)
            ]
        cleanup[doc.strength].append(spent / len(raws))
        gold_path = EXPECTED / f"{Path(doc.name).stem}.json"
        if gold_path.is_file():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            ocr_right, total = score(parse_ocr(doc.name, raws), gold)
            text_right, _ = score(parse_document(doc.name, read_source(RAW / doc.name).pages), gold)
            tally = records[doc.strength]
            tally[0], tally[1], tally[2] = tally[0] + ocr_right, tally[1] + text_right, tally[2] + total
    for strength in sorted({d.strength for d in docs}):
        ocr = statistics.median(s for d, s in zip(docs, seconds, strict=True) if d.strength == strength)
        pages = sum(len(d.images) for d in docs if d.strength == strength)
        print(
            f"\n{setting} / {strength} ({pages} pages): tesseract {ocr:.2f} s/page (median of documents),"
            f" clean-up {statistics.median(cleanup[strength]):.2f} s/page"
        )
        print(f"  {'after step':22} {'CER':>7} {'with spaces':>12}")
        last = None
        for code in order:
            bare, spaced, n = totals[(strength, code)]
            if (bare, spaced) != last:  # a step that changed nothing on these pages is not listed
                print(f"  {code:22} {100 * bare / n:6.2f}% {100 * spaced / n:11.2f}%")
            last = (bare, spaced)
        ocr_right, text_right, total = records[strength]
        if total:
            print(
                f"  records: OCR {ocr_right}/{total}, text {text_right}/{total}:"
                f" {ocr_right / max(1, text_right):.3f} of the text version"
            )


def _ocr(prepare_page: Callable[[bytes], bytes], psm: int) -> Callable[[bytes], tuple[str, float]]:
    return lambda image: tesseract_tsv(prepare_page(image), psm)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--source", choices=("scans", "pdf"), default="scans")
    parser.add_argument(
        "--settings", nargs="+", default=["otsu+median on scans psm 6"], choices=sorted(SETTINGS)
    )
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    docs: list[Doc] = []
    if args.source == "scans":
        try:
            docs = scanned_docs(["clean", "office"])
        except (subprocess.CalledProcessError, OSError, KeyError, ValueError) as err:
            print(f"tools.scans not usable ({err}): rasterising data/raw/pdf instead")
    docs = docs or pdf_docs()
    for setting in args.settings:
        prepare_page, psm = SETTINGS[setting]
        jobs = [image for doc in docs for image in doc.images]
        with ThreadPoolExecutor(args.workers) as pool:
            results = iter(list(pool.map(_ocr(prepare_page, psm), jobs)))
        tsvs, seconds = [], []
        for doc in docs:
            done = [next(results) for _ in doc.images]
            tsvs.append([tsv for tsv, _ in done])
            seconds.append(statistics.mean(s for _, s in done))
        report(setting, docs, tsvs, seconds)


if __name__ == "__main__":
    main()
