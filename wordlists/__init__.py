"""Thai word lists as structures that load in milliseconds: tries of words and the costs of words.

Below :mod:`parsers` (which stays free of files): this package reads PyThaiNLP's word files and keeps
what it builds from them in a cache folder (:mod:`wordlists.cache`), each structure under the hash of
what it is made from, so a fresh process reads it back instead of building it.

:func:`word_trie`
    PyThaiNLP's default word list, plus the words a caller adds, as a marisa trie
    (:class:`WordTrie`): the words a text starts with, in C, as PyThaiNLP's ``Trie`` lists them.
:func:`word_costs`
    the cost of each word the Thai National Corpus counts (:class:`WordCosts`).
:func:`pythainlp_words`
    PyThaiNLP's default word list as a set, read without importing PyThaiNLP.

Each is made on first use, once a process.
"""

from wordlists.costs import WordCosts, word_costs
from wordlists.sources import pythainlp_words
from wordlists.trie import WordTrie, word_trie

__all__ = ["WordCosts", "WordTrie", "pythainlp_words", "word_costs", "word_trie"]
