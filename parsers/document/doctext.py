"""A document's normalised pages seen as one text, with the way back to (page, offset, raw)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

from parsers.layout.rows import Row, page_rows
from parsers.repair.normalize import Normalized
from parsers.text.linebox import LineBox
from parsers.thai.dates import DateReading, find_dates

#: the lowest OCR word confidence under a span of a page's normalised text (None: not OCR)
Confidence = Callable[[int, int], float | None]

T_co = TypeVar("T_co", covariant=True)

#: pages are joined with a form feed so that no pattern matches across a page break by accident
PAGE_BREAK = "\n\f\n"


@dataclass(frozen=True)
class Located(Generic[T_co]):
    """A value and the span of the joined document text it was read from."""

    value: T_co
    start: int
    end: int


@dataclass(frozen=True)
class PagePos:
    page: int  # 1-based
    start: int
    end: int
    raw: str
    confidence: float | None = None  # OCR pages: the lowest word confidence under the span

    def span(self) -> dict[str, int]:
        """The provenance columns every located record carries."""
        return {"page": self.page, "char_start": self.start, "char_end": self.end}


class DocText:
    """The normalised pages of one document joined into one string."""

    def __init__(
        self,
        pages: Sequence[Normalized],
        confidence: Sequence[Confidence | None] = (),
        lines: Sequence[tuple[LineBox, ...]] = (),
        rules: Sequence[tuple[float, ...]] = (),
    ) -> None:
        self.pages = tuple(pages)
        self.confidence = tuple(confidence)
        #: per page, where each line of its raw text was drawn (none for plain text)
        self.lines = tuple(lines)
        #: per page, the rules drawn on it, flat (see :attr:`parsers.document.inputs.PageInput.rules`)
        self.rules = tuple(rules)
        self._rows: dict[int, list[Row]] = {}  # each page's visual rows, made on first use
        self.offsets: list[int] = []
        parts: list[str] = []
        pos = 0
        for i, page in enumerate(self.pages):
            if i:
                parts.append(PAGE_BREAK)
                pos += len(PAGE_BREAK)
            self.offsets.append(pos)
            parts.append(page.text)
            pos += len(page.text)
        self.text = "".join(parts)

    @cached_property
    def dates(self) -> tuple[DateReading, ...]:
        """Every date expression of the document, read once from the whole text (a date's context, its
        era and neighbours, is the whole text); spans in :attr:`text`."""
        return tuple(find_dates(self.text))

    def rows(self, index: int) -> list[Row]:
        """The visual rows of page ``index`` (0-based), spans in :attr:`text` (:mod:`parsers.layout.rows`):
        lines drawn side by side are one row; a page without geometry has a row per line."""
        cached = self._rows.get(index)
        if cached is None:
            lines = self.lines[index] if index < len(self.lines) else ()
            cached = page_rows(self.pages[index].mapped, lines, index, self.offsets[index])
            self._rows[index] = cached
        return cached

    def dates_within(self, start: int, end: int) -> list[DateReading]:
        """The document's date readings that lie inside ``text[start:end]``."""
        return [r for r in self.dates if start <= r.start and r.end <= end]

    def page_of(self, pos: int) -> int:
        """0-based index of the page holding position ``pos`` of the joined text."""
        return max(0, bisect.bisect_right(self.offsets, pos) - 1)

    def locate(self, start: int, end: int) -> PagePos:
        """Page (1-based), span in that page's normalised text, the raw string behind it and, on an
        OCR page, the confidence of the words it was read from."""
        index = self.page_of(start)
        base = self.offsets[index] if self.offsets else 0
        page = self.pages[index] if self.pages else None
        if page is None:
            return PagePos(1, 0, 0, "")
        length = len(page.text)
        s = min(max(start - base, 0), length)
        e = min(max(end - base, s), length)
        of = self.confidence[index] if index < len(self.confidence) else None
        return PagePos(index + 1, s, e, page.mapped.raw_slice(s, e), None if of is None else of(s, e))
