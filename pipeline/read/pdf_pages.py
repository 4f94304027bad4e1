"""A PDF's pages for parsing: the text layer where it reads well and tells the truth, OCR elsewhere.

Every page's text layer has been checked as it was read (:mod:`parsers.text.layercheck`): a layer that lies
(mojibake of a font without a Unicode map, Latin garbage of a foreign OCR over a scan) is not used at
all — the page starts empty, keeps the layer in ``pages.layer_raw``, and is OCR'd; a layer that holds
only a header over a scanned body is kept until OCR reads more. Then every page's text layer is
prepared (repaired and scored, :func:`parsers.document.pages.prepare_pages`), and page by page (``--ocr``):

* ``auto`` (the default) OCRs a page that has no text layer (fewer than :data:`MIN_CHARACTERS` letters
  or digits: a scan, maybe with a stamped page number, or a layer that lied), a page whose layer is a
  header over a scanned body, and a page whose text layer, even repaired, reads worse than
  ``ocr_below``; the OCR text replaces such a layer only when it reads better. A header page reads as
  its header's text-layer lines with the OCR lines of the scanned image (:mod:`parsers.document.mixedpage`),
  when that reads more Thai words than the header alone.
* ``always`` OCRs every page and uses its text; ``never`` OCRs nothing.

Pages that could not be read at all (late, crashed) are not OCR'd: rendering them would meet the same
trouble. Each decision leaves a finding: ``ocr_pages`` (what was OCR'd, and its confidence),
``ocr_unavailable`` (with how to install the engine), ``ocr_failed``, ``ocr_no_text``,
``ocr_not_better``, ``no_text_layer`` when OCR is off, ``blank_pages`` (pages that draw nothing but at
most a few marks of text: not OCR'd, there is nothing more to read), and per page ``text_layer_unusable`` (the
layer lied: why, and what was read instead) or ``text_layer_partial`` (a header over a scan).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from parsers.document.inputs import PageInput, WordConfidence
from parsers.document.mixedpage import merge_mixed
from parsers.document.pages import PageMemo, PreparedPage, prepare_pages
from parsers.registry import LINE_STARTERS
from parsers.text.layercheck import MIN_TEXT, LayerFault, LayerVerdict, has_text
from pipeline.config import Config, OcrMode
from pipeline.ocr.engine import OcrPage
from pipeline.ocr.runner import OcrOutcome, OcrRunner
from pipeline.read.problems import ReadProblem
from pipeline.read.sources import SourceFile
from schemas.codes import FindingCode
from schemas.enums import Severity, TextSource

#: a page with fewer letters or digits than this has no text layer worth the name
MIN_CHARACTERS: Final = MIN_TEXT
#: how to read the pages OCR did not, by why it did not
_ENABLE_OCR: Final = "run again with --ocr auto to read it by OCR"


def pdf_pages(
    source: SourceFile, config: Config, runner: OcrRunner | None
) -> tuple[list[PreparedPage], list[ReadProblem]]:
    """The prepared pages of a PDF that was read, OCR'd where needed, and the findings of the OCR step.

    ``runner`` is the run's OCR runner (cache, pool); without one, a runner without a cache is made
    for this document.
    """
    pages, problems = _read(source, config, runner)
    return pages, [*_blank(source, config), *problems]


def _blank(source: SourceFile, config: Config) -> list[ReadProblem]:
    """The finding on the pages that draw nothing but a layer without letters or digits (blank pages):
    not OCR'd, there is nothing more to read; an error when the whole document is blank."""
    blank = sorted(source.layer_only) if config.ocr is not OcrMode.ALWAYS else []
    if not blank:
        return []
    if len(blank) == len(source.pages):
        return [
            ReadProblem(
                FindingCode.BLANK_PAGES,
                Severity.ERROR,
                "every page is blank: nothing is drawn on them but at most a few marks of text, no letter "
                "or digit (nothing for OCR to read either)",
            )
        ]
    message = f"blank pages, drawn with no letter or digit and nothing else (not OCR'd): {_listed(blank)}"
    return [ReadProblem(FindingCode.BLANK_PAGES, Severity.INFO, message)]


def _read(
    source: SourceFile, config: Config, runner: OcrRunner | None
) -> tuple[list[PreparedPage], list[ReadProblem]]:
    inputs = layer_inputs(source)
    memo: PageMemo = {}  # a page prepared to decide OCR is not prepared again after it
    layer = prepare_pages(inputs, LINE_STARTERS, memo)
    verdicts = {i: v for i, v in enumerate(source.verdicts) if v is not None and i not in source.unread}
    wanted = pages_to_ocr(layer, config, source.unread, verdicts, source.layer_only)
    if not wanted:
        return layer, []
    plain = [i for i in wanted if i not in verdicts]  # the pages no verdict explains
    empty = [i for i in plain if _no_text(layer[i])]
    if config.ocr is OcrMode.NEVER:
        why = f"OCR is off: --ocr never; {_ENABLE_OCR}"
        problems = _not_read(FindingCode.NO_TEXT_LAYER, empty, plain, len(layer), "OCR is off: --ocr never")
        return layer, [*_verdicts_unread(verdicts, layer, why), *problems]
    if runner is None:
        with OcrRunner(
            config.ocr_dpi,
            config.ocr_workers,
            engine=config.ocr_engine,
            page_timeout_s=config.ocr_page_timeout_s,
        ) as own:
            outcomes = own.ocr(source.path, wanted)
    else:
        outcomes = runner.ocr(source.path, wanted)
    if isinstance(outcomes, str):
        problems = _not_read(FindingCode.OCR_UNAVAILABLE, empty, plain, len(layer), outcomes)
        return layer, [*_verdicts_unread(verdicts, layer, outcomes), *problems]
    return _merge(inputs, layer, outcomes, config, verdicts, memo)


