"""PDF text layers read in a child process, with a time limit per page.

PDFium runs in C: a pathological page (millions of drawing operations, a content stream that sends it
round in circles) cannot be interrupted from Python, and a crash in it would take the whole run down.
So the text is read by a long-lived child process, started once per run. In the child, a watchdog
thread times every page (PDFium releases the GIL, so the thread runs while a page is being read); when a
page is late, the watchdog sends what was read so far and ends the child. The parent then records the
page as empty with a ``pdf_page_timeout`` finding, starts a new child and reads on from the next page.
Opening a file has the same limit (``pdf_open_timeout``). A child that dies without a word (a crash in
the PDF library) fails only its document (``pdf_worker_crash``).

One message per document each way keeps the cost low: measured with bench/bench_pdf.py, a message per
page halved the throughput of PDF ingestion. For the same reason a page's line boxes travel as plain
tuples: pickling and unpickling 28 :class:`~parsers.text.linebox.LineBox` objects (a page of a district
budget) took 0.22 ms, as tuples 0.06 ms with the boxes made again on arrival.

The child talks over a socket pair. Where the parent runs no other thread (a worker of the process
pool, forked from the fork server with PDFium and this module loaded), the child is a fork of it: it
starts in ~2 ms instead of the ~0.1 s of CPU a fresh interpreter takes (two of them at the start of
every run, on the cores the first documents wait for). A forked child keeps no other file of its
parent's open (it would keep the pool's pipe of a dead worker open), and its inherited objects are
never collected (their files are closed under them). Where the parent holds threads (a Dask
worker; a serial run beside a progress bar), a fork could inherit a lock held by one of them: the
child is then a fresh interpreter (``python -m pipeline.read.pdf_child FD LIMIT``), which unlike
multiprocessing's ``spawn`` does not re-import the caller's main module.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Final

from parsers.text.layercheck import LayerVerdict
from parsers.text.linebox import LineBox
from pipeline.read.identity import sha256_file, unreadable_id
from pipeline.read.pdf_source import Opened, finish
from pipeline.read.problems import ReadProblem
from pipeline.read.sources import SourceFile
from schemas.codes import FindingCode
from schemas.enums import Severity, SourceFormat

#: seconds the child process may take to start (interpreter and pypdfium2): about 0.3 s
STARTUP_TIMEOUT_S: Final = 120.0
OPENING: Final = -1  # the "page" the watchdog reports when opening the file was late

#: a page as sent by the child: its text, its line boxes (each box's fields as a plain tuple), the
#: verdict of its layer's check, whether it draws nothing but its text (a page without text), and its
#: rules (already flat floats: :func:`pipeline.read.pdf_rules.read_rules`)
_WireBox = tuple[int, int, float, float, float, float, tuple[float, ...]]
_WirePage = tuple[str, tuple[_WireBox, ...], LayerVerdict | None, bool, tuple[float, ...]]
UNREAD_WIRE: Final[_WirePage] = ("", (), None, False, ())
#: what was read of a file so far: how it opened, its pages, its problems
_Partial = tuple[Opened | None, list[_WirePage], list[ReadProblem]]


class _Watchdog(threading.Thread):
    """Ends the child when the armed step outlives its deadline, after telling the parent.

    It polls (every quarter of the limit, at most every 50 ms) instead of being woken at each page:
    arming is one attribute write, so a page costs the reader nothing, while a notification per page
    made the child's reading several times slower (GIL hand-offs between the two threads).
    """

    def __init__(self, conn: Connection, limit: float) -> None:
        super().__init__(daemon=True)
        self.conn, self.limit = conn, limit
        self.period = min(0.05, limit / 4)
        # (step, deadline, what was read so far) or None; replaced whole, so it is read consistently
        self.armed: tuple[int, float, _Partial] | None = None

    def arm(self, step: int, partial: _Partial) -> None:
        self.armed = (step, time.monotonic() + self.limit, partial)

    def disarm(self) -> None:
        self.armed = None

    def run(self) -> None:  # pragma: no cover - runs in the child process
        while True:
            time.sleep(self.period)
            armed = self.armed
            if armed is None or time.monotonic() < armed[1]:
                continue
            step, _, (info, pages, problems) = armed
            self.conn.send(("late", step, info, list(pages), list(problems)))
            os._exit(3)


def _serve(conn: Connection, limit: float) -> None:  # pragma: no cover - runs in the child process
    """Child loop: for each ``(path, first_page)`` request, one reply with the file's pages."""
    from pipeline.read.pdf import open_pdf, read_page  # PDFium: only the child reads with it

    dog = _Watchdog(conn, limit)
    dog.start()
    conn.send(("ready",))
    while True:
        try:
            path_name, first = conn.recv()
        except EOFError:
            return
        path = Path(path_name)
        dog.arm(OPENING, (None, [], []))
        opened = open_pdf(path)
        dog.disarm()
        if isinstance(opened, SourceFile):
            conn.send(("failed", opened))
            continue
        doc, info = opened
        pages: list[_WirePage] = []
        problems: list[ReadProblem] = []
        try:
            for index in range(first, info.n_pages):
                dog.arm(index, (info, pages, problems))
                (text, boxes, verdict, only, rules), problem = read_page(doc, index)
                dog.disarm()
                pages.append((text, _wire(boxes), verdict, only, rules))
                if problem is not None:
                    problems.append(problem)
        finally:
            doc.close()
        conn.send(("done", info, pages, problems))


