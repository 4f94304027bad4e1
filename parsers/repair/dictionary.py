"""The dictionary-guided repair of a run of Thai letters (the last, expensive repair step).

For each run of Thai letters that is not all dictionary words: marks never valid where they are (a tone
after ``า``, a vowel after ``เ``) are put back first; then single edits are tried greedily — ``า``↔``ำ``
swaps (Excel 365 writes ``า`` as ``ำ``), marks moved back to the letter they slid from — and an edit is
kept when the run reads better (:mod:`parsers.repair.wordscore`). A run already made of dictionary words
is changed only on a page that has lost a vowel: ``ำ`` (none on the page: ``ประจาปี`` → ``ประจำปี``)
or ``า`` (Excel 365: ``ค่ำอาหาร`` → ``ค่าอาหาร``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Final

import regex

from parsers.repair.quality import segment, words
from parsers.repair.wordscore import CHEAPER, Reading, cover, thai_chars_in_words
from parsers.text.textmap import Edit
from parsers.thai.marks import (
    AA,
    ABOVE,
    AM,
    BELOW,
    LEADING,
    MARKS,
    NIKHAHIT,
    TONE,
    fits,
    is_consonant,
    marks_after,
    owner,
    place,
)

_RUN = regex.compile(r"[\u0E01-\u0E4E]+")


def score_text(text: str, *, repaired: bool = False) -> Reading:
    """How the Thai runs of ``text`` read, together (SARA AM written as NIKHAHIT + SARA AA counted as
    SARA AM); ``repaired``: once the dictionary step has repaired them."""
    outside, cost, count = 0, 0.0, 0
    for run in _RUN.findall(text.replace(NIKHAHIT + AA, AM)):
        reading = cover(best_reading(run) if repaired else run)
        outside += reading.outside
        cost += reading.cost
        count += reading.words
    return Reading(outside, cost, count)


# ---------------------------------------------------------------------------------------------------
# the dictionary step proper

#: a tone after a vowel that never carries one (คา่ for ค่า), a mark after a leading vowel (บรเิวณ
#: for บริเวณ): never valid, put back on the consonant before
_TONE_AFTER_AA: Final = regex.compile(rf"(?<=[\u0e01-\u0e2e][{ABOVE}{BELOW}]?)([\u0e30{AA}{AM}])([{TONE}])")
_NIKHAHIT_TONE: Final = regex.compile(rf"{NIKHAHIT}([{TONE}]){AA}")  # ซํ้า for ซ้ำ
_MARK_AFTER_LEADING: Final = regex.compile(
    rf"(?<=[\u0e01-\u0e2e][{MARKS}]*)([{LEADING}])([{ABOVE}{BELOW}{TONE}\u0e4c]+)"
)


def _never_valid(run: str) -> str:
    run = _TONE_AFTER_AA.sub(lambda m: m.group(2) + m.group(1), run)
    run = _NIKHAHIT_TONE.sub(lambda m: m.group(1) + AM, run)
    out = run
    for m in reversed(list(_MARK_AFTER_LEADING.finditer(run))):
        c = owner(out, m.start() - 1)
        if c >= 0 and fits(out[: m.start()] + out[m.end() :], c, m.group(2)):
            out = place(out[: m.start()] + m.group(1) + out[m.end() :], c, m.group(2))
    return out


def _variants(run: str) -> Iterator[str]:
    """Single edits worth trying on a run that does not read as Thai words."""
    for i, ch in enumerate(run):
        if ch == AM:
            yield run[:i] + AA + run[i + 1 :]
        elif ch == AA:
            yield run[:i] + AM + run[i + 1 :]
        if ch in MARKS and ch != NIKHAHIT and i >= 2 and is_consonant(run[i - 1]):
            # marks that slid to the right ("เงนอิ" for "เงินอ", "ผอู้" for "ผู้อ", "ผชู้่วย" for
            # "ผู้ช่วย", "เคร่อืง" for "เครื่อง", "จาย่" for "จ่าย"): put the first marks of the
            # cluster back on the consonant before (or the one before its vowel), in their order among
            # the marks it has
            end = marks_after(run, i - 1)
            before = [owner(run, i - 2)]
            if run[i - 2] in "\u0e30" + AA + AM:
                before.append(owner(run, i - 3))
            cluster = run[i:end]
            choices = [(cluster[:size], cluster[size:]) for size in range(1, len(cluster) + 1)]
            tones = "".join(m for m in cluster[1:] if m in TONE)
            if tones and cluster[0] not in TONE:  # ผสูู้ง for ผู้สูง: the first vowel and the tone
                choices.append((cluster[0] + tones, "".join(m for m in cluster[1:] if m not in TONE)))
            for c in before:
                for moved, rest in choices:
                    base = run[:i] + rest + run[end:]
                    if c >= 0 and fits(base, c, moved):
                        yield place(base, c, moved)
        if ch in TONE and i >= 2 and i + 1 < len(run) and run[i + 1] in ABOVE:
            # "ผูร้ับ": the tone of ผู้ slid onto the next consonant, in front of its vowel
            yield run[:i] + run[i + 1] + ch + run[i + 2 :]


#: runs longer than this are repaired in pieces of about this size, cut between dictionary words
_PIECE: Final = 40


def _pieces(run: str) -> list[str]:
    if len(run) <= _PIECE:
        return [run]
    vocabulary = words()
    pieces, current, last = [], "", ""
    for word in segment(run):
        # cut only between two dictionary words of three letters or more (not inside a damaged word
        # that reads as short ones: นักเรยีน = นัก เร ยีน)
        if len(current) >= _PIECE // 2 and min(len(last), len(word)) >= 3 and {last, word} <= vocabulary:
            pieces.append(current)
            current = ""
        current += word
        last = word
    pieces.append(current)
    return pieces


@lru_cache(maxsize=1 << 15)
def best_reading(run: str, lost: str = "", damaged: bool | None = None) -> str:
    """Greedy dictionary-guided repair of one run of Thai letters.

    ``lost``: the vowel the page has lost (``ำ``: written as ``า``; ``า``: written as ``ำ``), which
    may come back even in a run of dictionary words; ``damaged``: the run is not all dictionary words
    (worked out when None).

    >>> best_reading("สำนักงำน")
    'สำนักงาน'
    >>> best_reading("ประจาปี", lost="ำ")
    'ประจำปี'
    """
    fixed = _never_valid(run)
    if damaged is None:
        damaged = cover(fixed).outside > 0
    pieces = _pieces(fixed)
    if len(pieces) > 1:
        return "".join(best_reading(piece, lost, damaged) for piece in pieces)
    return _greedy(fixed, lost, damaged)


def _greedy(run: str, lost: str, damaged: bool) -> str:
    """Single edits, the best of each round, while one reads better: more of the run inside words; or
    as much of it, in fewer, more common words (in a run of dictionary words, only the vowel the page
    lost, and where that is ำ only in fewer words: นา stays นา)."""
    now = cover(run)
    # enough for every า/ำ and mark of the run to be fixed once
    max_edits = min(24, 2 + sum(ch in AA + AM + MARKS for ch in run))
    for _ in range(max_edits):
        best, best_key = run, (now.outside, now.cost)
        for candidate in _variants(run):
            reading = cover(candidate)
            if reading.outside < now.outside:
                better = True
            elif reading.outside == now.outside:
                fewer = reading.words < now.words
                better = (
                    (damaged and fewer and reading.cost < now.cost - CHEAPER)
                    or (
                        lost == AM
                        and fewer
                        and reading.cost < now.cost - CHEAPER
                        and _swapped(run, candidate, AM)
                    )
                    or (
                        lost == AA
                        and reading.words <= now.words
                        and reading.cost < now.cost - 1.0
                        and _swapped(run, candidate, AA)
                    )
                )
            else:
                better = False
            if better and (reading.outside, reading.cost) < best_key:
                best, best_key = candidate, (reading.outside, reading.cost)
        if best == run:
            break
        run, now = best, cover(best)
    return run


def _swapped(run: str, candidate: str, vowel: str) -> bool:
    """``candidate`` is ``run`` with one of the other vowel made ``vowel`` (า, ำ)."""
    return len(run) == len(candidate) and run.count(vowel) + 1 == candidate.count(vowel)


def dictionary_guided(text: str) -> list[Edit]:
    # the vowel the page has lost: ำ where there are many า and not one ำ (drawn as NIKHAHIT + SARA
    # AA, the NIKHAHIT dropped); า where there are more ำ than า (Excel 365 writes า as ำ). There a
    # run of dictionary words may get it back too, where the run then reads as fewer, more common
    # words (ประจาปี → ประจำปี, ค่ำอาหาร → ค่าอาหาร)
    aa, am = text.count(AA), text.count(AM)
    lost = AM if am == 0 and aa >= 20 else AA if am > aa and am >= 5 else ""
    vocabulary = words()
    edits = []
    for m in _RUN.finditer(text):
        run = m.group(0)
        if len(run) < 2 or run in vocabulary:
            continue
        if (
            thai_chars_in_words(run) == len(run)
            and not (lost and (AA if lost == AM else AM) in run)
            and not _TONE_AFTER_AA.search(run)
        ):
            continue
        fixed = best_reading(run, lost)
        if fixed != run:
            edits.append(Edit(m.start(), m.end(), fixed))
    return edits
