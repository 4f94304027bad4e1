"""OCR of chosen PDF pages: render, look up the cache, else run the engine, several pages at once.

Pages are rendered here, one after the other (PDFium allows one thread per process: rendering a page
takes 0.02–0.1 s, a scanned page the most), and each image goes to a pool of threads that each wait
on one engine process: with tesseract single-threaded (``OMP_THREAD_LIMIT=1``), as many processes as
cores keep every core busy (MEASUREMENTS.md: 2 processes, 1.2 s a page against 2.4 s for one). At
most twice as many images as workers are held in memory at once (a 300-dpi A4 page is ~9 MB of grey
pixels).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import pypdfium2 as pdfium

from pipeline.errors import ConfigError
from pipeline.ocr.cache import OcrCache, page_key
from pipeline.ocr.engine import OcrEngine, OcrPage, OcrUnavailable, Tesseract
from pipeline.read.pdf import page_image

#: the OCR engines a run can use, by the name ``Config.ocr_engine`` gives: another engine plugs in here
ENGINES: dict[str, Callable[[], OcrEngine]] = {"tesseract": Tesseract}


def check_engine(name: str) -> None:
    """Fail the run at its start, not on every page, when the configured OCR engine does not exist."""
    if name not in ENGINES:
        raise ConfigError(
            f"unknown OCR engine {name!r}",
            f"set ocr_engine to one of: {', '.join(sorted(ENGINES))} (pipeline.ocr.runner.ENGINES)",
        )


def make_engine(name: str) -> OcrEngine:
    """The engine called ``name``; :class:`OcrUnavailable` when it is unknown or cannot run here."""
    factory = ENGINES.get(name)
    if factory is None:
        raise OcrUnavailable(f"unknown OCR engine {name!r} (known: {', '.join(sorted(ENGINES))})")
    return factory()


@dataclass(frozen=True, slots=True)
class OcrOutcome:
    """One page's OCR: its result, or why there is none."""

    page: int  # 0-based
    result: OcrPage | None
    error: str | None = None
    cached: bool = False


@dataclass
class OcrStats:
    """What a runner did, for the run summary and the benchmark."""

    pages: int = 0  # pages asked for
    from_cache: int = 0
    recognized: int = 0  # pages the engine ran on
    render_s: float = 0.0  # rendering and hashing, summed
    engine_s: float = 0.0  # engine time summed over pages (wall time is less when run in parallel)
    failures: list[str] = field(default_factory=list)


class OcrRunner:
    """Runs OCR for a whole ingest: one engine, one pool, one cache. Use as a context manager."""

    def __init__(
        self,
        dpi: int = 300,
        workers: int | None = None,
        cache: OcrCache | None = None,
        engine: str = "tesseract",
    ) -> None:
        self.dpi, self.cache = dpi, cache
        self.workers = workers or os.cpu_count() or 1
        self.engine_name = engine
        self._engine: OcrEngine | None = None
        self._unavailable: str | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._followers: dict[str, list[int]] = {}  # pages waiting for the same image's OCR, by key
        self.stats = OcrStats()

    def __enter__(self) -> OcrRunner:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def engine(self) -> OcrEngine | str:
        """The engine, or the message saying why it cannot run (asked once per run)."""
        if self._engine is None and self._unavailable is None:
            try:
                self._engine = make_engine(self.engine_name)
            except OcrUnavailable as err:
                self._unavailable = str(err)
        return self._engine if self._engine is not None else str(self._unavailable)

    def ocr(self, path: Path, pages: Sequence[int]) -> list[OcrOutcome] | str:
        """OCR ``pages`` (0-based) of the PDF at ``path``: one outcome per page, in page order, or the
        message saying why OCR is not available."""
        engine = self.engine()
        if isinstance(engine, str):
            return engine
        self.stats.pages += len(pages)
        try:
            doc = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as err:
            return [OcrOutcome(i, None, f"the PDF cannot be opened for rendering: {err}") for i in pages]
        outcomes: dict[int, OcrOutcome] = {}
        running: dict[Future[tuple[OcrPage, float]], tuple[int, str]] = {}
        try:
            for index in pages:
                while len(running) >= 2 * self.workers:
                    self._collect(running, outcomes)
                self._start(doc, index, engine, running, outcomes)
            while running:
                self._collect(running, outcomes)
        finally:
            doc.close()
        return [outcomes[i] for i in pages]

    def _start(
        self,
        doc: pdfium.PdfDocument,
        index: int,
        engine: OcrEngine,
        running: dict[Future[tuple[OcrPage, float]], tuple[int, str]],
        outcomes: dict[int, OcrOutcome],
    ) -> None:
        started = time.perf_counter()
        try:
            image = page_image(doc, index, self.dpi)
        except pdfium.PdfiumError as err:
            outcomes[index] = OcrOutcome(index, None, f"the page cannot be rendered: {err}")
            return
        key = page_key(engine.name, image)
        self.stats.render_s += time.perf_counter() - started
        hit = self.cache.get(key) if self.cache is not None else None
        if hit is not None:
            self.stats.from_cache += 1
            outcomes[index] = OcrOutcome(index, hit, cached=True)
            return
        if any(k == key for _, k in running.values()):  # the same image is being OCR'd (blank pages)
            self._followers.setdefault(key, []).append(index)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="ocr")
        running[self._pool.submit(_timed, engine, image)] = (index, key)

    def _collect(
        self,
        running: dict[Future[tuple[OcrPage, float]], tuple[int, str]],
        outcomes: dict[int, OcrOutcome],
    ) -> None:
        done, _ = wait(list(running), return_when=FIRST_COMPLETED)
        for future in done:
            index, key = running.pop(future)
            followers = self._followers.pop(key, [])
            try:
                page, seconds = future.result()
            except Exception as err:  # the engine's own failure on this page: the run goes on
                message = f"{type(err).__name__}: {err}"
                self.stats.failures.append(message)
                for i in (index, *followers):
                    outcomes[i] = OcrOutcome(i, None, message)
                continue
            self.stats.recognized += 1
            self.stats.from_cache += len(followers)
            self.stats.engine_s += seconds
            if self.cache is not None:
                self.cache.put(key, page)
            outcomes[index] = OcrOutcome(index, page)
            for i in followers:
                outcomes[i] = OcrOutcome(i, page, cached=True)


def _timed(engine: OcrEngine, image: bytes) -> tuple[OcrPage, float]:
    started = time.perf_counter()
    page = engine.recognize(image)
    return page, time.perf_counter() - started
