"""How much of a page's Thai reads as Thai words: the text-layer quality score (0–1).

The share of Thai characters that fall inside dictionary words (PyThaiNLP's default word list plus
this project's lexicon). About 0.99 on clean Thai; 0.73–0.96 on the damaged text layers of real BMA
budget PDFs (MEASUREMENTS.md, SOURCES.md). Two ways to measure it:

:func:`dictionary_share`
    segments with PyThaiNLP's newmm (maximal matching): the reference measure, used by the repair
    step to compare readings of a damaged run. About 2 ms for a full A4 page: pure Python.
:func:`quality_score`
    greedy longest match: from the start of each run of Thai letters, the longest dictionary word
    there is taken, or one letter is skipped where none starts; within 0.02 of newmm's share on clean
    and on damaged pages. This is the ``pages.quality`` score, the same as the regular expression of
    the whole dictionary that computed it before (which took ~4.5 s to build in every process). Each
    step is one look-up in a marisa trie (C), and a short run already scored is remembered: on real
    pages, which repeat their headings, labels and cells, as fast as that regular expression or
    faster (0.1–0.2 ms a page); on text where no run comes back, about 1.6 times slower
    (bench/bench_dict.py).

The dictionary is a :class:`~wordlists.WordTrie`, read from the cache in about a millisecond
(:mod:`wordlists.cache`); the set of words (:func:`words`) and newmm, which only the repair steps use,
are loaded when first used.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

from parsers.thai.lexicon import COUNT_UNITS, DISTRICTS, MONTHS
from wordlists import WordTrie, pythainlp_words, word_trie

_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")  # stdlib re: faster than the regex module here
_THAI_CHAR = re.compile(r"[\u0e01-\u0e4e]")


@cache
def _lexicon() -> frozenset[str]:
    """The project's words that the dictionary may lack: months, units, districts and their offices."""
    return frozenset(
        {m.full for m in MONTHS} | set(COUNT_UNITS) | {f"สำนักงานเขต{d}" for d in DISTRICTS} | set(DISTRICTS)
    )


def _trie() -> WordTrie:
    return word_trie("project", _lexicon())


@cache
def words() -> frozenset[str]:
    """The dictionary: PyThaiNLP's default word list plus the project's vocabulary."""
    return pythainlp_words() | _lexicon()


def segment(run: str) -> list[str]:
    """newmm segmentation of one run of Thai letters over the project dictionary.

    >>> segment("สำนักงานเขตบางนา")
    ['สำนักงานเขตบางนา']
    """
    from parsers.thai.segment import newmm  # imports PyThaiNLP: only a page that is segmented pays it

    return newmm(run, _trie())


def dictionary_share(text: str) -> float | None:
    """Share of Thai characters inside dictionary words; None when the text has no Thai.

    >>> dictionary_share("สำนักงานเขตบางนา")
    1.0
    """
    vocabulary = words()
    total = inside = 0
    for run in _THAI_RUN.findall(text):
        for word in segment(run):
            n = len(_THAI_CHAR.findall(word))
            total += n
            if word in vocabulary:
                inside += n
    return None if total == 0 else inside / total


def _inside(run: str) -> int:
    """The letters of a run of Thai letters inside words, by greedy longest match.

    >>> _inside("สำนักงำนเขต")  # สำนัก, งำ, then น outside, เขต
    10
    """
    trie = _trie()
    prefixes, reach = trie.utf8_prefixes, 3 * trie.longest
    # every letter of a run (U+0E01–U+0E4E) is three bytes of UTF-8, so are those of the words found
    data = run.encode()
    end, at, inside = len(data), 0, 0
    while at < end:
        found = prefixes(data[at : at + reach])
        if found:
            size = len(found[-1])  # the longest
            inside += size
            at += size
        else:
            at += 3
    return inside // 3


#: runs up to this long are remembered (pages repeat their headings, labels and table cells); longer
#: ones rarely come back, and would hold memory
_REMEMBER: Final = 64

#: :func:`_inside` of the runs seen last (benchmarks clear it to time a cold process)
thai_inside: Final = lru_cache(maxsize=1 << 15)(_inside)


def quality_score(text: str) -> float | None:
    """Share of Thai characters inside dictionary words by greedy longest match; None without Thai.

    >>> quality_score("สำนักงานเขตบางนา")
    1.0
    >>> quality_score("สำนักงำนเขตบำงนำ")
    0.75
    """
    total = inside = 0
    for run in _THAI_RUN.findall(text):  # no word spans two runs
        size = len(run)
        total += size
        inside += thai_inside(run) if size <= _REMEMBER else _inside(run)
    return inside / total if total else None
