"""Does a PDF page's text layer tell the truth? A cheap check of every text-layer page.

A text layer can be present and useless. Three ways are common in real Thai PDFs (docs/PDF.md):

``mojibake``
    A font without a ``/ToUnicode`` map: the reader guesses the characters from glyph numbers and the
    page comes out in the wrong script (an e-LAAS accounting report reads ``ιΕϔλνυϒκϔλόςϔϑ…``: Greek
    and Coptic letters, control characters, no digits). Signatures: letters of Greek, Coptic or
    Cyrillic, control characters, private-use glyphs (but for the legacy Thai glyphs U+F700–U+F71A the
    repair chain maps back), Latin-1 letters (but for the three PSL tone glyphs), U+FFFD — where a
    Thai report has Thai.
``garbage``
    An invisible text layer that an OCR made for another language laid over a Thai scan
    (``uuun?Jon?13J``, ``lyrfl1,Ja nul15anu``): Latin letters, but not words — digits, ``?`` and other
    punctuation inside them, the case changing inside them, long runs without a vowel.
``image_body``
    A page whose text layer holds a few lines (a typed header, a stamp) while an image — a scanned
    body — covers most of the rest of the page: the layer is true but leaves the page's content out.

:func:`judge_layer` says which of these a page is, if any, from the page's text and, where the
reader looked (:attr:`Census.wants_look`), its :class:`PageLook`. Damaged but repairable Thai layers
(marks displaced, ``ำ`` split, private-use tone glyphs, a few U+FFFD: the district and national budget
PDFs) are not lies: their Thai dominates, and the repair chain and the quality score deal with them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, NamedTuple

import regex

from parsers.text.linebox import LineBox


class LayerFault(StrEnum):
    MOJIBAKE = "mojibake"
    GARBAGE = "garbage"
    IMAGE_BODY = "image_body"


@dataclass(frozen=True, slots=True)
class ImageBox:
    """Where an image is drawn on a page, in the frame of the page's :class:`LineBox` es (points from
    the top-left of the page as it is seen)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def area(self) -> float:
        return max(0.0, self.right - self.left) * max(0.0, self.bottom - self.top)

    def holds(self, line: LineBox) -> bool:
        """The centre of ``line``'s ink lies inside the image."""
        x, y = (line.left + line.right) / 2, (line.top + line.bottom) / 2
        return self.left <= x <= self.right and self.top <= y <= self.bottom


@dataclass(frozen=True, slots=True)
class PageLook:
    """What a PDF page draws besides its text: its size, its large images, how much text is invisible
    (text render mode 3, how OCR layers over scans are drawn)."""

    width: float
    height: float
    images: tuple[ImageBox, ...]  # the images covering at least :data:`IMAGE_AT_LEAST` of the page
    text_objects: int
    invisible_text_objects: int

    @property
    def image_share(self) -> float:
        """The share of the page its largest image covers (0–1)."""
        page = self.width * self.height
        return 0.0 if page <= 0 else min(1.0, max((i.area for i in self.images), default=0.0) / page)

    @property
    def invisible(self) -> bool:
        """Most of the page's text is drawn invisibly."""
        return self.text_objects > 0 and self.invisible_text_objects * 2 > self.text_objects


@dataclass(frozen=True, slots=True)
class LayerVerdict:
    """Why a page's text layer is not used: the fault and a sentence that names what was seen."""

    fault: LayerFault
    reason: str
    #: IMAGE_BODY: the images without text, whose content OCR is to read
    regions: tuple[ImageBox, ...] = ()


#: an image smaller than this share of the page is a logo, a photo or a signature: not recorded
IMAGE_AT_LEAST: Final = 0.05
#: a page whose layer has fewer characters (spaces and line breaks aside) than this is looked at for a
#: scanned body
LOOK_BELOW_CHARACTERS: Final = 160
#: an image covering at least this share of the page, with (almost) none of the layer's lines on it,
#: is the page's body
BODY_IMAGE_SHARE: Final = 0.4
#: at least this many letters of a wrong script make a page suspect, and this share of its letters …
MIN_SIGNATURE: Final = 20
WRONG_SCRIPT_SHARE: Final = 0.3
#: … and a Latin page is garbage when this share of its Latin letters is in tokens that are not words
GARBAGE_SHARE: Final = 0.35
MIN_LATIN: Final = 40
#: a page with fewer letters and digits has no text layer to judge (a scan: the OCR step reads it)
MIN_TEXT: Final = 3

