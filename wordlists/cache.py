"""Structures built from word lists, kept on disk under the hash of what they are built from.

A structure that takes longer to build than to read (a trie of 62,000 words: ~0.1 s to build, 0.2 ms
to read) is built once and stored as ``NAME-KEY.bin``, where KEY is the SHA-256 of everything it is
made from (the word files' bytes, the added words, the format version). A changed word list gives
another KEY, so a stale file is never read: the structure is built again, and the older files of
the same NAME are deleted.

The folder, first that applies:

* ``$RAINGAN_CACHE_DIR/dictionaries`` (the variable names raingan's cache folder);
* ``$XDG_CACHE_HOME/raingan/dictionaries``;
* ``~/.cache/raingan/dictionaries``.

A file is written to a temporary name and renamed, so a reader never sees half of one, and processes
may share the folder. Where it cannot be written (read-only home, no home at all) or read (a damaged
file), the structure is built in memory, without complaint: it only costs time.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final, TypeVar

#: the environment variable that names raingan's cache folder
CACHE_ENV: Final = "RAINGAN_CACHE_DIR"

T = TypeVar("T")


def cache_folder() -> Path | None:
    """Where the dictionaries are cached; None where there is no such place (no home folder)."""
    own = os.environ.get(CACHE_ENV)
    if own:
        return Path(own) / "dictionaries"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path(os.path.expanduser("~")) / ".cache"
    if not base.is_absolute():  # "~" not expanded: no HOME and no password entry
        return None
    return base / "raingan" / "dictionaries"


def cached(name: str, key: str, build: Callable[[], bytes], load: Callable[[bytes], T]) -> T:
    """``load`` of the bytes stored for ``key``; where there are none, or they do not load (``load``
    raises ValueError), ``load(build())``, the bytes stored for next time."""
    folder = cache_folder()
    path = None if folder is None else folder / f"{name}-{key}.bin"
    if path is not None:
        try:
            return load(path.read_bytes())
        except (OSError, ValueError):
            pass  # not built yet, unreadable, damaged: built again
    data = build()
    value = load(data)
    if path is not None:
        _store(path, data)
    return value


def pack(meta: Mapping[str, object], *blobs: bytes) -> bytes:
    """The stored form of a structure: one line of JSON (``meta`` and the sizes of the blobs), then the
    blobs."""
    head = json.dumps({**meta, "blobs": [len(blob) for blob in blobs]}, ensure_ascii=True)
    return b"".join([head.encode(), b"\n", *blobs])


def unpack(data: bytes, kind: str, version: int) -> tuple[dict[str, object], list[bytes]]:
    """``meta`` and the blobs of :func:`pack`; ValueError where they are not of ``kind`` and ``version``,
    or cut short."""
    head, newline, body = data.partition(b"\n")
    meta = json.loads(head)
    if not (
        newline and isinstance(meta, dict) and meta.get("kind") == kind and meta.get("version") == version
    ):
        raise ValueError(f"not a stored {kind}, version {version}")
    sizes = meta.get("blobs")
    if not (isinstance(sizes, list) and all(type(size) is int and size >= 0 for size in sizes)):
        raise ValueError(f"a stored {kind} without the sizes of its parts")
    if sum(sizes) != len(body):
        raise ValueError(f"a stored {kind} cut short")
    blobs, at = [], 0
    for size in sizes:
        blobs.append(body[at : at + size])
        at += size
    return meta, blobs


def _store(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, then delete the stale files of its name; a folder that
    cannot be written is left as it is."""
    import tempfile  # only when a structure is built (importing it takes a few ms)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            mask = os.umask(0o022)
            os.umask(mask)
            os.fchmod(f.fileno(), 0o666 & ~mask)  # as any file of the user's, not mkstemp's 0600
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    name = path.name.rsplit("-", 1)[0]
    same_name = re.compile(re.escape(name) + r"-[0-9a-f]{64}\.bin")
    try:
        for other in path.parent.iterdir():
            if other != path and same_name.fullmatch(other.name):
                other.unlink(missing_ok=True)
    except OSError:
        pass  # another process deleted it first, or may not: they only take space
