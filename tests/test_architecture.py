"""The layering promised in STYLE.md, and the catalogues that must stay complete."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from parsers.forms.base import FormResult
from parsers.forms.kpi_report import PARSER as KPI_REPORT
from parsers.registry import FORMS, FormRegistry
from pipeline.datadict import render
from schemas.codes import FINDING_CODES, FindingCode
from schemas.enums import Form, Severity
from schemas.records import Finding

REPO = Path(__file__).resolve().parents[1]


def imports_of(package: str) -> set[tuple[str, str]]:
    """(file, module) for every import in ``package``; ``from a.b import c`` names ``a.b.c`` when that is
    a module (a sub-module imported through its package), else ``a.b``."""
    found = set()
    for path in (REPO / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {(str(path.relative_to(REPO)), a.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                subs = [
                    f"{node.module}.{a.name}" for a in node.names if _is_module(f"{node.module}.{a.name}")
                ]
                found |= {(str(path.relative_to(REPO)), m) for m in subs or [node.module]}
    return found


def _is_module(name: str) -> bool:
    base = REPO.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _module_of(file: str) -> str:
    parts = Path(file).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


#: the sub-packages of ``parsers`` and ``pipeline`` from the bottom up: a module imports only from its own
#: group and those below it. "base": the package's modules every sub-package may use; "top": those that
#: use every sub-package (README, Layout).
LAYERS = {
    "parsers": ("thai", "text", "repair", "layout", "document", "tables", "budget", "forms", "top"),
    "pipeline": ("base", "ocr", "read", "store", "audit", "run", "use", "top"),
}
BASE = {"pipeline": {"config", "defaults", "errors", "paths", "result"}, "parsers": set()}


def layer_of(module: str) -> str:
    package, *rest = module.split(".")
    if rest and rest[0] in LAYERS[package]:
        return rest[0]
    return "base" if rest and rest[0] in BASE[package] else "top"


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_sub_packages_import_downwards_only(package: str) -> None:
    order = LAYERS[package]
    assert {p.name for p in (REPO / package).iterdir() if (p / "__init__.py").is_file()} <= set(order)
    upward = []
    for file, module in imports_of(package):
        if module.split(".")[0] != package:
            continue
        here, there = layer_of(_module_of(file)), layer_of(module)
        if order.index(there) > order.index(here):
            upward.append(f"{file} ({here}) imports {module} ({there})")
    assert upward == []


def test_no_module_imports_itself_back() -> None:
    """No cycle of imports between modules, lazy imports included."""
    graph: dict[str, set[str]] = {}
    ours = ("schemas", "wordlists", "parsers", "pipeline", "tools")
    for package in ours:
        for file, module in imports_of(package):
            graph.setdefault(_module_of(file), set())
            if module.split(".")[0] in ours and _is_module(module):
                graph[_module_of(file)].add(module)
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            raise AssertionError("import cycle: " + " -> ".join([*path[path.index(node) :], node]))
        if node in done:
            return
        for nxt in sorted(graph.get(node, ())):
            if nxt != node:
                visit(nxt, [*path, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    assert len(done) > 100  # every module was seen


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("schemas", ("wordlists", "parsers", "pipeline", "tools")),
        ("wordlists", ("schemas", "parsers", "pipeline", "tools")),
        ("parsers", ("pipeline", "tools")),
        ("pipeline", ("tools",)),
    ],
)
def test_imports_go_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    """schemas ← parsers ← pipeline ← tools, and wordlists (the dictionaries and their cache on disk,
    which parsers may not touch) below parsers, of its own: the product never imports the test-material
    tools, but for the two commands that run them (``raingan corpus``, ``raingan scans``), which load
    them when run."""
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
        Form.BUDGET,
    }


def test_data_dictionary_is_current() -> None:
    assert (REPO / "docs" / "DATA.md").read_text(encoding="utf-8") == render(), (
        "docs/DATA.md is stale: run `python -m pipeline.datadict > docs/DATA.md`"
    )


def test_finding_codes_are_members_with_a_meaning_and_all_used() -> None:
    """Findings are made from FindingCode members (mypy checks the typed paths; a free string is refused
    when the row is made), each has its line in the catalogue, and each is written somewhere."""
    assert list(FINDING_CODES) == [c for c in FindingCode if c in FINDING_CODES]
    assert set(FINDING_CODES) == set(FindingCode)
    source = "\n".join(
        p.read_text(encoding="utf-8") for pkg in ("parsers", "pipeline") for p in (REPO / pkg).rglob("*.py")
    )
    assert [c.name for c in FindingCode if f"FindingCode.{c.name}" not in source] == []
    free = re.compile(
        r"""(?:Issue|ReadProblem|Step|Repair|audit_finding|\.at)\(\s*["'][a-z_]+["']|code\s*=\s*["'][a-z_]+["']"""
    )
    assert free.findall(source) == []
    with pytest.raises(ValidationError, match="code"):
        Finding(doc_id="0" * 64, severity=Severity.INFO, code="no_such_code", message="m")
    assert (
        Finding(doc_id="0" * 64, severity=Severity.INFO, code="ocr_pages", message="m").code
        is FindingCode.OCR_PAGES
    )


def test_form_result_defaults_are_independent() -> None:
    a, b = FormResult(Form.KPI_REPORT), FormResult(Form.KPI_REPORT)
    a.entries.append(object())  # type: ignore[arg-type]
    assert b.entries == []
