"""Readers for text exports and saved web pages: encodings, binary junk, HTML to text, failures.

Every input is built here, in tmp_path; expected values are written out, not recomputed.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from pathlib import Path

import pytest
from goldcheck import REPO
from hypothesis import assume, given
from hypothesis import strategies as st

from pipeline.read.html import html_to_text
from pipeline.read.identity import TEXT_SUFFIXES
from pipeline.read.problems import SEVERITY, ReadProblem
from pipeline.read.sources import SourceFile, decode_text, read_source
from schemas.codes import FindingCode
from schemas.enums import Severity, SourceFormat

THAI = "รายงานความก้าวหน้า ปีงบประมาณ พ.ศ. 2566"
REPORT = "ค่าเป้าหมาย คะแนน : 10\nผลงานที่ทำได้ คะแนน : 100\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def codes(source: SourceFile) -> list[str]:
    return [p.code for p in source.problems]


def only_problem(source: SourceFile) -> ReadProblem:
    assert len(source.problems) == 1, source.problems
    return source.problems[0]


# --- encodings ---------------------------------------------------------------------------------


def test_utf8_thai_is_read_as_is(tmp_path: Path) -> None:
    data = REPORT.encode("utf-8")
    source = read_source(write(tmp_path, "a.txt", data))
    assert source.pages == (REPORT,)
    assert source.encoding == "utf-8"
    assert source.source_format is SourceFormat.TXT
    assert source.problems == ()
    assert not source.failed
    assert source.doc_id == hashlib.sha256(data).hexdigest()


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + THAI.encode("utf-8")))
    assert source.pages == (THAI,)
    assert source.encoding == "utf-8-sig"
    assert source.problems == ()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    source = read_source(write(tmp_path, "a.txt", bom + THAI.encode(codec)))
    assert source.pages == (THAI,)
    assert source.encoding == "utf-16"
    assert source.problems == ()


def test_cp874_decodes_to_the_same_text_as_utf8(tmp_path: Path) -> None:
    utf8 = read_source(write(tmp_path, "u.txt", THAI.encode("utf-8")))
    legacy = read_source(write(tmp_path, "t.txt", THAI.encode("cp874")))
    assert legacy.pages == utf8.pages == (THAI,)
    assert legacy.encoding == "cp874"
    problem = only_problem(legacy)
    assert (problem.code, problem.severity) == ("encoding_fallback", Severity.INFO)
    assert problem.evidence == "30 of 30 non-ASCII characters are Thai, 20 consonants"


def test_cp874_punctuation_bytes_that_tis620_lacks() -> None:
    # 0x93/0x94 are curly quotes and 0x96 an en dash in Windows-874, C1 controls in Python's tis-620
    data = b"\x93" + "ทิ้งรักลงคลอง".encode("cp874") + b"\x94 \x96 " + "ยุทธศาสตร์".encode("cp874")
    decoded = decode_text(data)
    assert decoded is not None
    assert decoded[:2] == ("“ทิ้งรักลงคลอง” – ยุทธศาสตร์", "cp874")
    assert [p.code for p in decoded[2]] == ["encoding_fallback"]


def test_latin_text_read_as_cp874_is_flagged_uncertain() -> None:
    decoded = decode_text("café crème".encode("cp1252"))
    assert decoded is not None
    text, encoding, problems = decoded
    assert (text, encoding) == ("caf้ cr่me", "cp874")
    assert [(p.code, p.severity) for p in problems] == [("encoding_uncertain", Severity.WARNING)]


def test_invalid_bytes_are_replaced_and_counted(tmp_path: Path) -> None:
    data = "ผลงาน ".encode() + b"\xff\xfe" + b" 100"
    source = read_source(write(tmp_path, "a.txt", data))
    assert source.pages == ("ผลงาน \ufffd\ufffd 100",)
    assert source.encoding == "utf-8"
    problem = only_problem(source)
    assert (problem.code, problem.severity, problem.evidence) == (
        "decode_replaced",
        Severity.WARNING,
        "2 byte(s) replaced",
    )
    assert "2 of 22 bytes are not valid utf-8" in problem.message


def test_mostly_cp874_with_a_bad_byte_stays_cp874() -> None:
    decoded = decode_text(THAI.encode("cp874") + b"\xdb")  # 0xDB is unassigned in cp874
    assert decoded is not None
    assert decoded[:2] == (THAI + "\ufffd", "cp874")
    assert [p.code for p in decoded[2]] == ["decode_replaced"]


# --- HTML charset declarations ------------------------------------------------------------------


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-874">',
        "<meta charset=TIS-620>",
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-11">',
    ],
)
def test_declared_thai_charset(tmp_path: Path, meta: str) -> None:
    page = f"<html><head>{meta}<title>ชื่อ</title></head><body><p>{THAI}</p></body></html>"
    source = read_source(write(tmp_path, "p.html", page.encode("cp874")))
    assert source.pages == (THAI,)
    assert source.encoding == "cp874"
    problem = only_problem(source)
    assert problem.code == "encoding_fallback"
    assert "declares a Thai charset" in problem.message


def test_valid_utf8_beats_a_stale_declaration(tmp_path: Path) -> None:
    page = f'<meta charset="windows-874"><p>{THAI}</p>'
    source = read_source(write(tmp_path, "p.html", page.encode("utf-8")))
    assert source.pages == (THAI,)
    assert source.encoding == "utf-8"
    problem = only_problem(source)
    assert (problem.code, problem.severity) == ("charset_ignored", Severity.WARNING)


def test_thai_bytes_beat_a_latin_declaration(tmp_path: Path) -> None:
    page = f'<meta charset="iso-8859-1"><p>{THAI}</p>'
    source = read_source(write(tmp_path, "p.html", page.encode("cp874")))
    assert source.pages == (THAI,)
    assert source.encoding == "cp874"
    assert codes(source) == ["charset_ignored", "encoding_fallback"]


def test_unknown_declaration_is_ignored(tmp_path: Path) -> None:
    page = f'<meta charset="x-klingon"><p>{THAI}</p>'
    source = read_source(write(tmp_path, "p.html", page.encode("cp874")))
    assert (source.pages, source.encoding) == ((THAI,), "cp874")
    assert codes(source) == ["charset_ignored", "encoding_fallback"]
    assert "'x-klingon', which is not a known encoding" in source.problems[0].message


def test_declared_latin_page_without_thai_uses_the_declaration() -> None:
    decoded = decode_text('<meta charset="iso-8859-1"><p>café</p>'.encode("cp1252"), "iso-8859-1")
    assert decoded is not None
    assert decoded[:2] == ('<meta charset="iso-8859-1"><p>café</p>', "cp1252")


# --- HTML to text -------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>ระบบรายงานตัวชี้วัด</title>
  <style>td { color: red } /* <p>not text</p> */</style>
  <script>var s = "<div>not text</div>";</script>
</head>
<body>
<!-- saved from the KPI system -->
<noscript>เปิด JavaScript</noscript>
<h1>รายละเอียดตัวชี้วัด</h1>
<div>Back&nbsp;Home</div>
<table>
  <tr><td>ค่าเป้าหมาย คะแนน :</td><td>10</td></tr>
  <tr>
    <th>ผลงานที่ทำได้</th>
    <td>:</td>
    <td> 100 </td>
  </tr>
</table>
<p>ไตรมาสที่ 1: 100<br>ไตรมาสที่ 2:<br/>
   &#3585;&#x0E02; &amp; &lt;ok&gt;   </p>
<script type="text/javascript">document.write("<p>no</p>")</script>
<ul><li>หนึ่ง</li><li>สอง</li></ul>
<pre>
  ก  ข
    ค</pre>
<p>ปีงบประมาณ <select name="fy"><option>2563</option><option selected>2564</option></select> เท่านั้น</p>
</body>
</html>
"""


