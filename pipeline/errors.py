"""Run-level errors: each carries an exit code and a message that says what to do.

Problems inside a document are never raised: they are findings. Only the CLI turns these
exceptions into exit codes (:func:`pipeline.cli.main`).
"""

from __future__ import annotations

import errno
import signal
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # the run completed (documents that failed are recorded, not fatal)
    UNEXPECTED = 1  # a bug: please report it with the traceback
    USAGE = 2  # bad command-line arguments
    NO_INPUT = 3  # no input file found
    OUTPUT_NOT_WRITABLE = 4  # the output folder cannot be created or written
    MISSING_TOOL = 5  # a system package the command needs is not installed
    OUT_IN_USE = 6  # another raingan is working on the output folder (pipeline.store.lock)
    DAMAGED = 7  # raingan doctor: the output folder is damaged, and it was not (or could not be) repaired


class RunError(Exception):
    """A problem that stops the whole run."""

    exit_code: ExitCode = ExitCode.UNEXPECTED

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class NoInputError(RunError):
    exit_code = ExitCode.NO_INPUT


class OutputError(RunError):
    exit_code = ExitCode.OUTPUT_NOT_WRITABLE


#: the first thing to do when a write into the output folder failed for want of space
FREE_SPACE = "free disk space and run the same command again"


def is_disk_full(exc: OSError) -> bool:
    """A write failed for want of space: on the disk, or in the user's quota."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def write_error(what: str, exc: OSError, kept: str) -> OutputError:
    """An ``OSError`` from writing the output folder as the run error that says what to do: ``what``
    could not be written, ``kept`` says what is as it was. A full disk asks for space; any other
    failure for a look at the folder."""
    if is_disk_full(exc):
        hint = f"{FREE_SPACE}: {kept}"
    else:
        hint = f"check the folder's free space and permissions, then run the same command again: {kept}"
    return OutputError(f"cannot write {what}: {exc.strerror or exc}", hint)


class OutsideOutputError(OutputError):
    """A path raingan was about to delete, or a table link it was about to read and replace, lies
    outside the output folder's own store (``OUT/.raingan/runs``): nothing there is raingan's to touch,
    so the run stops with it untouched."""


class OutputInUseError(RunError):
    """Another run holds the output folder's lock: two runs writing one folder destroy each other's
    tables, so the second stops before it writes anything (:mod:`pipeline.store.lock`)."""

    exit_code = ExitCode.OUT_IN_USE


class OutputDamaged(RunError):
    """``raingan doctor``: what it found wrong in the output folder is still wrong (``--check``, or it
    could not be repaired from the stored work); the message lists it, the hint says what to do."""

    exit_code = ExitCode.DAMAGED


class MissingToolError(RunError):
    exit_code = ExitCode.MISSING_TOOL


class ConfigError(RunError):
    """A setting the run cannot work with (an unknown OCR engine): found before any document is read."""

    exit_code = ExitCode.USAGE


class QueryRefused(RunError):
    """``raingan sql``: a query that is not one read of the tables (several statements, a write, a
    setting, an extension, a file outside the tables). A usage error, like a bad argument: nothing ran."""

    exit_code = ExitCode.USAGE


class DocumentCrash(RunError):
    """Strict mode (``Config.strict``, ``raingan ingest --strict``): a step stopped on a bug in one
    document, and the run stops with it instead of recording ``extract_error`` or ``parse_error``."""

    exit_code = ExitCode.UNEXPECTED

    def __init__(self, path: str, trace: str) -> None:
        super().__init__(
            f"strict mode: the work on {path} stopped on a bug\n{trace.rstrip()}",
            "report it with the file; without --strict the document fails with a finding and the run goes on",
        )
        self.path, self.trace = path, trace


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (systemd, a cluster scheduler, ``timeout``, a closed terminal), handled as Ctrl-C:
    the run stops its workers and their children and leaves through its clean-up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP stop this process the way Ctrl-C does (:class:`Stopped`)."""
    for handled in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(handled, _stop)
