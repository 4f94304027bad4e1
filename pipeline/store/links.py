"""Publishing: every table link of a run swapped to its new dataset, all of them or none.

A table ``OUT/<table>.parquet`` is a symbolic link to a dataset under ``OUT/.raingan/runs``; replacing
the link with a rename is atomic, so each table is always whole. A run publishes several tables, though,
and they must not be left from two runs (the documents of the new run beside the entries of the old)
when the disk fills between two renames. So the swap takes two steps:

1. **Prepare.** Beside each table, a new link to its new dataset, and one to the dataset it links to now
   (to go back to). Making links is the step that takes space: a full disk fails it here, before any
   table has changed, and the links made are removed.
2. **Swap.** Each new link is renamed over its table. A rename onto an existing name needs no new space
   (ext4, XFS and tmpfs rewrite the entry in place), so a full disk does not fail it; should one fail
   all the same (an I/O error, a copy-on-write filesystem out of metadata space), the tables swapped
   already are renamed back to the links of step 1, and every table is the previous one again.

The caller holds the output's lock, and deletes nothing before this returns.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import OutputError
from pipeline.store.removal import remove

if TYPE_CHECKING:
    from schemas.records import Record


@dataclass
class _Swap:
    target: Path  # OUT/<table>.parquet
    dataset: Path  # what it is to link to
    new: Path  # the new link, beside it until the swap
    back: Path  # a link to what the table links to now (made only when it is a link)
    aside: Path | None = None  # a table that was a folder (an older layout), moved into the runs
    had_link: bool = False


def link_tables(out_dir: Path, datasets: Mapping[type[Record], Path], run_id: str, runs: Path) -> list[Path]:
    """Make each ``OUT/<table>.parquet`` of ``datasets`` link to its dataset, all or none (see the
    module's notes); returns the tables' paths. Raises ``OSError`` when nothing was changed, and
    :class:`~pipeline.errors.OutputError` when some tables could not be put back."""
    swaps = [
        _Swap(
            out_dir / f"{model.table}.parquet",
            dataset,
            out_dir / f".{model.table}.parquet.link-{run_id}",
            out_dir / f".{model.table}.parquet.back-{run_id}",
        )
        for model, dataset in datasets.items()
    ]
    done: list[_Swap] = []
    try:
        for swap in swaps:
            _prepare(out_dir, swap)
        try:
            for swap in swaps:
                _commit(swap, runs, run_id)
                done.append(swap)
        except OSError as exc:
            _undo(out_dir, done, exc)
            raise
    finally:
        for swap in swaps:
            remove(swap.new, out_dir)
            remove(swap.back, out_dir)
    return [swap.target for swap in swaps]


def _prepare(out_dir: Path, swap: _Swap) -> None:
    remove(swap.new, out_dir)
    os.symlink(os.path.relpath(swap.dataset, out_dir), swap.new, target_is_directory=True)
    if swap.target.is_symlink():
        remove(swap.back, out_dir)
        os.symlink(os.readlink(swap.target), swap.back, target_is_directory=True)
        swap.had_link = True


def _commit(swap: _Swap, runs: Path, run_id: str) -> None:
    if swap.target.is_dir() and not swap.target.is_symlink():  # a folder from an older layout: moved
        # aside, into the runs, where it is deleted as a dataset no table links to
        swap.aside = runs / f"old-{swap.target.name.removesuffix('.parquet')}-{run_id}"
        os.replace(swap.target, swap.aside)
    os.replace(swap.new, swap.target)


def _undo(out_dir: Path, done: list[_Swap], cause: OSError) -> None:
    """Put the swapped tables back as they were; raise :class:`OutputError` when some cannot be."""
    stuck: list[str] = []
    for swap in reversed(done):
        try:
            if swap.had_link:
                os.replace(swap.back, swap.target)
                continue
            remove(swap.target, out_dir)  # a table that was not there, or was a folder, is not a link
            if swap.target.is_symlink():
                raise OSError(f"cannot remove {swap.target}")
            if swap.aside is not None:
                os.replace(swap.aside, swap.target)
        except OSError:
            stuck.append(swap.target.name)
    if stuck:
        raise OutputError(
            f"publishing the tables under {out_dir} stopped midway ({cause.strerror or cause}), and "
            f"{', '.join(stuck)} could not be put back: those tables are this run's, the others the "
            "previous run's (each one whole)",
            "free disk space and run the same command again: it writes every table again",
        ) from cause
