"""The dictionaries that load in milliseconds give what the slow ones gave, and their cache works.

The references (tests/dictionary_references.py) are the algorithms as they were: the quality score by
one regular expression of the whole dictionary, newmm over PyThaiNLP's pure-Python ``Trie``, the
corpus costs in a dict, ``word_tokenize`` with PyThaiNLP's default dictionary. They are compared on the
sample reports of data/raw (texts and PDFs), the seeds and the real PDFs of ../shared when present, and
thousands of damaged pieces of them. How fast each loads is bench/bench_dict.py's to report.
"""

from __future__ import annotations

import errno
import math
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from dictionary_references import (
    old_cover,
    old_dictionary,
    old_dictionary_share,
    old_first_word,
    old_quality_score,
    old_segment,
    old_word_cost,
    old_word_costs,
)
from goldcheck import SEEDS, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

import wordlists.cache
import wordlists.costs
import wordlists.sources
import wordlists.trie
from parsers.repair.quality import dictionary_share, quality_score, segment, words
from parsers.repair.wordscore import cover, word_cost
from parsers.thai.numbers import _first_word
from pipeline.read.pdf import read_pdf
from pipeline.read.sources import read_source
from wordlists import WordCosts, WordTrie, word_costs, word_trie

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
REAL_PDFS = sorted((SHARED / "realdata").glob("*/*.pdf"))
SEED_TEXTS = sorted(SEEDS.glob("*.txt"))
THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")


@cache
def sample_pages() -> tuple[str, ...]:
    """The pages of the sample reports: text exports, web pages and their PDFs' text layers."""
    pages: list[str] = []
    for path in sorted(RAW.iterdir()):
        if path.suffix in (".txt", ".html") and path.stat().st_size:
            pages += read_source(path).pages
    for pdf in sorted((RAW / "pdf").glob("*.pdf")):
        pages += read_pdf(pdf).pages
    return tuple(pages)


@cache
def real_pages() -> tuple[str, ...]:
    """The raw text layers of the real (damaged) budget PDFs: ~1,100 pages."""
    return tuple(page for pdf in REAL_PDFS for page in read_pdf(pdf).pages)


_LETTERS = [chr(c) for c in range(0x0E01, 0x0E4F)]


def damaged(rng: random.Random, text: str) -> str:
    """``text`` with one to four of the damages real text layers show: า for ำ and back, a mark or
    letter lost, doubled or moved, a stray letter, a space inside a word, a lone surrogate."""
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        kind = rng.randrange(7)
        if kind == 0:
            chars[i] = {"า": "ำ", "ำ": "า"}.get(chars[i], "ำ")
        elif kind == 1:
            del chars[i]
        elif kind == 2:
            chars.insert(i, chars[i])
        elif kind == 3 and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif kind == 4:
            chars.insert(i, rng.choice(_LETTERS))
        elif kind == 5:
            chars.insert(i, " ")
        else:
            chars.insert(i, rng.choice("\u0e48\u0e49\u0e31\u0e34\u0e35\u0e38\u0e4c\u0e33"))
    if rng.random() < 0.01:
        chars.insert(rng.randrange(len(chars) + 1), "\ud800")
    return "".join(chars)


@cache
def damaged_segments(n: int = 3000) -> tuple[str, ...]:
    """``n`` damaged pieces (10–80 characters) of the sample pages, from a fixed seed."""
    rng = random.Random(2567)
    text = "\n".join(sample_pages())
    pieces = []
    while len(pieces) < n:
        start = rng.randrange(len(text) - 80)
        piece = text[start : start + rng.randint(10, 80)]
        if THAI_RUN.search(piece):
            pieces.append(damaged(rng, piece))
    return tuple(pieces)


def runs_of(texts: tuple[str, ...], most: int | None = None) -> list[str]:
    """The distinct runs of Thai letters of ``texts``, in order."""
    runs = dict.fromkeys(run for text in texts for run in THAI_RUN.findall(text))
    return list(runs)[:most]


# -- the dictionaries are the same words ---------------------------------------------------------


