"""The corpus generator: text-layer PDFs of the sample reports, whose truth is the source text.

Done-when of issue 3: the extracted page text equals the source (CER ≤ 0.1 % after whitespace
normalisation) and the records equal those of the same report read as text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from goldcheck import REPO, differences, load, text_samples
from pydantic import BaseModel

from parsers.assemble import ParsedDocument, parse_document
from pipeline.read.pdf import read_pdf
from pipeline.read.sources import read_source
from schemas.enums import TextSource
from tools.accuracy import error_rate
from tools.corpus import MANIFEST, CorpusEntry, generate, load_manifest

RAW = REPO / "data" / "raw"
COMMITTED = RAW / "pdf"
#: where a value was found, not what it is: a PDF paginates differently from its text export
PROVENANCE = {"doc_id", "page", "char_start", "char_end", "raw", "report_date_raw", "evidence", "count"}


cer_bound = error_rate


def test_cer_bound_counts_real_errors() -> None:
    assert cer_bound("ดำรงตำแหน่ง", "ดำ รง ตำแหน่ง") == 0
    assert cer_bound("ดำรงตำแหน่ง", "ดำารงตำาแหน่ง") == pytest.approx(2 / 11)
    assert cer_bound("ชื่อ", "ช่อื") > 0


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[CorpusEntry]]:
    out = tmp_path_factory.mktemp("corpus")
    return out, generate(RAW, out)


def _pairs(fresh: tuple[Path, list[CorpusEntry]]) -> list[tuple[CorpusEntry, Path]]:
    out, entries = fresh
    return [(e, out / e.pdf) for e in entries]


def test_every_readable_sample_is_rendered(fresh: tuple[Path, list[CorpusEntry]]) -> None:
    _, entries = fresh
    expected = set(text_samples())
    assert {Path(e.source).stem for e in entries} == expected
    assert all(e.font == "Laksaman.ttf" for e in entries)


def test_generation_is_deterministic(tmp_path: Path, fresh: tuple[Path, list[CorpusEntry]]) -> None:
    out, entries = fresh
    again = generate(RAW, tmp_path)
    assert again == entries
    for e in entries:
        assert (tmp_path / e.pdf).read_bytes() == (out / e.pdf).read_bytes()


def test_committed_sample_pdfs_are_current(fresh: tuple[Path, list[CorpusEntry]]) -> None:
    """data/raw/pdf is what `make corpus` writes today: same sources (by hash), same page text."""
    out, entries = fresh
    committed = load_manifest(COMMITTED / MANIFEST)
    assert committed == entries, "data/raw/pdf is stale: run `make corpus`"
    for e in committed:
        assert read_pdf(COMMITTED / e.pdf).pages == read_pdf(out / e.pdf).pages


def _source_and_pdf(entry: CorpusEntry, pdf: Path) -> tuple[ParsedDocument, ParsedDocument]:
    source = read_source(RAW / entry.source)
    assert source.doc_id == entry.source_sha256
    read = read_pdf(pdf)
    assert not read.failed and not read.problems
    return (
        parse_document(source.doc_id, source.pages),
        parse_document(read.doc_id, read.pages, TextSource.TEXT_LAYER),
    )


@pytest.mark.parametrize("name", text_samples())
def test_text_layer_is_the_source_text(name: str, fresh: tuple[Path, list[CorpusEntry]]) -> None:
    entry, pdf = next((e, p) for e, p in _pairs(fresh) if Path(e.source).stem == name)
    source = read_source(RAW / entry.source)
    read = read_pdf(pdf)
    assert len(read.pages) >= len(source.pages)
    assert cer_bound("\n".join(source.pages), "\n".join(read.pages)) <= 0.001
    text, layer = _source_and_pdf(entry, pdf)
    # no finding that the text version does not have (no repair fired), and it reads as clean Thai
    assert not [f for f in layer.findings if f.code not in {x.code for x in text.findings}]
    assert min(p.quality or 0 for p in layer.pages) >= 0.97


def _rows(records: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        assert isinstance(record, BaseModel)
        row = record.model_dump(exclude=PROVENANCE & set(type(record).model_fields))
        rows.append({k: " ".join(v.split()) if isinstance(v, str) else v for k, v in row.items()})
    return rows


def _repairs(parsed: ParsedDocument) -> Counter[str]:
    total: Counter[str] = Counter()
    for f in parsed.findings:
        if f.stage == "normalize":
            total[f.code] += f.count or 0
    return total


@pytest.mark.parametrize("name", text_samples())
def test_pdf_records_equal_text_records(name: str, fresh: tuple[Path, list[CorpusEntry]]) -> None:
    entry, pdf = next((e, p) for e, p in _pairs(fresh) if Path(e.source).stem == name)
    text, layer = _source_and_pdf(entry, pdf)
    assert layer.form == text.form
    assert layer.fields == text.fields
    for table in ("entries", "metrics", "dates", "field_values", "budget_items"):
        assert _rows(getattr(layer, table)) == _rows(getattr(text, table)), table
    # repairs are counted per page, and a PDF has more pages: compare the totals per repair
    assert _repairs(layer) == _repairs(text)
    others = [f for f in layer.findings if f.stage != "normalize"]
    assert _rows(others) == _rows([f for f in text.findings if f.stage != "normalize"])
    assert differences(layer, load(REPO / "tests" / "expected" / f"{name}.json")) == []
