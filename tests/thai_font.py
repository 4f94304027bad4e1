"""The Thai font the tests render PDFs and page images with (Laksaman, Debian's fonts-thai-tlwg), and
the mark that skips a test where it is missing."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tools.corpus import FontMissing, find_thai_font


@cache
def thai_font() -> Path | None:
    """The font's file; None where it is not installed."""
    try:
        return find_thai_font()
    except FontMissing:
        return None


needs_font = pytest.mark.skipif(thai_font() is None, reason="no Thai font to render with (fonts-thai-tlwg)")
