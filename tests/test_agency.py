"""The agency of a document read from its text (issue 18, point 2): the table, the prefix, the title, the
body, what is never guessed, and every sample and seed report whose text names its agency."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex
from goldcheck import REPO, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.agency import agency_from_text
from parsers.assemble import ParsedDocument, parse_document
from parsers.document.doctext import Located
from parsers.thai import agencies
from parsers.thai.agencies import agency_of_abbreviation, canonical_agency, find_agencies
from parsers.thai.agency_table import DEPARTMENTS, DISTRICT_OFFICES
from parsers.thai.alternation import trie_alternation
from pipeline.read.sources import read_source
from schemas.records import Document

RAW = REPO / "data" / "raw"


def kpi_page(title_line: str, body: str) -> str:
    """A KPI web detail page (form kpi_detail) with the given title line and quarter report."""
    return (
        f"รายละเอียดตัวชี้วัด\n\nBack Home\n\n{title_line}\n\nค่าเป้าหมาย ร้อยละ : 100\n\n"
        f"ผลงานที่ทำได้ ร้อยละ : 90\n\nประเภทตัวชี้วัด : ตัวชี้วัดงานประจำ\n\nรายงานผลฯ ไตรมาสที่ 1\n{body}\n"
    )


def agency(parsed: ParsedDocument) -> tuple[object, object]:
    return parsed.fields.get("agency"), parsed.fields.get("agency_source")


def body_agency(text: str) -> str | None:
    found = agency_from_text(text, None)
    return None if found is None else found.located.value


# -- the table ---------------------------------------------------------------------------------------


def test_table_has_the_50_district_offices_by_number() -> None:
    names = [name for name, _ in DISTRICT_OFFICES]
    assert len(names) == len(set(names)) == 50
    assert [code for _, code in DISTRICT_OFFICES] == [f"50{n:02d}0000" for n in range(1, 51)]
    assert dict(DISTRICT_OFFICES)["บางนา"] == "50470000"  # seed 002: project code 50470000-3430
    assert dict(DISTRICT_OFFICES)["ราษฎร์บูรณะ"] == "50240000"  # a real project page 50240000-3561


def test_table_names_and_abbreviations_are_unique() -> None:
    names = [name for name, _, _ in DEPARTMENTS]
    abbreviations = [a for _, abbrs, _ in DEPARTMENTS for a in abbrs]
    assert len(names) == len(set(names))
    assert len(abbreviations) == len(set(abbreviations))
    assert all(a.endswith(".") for a in abbreviations)
    assert all(name.startswith("สำนัก") for name in names)  # the matcher looks for names there only


@pytest.mark.parametrize(
    ("abbreviation", "name"),
    [
        ("สปท.", "สำนักงานปกครองและทะเบียน"),
        ("สสล.", "สำนักสิ่งแวดล้อม"),
        ("สนค.", "สำนักการคลัง"),
        ("สนย.", "สำนักการโยธา"),
        ("สนน.", "สำนักการระบายน้ำ"),
        ("ขบน.", None),  # not an established abbreviation: no guess
    ],
)
def test_abbreviations(abbreviation: str, name: str | None) -> None:
    assert agency_of_abbreviation(abbreviation) == name


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("สำนักงานเขตบางนา", "สำนักงานเขตบางนา"),
        ("สนง.เขตบางนา", "สำนักงานเขตบางนา"),
        ("สนง. เขต บางนา", "สำนักงานเขตบางนา"),
        ("สำนักงาน ปกครองและทะเบียน", "สำนักงานปกครองและทะเบียน"),
        ("สำนักงานปกครอง และทะเบียน", "สำนักงานปกครองและทะเบียน"),
        ("สำนักงาน ก.ก.", "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร"),
        ("สนง.ก.ก.", "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร"),
        ("สำนักวัฒนธรรมกีฬาและการท่องเที่ยว", "สำนักวัฒนธรรม กีฬาและการท่องเที่ยว"),
        ("สำนักงบประมาณ กทม.", "สำนักงบประมาณกรุงเทพมหานคร"),
        ("เขตบางนา", None),  # the district, not its office
        ("สำนักงานเขต", None),  # no one office
    ],
)
def test_variant_spellings(written: str, name: str | None) -> None:
    assert canonical_agency(written) == name


def test_names_are_found_in_running_text_and_across_a_wrapped_line() -> None:
    text = "ตามคำสั่งสำนักงาน\n\nก.ก. ที่ 1/2564 และหนังสือสำนักงานเขตบางนาให้ดียิ่งขึ้น"
    assert [(m.name, text[m.start : m.end]) for m in find_agencies(text)] == [
        ("สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร", "สำนักงาน\n\nก.ก."),
        ("สำนักงานเขตบางนา", "สำนักงานเขตบางนา"),
    ]
    assert list(find_agencies("ในพื้นที่เขตบางนา ทั้ง 50 สำนักงานเขต และสำนักงานเขตนำร่อง")) == []
    assert list(find_agencies("สำนักงานประชาสัมพันธ์จังหวัดนนทบุรี")) == []  # a province's office


def _plain_pattern() -> regex.Pattern[str]:
    """The agencies' pattern as a plain alternation of every spelling, longest first (as it was before
    it became a trie)."""
    names, _ = agencies._table()
    spelled = sorted(names, key=len, reverse=True)
    words = "|".join(agencies._SPACE.join(regex.escape(c) for c in s) for s in spelled)
    return regex.compile(rf"(?=สำนัก|สนง)(?:{words})(?!{agencies._SPACE}{agencies._NOT_BMA_AFTER})")


def test_the_trie_of_spellings_matches_what_their_plain_alternation_matches() -> None:
    """Every spelling alone, spaced out, wrapped, glued to the text around it, followed by a province's
    word (then a shorter spelling may match), and every sample and seed report's text: the same
    places."""
    names, _ = agencies._table()
    texts = [
        f"ตาม{n}ที่ {' '.join(n)} และ\n{n[:5]}\n{n[5:]}, {n}จังหวัด {n} จังหวัดนนทบุรี {n}ฯ" for n in sorted(names)
    ]
    texts += ["\n".join(read_source(p).pages) for p in sorted(RAW.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]  # where ../shared is
    plain, trie = _plain_pattern(), agencies._pattern()
    found = 0
    for text in texts:
        expected = [(m.start(), m.end()) for m in plain.finditer(text)]
        assert [(m.start(), m.end()) for m in trie.finditer(text)] == expected, text[:80]
        found += len(expected)
    assert found >= 3 * len(names)  # glued, wrapped, before ฯ (spaced out, the look-ahead refuses it)


# -- resolution --------------------------------------------------------------------------------------


def test_prefix_8_spt_names_the_registration_office() -> None:
    text = kpi_page("8/สปท.ความสำเร็จในการเสนอนวัตกรรม : 0406-0772", "ดำเนินการตามแผน")
    parsed = parse_document("p", [text])
    assert parsed.form.value == "kpi_detail"
    assert agency(parsed) == ("สำนักงานปกครองและทะเบียน", "prefix")
    (row,) = [f for f in parsed.field_values if f.field == "agency"]
    assert (row.value, row.raw, row.page) == ("สำนักงานปกครองและทะเบียน", "สปท.", 1)
    assert parsed.pages[0].text[row.char_start : row.char_end] == "สปท."


def test_the_prefix_wins_over_the_body() -> None:
    text = kpi_page("8/สปท.ความสำเร็จในการเสนอนวัตกรรม : 0406-0772", "สำนักการโยธาดำเนินการ สำนักการโยธา")
    assert agency(parse_document("p", [text])) == ("สำนักงานปกครองและทะเบียน", "prefix")


def test_an_unknown_prefix_falls_back_to_the_body() -> None:
    text = kpi_page("5/ขบน.ร้อยละของถนนที่ซ่อมแล้วเสร็จ : 5047-0001", "สำนักการโยธาดำเนินการซ่อมถนน")
    assert agency(parse_document("p", [text])) == ("สำนักการโยธา", "body")


def test_title_names_the_agency() -> None:
    title = "ร้อยละของเรื่องที่สำนักงานเขตคลองเตยดำเนินการแล้วเสร็จ"
    text = kpi_page(f"{title} : 5033-0001", "ร่วมกับสำนักการระบายน้ำ")
    parsed = parse_document("t", [text])
    assert parsed.fields["title"] == title
    assert agency(parsed) == ("สำนักงานเขตคลองเตย", "title")


def test_body_names_the_agency_in_a_definition() -> None:
    text = "ถนนสายหลักในความรับผิดชอบของสำนักการโยธาที่ไม่ติด"
    found = agency_from_text(text, None)
    assert found is not None and found.source == "body"
    assert (found.located.value, text[found.located.start : found.located.end]) == (
        "สำนักการโยธา",
        "สำนักการโยธา",
    )


def test_body_takes_the_agency_named_most_often() -> None:
    text = "ของสำนักงานประชาสัมพันธ์ ... ของสำนักงานประชาสัมพันธ์ ... ตามคำสั่งสำนักงาน ก.ก."
    assert body_agency(text) == "สำนักงานประชาสัมพันธ์"


def test_two_agencies_named_equally_leave_it_null() -> None:
    assert body_agency("สำนักการโยธาและสำนักการระบายน้ำดำเนินการร่วมกัน") is None
    text = kpi_page("ร้อยละของถนนที่ซ่อมแล้วเสร็จ : 0101-0001", "สำนักการโยธาซ่อม สำนักการระบายน้ำขุดลอก")
    assert agency(parse_document("a", [text])) == (None, None)
    assert not [f for f in parse_document("a", [text]).field_values if f.field == "agency"]


def test_a_district_name_alone_is_not_the_agency() -> None:
    assert body_agency("ปลูกต้นไม้ในพื้นที่สาธารณะของเขตห้วยขวาง ในพื้นที่เขตห้วยขวาง") is None
    text = kpi_page("ร้อยละของต้นไม้ที่ปลูกในพื้นที่เขตห้วยขวาง : 5017-0001", "ผู้อำนวยการเขตห้วยขวางตรวจ")
    assert agency(parse_document("d", [text])) == (None, None)


def test_a_list_of_agencies_names_none_of_them() -> None:
    text = (
        "ส่วนราชการในสังกัดสำนักปลัดกรุงเทพมหานคร สำนักงานเลขานุการสภากรุงเทพมหานคร "
        "และสำนักงานเลขานุการผู้ว่าราชการกรุงเทพมหานคร จำนวน 10 ชุด"
    )
    assert body_agency(text) is None
    assert body_agency(text + " โครงการของสำนักการคลัง") == "สำนักการคลัง"


def test_addressees_and_partners_are_not_the_agency() -> None:
    assert body_agency("ส่งให้สำนักงาน ก.ก. เรียบร้อยแล้ว") is None
    assert body_agency("จัดประชุมร่วมกับสำนักงานเขตบางนา") is None
    assert body_agency("จัดประชุมร่วมกับ\nสำนักงานเขตบางนา") is None  # a line wrapped between them
    assert body_agency("รอการอนุมัติโครงการจากสำนักงาน ก.ก.") is None
    assert body_agency("ตกลงกับสำนักงานสวนสาธารณะ สำนักสิ่งแวดล้อม") is None
    assert body_agency("ตกลงกับสำนักงานสวนสาธารณะสำนักสิ่งแวดล้อม") is None  # a wrapped line joined back
    assert body_agency("ส่งให้สำนักงาน ก.ก. ... ของสำนักงานประชาสัมพันธ์") == "สำนักงานประชาสัมพันธ์"


def test_a_title_naming_two_agencies_decides_nothing_and_is_not_counted_in_the_body() -> None:
    title = "ความร่วมมือของสำนักการโยธาและสำนักการระบายน้ำ"
    text = f"{title}\nรายงาน: โครงการของสำนักการคลัง"
    found = agency_from_text(text, Located(title, 0, len(title)))
    assert found is not None and (found.located.value, found.source) == ("สำนักการคลัง", "body")


def test_a_form_field_is_kept_as_it_is() -> None:
    parsed = parse_document("f", [(RAW / "project_progress_dindaeng_fy2565.txt").read_text(encoding="utf-8")])
    assert agency(parsed) == ("สำนักงานเขตดินแดง", "field")


def test_documents_table_has_agency_source() -> None:
    assert "agency_source" in Document.model_fields
    assert Document.model_fields["agency_source"].description


# -- every sample and seed report that names its agency ------------------------------------------------

#: (report, agency, source): read from each report's text (tests/expected notes and DOMAIN.md's table)
REPORTS: list[tuple[str, str | None, str | None]] = [
    ("kpi_detail_environment_fy2565", "สำนักสิ่งแวดล้อม", "prefix"),  # 12/สสล.
    ("kpi_detail_finance_fy2564", "สำนักการคลัง", "prefix"),  # 3/สนค.
    ("kpi_detail_flat_fy2567", "สำนักการโยธา", "body"),  # its definition
    ("kpi_report_chatuchak_fy2565", "สำนักงานเขตจตุจักร", "body"),
    ("kpi_report_health_fy2563_cp874", "สำนักอนามัย", "body"),
    ("kpi_report_huaikhwang_fy2566", "สำนักงานเขตห้วยขวาง", "body"),
    ("kpi_report_khlongtoei_fy2568", "สำนักงานเขตคลองเตย", "title"),
    ("project_progress_dindaeng_fy2565", "สำนักงานเขตดินแดง", "field"),
    ("project_progress_drainage_fy2562", "สำนักการระบายน้ำ", "field"),
    ("project_progress_web_bangkapi_fy2566", "สำนักงานเขตบางกะปิ", "field"),
    ("agency_performance_bangkapi", None, None),  # names its agency by code only
    ("unknown_meeting_notice_khlongsan", "สำนักงานเขตคลองสาน", "field"),  # a memo: its ส่วนราชการ
]
SEED_REPORTS: list[tuple[str, str, str]] = [
    ("000", "สำนักงานประชาสัมพันธ์", "body"),  # L63 …, against สำนักงาน ก.ก. as addressee
    ("001", "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร", "body"),  # สำนักงาน ก.ก., L51–55
    ("002", "สำนักงานเขตบางนา", "field"),
    ("003", "สำนักงานปกครองและทะเบียน", "prefix"),  # 8/สปท.
    ("004", "สำนักงานประชาสัมพันธ์", "body"),  # L10
]


def _sample(stem: str) -> Path:
    return next(p for p in RAW.iterdir() if p.stem == stem and p.suffix in {".txt", ".html"})


@pytest.mark.parametrize(("stem", "name", "source"), REPORTS, ids=[r[0] for r in REPORTS])
def test_sample_report_agency(stem: str, name: str | None, source: str | None) -> None:
    read = read_source(_sample(stem))
    parsed = parse_document(read.doc_id, read.pages)
    assert agency(parsed) == (name, source)
    rows = [f for f in parsed.field_values if f.field == "agency"]
    assert [r.value for r in rows] == ([] if name is None else [name])


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the shared seed reports are not at {SEEDS}")
@pytest.mark.parametrize(("seed", "name", "source"), SEED_REPORTS, ids=[r[0] for r in SEED_REPORTS])
def test_seed_report_agency(seed: str, name: str, source: str) -> None:
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    parsed = parse_document(seed, [text])
    assert agency(parsed) == (name, source)
    (row,) = [f for f in parsed.field_values if f.field == "agency"]
    assert row.value == name and row.raw in text


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text("abc", min_size=1, max_size=4), min_size=1, max_size=12),
    text=st.text("abc ", max_size=30),
)
def test_a_trie_alternation_matches_what_the_plain_one_matches(words: list[str], text: str) -> None:
    """Words that are prefixes of one another, spaces between letters, and a look-ahead after the words
    that refuses some ends (so shorter words are tried after a longer one matched): the same places."""
    plain = "|".join(" *".join(re.escape(c) for c in w) for w in sorted(words, key=len, reverse=True))
    for tail in ("", "(?! *b)"):
        expected = [m.span() for m in re.finditer(f"(?:{plain}){tail}", text)]
        assert [m.span() for m in re.finditer(f"(?:{trie_alternation(words, ' *')}){tail}", text)] == expected
