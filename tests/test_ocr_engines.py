"""OCR engines that misbehave, run by the real runner on small image-only PDFs: one that raises, one
that hangs, one whose process crashes, one that reads nothing. A page fails alone, the run goes on,
and a hang costs the runner's page limit, not the run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from pipeline.config import Config
from pipeline.ocr import runner as ocr_run
from pipeline.ocr.cache import OcrCache, page_key
from pipeline.ocr.engine import OcrPage, Tesseract
from pipeline.ocr.render import page_image
from pipeline.ocr.runner import OcrRunner
from pipeline.read.identity import identify
from pipeline.run.worker import Task, Worker
from schemas.enums import Status

DPI = 72  # small page images (the least Config allows): the fakes do not read them
LIMIT = 0.5  # the runner's page limit in these tests (seconds)


def scan(path: Path, marks: list[int]) -> Path:
    """An image-only PDF, one page per mark: a grey sheet with a few bars, where page ``i`` has a box
    ``marks[i]`` steps across (equal marks: equal pages, rendered to the same image)."""
    sheets = []
    for mark in marks:
        sheet = Image.new("L", (300, 420), 255)
        draw = ImageDraw.Draw(sheet)
        for y in range(60, 360, 40):
            draw.rectangle((30, y, 270, y + 12), fill=40)
        draw.rectangle((20 + 30 * mark, 20, 40 + 30 * mark, 40), fill=0)
        sheets.append(sheet)
    sheets[0].save(path, "PDF", resolution=72, save_all=True, append_images=sheets[1:])
    return path


def images(path: Path) -> list[bytes]:
    """The page images the runner gives the engine."""
    doc = pdfium.PdfDocument(path)
    try:
        return [page_image(doc, i, DPI) for i in range(len(doc))]
    finally:
        doc.close()


class Fake:
    """An engine that knows the test's pages by their images: it reads page ``i`` as "page i", and
    on the pages named in ``trouble`` raises, hangs until ``release`` is set, or reads nothing."""

    name = "fake"

    def __init__(self, pages: list[bytes], trouble: dict[int, str]) -> None:
        self.pages, self.trouble = pages, trouble
        self.release = threading.Event()
        self.hang_ended = threading.Event()
        self.calls: list[int] = []

    def recognize(self, pgm: bytes) -> OcrPage:
        page = self.pages.index(pgm)
        self.calls.append(page)
        what = self.trouble.get(page)
        if what == "raise":
            raise ValueError(f"no glyphs on page {page}")
        if what == "hang":
            self.release.wait(timeout=60)
            self.hang_ended.set()
        if what == "empty":
            return OcrPage("", None, (), self.name)
        return OcrPage(f"page {page}", 90.0, (), self.name)


@pytest.fixture
def fakes() -> Iterator[list[Fake]]:
    """The fakes a test registers (as "fake"); a hung one is released at the end, so its thread ends."""
    made: list[Fake] = []
    yield made
    for fake in made:
        fake.release.set()


def register(monkeypatch: pytest.MonkeyPatch, fakes: list[Fake], path: Path, trouble: dict[int, str]) -> Fake:
    """A :class:`Fake` for the pages of ``path``, registered as the engine "fake" for this test."""
    fake = Fake(images(path), trouble)
    fakes.append(fake)
    monkeypatch.setitem(ocr_run.ENGINES, "fake", lambda: fake)
    return fake


def texts(outcomes: list[ocr_run.OcrOutcome] | str) -> list[str | None]:
    assert not isinstance(outcomes, str)
    return [o.result.text if o.result is not None else None for o in outcomes]


def test_an_engine_that_raises_fails_its_page_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fakes: list[Fake]
) -> None:
    path = scan(tmp_path / "scan.pdf", [0, 1, 2])
    register(monkeypatch, fakes, path, {1: "raise"})
    with OcrRunner(DPI, 2, engine="fake") as runner:
        runner.page_limit_s = LIMIT  # the runner's own limit, far below the engine's
        outcomes = runner.ocr(path, [0, 1, 2])
    assert texts(outcomes) == ["page 0", None, "page 2"]
    assert not isinstance(outcomes, str)
    assert [o.error for o in outcomes] == [None, "ValueError: no glyphs on page 1", None]
    assert runner.stats.failures == ["ValueError: no glyphs on page 1"]
    assert (runner.stats.pages, runner.stats.recognized) == (3, 2)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_hanging_engine_costs_the_page_limit_and_its_late_result_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fakes: list[Fake], workers: int
) -> None:
    """Page 1 hangs; with one worker the pages behind it were queued in the hung thread's pool and
    must be read all the same. The hung thread, released later, leaves nothing in the cache."""
    path = scan(tmp_path / "scan.pdf", [0, 1, 2, 3])
    fake = register(monkeypatch, fakes, path, {1: "hang"})
    cache = OcrCache(tmp_path / "cache")
    started = time.monotonic()
    runner = OcrRunner(DPI, workers, cache, engine="fake")
    runner.page_limit_s = LIMIT  # the runner's own limit, far below the engine's
    outcomes = runner.ocr(path, [0, 1, 2, 3])
    took = time.monotonic() - started
    runner.close()
    closed = time.monotonic() - started - took
    assert LIMIT <= took < 5 and closed < 1
    assert texts(outcomes) == ["page 0", None, "page 2", "page 3"]
    assert not isinstance(outcomes, str)
    error = outcomes[1].error
    assert error is not None and "'fake' took more than 0.5 s on the page" in error
    assert "abandoned and the page is left empty" in error
    assert runner.stats.failures == [error]
    assert runner.stats.recognized == 3
    assert sorted(fake.calls) == [0, 1, 2, 3]  # each page given to the engine once
    fake.release.set()
    assert fake.hang_ended.wait(5)
    time.sleep(0.1)  # the late result is handed to its future now, which nobody reads
    keys = [page_key("fake", image) for image in fake.pages]
    assert [cache.get(key) is not None for key in keys] == [True, False, True, True]
    assert runner.stats.recognized == 3


def test_pages_of_the_same_image_share_the_hung_pages_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fakes: list[Fake]
) -> None:
    """Pages 1 and 3 are the same image: page 3 waits on page 1's OCR, and fails with it."""
    path = scan(tmp_path / "scan.pdf", [0, 1, 2, 1])
    fake = register(monkeypatch, fakes, path, {1: "hang"})
    started = time.monotonic()
    with OcrRunner(DPI, 2, engine="fake") as runner:
        runner.page_limit_s = LIMIT  # the runner's own limit, far below the engine's
        outcomes = runner.ocr(path, [0, 1, 2, 3])
    assert time.monotonic() - started < 5
    assert texts(outcomes) == ["page 0", None, "page 2", None]
    assert not isinstance(outcomes, str)
    assert outcomes[1].error is not None and "took more than 0.5 s" in outcomes[1].error
    assert outcomes[3].error == outcomes[1].error
    assert len(runner.stats.failures) == 1 and runner.stats.recognized == 2
    assert sorted(fake.calls) == [0, 1, 2]  # page 3 was never given to the engine