def pages_to_ocr(
    pages: Sequence[PreparedPage],
    config: Config,
    unread: frozenset[int],
    verdicts: dict[int, LayerVerdict] | None = None,
    layer_only: frozenset[int] = frozenset(),
) -> list[int]:
    """The 0-based pages to OCR under the configured mode (a page whose layer was judged unfit, by
    ``verdicts``, always; a page without text that draws nothing else, ``layer_only``, not for its
    lack of text: OCR would find nothing more there)."""
    if config.ocr is OcrMode.ALWAYS:
        return [i for i in range(len(pages)) if i not in unread]
    judged = verdicts or {}
    return [
        i
        for i, page in enumerate(pages)
        if i not in unread
        and (
            i in judged
            or (_no_text(page) and i not in layer_only)
            or (page.quality is not None and page.quality < config.ocr_below)
        )
    ]


def _no_text(page: PreparedPage) -> bool:
    """Fewer than ``MIN_CHARACTERS`` letters and digits on the page (counted only as far as needed)."""
    return not has_text(page.normalized.text)


def _merge(
    inputs: list[PageInput],
    layer: list[PreparedPage],
    outcomes: list[OcrOutcome],
    config: Config,
    verdicts: dict[int, LayerVerdict],
    memo: PageMemo,
) -> tuple[list[PreparedPage], list[ReadProblem]]:
    problems: list[ReadProblem] = []
    read: list[int] = []
    blank: list[int] = []
    not_read: dict[int, str] = {}  # judged pages OCR did not read, and why
    for outcome in outcomes:
        i = outcome.page
        if outcome.result is None:
            problems.append(
                ReadProblem(
                    FindingCode.OCR_FAILED,
                    Severity.ERROR,
                    f"page {i + 1}: OCR failed ({outcome.error})",
                    page=i,  # the findings row names the page, not only its message
                )
            )
            not_read[i] = f"OCR failed ({outcome.error})"
        elif not outcome.result.text.strip():
            blank.append(i)
            not_read[i] = "OCR found no text on the page"
        else:
            verdict = verdicts.get(i)
            if verdict is not None and verdict.fault is LayerFault.IMAGE_BODY and config.ocr is OcrMode.AUTO:
                # the header from the text layer, the body from the OCR of its image
                # (parsers/document/mixedpage.py)
                scale = 72 / config.ocr_dpi
                inputs[i] = merge_mixed(inputs[i], ocr_input(outcome.result), verdict.regions, scale)
            else:
                inputs[i] = replace(ocr_input(outcome.result), layer=source_layer(inputs[i]))
            read.append(i)
    if blank:
        nothing = not read and all(_no_text(page) for page in layer)
        problems.append(
            ReadProblem(
                FindingCode.OCR_NO_TEXT,
                Severity.ERROR if nothing else Severity.WARNING,
                f"OCR found no text on pages (blank, or too faint to read): {_listed(blank)}",
            )
        )
    pages = prepare_pages(inputs, LINE_STARTERS, memo) if read else layer
    kept: list[int] = []
    for i in read:
        before, after = layer[i], pages[i]
        verdict = verdicts.get(i)
        if verdict is not None and verdict.fault is LayerFault.IMAGE_BODY:
            if config.ocr is OcrMode.AUTO and _words_read(after) <= _words_read(before):
                pages[i] = before
                not_read[i] = "OCR read no more Thai words than the text layer has"
                continue
        elif (
            verdict is None
            and config.ocr is OcrMode.AUTO
            and not _no_text(before)
            and not _reads_better(after, before)
        ):
            pages[i] = before  # the text layer, poor as it is, reads at least as well
            problems.append(
                ReadProblem(
                    FindingCode.OCR_NOT_BETTER,
                    Severity.INFO,
                    f"page {i + 1}: the text layer reads poorly (quality {before.quality:.2f}) but the OCR "
                    f"text no better ({_quality(after)}); the text layer was kept",
                )
            )
            continue
        kept.append(i)
    if kept:
        problems.append(_ocr_note(kept, pages, outcomes))
    judged = [_judged(i, v, pages, None if i in kept else not_read.get(i)) for i, v in verdicts.items()]
    return pages, [*judged, *problems]


