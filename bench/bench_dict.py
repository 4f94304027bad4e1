"""Benchmark (not a test): the Thai dictionaries, how long each takes to load and what the quality score
costs a page, before (built from scratch in every process, as raingan did until ``wordlists/``) and now.

1. **load**: each structure loaded in a fresh ``python`` process, timed inside it from before its
   imports to after its first use (the interpreter's own start-up and the standard modules every
   raingan process imports anyway, :data:`PRELOADED`, are not counted), median of ``--runs``.
   *old*: the old algorithms (tests/dictionary_references.py, PyThaiNLP's own for the first word);
   *new*: read from the cache; *first*: the first load into an empty cache folder (built, then
   written; one run); *no cache*: the cache folder cannot be written, so the structure is built in
   memory each time. The cache folders are temporary ones: the user's is not touched.
2. **quality score per page**: ``pages.quality`` of every page of the sample reports (texts and PDFs),
   the seeds and the real damaged PDFs of ``../shared`` (when present), by the old regular expression
   (built beforehand, not timed) and by the trie: *first pass* with no run remembered, *again* with
   them all remembered; and a text of every distinct run once, where nothing can be remembered.
3. **fork server**: ``python -c "import pipeline.run.warm"``, wall time with the interpreter, median
   of ``--runs``; *old* runs the code of the commit before ``wordlists/`` was added (``--old REV``
   names another; ``--old none`` skips it), exported with ``git archive`` to a temporary folder.

    .venv/bin/python bench/bench_dict.py [--runs 5] [--rounds 5] [--old REV|auto|none]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(TESTS))

from dictionary_references import old_longest_word, old_quality_score  # noqa: E402

from parsers.repair.quality import quality_score, thai_inside  # noqa: E402
from pipeline.read.pdf import read_pdf  # noqa: E402
from pipeline.read.sources import read_source  # noqa: E402
from wordlists.cache import CACHE_ENV  # noqa: E402

TEXT = "สำนักงานเขตบางนา ความก้าวหน้าของงาน จำนวน 5 คน"

#: (what, old snippet, new snippet): each run in a fresh process, timed from its first line
STRUCTURES: tuple[tuple[str, str, str], ...] = (
    (
        "quality trie (pages.quality)",
        f"from dictionary_references import old_quality_score; old_quality_score({TEXT!r})",
        f"from parsers.repair.quality import quality_score; quality_score({TEXT!r})",
    ),
    (
        "newmm over the project dictionary",
        f"from dictionary_references import old_segment; old_segment({TEXT[:16]!r})",
        f"from parsers.repair.quality import segment; segment({TEXT[:16]!r})",
    ),
    (
        "the set of words",
        "from dictionary_references import old_dictionary; old_dictionary()",  # the set and the Trie
        "from parsers.repair.quality import words; words()",
    ),
    (
        "word costs (TNC)",
        "from dictionary_references import old_word_costs; old_word_costs()",
        "from wordlists import word_costs; word_costs()",
    ),
    (
        "first word (PyThaiNLP's default list)",
        "from pythainlp.tokenize import word_tokenize; word_tokenize('คนละ', engine='newmm')",
        "from parsers.thai.segment import newmm; from wordlists import word_trie;"
        " newmm('คนละ', word_trie('pythainlp'))",
    ),
    (
        "all of them (a page that needs repair)",
        "from dictionary_references import old_quality_score, old_cover, old_first_word;"
        f" old_quality_score({TEXT!r}); old_cover({TEXT[:16]!r}); old_first_word('คนละ')",
        "from parsers.repair.quality import quality_score; from parsers.repair.wordscore import cover;"
        " from parsers.thai.segment import newmm; from wordlists import word_trie;"
        f" quality_score({TEXT!r}); cover({TEXT[:16]!r}); newmm('คนละ', word_trie('pythainlp'))",
    ),
)


#: modules of the standard library (and regex) that any raingan process has imported before it needs a
#: dictionary: imported before the clock starts, so that the figures are the dictionaries' own
PRELOADED = "array, dataclasses, hashlib, importlib.util, json, math, pathlib, re, regex, typing"


def timed_in_child(snippet: str, env: dict[str, str]) -> float:
    """Seconds ``snippet`` takes in a fresh interpreter, its imports included (but :data:`PRELOADED`)."""
    code = (
        f"import sys, time\nimport {PRELOADED}\nsys.path.insert(0, {str(TESTS)!r})\n"
        f"started = time.perf_counter()\n{snippet}\nprint(time.perf_counter() - started)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return float(done.stdout.split()[-1])


def load_times(runs: int) -> None:
    print(f"1. load, in a fresh process (median of {runs}; ms)")
    print(f"   {'structure':40} {'old':>8} {'new':>8} {'first':>8} {'no cache':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        blocker = Path(tmp) / "not-a-folder"
        blocker.write_text("")
        for n, (what, old, new) in enumerate(STRUCTURES):
            env = {**os.environ, CACHE_ENV: str(Path(tmp) / f"cache-{n}")}
            first = timed_in_child(new, env)  # the empty cache folder: built, then written
            again = statistics.median(timed_in_child(new, env) for _ in range(runs))
            before = statistics.median(timed_in_child(old, env) for _ in range(runs))
            bare = {**os.environ, CACHE_ENV: str(blocker)}
            uncached = statistics.median(timed_in_child(new, bare) for _ in range(runs))
            ms = (before * 1e3, again * 1e3, first * 1e3, uncached * 1e3)
            print(f"   {what:40} {ms[0]:8.1f} {ms[1]:8.1f} {ms[2]:8.1f} {ms[3]:9.1f}")


def page_sets() -> list[tuple[str, list[str]]]:
    raw = REPO / "data" / "raw"
    samples = [
        page
        for path in sorted(raw.iterdir())
        if path.suffix in (".txt", ".html") and path.stat().st_size
        for page in read_source(path).pages
    ]
    samples += [page for pdf in sorted((raw / "pdf").glob("*.pdf")) for page in read_pdf(pdf).pages]
    sets = [("sample reports (data/raw, texts and PDFs)", samples)]
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if seeds:
        sets.append(("seeds", [path.read_text(encoding="utf-8") for path in seeds]))
    real = sorted((SHARED / "realdata").glob("*/*.pdf"))
    if real:
        sets.append(
            ("real damaged PDFs (../shared/realdata)", [p for pdf in real for p in read_pdf(pdf).pages])
        )
    runs = (run for _, pages in sets for page in pages for run in re.findall(r"[\u0e01-\u0e4e]+", page))
    distinct = dict.fromkeys(runs)
    sets.append(("every distinct run once, 2,000 letters a page", _pages_of(list(distinct))))
    return sets


def _pages_of(runs: list[str], size: int = 2000) -> list[str]:
    pages, page = [], ""
    for run in runs:
        page += run + " "
        if len(page) >= size:
            pages.append(page)
            page = ""
    return [*pages, page] if page else pages


def per_page(pages: Sequence[str], score: Callable[[str], float | None], before: Callable[[], None]) -> float:
    """ms a page: one pass over ``pages``, after ``before``."""
    before()
    started = time.perf_counter()
    for page in pages:
        score(page)
    return (time.perf_counter() - started) / len(pages) * 1e3


def quality_per_page(rounds: int) -> None:
    old_longest_word()  # the old regular expression, built before the timing
    quality_score("ก")
    print(f"\n2. quality score per page (median of {rounds} rounds; ms a page)")
    print(f"   {'pages':48} {'n':>5} {'letters':>8} {'old':>7} {'first pass':>11} {'again':>7}")
    for name, pages in page_sets():
        assert [quality_score(p) for p in pages] == [old_quality_score(p) for p in pages], name
        old, first, again = [], [], []
        for _ in range(rounds):
            old.append(per_page(pages, old_quality_score, lambda: None))
            first.append(per_page(pages, quality_score, thai_inside.cache_clear))
            again.append(per_page(pages, quality_score, lambda: None))
        letters = sum(map(len, pages)) // len(pages)
        print(
            f"   {name:48} {len(pages):5} {letters:8} {statistics.median(old):7.3f}"
            f" {statistics.median(first):11.3f} {statistics.median(again):7.3f}"
        )


def _old_commit(asked: str) -> str | None:
    if asked == "none":
        return None
    if asked != "auto":
        return asked
    added = subprocess.run(
        ["git", "log", "--diff-filter=A", "--format=%H", "--", "wordlists/__init__.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    commits = added.stdout.split()
    return f"{commits[-1]}^" if added.returncode == 0 and commits else None


def _warm_import(folder: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pipeline.run.warm"], cwd=folder, env=env, check=True)
    return time.perf_counter() - started


def fork_server(runs: int, old: str | None) -> None:
    print(f'\n3. python -c "import pipeline.run.warm" (wall, median of {runs}; s)')
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, CACHE_ENV: str(Path(tmp) / "cache")}
        _warm_import(REPO, env)  # the cache filled
        new = statistics.median(_warm_import(REPO, env) for _ in range(runs))
        print(f"   new: {new:.2f}")
        if old is None:
            print("   old: skipped")
            return
        tree = Path(tmp) / "old"
        tree.mkdir()
        archive = subprocess.run(["git", "archive", old], cwd=REPO, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        before = statistics.median(_warm_import(tree, env) for _ in range(runs))
        print(f"   old ({old}): {before:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure (default 5)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the pages (default 5)")
    parser.add_argument("--old", default="auto", help="the commit of the old fork server (auto, none, REV)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    load_times(args.runs)
    quality_per_page(args.rounds)
    fork_server(args.runs, _old_commit(args.old))


if __name__ == "__main__":
    main()
