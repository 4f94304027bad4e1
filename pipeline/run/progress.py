"""The archive run with its progress bar, as ``raingan ingest`` shows it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from pipeline.run.archive import Progress as ArchiveProgress
from pipeline.run.archive import ingest_archive

if TYPE_CHECKING:
    from pipeline.config import Config
    from pipeline.run.summary import RunReport


def ingest_with_bar(
    files: Sequence[Path], config: Config, console: Console, not_read: Sequence[Path] = ()
) -> RunReport:
    """:func:`~pipeline.run.archive.ingest_archive`, drawing its progress on ``console`` (unless
    ``config.show_progress`` is off); the bar is gone when the run ends."""
    if not config.show_progress:  # no bar to draw: nor its code to load
        return ingest_archive(files, config, not_read=not_read)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("docs · {task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None, rate="")

        def advance(p: ArchiveProgress) -> None:
            rate = f"{p.done / p.seconds:.1f} docs/s, {p.pages / p.seconds:.1f} pages/s" if p.seconds else ""
            bar.update(task, total=p.total, completed=p.done, rate=rate)

        return ingest_archive(files, config, on_progress=advance, not_read=not_read)
