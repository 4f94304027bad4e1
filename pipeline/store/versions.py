"""What a stored result depends on: the code that made it and the settings it was made with.

An incremental run reuses a document's stored work only when these keys match (:mod:`pipeline.store.state`):

- the **extract key**: the reading code (text decoding, PDF text layers, rendering and OCR) and the
  settings that change what is read (OCR mode and threshold, engine, resolution, page time limit,
  size limit). A change re-reads the file (and re-OCRs pages not in the OCR cache).
- the **parse key**: the parsing code (``parsers``, ``schemas`` and ``wordlists``, Thai tables and
  dictionaries included) and the settings of parsing. A change re-parses from the stored page text:
  nothing is read or OCR'd again.

The code is identified by a hash of its source files, not by a version number someone must remember
to raise: any edit to a parser re-parses, an edit to the command line does not. The libraries whose
data or behaviour the code leans on are in the keys by their installed versions: PyThaiNLP's word lists
are the dictionaries' words (both keys), pypdfium2 reads the text layers (the extract key), ``regex``
runs every pattern (the parse key). Upgrading one redoes what it may change.
"""

from __future__ import annotations

import ast
import hashlib
import sys
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from pipeline.config import Config

#: the folders whose code decides what is read from a file: the readers, OCR, and the parsers' text
#: plumbing, repair chain and page preparation (a page's layer check decides whether its text layer is
#: used at all, its repaired quality whether it is OCR'd; a header page merges layer and OCR), and the
#: dictionaries the repairs and the quality score look words up in. Whole folders: a module added to one
#: is covered without a list to keep. The forms' labels reach the page preparation too (the lines never
#: joined onto), but a change there only re-parses.
READING_FOLDERS: Final = (
    "pipeline/read",
    "pipeline/ocr",
    "parsers/text",
    "parsers/repair",
    "parsers/document",
    "wordlists",
)


def _package_dir(name: str) -> Path:
    """The folder of the package ``name``, found without running it (``wordlists`` loads its tries)."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"the package {name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


#: the folder that holds the packages (the repository, or site-packages when installed)
ROOT: Final = _package_dir("schemas").parent


def _digest(files: list[Path]) -> str:
    """The files' contents and their places (a module moved to another folder changes the hash)."""
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.relative_to(ROOT).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


#: the libraries in each key, by their installed version (see the module's notes)
READING_LIBRARIES: Final = ("pypdfium2", "pythainlp")
PARSING_LIBRARIES: Final = ("pythainlp", "regex")


def libraries(names: tuple[str, ...]) -> str:
    """``name=version`` of each library as installed (``?`` for one that is not)."""
    return ",".join(f"{name}={installed_version(name) or '?'}" for name in names)


def installed_version(name: str) -> str | None:
    """The installed version of the distribution ``name`` (whose top-level package has the same name),
    as :func:`importlib.metadata.version` gives it; None when it is not installed.

    Read from the name of its ``<name>-<version>.dist-info`` folder beside the package, without
    importing it: 0.5 ms, where importlib.metadata took 24 ms (its import, then a search of every
    folder of the path), a sixth of an ingest with nothing to do. Anything else (no such folder, or
    two of them) is asked of importlib.metadata.
    """
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        return None
    origin = Path(spec.origin)
    site = origin.parent.parent if origin.name == "__init__.py" else origin.parent
    found = list(site.glob(f"{name}-*.dist-info"))
    if len(found) == 1:
        return found[0].name[len(name) + 1 : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


@cache
def parse_code() -> str:
    """Hash of the parsing code: every module of ``parsers``, ``schemas`` and ``wordlists``, and the
    versions of :data:`PARSING_LIBRARIES`."""
    files = [p for pkg in ("parsers", "schemas", "wordlists") for p in _package_dir(pkg).rglob("*.py")]
    return f"{parser_version()}+{_digest(files)}+{libraries(PARSING_LIBRARIES)}"


def parser_version() -> str:
    """:data:`parsers.rows.PARSER_VERSION`, read from the module's source: importing it would load the
    records and pydantic, which a run with nothing to do has no use for (a test checks they agree)."""
    path = _package_dir("parsers") / "rows.py"
    for node in ast.parse(path.read_bytes(), str(path)).body:
        if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["PARSER_VERSION"]:
            return str(ast.literal_eval(node.value))
    raise LookupError(f"no PARSER_VERSION = '...' in {path}")


@cache
def reading_code() -> str:
    """Hash of the reading code: every module under :data:`READING_FOLDERS`, and the versions of
    :data:`READING_LIBRARIES`."""
    code = _digest([p for folder in READING_FOLDERS for p in (ROOT / folder).rglob("*.py")])
    return f"{code}+{libraries(READING_LIBRARIES)}"


def extract_key(config: Config) -> str:
    """The key of a stored extract: reading code and the settings that change what is read."""
    settings = (
        config.ocr.value,
        config.ocr_below,
        config.ocr_engine,
        config.ocr_dpi,
        config.page_timeout_s,
        config.ocr_page_timeout_s,
        config.max_file_bytes,
    )
    return hashlib.sha256(f"{reading_code()}|{settings}".encode()).hexdigest()[:24]


def parse_key(config: Config) -> str:
    """The key of a stored result: parsing code, the extract it was parsed from, the parse settings."""
    settings = (config.low_confidence_below,)
    return hashlib.sha256(f"{parse_code()}|{extract_key(config)}|{settings}".encode()).hexdigest()[:24]


#: the files of the stored classes' code that neither key covers (beside :data:`ROOT`): the result, and
#: the codec that walks the classes
LAYOUT_FILES: Final = ("pipeline/result.py", "pipeline/store/codec.py")


@cache
def layout_code() -> str:
    """Hash of what decides the run state's formats (:func:`pipeline.store.codec.formats`): the code of
    the stored classes (the reading and parsing code, :data:`LAYOUT_FILES`), the codec, and the Python
    and pydantic that walk them. The run state keeps the formats under it, so that a run that decodes
    nothing knows them without loading the classes (:meth:`pipeline.store.state.RunState.formats`)."""
    pydantic = _package_dir("pydantic") / "version.py"
    files = [ROOT / name for name in LAYOUT_FILES]
    h = hashlib.sha256(f"{parse_code()}|{reading_code()}|{_digest(files)}|{sys.version}|".encode())
    h.update(pydantic.read_bytes())
    return h.hexdigest()[:16]


@cache
def audit_code() -> str:
    """Hash of the audit's code (``pipeline/audit``) and of the parsing code (the tables' meaning)."""
    return _digest([*(ROOT / "pipeline" / "audit").glob("*.py")]) + "+" + parse_code()
