"""The agencies of the Bangkok Metropolitan Administration (กรุงเทพมหานคร), as data.

Where the names come from: the BMA's own structure as its reports write it. The 50 district offices are
named ``สำนักงานเขต`` + the district's name, listed here in the order of their official district number
(the Ministry of Interior's district geocodes 1001–1050, which the BMA's district office codes
``50NN0000`` follow: บางนา 47 → ``50470000``, as project code ``50470000-3430`` of the seed report of
สำนักงานเขตบางนา shows, and ราษฎร์บูรณะ 24 → ``50240000``, as a real project page of
สำนักงานเขตราษฎร์บูรณะ shows). The departments (สำนัก) and offices (สำนักงาน) are the BMA's, with the
abbreviation the BMA's KPI pages put before a KPI title (``8/สปท.NAME : 0406-0772``) only where that
abbreviation is well established (``สปท.``, ``สสล.`` and ``สนค.`` occur in the reports and pages this
project holds); an office whose abbreviation is not certain has none here, so a title prefix never names
it by a guess.

Each department row: its canonical name (the one ``documents.agency`` carries), its abbreviations, and
other spellings of the name seen in reports (``สำนักงาน ก.ก.``). Spacing does not matter (the matcher
ignores white space inside a name), and ``สนง.`` for ``สำนักงาน`` and ``กทม.`` for ``กรุงเทพมหานคร`` are
derived by the matcher, so neither is listed here.
"""

from __future__ import annotations

from typing import Final

#: the districts of Bangkok and their district office's BMA code, by district number (1–50)
DISTRICT_OFFICES: Final[tuple[tuple[str, str], ...]] = (
    ("พระนคร", "50010000"),
    ("ดุสิต", "50020000"),
    ("หนองจอก", "50030000"),
    ("บางรัก", "50040000"),
    ("บางเขน", "50050000"),
    ("บางกะปิ", "50060000"),
    ("ปทุมวัน", "50070000"),
    ("ป้อมปราบศัตรูพ่าย", "50080000"),
    ("พระโขนง", "50090000"),
    ("มีนบุรี", "50100000"),
    ("ลาดกระบัง", "50110000"),
    ("ยานนาวา", "50120000"),
    ("สัมพันธวงศ์", "50130000"),
    ("พญาไท", "50140000"),
    ("ธนบุรี", "50150000"),
    ("บางกอกใหญ่", "50160000"),
    ("ห้วยขวาง", "50170000"),
    ("คลองสาน", "50180000"),
    ("ตลิ่งชัน", "50190000"),
    ("บางกอกน้อย", "50200000"),
    ("บางขุนเทียน", "50210000"),
    ("ภาษีเจริญ", "50220000"),
    ("หนองแขม", "50230000"),
    ("ราษฎร์บูรณะ", "50240000"),
    ("บางพลัด", "50250000"),
    ("ดินแดง", "50260000"),
    ("บึงกุ่ม", "50270000"),
    ("สาทร", "50280000"),
    ("บางซื่อ", "50290000"),
    ("จตุจักร", "50300000"),
    ("บางคอแหลม", "50310000"),
    ("ประเวศ", "50320000"),
    ("คลองเตย", "50330000"),
    ("สวนหลวง", "50340000"),
    ("จอมทอง", "50350000"),
    ("ดอนเมือง", "50360000"),
    ("ราชเทวี", "50370000"),
    ("ลาดพร้าว", "50380000"),
    ("วัฒนา", "50390000"),
    ("บางแค", "50400000"),
    ("หลักสี่", "50410000"),
    ("สายไหม", "50420000"),
    ("คันนายาว", "50430000"),
    ("สะพานสูง", "50440000"),
    ("วังทองหลาง", "50450000"),
    ("คลองสามวา", "50460000"),
    ("บางนา", "50470000"),
    ("ทวีวัฒนา", "50480000"),
    ("ทุ่งครุ", "50490000"),
    ("บางบอน", "50500000"),
)

#: the word a district office's name starts with (สำนักงานเขตบางนา)
DISTRICT_OFFICE_HEAD: Final = "สำนักงานเขต"

#: (canonical name, abbreviations, other spellings) of the BMA's departments and offices
DEPARTMENTS: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    ("สำนักปลัดกรุงเทพมหานคร", (), ()),
    ("สำนักงานปกครองและทะเบียน", ("สปท.",), ()),
    ("สำนักการโยธา", ("สนย.",), ()),
    ("สำนักการระบายน้ำ", ("สนน.",), ()),
    ("สำนักสิ่งแวดล้อม", ("สสล.",), ()),
    ("สำนักการคลัง", ("สนค.",), ()),
    ("สำนักอนามัย", ("สนอ.",), ()),
    ("สำนักการแพทย์", ("สนพ.",), ()),
    ("สำนักการศึกษา", ("สนศ.",), ()),
    ("สำนักเทศกิจ", ("สนท.",), ()),
    ("สำนักยุทธศาสตร์และประเมินผล", ("สยป.",), ()),
    ("สำนักการจราจรและขนส่ง", ("สจส.",), ()),
    ("สำนักป้องกันและบรรเทาสาธารณภัย", ("สปภ.",), ()),
    ("สำนักพัฒนาสังคม", ("สพส.",), ()),
    ("สำนักวัฒนธรรม กีฬาและการท่องเที่ยว", ("สวท.",), ()),
    ("สำนักผังเมือง", ("สผม.",), ()),  # its former name
    ("สำนักการวางผังและพัฒนาเมือง", ("สวพ.",), ()),
    ("สำนักงบประมาณกรุงเทพมหานคร", ("สงม.",), ()),
    ("สำนักงานเลขานุการผู้ว่าราชการกรุงเทพมหานคร", ("สลก.",), ()),
    ("สำนักงานเลขานุการสภากรุงเทพมหานคร", ("สลส.",), ()),
    ("สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร", (), ("สำนักงาน ก.ก.",)),
    ("สำนักงานประชาสัมพันธ์", (), ()),
    ("สำนักงานกฎหมายและคดี", ("สกค.",), ()),
    ("สำนักงานตรวจสอบภายใน", ("สตน.",), ()),
    ("สำนักงานการต่างประเทศ", (), ()),
    ("สำนักงานพัฒนาระบบราชการกรุงเทพมหานคร", (), ()),
)
