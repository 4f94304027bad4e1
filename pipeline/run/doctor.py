"""``raingan doctor``: check an output folder and repair it from its stored work, without the inputs.

What is checked (:mod:`pipeline.store.check`): every table's link, its list of files and each file
read to the end with raingan's columns; one documents row per input the run state says the tables were
written from; SQLite's own check of the run state; datasets and temporary links that earlier runs
left; ``audit.html`` of audited tables.

What is repaired: a table that is not whole makes every table be written again from the rows the run
state keeps for each input of the published output (the ``output`` list of
:mod:`pipeline.store.state`), in the same order, published the way an ingest publishes; then the
audit runs again when the tables had been audited. A missing ``audit.html`` is written by auditing
again; leftovers are removed. No input file is opened: they may be gone, or have changed since.

What is not repaired, and said: a table link that leads outside ``OUT/.raingan/runs`` (not raingan's
to replace), a damaged run state (the message says to move it aside; an ingest then reads every file
again), an output written before the run state kept its list of inputs, and inputs whose stored rows
are lost (the rebuilt tables hold a failed documents row for each; the next ingest reads them again).

The whole command holds the output folder's lock (:mod:`pipeline.store.lock`), like an ingest.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console

from pipeline.errors import OutputDamaged, OutputError
from pipeline.paths import path_of_text
from pipeline.read.identity import suffix_format
from pipeline.result import DocumentResult, Renditions, failed_result, once_per_content
from pipeline.run.archive import write_tables
from pipeline.store.check import StateHealth, TableHealth, check_state, check_tables, lost_outputs, size_of
from pipeline.store.lock import hold_output
from pipeline.store.names import STATE_DIR
from pipeline.store.parquet import leftovers, remove_unlinked
from pipeline.store.state import RunState
from schemas.codes import FindingCode
from schemas.enums import SourceFormat
from schemas.records import Document

HTML_NAME = "audit.html"


@dataclass
class Examination:
    """What one look at the output folder found."""

    tables: list[TableHealth]
    state: StateHealth
    lost: list[str]  # inputs of the published tables whose stored rows are lost
    leftovers: list[Path]
    leftover_bytes: int
    html_missing: bool  # the tables were audited, and audit.html is gone

    @property
    def documents_rows(self) -> int | None:
        return next((t.rows for t in self.tables if t.name == f"{Document.table}.parquet"), None)

    @property
    def rows_differ(self) -> bool:
        """The documents table is whole but does not hold one row per recorded input."""
        rows, inputs = self.documents_rows, self.state.inputs
        return rows is not None and inputs is not None and rows != inputs

    @property
    def outside(self) -> list[TableHealth]:
        return [t for t in self.tables if t.outside]

    @property
    def needs_rebuild(self) -> bool:
        return any(not t.whole for t in self.tables) or self.rows_differ

    @property
    def can_rebuild(self) -> bool:
        return not self.outside and self.state.problem is None and self.state.inputs is not None

    def problems(self) -> list[str]:
        """One line per thing found wrong (none: the folder is whole)."""
        lines = [f"{t.name}: {p}" for t in self.tables for p in t.problems]
        if self.rows_differ:
            lines.append(
                f"documents.parquet holds {self.documents_rows} rows, but the tables were written from "
                f"{self.state.inputs} inputs"
            )
        if self.state.problem is not None:
            lines.append(self.state.problem)
        if self.leftovers:
            lines.append(
                f"{len(self.leftovers)} datasets or links left by stopped runs ({_size(self.leftover_bytes)})"
            )
        if self.html_missing:
            lines.append(f"{HTML_NAME} is missing")
        return lines


@dataclass
class DoctorReport:
    """What ``raingan doctor`` found, did, and found after doing it."""

    out_dir: Path
    found: Examination
    repair: bool
    done: list[str] = field(default_factory=list)
    after: Examination | None = None  # the look after repairing (None: nothing was repaired)
    lost_in_rebuild: int = 0  # inputs written as failed rows because their stored rows are lost
    lock_notice: str | None = None

    @property
    def final(self) -> Examination:
        return self.after or self.found

    @property
    def whole(self) -> bool:
        return not self.final.problems() and not self.lost_in_rebuild


def doctor(out_dir: Path, *, repair: bool = True) -> DoctorReport:
    """Check ``out_dir`` and (``repair``) repair what its stored work allows; see the module's notes.
    Raises :class:`~pipeline.errors.OutputError` for a folder raingan did not write, and
    :class:`~pipeline.errors.OutputInUseError` while another run works on it."""
    if not (out_dir / STATE_DIR).is_dir():
        raise OutputError(
            f"{out_dir} is not an output folder of raingan: it has no {STATE_DIR} folder",
            "give the folder that `raingan ingest` wrote its tables to (its --out)",
        )
    with hold_output(out_dir) as lease:
        report = DoctorReport(out_dir, examine(out_dir), repair)
        if repair and report.found.problems():
            _repair(report)
            report.after = examine(out_dir)
    report.lock_notice = lease.notice
    return report


def examine(out_dir: Path) -> Examination:
    """Look at everything; change nothing."""
    tables = check_tables(out_dir)
    state = check_state(out_dir)
    lost = lost_outputs(out_dir) if state.problem is None and state.inputs else []
    left = leftovers(out_dir)
    html_missing = state.audited and not (out_dir / HTML_NAME).is_file()
    return Examination(tables, state, lost, left, size_of(left), html_missing)


def _repair(report: DoctorReport) -> None:
    out, found = report.out_dir, report.found
    audit = False
    if found.needs_rebuild and found.can_rebuild:
        written, report.lost_in_rebuild = rebuild(out)
        lost = f", {report.lost_in_rebuild} of them as failed rows (their stored rows are lost)"
        report.done.append(
            f"wrote every table again from the stored rows of {written} inputs"
            + (lost if report.lost_in_rebuild else "")
        )
        audit = found.state.audited
    elif found.html_missing and not found.needs_rebuild:
        audit = True
    if audit:
        from pipeline.audit.run import audit_output  # the audit's modules load only when it runs

        audit_output(out, html=True, force=True)
        report.done.append(f"audited the tables again (findings, kpi_history, {HTML_NAME})")
    if found.leftovers:
        remove_unlinked(out)  # a rebuild's publish removed them already: this is then a no-op
        report.done.append(f"removed {len(found.leftovers)} leftovers of stopped runs")


def rebuild(out_dir: Path) -> tuple[int, int]:
    """Write every table again from the run state's record of the published output; returns the
    inputs written and how many of them were written as failed rows (their stored rows are lost). The
    caller holds the lock."""
    with RunState(out_dir) as state:
        key = state.get_meta("output_key")
        if key is None:
            raise OutputError(
                "the run state does not record what the tables were written from",
                "run `raingan ingest` with the same inputs: it writes the tables from the stored work",
            )
        count = [0, 0]

        def results() -> Iterator[DocumentResult]:
            first_path: dict[str, str] = {}
            renditions = Renditions()
            for stored in state.output():
                count[0] += 1
                path = path_of_text(stored.path)
                result = state.output_result(stored, key)
                if result is None:
                    count[1] += 1
                    result = _lost(path, stored.sha256, state)
                yield renditions.link(once_per_content(result.with_path(path), first_path))

        summary = write_tables(out_dir, results(), "doctor-" + uuid.uuid4().hex[:12])
        if count[1]:
            state.forget_output()  # the tables no longer hold what the inputs gave: the next ingest
        else:  # writes them again, reading the files whose rows were lost
            state.set_meta("output_summary", json.dumps(asdict(summary), ensure_ascii=False))
    return count[0], count[1]


def _lost(path: Path, sha256: str | None, state: RunState) -> DocumentResult:
    """The documents row of an input whose stored rows are lost: failed, and saying what to do."""
    return failed_result(
        path,
        sha256 or "",
        suffix_format(path) or SourceFormat.TXT,
        FindingCode.STATE_DAMAGED,
        "raingan doctor wrote the tables again, and the run state had lost this file's rows: "
        "run `raingan ingest` with the same inputs to read it again",
        earlier=tuple(state.damage(sha256 or str(path))),
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


def print_doctor(console: Console, report: DoctorReport) -> None:
    """The command's report: what was found, what was done, and what is still wrong (then raises
    :class:`~pipeline.errors.OutputDamaged`)."""
    found = report.found
    for t in found.tables:
        said = f"ok, {t.rows} rows" if t.whole else "NOT WHOLE"
        console.print(f"  {t.name:<28} {said}", markup=False)
    state = found.state
    recorded = "no inputs recorded" if state.inputs is None else f"{state.inputs} inputs recorded"
    console.print(f"  {'run state':<28} {state.problem or 'ok, ' + recorded}", markup=False)
    if found.lost:
        console.print(
            f"  {'':<28} the stored rows of {len(found.lost)} inputs are lost or damaged "
            f"(first: {found.lost[0]}); an ingest reads them again",
            markup=False,
        )
    problems = found.problems()
    if not problems:
        console.print(f"{report.out_dir} is whole.", markup=False)
        return
    console.print("found:", markup=False)
    for line in problems:
        console.print(f"  - {line}", markup=False)
    if report.done:
        console.print("repaired:", markup=False)
        for line in report.done:
            console.print(f"  - {line}", markup=False)
    if report.whole:
        console.print(f"{report.out_dir} is whole now.", markup=False)
        return
    raise OutputDamaged(
        f"{report.out_dir} is not whole: " + "; ".join(report.final.problems() or _lost_line(report)),
        _hint(report),
    )


def _lost_line(report: DoctorReport) -> list[str]:
    return [f"{report.lost_in_rebuild} documents were written as failed rows: their stored rows are lost"]


def _hint(report: DoctorReport) -> str:
    final, out = report.final, report.out_dir
    if not report.repair:
        return f"run `raingan doctor --out {out}` to repair it"
    if final.outside:
        return (
            "a table link leads outside the folder: remove it if that is not these tables "
            f"(`rm {out / final.outside[0].name}`), then run `raingan doctor --out {out}` again"
        )
    if final.state.problem is not None:
        return (
            f"move the run state ({out / STATE_DIR / 'state.sqlite'}) aside, then run `raingan ingest` with "
            "the same inputs: it reads every file again and writes the tables"
        )
    return "run `raingan ingest` with the same inputs: it writes the tables again, reading only what was lost"
