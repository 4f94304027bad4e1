"""``raingan ingest`` and ``raingan audit`` once their options are read (:mod:`pipeline.cli` turns the
options into a :class:`~pipeline.config.Config`): the inputs collected, the run with its progress bar
and summary, the audit and its closing lines, on the command's terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.paths import path_text

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline.config import Config


def ingest_command(
    inputs: tuple[Path, ...],
    config: Config,
    *,
    audit: bool,
    console: Console,
    err: Console,
    lang: str | None = None,
) -> None:
    """Ingest ``inputs`` into ``config.out_dir``, then audit the tables (unless not ``audit``)."""
    from pipeline.run.inputs import collect_inputs
    from pipeline.run.progress import ingest_with_bar
    from pipeline.run.summary import print_summary
    from pipeline.store.lock import hold_output
    from pipeline.store.parquet import prepare_out_dir

    found = collect_inputs(inputs, config)
    for path in found.excluded:
        console.print(f"not read: {path_text(path)} (the output folder is never read as input)", markup=False)
    for path in found.loops:
        console.print(
            f"not followed: {path_text(path)} (it links back to a folder already read)", markup=False
        )
    prepare_out_dir(config.out_dir)
    # the lock is held once around the ingest and its audit (both take it again, re-entrantly): no other
    # run can publish between the tables and their audit
    with hold_output(config.out_dir) as lease:
        if lease.notice:
            err.print(f"notice: {lease.notice}", soft_wrap=True, markup=False)
        report = ingest_with_bar(found.files, config, console, not_read=found.skipped)
        print_summary(console, report)
        if audit:
            audit_command(config.out_dir, html=True, force=config.force, console=console, err=err, lang=lang)


def audit_command(
    out_dir: Path, *, html: bool, force: bool, console: Console, err: Console, lang: str | None = None
) -> None:
    """Audit the tables of ``out_dir`` (see :mod:`pipeline.audit.run`) and print its closing lines;
    ``audit.html`` in ``lang`` (None: as last time, else Thai)."""
    from pipeline.audit import audit_output
    from pipeline.audit.run import print_audit

    report = audit_output(out_dir, html=html, force=force, lang=lang)
    if report.lock_notice:
        err.print(f"notice: {report.lock_notice}", soft_wrap=True, markup=False)
    print_audit(console, report)
