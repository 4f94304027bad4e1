"""A run's inputs: the files named, and those found in the folders named.

Folders are walked recursively, linked folders followed (a link that leads back into a folder already
walked is listed, not followed again). Files whose name starts with ``.`` are passed over. What is
never read, with a notice: the output folder and everything in it (an ``--out`` inside the archive
would otherwise have its own ``audit.html`` read back as a report), and files whose suffix no reader
knows (counted in the run's summary). A path that is not a regular file (a named pipe, a device) is
taken when its name is that of a report, and its documents row says what it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import NoInputError
from pipeline.read.identity import FORMAT_BY_SUFFIX


@dataclass
class Inputs:
    files: list[Path]
    skipped: list[Path]  # files in the given folders with a suffix that is not read
    #: the output folder, or files in it, met among the inputs: never read
    excluded: list[Path] = field(default_factory=list)
    #: linked folders that lead back into a folder already walked: not followed again
    loops: list[Path] = field(default_factory=list)


def collect_inputs(paths: Sequence[Path], config: Config) -> Inputs:
    """Files named directly are always taken (but for those in the output folder); folders are searched
    recursively for known suffixes."""
    suffixes = config.suffixes or frozenset(FORMAT_BY_SUFFIX)
    out = config.out_dir.resolve()
    real = RealPaths()
    found = Inputs([], [])
    keys: list[Path] = []  # each file's resolved path, for the files found so far
    for path in paths:
        if path.is_dir():
            for candidate, key in sorted(_walk(path, out, found, real), key=lambda pair: pair[0]):
                if candidate.suffix.lower() in suffixes:
                    found.files.append(candidate)
                    keys.append(key)
                else:
                    found.skipped.append(candidate)
        elif path.exists() or path.is_symlink():
            key = real(path)
            if _inside(key, out):
                found.excluded.append(path)
            else:
                found.files.append(path)
                keys.append(key)
        else:
            raise NoInputError(f"input not found: {path}", "check the path; give files or folders of reports")
    seen: set[Path] = set()
    unique = []
    for f, key in zip(found.files, keys, strict=True):
        if key not in seen:
            seen.add(key)
            unique.append(f)
    if not unique:
        known = ", ".join(sorted(suffixes))
        hint = f"give .txt, .html or .pdf files (searched for {known})"
        if found.excluded:
            hint += f"; the output folder {config.out_dir} is never read as input"
        raise NoInputError("no report files found in the given inputs", hint)
    found.files = unique
    return found


class RealPaths:
    """``Path.resolve()`` of many paths (every link followed, the result absolute), resolving each folder
    once: a name that is not a link resolves to its folder's resolved path with the name added. Resolving
    each file alone looks up every folder on its path again (most of collecting a large archive)."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> Path:
        name = path.name
        if name in ("", ".", ".."):  # a root, a step up: resolved whole
            return path.resolve()
        return self.child(path.parent, name, os.path.islink(path))

    def child(self, folder: Path, name: str, link: bool) -> Path:
        """The resolved ``folder / name`` when whether it is a link is known (a folder's listing says):
        a link is resolved whole, any other name is its folder's resolved path with the name added."""
        return (folder / name).resolve() if link else self.folder(folder) / name

    def folder(self, path: Path) -> Path:
        """The resolved ``path``, kept for the next file in the same folder."""
        real = self._folders.get(path)
        if real is None:
            real = self._folders[path] = self(path)
        return real


def _walk(top: Path, out: Path, found: Inputs, real: RealPaths) -> Iterator[tuple[Path, Path]]:
    """The files under ``top``, each with its resolved path, following linked folders once each.

    As ``os.walk(top, followlinks=True)`` walks, depth first with each folder's subfolders in name
    order, but from the entries of ``os.scandir``: whether a name is a link or a folder is known from
    its folder's listing, without a system call per file (:meth:`RealPaths.child`)."""
    if _inside(real.folder(top), out):
        found.excluded.append(top)
        return
    walked: set[tuple[int, int]] = set()
    pending = [top]
    while pending:
        here = pending.pop()
        try:
            st = here.stat()
            with os.scandir(here) as listing:
                entries = list(listing)
        except OSError:  # gone, or not to be listed: as os.walk, nothing under it
            continue
        walked.add((st.st_dev, st.st_ino))
        subfolders = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subfolders.append(entry.name)
            elif not entry.name.startswith("."):
                yield here / entry.name, real.child(here, entry.name, _is_link(entry))
        keep = []
        for name in sorted(subfolders):
            sub = here / name
            try:
                sub_st = sub.stat()
            except OSError:  # a link to nowhere: nothing to walk
                continue
            if _inside(real.folder(sub), out):
                found.excluded.append(sub)
            elif (sub_st.st_dev, sub_st.st_ino) in walked:
                found.loops.append(sub)
            else:
                keep.append(sub)
        pending.extend(reversed(keep))  # the first in name order is walked next


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _inside(resolved: Path, out: Path) -> bool:
    """Whether a resolved path is the (resolved) output folder or in it (compared as text: both are
    absolute and normalised, and building ``resolved.parents`` for every folder of an archive cost more
    than the rest of looking at it)."""
    at, top = str(resolved), str(out)
    return at == top or at.startswith(top if top.endswith(os.sep) else top + os.sep)
