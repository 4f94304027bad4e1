"""A PDF's pages for parsing: the text layer where it reads well, OCR where it does not.

Every page's text layer is prepared first (repaired and scored, :func:`parsers.pages.prepare_pages`).
Then, page by page (``--ocr``):

* ``auto`` (the default) OCRs a page that has no text layer (fewer than :data:`MIN_CHARACTERS` letters
  or digits: a scan, maybe with a stamped page number), and a page whose text layer, even repaired,
  reads worse than ``ocr_below``; the OCR text replaces such a layer only when it reads better.
* ``always`` OCRs every page and uses its text; ``never`` OCRs nothing.

Pages that could not be read at all (late, crashed) are not OCR'd: rendering them would meet the same
trouble. Each decision leaves a finding: ``ocr_pages`` (what was OCR'd, and its confidence),
``ocr_unavailable`` (with how to install the engine), ``ocr_failed``, ``ocr_no_text``,
``ocr_not_better``, or ``no_text_layer`` when OCR is off.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from parsers.pages import PageInput, PreparedPage, WordConfidence, prepare_pages
from pipeline.config import Config, OcrMode
from pipeline.ocr import OcrPage
from pipeline.ocr_run import OcrOutcome, OcrRunner
from pipeline.sources import ReadProblem, SourceFile
from schemas.enums import Severity, TextSource

#: a page with fewer letters or digits than this has no text layer worth the name
MIN_CHARACTERS: Final = 3


def pdf_pages(
    source: SourceFile, config: Config, runner: OcrRunner | None
) -> tuple[list[PreparedPage], list[ReadProblem]]:
    """The prepared pages of a PDF that was read, OCR'd where needed, and the findings of the OCR step.

    ``runner`` is the run's OCR runner (cache, pool); without one, a runner without a cache is made
    for this document.
    """
    inputs = layer_inputs(source)
    layer = prepare_pages(inputs)
    wanted = pages_to_ocr(layer, config, source.unread)
    if not wanted:
        return layer, []
    empty = [i for i in wanted if _no_text(layer[i])]
    if config.ocr is OcrMode.NEVER:
        return layer, _not_read("no_text_layer", empty, wanted, len(layer), "OCR is off: --ocr never")
    if runner is None:
        with OcrRunner(config.ocr_dpi, config.ocr_workers, engine=config.ocr_engine) as own:
            outcomes = own.ocr(source.path, wanted)
    else:
        outcomes = runner.ocr(source.path, wanted)
    if isinstance(outcomes, str):
        return layer, _not_read("ocr_unavailable", empty, wanted, len(layer), outcomes)
    return _merge(inputs, layer, outcomes, config)


def pages_to_ocr(pages: Sequence[PreparedPage], config: Config, unread: frozenset[int]) -> list[int]:
    """The 0-based pages to OCR under the configured mode."""
    if config.ocr is OcrMode.ALWAYS:
        return [i for i in range(len(pages)) if i not in unread]
    return [
        i
        for i, page in enumerate(pages)
        if i not in unread
        and (_no_text(page) or (page.quality is not None and page.quality < config.ocr_below))
    ]


def _no_text(page: PreparedPage) -> bool:
    return sum(c.isalnum() for c in page.normalized.text) < MIN_CHARACTERS


def _merge(
    inputs: list[PageInput],
    layer: list[PreparedPage],
    outcomes: list[OcrOutcome],
    config: Config,
) -> tuple[list[PreparedPage], list[ReadProblem]]:
    problems: list[ReadProblem] = []
    read: list[int] = []
    blank: list[int] = []
    for outcome in outcomes:
        i = outcome.page
        if outcome.result is None:
            problems.append(
                ReadProblem("ocr_failed", Severity.ERROR, f"page {i + 1}: OCR failed ({outcome.error})")
            )
        elif not outcome.result.text.strip():
            blank.append(i)
        else:
            inputs[i] = ocr_input(outcome.result)
            read.append(i)
    if blank:
        nothing = not read and all(_no_text(page) for page in layer)
        problems.append(
            ReadProblem(
                "ocr_no_text",
                Severity.ERROR if nothing else Severity.WARNING,
                f"OCR found no text on pages (blank, or too faint to read): {_listed(blank)}",
            )
        )
    if not read:
        return layer, problems
    pages = prepare_pages(inputs)
    kept: list[int] = []
    for i in read:
        before, after = layer[i], pages[i]
        if config.ocr is OcrMode.AUTO and not _no_text(before) and not _reads_better(after, before):
            pages[i] = before  # the text layer, poor as it is, reads at least as well
            problems.append(
                ReadProblem(
                    "ocr_not_better",
                    Severity.INFO,
                    f"page {i + 1}: the text layer reads poorly (quality {before.quality:.2f}) but the OCR "
                    f"text no better ({_quality(after)}); the text layer was kept",
                )
            )
        else:
            kept.append(i)
    if kept:
        problems.append(_ocr_note(kept, pages, outcomes))
    return pages, problems


def layer_inputs(source: SourceFile) -> list[PageInput]:
    """The page inputs of a PDF's text layer: each page's text and its line boxes."""
    pages = enumerate(source.pages)
    return [PageInput(raw, TextSource.TEXT_LAYER, lines=source.page_lines(i)) for i, raw in pages]


def ocr_input(page: OcrPage) -> PageInput:
    """The page input of an OCR result: its text, page and word confidences, and its line boxes."""
    words = tuple(WordConfidence(w.start, w.end, w.confidence) for w in page.words)
    return PageInput(page.text, TextSource.OCR, page.confidence, words, page.lines)


def _reads_better(ocr: PreparedPage, layer: PreparedPage) -> bool:
    return ocr.quality is not None and (layer.quality is None or ocr.quality > layer.quality)


def _quality(page: PreparedPage) -> str:
    return "no Thai" if page.quality is None else f"quality {page.quality:.2f}"


def _ocr_note(kept: list[int], pages: list[PreparedPage], outcomes: list[OcrOutcome]) -> ReadProblem:
    engines = sorted({o.result.engine for o in outcomes if o.result is not None})
    confidences = [c for i in kept if (c := pages[i].confidence) is not None]
    mean = f", mean confidence {sum(confidences) / len(confidences):.0f}" if confidences else ""
    # whether a page came from the OCR cache is not said here: the tables must not depend on the
    # cache (the run summary and log count cached pages)
    return ReadProblem(
        "ocr_pages", Severity.INFO, f"pages read by OCR ({', '.join(engines)}{mean}): {_listed(kept)}"
    )


def _not_read(code: str, empty: list[int], wanted: list[int], n_pages: int, why: str) -> list[ReadProblem]:
    """no_text_layer / ocr_unavailable: an error when no page has text, a warning when some page has
    none; an info when only pages with a poor text layer went without OCR."""
    if empty:
        severity = Severity.ERROR if len(empty) == n_pages else Severity.WARNING
        message = f"pages without a text layer, not OCR'd ({why}): {_listed(empty)}"
        return [ReadProblem(code, severity, message)]
    message = f"pages with a poor text layer, not OCR'd ({why}): {_listed(wanted)}"
    return [ReadProblem(code, Severity.INFO, message)] if code == "ocr_unavailable" else []


def _listed(pages: Sequence[int]) -> str:
    shown = ", ".join(str(i + 1) for i in pages[:20])
    return shown + ("…" if len(pages) > 20 else "")