class PdfWorker:
    """Reads PDFs in a child process with a time limit per page: ``page_timeout`` seconds a page (or
    opening a file) may take (``Config.page_timeout_s``). Use as a context manager."""

    def __init__(self, page_timeout: float) -> None:
        self.page_timeout = page_timeout
        self._proc: subprocess.Popen[bytes] | _Forked | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the child: it ends when its pipe closes (it is killed if it does not within 2 s)."""
        self._forget()

    def _forget(self) -> None:
        """Close the pipe and reap the child (it ended itself, crashed, or is being stopped); requests
        sent to it are gone with it. The next request starts a new child."""
        if self._conn is not None:
            self._conn.close()
        if self._proc is not None:
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = self._conn = None

    def _connection(self) -> Connection:
        if self._conn is None:
            ours, theirs = socket.socketpair()
            with theirs:
                proc: subprocess.Popen[bytes] | _Forked
                if threading.active_count() == 1 and hasattr(os, "fork"):
                    proc = _Forked.serve(ours, theirs, self.page_timeout)
                else:
                    proc = subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "pipeline.read.pdf_child",
                            str(theirs.fileno()),
                            str(self.page_timeout),
                        ],
                        pass_fds=[theirs.fileno()],
                        stdin=subprocess.DEVNULL,
                    )
            self._proc, self._conn = proc, Connection(ours.detach())
            # starting an interpreter is not the file's fault: it has its own, generous limit
            if not self._conn.poll(STARTUP_TIMEOUT_S) or self._conn.recv() != ("ready",):
                self._forget()
                raise RuntimeError("the PDF reader process did not start")
        return self._conn

    def _ask(self, path: Path, first: int) -> tuple[object, ...] | None:
        """The child's reply to ``(path, first)``; None when it died without one."""
        try:
            self._connection().send((str(path), first))
            assert self._conn is not None
            reply: tuple[object, ...] = self._conn.recv()  # the child's watchdog guarantees an answer
        except (EOFError, OSError):
            self._forget()
            return None
        if reply[0] == "late":
            self._forget()  # the watchdog ended the child after sending this
        return reply

    def read(self, path: Path) -> SourceFile:
        """Like :func:`pipeline.read.pdf.read_pdf`, with the time limit; never raises for the file."""
        info: Opened | None = None
        pages: list[_WirePage] = []
        problems: list[ReadProblem] = []
        unread: set[int] = set()
        while True:
            reply = self._ask(path, len(pages))
            if reply is None:
                if info is None:
                    return self._failed(
                        path, FindingCode.PDF_WORKER_CRASH, "the PDF library crashed on this file"
                    )
                rest = range(len(pages), info.n_pages)
                unread.update(rest)
                problems.append(_crashed(rest))
                pages += [UNREAD_WIRE] * len(rest)
                return _finished(path, info, pages, problems, unread)
            kind = reply[0]
            if kind == "failed":
                failed = reply[1]
                assert isinstance(failed, SourceFile)
                return failed
            if kind == "late" and reply[1] == OPENING:
                if info is None:
                    return self._failed(
                        path,
                        FindingCode.PDF_OPEN_TIMEOUT,
                        f"opening the PDF took more than {self.page_timeout:g} s; check the file, or "
                        "raise the page time limit (page_timeout_s)",
                    )
                rest = range(len(pages), info.n_pages)  # it opened before: give up on the rest
                unread.update(rest)
                problems.append(_reopen_late(rest, self.page_timeout))
                pages += [UNREAD_WIRE] * len(rest)
                return _finished(path, info, pages, problems, unread)
            got, more_pages, more_problems = reply[-3:]
            assert (
                isinstance(got, Opened) and isinstance(more_pages, list) and isinstance(more_problems, list)
            )
            info = info or got
            pages += more_pages
            problems += more_problems
            if kind == "done":
                return _finished(path, info, pages, problems, unread)
            index = len(pages)  # the late page: the one after those read
            unread.add(index)
            pages.append(UNREAD_WIRE)
            problems.append(_late(index, self.page_timeout))
            if len(pages) == info.n_pages:
                return _finished(path, info, pages, problems, unread)

    def _failed(self, path: Path, code: FindingCode, message: str) -> SourceFile:
        try:
            doc_id = sha256_file(path)
        except OSError:
            doc_id = unreadable_id(path)
        problem = ReadProblem(code, Severity.ERROR, message)
        return SourceFile(path, doc_id, SourceFormat.PDF, None, (), (problem,))


