"""A word list as a marisa trie: the words that start at a place in a text, found in C.

PyThaiNLP's own ``Trie`` is pure Python: building it over its 62,000 words takes about 0.7 s in every
process. A marisa trie (the marisa-trie package) of the same words takes ~0.1 s to build and 0.2 ms to
read back, so it is built once and cached (:mod:`wordlists.cache`), under the hash of PyThaiNLP's word
file and the words added to it.

Its words are PyThaiNLP's ``Trie``'s: each stripped of surrounding whitespace, the empty one left out;
and :meth:`WordTrie.prefixes` lists the words that start a text in the same order, shortest first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from functools import cache
from typing import Final

import marisa_trie

from wordlists.cache import cached, pack, unpack
from wordlists.sources import WORDS, corpus_digest, pythainlp_words

#: bump when the stored form or the choice of words changes
VERSION: Final = 1


class WordTrie:
    """A read-only set of words that lists, in C, the words a text starts with.

    >>> trie = WordTrie.of(["สำนัก", "สำนักงาน", "งาน"])
    >>> trie.prefixes("สำนักงานเขต"), trie.prefixes("สำนักงานเขต", 5)
    (['สำนัก', 'สำนักงาน'], ['งาน'])
    """

    __slots__ = ("_trie", "longest", "utf8_prefixes")

    def __init__(self, data: bytes) -> None:
        """The trie from its stored form (:meth:`dump`); ValueError if that is damaged."""
        meta, blobs = unpack(data, "word trie", VERSION)
        longest, count = meta.get("longest"), meta.get("words")
        if type(longest) is not int or type(count) is not int or len(blobs) != 1:
            raise ValueError("a stored word trie without its longest word or its size")
        try:
            self._trie = marisa_trie.Trie().frombytes(blobs[0])
            binary = marisa_trie.BinaryTrie().frombytes(blobs[0])  # the same trie, of UTF-8 bytes
        except RuntimeError as error:  # marisa's own checks of the data
            raise ValueError(f"a damaged word trie: {error}") from error
        if len(self._trie) != count:
            raise ValueError("a stored word trie of the wrong size")
        #: the length of the longest word: a text is looked at no further than this
        self.longest: int = longest
        #: the words (UTF-8) that ``data`` starts with, shortest first: for a loop over a text already
        #: encoded, where a list of ``str`` would be decoded for nothing
        self.utf8_prefixes: Callable[[bytes], list[bytes]] = binary.prefixes

    @staticmethod
    def dump(words: frozenset[str] | list[str]) -> bytes:
        """The stored form of a trie of ``words`` (each stripped, the empty one left out)."""
        keys = {word.strip() for word in words} - {""}
        trie = marisa_trie.Trie(sorted(keys))
        meta = {"kind": "word trie", "version": VERSION, "longest": max(map(len, keys), default=0)}
        return pack({**meta, "words": len(keys)}, trie.tobytes())

    @classmethod
    def of(cls, words: frozenset[str] | list[str]) -> WordTrie:
        """A trie of ``words``, built in memory."""
        return cls(cls.dump(words))

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text[start:]`` starts with, shortest first (``pythainlp.util.Trie.prefixes``)."""
        part = text[start : start + self.longest]
        try:
            words: list[str] = self._trie.prefixes(part)
        except UnicodeEncodeError as error:  # a lone surrogate: no word reaches past it
            words = self._trie.prefixes(part[: error.start])
        return words

    def __contains__(self, word: object) -> bool:
        try:
            return isinstance(word, str) and word in self._trie
        except UnicodeEncodeError:
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())

    def __len__(self) -> int:
        return len(self._trie)


@cache
def word_trie(name: str, extra: frozenset[str] = frozenset()) -> WordTrie:
    """PyThaiNLP's default word list (``pythainlp.corpus.thai_words()``) plus ``extra``, as a trie; read
    from the cache (as ``trie-NAME-KEY.bin``) or built and cached, once a process."""
    key = hashlib.sha256(f"word trie {VERSION}\0{corpus_digest(WORDS)}\0".encode())
    key.update(json.dumps(sorted(extra)).encode())
    return cached(f"trie-{name}", key.hexdigest(), lambda: WordTrie.dump(pythainlp_words() | extra), WordTrie)
