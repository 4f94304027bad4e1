"""Layout benchmark: per-field accuracy of the records when a report's layout changes, and on real pages.

Figures for an issue note (not a timed test). Each sample report of ``data/raw`` read as it is gives
the reference records; against them, per field:

* **wrap** — the report wrapped at every width from 40 to 120 characters (tests/layouts.py ``wrap``);
* **variations** — each layout variation alone (title numbering, label separators, dot padding, no unit
  word, blank score cells), the reference adjusted as tests/layoutcheck.py says (blank score cells take
  their score metrics with them; a dropped unit may be read as no unit);
* **pdf FONT** — the report as a narrow text-layer PDF in each font (``render_pdf``), ingested;
* **scans** (``--scans``) — the report wrapped at ``--scan-width`` characters and drawn as an office scan
  (``tools.scans``), then OCR'd; the OCR results are cached in ``--cache`` (about 2 s a page the
  first time);
* **realpages** — the excerpts of real BMA pages in ``--realpages`` (``pages/*.txt``) against their
  hand-labelled records (``gold/*.json``; gold form ``other`` is our ``unknown``; metrics are not
  labelled there and are not scored).

A value counts when the reference or the reading has it (a value read where there is none is a miss);
entries are aligned in order; metrics are a multiset of (value, unit), extra ones count as misses;
titles are compared with whitespace between Thai letters ignored. The last rows give the overall share
and, for the sections compared with a reference reading, ``tools.accuracy.agreement`` (its own set
of document and entry fields).

    .venv/bin/python bench/bench_layouts.py [--realpages ../shared/realpages] [--scans] [--misses]
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from goldcheck import DOC_FIELDS  # noqa: E402
from layoutcheck import Records, expected, fold_title, records  # noqa: E402
from layouts import NARROW_PDF_FONTS, TLWG, VARIATIONS, Variation, Wrap, apply, render_pdf  # noqa: E402

from pipeline.config import Config  # noqa: E402
from pipeline.read.sources import read_source  # noqa: E402
from pipeline.result import DocumentResult  # noqa: E402
from pipeline.run.worker import ingest_file  # noqa: E402
from tools.accuracy import Agreement, agreement  # noqa: E402

RAW: Final = ROOT / "data" / "raw"
SHARED_REALPAGES: Final = ROOT.parent / "shared" / "realpages"
ROWS: Final = (
    "form",
    "title",
    "code",
    "fiscal_year_be",
    "target",
    "achieved",
    "entry quarters",
    "entry dates",
    "progress",
    "metrics",
)
_DOC_ROWS: Final = {
    "title": "title",
    "code": "code",
    "fiscal_year_be": "fiscal_year_be",
    "target": "target_value",
    "achieved": "achieved_value",
}
_ENTRY_ROWS: Final = {"entry quarters": 0, "entry dates": 2, "progress": 3}


@dataclass
class Tally:
    matched: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.matched += ok

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 1.0

    def cell(self) -> str:
        return f"{self.matched}/{self.total} {self.share:6.1%}" if self.total else "–"


@dataclass
class Section:
    """One column of the table: per-field tallies, the agreement, and notes printed under the table."""

    name: str
    fields: dict[str, Tally] = field(default_factory=lambda: {row: Tally() for row in ROWS})
    agreement: Agreement | None = None
    notes: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def overall(self) -> Tally:
        return Tally(sum(t.matched for t in self.fields.values()), sum(t.total for t in self.fields.values()))


def _aligned(
    want: list[tuple[object, ...]], got: list[tuple[object, ...]]
) -> Iterable[tuple[object, object]]:
    """Entries paired in order (difflib's alignment); an entry without a partner is paired with None."""
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            yield (want[i1 + k] if i1 + k < i2 else None), (got[j1 + k] if j1 + k < j2 else None)


def _metric_tally(want: Records, got: Records) -> Tally:
    left = Counter(got.metrics)
    tally = Tally()
    for key, n in want.metrics.items():
        taken = min(n, left[key])
        left[key] -= taken
        tally.matched += taken
        tally.total += n
    for key, n in want.unit_optional.items():
        for _ in range(n):
            alternative = (key[0], None)
            hit = key if left[key] > 0 else alternative if left[alternative] > 0 else None
            tally.total += 1
            if hit is not None:
                left[hit] -= 1
                tally.matched += 1
    tally.total += sum(n for n in left.values() if n > 0)
    return tally


def score(section: Section, want: Records, got: Records, where: str, *, metrics: bool = True) -> bool:
    """Add one reading to ``section``; True when every counted value agrees."""
    before = section.overall().matched, section.overall().total

    def check(row: str, expected_value: object, got_value: object, what: str) -> None:
        if expected_value is None and got_value is None:
            return
        ok = expected_value == got_value
        section.fields[row].add(ok)
        if not ok:
            section.misses.append(f"{where}: {what}: expected {expected_value!r}, read {got_value!r}")

    check("form", want.form, got.form, "form")
    for row, name in _DOC_ROWS.items():
        check(row, want.fields[name], got.fields[name], name)
    for n, (a, b) in enumerate(_aligned(list(want.entries), list(got.entries)), start=1):
        for row, index in _ENTRY_ROWS.items():
            want_value = a[index] if isinstance(a, tuple) else None
            got_value = b[index] if isinstance(b, tuple) else None
            check(row, want_value, got_value, f"entry {n} {row}")
    if metrics:
        tally = _metric_tally(want, got)
        section.fields["metrics"].matched += tally.matched
        section.fields["metrics"].total += tally.total
        if tally.matched != tally.total:
            section.misses.append(f"{where}: metrics {tally.matched}/{tally.total}")
    after = section.overall().matched, section.overall().total
    return after[1] - before[1] == after[0] - before[0]


# ---------------------------------------------------------------------------------------------------
# the sample reports and their reference readings


@dataclass(frozen=True)
class Sample:
    name: str
    path: Path
    pages: tuple[str, ...]
    reference: DocumentResult


def samples() -> list[Sample]:
    found = []
    for path in sorted(RAW.iterdir()):
        if path.suffix.lower() not in {".txt", ".html", ".htm"}:
            continue
        source = read_source(path)
        if source.failed or not any(p.strip() for p in source.pages):
            continue
        found.append(Sample(path.stem, path, tuple(source.pages), ingest_file(path, Config())))
    return found


def _ingest_text(folder: Path, stem: str, pages: Sequence[str]) -> DocumentResult:
    """A variant as a text export (pages separated by form feeds, as the text reader splits them)."""
    path = folder / f"{stem}.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    return ingest_file(path, Config())


def _agree(section: Section, reference: DocumentResult, reading: DocumentResult) -> None:
    if section.agreement is None:
        section.agreement = Agreement()
    section.agreement.add(agreement(reference, reading))


def wrapped_text(reports: list[Sample], widths: range, folder: Path) -> Section:
    section = Section("wrap")
    for sample in reports:
        exact = 0
        for width in widths:
            steps: tuple[Variation, ...] = (Wrap(width),)
            reading = _ingest_text(folder, f"{sample.name}_w{width}", [apply(p, steps) for p in sample.pages])
            exact += score(
                section, records(sample.reference), records(reading), f"{sample.name} width {width}"
            )
            _agree(section, sample.reference, reading)
        section.notes.append(f"{sample.name:38} records equal at {exact:2}/{len(widths)} widths")
    return section


def variations(reports: list[Sample], folder: Path) -> Section:
    section = Section("variations")
    for label, variation in VARIATIONS.items():
        exact = applies = 0
        for sample in reports:
            pages = [variation(p) for p in sample.pages]
            if pages == list(sample.pages):
                continue
            applies += 1
            reading = _ingest_text(folder, f"{sample.name}_{label}", pages)
            want = expected(sample.reference, "\n".join(sample.pages), (variation,))
            exact += score(section, want, records(reading), f"{sample.name} {label}")
        section.notes.append(f"{label:28} records equal on {exact}/{applies} reports it changes")
    return section


def narrow_pdfs(reports: list[Sample], font: str, width_mm: float, folder: Path) -> Section | None:
    path = TLWG / f"{font}.ttf"
    if not path.is_file():
        print(f"skipped pdf {font}: {path} is missing (Debian's fonts-thai-tlwg)")
        return None
    section = Section(f"pdf {font}")
    exact = 0
    for sample in reports:
        pdf = folder / f"{sample.name}_{font}.pdf"
        pdf.write_bytes(render_pdf(sample.pages, path, width_mm))
        reading = ingest_file(pdf, Config())
        exact += score(section, records(sample.reference), records(reading), f"{sample.name} {font}")
        _agree(section, sample.reference, reading)
    section.notes.append(f"{font} at {width_mm:.0f} mm: records equal on {exact}/{len(reports)} reports")
    return section


def scans(reports: list[Sample], width: int, strength: str, cache: Path, folder: Path) -> Section | None:
    from pipeline.run.serial import run_serial
    from tools.corpus import FontMissing
    from tools.scan_page import ShapingMissing, Strength
    from tools.scans import generate

    if shutil.which("tesseract") is None:
        print("skipped scans: tesseract is not installed (Debian's tesseract-ocr and tesseract-ocr-tha)")
        return None
    texts, scanned = folder / "wrapped", folder / "scans"
    texts.mkdir()
    for sample in reports:
        pages = [Wrap(width)(p) if width else p for p in sample.pages]
        (texts / f"{sample.name}.txt").write_text("\f".join(pages), encoding="utf-8")
    try:
        made = generate(texts, scanned, strength=Strength(strength))
    except (FontMissing, ShapingMissing) as exc:
        print(f"skipped scans: {exc}")
        return None
    started = time.perf_counter()
    config = Config(out_dir=folder / "out", cache_dir=cache, show_progress=False)
    batch = run_serial([scanned / s.pdf for s in made], config)
    by_name = {s.name: s for s in reports}
    section = Section("scans")
    exact = 0
    for entry, reading in zip(made, batch.results, strict=True):
        sample = by_name[Path(entry.source).stem]
        exact += score(section, records(sample.reference), records(reading), f"{sample.name} scan")
        _agree(section, sample.reference, reading)
    section.notes.append(
        f"scans of reports {f'wrapped at {width}' if width else 'not wrapped'} ({strength}): "
        f"records equal on {exact}/{len(made)}; "
        f"OCR {batch.ocr.recognized} pages, {batch.ocr.from_cache} from the cache, "
        f"{time.perf_counter() - started:.0f} s"
    )
    return section


# ---------------------------------------------------------------------------------------------------
# real pages


def gold_records(path: Path) -> Records:
    """A realpages gold record as :class:`Records` (form ``other`` is our ``unknown``)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    doc = gold["doc"]
    fields: dict[str, object] = {name: doc.get(name) for name in DOC_FIELDS}
    fields["title"] = fold_title(fields["title"])
    entries = [(e["quarter"], e["report_no"], e["date"], e["progress_pct"]) for e in gold["entries"]]
    form = "unknown" if doc["form"] == "other" else doc["form"]
    return Records(form, fields, entries, Counter())


def realpages(folder: Path) -> Section | None:
    pages, gold = folder / "pages", folder / "gold"
    if not pages.is_dir() or not gold.is_dir():
        print(f"skipped realpages: no pages/ and gold/ in {folder}")
        return None
    section = Section("realpages")
    families: dict[str, list[tuple[str, Tally]]] = {}
    for gold_path in sorted(gold.glob("*.json")):
        page = pages / f"{gold_path.stem}.txt"
        if not page.is_file():
            section.notes.append(f"{gold_path.stem}: no page text")
            continue
        want = gold_records(gold_path)
        one = Section(page.stem)
        score(one, want, records(ingest_file(page, Config())), page.stem, metrics=False)
        for row, tally in one.fields.items():
            section.fields[row].matched += tally.matched
            section.fields[row].total += tally.total
        section.misses += one.misses
        families.setdefault(want.form, []).append((page.stem, one.overall()))
    for family, members in sorted(families.items()):
        total = Tally(sum(t.matched for _, t in members), sum(t.total for _, t in members))
        exact = sum(t.matched == t.total for _, t in members)
        section.notes.append(
            f"{family:22} {len(members):2} pages, all values right on {exact:2}, values {total.cell()}"
        )
    return section


# ---------------------------------------------------------------------------------------------------
# output


def table(sections: list[Section]) -> str:
    """Rows per field, a column per section: ``matched/total share``."""

    def agreed(s: Section) -> str:
        a = s.agreement
        return f"{a.matched}/{a.total} {a.share:6.1%}" if a is not None else "–"

    rows = [(row, [s.fields[row].cell() for s in sections]) for row in ROWS]
    rows += [
        ("overall", [s.overall().cell() for s in sections]),
        ("agreement", [agreed(s) for s in sections]),
    ]
    width = 2 + max(len(text) for _, cells in rows for text in cells) if rows else 16
    width = max(width, *(len(s.name) + 2 for s in sections))
    head = f"{'field':16}" + "".join(f"{s.name:>{width}}" for s in sections)
    lines = [head, "-" * len(head)]
    for n, (row, cells) in enumerate(rows):
        if n == len(ROWS):
            lines.append("-" * len(head))
        lines.append(f"{row:16}" + "".join(f"{text:>{width}}" for text in cells))
    return "\n".join(lines)


def _widths(spec: str) -> range:
    low, _, high = spec.partition("-")
    return range(int(low), int(high or low) + 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--widths", type=_widths, default=range(40, 121), help="text widths, e.g. 40-120")
    parser.add_argument("--fonts", nargs="*", default=list(NARROW_PDF_FONTS), help="TLWG fonts for the PDFs")
    parser.add_argument("--pdf-width-mm", type=float, default=None, help="one text width for every font")
    parser.add_argument("--scans", action="store_true", help="also OCR scans of wrapped reports (slow once)")
    parser.add_argument(
        "--scan-width", type=int, default=60, help="characters a line of the scanned reports (0: not wrapped)"
    )
    parser.add_argument("--strength", choices=("office", "clean"), default="office")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "raingan-layout-scans", help="OCR cache"
    )
    parser.add_argument(
        "--realpages", type=Path, default=SHARED_REALPAGES, help="folder with pages/ and gold/"
    )
    parser.add_argument("--misses", action="store_true", help="list every value read wrong")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    reports = samples()
    sections: list[Section] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if reports:
            sections.append(wrapped_text(reports, args.widths, folder))
            sections.append(variations(reports, folder))
            for font in args.fonts:
                width_mm = args.pdf_width_mm or NARROW_PDF_FONTS.get(font, 90.0)
                made = narrow_pdfs(reports, font, width_mm, folder)
                sections += [made] if made else []
            if args.scans:
                made = scans(reports, args.scan_width, args.strength, args.cache, folder)
                sections += [made] if made else []
        else:
            print(f"skipped the sample reports: none readable in {RAW}")
        real = realpages(args.realpages)
        sections += [real] if real else []
    if not sections:
        print("nothing to score")
        return 1
    print(
        f"\n{len(reports)} sample reports, wraps at widths {args.widths.start}–{args.widths.stop - 1}; "
        f"{time.perf_counter() - started:.0f} s\n"
    )
    print(table(sections))
    for section in sections:
        print(f"\n{section.name}:")
        for note in section.notes:
            print(f"  {note}")
        for miss in section.misses if args.misses else ():
            print(f"    {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
