"""The audit report's words in Thai and English: its labels, the severities, the meaning of each finding
code it shows (the glossary), and dates in the Buddhist Era with the Common Era beside.

Thai is the report's default (``raingan audit --lang th``); English is ``--lang en``. A finding's own
message is the check's English sentence, which quotes the document; in Thai the code's meaning is shown
above it in Thai, and every ISO date in it is written as a Thai date, Buddhist Era first.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from schemas.codes import FINDING_CODES, FindingCode

LANGS: Final = ("th", "en")

#: the report's labels: key → (Thai, English)
LABELS: Final[dict[str, tuple[str, str]]] = {
    "title": ("รายงานการตรวจสอบ raingan", "raingan audit"),
    "output": ("โฟลเดอร์ผลลัพธ์", "output"),
    "generated": ("สร้างเมื่อ", "generated"),
    "overview": ("ภาพรวม", "Overview"),
    "summary": ("สรุป", "Summary"),
    "by_agency": ("ข้อสังเกตตามหน่วยงาน", "Findings by agency"),
    "by_code": ("ข้อสังเกตตามรหัส", "Findings by code"),
    "series": ("ชุดตัวชี้วัดและโครงการ", "KPI and project series"),
    "series_short": ("ชุดข้อมูล", "Series"),
    "findings": ("ข้อสังเกต", "Findings"),
    "glossary": ("ความหมายของรหัส", "Glossary of codes"),
    "documents": ("เอกสาร", "documents"),
    "document": ("เอกสาร", "document"),
    "agency": ("หน่วยงาน", "agency"),
    "no_agency": ("(ไม่ระบุหน่วยงาน)", "(agency not stated)"),
    "fiscal_year": ("ปีงบประมาณ", "fiscal year"),
    "code": ("รหัส", "code"),
    "severity": ("ระดับ", "severity"),
    "count": ("จำนวน", "count"),
    "meaning": ("ความหมาย", "meaning"),
    "total": ("รวม", "total"),
    "search": ("ค้นหา (ชื่อ, ไฟล์, ข้อความ)", "search (title, file, text)"),
    "all": ("ทั้งหมด", "all"),
    "reset": ("ล้างตัวกรอง", "clear filters"),
    "shown": ("แสดง", "shown"),
    "of": ("จาก", "of"),
    "no_findings": ("ไม่มีข้อสังเกต", "No findings."),
    "no_series": ("ไม่มีชุดตัวชี้วัดหรือโครงการในผลลัพธ์นี้", "No KPI or project series in this output."),
    "nothing_matches": ("ไม่มีรายการที่ตรงกับตัวกรอง", "Nothing matches the filters."),
    "year": ("ปี", "year"),
    "target": ("เป้าหมาย", "target"),
    "achieved": ("ผลงาน", "achieved"),
    "final": ("ล่าสุด", "final"),
    "audit_findings": ("ข้อสังเกตจากการตรวจ", "audit findings"),
    "matched_by": ("จับคู่โดย", "matched by"),
    "series_chart": ("กราฟชุดข้อมูล", "series chart"),
    "entry": ("รายการ", "entry"),
    "page": ("หน้า", "page"),
    "evidence": ("หลักฐาน", "evidence"),
    "form": ("แบบรายงาน", "form"),
    "status": ("สถานะ", "status"),
    "details": ("รายละเอียด (ภาษาอังกฤษ)", "details"),
    "no_chart": ("ไม่มีค่าความก้าวหน้าให้วาดกราฟ", "no progress values to chart"),
    "left_out": (
        "ข้อสังเกตระดับข้อมูล {n} รายการไม่ได้แสดงที่นี่ (แสดงข้อผิดพลาดและคำเตือนทั้งหมด และข้อมูล {kept} "
        "รายการแรก) ตาราง findings มีครบทุกรายการ",
        "{n} info findings are not listed here (the list keeps every error and warning and the first {kept} "
        "info findings); the findings table has them all.",
    ),
    "kpi_history_rows": ("แถวใน kpi_history", "kpi_history rows"),
    "partial_documents": ("เอกสารที่อ่านได้บางส่วน", "partial documents"),
    "failed_documents": ("เอกสารที่อ่านไม่ได้", "failed documents"),
    "counts_note": (
        "ตัวเลขนับเฉพาะที่แสดง: ข้อสังเกตทั้งหมดจากการตรวจ และข้อสังเกตจากการอ่านที่เป็นข้อผิดพลาดหรือคำเตือน "
        "ตาราง findings มีทุกรายการ",
        "Counts are of what is shown: every audit finding, and those of reading and parsing that are errors, "
        "warnings or notable notes; the findings table has every one.",
    ),
}

#: the severities' names
SEVERITY_WORDS: Final[dict[str, tuple[str, str]]] = {
    "error": ("ข้อผิดพลาด", "error"),
    "warning": ("คำเตือน", "warning"),
    "info": ("ข้อมูล", "info"),
}

#: what each code the report shows means, in Thai (English: schemas.codes.FINDING_CODES)
GLOSSARY_TH: Final[dict[FindingCode, str]] = {
    FindingCode.PERIOD_MISMATCH: "ช่วงเวลาขัดกัน: ปีงบประมาณที่รายงานระบุ ไม่ตรงกับวันเริ่มและวันสิ้นสุดโครงการ "
    "หรือกับวันที่ของรายงาน",
    FindingCode.REPORT_BEFORE_START: "รายงานลงวันที่ก่อนวันเริ่มโครงการ",
    FindingCode.REPORT_AFTER_END: "รายงานลงวันที่หลังวันสิ้นสุดโครงการ",
    FindingCode.CITED_YEAR_CONFLICT: "หนังสือที่อ้างถึง มีปีในเลขที่หนังสือไม่ตรงกับปีของวันที่ลงหนังสือ "
    "(เช่น ที่ 29/2566 ลงวันที่ 25 มกราคม 2565)",
    FindingCode.DATE_AFTER_PERIOD: "มีวันที่ที่อ้างถึงอยู่หลังช่วงเวลาที่รายงานครอบคลุม",
    FindingCode.PROGRESS_DOWN: "ความก้าวหน้าลดลงจากรายงานครั้งก่อน",
    FindingCode.FINAL_MISMATCH: "ความก้าวหน้าครั้งสุดท้ายไม่ตรงกับผลงานที่ทำได้ที่ระบุไว้",
    FindingCode.TARGET_SCALE: "เป้าหมายกับผลงานอยู่คนละมาตราส่วน (เช่น คะแนนกับร้อยละ)",
    FindingCode.SCORE_INCONSISTENT: "คะแนนไม่สอดคล้องกับผลงาน (มีผลงานในไตรมาส แต่คะแนนเป็น 0)",
    FindingCode.ARITHMETIC_MISMATCH: "ตัวเลขที่ควรรวมหรือคำนวณกันได้ ไม่ลงตัว",
    FindingCode.BUDGET_OVERSPENT: "เบิกจ่ายงบประมาณเกินกว่างบที่ได้รับ",
    FindingCode.DUPLICATE_ENTRY: "ข้อความรายงานซ้ำกับรายการก่อนหน้า (อาจคัดลอกมา)",
    FindingCode.FROZEN_METRICS: "ตัวเลขเท่าเดิมทุกครั้งที่รายงาน",
    FindingCode.KPI_UNIT_CHANGED: "หน่วยของตัวชี้วัดเปลี่ยนไปในปีงบประมาณต่างกัน",
    FindingCode.KPI_TARGET_CHANGED: "ค่าเป้าหมายของตัวชี้วัดเปลี่ยนไปในปีงบประมาณต่างกัน",
    FindingCode.KPI_TITLE_CHANGED: "ชื่อตัวชี้วัดเปลี่ยนไปในปีงบประมาณต่างกัน",
    FindingCode.KPI_MISSING_YEAR: "ขาดรายงานของบางปีงบประมาณในช่วงที่มีรายงาน",
    FindingCode.KPI_RESULT_JUMP: "ผลงานเปลี่ยนไปมากผิดปกติระหว่างปี",
    FindingCode.KPI_SAME_YEAR: "ตัวชี้วัดเดียวกันมีรายงานสองฉบับในปีงบประมาณเดียวกัน",
    FindingCode.BUDGET_TARGET_JUMP: (
        "ค่าเป้าหมายในเอกสารงบประมาณเปลี่ยนไป 10 เท่าขึ้นไประหว่างปี หรือต่างจากเอกสารอื่นของหน่วยงานเดียวกัน"
    ),
    FindingCode.BUDGET_TARGET_UNIT: "ค่าเป้าหมายเดียวกันของหน่วยงานเดียวกันใช้หน่วยนับต่างกันในเอกสารงบประมาณคนละฉบับ",
    FindingCode.TEXT_REPAIRED: "ข้อความชำรุดและได้รับการซ่อมก่อนอ่าน ข้อความเดิมอยู่ใน pages.text_raw",
    FindingCode.TEXT_SUSPECT: "บางค่าอาจอ่านผิด เพราะข้อความตรงนั้นชำรุด",
    FindingCode.AUDIT_ERROR: "การตรวจข้อหนึ่งหยุดทำงานกับเอกสารนี้ (ข้อบกพร่องของโปรแกรม โปรดแจ้ง)",
    FindingCode.LAYOUT_SHIFT: "รูปแบบของรายงานต่างจากที่แบบฟอร์มกำหนด (อ่านได้ แต่ควรตรวจ)",
    FindingCode.OUTSIDE_QUARTER: "วันที่ของรายการอยู่นอกไตรมาสที่ระบุ",
    FindingCode.OUTSIDE_FY: "วันที่ของรายการอยู่นอกปีงบประมาณของรายงาน",
    FindingCode.TWO_DIGIT_YEAR: "ปีเขียนเป็นเลขสองหลัก (ตีความตามปีงบประมาณ)",
}

_THAI_MONTHS: Final = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
_ISO_DATE: Final = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def word(key: str, lang: str) -> str:
    """The label ``key`` in ``lang``."""
    th, en = LABELS[key]
    return th if lang == "th" else en


def severity_word(severity: str, lang: str) -> str:
    th, en = SEVERITY_WORDS[severity]
    return th if lang == "th" else en


def meaning(code: str, lang: str) -> str:
    """What ``code`` means, in ``lang`` (English where no Thai is written)."""
    try:
        member = FindingCode(code)
    except ValueError:
        return ""
    if lang == "th" and member in GLOSSARY_TH:
        return GLOSSARY_TH[member]
    return FINDING_CODES.get(member, "")


def be_date(value: date, lang: str) -> str:
    """A date as the report shows it: ``1 ต.ค. 2566 (2023-10-01)`` in Thai, ``2023-10-01 (BE 2566)``."""
    if lang == "th":
        return f"{value.day} {_THAI_MONTHS[value.month - 1]} {value.year + 543} ({value.isoformat()})"
    return f"{value.isoformat()} (BE {value.year + 543})"


def be_dates(text: str, lang: str) -> str:
    """``text`` with every ISO date in it written as :func:`be_date` does (in Thai; English keeps them)."""
    if lang != "th":
        return text

    def one(m: re.Match[str]) -> str:
        try:
            return be_date(date(int(m[1]), int(m[2]), int(m[3])), lang)
        except ValueError:
            return m[0]

    return _ISO_DATE.sub(one, text)


def fiscal_year(be: int | None, lang: str) -> str:
    """A fiscal year with its CE year beside: ``2566 (2023)``; ``–`` when unknown."""
    if be is None:
        return "–"
    return f"{be} ({be - 543})" if lang == "th" else f"{be} (CE {be - 543})"
