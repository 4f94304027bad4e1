"""Deletes that stay inside the output folder: every file and folder raingan removes goes through here.

raingan deletes only what it made: datasets of earlier runs under ``OUT/.raingan/runs``, and the
temporary links beside the tables. A table link can be made to point anywhere (by hand, by a copy that
kept absolute links, by another program), and a path built from one would then reach outside the
folder being written; so each delete first checks, by resolved path, that what it removes lies inside
the folder it is meant to be in, and refuses otherwise (:class:`~pipeline.errors.OutsideOutputError`,
nothing deleted). A symbolic link is removed itself, never followed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from pipeline.errors import OutsideOutputError


def entry_path(path: Path) -> Path:
    """``path`` with its folders resolved but not its last part: the directory entry a delete removes
    (a link at the end is the link, not what it points at)."""
    return Path(os.path.realpath(path.parent)) / path.name


def is_inside(path: Path, root: Path) -> bool:
    """True when the entry ``path`` names lies strictly inside ``root``, both resolved."""
    if path.name in ("", ".", ".."):
        return False
    entry, base = entry_path(path), Path(os.path.realpath(root))
    return entry != base and entry.is_relative_to(base)


def resolves_inside(path: Path, root: Path) -> bool:
    """True when ``path``, every link on the way followed, lies strictly inside ``root``."""
    target, base = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    return target != base and target.is_relative_to(base)


def remove(path: Path, root: Path) -> None:
    """Delete ``path`` (a folder with everything in it, a file, or a link) if it lies inside ``root``;
    a missing path is no error, and neither is a failed delete (cleaning up must not fail a run whose
    tables are written: what is left is removed by the next run). Raises
    :class:`~pipeline.errors.OutsideOutputError` when ``path`` is not inside ``root``."""
    if not is_inside(path, root):
        raise OutsideOutputError(
            f"raingan was about to delete {path} ({entry_path(path)}), which is not inside {root}; "
            "nothing was deleted",
            "this is a bug, or the output folder was rearranged by hand: report it with the listing of "
            f"`ls -la {root}`",
        )
    entry = entry_path(path)
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            entry.unlink(missing_ok=True)
