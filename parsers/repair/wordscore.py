"""How a run of Thai letters reads: characters inside dictionary words, and the cost of its words.

Used by the repair steps to compare readings of a damaged run: more characters inside dictionary words
(PyThaiNLP's newmm over the project dictionary) is better; of two readings with as many, the one in
fewer, more common words (a unigram model over the Thai National Corpus word counts that ship with
PyThaiNLP, :mod:`wordlists.costs`: read from the cache in about a millisecond, on first use) is better.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final, NamedTuple

from parsers.repair.quality import segment, words
from wordlists import word_costs

#: the longest part of a compound the corpus does not count that :func:`word_cost` looks for
_LONGEST_PART: Final = 20


@lru_cache(maxsize=1 << 14)
def word_cost(word: str) -> float:
    """Cost of a dictionary word: its corpus cost; for a compound the corpus does not count
    (ค่าตอบแทน), a little less than its parts, so a compound reads better than its parts apart."""
    costs = word_costs()
    counted = costs.get(word)
    if counted is not None:
        return counted
    rare = costs.rare
    # best[i]: the cheapest split of word[:i] into counted parts. The parts that start at j are found
    # with one look-up; those that end at i are still tried in the order of their start, so the sums
    # compared, and the result, are the same floats as when each i tried every j before it
    best = [0.0] + [rare * 2] * len(word)
    for j in range(len(word)):
        for size, part in costs.counted_prefixes(word, j, _LONGEST_PART):
            if best[j] + part < best[j + size]:
                best[j + size] = best[j] + part
    return min(rare, best[-1] - 1.0)


class Reading(NamedTuple):
    """How a text reads: its Thai characters outside dictionary words, the cost of its words under a
    unigram model (common words cost little, rare ones more, pieces outside the dictionary most: so
    of two readings the one in fewer, more common words costs less, สำนักงาน less than สา นักงาน,
    ด้าน less than ดาน), and the number of words."""

    outside: int
    cost: float
    words: int


@lru_cache(maxsize=1 << 17)
def cover(run: str) -> Reading:
    """How one run of Thai letters reads."""
    vocabulary = words()
    rare = word_costs().rare
    outside, cost = 0, 0.0
    parts = segment(run)
    for word in parts:
        if word in vocabulary:
            cost += word_cost(word)
        else:
            outside += len(word)
            cost += rare + 4 * len(word)
    return Reading(outside, cost, len(parts))


def thai_chars_in_words(run: str) -> int:
    return len(run) - cover(run).outside


#: of two readings with as many characters inside words, the one cheaper by this much is better
CHEAPER: Final = 3.0
