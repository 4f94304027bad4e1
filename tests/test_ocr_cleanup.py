"""The post-OCR clean-up: each step on real-looking tesseract output, good text never damaged."""

from __future__ import annotations

from pathlib import Path

import pytest
from goldcheck import REPO, SEEDS

from parsers.repair.normalize import STEPS, normalize, with_earlier_banners
from parsers.repair.ocr_cleanup import OCR_STEPS, vocabulary
from parsers.repair.ocrtext import ocr_chain, read_ocr_page
from pipeline.read.sources import read_source
from schemas.codes import FINDING_CODES

RAW = REPO / "data" / "raw"


def _run(step_code: str, text: str) -> str:
    step = {s.code: s for s in OCR_STEPS}[step_code]
    return normalize(text, [step]).text


@pytest.mark.parametrize(
    ("code", "ocr", "expected"),
    [
        # a letter gap read as a space, inside a word: joined; spaces between words stay
        ("ocr_spaces", "สำนัก งาน เขตจตุจักร", "สำนักงานเขตจตุจักร"),  # a dictionary word whole
        ("ocr_spaces", "ประ ชุม ชี้ แจง แนวทาง", "ประชุม ชี้แจง แนวทาง"),
        ("ocr_spaces", "ขยะอินทรีย์ ขยะรีไซเคิล ขยะทั่วไป", "ขยะอินทรีย์ ขยะรีไซเคิล ขยะทั่วไป"),
        # never next to an abbreviation or before ๆ
        ("ocr_spaces", "ประจำปีงบประมาณ พ.ศ. 2566 ต่าง ๆ", "ประจำปีงบประมาณ พ.ศ. 2566 ต่าง ๆ"),
        # a tone stacked over an upper vowel, dropped by the OCR
        ("ocr_tones", "ตัวชีวัด : ไตรมาสที 2", "ตัวชี้วัด : ไตรมาสที่ 2"),
        ("ocr_tones", "รับแจ้งเรืองร้องเรียน จำนวน 286 เรือง", "รับแจ้งเรื่องร้องเรียน จำนวน 286 เรื่อง"),
        ("ocr_tones", "ทีมงาน ติดตาม ชีวิต", "ทีมงาน ติดตาม ชีวิต"),
        ("ocr_tones", "ผลงานตำกว่าเป้าหมาย รายงานครังที่4", "ผลงานต่ำกว่าเป้าหมาย รายงานครั้งที่4"),
        # ำ read as า (its NIKHAHIT lost) or as ้า (read as a tone)
        ("ocr_am", "ระดับน้าในคลอง จ้านวน 12 จุด", "ระดับน้ำในคลอง จำนวน 12 จุด"),
        ("ocr_am", "ทาให้ผลงานต่ำกว่าเป้าหมาย", "ทำให้ผลงานต่ำกว่าเป้าหมาย"),
        ("ocr_am", "โครงการ “บางนาพารู้” กับ นาข้าว", "โครงการ “บางนาพารู้” กับ นาข้าว"),  # as cheap: kept
        # a comma of a grouped number read as a point; nothing else in a number
        (
            "ocr_digits",
            "= 1.020,000 บาท 70.00 % 1,047 28/10/2563",
            "= 1,020,000 บาท 70.00 % 1,047 28/10/2563",
        ),
        ("ocr_digits", "3.14 1.047 12.500 1,021.020,000", "3.14 1.047 12.500 1,021.020,000"),
        # near misses of report words
        ("ocr_vocabulary", "*ผูลประเมินตัวชี้วัด*", "*ผลประเมินตัวชี้วัด*"),
        ("ocr_vocabulary", "ลงวันที่ 9 มิถุนายบ 2565", "ลงวันที่ 9 มิถุนายน 2565"),
        ("ocr_vocabulary", "ค่าเป้าหมาข ร้อยละ : 80", "ค่าเป้าหมาย ร้อยละ : 80"),
        ("ocr_vocabulary", "สำนักงานเขตจตุจักห", "สำนักงานเขตจตุจักร"),
        ("ocr_vocabulary", "= ความค้าวหน้าของงานฯ = 100.00 %", "= ความก้าวหน้าของงานฯ = 100.00 %"),
        ("ocr_vocabulary", "ปิดประชุม เวสา 15:05 น.", "ปิดประชุม เวลา 15:05 น."),
        # a long name one letter off, though the miss is made of words too (น้า)
        ("ocr_vocabulary", "หน่วยงาน : สำนักการระบายน้า / ฝ่าย", "หน่วยงาน : สำนักการระบายน้ำ / ฝ่าย"),
        # a report word as written is never made another one letter away
        ("ocr_vocabulary", "สำนักงานเขตบางนา สำนักงานเขตบางแค", "สำนักงานเขตบางนา สำนักงานเขตบางแค"),
        # spaces before an abbreviation's dot
        (
            "ocr_dots",
            "3/สนค .ความสำเร็จ เวลา 13.30 น . ณ กทม . ระยะ",
            "3/สนค.ความสำเร็จ เวลา 13.30 น. ณ กทม. ระยะ",
        ),
        ("ocr_dots", "ตำแหน่ง ..... ลงชื่อ", "ตำแหน่ง ..... ลงชื่อ"),
    ],
)
def test_each_ocr_step(code: str, ocr: str, expected: str) -> None:
    assert _run(code, ocr) == expected


