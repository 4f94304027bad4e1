"""Scanned variants of the sample reports: image-only PDFs whose text is known.

Each readable text report or saved web page of a source folder becomes ``<stem>.pdf``: its pages drawn
correctly shaped and damaged like an office scanner (:mod:`tools.scan_page`), each sheet one
300-dpi grey JPEG filling an A4 page, no text layer at all. ``scans.json`` beside the PDFs names
each PDF's source and its sha256, the damage and the RNG seed (from the source's file name), so
OCR output can be compared with the source text. Two strengths: ``clean`` (300 dpi and JPEG only)
and ``office``.

The output is deterministic: the same sources, font and library versions give byte-identical PDFs
(fixed creation date; fpdf2 embeds the JPEG bytes as they are and derives the file ID from them).

``python -m tools.scans SRC --out DIR [--strength office|clean] [--only NAME ...]``
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
from fpdf import FPDF
from PIL import Image

from pipeline.errors import ExitCode
from pipeline.read.sources import read_source
from tools.corpus import FIXED_DATE, FONT_ADVICE, FontMissing, find_thai_font, report_sources
from tools.scan_page import (
    DEGRADATIONS,
    DPI,
    SHAPING_ADVICE,
    Degradation,
    Line,
    ShapingMissing,
    Strength,
    check_shaping,
    degrade,
    draw_sheet,
    layout,
)

MANIFEST: Final = "scans.json"


def seed_for(name: str) -> int:
    """The RNG seed of one file: from its name, so each report gets its own damage, the same every run."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")


def jpeg(image: Image.Image, quality: int) -> bytes:
    """Grey baseline JPEG at 300 dpi; Huffman tables optimised (smaller, and still deterministic)."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, dpi=(DPI, DPI))
    return out.getvalue()


def image_pdf(jpegs: Iterable[bytes]) -> bytes:
    """An A4 PDF with one full-page image per page and no text at all; fixed dates, stable bytes."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("raingan scans")
    pdf.set_auto_page_break(False)
    for data in jpegs:
        pdf.add_page()
        pdf.image(io.BytesIO(data), x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())


def render_scan(sheets: Sequence[Sequence[Line]], font: Path, strength: Strength, seed: int) -> bytes:
    """The image-only PDF of laid-out sheets (:func:`layout`): drawn, damaged with ``seed``, as JPEG."""
    check_shaping()
    damage = DEGRADATIONS[strength]
    rng = np.random.default_rng(seed)
    return image_pdf(
        jpeg(degrade(draw_sheet(lines, font), damage, rng), damage.jpeg_quality) for lines in sheets
    )


@dataclass(frozen=True, slots=True)
class ScanEntry:
    """One scanned PDF, the source it was drawn from and the damage it got (a row of ``scans.json``)."""

    pdf: str  # file name in the output folder
    pdf_sha256: str  # so a stale PDF is seen without regenerating it
    source: str  # file name in the source folder
    source_sha256: str  # the source's doc_id, so its expected records can be found
    font: str
    source_pages: int
    sheets: int
    strength: Strength
    degradation: Degradation
    seed: int


class UnknownSource(LookupError):
    """``--only`` named a report that is not in the source folder; the message lists those that are."""


def _chosen(src_dir: Path, only: Collection[str]) -> list[Path]:
    """The sources to scan: all of them, or those whose file name or stem is in ``only``."""
    sources = list(report_sources(src_dir))
    if not only:
        return sources
    missing = set(only) - {p.name for p in sources} - {p.stem for p in sources}
    if missing:
        known = ", ".join(p.name for p in sources) or "none"
        raise UnknownSource(f"no report {', '.join(sorted(missing))} in {src_dir}; there are: {known}")
    return [p for p in sources if p.name in only or p.stem in only]


def scan_file(path: Path, out_dir: Path, font: Path, strength: Strength) -> ScanEntry | None:
    """Write the scanned PDF of one source into ``out_dir``; ``None`` for a source with no text."""
    source = read_source(path)
    if source.failed or not any(p.strip() for p in source.pages):
        return None
    name, seed, sheets = f"{path.stem}.pdf", seed_for(path.name), layout(source.pages, font)
    data = render_scan(sheets, font, strength, seed)
    (out_dir / name).write_bytes(data)
    return ScanEntry(
        name,
        hashlib.sha256(data).hexdigest(),
        path.name,
        source.doc_id,
        font.name,
        len(source.pages),
        len(sheets),
        strength,
        DEGRADATIONS[strength],
        seed,
    )


def generate(
    src_dir: Path,
    out_dir: Path,
    *,
    strength: Strength = Strength.OFFICE,
    only: Collection[str] = (),
    font: Path | None = None,
) -> list[ScanEntry]:
    """Scan the readable sources of ``src_dir`` (or the ``only`` ones) into ``out_dir``; return them.

    ``scans.json`` keeps the rows of earlier runs for PDFs still there and not written again, so
    scanning one report at a time builds one manifest.
    """
    font = font or find_thai_font()
    check_shaping()
    chosen = _chosen(src_dir, only)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = [e for e in (scan_file(p, out_dir, font, strength) for p in chosen) if e is not None]
    kept = {e.pdf: e for e in load_manifest(out_dir / MANIFEST) if (out_dir / e.pdf).is_file()}
    rows = sorted({**kept, **{e.pdf: e for e in made}}.values(), key=lambda e: e.pdf)
    (out_dir / MANIFEST).write_text(
        json.dumps([asdict(e) for e in rows], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return made


def load_manifest(path: Path) -> list[ScanEntry]:
    """The rows of a ``scans.json`` written by :func:`generate`; none when there is no such file."""
    if not path.is_file():
        return []
    return [_entry(row) for row in json.loads(path.read_text(encoding="utf-8"))]


def _entry(row: dict[str, Any]) -> ScanEntry:
    damage = {**row["degradation"], "paper": tuple(row["degradation"]["paper"])}
    return ScanEntry(**{**row, "strength": Strength(row["strength"]), "degradation": Degradation(**damage)})


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.scans",
        description="Draw text reports (.txt, .html) as scanned, image-only PDFs whose text is known.",
    )
    parser.add_argument("src", type=Path, help="folder of text reports")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PDFs and scans.json")
    parser.add_argument("--strength", type=Strength, choices=list(Strength), default=Strength.OFFICE)
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME", help="file names or stems")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; exit codes as ``raingan``'s: 2 bad arguments, 3 no such folder, 5 missing font."""
    args = _arguments(argv)
    if not args.src.is_dir():
        print(f"error: {args.src} is not a folder of reports", file=sys.stderr)
        return ExitCode.NO_INPUT
    try:
        made = generate(args.src, args.out, strength=args.strength, only=args.only)
    except (FontMissing, ShapingMissing) as exc:
        advice = FONT_ADVICE if isinstance(exc, FontMissing) else SHAPING_ADVICE
        print(f"error: {exc}\nwhat to do: {advice}", file=sys.stderr)
        return ExitCode.MISSING_TOOL
    except UnknownSource as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return ExitCode.USAGE
    print(f"{len(made)} scanned PDFs ({args.strength}) written to {args.out} (manifest: {MANIFEST})")
    return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
