"""The run's log, ``OUT/logs/<run id>.jsonl``: one JSON object a line, each on the disk as it comes.

A line that cannot be written (a full disk) stops the run with an
:class:`~pipeline.errors.OutputError` that says what to do, never an ``OSError``'s traceback: what the
run did so far is in the run state already, committed document by document, and the next run goes on
from there.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

from pipeline.errors import OutputError, write_error

LOGS: Final = "logs"
_KEPT: Final = "the documents done so far are kept"


class RunLog:
    """The log of one run, open for the ``with`` block."""

    def __init__(self, out_dir: Path, run_id: str) -> None:
        self.path = out_dir / LOGS / f"{run_id}.jsonl"
        self._file: IO[str] | None = None

    def __enter__(self) -> RunLog:
        with self._said():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("w", encoding="utf-8")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        file, self._file = self._file, None
        if file is None:
            return
        try:
            with self._said():
                file.close()  # closes the file even when writing its last bytes fails
        except OutputError:
            if kind is None:
                raise
            # the run is stopping already, on an error that says why (most likely the same full disk)

    def write(self, event: str, **fields: Any) -> None:
        """One record: the event, the time, the fields (anything JSON cannot hold, as text)."""
        record = {"event": event, "time": datetime.now(UTC).isoformat(timespec="milliseconds"), **fields}
        assert self._file is not None, "the log is written inside its with block"
        with self._said():
            self._file.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            self._file.flush()

    @contextlib.contextmanager
    def _said(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise write_error(f"the run's log {self.path}", exc, _KEPT) from exc
