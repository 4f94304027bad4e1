"""OCR of chosen PDF pages: render, look up the cache, else run the engine, several pages at once.

Pages are rendered here, one after the other (PDFium allows one thread per process: rendering a page
takes 0.02–0.1 s, a scanned page the most), and each image goes to a pool of threads that each wait
on one engine process: with tesseract single-threaded (``OMP_THREAD_LIMIT=1``), as many processes as
cores keep every core busy (MEASUREMENTS.md: 2 processes, 1.2 s a page against 2.4 s for one). At
most twice as many images as workers are held in memory at once (a 300-dpi A4 page is ~9 MB of grey
pixels).

Each page may take the engine :data:`PAGE_LIMIT_S` seconds, whatever the engine: tesseract stops its
own process earlier (``PAGE_TIMEOUT_S``), but a plugged-in engine, or a hang outside the process, would
otherwise hold the document and the run forever. A late page fails alone (``ocr_failed``); its thread
cannot be killed, so it is left to finish on its own, in a pool of its own, and its result is dropped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Final

from pipeline.ocr.cache import OcrCache, page_key
from pipeline.ocr.engine import PAGE_TIMEOUT_S, OcrEngine, OcrPage, OcrUnavailable
from pipeline.ocr.engines import ENGINES

if TYPE_CHECKING:
    import pypdfium2 as pdfium

#: seconds any engine may spend on one page before the runner gives the page up: above tesseract's own
#: limit, so that tesseract stops its process first and says so
PAGE_LIMIT_S: Final = PAGE_TIMEOUT_S + 30
#: how much longer than the engine's own limit the runner waits before it gives a page up
LIMIT_MARGIN_S: Final = 30.0


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
    blank: int = 0  # page images of one grey level: not given to the engine, which reads nothing there
    render_s: float = 0.0  # rendering and hashing, summed
    engine_s: float = 0.0  # engine time summed over pages (wall time is less when run in parallel)
    failures: list[str] = field(default_factory=list)


class OcrRunner:
    """Runs OCR for a whole ingest: one engine, one pool, one cache. Use as a context manager.

    ``page_timeout_s``: seconds the engine may spend on one page (None: no limit). An engine with a
    ``timeout`` stops itself then; the runner gives the page up :data:`LIMIT_MARGIN_S` later
    (``page_limit_s``), whatever the engine does.
    """

    def __init__(
        self,
        dpi: int = 300,
        workers: int | None = None,
        cache: OcrCache | None = None,
        engine: str = "tesseract",
        page_timeout_s: float | None = PAGE_TIMEOUT_S,
    ) -> None:
        self.dpi, self.cache, self.page_timeout_s = dpi, cache, page_timeout_s
        self.page_limit_s = None if page_timeout_s is None else page_timeout_s + LIMIT_MARGIN_S
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
                if hasattr(self._engine, "timeout"):  # an engine that stops itself: at the run's limit
                    self._engine.timeout = self.page_timeout_s
            except OcrUnavailable as err:
                self._unavailable = str(err)
        return self._engine if self._engine is not None else str(self._unavailable)

    def ocr(self, path: Path, pages: Sequence[int]) -> list[OcrOutcome] | str:
        """OCR ``pages`` (0-based) of the PDF at ``path``: one outcome per page, in page order, or the
        message saying why OCR is not available."""
        engine = self.engine()
        if isinstance(engine, str):
            return engine
        import pypdfium2 as pdfium  # here, when a page is to be rendered: a run without OCR never loads it

        self.stats.pages += len(pages)
        try:
            doc = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as err:
            return [OcrOutcome(i, None, f"the PDF cannot be opened for rendering: {err}") for i in pages]
        outcomes: dict[int, OcrOutcome] = {}
        running: dict[Future[tuple[OcrPage, float]], _Job] = {}
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
        running: dict[Future[tuple[OcrPage, float]], _Job],
        outcomes: dict[int, OcrOutcome],
    ) -> None:
        import pypdfium2 as pdfium

        from pipeline.ocr.render import page_image

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
        if getattr(engine, "empty_when_one_grey", False) and _one_grey(image):
            # nothing on the page: an engine that says so (tesseract) would read nothing, in about a
            # second; the same record without it: no text, no words, no confidence (tests/test_pdf_ocr.py)
            self.stats.blank += 1
            outcomes[index] = OcrOutcome(index, OcrPage("", None, (), engine.name))
            return
        if any(job.key == key for job in running.values()):  # the same image is being OCR'd
            self._followers.setdefault(key, []).append(index)
            return
        job = _Job(index, key, engine, image)
        running[self._submit(job)] = job

    def _submit(self, job: _Job) -> Future[tuple[OcrPage, float]]:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="ocr")
        return self._pool.submit(_timed, job)

    def _collect(
        self,
        running: dict[Future[tuple[OcrPage, float]], _Job],
        outcomes: dict[int, OcrOutcome],
    ) -> None:
        """Take the pages that are done, waiting at most until the earliest page's time is up; then
        give up the pages that are late."""
        done, _ = wait(list(running), timeout=self._wait_s(running), return_when=FIRST_COMPLETED)
        for future in done:
            job = running.pop(future)
            try:
                page, seconds = future.result()
            except Exception as err:  # the engine's own failure on this page: the run goes on
                self._fail(job, f"{type(err).__name__}: {err}", outcomes)
                continue
            followers = self._followers.pop(job.key, [])
            self.stats.recognized += 1
            self.stats.from_cache += len(followers)
            self.stats.engine_s += seconds
            if self.cache is not None:
                self.cache.put(job.key, page)
            outcomes[job.index] = OcrOutcome(job.index, page)
            for i in followers:
                outcomes[i] = OcrOutcome(i, page, cached=True)
        self._give_up_late(running, outcomes)

    def _wait_s(self, running: dict[Future[tuple[OcrPage, float]], _Job]) -> float | None:
        """Seconds until the earliest page's time is up (a page still queued counts from now: it is
        looked at again by then)."""
        if self.page_limit_s is None:
            return None
        now = time.monotonic()
        first = min(now if job.started is None else job.started for job in running.values())
        return max(0.0, first + self.page_limit_s - now)

    def _give_up_late(
        self,
        running: dict[Future[tuple[OcrPage, float]], _Job],
        outcomes: dict[int, OcrOutcome],
    ) -> None:
        """Fail the pages the engine has spent more than ``page_limit_s`` on. Their threads cannot be
        stopped: their pool is shut down without waiting (they end on their own and nobody reads their
        results), and the pages queued in it go to a new pool, so the workers stay as many."""
        limit, now = self.page_limit_s, time.monotonic()
        if limit is None:
            return
        late = [f for f, job in running.items() if job.started is not None and now - job.started >= limit]
        late = [future for future in late if not future.done()]  # done in the meantime: taken next time
        if not late:
            return
        for future in late:
            job = running.pop(future)
            message = (
                f"the OCR engine {job.engine.name!r} took more than {limit:g} s on the page; it was "
                "abandoned and the page is left empty: run the file again with --force to retry it, "
                "and report the file if the engine stalls on it again"
            )
            self._fail(job, message, outcomes)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        for future, job in list(running.items()):
            if future.cancelled():  # was queued behind a late page: it starts again in the new pool
                del running[future]
                running[self._submit(job)] = job

    def _fail(self, job: _Job, message: str, outcomes: dict[int, OcrOutcome]) -> None:
        """The page, and the pages of the same image waiting on it, fail with ``message``."""
        self.stats.failures.append(message)
        for i in (job.index, *self._followers.pop(job.key, [])):
            outcomes[i] = OcrOutcome(i, None, message)


@dataclass(slots=True)
class _Job:
    """A page image given to the engine; ``started`` is set by the thread that runs it."""

    index: int  # the page (pages of the same image wait on it as followers)
    key: str
    engine: OcrEngine
    image: bytes
    started: float | None = None  # time.monotonic(); None while queued


def _one_grey(image: bytes) -> bool:
    """Whether a page image (binary PGM, as :func:`~pipeline.ocr.render.page_image` makes) is all of
    one grey level: an empty page. Counted in C, a few milliseconds for an A4 page at 300 dpi."""
    start = 0
    for _ in range(3):  # "P5", "width height", "255", each ended by a newline
        start = image.find(b"\n", start) + 1
        if start == 0:
            return False
    pixels = len(image) - start
    return pixels > 0 and image.count(image[start : start + 1], start) == pixels


def _timed(job: _Job) -> tuple[OcrPage, float]:
    job.started = time.monotonic()
    page = job.engine.recognize(job.image)
    return page, time.monotonic() - job.started