_THAI = regex.compile(r"[\u0E01-\u0E4E]")
_LATIN = regex.compile(r"[A-Za-z]")
#: characters no Thai report is written in (see the module's docstring); ``re``: a plain character
#: class scans a page five times faster than with ``regex``
_WRONG = re.compile(
    r"[\u0370-\u03FF\u0400-\u04FF"  # Greek and Coptic, Cyrillic
    r"\x00-\x08\x0B\x0E-\x1F\x7F-\x9F"  # control characters (not tab, line and page breaks)
    r"\uE000-\uF6FF\uF71B-\uF8FF"  # private use, but for the legacy Thai glyphs
    r"\u00C0-\u00C8\u00CB\u00CC\u00CE-\u00FF\uFFFD]"  # Latin-1 letters but PSL's É Ê Í; U+FFFD
)
_TOKEN = regex.compile(r"\S+")
#: a Latin token that is a word, an abbreviation, a unit or a name: letters in one case pattern, maybe
#: joined by - ' . / (e-LAAS, www.bangkok.go.th, O'Neil), maybe with digits after (CO2, PM2.5, COVID-19)
_WORDLIKE = regex.compile(
    r"[(\[\"'“‘]*"
    r"(?:[A-Za-z][a-z]*|[A-Z]+|[a-z]+[A-Z][a-z]+)"  # word, Word, WORD, camelCase (iPhone, eGov)
    r"(?:[-'’./&][A-Za-z]+)*"
    r"(?:[-.]?\d+(?:[.,]\d+)*)?"
    r"[)\]\"'”’.,;:!?%]*"
)
_VOWEL = regex.compile(r"[aeiouyAEIOUY]")
_NO_VOWEL_RUN = 5  # a lower-case run this long without a vowel is not an English word


class Census(NamedTuple):
    """What a page's text is written in, counted cheaply (it runs on every page).

    ``wide``: characters from U+0800 up (Thai), by the length of the UTF-8 text (each takes two bytes
    more than an ASCII character; one below U+0800 takes one more and counts a half). ``ascii``: the
    other characters but spaces and line breaks (on a long page, spaces too). ``latin``: ASCII letters,
    counted only where ``ascii`` outnumbers ``wide`` (elsewhere 0: no Latin verdict can follow).
    ``wrong``: characters of a wrong script (:data:`_WRONG`), looked for by a regular expression only
    where a byte that starts one is there. About 12 µs for a page of 1,300 characters: 1–2 % of reading
    its text layer (``bench/bench_layercheck.py``). :func:`judge_layer` counts exactly where a verdict
    may follow.
    """

    wide: int
    ascii: int
    latin: int
    wrong: int

    @classmethod
    def of(cls, raw: str) -> Census:
        try:
            data = raw.encode()
        except UnicodeEncodeError:  # a lone surrogate
            data = raw.encode("utf-8", "surrogatepass")
        wide = (len(data) - len(raw)) // 2
        ascii_ = len(raw) - wide
        if len(raw) < 4 * LOOK_BELOW_CHARACTERS:  # a page this short may be small: count exactly
            ascii_ -= raw.count(" ") + raw.count("\n")
        latin = len(data.translate(None, _NOT_LATIN)) if ascii_ > wide else 0
        wrong = len(_WRONG.findall(raw)) if data.translate(None, _NOT_SUSPECT) else 0
        return cls(wide, ascii_, latin, wrong)

    @property
    def characters(self) -> int:
        """Characters but spaces and line breaks (about)."""
        return self.wide + self.ascii

    @property
    def wants_look(self) -> bool:
        """Whether the reader should look at the page's drawing (:class:`PageLook`) for
        :func:`judge_layer`: only a page with little text can be a header over a scanned body, and only
        a page whose script is in doubt needs the images to explain its text. Most pages cost nothing
        more."""
        if self.characters < MIN_TEXT:
            return False  # no text layer: the OCR step reads the page whatever it draws
        return self.characters < LOOK_BELOW_CHARACTERS or self.in_doubt

    @property
    def in_doubt(self) -> bool:
        """The page's script may be wrong: enough characters of a wrong script, or more Latin than Thai."""
        return self.wrong >= MIN_SIGNATURE or self.latin > self.wide


_NOT_LATIN: Final = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
#: the bytes that start (or are) a character of :data:`_WRONG` in UTF-8: a page without any has none
_SUSPECT: Final = frozenset(
    [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0xC2, 0xC3, *range(0xCD, 0xD4), 0xEE, 0xEF]
)
_NOT_SUSPECT: Final = bytes(b for b in range(256) if b not in _SUSPECT)