def test_an_engine_that_reads_nothing_is_not_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fakes: list[Fake]
) -> None:
    """An empty page from the engine is a result (the caller reports it as ocr_no_text)."""
    path = scan(tmp_path / "scan.pdf", [0, 1])
    register(monkeypatch, fakes, path, {0: "empty"})
    with OcrRunner(DPI, 2, engine="fake") as runner:
        runner.page_limit_s = LIMIT  # the runner's own limit, far below the engine's
        outcomes = runner.ocr(path, [0, 1])
    assert texts(outcomes) == ["", "page 1"]
    assert not isinstance(outcomes, str)
    assert [o.error for o in outcomes] == [None, None]
    assert runner.stats.failures == [] and runner.stats.recognized == 2


def test_a_crashing_tesseract_fails_its_page_and_the_next_page_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in tesseract that knows its models, dies of SIGSEGV on its first page and reads the next
    as one word (pages in order: one worker)."""
    fake = tmp_path / "tesseract"
    crashed = tmp_path / "crashed"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then printf "List\\ntha\\neng\\n"; exit 0; fi\n'
        f'if [ ! -e "{crashed}" ]; then touch "{crashed}"; ulimit -c 0; kill -SEGV $$; fi\n'
        'printf "level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth'
        '\\theight\\tconf\\ttext\\n5\\t1\\t1\\t1\\t1\\t1\\t10\\t10\\t40\\t20\\t91.5\\tread\\n"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setitem(ocr_run.ENGINES, "crashing", lambda: Tesseract(binary=str(fake)))
    path = scan(tmp_path / "scan.pdf", [0, 1])
    with OcrRunner(DPI, 1, engine="crashing") as runner:
        outcomes = runner.ocr(path, [0, 1])
    assert texts(outcomes) == [None, "read"]
    assert not isinstance(outcomes, str)
    error = outcomes[0].error
    assert error is not None and error.startswith("RuntimeError: tesseract failed")
    assert "SIGSEGV" in error
    assert outcomes[1].result is not None and outcomes[1].result.confidence == 91.5
    assert len(runner.stats.failures) == 1 and runner.stats.recognized == 1


def test_a_document_whose_engine_hangs_gets_ocr_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fakes: list[Fake]
) -> None:
    """One document's work (the worker of a run) on a two-page scan whose second page hangs the engine:
    the call returns after the page limit, with a documents row and an ocr_failed finding for page 2.
    (Config has no field for the limit yet: the worker's runner gets it here.)"""
    path = scan(tmp_path / "scan.pdf", [0, 1])
    register(monkeypatch, fakes, path, {1: "hang"})
    config = Config(out_dir=tmp_path / "out", ocr_engine="fake", ocr_dpi=DPI)
    started = time.monotonic()
    with Worker.start(config) as worker:
        worker.ocr.page_limit_s = LIMIT
        outcome = worker.run(Task(0, path, identify(path)))
    assert time.monotonic() - started < 10
    result = outcome.result
    assert (result.document.source_path, result.document.n_pages) == (str(path), 2)
    assert result.status is Status.PARTIAL
    failed = [f for f in result.findings if f.code == "ocr_failed"]
    assert len(failed) == 1 and failed[0].message.startswith("page 2: OCR failed (the OCR engine 'fake'")
    assert failed[0].page == 2  # the findings row names the page (1-based, as pages.page)
    assert [p.text_raw for p in result.pages] == ["page 0", ""]
    assert outcome.ocr_pages == 1


def test_the_runs_ocr_page_limit_reaches_the_runner_and_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--ocr-timeout`` (Config.ocr_page_timeout_s): the engine stops itself then, the runner gives the
    page up a margin later; 0 on the command line is no limit."""
    from pipeline.config import Config
    from pipeline.ocr.runner import LIMIT_MARGIN_S
    from pipeline.run.worker import Worker

    class Timed:
        name = "timed"
        timeout: float | None = 999.0

        def recognize(self, pgm: bytes) -> object:
            raise AssertionError("not called")

    monkeypatch.setitem(ocr_run.ENGINES, "timed", Timed)
    with Worker.start(Config(ocr_page_timeout_s=12.0, ocr_engine="timed"), ocr_threads=1) as worker:
        assert worker.ocr.page_limit_s == 12.0 + LIMIT_MARGIN_S
        engine = worker.ocr.engine()
        assert isinstance(engine, Timed) and engine.timeout == 12.0
    with Worker.start(Config(ocr_page_timeout_s=None, ocr_engine="timed"), ocr_threads=1) as worker:
        assert worker.ocr.page_limit_s is None
        engine = worker.ocr.engine()
        assert isinstance(engine, Timed) and engine.timeout is None