def layer_inputs(source: SourceFile) -> list[PageInput]:
    """The page inputs of a PDF's text layer: each page's text and its line boxes; a page whose layer
    lied (:mod:`parsers.text.layercheck`) starts empty, its layer set aside."""
    inputs = []
    for i, raw in enumerate(source.pages):
        verdict = source.verdict(i)
        if verdict is not None and verdict.fault is not LayerFault.IMAGE_BODY and i not in source.unread:
            inputs.append(PageInput("", TextSource.TEXT_LAYER, layer=raw))
        else:
            inputs.append(
                PageInput(raw, TextSource.TEXT_LAYER, lines=source.page_lines(i), rules=source.page_rules(i))
            )
    return inputs


def source_layer(page: PageInput) -> str | None:
    """The text layer of a page input that is being replaced: the one set aside, or its own text."""
    if page.layer is not None:
        return page.layer
    return page.raw if page.source is TextSource.TEXT_LAYER and page.raw.strip() else None


def ocr_input(page: OcrPage) -> PageInput:
    """The page input of an OCR result: its text, page and word confidences, and its line boxes."""
    words = tuple(WordConfidence(w.start, w.end, w.confidence) for w in page.words)
    return PageInput(page.text, TextSource.OCR, page.confidence, words, page.lines)


def _reads_better(ocr: PreparedPage, layer: PreparedPage) -> bool:
    return ocr.quality is not None and (layer.quality is None or ocr.quality > layer.quality)


def _words_read(page: PreparedPage) -> float:
    """About how many Thai characters of the page read as dictionary words."""
    thai = sum("\u0e01" <= ch <= "\u0e4e" for ch in page.normalized.text)
    return thai * (page.quality or 0.0)


def _judged(i: int, verdict: LayerVerdict, pages: Sequence[PreparedPage], unread: str | None) -> ReadProblem:
    """The finding of a page whose layer was judged: what was wrong, what was read instead, and the
    start of the layer as evidence."""
    page = pages[i]
    evidence = _sample(page.layer if page.layer is not None else page.normalized.raw)
    if verdict.fault is LayerFault.IMAGE_BODY:
        done = "the page was read by OCR" if unread is None else f"the text layer was kept: {unread}"
        severity = Severity.INFO if unread is None else Severity.WARNING
        message = f"page {i + 1}: {verdict.reason}; {done}"
        return ReadProblem(FindingCode.TEXT_LAYER_PARTIAL, severity, message, evidence, page=i)
    if unread is None:
        done = f"the page was read by OCR ({_quality(page)})"
        severity = Severity.INFO
    else:
        done = f"the page is left empty: {unread}"
        severity = Severity.ERROR if all(_no_text(p) for p in pages) else Severity.WARNING
    message = f"page {i + 1}: the text layer is not used: {verdict.reason}; {done}"
    return ReadProblem(FindingCode.TEXT_LAYER_UNUSABLE, severity, message, evidence, page=i)


def _sample(layer: str, size: int = 80) -> str:
    """The start of a text layer on one line, its control characters written as escapes."""
    flat = " ".join(layer.split())[:size]
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in flat)


def _verdicts_unread(
    verdicts: dict[int, LayerVerdict], pages: Sequence[PreparedPage], why: str
) -> list[ReadProblem]:
    return [_judged(i, v, pages, why) for i, v in verdicts.items()]


def _quality(page: PreparedPage) -> str:
    return "no Thai" if page.quality is None else f"quality {page.quality:.2f}"


def _ocr_note(kept: list[int], pages: list[PreparedPage], outcomes: list[OcrOutcome]) -> ReadProblem:
    engines = sorted({o.result.engine for o in outcomes if o.result is not None})
    confidences = [c for i in kept if (c := pages[i].confidence) is not None]
    mean = f", mean confidence {sum(confidences) / len(confidences):.0f}" if confidences else ""
    read = {o.page: o.result for o in outcomes if o.result is not None}
    reread = sum(page.digits_reread for i in kept if (page := read.get(i)) is not None)
    digits = f"; {reread} numbers in Thai digits read again from their glyphs" if reread else ""
    # whether a page came from the OCR cache is not said here: the tables must not depend on the
    # cache (the run summary and log count cached pages)
    return ReadProblem(
        FindingCode.OCR_PAGES,
        Severity.INFO,
        f"pages read by OCR ({', '.join(engines)}{mean}): {_listed(kept)}{digits}",
    )


def _not_read(
    code: FindingCode, empty: list[int], wanted: list[int], n_pages: int, why: str
) -> list[ReadProblem]:
    """no_text_layer / ocr_unavailable: an error when no page has text, a warning when some page has
    none; an info when only pages with a poor text layer went without OCR."""
    if not wanted:
        return []
    if empty:
        severity = Severity.ERROR if len(empty) == n_pages else Severity.WARNING
        message = f"pages without a text layer, not OCR'd ({why}): {_listed(empty)}"
        return [ReadProblem(code, severity, message)]
    message = f"pages with a poor text layer, not OCR'd ({why}): {_listed(wanted)}"
    return [ReadProblem(code, Severity.INFO, message)] if code == FindingCode.OCR_UNAVAILABLE else []


def _listed(pages: Sequence[int]) -> str:
    shown = ", ".join(str(i + 1) for i in pages[:20])
    return shown + ("…" if len(pages) > 20 else "")