def judge_layer(
    raw: str, look: PageLook | None = None, lines: Sequence[LineBox] = (), census: Census | None = None
) -> LayerVerdict | None:
    """Why the text layer ``raw`` of a page must not be used, or None when it may be (it may still be
    damaged: the repair chain and the quality score see to that).

    >>> judge_layer("ιΕϔλνυϒκϔλόςϔϑϠχϒόσϔάϖΣόςϔϟιϊμϔχηϬϔμχπϏΣλΖϏτ").fault.value
    'mojibake'
    >>> judge_layer("สำนักงานเขตบางนา รายงานผลการดำเนินงาน ปีงบประมาณ พ.ศ. 2566") is None
    True
    """
    counts = census or Census.of(raw)
    if not counts.in_doubt:
        return _image_body(look, lines) if look is not None and _small(raw, counts) else None
    thai, latin, wrong = len(_THAI.findall(raw)), len(_LATIN.findall(raw)), counts.wrong
    drawn = _drawn(look)
    if wrong >= MIN_SIGNATURE and wrong >= WRONG_SCRIPT_SHARE * (thai + latin + wrong):
        return LayerVerdict(
            LayerFault.MOJIBAKE,
            f"its characters are in the wrong script ({_script_counts(raw)}, {thai} Thai letters): a font "
            f"without a Unicode map{drawn}",
        )
    if latin >= MIN_LATIN and latin > thai:
        bad, total = _non_words(raw)
        if total and bad >= GARBAGE_SHARE * total:
            return LayerVerdict(
                LayerFault.GARBAGE,
                f"its text is Latin letters that are not words ({bad / total:.0%} of them in tokens with "
                f"digits, punctuation or a change of case inside, or no vowel; {thai} Thai letters): an OCR "
                f"made for another language{drawn}",
            )
    return _image_body(look, lines) if look is not None and _small(raw, counts) else None


def _small(raw: str, counts: Census) -> bool:
    """A page with a little text, which a scanned body may lie beside (a page with no letters or digits
    has no text layer: the OCR step reads it whole)."""
    if counts.characters >= LOOK_BELOW_CHARACTERS:
        return False
    return has_text(raw)


def has_text(raw: str) -> bool:
    """At least :data:`MIN_TEXT` letters or digits (counted only as far as needed)."""
    count = 0
    for ch in raw:
        if ch.isalnum():
            count += 1
            if count >= MIN_TEXT:
                return True
    return False


def _image_body(look: PageLook, lines: Sequence[LineBox]) -> LayerVerdict | None:
    page = look.width * look.height
    inked = [line for line in lines if line.right > line.left]
    bodies = [
        image
        for image in look.images
        if page > 0
        and image.area >= BODY_IMAGE_SHARE * page
        # the layer's text is beside the image, not a layer over it
        and sum(image.holds(line) for line in inked) * 5 <= len(inked)
    ]
    if not bodies:
        return None
    share = min(1.0, sum(image.area for image in bodies) / page)
    return LayerVerdict(
        LayerFault.IMAGE_BODY,
        f"its text layer holds {len(inked)} line(s), while an image without text covers {share:.0%} of "
        "the page: the page's body is a scan",
        tuple(bodies),
    )


def _drawn(look: PageLook | None) -> str:
    if look is None or not look.invisible:
        return ""
    if look.image_share >= BODY_IMAGE_SHARE:
        return f", drawn invisibly over an image covering {look.image_share:.0%} of the page"
    return ", drawn invisibly"


def _non_words(raw: str) -> tuple[int, int]:
    """Latin letters in tokens that are not word-like, and all Latin letters in tokens."""
    bad = total = 0
    for token in _TOKEN.findall(raw):
        n = len(_LATIN.findall(token))
        if not n:
            continue
        total += n
        if _THAI.search(token):
            continue  # Latin among Thai (a code, a unit): the Thai decides
        if not _WORDLIKE.fullmatch(token) or _vowelless(token):
            bad += n
    return bad, total


def _vowelless(token: str) -> bool:
    """A lower-case run of :data:`_NO_VOWEL_RUN` letters or more without a vowel (``rfrdl``)."""
    return any(
        len(run) >= _NO_VOWEL_RUN and not _VOWEL.search(run) for run in regex.findall(r"[a-z]+", token)
    )


_SCRIPTS: Final = (
    ("Greek or Coptic", regex.compile(r"[\u0370-\u03FF]")),
    ("Cyrillic", regex.compile(r"[\u0400-\u04FF]")),
    ("control", regex.compile(r"[\x00-\x08\x0B\x0E-\x1F\x7F-\x9F]")),
    ("private-use", regex.compile(r"[\uE000-\uF6FF\uF71B-\uF8FF]")),
    ("Latin-1", regex.compile(r"[\u00C0-\u00C8\u00CB\u00CC\u00CE-\u00FF]")),
    ("U+FFFD", regex.compile(r"\uFFFD")),
)


def _script_counts(raw: str) -> str:
    counts = ((name, len(pattern.findall(raw))) for name, pattern in _SCRIPTS)
    return ", ".join(f"{n:,} {name}" for name, n in counts if n)
