"""The word lists PyThaiNLP ships, read from its files without importing it.

Importing ``pythainlp`` costs about 0.1 s (its package ``__init__`` loads a dozen modules), and the
quality screen of a clean page needs nothing of it but a word list. So the files are found from the
package's location and read here, exactly as ``pythainlp.corpus.get_corpus`` reads them: UTF-8 with an
optional byte-order mark, one entry a line, empty lines left out, duplicates dropped.

``words_th.txt``
    :func:`pythainlp.corpus.thai_words`, PyThaiNLP's default dictionary (62,106 words in 5.4);
``tnc_freq.txt``
    :func:`pythainlp.corpus.tnc.word_freqs`, word counts of the Thai National Corpus (``word<TAB>count``).

tests/test_dictionaries.py checks both against PyThaiNLP's own readers.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import cache
from pathlib import Path
from typing import Final

WORDS: Final = "words_th.txt"
FREQS: Final = "tnc_freq.txt"


@cache
def _corpus_folder() -> Path:
    spec = importlib.util.find_spec("pythainlp")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pythainlp is not installed", name="pythainlp")
    return Path(next(iter(spec.submodule_search_locations))) / "corpus"


def corpus_bytes(name: str) -> bytes:
    """The bytes of one of PyThaiNLP's corpus files."""
    return (_corpus_folder() / name).read_bytes()


@cache
def corpus_digest(name: str) -> str:
    """SHA-256 of a corpus file: what a structure built from it is cached under (read once a process)."""
    return hashlib.sha256(corpus_bytes(name)).hexdigest()


def corpus_lines(data: bytes) -> frozenset[str]:
    """The entries of a corpus file, as ``pythainlp.corpus.get_corpus`` reads them.

    >>> sorted(corpus_lines("\\ufeffกก\\nกรม\\n\\nกก\\n".encode()))
    ['กก', 'กรม']
    """
    return frozenset(filter(None, data.decode("utf-8-sig").splitlines()))


@cache
def pythainlp_words() -> frozenset[str]:
    """PyThaiNLP's default word list, the same set as ``pythainlp.corpus.thai_words()``."""
    return corpus_lines(corpus_bytes(WORDS))


def word_counts(data: bytes) -> dict[str, int]:
    """Word → count from ``tnc_freq.txt``, as ``dict(pythainlp.corpus.tnc.word_freqs())``.

    A word listed twice (never, in PyThaiNLP 5.4) keeps the count of its last line in sorted order;
    PyThaiNLP's own reader keeps whichever its set happens to list last.

    >>> word_counts("กรม\\t12\\nกก\\t3\\nxx\\n".encode())
    {'กก': 3, 'กรม': 12}
    """
    counts: dict[str, int] = {}
    for line in sorted(corpus_lines(data)):
        fields = line.split("\t")
        if len(fields) >= 2:
            counts[fields[0]] = int(fields[1])
    return counts
