"""A run's inputs: the files named, and those found in the folders named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import NoInputError
from pipeline.read.identity import FORMAT_BY_SUFFIX


@dataclass
class Inputs:
    files: list[Path]
    skipped: list[Path]  # files in the given folders with a suffix that is not read


def collect_inputs(paths: Sequence[Path], config: Config) -> Inputs:
    """Files named directly are always taken; folders are searched recursively for known suffixes."""
    suffixes = config.suffixes or frozenset(FORMAT_BY_SUFFIX)
    files: list[Path] = []
    skipped: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
                if candidate.name.startswith("."):
                    continue
                (files if candidate.suffix.lower() in suffixes else skipped).append(candidate)
        elif path.exists():
            files.append(path)
        else:
            raise NoInputError(f"input not found: {path}", "check the path; give files or folders of reports")
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    if not unique:
        known = ", ".join(sorted(suffixes))
        raise NoInputError(
            "no report files found in the given inputs", f"give .txt or .html files (searched for {known})"
        )
    return Inputs(unique, skipped)
