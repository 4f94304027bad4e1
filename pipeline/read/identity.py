"""A file's identity, decided once per run: its content hash (the ``doc_id``) and the reader it goes to.

The archive run hashes each input (or takes the hash the run state remembers for an unchanged file)
and decides its format from the first KB of its bytes, then the name; both travel with the file's task
to the worker, whose readers use them instead of hashing and sniffing again.

The content decides before the name: the same bytes are read the same way whatever they are called
(a PDF saved as ``.txt`` is read as a PDF; a ``.pdf`` holding only text, as text). Web pages saved as
``.txt`` are recognised by the text reader, which needs the decoded text for that.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pipeline.read.package import Package, package_of
from schemas.enums import SourceFormat

#: the one table of file names raingan reads, and the format each promises
FORMAT_BY_SUFFIX: Final = {
    ".txt": SourceFormat.TXT,
    ".text": SourceFormat.TXT,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
    ".pdf": SourceFormat.PDF,
    ".docx": SourceFormat.DOCX,
    ".xlsx": SourceFormat.XLSX,
}
#: the suffixes of the text reader (text exports and saved web pages)
TEXT_SUFFIXES: Final = frozenset(
    s for s, f in FORMAT_BY_SUFFIX.items() if f in (SourceFormat.TXT, SourceFormat.HTML)
)
#: old-style Office documents: taken as inputs so that each gets its documents row, which says to save it
#: in the format raingan reads
LEGACY_OFFICE: Final = {".doc": SourceFormat.DOCX, ".xls": SourceFormat.XLSX}
#: where readers look for a PDF's signature
PDF_SIGNATURE: Final = b"%PDF-"
HEAD_BYTES: Final = 1024


@dataclass(frozen=True, slots=True)
class FileId:
    """What is known of a file before it is read."""

    sha256: str | None  # None: not a regular file, or it could not be read (its reader says why)
    fmt: SourceFormat  # the format the name promises (TXT for a name no reader knows)
    holds_pdf: bool  # a PDF signature in the first KB, whatever the name
    #: what the path is when it is not a regular file ("a named pipe (FIFO)", "a character device" …):
    #: such a path is never opened (a pipe would block, /dev/zero never ends)
    not_a_file: str | None = None
    #: a Word or Excel package by its content (a ZIP holding word/document.xml, xl/workbook.xml), another
    #: ZIP, or an OLE container (a legacy .doc/.xls, an encrypted Office file), whatever the name
    package: Package | None = None


def suffix_format(path: Path) -> SourceFormat | None:
    """The format a file name promises; None for a suffix no reader knows."""
    suffix = path.suffix.lower()
    return FORMAT_BY_SUFFIX.get(suffix) or LEGACY_OFFICE.get(suffix)


def holds_pdf(head: bytes) -> bool:
    """A PDF's signature in the first KB (where PDF readers look for it)."""
    return PDF_SIGNATURE in head[:HEAD_BYTES]


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes (its doc_id), read in blocks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


#: the kinds of paths that are not regular files, by the test of their mode
NOT_FILES: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def unreadable_id(path: Path) -> str:
    """The doc_id of a path whose bytes cannot be hashed: from its name, so distinct paths stay distinct."""
    return hashlib.sha256(b"unreadable:" + os.fsencode(path)).hexdigest()


def identify(path: Path, sha256: str | None = None) -> FileId:
    """Hash ``path`` (unless its ``sha256`` is known) and look at its first KB, in one pass over it.
    Never raises: what is not a regular file is never opened and says what it is; what cannot be
    opened gets no hash, and its reader reports why."""
    fmt = suffix_format(path) or SourceFormat.TXT
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            kind = next((what for test, what in NOT_FILES if test(mode)), "not a regular file")
            return FileId(None, fmt, False, kind)
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
            if sha256 is None:
                h = hashlib.sha256(head)
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
                sha256 = h.hexdigest()
            package = package_of(head, f)  # a ZIP's list of parts is at its end: read only for a ZIP
    except OSError:
        return FileId(sha256, fmt, False)  # its reader says why it cannot be read
    return FileId(sha256, fmt, holds_pdf(head), package=package)
