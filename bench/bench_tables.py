"""Benchmark (not a test): what reading tables costs, and pdfplumber's table finder on the same pages.

For each PDF (the college's spending table and survey, a district budget, the generated PDFs of
``data/raw/pdf``), per page, median of ``--runs``:

1. PDFium's text layer with each line's box (``pipeline.read.pdf_lines.read_layer``), without and with
   the gaps inside the lines (:attr:`parsers.text.linebox.LineBox.gaps`), which the table finder needs;
2. the table finder itself (``parsers.tables.find.find_tables`` on the document's prepared pages);
3. pdfplumber's ``Page.find_tables`` + ``Table.extract`` (its lines-and-rectangles strategy, the
   default), and whether its cells hold the rows the tests check by eye (tests/test_tables.py), with
   its text as it gives it (pdfminer's Thai).

    .venv/bin/python bench/bench_tables.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from parsers.assemble import LINE_STARTERS  # noqa: E402
from parsers.document.doctext import DocText  # noqa: E402
from parsers.document.inputs import PageInput  # noqa: E402
from parsers.document.pages import prepare_pages  # noqa: E402
from parsers.tables.find import find_tables  # noqa: E402
from pipeline.read import pdf_lines  # noqa: E402
from schemas.enums import TextSource  # noqa: E402

SHARED = REPO.parent / "shared" / "realdata"
FILES = [
    SHARED / "thai-agency-pdfs" / "ktltc_o18_budget_spending_result_excel.pdf",
    SHARED / "thai-agency-pdfs" / "ktltc_o15_satisfaction_survey_word.pdf",
    SHARED / "napatswift_bkk-2022-budget" / "65026.pdf",
]
#: a row of each real file, checked by eye: its label and its first number
CHECKS = {
    "ktltc_o18_budget_spending_result_excel.pdf": ("งบดำเนินงาน", "523,430"),
    "ktltc_o15_satisfaction_survey_word.pdf": ("ระยะเวลามีความเหมาะสม", "88.03"),
    "65026.pdf": ("สอนว่ายน้ำ", "193"),
}


def _median_s(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        work()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _read(path: Path, gaps: bool) -> list[PageInput]:
    saved = pdf_lines._gaps
    if not gaps:
        pdf_lines._gaps = lambda *args: ()  # type: ignore[assignment]
    try:
        doc = pdfium.PdfDocument(path)
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            text, lines = pdf_lines.read_layer(page, page.get_textpage())
            pages.append(PageInput(text, TextSource.TEXT_LAYER, lines=lines))
        doc.close()
        return pages
    finally:
        pdf_lines._gaps = saved


def _plumber(path: Path) -> list[list[list[str | None]]]:
    tables = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables += [t.extract() for t in page.find_tables()]
            page.close()
    return tables


def _row_found(tables: list[list[list[str | None]]], label: str, number: str) -> str:
    for table in tables:
        for row in table:
            cells = [c or "" for c in row]
            if any(label in c.replace("\n", "") for c in cells):
                return "yes" if number in cells else f"label, not its number: {cells[:4]}"
    return "no"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = [f for f in FILES if f.is_file()] + sorted((REPO / "data/raw/pdf").glob("*.pdf"))
    print(
        "| file | pages | text + boxes ms/page | + gaps ms/page | finder ms/page | tables "
        "| pdfplumber ms/page | pdfplumber tables | its row checked |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for path in files:
        n = len(pdfium.PdfDocument(path))
        plain = _median_s(lambda p=path: _read(p, False), args.runs) / n * 1000
        with_gaps = _median_s(lambda p=path: _read(p, True), args.runs) / n * 1000
        prepared = prepare_pages(_read(path, True), LINE_STARTERS)
        normalized = [p.normalized for p in prepared]

        def find(prepared=prepared, normalized=normalized) -> int:
            doc = DocText(normalized, (), [p.lines for p in prepared])
            return len(find_tables(doc))

        finder = _median_s(find, args.runs) / n * 1000
        found = find()
        plumber_s = _median_s(lambda p=path: _plumber(p), 1) / n * 1000
        tables = _plumber(path)
        check = CHECKS.get(path.name)
        verdict = _row_found(tables, *check) if check else "–"
        print(
            f"| {path.name} | {n} | {plain:.2f} | {with_gaps:.2f} | {finder:.2f} | {found} | {plumber_s:.0f} "
            f"| {len(tables)} | {verdict} |"
        )


if __name__ == "__main__":
    main()