def test_word_files_are_read_as_pythainlp_reads_them() -> None:
    from pythainlp.corpus import thai_words, tnc

    assert wordlists.sources.pythainlp_words() == thai_words()
    freqs = tnc.word_freqs()
    assert len({word for word, _ in freqs}) == len(freqs)  # no word twice: dict(word_freqs()) is one dict
    data = wordlists.sources.corpus_bytes(wordlists.sources.FREQS)
    assert wordlists.sources.word_counts(data) == dict(freqs)


def test_project_words_are_the_old_set_and_have_no_surrounding_spaces() -> None:
    # a trie keeps each word stripped (as PyThaiNLP's Trie does) and the quality score used the words
    # as they are: the same words only while none has spaces around it
    assert words() == old_dictionary()[0]
    assert all(word == word.strip() and word for word in words())


def test_word_costs_are_the_same_floats() -> None:
    old, rare = old_word_costs()
    costs = word_costs()
    assert costs.rare == rare
    assert len(costs) == len(old)
    assert all(costs.get(word) == cost for word, cost in old.items())
    assert costs.get("ไม่มีคำนี้ในคลังคำ") is None and costs.get("\ud800") is None


# -- pages.quality -------------------------------------------------------------------------------


def test_quality_score_is_the_old_score_on_the_sample_pages() -> None:
    pages = sample_pages()
    assert len(pages) > 20
    assert [quality_score(p) for p in pages] == [old_quality_score(p) for p in pages]


@pytest.mark.skipif(not SEED_TEXTS, reason=f"the seed documents are not at {SEEDS}")
def test_quality_score_is_the_old_score_on_the_seeds() -> None:
    texts = [path.read_text(encoding="utf-8") for path in SEED_TEXTS]
    assert [quality_score(t) for t in texts] == [old_quality_score(t) for t in texts]


@pytest.mark.skipif(not REAL_PDFS, reason=f"the real PDFs are not at {SHARED / 'realdata'}")
def test_quality_score_is_the_old_score_on_real_damaged_pages() -> None:
    pages = real_pages()
    assert len(pages) > 500
    assert [quality_score(p) for p in pages] == [old_quality_score(p) for p in pages]


def test_quality_score_is_the_old_score_on_damaged_segments() -> None:
    pieces = damaged_segments()
    assert [quality_score(p) for p in pieces] == [old_quality_score(p) for p in pieces]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_LETTERS, " ", "1", "\n", "a"]), max_size=120))
def test_quality_score_is_the_old_score_on_any_thai(text: str) -> None:
    assert quality_score(text) == old_quality_score(text)


# -- newmm, its share, the repair's reading of a run ------------------------------------------------


def test_segment_gives_the_old_tokens() -> None:
    runs = runs_of(sample_pages()) + runs_of(damaged_segments())
    if SEED_TEXTS:
        runs += runs_of(tuple(path.read_text(encoding="utf-8") for path in SEED_TEXTS))
    assert len(runs) > 3000
    assert [segment(run) for run in runs] == [old_segment(run) for run in runs]


@pytest.mark.skipif(not REAL_PDFS, reason=f"the real PDFs are not at {SHARED / 'realdata'}")
def test_segment_gives_the_old_tokens_on_real_damaged_runs() -> None:
    runs = runs_of(real_pages(), 4000)
    assert [segment(run) for run in runs] == [old_segment(run) for run in runs]


def test_dictionary_share_and_cover_are_the_old_ones() -> None:
    pieces = damaged_segments()[:500]
    assert [dictionary_share(p) for p in pieces] == [old_dictionary_share(p) for p in pieces]
    runs = runs_of(pieces) + runs_of(sample_pages(), 500)
    assert [tuple(cover(run)) for run in runs] == [old_cover(run) for run in runs]


def test_word_cost_of_compounds_the_corpus_does_not_count() -> None:
    costs, _ = old_word_costs()
    uncounted = sorted(word for word in words() if word not in costs)
    assert len(uncounted) > 1000
    sample = [*uncounted[::10], "ค่าตอบแทน", "สำนักงานเขตบางนา", "กกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกกก"]
    assert [word_cost(w) for w in sample] == [old_word_cost(w) for w in sample]


