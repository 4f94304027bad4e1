"""OCR results cached on disk by the hash of the page image, so no page is OCR'd twice.

The key is the SHA-256 of the engine's name and settings, the cache format version and the exact
bytes of the rendered page image. Re-ingesting an archive, or re-parsing it after a parser change,
renders the page again (a few hundredths of a second) and finds its text here instead of running OCR
(about two seconds a page). A changed engine, setting or rendering gives another key: stale entries
are never used, only left behind (delete the folder to reclaim the space).

Entries are small JSON files (``ab/abcdef….json``), written to a temporary file and renamed, so an
interrupted run never leaves a half-written entry, and two processes may share the folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Final

from parsers.text.linebox import LineBox
from pipeline.ocr.engine import OcrPage, OcrWord
from pipeline.paths import new_file_mode

#: bump when the stored fields or their meaning change (2: the line boxes, which the parsers need; an
#: entry without them must not be used)
CACHE_VERSION: Final = 2


def page_key(engine: str, image: bytes) -> str:
    """The cache key of one page image OCR'd by ``engine`` (its name says its settings)."""
    digest = hashlib.sha256(f"raingan-ocr {CACHE_VERSION}\0{engine}\0".encode())
    digest.update(image)
    return digest.hexdigest()


class OcrCache:
    """A folder of cached OCR pages; unreadable entries count as missing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> OcrPage | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            words = tuple(OcrWord(**word) for word in data["words"])
            lines = tuple(_line(box) for box in data["lines"])
            reread = int(data.get("digits_reread", 0))
            return OcrPage(data["text"], data["confidence"], words, data["engine"], lines, reread)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, page: OcrPage) -> None:
        """Store one page (atomically); a cache that cannot be written only costs time later."""
        path = self._path(key)
        data = {
            "text": page.text,
            "confidence": page.confidence,
            "engine": page.engine,
            "words": [dataclasses.asdict(word) for word in page.words],
            # LineBox's fields in order: start, end, left, right, top, bottom, gaps
            "lines": [[b.start, b.end, b.left, b.right, b.top, b.bottom, list(b.gaps)] for b in page.lines],
            "digits_reread": page.digits_reread,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
                os.fchmod(f.fileno(), new_file_mode())  # as any file of the user's, not mkstemp's 0600
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)


def _line(box: list[Any]) -> LineBox:
    """A line box as stored: its six numbers, then its gaps (none in entries written before them)."""
    start, end, left, right, top, bottom = box[:6]
    return LineBox(start, end, left, right, top, bottom, tuple(box[6]) if len(box) > 6 else ())
