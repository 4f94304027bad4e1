"""A synthetic report archive for benchmarks: N distinct text exports, text-layer PDFs and scans.

Every document is a variant of one of the sample reports of ``data/raw`` (the nine that are proper
reports of a known form; nothing from ``../shared``): its fiscal year moved (every year in it moved
alike, CE and two-digit years too, weekdays written before dates recomputed, so the dates stay valid and
inside the report's own fiscal year), the days of its D/M/BE entry dates redrawn within their month,
a district report moved to another of Bangkok's 50 districts, counts (``จำนวน N``), the result
achieved and the KPI or project code changed, a phrase appended to the title, and in the dated KPI
reports some entries dropped. The form parsers read a variant as they read its template (``--check``
verifies that). Each file has different bytes, hence a different content hash (``doc_id``).

* ``text``: written as the template is (UTF-8 ``.txt``, cp874 ``.txt``, saved web page ``.html``);
* ``pdf``: the variant rendered to a text-layer PDF by the project's corpus renderer
  (:func:`tools.corpus.render_pdf`, as ``raingan corpus`` does);
* ``scan``: the variant drawn as an image-only office scan by :func:`tools.scans.scan_file` (as
  ``raingan scans`` does; about 0.5 s a page to draw, and OCR costs about 2 s a page, so keep N small).

Files are laid out like a real archive, ``OUT/<agency>/<fiscal year BE>/<name>.<ext>``, and listed in
``OUT/archive.json`` (parameters, and per file: kind, template, agency, fiscal year, sha256, entries
dropped). PDFs are rendered by a pool of processes (two by default). A second call with the same
parameters (and the same generator and templates) reuses the archive.

    .venv/bin/python bench/archive.py OUT [--text N] [--pdf N] [--scan N] [--seed S] [--check]
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import hashlib
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Final

from parsers.thai.lexicon import BE_OFFSET, DISTRICTS, MONTHS, WEEKDAYS
from pipeline.read.sources import read_source
from tools.corpus import find_thai_font, render_pdf
from tools.scan_page import Strength
from tools.scans import scan_file

REPO: Final = Path(__file__).resolve().parents[1]
RAW: Final = REPO / "data" / "raw"
MANIFEST: Final = "archive.json"
KINDS: Final = ("text", "pdf", "scan")
#: the fiscal years (BE) variants are moved to: FY2560–FY2568 (Oct 2016 – Sep 2025)
FISCAL_YEARS: Final = range(2560, 2569)
#: appended to a title; no digits, so no new numbers or dates appear
TITLE_SUFFIXES: Final = (
    "",
    " ในพื้นที่ชุมชน",
    " แบบมีส่วนร่วม",
    " เชิงรุก",
    " ระยะที่สอง",
    " ร่วมกับภาคีเครือข่าย",
)


@dataclass(frozen=True, slots=True)
class Template:
    """One sample report and what may be varied in it."""

    file: str
    encoding: str  # the bytes written for a text variant
    district: str | None = None  # a district office's report: moved to another district
    agency: str | None = None  # a department's report: stays with it
    title: str | None = None  # pattern whose group 1 is the title (a suffix is appended to it)
    drop_entries: bool = False  # dated entry blocks (KPI report form) may be dropped
    defects: bool = False  # the sample has deliberate defects (data/raw/README.md): not in a clean corpus

    @property
    def form(self) -> str:
        return self.file.split("_fy")[0].rsplit("_", 1)[0]

    @property
    def fiscal_year(self) -> int:
        found = re.search(r"_fy(\d{4})", self.file)
        assert found, self.file
        return int(found.group(1))


_KPI_TITLE: Final = r"(?m)^1\. ชื่อตัวชี้วัด : (.+?)$"
_PROJECT_TITLE: Final = r"(?m)^ชื่อโครงการ/กิจกรรม : (.+?)$"
TEMPLATES: Final = (
    Template(
        "kpi_report_chatuchak_fy2565.txt", "utf-8", "จตุจักร", title=_KPI_TITLE, drop_entries=True, defects=True
    ),
    Template("kpi_report_huaikhwang_fy2566.txt", "utf-8", "ห้วยขวาง", title=_KPI_TITLE),
    Template(
        "kpi_report_khlongtoei_fy2568.txt",
        "utf-8",
        "คลองเตย",
        title=_KPI_TITLE,
        drop_entries=True,
        defects=True,
    ),
    Template(
        "kpi_report_health_fy2563_cp874.txt",
        "cp874",
        agency="สำนักอนามัย",
        title=_KPI_TITLE,
        drop_entries=True,
    ),
    Template("project_progress_dindaeng_fy2565.txt", "utf-8", "ดินแดง", title=_PROJECT_TITLE, defects=True),
    Template("project_progress_drainage_fy2562.txt", "utf-8", agency="สำนักการระบายน้ำ", title=_PROJECT_TITLE),
    Template(
        "kpi_detail_environment_fy2565.txt",
        "utf-8",
        agency="สำนักสิ่งแวดล้อม",
        title=r"(?m)^\d+/สสล\.(.+?) : \d{4}-\d{4}$",
    ),
    Template(
        "kpi_detail_finance_fy2564.html",
        "utf-8",
        agency="สำนักการคลัง",
        title=r"kpi-head\">\d+/สนค\.(.+?) : \d{4}-\d{4}<",
    ),
    Template("kpi_detail_flat_fy2567.txt", "utf-8", agency="สำนักการโยธา", defects=True),
)

_MONTH_NAMES: Final = "|".join(sorted((m.full for m in MONTHS), key=len, reverse=True))
_MONTH_NUMBER: Final = {m.full: m.number for m in MONTHS}
_ABBR: Final = "|".join(re.escape(m.abbr) for m in MONTHS)
_WEEKDAY_NAMES: Final = "|".join(sorted((n for names in WEEKDAYS for n in names), key=len, reverse=True))
_BE_YEAR: Final = re.compile(r"(?<!\d)(25[4-7]\d)(?!\d)")
#: CE years; not the disease name โคโรนา 2019
_CE_YEAR: Final = re.compile(r"(?<!\d)(?<!โคโรนา )(20[0-4]\d)(?!\d)")
_SHORT_YEAR: Final = re.compile(rf"((?:{_ABBR}) ?)(\d\d)(?!\d)")
_SLASH_BE: Final = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(25\d\d)(?![\d/])")
_WEEKDAY_DATE: Final = re.compile(
    rf"วัน({_WEEKDAY_NAMES})ที่ (\d{{1,2}}) ({_MONTH_NAMES}) ((?:พ\.ศ\. ?)?)(25\d\d)(?!\d)"
)
_COUNT: Final = re.compile(r"(จำนวน )(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,])")
_ACHIEVED: Final = re.compile(r"(ผลงานที่ทำได้[^\d\n]{0,40}?)(\d+(?:\.\d+)?)")
_CODE: Final = re.compile(r"(?<![\d-])(\d{4}|\d{8})-(\d{4})(?![\d-])")
_ENTRY_START: Final = re.compile(r"^\d{1,2}/\d{1,2}/\d{4} :")
_SECTION: Final = re.compile(r"^\(6\.\d\)|^\d\. ")


def _weekday_name(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()][0]


def shift_years(text: str, shift: int) -> str:
    """Every year moved by ``shift``: BE and CE four-digit years, two-digit BE after a month abbreviation."""
    if not shift:
        return text
    text = _BE_YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    text = _CE_YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    return _SHORT_YEAR.sub(lambda m: f"{m.group(1)}{(int(m.group(2)) + shift) % 100:02d}", text)


def redraw_days(text: str, rng: random.Random) -> str:
    """D/M/BE dates whose day is above 12 get another day above 12 of the same month (so the date
    stays unambiguous, valid — 29 February included — and in its quarter); zero padding kept."""

    def day(m: re.Match[str]) -> str:
        d, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if d <= 12 or not 1 <= month <= 12:
            return m.group(0)
        last = calendar.monthrange(year - BE_OFFSET, month)[1]
        new = rng.randint(13, last)
        return f"{new:0{len(m.group(1))}d}/{m.group(2)}/{m.group(3)}"

    return _SLASH_BE.sub(day, text)


def fix_weekdays(text: str) -> str:
    """The weekday written before a Thai date (``วันพุธที่ 18 ธันวาคม 2562``) made true again."""

    def weekday(m: re.Match[str]) -> str:
        try:
            day = dt.date(int(m.group(5)) - BE_OFFSET, _MONTH_NUMBER[m.group(3)], int(m.group(2)))
        except ValueError:
            return m.group(0)
        return f"วัน{_weekday_name(day)}ที่ {m.group(2)} {m.group(3)} {m.group(4)}{m.group(5)}"

    return _WEEKDAY_DATE.sub(weekday, text)


def vary_counts(text: str, rng: random.Random) -> str:
    def count(m: re.Match[str]) -> str:
        raw = m.group(2)
        n = int(raw.replace(",", ""))
        new = max(1, n + rng.randint(-1, 3)) if n <= 12 else max(13, round(n * rng.uniform(0.8, 1.25)))
        return m.group(1) + (f"{new:,}" if "," in raw else str(new))

    return _COUNT.sub(count, text)


def vary_achieved(text: str, rng: random.Random) -> str:
    def achieved(m: re.Match[str]) -> str:
        raw = m.group(2)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value = float(raw) * rng.uniform(0.9, 1.1)
        if float(raw) <= 100:
            value = min(value, 100.0)
        return m.group(1) + f"{value:.{decimals}f}"

    return _ACHIEVED.sub(achieved, text, count=1)


def vary_codes(text: str, rng: random.Random) -> str:
    """KPI codes (0701-0815) and project codes (50260000-1187): a new serial after the dash."""
    return _CODE.sub(lambda m: f"{m.group(1)}-{rng.randint(1, 9999):04d}", text)


def drop_entries(text: str, rng: random.Random) -> tuple[str, int]:
    """Drop 0–3 dated entries (the entry's date line and its body lines), never a quarter's first one
    (which sits on the quarter heading)."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _ENTRY_START.match(line)]
    blocks = []
    for i in starts:
        end = next(
            (j for j in range(i + 1, len(lines)) if _ENTRY_START.match(lines[j]) or _SECTION.match(lines[j])),
            len(lines),
        )
        blocks.append((i, end))
    n = min(len(blocks), rng.choice((0, 0, 1, 1, 2, 3)))
    for i, end in sorted(rng.sample(blocks, n), reverse=True):
        del lines[i:end]
    return "\n".join(lines), n


def vary(
    template: Template,
    text: str,
    rng: random.Random,
    *,
    fiscal_year: int | None = None,
    district: str | None = None,
    clean: bool = False,
) -> tuple[str, dict[str, Any]]:
    """One variant of a template's text, and what was chosen for it.

    ``clean``: the same report in another year (and district), nothing else changed: counts, the
    result achieved, the code and the title stay the template's, and no entry is dropped, so that the
    variants of one template make a consistent KPI series across years (the audit's clean corpus).
    """
    fiscal_year = fiscal_year or rng.choice(FISCAL_YEARS)
    if template.district:
        district = district or rng.choice(DISTRICTS)
        text = text.replace(template.district, district)
    dropped = 0
    if template.drop_entries and not clean:
        text, dropped = drop_entries(text, rng)
    text = shift_years(text, fiscal_year - template.fiscal_year)
    text = redraw_days(text, rng)
    text = fix_weekdays(text)
    suffix = ""
    if not clean:
        text = vary_counts(text, rng)
        text = vary_achieved(text, rng)
        text = vary_codes(text, rng)
        suffix = rng.choice(TITLE_SUFFIXES)
    if template.title and suffix:
        text = re.sub(template.title, lambda m: _append(m, suffix), text, count=1)
    agency = f"สำนักงานเขต{district}" if template.district else template.agency
    assert agency
    return text, {
        "agency": agency,
        "fiscal_year_be": fiscal_year,
        "entries_dropped": dropped,
        "title_suffix": suffix,
    }


def clean_series(out: Path, years: int = 3, first_fy: int = 2563, seed: int = 0) -> list[Path]:
    """A clean corpus: each sample without deliberate defects as a series of ``years`` consecutive fiscal
    years from ``first_fy``, written as text files (as in the template's encoding) under ``out``;
    returns the files. Nothing in it should give the audit a warning or an error."""
    files = []
    for template in (t for t in TEMPLATES if not t.defects):
        source = _template_text(template)
        rng = random.Random(f"raingan-clean:{seed}:{template.file}")
        district = rng.choice(DISTRICTS) if template.district else None
        for fy in range(first_fy, first_fy + years):
            text, info = vary(template, source, rng, fiscal_year=fy, district=district, clean=True)
            folder = out / info["agency"] / str(fy)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{template.form}_{fy}{Path(template.file).suffix}"
            path.write_bytes(text.encode(template.encoding))
            files.append(path)
    return files


def _append(m: re.Match[str], suffix: str) -> str:
    """The match with ``suffix`` inserted after its group 1 (the title)."""
    cut = m.end(1) - m.start()
    return m.group(0)[:cut] + suffix + m.group(0)[cut:]


# ---------------------------------------------------------------------------------------------------
# rendering, in a pool


_FONT: Path | None = None


def _init_worker() -> None:
    global _FONT
    _FONT = find_thai_font()


def _render(job: tuple[str, bytes, str, str]) -> tuple[str, str, int]:
    """Render one variant: ``(kind, source bytes, source file name, PDF path)`` → (path, sha256, size).

    The source is written beside the PDF under a dot-name (so it can be read as ``raingan corpus``
    and ``raingan scans`` read theirs) and removed again."""
    kind, data, source_name, dest = job
    assert _FONT is not None
    target = Path(dest)
    staged = target.parent / f".{os.getpid()}-{source_name}"
    staged.write_bytes(data)
    try:
        if kind == "pdf":
            target.write_bytes(render_pdf(read_source(staged).pages, _FONT))
        else:
            # scan_file names the PDF after the source (and seeds its damage from the name)
            named = target.parent / f".scan-{os.getpid()}" / f"{target.stem}{Path(source_name).suffix}"
            named.parent.mkdir(exist_ok=True)
            staged.replace(named)
            staged = named
            entry = scan_file(named, target.parent, _FONT, Strength.OFFICE)
            assert entry is not None and (target.parent / entry.pdf) == target, (entry, target)
    finally:
        staged.unlink(missing_ok=True)
        if kind == "scan":
            staged.parent.rmdir()
    out = target.read_bytes()
    return dest, hashlib.sha256(out).hexdigest(), len(out)


# ---------------------------------------------------------------------------------------------------
# the archive


def generator_version() -> str:
    """Changes when this generator or a template changes: a cached archive is then made again."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for t in TEMPLATES:
        digest.update((RAW / t.file).read_bytes())
    return digest.hexdigest()[:16]


def _template_text(template: Template) -> str:
    return (RAW / template.file).read_bytes().decode(template.encoding)


def _variants(
    kind: str, n: int, seed: int, seen: set[str]
) -> Iterator[tuple[int, Template, str, dict[str, Any]]]:
    texts = {t.file: _template_text(t) for t in TEMPLATES}
    offset = KINDS.index(kind) * 3  # each kind starts its round of templates elsewhere
    for i in range(n):
        template = TEMPLATES[(i + offset) % len(TEMPLATES)]
        rng = random.Random(f"raingan-archive:{seed}:{kind}:{i}")
        for _attempt in range(20):
            text, info = vary(template, texts[template.file], rng)
            key = hashlib.sha256(f"{kind}\0{text}".encode()).hexdigest()
            if key not in seen:
                seen.add(key)
                break
        else:
            raise RuntimeError(f"could not make a distinct variant of {template.file}")
        yield i, template, text, info


def _load(out: Path) -> dict[str, Any] | None:
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded


def _complete(out: Path, manifest: dict[str, Any]) -> bool:
    for row in manifest["files"]:
        path = out / row["path"]
        if not path.is_file() or path.stat().st_size != row["bytes"]:
            return False
    return True


def _clear(out: Path, old: dict[str, Any] | None) -> None:
    """Remove the files of an earlier archive; refuse (before removing anything) when ``out`` holds
    files that are not ours."""
    if not out.exists():
        return
    ours = {out / row["path"] for row in (old or {}).get("files", [])} | {out / MANIFEST}
    stray = [p for p in out.rglob("*") if p.is_file() and p not in ours]
    if stray:
        raise FileExistsError(
            f"{out} holds {len(stray)} files that are not from its archive.json (e.g. {stray[0]}); "
            "give an empty or new folder"
        )
    for path in ours:
        path.unlink(missing_ok=True)
    for d in sorted((p for p in out.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        d.rmdir()


def make_archive(
    out: Path,
    n_text: int,
    n_pdf: int,
    n_scan: int = 2,
    seed: int = 0,
    *,
    workers: int = 2,
    log: Callable[[str], None] | None = print,
) -> dict[str, Any]:
    """Make (or reuse) the archive in ``out``; returns the manifest of ``out/archive.json``, plus
    ``root`` (the folder), ``cached`` (reused?) and ``seconds`` (time to make or check it)."""
    started = time.perf_counter()
    params = {
        "n_text": n_text,
        "n_pdf": n_pdf,
        "n_scan": n_scan,
        "seed": seed,
        "version": generator_version(),
    }
    old = _load(out)
    if old and old.get("params") == params and _complete(out, old):
        return {**old, "root": str(out), "cached": True, "seconds": time.perf_counter() - started}
    _clear(out, old)
    out.mkdir(parents=True, exist_ok=True)
    say = log or (lambda _s: None)
    say(f"archive: making {n_text} text, {n_pdf} text-layer PDF and {n_scan} scanned documents in {out}")

    rows: list[dict[str, Any]] = []
    jobs: list[tuple[str, bytes, str, str]] = []
    seen: set[str] = set()
    letters = {"text": "t", "pdf": "p", "scan": "s"}
    for kind, n in (("scan", n_scan), ("text", n_text), ("pdf", n_pdf)):  # scans first: the longest jobs
        for i, template, text, info in _variants(kind, n, seed, seen):
            source_suffix = Path(template.file).suffix
            suffix = source_suffix if kind == "text" else ".pdf"
            folder = out / info["agency"] / str(info["fiscal_year_be"])
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{template.form}_{info['fiscal_year_be']}_{letters[kind]}{i:05d}{suffix}"
            data = text.encode(template.encoding)
            row = {
                "path": str(path.relative_to(out)),
                "kind": kind,
                "template": template.file,
                "form": template.form,
                **info,
            }
            if kind == "text":
                path.write_bytes(data)
                row |= {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            else:
                jobs.append((kind, data, f"{path.stem}{source_suffix}", str(path)))
            rows.append(row)
    if jobs:
        say(f"archive: rendering {len(jobs)} PDFs with {workers} processes …")
        by_path = {str(out / r["path"]): r for r in rows}
        with get_context("fork").Pool(max(1, workers), initializer=_init_worker) as pool:
            for done, (dest, sha, size) in enumerate(pool.imap_unordered(_render, jobs, chunksize=4), 1):
                by_path[dest] |= {"sha256": sha, "bytes": size}
                if done % 200 == 0:
                    say(f"archive: {done}/{len(jobs)} PDFs")
    hashes = Counter(r["sha256"] for r in rows)
    duplicates = [h for h, n in hashes.items() if n > 1]
    if duplicates:
        raise RuntimeError(f"{len(duplicates)} documents have the same bytes as another")
    seconds = time.perf_counter() - started
    manifest = {
        "params": params,
        "counts": dict(Counter(r["kind"] for r in rows)),
        "generated_s": round(seconds, 2),
        "files": sorted(rows, key=lambda r: r["path"]),
    }
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    tmp.replace(out / MANIFEST)  # last: an interrupted run is never reused
    say(f"archive: {len(rows)} documents in {seconds:.1f} s")
    return {**manifest, "root": str(out), "cached": False, "seconds": seconds}


# ---------------------------------------------------------------------------------------------------
# check: the parsers read each variant as they read its template


def check(archive: dict[str, Any], per_template: int = 3, scans: bool = False) -> int:
    """Ingest (in this process, no OCR unless ``scans``) up to ``per_template`` variants of each template
    and kind; compare form, status, fiscal year, entries and (project reports) agency with what the
    template itself gives. Prints the differences; returns their number."""
    from pipeline.config import Config, OcrMode
    from pipeline.run.worker import ingest_file

    config = Config(show_progress=False, page_timeout_s=None, ocr=OcrMode.AUTO if scans else OcrMode.NEVER)
    base = {t.file: ingest_file(RAW / t.file, config).document for t in TEMPLATES}
    root = Path(archive["root"])
    taken: Counter[tuple[str, str]] = Counter()
    problems = checked = 0
    for row in archive["files"]:
        key = (row["template"], row["kind"])
        if taken[key] >= per_template or (row["kind"] == "scan" and not scans):
            continue
        taken[key] += 1
        doc = ingest_file(root / row["path"], config).document
        ref = base[row["template"]]
        want = {
            "form": ref.form,
            "status": ref.status,
            "fiscal_year_be": row["fiscal_year_be"],
            "n_entries": ref.n_entries - row["entries_dropped"],
        }
        if ref.agency:
            want["agency"] = row["agency"]
        got = {k: getattr(doc, k) for k in want}
        checked += 1
        if got != want:
            problems += 1
            diff = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
            print(f"differs: {row['path']} ({row['template']}): got/want {diff}")
    print(f"check: {checked} documents, {problems} differ from their template")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder of the archive (created; reused when current)")
    parser.add_argument("--text", type=int, default=100, help="text exports (default 100)")
    parser.add_argument("--pdf", type=int, default=100, help="text-layer PDFs (default 100)")
    parser.add_argument("--scan", type=int, default=2, help="scanned PDFs (default 2; ~0.5 s a page)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="render processes")
    parser.add_argument("--check", action="store_true", help="parse some variants, compare with templates")
    parser.add_argument("--check-scans", action="store_true", help="with --check: OCR the scans too (slow)")
    args = parser.parse_args()
    archive = make_archive(args.out, args.text, args.pdf, args.scan, args.seed, workers=args.workers)
    print(
        f"{sum(archive['counts'].values())} documents {archive['counts']} in {args.out}"
        + (" (reused)" if archive["cached"] else "")
    )
    if args.check and check(archive, scans=args.check_scans):
        sys.exit(1)


if __name__ == "__main__":
    main()
