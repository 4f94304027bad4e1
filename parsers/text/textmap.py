"""Text edits that remember where every character came from.

Normalisation changes offsets (``ำา`` → ``ำ`` shortens the text, a space inserted before a month name
lengthens it). Values are located in the normalised text, but their ``raw`` string must come from the
text as read; :class:`MappedText` keeps, for every character, the span of the raw text it came from
(for a text nothing has changed yet, as two ranges: most pages need no edit, and a page of 10⁵
characters would otherwise carry two tuples of 10⁵ offsets).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``new`` (an insertion has start == end, a deletion new == "")."""

    start: int
    end: int
    new: str


@dataclass(frozen=True)
class MappedText:
    """A text derived from ``raw``; ``starts[i]``/``ends[i]`` is the raw span of ``text[i]``."""

    raw: str
    text: str
    starts: Sequence[int]  # a tuple, or a range for the identity
    ends: Sequence[int]

    @classmethod
    def identity(cls, raw: str) -> MappedText:
        return cls(raw, raw, range(len(raw)), range(1, len(raw) + 1))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw span of ``text[start:end]``; an empty span maps to an empty raw span."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.raw)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def text_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """The span of the text made from ``raw[raw_start:raw_end]`` (the way from the raw text, where a
        reader's geometry points, to the text the parsers read): the characters whose raw span lies in
        it; an empty span where nothing of it is left.

        >>> m = MappedText.identity("ดำารง ab").apply([Edit(2, 3, "")])
        >>> m.text_span(0, 5), m.text[slice(*m.text_span(6, 8))]
        ((0, 4), 'ab')
        """
        first = bisect_right(self.ends, raw_start)  # the first character that ends after raw_start
        last = bisect_left(self.starts, raw_end)  # the first that starts at or after raw_end
        return first, max(first, last)

    def raw_slice(self, start: int, end: int) -> str:
        """The raw text behind ``text[start:end]``.

        >>> m = MappedText.identity("ดำารง").apply([Edit(2, 3, "")])
        >>> m.text, m.raw_slice(0, 4)
        ('ดำรง', 'ดำารง')
        """
        a, b = self.raw_span(start, end)
        return self.raw[a:b]

    def apply(self, edits: Iterable[Edit]) -> MappedText:
        """Apply non-overlapping edits (given in any order) and carry the raw mapping along."""
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        if not ordered:
            return self
        parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for edit in ordered:
            if edit.start < pos:
                raise ValueError(f"overlapping edits at {edit.start}")
            parts.append(self.text[pos : edit.start])
            starts.extend(self.starts[pos : edit.start])
            ends.extend(self.ends[pos : edit.start])
            if edit.new:
                a, b = self._span_for(edit.start, edit.end)
                parts.append(edit.new)
                starts.extend([a] * len(edit.new))
                ends.extend([b] * len(edit.new))
            pos = edit.end
        parts.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return MappedText(self.raw, "".join(parts), tuple(starts), tuple(ends))

    def _span_for(self, start: int, end: int) -> tuple[int, int]:
        # An insertion has no raw characters of its own: it takes the position where it was made.
        if start == end:
            pos = self.starts[start] if start < len(self.starts) else len(self.raw)
            return pos, pos
        return self.starts[start], self.ends[end - 1]
