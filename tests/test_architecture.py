"""The layering promised in STYLE.md, and the catalogues that must stay complete."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from parsers.forms.base import FormResult
from parsers.forms.kpi_report import PARSER as KPI_REPORT
from parsers.registry import FORMS, FormRegistry
from pipeline.datadict import render
from pipeline.read.problems import ReadCode
from schemas.codes import FINDING_CODES
from schemas.enums import Form

REPO = Path(__file__).resolve().parents[1]


def imports_of(package: str) -> set[tuple[str, str]]:
    found = set()
    for path in (REPO / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {(str(path.relative_to(REPO)), a.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add((str(path.relative_to(REPO)), node.module))
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("schemas", ("parsers", "pipeline", "tools")),
        ("parsers", ("pipeline", "tools")),
        ("pipeline", ("tools",)),
    ],
)
def test_imports_go_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    """schemas ← parsers ← pipeline ← tools: the product never imports the test-material tools, but for
    the two commands that run them (``raingan corpus``, ``raingan scans``), which load them when run."""
    bad = [(f, m) for f, m in imports_of(package) if m.split(".")[0] in forbidden]
    assert [(f, m) for f, m in bad if f != "pipeline/cli.py"] == []
    assert {m for f, m in bad} <= {"tools.corpus", "tools.scans", "tools.scan_page"}


def test_parsers_do_no_io() -> None:
    io_modules = {
        "os",
        "pathlib",
        "subprocess",
        "shutil",
        "io",
        "socket",
        "pdfplumber",
        "pypdfium2",
        "pytesseract",
    }
    bad = [(f, m) for f, m in imports_of("parsers") if m.split(".")[0] in io_modules]
    assert bad == []
    for path in (REPO / "parsers").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\bopen\(|\.today\(\)|\bnow\(\)", source), path


def test_registry_rejects_duplicates_and_names_known_forms() -> None:
    registry = FormRegistry()
    registry.register(KPI_REPORT)
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(KPI_REPORT)
    with pytest.raises(KeyError, match="known forms: kpi_report"):
        registry.get(Form.KPI_DETAIL)
    assert {p.form for p in FORMS} == {
        Form.KPI_REPORT,
        Form.PROJECT_PROGRESS,
        Form.KPI_DETAIL,
        Form.PROJECT_PROGRESS_WEB,
        Form.AGENCY_PERFORMANCE,
    }


def test_data_dictionary_is_current() -> None:
    assert (REPO / "docs" / "DATA.md").read_text(encoding="utf-8") == render(), (
        "docs/DATA.md is stale: run `python -m pipeline.datadict > docs/DATA.md`"
    )


def test_every_emitted_code_is_catalogued() -> None:
    """Codes written as literals (Issue("x", …), ReadProblem("x", …), findings.at("x", …), Step("x", …))."""
    pattern = re.compile(
        r"""(?:Issue|ReadProblem|Step|FlagRule|\.at|_failed_source\([^)]*?,)\(\s*["']([a-z_]+)["']"""
    )
    literal = re.compile(r"""code\s*=\s*["']([a-z_]+)["']""")
    codes = set()
    for package in ("parsers", "pipeline"):
        for path in (REPO / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            codes |= set(pattern.findall(text)) | set(literal.findall(text))
            codes |= set(re.findall(r'"([a-z_]+)": FlagRule', text))
            codes |= set(re.findall(r'_failed_source\([^\n]*?"([a-z_]+)",', text))
    assert codes, "the code scan found nothing: the pattern is broken"
    codes |= {c.value for c in ReadCode}
    assert sorted(codes - set(FINDING_CODES)) == []


def test_form_result_defaults_are_independent() -> None:
    a, b = FormResult(Form.KPI_REPORT), FormResult(Form.KPI_REPORT)
    a.entries.append(object())  # type: ignore[arg-type]
    assert b.entries == []
