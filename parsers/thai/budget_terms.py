"""The words of Thai budget documents (เอกสารงบประมาณ) as tables: headings, programme words, schedules.

A budget document lists its money as a tree: a programme or work (``แผนงาน…``, ``งาน…``, ``ผลผลิต :``) →
a budget type (``1. งบบุคลากร``) → a category (``1.1 เงินเดือน``) → deeper numbering → coded line items
(``01101-2 อัตราเดิม 10 อัตรา``). The damaged text layers of real documents write some of these words
with a space inside (``จำ แนก``): the spellings seen are listed here, each once.
"""

from __future__ import annotations

from typing import Final

#: the headings that tell a budget document (its signature labels), key → spellings
BUDGET_SIGNALS: Final[dict[str, tuple[str, ...]]] = {
    "budget_document": ("เอกสารงบประมาณ",),
    "detail_by_type": (
        "รายละเอียดงบประมาณจำแนกตามงบรายจ่าย",
        "รายละเอียดงบประมาณจำ แนกตามงบรายจ่าย",
    ),
    "personnel": ("งบบุคลากร",),
    "operating": ("งบดำเนินงาน",),
    "investment": ("งบลงทุน",),
    "subsidy": ("งบเงินอุดหนุน",),
    "other_expense": ("งบรายจ่ายอื่น",),
}

#: the headings of a budget type's groups of items (``ค่าครุภัณฑ์ ที่ดินและสิ่งก่อสร้าง บาท 142,320``): each
#: starts a line of its own (a wrapped line is not joined onto one), without telling a budget document
BUDGET_HEADINGS: Final[dict[str, tuple[str, ...]]] = {
    "equipment_land_buildings": ("ค่าครุภัณฑ์ ที่ดินและสิ่งก่อสร้าง",),
    "equipment": ("ค่าครุภัณฑ์",),
    "land_buildings": ("ค่าที่ดินและสิ่งก่อสร้าง",),
}

#: words that start a programme line: a plan, a work, an output, a project (level 0 of the tree)
PROGRAMME_WORDS: Final[tuple[str, ...]] = ("แผนงาน", "งาน", "ผลผลิต", "โครงการ", "รายการ")

#: the baht, as the text layers write it (า read as ำ by some fonts)
BAHT: Final[tuple[str, ...]] = ("บาท", "บำท")

#: a multi-year commitment's total (``วงเงินทั้งสิ้น 7,693,300 บาท``): its year lines are its parts
COMMITMENT_TOTAL: Final[tuple[str, ...]] = ("วงเงินทั้งสิ้น", "วงเงินทั้งส ิ้น", "วงเงินทังิ้ส้น")

#: what a commitment states beside its total when part of it is not the budget's: its year lines then add
#: up to the budget's share only (``วงเงินทั้งสิ้น 213,050,300 บาท`` ⏎ ``เงินนอกงบประมาณ 2,336,700 บาท``)
OFF_BUDGET: Final[tuple[str, ...]] = ("เงินนอกงบประมาณ",)

#: what a year line of a commitment says after its year (``ปี 2563 ตั้งงบประมาณ 1,595,800 บาท``)
YEAR_LINE_WORDS: Final[tuple[str, ...]] = ("ตั้งงบประมาณ", "ผูกพันงบประมาณ", "งบประมาณ")

#: the year word
YEAR_WORD: Final[str] = "ปี"

#: the header words of a performance-target table (หน่วยนับ | ปีที่ผ่านมา | ปีปัจจุบัน | งบประมาณปี 2565 …)
TARGET_TABLE_UNIT_HEADER: Final[tuple[str, ...]] = ("หน่วยนับ", "หน่วย")

#: a target table's total rows (money, not targets): read as items elsewhere or not at all
TARGET_TABLE_TOTALS: Final[tuple[str, ...]] = ("รวมทั้งสิ้น", "เงินงบประมาณ", "เงินนอกงบประมาณ")

#: what a document is titled by: its first line naming one of these
TITLE_WORDS: Final[tuple[str, ...]] = ("เอกสารงบประมาณ", "งบประมาณรายจ่าย")

#: a nil amount as written
NIL_AMOUNT: Final[tuple[str, ...]] = ("-", "–")

#: the phrases before a budget document's own fiscal year (``งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2565``)
FISCAL_YEAR_PHRASES: Final[tuple[str, ...]] = ("งบประมาณรายจ่ายประจำปีงบประมาณ", "งบประมาณรายจ่ายประจำปี")

#: a target table's header of the budget year's column (``งบประมาณปี 2565``)
BUDGET_YEAR_HEADER: Final[str] = "งบประมาณปี"
