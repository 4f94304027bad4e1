"""The words of Thai official documents that are not report forms (หนังสือราชการ): a table, read by the
generic reading of documents of no known form (:mod:`parsers.forms.generic_reading`).

A memo (บันทึกข้อความ) heads its body with ``ส่วนราชการ``, ``ที่``/``วันที่`` and ``เรื่อง``; a notice or an
order (ประกาศ…, คำสั่ง…) names its subject after ``เรื่อง`` and is dated at its end (``ประกาศ ณ วันที่``);
a letter (หนังสือ) is dated below its number. A table of what a document may state and where, so that a
new kind is a line here, not code.
"""

from __future__ import annotations

from typing import Final

#: headings that name the kind of document, not its subject: a first line that is one of these (alone, or
#: followed by the issuing agency) is the kind, and the title is read from ``เรื่อง``
DOCUMENT_KINDS: Final[tuple[str, ...]] = (
    "บันทึกข้อความ",
    "ประกาศ",
    "คำสั่ง",
    "ระเบียบ",
    "ข้อบังคับ",
    "หนังสือรับรอง",
    "รายงานการประชุม",
    "สรุปผลการดำเนินงาน",
    "แผนปฏิบัติราชการ",
    "แผนพัฒนา",
)

#: what a document's own date is written after, most trusted first (``ประกาศ ณ วันที่ 15 มีนาคม 2566``,
#: a memo's ``วันที่ 12 มิถุนายน 2566`` next to its number, ``ข้อมูล ณ วันที่ …`` of a table); not
#: ``ลงวันที่``, which dates another document the text cites (``หนังสือ … ลงวันที่ 5 มีนาคม 2566``)
DATE_LABELS: Final[tuple[str, ...]] = (
    "ประกาศ ณ วันที่",
    "สั่ง ณ วันที่",
    "ให้ไว้ ณ วันที่",
    "วันที่",
    "ข้อมูล ณ วันที่",
)

#: the labels of a memo's head, each with the field it fills (subject → the title, agency → the agency;
#: the others are kept in the fields table under their key)
MEMO_LABELS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("subject", ("เรื่อง",)),
    ("agency", ("ส่วนราชการ", "หน่วยงาน", "ส่วนงาน")),
    ("addressee", ("เรียน",)),
    ("reference", ("อ้างถึง",)),
    ("enclosure", ("สิ่งที่ส่งมาด้วย",)),
)

#: words that end an agency field's name: what follows is a telephone number or an address
AGENCY_FIELD_ENDS: Final[tuple[str, ...]] = ("โทร", "โทรศัพท์", "ที่อยู่", "e-mail", "อีเมล")

#: the words an agency's name starts with: a ``ส่วนราชการ`` field that names no agency of the BMA's table
#: is taken as written only when it starts with one of these (``หน่วยงาน Line Staff …`` is a table's heading)
ORGANISATION_WORDS: Final[tuple[str, ...]] = (
    "สำนัก",
    "กอง",
    "กรม",
    "กระทรวง",
    "ฝ่าย",
    "ส่วน",
    "ศูนย์",
    "องค์การ",
    "เทศบาล",
    "มหาวิทยาลัย",
    "วิทยาลัย",
    "โรงเรียน",
    "โรงพยาบาล",
    "สถาบัน",
    "การ",
)

#: words that head the columns of a table (``ตัวชี้วัด | หน่วยนับ | ผลการดำเนินงาน | หมายเหตุ``): a line of two
#: of them or more after ``ตัวชี้วัด`` is a table's header row, not a KPI's name
COLUMN_HEADINGS: Final[frozenset[str]] = frozenset(
    {
        "หน่วยนับ",
        "หน่วย",
        "ผลการดำเนินงาน",
        "ผลงาน",
        "หมายเหตุ",
        "เป้าหมาย",
        "ค่าเป้าหมาย",
        "ลำดับ",
        "ลำดับที่",
        "น้ำหนัก",
        "คะแนน",
        "ปีงบประมาณ",
        "ผู้รับผิดชอบ",
        "ระยะเวลา",
        "งบประมาณ",
    }
)