# -- the first word of a run: PyThaiNLP's default dictionary, not the project's ------------------------


def test_first_word_is_word_tokenize_with_the_default_dictionary() -> None:
    text = "\n".join(sample_pages())
    windows = [text[i : i + 40] for i in range(0, len(text), 37)]
    windows += list(damaged_segments()[:1000])
    windows += ["สำนักงานเขตบางนา", "ครั้งต่อปี", "รายละเอียด", "คน/โพสต์ 500", "\ud800คน", "คน\ud800", ""]
    assert [_first_word(w) for w in windows] == [old_first_word(w) for w in windows]
    # the default dictionary, not the project's: สำนักงานเขตบางนา is one word only in the project's
    assert _first_word("สำนักงานเขตบางนา") == "สำนักงานเขต"
    assert segment("สำนักงานเขตบางนา") == ["สำนักงานเขตบางนา"]


def test_the_quality_screen_loads_neither_pythainlp_nor_the_repair_dictionaries(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from parsers.repair.screen import screen\n"
        "from wordlists import word_costs\n"
        "assert screen('สำนักงานเขตบางนา รายงานผลการดำเนินงาน').quality == 1.0\n"
        "print('pythainlp' in sys.modules, word_costs.cache_info().currsize)\n"
    )
    env = {**os.environ, wordlists.cache.CACHE_ENV: str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "0"]


# -- the cache -----------------------------------------------------------------------------------


