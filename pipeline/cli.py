"""The ``raingan`` command line. The only place where exceptions become exit codes (``raingan sql`` and
``raingan export`` are in :mod:`pipeline.cli_tables`, registered here).

Each command imports what it needs when it runs: ``raingan --help`` and ``raingan show`` of a text file
load neither the Parquet store nor the PDF and OCR libraries (tests/test_imports.py checks it).
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click
from rich.markup import escape

from pipeline.cli_common import LANG_OPTION, TABLES_OPTION, console, err
from pipeline.cli_tables import export, sql
from pipeline.defaults import DOC_MEMORY_MB, DOC_TIMEOUT_S, OCR_PAGE_TIMEOUT_S, PAGE_TIMEOUT_S, OcrMode
from pipeline.errors import ExitCode, MissingToolError, RunError, Stopped, stop_on_signals

#: tools.scan_page.Strength's values, written out so that the command line starts without loading
#: the scan generator's imaging libraries (a test checks they agree)
STRENGTHS = ("office", "clean")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="raingan")
def cli() -> None:
    """raingan: Thai government progress reports (BMA KPI and project reports) to Parquet tables."""


cli.add_command(sql)
cli.add_command(export)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the Parquet tables (created if missing; tables are replaced atomically).",
)
@click.option("--no-progress", is_flag=True, help="Do not draw the progress bar.")
@click.option(
    "--page-timeout",
    type=click.FloatRange(min=0),
    default=PAGE_TIMEOUT_S,
    show_default=True,
    help="Seconds a PDF page (or opening a PDF) may take before it is left empty with a finding; "
    "0 reads PDFs in this process, without a limit.",
)
@click.option(
    "--ocr-timeout",
    type=click.FloatRange(min=0),
    default=OCR_PAGE_TIMEOUT_S,
    show_default=True,
    help="Seconds the OCR engine may take on one page before the page is left empty with ocr_failed; "
    "0: no limit.",
)
@click.option(
    "--ocr",
    type=click.Choice([m.value for m in OcrMode]),
    default=OcrMode.AUTO.value,
    show_default=True,
    help="auto: OCR the PDF pages without a usable text layer (none, or one that reads worse than "
    "quality 0.80 even repaired); always: every PDF page; never: no OCR.",
)
@click.option(
    "--ocr-workers",
    type=click.IntRange(min=1),
    default=None,
    help="tesseracts each worker runs at once  [default: the cores divided among the workers]",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes reading and parsing documents  [default: the number of cores]",
)
@click.option(
    "--scheduler",
    metavar="local|tcp://HOST:PORT",
    default=None,
    help="Run the documents on a Dask cluster: 'local' starts one on this machine; an address joins a "
    "running scheduler (see README, Scale-out). Inputs must be at the same path on every worker.",
)
@click.option("--force", is_flag=True, help="Redo every document, even those an earlier run has done.")
@click.option(
    "--no-audit",
    is_flag=True,
    help="Do not run the audit (raingan audit) after the tables are written.",
)
@click.option(
    "--doc-timeout",
    type=click.FloatRange(min=0),
    default=DOC_TIMEOUT_S,
    show_default=True,
    help="Seconds one document may take (reading, OCR, parsing) before it fails with doc_timeout; "
    "0: no limit.",
)
@click.option(
    "--doc-memory",
    type=click.IntRange(min=0),
    default=DOC_MEMORY_MB,
    show_default=True,
    help="MB a worker may hold while on one document before it fails with doc_memory; 0: no limit.",
)
@click.option(
    "--max-file-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=64.0,
    show_default=True,
    help="Files larger than this are not read: they get a documents row with too_large.",
)
@click.option(
    "--strict/--no-strict",
    default=None,
    help="Stop the run (exit 1, with the traceback) when reading or parsing a document stops on a bug, "
    "instead of failing that document with extract_error or parse_error.  [default: off, unless the "
    "environment sets RAINGAN_STRICT=1]",
)
@LANG_OPTION
def ingest(
    inputs: tuple[Path, ...],
    out_dir: Path,
    no_progress: bool,
    page_timeout: float,
    ocr_timeout: float,
    ocr: str,
    ocr_workers: int | None,
    workers: int | None,
    scheduler: str | None,
    force: bool,
    no_audit: bool,
    doc_timeout: float,
    doc_memory: int,
    max_file_mb: float,
    strict: bool | None,
    lang: str | None,
) -> None:
    """Read report files (.txt, .html/.htm, .pdf, .docx, .xlsx; folders recursively) into DIR/*.parquet.

    Documents are worked on in parallel (one worker process per core, or a Dask cluster). PDF pages are
    read from their text layer; scanned pages (and text layers too damaged to repair) are OCR'd with
    tesseract, cached in DIR/cache/ocr by page image. The run state in DIR/.raingan remembers every
    document by content hash: a second run over the same files does nothing, a changed file is redone,
    a new parser version re-parses from the stored page text; --force redoes all. Tables (see
    docs/DATA.md) are folders of Parquet files by fiscal year, replaced atomically; each run's log is
    DIR/logs/<run>.jsonl. Every input file gets a documents row, also when it cannot be read. Then the
    audit runs (see raingan audit) unless --no-audit. Exits 0 when the run completed, even if some
    documents failed; non-zero only for run-level problems (no input, unwritable output, another raingan
    working on DIR, unknown OCR engine, unreachable cluster) and, with --strict, for a document whose
    reading or parsing stopped on a bug. One raingan at a time works on DIR: a second one exits at once
    with code 6, naming the first. Ctrl-C, SIGTERM and SIGHUP stop the run cleanly (exit 130, 143, 129);
    the output folder is never read as input.
    """
    from pipeline.run import forkserver

    # a new output folder: every input is work, so the workers' fork server loads the parsing code
    # while this command loads its own
    with forkserver.early(out_dir if scheduler is None else None):
        from pipeline.config import Config, strict_by_default
        from pipeline.use.ingest import ingest_command

        config = Config(
            out_dir=out_dir,
            show_progress=not no_progress and sys.stdout.isatty(),
            page_timeout_s=page_timeout or None,
            ocr_page_timeout_s=ocr_timeout or None,
            ocr=OcrMode(ocr),
            ocr_workers=ocr_workers,
            workers=workers,
            scheduler=scheduler,
            force=force,
            doc_timeout_s=doc_timeout or None,
            doc_memory_mb=doc_memory or None,
            max_file_bytes=int(max_file_mb * 2**20),
            strict=strict_by_default() if strict is None else strict,
        )
        ingest_command(inputs, config, audit=not no_audit, console=console, err=err, lang=lang)


@cli.command()
@TABLES_OPTION
@click.option("--no-html", is_flag=True, help="Do not write DIR/audit.html.")
@click.option("--force", is_flag=True, help="Audit again even if these tables were audited already.")
@LANG_OPTION
def audit(out_dir: Path, no_html: bool, force: bool, lang: str | None) -> None:
    """Check the tables of DIR for consistency within reports, between quarters and across years.

    Writes the audit's findings into DIR/findings.parquet (stage = audit, beside the ingest's),
    DIR/kpi_history.parquet (each KPI or project lined up across fiscal years) and DIR/audit.html (a
    report to read in a browser; no network needed). docs/AUDIT.md explains every check. ingest runs
    the audit itself unless --no-audit; tables already audited by the same code are not audited again.
    Exits with code 6 while another raingan works on DIR.
    """
    from pipeline.use.ingest import audit_command

    audit_command(out_dir, html=not no_html, force=force, console=console, err=err, lang=lang)


@cli.command()
@TABLES_OPTION
@click.option("--check", "check_only", is_flag=True, help="Only check and report; change nothing.")
def doctor(out_dir: Path, check_only: bool) -> None:
    """Check the output folder DIR and repair it from its stored work, without the input files.

    Checks each table (its link, its list of files, every file read to the end), one documents row per
    input, the run state, and what stopped runs left. Repairs by writing the tables again from the run
    state's stored rows (then auditing again, if they were audited) and removing leftovers. Exits 0 when
    DIR is whole (as found, or repaired); 7 when it is not, with what to do; 6 while another raingan
    works on DIR. docs/RELIABILITY.md says what is promised.
    """
    from pipeline.run.doctor import doctor as run_doctor
    from pipeline.run.doctor import print_doctor

    report = run_doctor(out_dir, repair=not check_only)
    if report.lock_notice:
        err.print(f"notice: {report.lock_notice}", soft_wrap=True, markup=False)
    print_doctor(console, report)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the record as one JSON object, for scripts.")
def show(file: Path, as_json: bool) -> None:
    """Print one document's record: fields, entries, metrics, the findings of reading and parsing and
    those of the audit's checks of one document, each value with the text it was read from."""
    from pipeline.config import Config
    from pipeline.use.show import show_document

    show_document(file, Config(), console, as_json=as_json)


@cli.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the PDFs and corpus.json (created if missing).",
)
def corpus(src: Path, out_dir: Path) -> None:
    """Render the text reports in SRC (.txt, .html) to text-layer PDFs in a Thai font, for tests.

    One PDF per readable report, one PDF line per source line; corpus.json names each PDF's source and
    its sha256, so the PDF's records can be checked against the text version's. Needs Debian's
    fonts-thai-tlwg (Laksaman).
    """
    _need_tools()
    from tools.corpus import FONT_ADVICE, FontMissing, generate  # loaded when used: fpdf is slow to import

    try:
        entries = generate(src, out_dir)
    except FontMissing as exc:
        raise MissingToolError(str(exc), FONT_ADVICE) from exc
    console.print(
        f"{len(entries)} PDFs written to {out_dir} (manifest: {out_dir / 'corpus.json'})", markup=False
    )


@cli.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the scanned PDFs and scans.json (created if missing).",
)
@click.option(
    "--strength",
    type=click.Choice(STRENGTHS),
    default=STRENGTHS[0],
    show_default=True,
    help="office: tilt, blur, grey paper, uneven light, dust, noise, JPEG 60; clean: JPEG 75 only.",
)
@click.option("--only", multiple=True, metavar="NAME", help="Scan only these reports (file names or stems).")
def scans(src: Path, out_dir: Path, strength: str, only: tuple[str, ...]) -> None:
    """Draw the text reports in SRC as scanned, image-only PDFs whose text is known, for OCR tests.

    Thai is drawn correctly shaped at 300 dpi in the corpus's layout, then damaged like an office
    scanner from a seed taken from the file name (the same bytes on every run), one grey JPEG per A4
    page; scans.json names each PDF's source, its sha256 and the damage. Needs Debian's
    fonts-thai-tlwg and libfribidi0.
    """
    _need_tools()
    from tools.corpus import FONT_ADVICE, FontMissing
    from tools.scan_page import SHAPING_ADVICE, ShapingMissing, Strength
    from tools.scans import MANIFEST, UnknownSource
    from tools.scans import generate as generate_scans

    try:
        made = generate_scans(src, out_dir, strength=Strength(strength), only=only)
    except FontMissing as exc:
        raise MissingToolError(str(exc), FONT_ADVICE) from exc
    except ShapingMissing as exc:
        raise MissingToolError(str(exc), SHAPING_ADVICE) from exc
    except UnknownSource as exc:
        raise click.UsageError(str(exc.args[0])) from exc
    manifest = out_dir / MANIFEST
    console.print(
        f"{len(made)} scanned PDFs ({strength}) written to {out_dir} (manifest: {manifest})", markup=False
    )


#: how to install what ``raingan corpus`` and ``raingan scans`` need
TOOLS_ADVICE = (
    "install the project's tools extra: `pip install -e '.[tools]'` in the project (`make` does it)"
)


def _need_tools() -> None:
    """The test-material generators (tools/) need the ``tools`` extra: say how to install it."""
    try:
        import fpdf  # noqa: F401
    except ImportError as exc:
        message = "the test-material generators need fpdf2; it is not installed"
        raise MissingToolError(message, TOOLS_ADVICE) from exc


def main() -> None:
    """Entry point: run the CLI, turning run-level errors into exit codes and plain messages."""
    stop_on_signals()
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort as exc:
        cause = exc.__cause__ or exc.__context__
        signum = cause.signum if isinstance(cause, Stopped) else int(signal.SIGINT)
        err.print(
            f"stopped by {signal.Signals(signum).name}: the documents finished so far are kept; "
            "run the same command again to go on from there",
            markup=False,
        )
        sys.exit(128 + signum)
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitCode.USAGE)
    except RunError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}\n[bold]what to do:[/bold] {escape(exc.hint)}")
        sys.exit(exc.exit_code)
    sys.exit(ExitCode.OK)


if __name__ == "__main__":
    main()
