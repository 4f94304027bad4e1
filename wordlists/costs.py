"""The cost of a word under a unigram model of the Thai National Corpus counts that PyThaiNLP ships.

A word counted ``n`` times costs ``log(total) - log(n)`` (``total``: all the counts); a word the corpus
does not count costs ``log(total)`` (:attr:`WordCosts.rare`). Reading the 106,122 counts into a dict
takes about 0.25 s a process, so the costs are computed once and cached (:mod:`wordlists.cache`) as a
marisa trie of the words and an array of their costs (float64, the same floats as computed); reading
them back takes about a millisecond.
"""

from __future__ import annotations

import hashlib
import math
import sys
from array import array
from functools import cache
from typing import Final

import marisa_trie

from wordlists.cache import cached, pack, unpack
from wordlists.sources import FREQS, corpus_bytes, corpus_digest, word_counts

#: bump when the stored form or the costs' formula changes
VERSION: Final = 1


class WordCosts:
    """Read-only word → cost.

    >>> costs = WordCosts.of({"งาน": 9, "สำนัก": 1})
    >>> costs.get("สำนัก") == costs.rare, costs.get("สำนักงาน")
    (True, None)
    """

    __slots__ = ("_costs", "_trie", "rare")

    def __init__(self, data: bytes) -> None:
        """The costs from their stored form (:meth:`dump`); ValueError if that is damaged."""
        meta, blobs = unpack(data, "word costs", VERSION)
        rare = meta.get("rare")
        if type(rare) is not float or meta.get("byteorder") != sys.byteorder or len(blobs) != 2:
            raise ValueError("stored word costs without the cost of a rare word, or of another machine")
        try:
            self._trie = marisa_trie.Trie().frombytes(blobs[0])
        except RuntimeError as error:
            raise ValueError(f"damaged word costs: {error}") from error
        self._costs = array("d")
        self._costs.frombytes(blobs[1])
        if len(self._costs) != len(self._trie):
            raise ValueError("stored word costs of the wrong size")
        #: the cost of a word the corpus does not count
        self.rare: float = rare

    @staticmethod
    def dump(counts: dict[str, int]) -> bytes:
        """The stored form of the costs of the words counted in ``counts``."""
        total = math.log(sum(counts.values()))
        counted = {word: n for word, n in counts.items() if n > 0}
        trie = marisa_trie.Trie(counted)
        costs = array("d", bytes(8 * len(trie)))
        for word, n in counted.items():
            costs[trie[word]] = total - math.log(n)
        meta = {"kind": "word costs", "version": VERSION, "rare": total, "byteorder": sys.byteorder}
        return pack(meta, trie.tobytes(), costs.tobytes())

    @classmethod
    def of(cls, counts: dict[str, int]) -> WordCosts:
        """The costs of ``counts``, computed in memory."""
        return cls(cls.dump(counts))

    def get(self, word: str) -> float | None:
        """The cost of a word the corpus counts; None for any other."""
        try:
            index = self._trie.get(word)
        except UnicodeEncodeError:  # a lone surrogate: not a word
            return None
        return None if index is None else self._costs[index]

    def counted_prefixes(self, text: str, start: int, longest: int) -> list[tuple[int, float]]:
        """(length, cost) of each counted word of at most ``longest`` letters that ``text[start:]`` starts
        with, shortest first."""
        part = text[start : start + longest]
        try:
            found = list(self._trie.iter_prefixes_with_ids(part))
        except UnicodeEncodeError as error:  # a lone surrogate: no word reaches past it
            found = list(self._trie.iter_prefixes_with_ids(part[: error.start]))
        costs = self._costs
        return [(len(word), costs[index]) for word, index in found if word]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __len__(self) -> int:
        return len(self._trie)


@cache
def word_costs() -> WordCosts:
    """The costs of the words of ``pythainlp.corpus.tnc.word_freqs()``; read from the cache or computed
    and cached, once a process."""
    key = hashlib.sha256(f"word costs {VERSION}\0{corpus_digest(FREQS)}".encode()).hexdigest()
    return cached("costs-tnc", key, lambda: WordCosts.dump(word_counts(corpus_bytes(FREQS))), WordCosts)
