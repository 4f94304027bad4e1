"""Benchmark (not a test): the check of every PDF text layer (:mod:`parsers.text.layercheck`) — what it
costs, what it says about real files, and how a header over a scanned body reads best.

1. **cost**: on N generated text-layer PDFs (the corpus generator's, as ``bench_pdf.py`` makes them)
   and on the real PDFs of ``../shared/realdata``, each page's text layer is read as the pipeline reads
   it (text page, text and line boxes: :func:`pipeline.read.pdf_lines.read_layer`), then checked (the census
   of its scripts, the page's drawing where the census asks, the verdict); the check's time as a share
   of the reading's, per set. Then the whole reading of every file (:func:`pipeline.read.pdf.read_pdf`),
   with the check and with it stubbed out, in alternating rounds.
2. **verdicts**: per real file, the pages flagged, the reason, and the first words the page reads
   after ingestion (OCR where the layer lied).
3. **header over a scan** (needs tesseract): pages built by ``tests/lying_pdfs.py`` with a true text
   layer for a header and a scanned body; the character error rate of (a) OCR of the whole page and
   (b) the text layer's header lines with the OCR lines of the image below them.

    .venv/bin/python bench/bench_layercheck.py [--n 600] [--no-ocr]
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Final, NamedTuple

import pypdfium2 as pdfium

ROOT: Final = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pdf import generated  # noqa: E402
from lying_pdfs import mixed_page_pdf  # noqa: E402

from parsers.text.layercheck import Census, judge_layer  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.ocr.engine import Tesseract  # noqa: E402
from pipeline.ocr.render import page_image  # noqa: E402
from pipeline.read import pdf  # noqa: E402
from pipeline.read.pdf import read_pdf  # noqa: E402
from pipeline.read.pdf_lines import read_layer  # noqa: E402
from pipeline.read.pdf_look import page_look  # noqa: E402
from pipeline.run.worker import ingest_file  # noqa: E402

REALDATA: Final = ROOT.parent / "shared" / "realdata"
SETS: Final = {
    "district budgets": "napatswift_bkk-2022-budget/*.pdf",
    "national budget": "kaogeek_thailand-budget-pdf2csv/*.pdf",
    "vote-log scans": "wevisdemo_ocr-vote-log/*.pdf",
    "agency PDFs": "thai-agency-pdfs/*.pdf",
}


def cost(name: str, files: Sequence[Path]) -> None:
    """Reading time and check time of every page of ``files``, summed."""
    read = check = 0.0
    pages = looked = flagged = 0
    for path in files:
        doc = pdfium.PdfDocument(path)
        try:
            for index in range(len(doc)):
                page = doc[index]
                t0 = time.perf_counter()
                textpage = page.get_textpage()
                raw, boxes = read_layer(page, textpage)
                textpage.close()
                t1 = time.perf_counter()
                census = Census.of(raw)
                look = page_look(page, modes=census.in_doubt) if census.wants_look else None
                verdict = judge_layer(raw, look, boxes, census)
                t2 = time.perf_counter()
                page.close()
                read, check = read + t1 - t0, check + t2 - t1
                pages += 1
                looked += look is not None
                flagged += verdict is not None
        finally:
            doc.close()
    print(
        f"  {name:18s} {len(files):4d} files {pages:5d} pages: reading {read / pages * 1e3:6.3f} ms/page, "
        f"check {check / pages * 1e3:6.3f} ms/page = {check / read:5.2%} of reading; drawing looked at on "
        f"{looked} pages; {flagged} flagged"
    )


class _NoCensus(NamedTuple):
    wants_look: bool = False
    in_doubt: bool = False

    @classmethod
    def of(cls, raw: str) -> _NoCensus:
        return cls()


def whole_reads(name: str, files: Sequence[Path], rounds: int = 5) -> None:
    """:func:`pipeline.read.pdf.read_pdf` of every file (open, every page's text and line boxes, close),
    with the check and with it stubbed out, in alternating rounds; the medians."""
    timings: dict[bool, list[float]] = {True: [], False: []}
    real = (pdf.Census, pdf.judge_layer)
    try:
        for _ in range(rounds):
            for checked in (True, False):
                if checked:
                    pdf.Census, pdf.judge_layer = real  # type: ignore[misc]
                else:
                    pdf.Census, pdf.judge_layer = _NoCensus, lambda *args: None  # type: ignore[assignment,misc]
                start = time.perf_counter()
                for path in files:
                    read_pdf(path)
                timings[checked].append(time.perf_counter() - start)
    finally:
        pdf.Census, pdf.judge_layer = real  # type: ignore[misc]
    with_check, without = statistics.median(timings[True]), statistics.median(timings[False])
    print(
        f"  {name:18s} read_pdf of {len(files)} files: {without:6.2f} s without the check, "
        f"{with_check:6.2f} s with it: {with_check / without - 1:+.2%} "
        f"(medians of {rounds} alternating rounds)"
    )


def verdicts(files: Sequence[Path]) -> None:
    config = Config()
    for path in files:
        result = ingest_file(path, config)
        judged = [f for f in result.findings if f.code in ("text_layer_unusable", "text_layer_partial")]
        reasons = Counter(f.message.split(": ", 3)[-2] if ": " in f.message else f.message for f in judged)
        print(f"  {path.name}: {len(result.pages)} pages, {len(judged)} flagged")
        for reason, n in reasons.items():
            print(f"      {n} × {reason[:150]}")
        for finding in judged[:3]:
            assert finding.page is not None
            text = " ".join(result.pages[finding.page - 1].text.split())
            print(f"      page {finding.page} reads: {text[:110]}")


_HEADER: Final = ("สำนักงานเขตบางกะปิ ฝ่ายโยธา", "บันทึกข้อความ เรื่อง รายงานผลการดำเนินงาน")
_BODIES: Final = (
    (
        "ตามที่สำนักงานเขตได้ดำเนินโครงการปรับปรุงทางเท้าในพื้นที่เขต",
        "ปีงบประมาณ พ.ศ. 2566 งบประมาณ 1,250,000 บาท",
        "ผลการดำเนินงาน ณ วันที่ 30 กันยายน 2566 ร้อยละ 85.50",
        "จึงเรียนมาเพื่อโปรดทราบ",
    ),
    (
        "ด้วยฝ่ายรักษาความสะอาดและสวนสาธารณะได้จัดเก็บขยะมูลฝอย",
        "ระหว่างวันที่ 1 ตุลาคม 2565 ถึงวันที่ 31 มีนาคม 2566",
        "ปริมาณขยะที่จัดเก็บได้ 12,480 ตัน คิดเป็นร้อยละ 97.2 ของเป้าหมาย",
        "ทั้งนี้ ได้แนบรายละเอียดมาพร้อมนี้แล้ว",
    ),
    (
        "สำนักงานเขตขอรายงานความก้าวหน้าโครงการก่อสร้างเขื่อนริมคลอง",
        "ความยาว 850 เมตร ผู้รับจ้าง ห้างหุ้นส่วนจำกัด ช่างไทย",
        "เบิกจ่ายแล้ว 3,400,000 บาท จากวงเงิน 5,000,000 บาท",
        "คาดว่าจะแล้วเสร็จภายในเดือนมิถุนายน 2566",
    ),
)


def _cer(truth: str, read: str) -> float:
    a, b = "".join(truth.split()), "".join(read.split())
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return 1 - sum(m.size for m in matcher.get_matching_blocks()) / max(len(a), 1)


def mixed(work: Path) -> None:
    engine = Tesseract()
    whole_cer: list[float] = []
    hybrid_cer: list[float] = []
    for n, body in enumerate(_BODIES):
        path = work / f"mixed{n}.pdf"
        path.write_bytes(mixed_page_pdf(_HEADER, body))
        truth = "\n".join((*_HEADER, *body))
        doc = pdfium.PdfDocument(path)
        try:
            page = doc[0]
            textpage = page.get_textpage()
            layer, _ = read_layer(page, textpage)
            textpage.close()
            look = page_look(page)
            page.close()
            ocr = engine.recognize(page_image(doc, 0, 300))
        finally:
            doc.close()
        scale = 72 / 300
        image = max(look.images, key=lambda i: i.area)
        below = [
            ocr.text[line.start : line.end]
            for line in ocr.lines
            if (line.top + line.bottom) / 2 * scale >= image.top
        ]
        whole_cer.append(_cer(truth, ocr.text))
        hybrid_cer.append(_cer(truth, "\n".join((layer, *below))))
    print(
        f"  {len(_BODIES)} pages: OCR of the whole page CER {sum(whole_cer) / len(whole_cer):.2%} "
        f"({', '.join(f'{c:.1%}' for c in whole_cer)}); header from the text layer + OCR of the image "
        f"CER {sum(hybrid_cer) / len(hybrid_cer):.2%} ({', '.join(f'{c:.1%}' for c in hybrid_cer)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=600, help="generated PDFs (default 600)")
    parser.add_argument("--no-ocr", action="store_true", help="skip what needs OCR (verdicts, mixed pages)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("1. cost of the check, against reading the text layer (text page, text, line boxes):")
        (work / "gen").mkdir()
        corpus = generated(work / "gen", args.n)
        cost("generated", corpus)
        real = {name: sorted(REALDATA.glob(pattern)) for name, pattern in SETS.items()}
        for name, files in real.items():
            if files:
                cost(name, files)
        print("\n   the whole reading of each file, with and without the check:")
        whole_reads("generated", corpus)
        if real["district budgets"]:
            whole_reads("district budgets", real["district budgets"], rounds=3)
        if args.no_ocr:
            return
        print("\n2. verdicts on the real files (ingested with OCR):")
        verdicts([f for files in real.values() for f in files if "thai-agency" in str(f)])
        print("\n3. a header in the text layer over a scanned body:")
        mixed(work)


if __name__ == "__main__":
    main()
