"""Fixed spans of a text, asked whether they overlap a range."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


class Spans:
    """Fixed spans, asked whether they overlap a range: in O(log n), so that a document with many
    values stays linear (a 20 MB text has hundreds of thousands of numbers and dates)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span ``[s, e)`` has ``s < end`` and ``e > start``."""
        before = bisect_left(self.starts, end)  # the spans that start before ``end``
        return before > 0 and self.reach[before - 1] > start
