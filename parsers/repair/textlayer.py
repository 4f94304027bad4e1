"""One PDF text-layer page: cheap repairs always, the expensive dictionary repair only where needed.

1. the never-valid sequences are repaired and the page normalised (regular expressions only);
2. the page is screened (:mod:`parsers.repair.screen`): damage signatures, and its quality score;
3. only a page with a signature or a quality below :data:`~parsers.repair.chain.REPAIR_BELOW` is run
   again through the chain with the dictionary-guided step, and scored again after repair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parsers.repair.chain import REPAIR_BELOW, text_layer_chain
from parsers.repair.normalize import Normalized, Step, normalize
from parsers.repair.quality import quality_score
from parsers.repair.screen import Screen, screen


@dataclass(frozen=True, slots=True)
class LayerPage:
    normalized: Normalized
    quality: float | None  # quality_score after repair: share of Thai inside dictionary words; None: no Thai
    screen: Screen
    repaired: bool  # the dictionary-guided step ran on this page


def read_layer_page(raw: str, steps: Sequence[Step], below: float = REPAIR_BELOW) -> LayerPage:
    """Repair and normalise one text-layer page with ``steps`` (the normalisation chain)."""
    cheap = normalize(raw, text_layer_chain(tuple(steps), dictionary=False))
    look = screen(cheap.text)
    if not look.needs_repair(below):
        return LayerPage(cheap, look.quality, look, repaired=False)
    full = normalize(raw, text_layer_chain(tuple(steps)))
    return LayerPage(full, quality_score(full.text), look, repaired=True)