def _clear() -> None:
    """Forget what was read or built, as a fresh process would (but where PyThaiNLP is)."""
    for cached in (
        wordlists.sources.corpus_digest,
        wordlists.sources.pythainlp_words,
        wordlists.trie.word_trie,
        wordlists.costs.word_costs,
    ):
        cached.cache_clear()


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A small PyThaiNLP corpus folder, and an empty cache folder (``tmp_path/cache``)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "words_th.txt").write_text("สำนัก\nสำนักงาน\nงาน\nเขต\n", encoding="utf-8")
    (folder / "tnc_freq.txt").write_text("งาน\t90\nเขต\t9\nสำนักงาน\t1\n", encoding="utf-8")
    monkeypatch.setenv(wordlists.cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(wordlists.sources, "_corpus_folder", lambda: folder)
    _clear()
    yield folder
    monkeypatch.undo()
    _clear()  # the next test reads PyThaiNLP's own files again


class Builds:
    """Counts the structures built (not read from the cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tries = self.costs = 0
        dump_trie, dump_costs = WordTrie.dump, WordCosts.dump

        def trie(words: frozenset[str]) -> bytes:
            self.tries += 1
            return dump_trie(words)

        def costs(counts: dict[str, int]) -> bytes:
            self.costs += 1
            return dump_costs(counts)

        monkeypatch.setattr(WordTrie, "dump", staticmethod(trie))
        monkeypatch.setattr(WordCosts, "dump", staticmethod(costs))


def _files(folder: Path) -> list[str]:
    return sorted(p.name.split("-")[0] + "-" + p.name.split("-")[1] for p in folder.iterdir())


def test_cache_is_built_once_then_read(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = Builds(monkeypatch)
    trie = word_trie("test", frozenset({"บางนา"}))
    assert trie.prefixes("สำนักงานเขตบางนา") == ["สำนัก", "สำนักงาน"]
    assert trie.prefixes("สำนักงานเขตบางนา", 11) == ["บางนา"]
    assert word_costs().get("เขต") == math.log(100) - math.log(9)
    folder = corpus.parent / "cache" / "dictionaries"
    assert _files(folder) == ["costs-tnc", "trie-test"]
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert (builds.tries, builds.costs) == (1, 1)
    mask = os.umask(0o022)
    os.umask(mask)
    # as any file of the user's (a team's shared cache), not a temporary file's 0600
    assert {p.stat().st_mode & 0o777 for p in folder.iterdir()} == {0o666 & ~mask}

    _clear()  # as a fresh process
    again = word_trie("test", frozenset({"บางนา"}))
    assert again.prefixes("สำนักงานเขตบางนา") == ["สำนัก", "สำนักงาน"] and len(again) == 5
    assert word_costs().get("เขต") == math.log(100) - math.log(9)
    assert (builds.tries, builds.costs) == (1, 1)  # read, not built
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps


def test_cache_is_rebuilt_when_the_words_change(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = Builds(monkeypatch)
    folder = corpus.parent / "cache" / "dictionaries"
    assert "บางนา" not in word_trie("test")
    first = sorted(folder.iterdir())

    (corpus / "words_th.txt").write_text("สำนัก\nสำนักงาน\nงาน\nเขต\nบางนา\n", encoding="utf-8")
    _clear()
    assert "บางนา" in word_trie("test")
    assert builds.tries == 2
    assert len(list(folder.iterdir())) == 1 and sorted(folder.iterdir()) != first  # the stale one is gone

    _clear()
    assert "ลาดพร้าว" in word_trie("test", frozenset({"ลาดพร้าว"}))  # added words are content too
    assert builds.tries == 3


def test_a_damaged_cache_file_is_built_again(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    word_trie("test")
    word_costs()
    folder = corpus.parent / "cache" / "dictionaries"
    for path in folder.iterdir():
        path.write_bytes(path.read_bytes()[:-10])  # cut short
    builds = Builds(monkeypatch)
    _clear()
    assert word_trie("test").prefixes("งานเขต") == ["งาน"]
    assert word_costs().get("งาน") is not None
    assert (builds.tries, builds.costs) == (1, 1)
    for path in folder.iterdir():
        path.write_bytes(b'{"kind": "word trie"}\n' + b"\0" * 100)  # not marisa's
    _clear()
    assert word_trie("test").prefixes("งานเขต") == ["งาน"]
    assert (builds.tries, builds.costs) == (2, 1)


def test_an_unwritable_cache_folder_builds_in_memory(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = corpus.parent / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(wordlists.cache.CACHE_ENV, str(blocker))
    builds = Builds(monkeypatch)
    assert word_trie("test").prefixes("สำนักงาน") == ["สำนัก", "สำนักงาน"]
    assert word_costs().get("งาน") is not None
    assert (builds.tries, builds.costs) == (1, 1)
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in corpus.parent.iterdir()) == ["a-file", "corpus"]


def test_a_full_disk_under_the_cache_only_costs_time(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(wordlists.cache.os, "replace", full)
    assert word_trie("test").prefixes("งานเขต") == ["งาน"]
    assert list((corpus.parent / "cache" / "dictionaries").iterdir()) == []  # no half-written file left


def test_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RAINGAN_CACHE_DIR", str(tmp_path / "own"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert wordlists.cache.cache_folder() == tmp_path / "own" / "dictionaries"
    monkeypatch.delenv("RAINGAN_CACHE_DIR")
    assert wordlists.cache.cache_folder() == tmp_path / "xdg" / "raingan" / "dictionaries"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: only absolute paths count
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert wordlists.cache.cache_folder() == tmp_path / "home" / ".cache" / "raingan" / "dictionaries"


def test_stored_forms_reject_what_they_are_not() -> None:
    trie = WordTrie.dump(frozenset({"งาน"}))
    costs = WordCosts.dump({"งาน": 3})
    not_marisa = b'{"kind": "word trie", "version": 1, "longest": 3, "words": 1, "blobs": [64]}\n' + bytes(64)
    for bad in (b"", b"junk", costs, trie[:-1], trie.replace(b'"version": 1', b'"version": 9'), not_marisa):
        with pytest.raises(ValueError):
            WordTrie(bad)
    with pytest.raises(ValueError):
        WordCosts(trie)
    assert WordCosts(costs).get("งาน") == 0.0 and WordTrie(trie).prefixes("งานวัด") == ["งาน"]
