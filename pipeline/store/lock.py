"""One run at a time per output folder: the lock ``OUT/.raingan/lock``.

Two runs writing one output folder destroy each other's work: each publish deletes the run folders no
table links to, the other run's half-written datasets among them, and each run prunes the stored work
the other is still using. So every command that writes OUT (``raingan ingest``, with the audit after
it, and ``raingan audit``) holds this lock for its whole run; a second one is refused at once with
:class:`~pipeline.errors.OutputInUseError` (exit code 6), whose message names the holder.

How: ``fcntl.flock`` (exclusive, non-blocking) on ``OUT/.raingan/lock``. The kernel releases the lock
when the process that took it ends, ``kill -9`` included, so a lock is never left behind. The file also
records the holder (pid, host, start time, command) for the refusal's message; it is emptied when the
lock is released, so a record found by the process that takes the lock was left by a holder that
ended without releasing it (killed): that is said as a notice, and the lock is taken over. The file is
never deleted (deleting a lock file lets a waiter lock an inode nobody else sees).

Within a process the lock is re-entrant for the thread that holds it: the command line holds it once
around the ingest and the audit after it (no gap in which another run could publish between the two),
and :func:`~pipeline.run.archive.ingest_archive` and :func:`~pipeline.audit.run.audit_output` take it
too, so that a notebook or a script calling them is covered the same way. Another thread of the same
process is refused like another process. A child forked from the holder does not hold the lock
(its copy of the file is closed): the lock ends with the process that took it.

On NFS, Linux implements ``flock`` with the server's byte-range locks (NFSv4, or v3 with lockd), so two
machines writing one shared --out exclude each other too.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shlex
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from pipeline.errors import OutputError, OutputInUseError
from pipeline.store.names import STATE_DIR

LOCK_FILE: Final = "lock"
#: a refused run reads the holder's record again while it is empty or names a process that has ended:
#: the holder may be between taking the lock and writing its own record over a stale one
_READ_TRIES: Final = 10
_READ_PAUSE_S: Final = 0.02


@dataclass(frozen=True)
class Holder:
    """What the lock file records about the process that holds the lock."""

    pid: int
    host: str
    started: str  # local time with its offset, to the second
    command: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started}, `{self.command}`"

    def is_alive(self) -> bool | None:
        """Whether the process still runs; None when that cannot be known (it ran on another host)."""
        if self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # it exists, under another user
            return True
        return True


@dataclass(frozen=True)
class Lease:
    """The lock as a caller of :func:`hold_output` has it."""

    path: Path  # the lock file
    holder: Holder  # this process, as recorded
    taken_over: Holder | None  # the stale record this process replaced (None: the lock was clean)
    nested: bool  # True: this thread held the lock already (an outer caller reports the takeover)

    @property
    def notice(self) -> str | None:
        """What to tell the user about a lock taken over, once: only the outermost lease says it."""
        old = self.taken_over
        if old is None or self.nested:
            return None
        where = "" if old.host == self.holder.host else f" on {old.host}"
        alive = old.is_alive()
        state = "is no longer running" if alive is False else "no longer holds it"
        return f"taken over the lock of pid {old.pid}{where} ({old.command}), which {state}"


@dataclass
class _Held:
    fd: int
    lease: Lease
    thread: int
    pid: int  # the process that took the lock (a forked child leaving the block releases nothing)
    depth: int = 1


_registry_lock = threading.Lock()
_held: dict[str, _Held] = {}  # by the lock file's resolved path


def lock_path(out_dir: Path) -> Path:
    return out_dir / STATE_DIR / LOCK_FILE


def this_command() -> str:
    """This process's command line, as a person would recognise it (``raingan ingest …``)."""
    argv = list(sys.orig_argv)
    if Path(sys.argv[0]).name == "raingan" or argv[1:3] == ["-m", "pipeline.cli"]:
        return shlex.join(["raingan", *sys.argv[1:]])
    return shlex.join([Path(argv[0]).name, *argv[1:]])


@contextlib.contextmanager
def hold_output(out_dir: Path) -> Iterator[Lease]:
    """Hold the lock of ``out_dir`` for the block (see the module's notes); raises
    :class:`~pipeline.errors.OutputInUseError` when another process or thread holds it, and
    :class:`~pipeline.errors.OutputError` when the lock file cannot be made or locked."""
    path = lock_path(out_dir)
    key = _key(path)
    with _registry_lock:
        held = _held.get(key)
        if held is not None:
            if held.thread != threading.get_ident():
                raise _in_use(out_dir, held.lease.holder, "another thread of this process")
            held.depth += 1
            lease = Lease(held.lease.path, held.lease.holder, held.lease.taken_over, nested=True)
        else:
            held = _acquire(out_dir, path)
            _held[key] = held
            lease = held.lease
    try:
        yield lease
    finally:
        if held.pid == os.getpid():
            with _registry_lock:
                held.depth -= 1
                if held.depth == 0:
                    _held.pop(key, None)
                    _release(held.fd)


