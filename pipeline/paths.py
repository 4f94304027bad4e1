"""Paths as text: what every table, log and terminal can hold, mapping back to the path byte for byte;
and the mode a new file gets."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Final


def path_text(path: Path | str) -> str:
    """A file's path as text that every table, log and terminal can hold, and that maps back to it.

    A name in UTF-8 (every ordinary name) is itself, but for a backslash, written ``\\\\``. A byte that
    is not UTF-8 (a TIS-620 name from a Windows zip) is written ``\\xNN``. :func:`path_of_text` gives
    the path back, byte for byte.
    """
    text = str(path)
    if "\\" not in text and text.isprintable():
        return text  # the common case, fast: nothing to escape (a lone surrogate is not printable)
    return "".join(_escaped(c) for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file system gave that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return "\\\\" if char == "\\" else char


_ESCAPE: Final = re.compile(r"\\(\\|x([0-9a-f]{2}))")


def path_of_text(text: str) -> Path:
    """The path :func:`path_text` wrote as ``text``."""
    if "\\" not in text:
        return Path(text)
    raw = _ESCAPE.sub(lambda m: "\\" if m.group(1) == "\\" else chr(0xDC00 + int(m.group(2), 16)), text)
    return Path(raw)


def new_file_mode() -> int:
    """The mode a new file of this process gets (0666 less the umask), for a file first written as a
    temporary one (``mkstemp`` makes it 0600): caches and exports a team shares must be readable by it."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