def test_html_visible_text_line_by_line() -> None:
    assert html_to_text(PAGE).split("\n") == [
        "รายละเอียดตัวชี้วัด",
        "",
        "Back Home",
        "ค่าเป้าหมาย คะแนน : 10",
        "ผลงานที่ทำได้ : 100",
        "",
        "ไตรมาสที่ 1: 100",
        "ไตรมาสที่ 2:",
        "กข & <ok>",
        "",
        "หนึ่ง",
        "สอง",
        "  ก  ข",
        "    ค",
        "",
        "ปีงบประมาณ 2564 เท่านั้น",
    ]


def test_html_file_is_one_page_of_visible_text(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "kpi.htm", PAGE.replace("\n", "\r\n").encode("utf-8")))
    assert source.source_format is SourceFormat.HTML
    assert source.pages == (html_to_text(PAGE),)
    assert source.problems == ()


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("</div></p></td>ก<table><tr><td>a<td>b<tr><td>c", "ก\na b\nc"),  # stray end tags, unclosed cells
        ("<head><title>T</title><p>ไม่มี head ปิด", "ไม่มี head ปิด"),  # an unclosed head ends at the body
        ("<div><b>x</i></div>y <", "x\ny <"),
        ("<p>a</p><script>var x = '<p>never closed'", "a"),
        ('<a href="x"<b>z</b>', "z"),
        ("<pre>x</pre></pre>y", "x\ny"),
        ("<script/>ก<br/>ข", "ก\nข"),  # self-closed script hides nothing, <br/> is one break
        ("<p>&#xZZ; &bogus; &#99999999;</p>", "&#xZZ; &bogus; \ufffd"),
        ("<P>A<BR>B</P><DIV>C", "A\nB\n\nC"),
        ("ก</br>ข", "ก\nข"),
        ("<select><option>2563<option>2564</select>", "2563"),
        ("<div hidden>ไตรมาสที่ 2</div><div style='display:none'>ไตรมาสที่ 3</div>", "ไตรมาสที่ 2\nไตรมาสที่ 3"),
    ],
)
def test_malformed_html_does_not_crash(html: str, text: str) -> None:
    assert html_to_text(html) == text