def require_held(out_dir: Path, what: str) -> None:
    """Raise ``RuntimeError`` (a bug) unless this thread holds the lock of ``out_dir``: publishing
    deletes the datasets no table links to, which is safe only when no other run is writing some."""
    with _registry_lock:
        held = _held.get(_key(lock_path(out_dir)))
    if held is None or held.thread != threading.get_ident():
        raise RuntimeError(f"{what} {out_dir} without holding its lock (pipeline.store.lock.hold_output)")


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _acquire(out_dir: Path, path: Path) -> _Held:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: the lock file is ours, never a link to somewhere else that would be truncated
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise OutputError(
            f"cannot create the lock file {path}: {exc.strerror or exc}",
            "choose another --out folder, or fix its permissions",
        ) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # held by another process
        try:
            refused = _refusal(out_dir, fd)
        finally:
            os.close(fd)
        raise refused from None
    except OSError as exc:
        os.close(fd)
        raise OutputError(
            f"cannot lock {path}: {exc.strerror or exc}",
            "put --out on a filesystem that supports locks (a local disk; NFS with locking enabled)",
        ) from exc
    me = Holder(
        os.getpid(),
        socket.gethostname(),
        datetime.now().astimezone().isoformat(sep=" ", timespec="seconds"),
        this_command(),
    )
    try:
        stale = _read(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(asdict(me), ensure_ascii=False) + "\n").encode(), 0)
    except OSError as exc:
        _release(fd)
        raise OutputError(
            f"cannot write the lock file {path}: {exc.strerror or exc}",
            "check free disk space and permissions of the --out folder",
        ) from exc
    return _Held(fd, Lease(path, me, stale, nested=False), threading.get_ident(), me.pid)


def _release(fd: int) -> None:
    """Empty the record (a clean release leaves nothing to take over), then unlock and close."""
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def _read(fd: int) -> Holder | None:
    """The record in the lock file; None when it is empty or not one of ours."""
    try:
        data = json.loads(os.pread(fd, 65536, 0).decode("utf-8"))
        return Holder(int(data["pid"]), str(data["host"]), str(data["started"]), str(data["command"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _refusal(out_dir: Path, fd: int) -> OutputInUseError:
    """The error for a lock another process holds, naming it from its record."""
    holder = _read(fd)
    for _ in range(_READ_TRIES):
        if holder is not None and holder.is_alive() is not False:
            break
        time.sleep(_READ_PAUSE_S)
        holder = _read(fd)
    if holder is not None and holder.is_alive() is False:
        return OutputInUseError(
            f"another process holds the lock of {out_dir}; its record names pid {holder.pid} "
            f"(`{holder.command}`), which is no longer running, so a process it started may hold it",
            f"find the process that has {lock_path(out_dir)} open (`fuser -v {lock_path(out_dir)}`), "
            "let it finish or stop it, then run again",
        )
    return _in_use(out_dir, holder, None)


def _in_use(out_dir: Path, holder: Holder | None, who: str | None) -> OutputInUseError:
    if holder is None:
        return OutputInUseError(
            f"another raingan is working on {out_dir} (its lock file {lock_path(out_dir)} does not say "
            "which yet)",
            "wait for it to finish, then run again; one raingan at a time writes an output folder",
        )
    what = f"{who} ({holder.describe()})" if who else f"another raingan ({holder.describe()})"
    return OutputInUseError(
        f"{what} is working on {out_dir}",
        f"wait for it to finish, then run again, or check that process (`ps -fp {holder.pid}` on "
        f"{holder.host}); one raingan at a time writes an output folder",
    )


def _forget_in_child() -> None:
    """A forked child does not hold its parent's locks: close its copies (closing a copy does not
    unlock: the parent's descriptor keeps the lock) and start with an empty registry."""
    global _registry_lock
    _registry_lock = threading.Lock()
    for held in _held.values():
        with contextlib.suppress(OSError):
            os.close(held.fd)
    _held.clear()


os.register_at_fork(after_in_child=_forget_in_child)
