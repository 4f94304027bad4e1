"""The project's own sample archive (data/raw) against its hand-written expected records (tests/expected)."""

from __future__ import annotations

from pathlib import Path

import pytest
from goldcheck import REPO, differences, load

from parsers.assemble import parse_document
from pipeline.config import Config
from pipeline.read.sources import SourceFile, read_source
from pipeline.read.xlsx import read_xlsx
from pipeline.run.worker import ingest_file

RAW = REPO / "data" / "raw"
EXPECTED = sorted((REPO / "tests" / "expected").glob("*.json"))


#: the suffixes of the samples, by preference when a report has several renditions (a Word document's
#: records are those of its text export: tests/test_office.py)
SUFFIXES = (".txt", ".html", ".htm", ".xlsx")


def source_of(expected: Path) -> Path:
    found = [p for p in RAW.iterdir() if p.stem == expected.stem and p.suffix in SUFFIXES]
    return min(found, key=lambda p: SUFFIXES.index(p.suffix))


def read(path: Path) -> SourceFile:
    if path.suffix == ".xlsx":
        return read_xlsx(path, Config().max_file_bytes)
    return read_source(path)


def test_every_sample_report_has_expected_records() -> None:
    reports = {p.stem for p in RAW.iterdir() if p.suffix in {*SUFFIXES, ".docx"} and p.stat().st_size > 0}
    reports -= {"corrupt_binary_junk"}
    assert reports == {p.stem for p in EXPECTED}


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_sample_matches_expected(expected: Path) -> None:
    source = read(source_of(expected))
    assert not source.failed
    parsed = parse_document(source.doc_id, source.pages)
    assert differences(parsed, load(expected)) == []


def test_ingest_records_encoding_of_cp874_report() -> None:
    result = ingest_file(next(RAW.glob("*cp874*.txt")), Config())
    assert result.document.encoding in {"cp874", "tis-620"}
    assert result.document.form.value == "kpi_report"
    assert result.document.status.value == "ok"