_TAGS = ["<p>", "</p>", "<br>", "<td>", "<tr>", "</table>", "<pre>", "</pre>", "<script>", "</script>"]
_TAGS += ["<!--", "-->", "<head>", "<select>", "<option selected>", "&nbsp;", "&#3585;", "<", ">", "\n", "  "]


@given(st.lists(st.sampled_from(_TAGS) | st.text(max_size=8)).map("".join))
def test_html_text_lines_are_clean(html: str) -> None:
    text = html_to_text(html)
    lines = text.split("\n")
    assert all(line == line.rstrip() for line in lines)
    assert "\n\n\n" not in text
    assert text == text.strip("\n")


# --- pages and newlines ---------------------------------------------------------------------------


def test_form_feed_splits_pages_and_newlines_are_unified(tmp_path: Path) -> None:
    data = "หน้า 1\r\nบรรทัด\rสอง\f\nหน้า 2\n\f".encode()
    source = read_source(write(tmp_path, "a.txt", data))
    assert source.pages == ("หน้า 1\nบรรทัด\nสอง", "\nหน้า 2\n")


def test_empty_pages_between_form_feeds_keep_page_numbers(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "a.txt", b"1\f\f3"))
    assert source.pages == ("1", "", "3")


def test_no_other_normalisation(tmp_path: Path) -> None:
    raw = "ผู้ดำารง\u00a0ตำาแหน่ง  ดํา ?ทิ้งรักลงคลอง? \u200b`\t|\n"  # SARA AM+AA, NBSP, NIKHAHIT+AA, ZWSP
    source = read_source(write(tmp_path, "a.txt", raw.encode()))
    assert source.pages == (raw,)


# --- not text, empty, unreadable ----------------------------------------------------------------


