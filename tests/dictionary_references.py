"""The dictionary algorithms as they were before wordlists/: the references the new ones must equal.

Each builds what it needs the slow way, as raingan did in every process (PyThaiNLP's pure-Python
``Trie``, the whole dictionary compiled into one regular expression, the corpus counts read into a
dict): several seconds together, so each is built once, on first use. tests/test_dictionaries.py
compares the new structures with these; bench/bench_dict.py times both.
"""

from __future__ import annotations

import math
import re
from functools import cache

from pythainlp.corpus import thai_words, tnc
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from parsers.thai.lexicon import COUNT_UNITS, DISTRICTS, MONTHS


@cache
def old_dictionary() -> tuple[frozenset[str], Trie]:
    """PyThaiNLP's word list plus the project's, as a set and as PyThaiNLP's ``Trie``."""
    words = set(thai_words())
    words |= (
        {m.full for m in MONTHS} | set(COUNT_UNITS) | {f"สำนักงานเขต{d}" for d in DISTRICTS} | set(DISTRICTS)
    )
    return frozenset(words), Trie(words)


def old_segment(run: str) -> list[str]:
    """newmm over PyThaiNLP's ``Trie`` of the project dictionary."""
    return list(word_tokenize(run, custom_dict=old_dictionary()[1], engine="newmm", keep_whitespace=False))


def _trie_pattern(vocabulary: frozenset[str]) -> str:
    """One regular expression matching the longest dictionary word at a position."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in vocabulary:
        if word and all("\u0e01" <= ch <= "\u0e4e" for ch in word):
            node = trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = {}

    def pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        alternatives = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


@cache
def old_longest_word() -> re.Pattern[str]:
    return re.compile(_trie_pattern(old_dictionary()[0]))


_NOT_THAI = re.compile(r"[^\u0e01-\u0e4e]+")


def old_quality_score(text: str) -> float | None:
    """Greedy longest match by one regular expression of the whole dictionary."""
    runs = _NOT_THAI.sub("\n", text)
    total = len(runs) - runs.count("\n")
    if not total:
        return None
    outside = old_longest_word().sub("", runs)
    return (total - (len(outside) - outside.count("\n"))) / total


_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")
_THAI_CHAR = re.compile(r"[\u0e01-\u0e4e]")


def old_dictionary_share(text: str) -> float | None:
    words = old_dictionary()[0]
    total = inside = 0
    for run in _THAI_RUN.findall(text):
        for word in old_segment(run):
            n = len(_THAI_CHAR.findall(word))
            total += n
            if word in words:
                inside += n
    return None if total == 0 else inside / total


@cache
def old_word_costs() -> tuple[dict[str, float], float]:
    counts = dict(tnc.word_freqs())
    total = math.log(sum(counts.values()))
    return {w: total - math.log(n) for w, n in counts.items() if n > 0}, total


def old_word_cost(word: str) -> float:
    costs, rare = old_word_costs()
    if word in costs:
        return costs[word]
    best = [0.0] + [rare * 2] * len(word)
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 20), i):
            part = costs.get(word[j:i])
            if part is not None and best[j] + part < best[i]:
                best[i] = best[j] + part
    return min(rare, best[-1] - 1.0)


def old_cover(run: str) -> tuple[int, float, int]:
    """(outside, cost, words) of a run, as wordscore.cover read it."""
    vocabulary = old_dictionary()[0]
    _, rare = old_word_costs()
    outside, cost = 0, 0.0
    parts = old_segment(run)
    for word in parts:
        if word in vocabulary:
            cost += old_word_cost(word)
        else:
            outside += len(word)
            cost += rare + 4 * len(word)
    return outside, cost, len(parts)


def old_first_word(thai: str) -> str:
    """numbers._first_word: ``word_tokenize`` with PyThaiNLP's default dictionary."""
    words = word_tokenize(thai[:40], engine="newmm", keep_whitespace=False)
    return words[0] if words else ""
