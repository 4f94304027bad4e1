"""How a run of Thai letters reads: characters inside dictionary words, and the cost of its words.

Used by the repair steps to compare readings of a damaged run: more characters inside dictionary words
(PyThaiNLP's newmm over the project dictionary) is better; of two readings with as many, the one in
fewer, more common words (a unigram model over the Thai National Corpus word counts that ship with
PyThaiNLP) is better.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from typing import Final, NamedTuple

from parsers.repair.quality import segment, words


@cache
def word_costs() -> tuple[dict[str, float], float]:
    """Cost of a word, -log of its frequency in the Thai National Corpus (PyThaiNLP's word counts), and
    the cost of a word the corpus does not count."""
    from pythainlp.corpus import tnc

    counts = dict(tnc.word_freqs())
    total = math.log(sum(counts.values()))
    return {w: total - math.log(n) for w, n in counts.items() if n > 0}, total


@lru_cache(maxsize=1 << 14)
def word_cost(word: str) -> float:
    """Cost of a dictionary word: its corpus cost; for a compound the corpus does not count
    (ค่าตอบแทน), a little less than its parts, so a compound reads better than its parts apart."""
    costs, rare = word_costs()
    if word in costs:
        return costs[word]
    best = [0.0] + [rare * 2] * len(word)  # best[i]: the cheapest split of word[:i] into counted words
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 20), i):
            part = costs.get(word[j:i])
            if part is not None and best[j] + part < best[i]:
                best[i] = best[j] + part
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
    _, rare = word_costs()
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
