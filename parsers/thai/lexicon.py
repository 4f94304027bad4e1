"""Thai vocabulary as typed tables.

Every regex in :mod:`parsers` that needs a Thai word is built from these tables, so a new
spelling is added here once and every parser sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from parsers.thai.agency_table import DISTRICT_OFFICES


@dataclass(frozen=True)
class Month:
    """One calendar month and every way the reports write it.

    >>> MONTHS[9].full
    'ตุลาคม'
    """

    number: int
    full: str
    abbr: str  # with dots, as printed: "ม.ค."
    short: tuple[str, ...]  # clipped spoken forms: "มกรา"; กรกฎาคม has none in common use

    @property
    def spellings(self) -> tuple[str, ...]:
        """All spellings, longest first so an alternation never stops at a prefix."""
        return tuple(
            sorted({self.full, self.abbr, self.abbr.rstrip("."), *self.short}, key=len, reverse=True)
        )


MONTHS: Final[tuple[Month, ...]] = (
    Month(1, "มกราคม", "ม.ค.", ("มกรา",)),
    Month(2, "กุมภาพันธ์", "ก.พ.", ("กุมภา",)),
    Month(3, "มีนาคม", "มี.ค.", ("มีนา",)),
    Month(4, "เมษายน", "เม.ย.", ("เมษา",)),
    Month(5, "พฤษภาคม", "พ.ค.", ("พฤษภา",)),
    Month(6, "มิถุนายน", "มิ.ย.", ("มิถุนา",)),
    Month(7, "กรกฎาคม", "ก.ค.", ()),
    Month(8, "สิงหาคม", "ส.ค.", ("สิงหา",)),
    Month(9, "กันยายน", "ก.ย.", ("กันยา",)),
    Month(10, "ตุลาคม", "ต.ค.", ("ตุลา",)),
    Month(11, "พฤศจิกายน", "พ.ย.", ("พฤศจิกา",)),
    Month(12, "ธันวาคม", "ธ.ค.", ("ธันวา",)),
)

#: spelling -> month number, for every spelling of every month
MONTH_BY_SPELLING: Final[dict[str, int]] = {s: m.number for m in MONTHS for s in m.spellings}

#: Monday=0 .. Sunday=6, as :meth:`datetime.date.weekday` numbers them
WEEKDAYS: Final[tuple[tuple[str, ...], ...]] = (
    ("จันทร์",),
    ("อังคาร",),
    ("พุธ",),
    ("พฤหัสบดี", "พฤหัส", "พฤหัสฯ"),
    ("ศุกร์",),
    ("เสาร์",),
    ("อาทิตย์",),
)
WEEKDAY_BY_NAME: Final[dict[str, int]] = {name: i for i, names in enumerate(WEEKDAYS) for name in names}

THAI_DIGITS: Final[str] = "๐๑๒๓๔๕๖๗๘๙"
THAI_TO_ARABIC: Final[dict[int, int]] = {ord(t): ord(str(i)) for i, t in enumerate(THAI_DIGITS)}

#: Buddhist Era = Common Era + 543
BE_OFFSET: Final[int] = 543

#: era markers written before a year
ERA_BE: Final[tuple[str, ...]] = ("พ.ศ.", "พ.ศ")
ERA_CE: Final[tuple[str, ...]] = ("ค.ศ.", "ค.ศ")

#: words that introduce a fiscal year ("ปีงบประมาณ พ.ศ. 2564")
FISCAL_YEAR_WORDS: Final[tuple[str, ...]] = ("ปีงบประมาณ", "ปีงบฯ")
#: words that name a year of the administration's annual cycle when an era marker follows: a plan
#: "ประจำปี พ.ศ. 2563" is the plan of fiscal year 2563 (a bare "ประจำปี 2563" is not read: too weak)
ANNUAL_YEAR_WORDS: Final[tuple[str, ...]] = ("ประจำปี",)

#: words that qualify a month-only mention: "ช่วงกลางเดือน" = mid-month
MONTH_QUALIFIERS: Final[dict[str, str]] = {
    "ช่วงต้นเดือน": "early",
    "ต้นเดือน": "early",
    "ช่วงกลางเดือน": "mid",
    "กลางเดือน": "mid",
    "ช่วงปลายเดือน": "late",
    "ปลายเดือน": "late",
}

#: words that, right before "N/YYYY", make it a document number, not a date
DOCUMENT_NUMBER_PREFIXES: Final[tuple[str, ...]] = ("ที่", "เลขที่", "กท", "ฝบ.", "คำสั่ง", "หนังสือ")

#: the audit: words before "N/YYYY" that make it a numbered order or letter (ที่ 29/2566) …
ORDER_NUMBER_WORDS: Final[tuple[str, ...]] = ("เลขที่", "ที่")
#: … and the words between it and the date it was signed (ลงวันที่ 25 มกราคม 2565)
CITED_DATE_WORDS: Final[tuple[str, ...]] = ("ลงวันที่", "ลงวันที", "ลว.")
#: the audit's arithmetic: a difference (ลดลง จำนวน 226 คำถาม) …
CHANGE_WORDS: Final[tuple[str, ...]] = ("ลดลง", "เพิ่มขึ้น", "ลดน้อยลง", "เพิ่มมากขึ้น", "ต่างกัน")
#: … and its share of the first figure (คิดเป็นร้อยละ 26.87)
SHARE_WORDS: Final[tuple[str, ...]] = ("คิดเป็น",)

#: units of counted things seen in the reports, longest first when compiled.
#: Kept as written; "คน/โพสต์" style rates are matched by the number parser separately.
COUNT_UNITS: Final[tuple[str, ...]] = (
    "คน",
    "ราย",
    "ครั้ง",
    "เรื่อง",
    "โพสต์",
    "ความคิดเห็น",
    "ความรู้สึก",
    "ชุด",
    "โครงการ/กิจกรรม",
    "โครงการ",
    "กิจกรรม",
    "หน่วยงาน",
    "คำถาม",
    "กระบวนงาน",
    "คลิป",
    "แห่ง",
    "ฉบับ",
    "ด้าน",
    "ขั้นตอน",
    "วันทำการ",
    "วัน",
    "เดือน",
    "ชั่วโมง",
    "แบบ",
    "หลักสูตร",
    "ชุมชน",
    "เขต",
    "จุด",
    "ตัวชี้วัด",
    "คะแนน",
    "หลัง",
    "คัน",
    "ต้น",
    "ตัน",
    "กิโลกรัม",
    "กิโลเมตร",
    "เมตร",
    "ตารางเมตร",
    "ไร่",
    "ห้อง",
    "เครื่อง",
    "ระบบ",
    "รายการ",
    "ข่าว",
    "คลอง",
    "ถนน",
    "ประเด็น",
    # common classifiers (ลักษณนาม) of counted things in district and agency reports
    "ครัวเรือน",
    "สถานี",
    "ป้าย",
    "ธนาคาร",
    "สาย",
    "โคม",
    "ดวง",
    "เล่ม",
    "แผ่น",
    "ชิ้น",
    "ตัว",
    "กลุ่ม",
    "ทีม",
    "องค์กร",
    "โรงเรียน",
    "ศูนย์",
    "บ่อ",
    "ท่อ",
    "สะพาน",
    "ซอย",
    "ลำ",
    "ลูก",
    "ถุง",
    "ใบ",
    "เครือข่าย",
    "นวัตกรรม",
    "คำร้อง",
)

CURRENCY_UNITS: Final[tuple[str, ...]] = ("บาท", "ล้านบาท")

PERCENT_WORD: Final[str] = "ร้อยละ"

#: unit words written between a label and its separator (``ค่าเป้าหมาย ร้อยละ :``, ``ค่าเป้าหมาย ระดับ :``);
#: these are known well enough to be read even glued to the label, as an OCR may write them
#: (``ผลงานที่ทำได้คะแนน : 90``)
LABEL_UNITS: Final[tuple[str, ...]] = (PERCENT_WORD, "คะแนน", "ระดับ", "ผลลัพธ์", *COUNT_UNITS)

#: units (and Thai classifiers) that a number stands before inside a phrase: ``ภายใน 72 ชั่วโมง``,
#: ``ถนนสายหลัก 36 สาย``. A label read back from a number passes through "number unit" instead of
#: stopping at the unit (which would make the previous number's unit the label)
QUALIFIER_UNITS: Final[tuple[str, ...]] = (
    *COUNT_UNITS,
    PERCENT_WORD,
    "%",
    "วัน",
    "วันทำการ",
    "ชั่วโมง",
    "นาที",
    "เดือน",
    "ปี",
    "จุด",
    "สาย",
    "ต้น",
    "โคม",
    "เขต",
    "ขั้น",
    "ข้อ",
)

#: organisation words that start an agency name ("สำนักงานเขตบางนา", "สำนักการโยธา")
AGENCY_HEADS: Final[tuple[str, ...]] = ("สำนักงานเขต", "สำนักงาน", "สำนัก", "กอง", "ศูนย์")

#: the BMA's departments, as agencies are named in its reports
BMA_DEPARTMENTS: Final[tuple[str, ...]] = (
    "สำนักปลัดกรุงเทพมหานคร",
    "สำนักการระบายน้ำ",
    "สำนักการโยธา",
    "สำนักการจราจรและขนส่ง",
    "สำนักการวางผังและพัฒนาเมือง",
    "สำนักสิ่งแวดล้อม",
    "สำนักอนามัย",
    "สำนักการแพทย์",
    "สำนักการศึกษา",
    "สำนักการคลัง",
    "สำนักเทศกิจ",
    "สำนักพัฒนาสังคม",
    "สำนักวัฒนธรรม กีฬาและการท่องเที่ยว",
    "สำนักป้องกันและบรรเทาสาธารณภัย",
    "สำนักยุทธศาสตร์และประเมินผล",
    "สำนักงบประมาณกรุงเทพมหานคร",
    "สำนักงานการเจ้าหน้าที่",
    "สำนักงานกฎหมายและคดี",
)

#: the 50 districts of Bangkok (สำนักงานเขต + name names their office), by district number
DISTRICTS: Final[tuple[str, ...]] = tuple(name for name, _ in DISTRICT_OFFICES)

#: labels of the report forms and other report words that OCR must get right (the near misses the OCR
#: clean-up corrects, :mod:`parsers.repair.ocr_cleanup`), beyond the tables above
REPORT_WORDS: Final[tuple[str, ...]] = (
    "ชื่อตัวชี้วัด",
    "ตัวชี้วัด",
    "ระดับความสำเร็จ",
    "ผลผลิต",
    "ผลลัพธ์",
    "สนับสนุนแผนพัฒนา",
    "ประเด็นยุทธศาสตร์",
    "เป้าประสงค์",
    "คำนิยาม",
    "วิธีการคำนวณ",
    "เป้าหมาย",
    "ค่าเป้าหมาย",
    "ผลงานที่ทำได้",
    "รายงานผลการดำเนินงาน",
    "รายไตรมาส",
    "ไตรมาสที่",
    "สรุปผลการดำเนินงาน",
    "ปลายปีงบประมาณ",
    "ปัจจัยสนับสนุนการดำเนินงาน",
    "อุปสรรคต่อการดำเนินงาน",
    "หลักฐานอ้างอิง",
    "ผู้รับผิดชอบโครงการ",
    "ลงชื่อ",
    "ตำแหน่ง",
    "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ",
    "ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ",
    "รหัสโครงการและชื่อโครงการ",
    "ชื่อโครงการ",
    "รหัสโครงการ",
    "ปีงบประมาณ",
    "งบประมาณ",
    "เริ่มต้นโครงการ",
    "สิ้นสุดโครงการ",
    "งบประมาณที่ได้รับ",
    "งบประมาณที่ใช้ไป",
    "หน่วยงานที่รับผิดชอบ",
    "ชื่อผู้รับผิดชอบ",
    "ผู้ประสานงาน",
    "หลักการและเหตุผล",
    "วัตถุประสงค์ของโครงการ",
    "เป้าหมายของโครงการ",
    "รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ",
    "รายงานครั้งที่",
    "ความก้าวหน้าของงาน",
    "งบประมาณที่เบิกใช้",
    "ครั้งที่",
    "เป็นไปตามแผน",
    "เป็นไปตามเป้าหมาย",
    "รายละเอียดการดำเนินงาน",
    "ขอรับรองว่า",
    "รายละเอียดตัวชี้วัด",
    "ประเภทตัวชี้วัด",
    "ตัวชี้วัดงานประจำ",
    "ตัวชี้วัดเชิงยุทธศาสตร์",
    "ตัวชี้วัดระดับผลลัพธ์",
    "ตรวจประเมินตัวชี้วัด",
    "ผลงานเทียบกับเป้าหมายรายไตรมาส",
    "ผลประเมินตัวชี้วัด",
    "รายงานผล",
    "นิยาม",
    "หรือความหมายของตัวชี้วัด",
    "เกณฑ์การประเมิน",
    "วิธีการเก็บข้อมูล",
    "แหล่งข้อมูล",
    "สนับสนุนยุทธศาสตร์กรุงเทพมหานคร",
    "กรุงเทพมหานคร",
    "โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด",
    "ฐานข้อมูลประกอบตัวชี้วัดการพัฒนาเมือง",
    "ร้อยละ",
    "คะแนน",
    "บาท",
    "จำนวน",
    "ลงวันที่",
    "เมื่อวันที่",
    "ในวันที่",
    "ตั้งแต่วันที่",
    "เวลา",
    "ประจำปีงบประมาณ",
    "ภายในปีงบประมาณ",
    "สำนักงานเขต",
)
