"""Thai word segmentation: PyThaiNLP's newmm over a marisa trie of the dictionary.

newmm (maximal matching within Thai character clusters) asks its dictionary one question: which words
start at this place of the text, shortest first (``prefixes(text, start)``). A
:class:`~wordlists.WordTrie` answers it with the same list as PyThaiNLP's pure-Python ``Trie``, in C
and without the 0.7 s that building that ``Trie`` costs each process; so the tokens are exactly
``word_tokenize(text, custom_dict=Trie(words), engine="newmm", keep_whitespace=False)``
(tests/test_dictionaries.py), at about the same speed.

Importing this module imports PyThaiNLP (about 0.1 s): modules that segment only on some pages import
it when they first segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from wordlists import WordTrie


class _Dictionary(Trie):
    """PyThaiNLP's ``Trie``, as newmm uses it, over a :class:`~wordlists.WordTrie` (read-only)."""

    def __init__(self, words: WordTrie) -> None:
        super().__init__(())
        self._words = words

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        return self._words.prefixes(text, start)

    def __contains__(self, key: str) -> bool:
        return key in self._words

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:  # newmm takes an empty dictionary for "use the default"
        return len(self._words)

    def add(self, word: str) -> None:
        raise TypeError("a dictionary over a WordTrie is read-only")

    def remove(self, word: str) -> None:
        raise TypeError("a dictionary over a WordTrie is read-only")


@cache
def _dictionary(words: WordTrie) -> _Dictionary:
    return _Dictionary(words)


def newmm(text: str, words: WordTrie) -> list[str]:
    """The words of ``text`` by newmm over ``words``, whitespace left out.

    >>> newmm("สำนักงานเขตบางนา", WordTrie.of(["สำนักงาน", "สำนัก", "งาน", "เขต", "บางนา"]))
    ['สำนักงาน', 'เขต', 'บางนา']
    """
    tokens: Iterable[str] = word_tokenize(
        text, custom_dict=_dictionary(words), engine="newmm", keep_whitespace=False
    )
    return list(tokens)