def test_binary_junk_with_nul_bytes(tmp_path: Path) -> None:
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00"
    source = read_source(write(tmp_path, "junk.txt", junk))
    assert source.failed
    assert source.pages == ()
    assert source.encoding is None
    problem = only_problem(source)
    assert (problem.code, problem.severity) == ("not_text", Severity.ERROR)
    assert "NUL byte" in problem.message
    assert source.doc_id == hashlib.sha256(junk).hexdigest()


def test_binary_junk_without_nul_bytes(tmp_path: Path) -> None:
    rng = random.Random(8)
    junk = bytes(rng.randrange(1, 256) for _ in range(4096))
    assert decode_text(junk) is None
    problem = only_problem(read_source(write(tmp_path, "junk.txt", junk)))
    assert problem.code == "not_text"
    assert "control characters or undecodable bytes" in problem.message


@pytest.mark.parametrize(
    ("head", "words", "evidence"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "it starts with \\x89PNG\\x0d\\x0a\\x1a\\x0a, the signature of a PNG image",
            "\\x89PNG\\x0d\\x0a\\x1a\\x0a\\x00\\x00\\x00\\x0dIHDR",
        ),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "it starts with %PDF-, the signature of a PDF document",
            "%PDF-1.7\\x0a%\\xe2",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "the signature of a ZIP archive (.docx, .xlsx",
            "PK\\x03\\x04\\x14\\x00",
        ),
    ],
)
def test_renamed_binary_files(tmp_path: Path, head: bytes, words: str, evidence: str) -> None:
    source = read_source(write(tmp_path, "report.txt", head + b"1 0 obj << >> endobj\n" * 20))
    assert source.failed
    problem = only_problem(source)
    assert problem.code == "not_text"
    assert problem.message.startswith("report.txt is not a text file: it starts with ")
    assert words in problem.message
    assert problem.evidence is not None and problem.evidence.startswith(evidence)


def test_utf16_without_bom_is_named(tmp_path: Path) -> None:
    problem = only_problem(read_source(write(tmp_path, "a.txt", "Report 2566 : 100".encode("utf-16-le"))))
    assert problem.code == "not_text"
    assert "UTF-16 without a BOM" in problem.message


@pytest.mark.parametrize(
    ("data", "encoding"), [(b"", None), (b" \r\n\t\n  \f", "utf-8"), (b"\xef\xbb\xbf \n", "utf-8-sig")]
)
def test_empty_and_whitespace_only_files(tmp_path: Path, data: bytes, encoding: str | None) -> None:
    source = read_source(write(tmp_path, "e.txt", data))
    assert source.failed
    assert source.pages == ()
    assert source.encoding == encoding
    assert [(p.code, p.severity) for p in source.problems] == [("empty_file", Severity.ERROR)]
    assert source.doc_id == hashlib.sha256(data).hexdigest()


def test_page_without_visible_text(tmp_path: Path) -> None:
    page = b"<html><head><title>x</title></head><body><script>render()</script><div> </div></body></html>"
    source = read_source(write(tmp_path, "p.html", page))
    assert source.failed
    assert codes(source) == ["no_visible_text"]


def test_a_folder_is_a_read_error(tmp_path: Path) -> None:
    folder = tmp_path / "looks_like.txt"
    folder.mkdir()
    source = read_source(folder)
    assert source.failed
    problem = only_problem(source)
    assert (problem.code, problem.severity) == ("read_error", Severity.ERROR)
    assert problem.message.startswith("Could not read the file: Is a directory.")


def test_a_vanished_file_is_a_read_error(tmp_path: Path) -> None:
    source = read_source(tmp_path / "gone.txt")
    assert codes(source) == ["read_error"]
    assert source.failed and source.encoding is None
    # no bytes to hash: distinct unreadable files still get distinct ids
    assert source.doc_id != read_source(tmp_path / "other.txt").doc_id


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_permission_is_a_read_error(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"x")
    path.chmod(0)
    try:
        assert codes(read_source(path)) == ["read_error"]
    finally:
        path.chmod(0o600)


def test_given_bytes_are_used_instead_of_the_file(tmp_path: Path) -> None:
    data = THAI.encode()
    source = read_source(tmp_path / "not_on_disk.txt", data)
    assert source.pages == (THAI,)
    assert source.doc_id == hashlib.sha256(data).hexdigest()