def test_whole_chain_on_an_ocr_line() -> None:
    """ำ as ํ + า, a dropped tone and a space inside a word, as tesseract writes them."""
    page = read_ocr_page("ผลงานทีทําได้ ร้อยละ : 87.50\nประ ชุม ชี้แจง เมื่อวันที่ 28/10/2563", STEPS)
    assert page.normalized.text == "ผลงานที่ทำได้ ร้อยละ : 87.50\nประชุม ชี้แจง เมื่อวันที่ 28/10/2563"
    codes = {r.code for r in page.normalized.repairs}
    assert {"sara_am_split", "ocr_tones", "ocr_spaces"} <= codes
    # every edit maps back to the raw OCR text
    text = page.normalized.text
    start = text.index("ที่ทำ")
    assert page.normalized.mapped.raw_slice(start, start + 5) == "ทีทํา"


@pytest.mark.parametrize(
    "value", ["28/10/2563", "70.00", "1,047", "1/31/2021", "2023-10-01", "๕.๔.๑", "0406-0772", "100 / 100"]
)
def test_numbers_and_dates_are_never_edited(value: str) -> None:
    """Damaged Thai all around a value: the Thai is repaired, the value is kept as read."""
    raw = f"ตัวชีวัด {value} สำนัก งาน ไตรมาสที {value}:ผูลประเมิน {value}"
    text = read_ocr_page(raw, STEPS).normalized.text
    assert text.count(value) == 3
    assert text.startswith("ตัวชี้วัด ")


def test_every_finding_code_is_listed() -> None:
    for step in ocr_chain(STEPS):
        assert step.code in FINDING_CODES, step.code


def test_vocabulary_is_thai_and_longest_first() -> None:
    words = vocabulary()
    assert "สำนักงานเขตบางนา" in words and "กุมภาพันธ์" in words and "ตัวชี้วัด" in words
    assert [len(w) for w in words] == sorted((len(w) for w in words), reverse=True)


def _clean_texts() -> list[tuple[str, list[str]]]:
    paths = [p for p in sorted(RAW.iterdir()) if p.suffix in {".txt", ".html"}]
    paths += sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    out = []
    for path in paths:
        source = read_source(path)
        if not source.failed and any(page.strip() for page in source.pages):
            out.append((path.name, list(source.pages)))
    return out


@pytest.mark.parametrize(("name", "pages"), _clean_texts(), ids=[n for n, _ in _clean_texts()])
def test_good_text_passes_unchanged(name: str, pages: list[str]) -> None:
    """Source text read as if it were OCR output comes out as the normal chain makes it: the OCR
    steps never damage good text (the dictionary steps run on every page here)."""
    earlier: frozenset[str] = frozenset()
    for raw in pages:
        steps = with_earlier_banners(STEPS, earlier)
        expected = normalize(raw, steps).text
        full = normalize(raw, ocr_chain(steps)).text
        assert full == expected, name
        assert read_ocr_page(raw, steps).normalized.text == expected, name
        earlier |= {line.strip() for line in raw.splitlines() if line.strip().startswith("****")}


def test_seeds_are_there_or_skipped() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    assert len(list(Path(SEEDS).glob("*.txt"))) == 5


def test_specks_at_a_line_start_or_end_are_removed_but_bullets_stay() -> None:
    from parsers.repair.ocr_cleanup import ocr_specks
    from parsers.text.textmap import MappedText

    text = "| ที่ 1) = 0 บาท\nงบประมาณที่ '\n. . โครงการ\n- รายงานครั้งที่1 :: งาน\n:: ข้อความ ,\nสิ้นปี."
    cleaned = MappedText.identity(text).apply(ocr_specks(text)).text
    assert cleaned == "ที่ 1) = 0 บาท\nงบประมาณที่\nโครงการ\n- รายงานครั้งที่1 :: งาน\n:: ข้อความ\nสิ้นปี."
