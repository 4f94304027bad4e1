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
    found = Inputs([], [])
    for path in paths:
        if path.is_dir():
            for candidate in sorted(_walk(path, out, found)):
                (found.files if candidate.suffix.lower() in suffixes else found.skipped).append(candidate)
        elif path.exists() or path.is_symlink():
            (found.excluded if _inside(path, out) else found.files).append(path)
        else:
            raise NoInputError(f"input not found: {path}", "check the path; give files or folders of reports")
    seen: set[Path] = set()
    unique = []
    for f in found.files:
        key = f.resolve()
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


def _walk(top: Path, out: Path, found: Inputs) -> Iterator[Path]:
    """The files under ``top``, following linked folders once each."""
    if _inside(top, out):
        found.excluded.append(top)
        return
    walked: set[tuple[int, int]] = set()
    for folder, dirs, names in os.walk(top, followlinks=True):
        here = Path(folder)
        st = here.stat()
        walked.add((st.st_dev, st.st_ino))
        keep = []
        for name in sorted(dirs):
            sub = here / name
            try:
                sub_st = sub.stat()
            except OSError:  # a link to nowhere: nothing to walk
                continue
            if _inside(sub, out):
                found.excluded.append(sub)
            elif (sub_st.st_dev, sub_st.st_ino) in walked:
                found.loops.append(sub)
            else:
                keep.append(name)
        dirs[:] = keep
        yield from (here / name for name in names if not name.startswith("."))


def _inside(path: Path, out: Path) -> bool:
    resolved = path.resolve()
    return resolved == out or out in resolved.parents