# --- formats ----------------------------------------------------------------------------------------


def test_supported_suffixes() -> None:
    assert {".txt", ".text", ".html", ".htm"} == TEXT_SUFFIXES


def test_pdf_is_not_read_yet(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "a.PDF", b"%PDF-1.4\n"))
    assert source.source_format is SourceFormat.PDF
    assert codes(source) == ["unsupported_format"]
    assert source.failed


@pytest.mark.parametrize("name", ["a.odt", "a.docx", "a.xlsx"])  # Word and Excel have readers of their own
def test_unknown_suffix_is_the_callers_error(tmp_path: Path, name: str) -> None:
    suffix = name[1:].replace(".", r"\.")
    with pytest.raises(ValueError, match=rf"unknown file type '{suffix}'; known types: \.htm, \.html, \.pdf"):
        read_source(write(tmp_path, name, b"PK\x03\x04"))


def test_web_page_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf<!-- saved from url=(0042)http://x -->\n<!DOCTYPE html><p>" + THAI.encode() + b"</p>"
    source = read_source(write(tmp_path, "a.txt", data))
    assert source.source_format is SourceFormat.HTML
    assert source.pages == (THAI,)
    assert codes(source) == ["format_sniffed"]


def test_text_saved_as_html_keeps_its_lines(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "a.html", REPORT.encode()))
    assert source.source_format is SourceFormat.TXT
    assert source.pages == (REPORT,)
    assert codes(source) == ["format_sniffed"]


def test_every_code_of_the_text_reader_has_a_severity() -> None:
    """problem(code, …) takes its severity from SEVERITY: every code the readers pass it must be there."""
    read = REPO / "pipeline" / "read"
    used = {
        FindingCode[name]
        for path in read.glob("*.py")
        for name in re.findall(r"\bproblem\(\s*FindingCode\.([A-Z_]+)", path.read_text(encoding="utf-8"))
    }
    assert used >= {FindingCode.NOT_TEXT, FindingCode.EMPTY_FILE, FindingCode.READ_ERROR}
    assert used <= set(SEVERITY)


def test_failed_needs_an_error_and_no_pages(tmp_path: Path) -> None:
    warning = ReadProblem("decode_replaced", Severity.WARNING, "m")
    error = ReadProblem("not_text", Severity.ERROR, "m")
    path = tmp_path / "a.txt"
    assert SourceFile(path, "0", SourceFormat.TXT, None, (), (error,)).failed
    assert not SourceFile(path, "0", SourceFormat.TXT, None, (), (warning,)).failed
    assert not SourceFile(path, "0", SourceFormat.TXT, "utf-8", ("x",), (error,)).failed


# --- properties ---------------------------------------------------------------------------------

# printable ASCII and every assigned Thai character (U+0E3B–U+0E3E are unassigned)
_ALPHABET = [chr(c) for c in (*range(0x20, 0x7F), *range(0x0E01, 0x0E3B), *range(0x0E3F, 0x0E5C))]
_TEXT = st.text(st.sampled_from(_ALPHABET))
_SIGNATURES = ("%PDF-", "GIF87a", "GIF89a", "{\\rtf")


@given(_TEXT)
def test_utf8_round_trip(text: str) -> None:
    assume(not text.startswith(_SIGNATURES))
    decoded = decode_text(text.encode("utf-8"))
    assert decoded is not None
    assert decoded[:2] == (text, "utf-8")


@given(_TEXT)
def test_cp874_round_trip(text: str) -> None:
    assume(not text.startswith(_SIGNATURES))
    data = text.encode("cp874")
    decoded = decode_text(data)
    assert decoded is not None
    try:
        as_utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        assert decoded[:2] == (text, "cp874")
    else:
        # ASCII, and rare short strings (เธก) whose cp874 bytes are also valid UTF-8: rule 4 reads UTF-8
        assert decoded[:2] == (as_utf8, "utf-8")