class _Forked:
    """A child forked from this process, serving PDFs; waited for and killed like a ``Popen``."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    @classmethod
    def serve(cls, ours: socket.socket, theirs: socket.socket, limit: float) -> _Forked:
        """Fork a child that serves on ``theirs``; call with no other thread running."""
        pid = os.fork()
        if pid:
            return cls(pid)
        code = 0
        try:  # pragma: no cover - the child process
            gc.freeze()  # inherited objects are never collected: their files are closed under them
            keep = theirs.fileno()
            os.closerange(3, keep)
            os.closerange(keep + 1, _max_fd())
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends the child by closing the pipe
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            _serve(Connection(keep), limit)
        except BaseException:  # as a fresh interpreter would: the traceback, a failure's exit code
            code = 1
            traceback.print_exc()
        finally:
            os._exit(code)

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout or 0.0)
            time.sleep(0.005)
        return code

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (OSError, ValueError):
        return 4096


def _wire(boxes: tuple[LineBox, ...]) -> tuple[_WireBox, ...]:
    return tuple((b.start, b.end, b.left, b.right, b.top, b.bottom, b.gaps) for b in boxes)


def _finished(
    path: Path, info: Opened, pages: list[_WirePage], problems: list[ReadProblem], unread: set[int]
) -> SourceFile:
    """The :class:`SourceFile` of the pages the child sent, their line boxes made again."""
    read = [
        (text, tuple(LineBox(*box) for box in boxes), verdict, only, rules)
        for text, boxes, verdict, only, rules in pages
    ]
    return finish(path, info, read, problems, unread=unread)


def _late(index: int, limit: float) -> ReadProblem:
    return ReadProblem(
        FindingCode.PDF_PAGE_TIMEOUT,
        Severity.ERROR,
        f"page {index + 1}: reading its text took more than {limit:g} s; the page is left empty",
    )


def _crashed(pages: range) -> ReadProblem:
    return ReadProblem(
        FindingCode.PDF_WORKER_CRASH,
        Severity.ERROR,
        f"pages {pages.start + 1}–{pages.stop}: the PDF library crashed while reading them; left empty",
    )


def _reopen_late(pages: range, limit: float) -> ReadProblem:
    return ReadProblem(
        FindingCode.PDF_PAGE_TIMEOUT,
        Severity.ERROR,
        f"pages {pages.start + 1}–{pages.stop}: not read; after a late page, opening the file again took "
        f"more than {limit:g} s",
    )


if __name__ == "__main__":  # pragma: no cover - the child process
    _serve(Connection(int(sys.argv[1])), float(sys.argv[2]))
