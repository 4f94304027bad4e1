"""Many words as one regular expression, factored by their common beginnings.

A plain alternation of a few hundred words (``สำนักงานเขตบางนา|สำนักงานเขตบางรัก|…``) makes the regex
engine compile, and at every place of the text try, each word from its first letter. Factored into a
trie (``สำนักงานเขตบาง(?:นา|รัก)|…``), each shared beginning is compiled and tried once: for the 147
spellings of the BMA's agencies, with white space allowed between letters, compiling took 14 ms instead
of 86 ms (and ``re`` instead of ``regex``), and scanning 100 reports an eighth of the time.

At every branch the longer words come first (a word that ends where others go on is the last
alternative), so the expression matches what the plain alternation of the words sorted longest first
matches, backtracking included: the words that can match at a place are prefixes of one another, one
path of the trie, tried from the longest down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # the key that marks a node where a word ends

#: a node of the trie: the letters that go on from it, each to its node
_Trie = dict[str, "_Trie"]


def trie_alternation(words: Iterable[str], between: str = "") -> str:
    """One regular expression (``re`` syntax, no group) for any of ``words``, longest first, with the
    pattern ``between`` allowed between each two letters (white space inside a name, say).

    >>> trie_alternation(["ab", "abc", "ad"])
    'a(?:b(?:c|)|d)'
    >>> import re
    >>> re.fullmatch(trie_alternation(["ab", "cd"], "[ ]*"), "c d") is not None
    True
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _emit(trie, "", between)


def _emit(node: _Trie, before: str, between: str) -> str:
    branches = [
        before + re.escape(ch) + _emit(node[ch], between, between) for ch in sorted(node) if ch != _END
    ]
    if _END in node:
        branches.append("")
    if not branches:
        return "(?!)"  # no words: matches nothing
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
