"""What a file's first bytes say about the package it may be: a Word or Excel file (a ZIP of XML
parts), another ZIP, or an OLE container (an encrypted Office file, a legacy ``.doc`` or ``.xls``).

The file's identity (:mod:`pipeline.read.identity`) asks this of every input as it hashes it, before
any reader is chosen, so it is kept apart from the readers (:mod:`pipeline.read.office`) and loads
Python's ZIP reader only for a ZIP: a run that finds every file unchanged imports neither.
"""

from __future__ import annotations

from typing import IO, Final, Literal

ZIP_SIGNATURE: Final = b"PK\x03\x04"
OLE_SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OfficeKind = Literal["docx", "xlsx"]
#: what a package holds, by its content: a Word or Excel package, another ZIP, an OLE container
Package = Literal["docx", "xlsx", "zip", "ole"]
#: the part that makes a ZIP a Word document, an Excel workbook
MAIN_PART: Final[dict[OfficeKind, str]] = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def package_of(head: bytes, data: IO[bytes] | None = None) -> Package | None:
    """What an Office-like file holds, from its first bytes and (for a ZIP) its list of parts; None when
    it is neither a ZIP nor an OLE container."""
    if head.startswith(OLE_SIGNATURE):
        return "ole"
    if not head.startswith(ZIP_SIGNATURE):
        return None
    if data is None:
        return "zip"
    import zipfile

    try:
        with zipfile.ZipFile(data) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"
    for kind, part in MAIN_PART.items():
        if part in names:
            return kind
    return "zip"
