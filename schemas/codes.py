"""Every finding code raingan writes, as an enum, with its meaning: the catalogue docs/DATA.md lists.

Readers, parsers and the audit write a :class:`FindingCode` member, never a free string: a code that
is not in the catalogue does not type-check (mypy) and is refused when a finding row is made (the
``findings`` table's ``code`` column is validated against it).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class FindingCode(StrEnum):
    """The stable codes of the ``findings`` table."""

    # stage "read": the file itself
    NOT_TEXT = "not_text"
    EMPTY_FILE = "empty_file"
    READ_ERROR = "read_error"
    NOT_A_FILE = "not_a_file"
    CHANGED_WHILE_READ = "changed_while_read"
    EXTRACT_ERROR = "extract_error"
    DOC_TIMEOUT = "doc_timeout"
    DOC_MEMORY = "doc_memory"
    WORKER_CRASH = "worker_crash"
    UNSUPPORTED_FORMAT = "unsupported_format"
    TOO_LARGE = "too_large"
    ENCODING_FALLBACK = "encoding_fallback"
    DECODE_REPLACED = "decode_replaced"
    ENCODING_UNCERTAIN = "encoding_uncertain"
    CHARSET_IGNORED = "charset_ignored"
    NO_VISIBLE_TEXT = "no_visible_text"
    FORMAT_SNIFFED = "format_sniffed"
    NOT_PDF = "not_pdf"
    PDF_DAMAGED = "pdf_damaged"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_ENCRYPTED_OPEN = "pdf_encrypted_open"
    PDF_NO_PAGES = "pdf_no_pages"
    PDF_PAGE_ERROR = "pdf_page_error"
    PDF_PAGE_TIMEOUT = "pdf_page_timeout"
    PDF_OPEN_TIMEOUT = "pdf_open_timeout"
    PDF_WORKER_CRASH = "pdf_worker_crash"
    OFFICE_DAMAGED = "office_damaged"
    OFFICE_ENCRYPTED = "office_encrypted"
    FORMULA_NO_VALUE = "formula_no_value"
    NO_TEXT_LAYER = "no_text_layer"
    BLANK_PAGES = "blank_pages"
    TEXT_LAYER_UNUSABLE = "text_layer_unusable"
    TEXT_LAYER_PARTIAL = "text_layer_partial"
    # stage "read": OCR of scanned pages
    OCR_PAGES = "ocr_pages"
    OCR_UNAVAILABLE = "ocr_unavailable"
    OCR_FAILED = "ocr_failed"
    OCR_NO_TEXT = "ocr_no_text"
    OCR_NOT_BETTER = "ocr_not_better"
    DUPLICATE_CONTENT = "duplicate_content"
    STATE_DAMAGED = "state_damaged"
    # stage "normalize": repairs of the text (info)
    LYING_GLYPH = "lying_glyph"
    NFC = "nfc"
    INVISIBLE_CHARS = "invisible_chars"
    SARA_AM_AA = "sara_am_aa"
    SARA_AM_SPLIT = "sara_am_split"
    LOST_QUOTES = "lost_quotes"
    LOST_DASH = "lost_dash"
    STRAY_BACKTICK = "stray_backtick"
    TRAILING_BAR = "trailing_bar"
    DIGIT_MONTH_SPACE = "digit_month_space"
    REPEATED_HEADER = "repeated_header"
    WRAPPED_LINES = "wrapped_lines"
    # stage "normalize", text layers of PDFs only: repairs of damaged Thai (info)
    PUA_GLYPHS = "pua_glyphs"
    FFFD_IN_WORD = "fffd_in_word"
    SPACE_BEFORE_MARK = "space_before_mark"
    DOUBLED_MARKS = "doubled_marks"
    DICTIONARY_REPAIR = "dictionary_repair"
    LATE_MARKS = "late_marks"
    SPACED_AM = "spaced_am"
    # stage "normalize", OCR pages only: the post-OCR clean-up (info)
    OCR_SPECKS = "ocr_specks"
    OCR_DOTS = "ocr_dots"
    OCR_SPACES = "ocr_spaces"
    OCR_TONES = "ocr_tones"
    OCR_VOCABULARY = "ocr_vocabulary"
    OCR_AM = "ocr_am"
    OCR_DIGITS = "ocr_digits"
    # stage "parse": the form
    UNKNOWN_FORM = "unknown_form"
    PARSE_ERROR = "parse_error"
    MISSING_FIELD = "missing_field"
    UNREADABLE_FIELD = "unreadable_field"
    NO_ENTRIES = "no_entries"
    HEADING_MISMATCH = "heading_mismatch"
    LAYOUT_SHIFT = "layout_shift"
    LABEL_CORRUPTED = "label_corrupted"
    STATUS_MISSING = "status_missing"
    MISSING_PROGRESS = "missing_progress"
    PROGRESS_NUMBER_UNREAD = "progress_number_unread"
    QUARTER_CELL_UNREAD = "quarter_cell_unread"
    DUPLICATE_PROGRESS = "duplicate_progress"
    TRUNCATED = "truncated"
    LOW_CONFIDENCE = "low_confidence"
    OCR_THAI_DIGITS = "ocr_thai_digits"
    BUDGET_AMOUNT_MISSING = "budget_amount_missing"
    BUDGET_SUM_MISMATCH = "budget_sum_mismatch"
    # stage "parse": dates
    AMBIGUOUS_ORDER = "ambiguous_order"
    INVALID_DATE = "invalid_date"
    WEEKDAY_MISMATCH = "weekday_mismatch"
    ORDER_AGAINST_ERA = "order_against_era"
    ERA_MARKER_MISMATCH = "era_marker_mismatch"
    RANGE_REVERSED = "range_reversed"
    TWO_DIGIT_YEAR = "two_digit_year"
    OUTSIDE_QUARTER = "outside_quarter"
    OUTSIDE_FY = "outside_fy"
    # stage "audit": consistency checks over all documents (raingan audit; docs/AUDIT.md explains each)
    PERIOD_MISMATCH = "period_mismatch"
    REPORT_BEFORE_START = "report_before_start"
    REPORT_AFTER_END = "report_after_end"
    CITED_YEAR_CONFLICT = "cited_year_conflict"
    DATE_AFTER_PERIOD = "date_after_period"
    PROGRESS_DOWN = "progress_down"
    FINAL_MISMATCH = "final_mismatch"
    TARGET_SCALE = "target_scale"
    SCORE_INCONSISTENT = "score_inconsistent"
    ARITHMETIC_MISMATCH = "arithmetic_mismatch"
    BUDGET_OVERSPENT = "budget_overspent"
    DUPLICATE_ENTRY = "duplicate_entry"
    FROZEN_METRICS = "frozen_metrics"
    KPI_UNIT_CHANGED = "kpi_unit_changed"
    KPI_TARGET_CHANGED = "kpi_target_changed"
    KPI_TITLE_CHANGED = "kpi_title_changed"
    KPI_MISSING_YEAR = "kpi_missing_year"
    KPI_RESULT_JUMP = "kpi_result_jump"
    KPI_SAME_YEAR = "kpi_same_year"
    BUDGET_TARGET_JUMP = "budget_target_jump"
    BUDGET_TARGET_UNIT = "budget_target_unit"
    TEXT_REPAIRED = "text_repaired"
    TEXT_SUSPECT = "text_suspect"
    AUDIT_ERROR = "audit_error"


#: what each code means (docs/DATA.md lists them); a test checks every member has its line
FINDING_CODES: Final[dict[FindingCode, str]] = {
    # stage "read": the file itself
    FindingCode.NOT_TEXT: (
        "the file is not text (binary, an image or a PDF under a text name); the document failed"
    ),
    FindingCode.EMPTY_FILE: "the file is empty or only whitespace; the document failed",
    FindingCode.READ_ERROR: "the file could not be read (permissions, vanished); the document failed",
    FindingCode.NOT_A_FILE: (
        "the path is not a regular file (a folder, a named pipe, a socket or a device such as /dev/zero): "
        "it is not opened; the document failed"
    ),
    FindingCode.CHANGED_WHILE_READ: (
        "the file's bytes changed between the run's hashing and its reading: what was read is recorded "
        "under the hash of the bytes read (doc_id), never under the old one"
    ),
    FindingCode.EXTRACT_ERROR: (
        "reading the file stopped on a bug (in a reader, the repair or the OCR step: please report it); the "
        "document failed (with --strict the run stops instead)"
    ),
    FindingCode.DOC_TIMEOUT: (
        "the document took longer than the time limit of one document (--doc-timeout); it failed"
    ),
    FindingCode.DOC_MEMORY: "the document's worker used more memory than the limit (--doc-memory); it failed",
    FindingCode.WORKER_CRASH: (
        "the worker process reading the document died (a crash in a PDF library, killed by the system); only "
        "this document failed"
    ),
    FindingCode.UNSUPPORTED_FORMAT: "a file type this version does not read; the document failed",
    FindingCode.TOO_LARGE: "the file is larger than the configured limit; the document failed",
    FindingCode.ENCODING_FALLBACK: (
        "the file is not UTF-8; it was decoded as cp874 (TIS-620 and its Windows superset)"
    ),
    FindingCode.DECODE_REPLACED: "some bytes could not be decoded and were replaced by U+FFFD",
    FindingCode.ENCODING_UNCERTAIN: "not UTF-8 and not clearly Thai; read as cp874 — check the text",
    FindingCode.CHARSET_IGNORED: (
        "a web page's declared charset is unknown or contradicts its bytes; it was not used"
    ),
    FindingCode.NO_VISIBLE_TEXT: "a web page with markup but no visible text; the document failed",
    FindingCode.FORMAT_SNIFFED: (
        "the content says another format than the file name (a web page saved as .txt)"
    ),
    FindingCode.NOT_PDF: "a file named .pdf that is not a PDF; the document failed",
    FindingCode.PDF_DAMAGED: "the PDF is damaged or truncated and cannot be opened; the document failed",
    FindingCode.PDF_ENCRYPTED: "the PDF needs a password; the document failed (decrypt it and ingest again)",
    FindingCode.PDF_ENCRYPTED_OPEN: "the PDF is encrypted with an empty user password and was read as usual",
    FindingCode.PDF_NO_PAGES: "the PDF has no pages; the document failed",
    FindingCode.PDF_PAGE_ERROR: "the text of one page could not be read; the document is partial",
    FindingCode.PDF_PAGE_TIMEOUT: (
        "reading a page took longer than the page time limit (page_timeout_s); the page is left empty, the "
        "document is partial"
    ),
    FindingCode.PDF_OPEN_TIMEOUT: "opening the PDF took longer than the page time limit; the document failed",
    FindingCode.PDF_WORKER_CRASH: (
        "the PDF library crashed on a page (or while opening the file); that page is left empty (or the "
        "document failed), and the run goes on"
    ),
    FindingCode.OFFICE_DAMAGED: (
        "a .docx or .xlsx file that is damaged, truncated or not a Word or Excel document (another ZIP "
        "archive, a renamed file); the document failed"
    ),
    FindingCode.OFFICE_ENCRYPTED: (
        "a Word or Excel file protected by a password; the document failed (save it without the password "
        "and ingest again)"
    ),
    FindingCode.FORMULA_NO_VALUE: (
        "Excel formulas without a computed value (the workbook was written by a program that does not "
        "compute them): their cells are read empty; open and save the workbook in Excel to compute them"
    ),
    FindingCode.NO_TEXT_LAYER: (
        "pages without a usable text layer (scans) that were not OCR'd because OCR is off (--ocr never): "
        "error when no page has text, warning otherwise"
    ),
    FindingCode.BLANK_PAGES: (
        "pages that draw nothing but a text layer without a letter or digit (blank pages, a row of dots):"
        " not OCR'd, there is nothing more to read; error when every page is blank, info otherwise"
    ),
    FindingCode.TEXT_LAYER_UNUSABLE: (
        "one page whose text layer lies (wrong script: a font without a Unicode map; Latin garbage: a foreign"
        " OCR over a scan) and is not used: the finding names the reason and what was read instead (OCR: "
        "info; left empty because OCR is off, missing or failed: warning, error when no page has text); the "
        "layer is kept in pages.layer_raw"
    ),
    FindingCode.TEXT_LAYER_PARTIAL: (
        "one page whose text layer holds only a few lines while an image without text covers most of the page"
        " (a header over a scanned body): read by OCR (info), or the layer kept when OCR read no more or did "
        "not run (warning)"
    ),
    # stage "read": OCR of scanned pages
    FindingCode.OCR_PAGES: (
        "pages read by OCR (no usable text layer, or --ocr always), with their mean confidence"
    ),
    FindingCode.OCR_UNAVAILABLE: (
        "pages needed OCR but the OCR engine is not installed (the finding says how to install it); they are "
        "left empty: error when no page has text, warning otherwise"
    ),
    FindingCode.OCR_FAILED: (
        "the OCR engine failed on a page (or rendering it failed); the page is left empty"
    ),
    FindingCode.OCR_NO_TEXT: "OCR found no text on a page (a blank page, or an image too faint to read)",
    FindingCode.OCR_NOT_BETTER: (
        "a page with a poor text layer was OCR'd, but the OCR text read no better; the text layer was kept"
    ),
    FindingCode.DUPLICATE_CONTENT: (
        "another input file has the same bytes (same doc_id); rows are not repeated"
    ),
    FindingCode.STATE_DAMAGED: (
        "the run state's stored work for this file (its page text, or its rows) could not be decoded: "
        "damaged, or not written by raingan; it was not used, and the file was read or parsed again "
        "(warning; the evidence says what was wrong)"
    ),
    # stage "normalize": repairs of the text (info)
    FindingCode.LYING_GLYPH: (
        "a character a font of the document writes for another (the full stop as ศ: พศศศ 2560, 4ศ1ศ2), found "
        "from the document's own evidence and put back only where that evidence stands"
    ),
    FindingCode.NFC: "text put in Unicode NFC form",
    FindingCode.INVISIBLE_CHARS: "zero-width characters removed, no-break spaces made plain",
    FindingCode.SARA_AM_AA: "SARA AM followed by a stray SARA AA (ดำารง → ดำรง)",
    FindingCode.SARA_AM_SPLIT: "SARA AM written as NIKHAHIT + SARA AA joined (ดํา → ดำ)",
    FindingCode.LOST_QUOTES: "quotation marks lost as '?' restored (?ทิ้งรักลงคลอง? → “ทิ้งรักลงคลอง”)",
    FindingCode.LOST_DASH: "a dash lost as ' ? ' between a strategy code and its title restored",
    FindingCode.STRAY_BACKTICK: "stray back-ticks next to Thai text removed",
    FindingCode.TRAILING_BAR: "table-cell bars at line ends removed",
    FindingCode.DIGIT_MONTH_SPACE: "a space put between a number and a Thai month name (30สิงหาคม)",
    FindingCode.REPEATED_HEADER: "a page header repeated inside the text dropped",
    FindingCode.WRAPPED_LINES: (
        "lines a page edge wrapped (a print to PDF, a scan of one, a narrow text export) joined back into one"
        " logical line before the form was read"
    ),
    # stage "normalize", text layers of PDFs only: repairs of damaged Thai (info)
    FindingCode.PUA_GLYPHS: (
        "glyphs of legacy Thai fonts (private-use U+F700–U+F71A, Latin-1 tone marks É Ê Í) mapped back to "
        "Thai"
    ),
    FindingCode.FFFD_IN_WORD: "replacement characters (U+FFFD) inside Thai words removed",
    FindingCode.SPACE_BEFORE_MARK: "spaces between a Thai letter and its mark removed (ส ำนัก → สำนัก)",
    FindingCode.DOUBLED_MARKS: "doubled vowels and marks collapsed (อุุดม → อุดม)",
    FindingCode.DICTIONARY_REPAIR: (
        "า/ำ swaps, lost ำ and displaced tone marks repaired where the dictionary says"
    ),
    FindingCode.LATE_MARKS: (
        "marks a text layer wrote late (after the next letters, among spaces: ลวงหน ่ า) put back on their "
        "letter where the dictionary says"
    ),
    FindingCode.SPACED_AM: (
        "ำ whose NIKHAHIT came out as a space (ส านักงาน) restored where the dictionary says"
    ),
    # stage "normalize", OCR pages only: the post-OCR clean-up (info)
    FindingCode.OCR_SPECKS: (
        "OCR text: specks read as a lone quote, bar or point at a line's start or end removed (| ที่ 1) → ที่ 1))"
    ),
    FindingCode.OCR_DOTS: "OCR text: spaces around the dots of an abbreviation removed (พ .ศ . → พ.ศ.)",
    FindingCode.OCR_SPACES: (
        "spaces the OCR left inside Thai words (สำนัก งาน) removed where the dictionary says"
    ),
    FindingCode.OCR_TONES: (
        "tone marks the OCR dropped over upper vowels (ไตรมาสที 2, ตัวชีวัด) put back where the dictionary says"
    ),
    FindingCode.OCR_VOCABULARY: (
        "near misses of report words (labels, months, districts: ผูลประเมิน) corrected"
    ),
    FindingCode.OCR_AM: "ำ the OCR read as า or ้า (ระดับน้า, จ้านวน) restored where the dictionary says",
    FindingCode.OCR_DIGITS: (
        "a comma of a grouped number the OCR read as a point (1.020,000 → 1,020,000) put back"
    ),
    # stage "parse": the form
    FindingCode.UNKNOWN_FORM: "the text matches none of the known forms; only its text is kept",
    FindingCode.PARSE_ERROR: (
        "the parser stopped on this document (a bug: please report it); the document failed, its read "
        "findings are kept (with --strict the run stops instead)"
    ),
    FindingCode.MISSING_FIELD: (
        "a field the form requires (name, code, target …) was not found: no label of it (the message names "
        "the field and the spellings looked for); the field is null"
    ),
    FindingCode.UNREADABLE_FIELD: (
        "a field's label was found but its value could not be read as what the field holds (a number, a date,"
        " a year …); the evidence is the raw value, the field is null"
    ),
    FindingCode.NO_ENTRIES: "no progress entry was found",
    FindingCode.HEADING_MISMATCH: "a section number and its quarter heading disagree ((6.2) ไตรมาสที่ 3)",
    FindingCode.LAYOUT_SHIFT: (
        "a progress line is printed under another report's heading; bound by its (ครั้งที่ N)"
    ),
    FindingCode.LABEL_CORRUPTED: "a label was corrupted (งบ written as Thai digits ๕๖) and read tolerantly",
    FindingCode.STATUS_MISSING: "a progress line states no plan/target status",
    FindingCode.MISSING_PROGRESS: "a report has no progress line of its own",
    FindingCode.PROGRESS_NUMBER_UNREAD: (
        "a progress line's (ครั้งที่ N) could not be read; bound by position to the report it is printed under"
    ),
    FindingCode.QUARTER_CELL_UNREAD: (
        "the quarter cell of a quarter-table row could not be read (a scan read 4 as a letter); the row was "
        "taken as the next quarter by its place in the table"
    ),
    FindingCode.DUPLICATE_PROGRESS: "a report has more than one progress line",
    FindingCode.TRUNCATED: "text cut off mid-phrase, marked by a '%' that is not a percentage",
    FindingCode.LOW_CONFIDENCE: (
        "a value (number, date, field) was read by OCR with a word confidence below the threshold: check it "
        "on the page"
    ),
    FindingCode.OCR_THAI_DIGITS: (
        "a value (number, date, field) was read by OCR in Thai digits, which tesseract's Thai model confuses "
        "with one another (๖ → ๐/๒, ๗ → ๐/๓, ๘ → ๕) at any confidence: check it on the page"
    ),
    FindingCode.BUDGET_AMOUNT_MISSING: (
        "a budget line item says baht but states no amount on its row (nor on the rows its label wraps "
        "onto); its amount_thb is null"
    ),
    FindingCode.BUDGET_SUM_MISMATCH: (
        "the parts of a budget line item, every one read with its amount, do not add up to the amount it "
        "states; the message gives both sums and the parts"
    ),
    # stage "parse": dates
    FindingCode.AMBIGUOUS_ORDER: (
        "day/month order of a slash date could not be decided; the era-rule reading is kept"
    ),
    FindingCode.INVALID_DATE: "a date that is no calendar date in either order",
    FindingCode.WEEKDAY_MISMATCH: "the weekday written with a date is not that date's weekday",
    FindingCode.ORDER_AGAINST_ERA: "a slash date valid only in the order its era does not usually use",
    FindingCode.ERA_MARKER_MISMATCH: "an era marker that does not fit the year (พ.ศ. 2021)",
    FindingCode.RANGE_REVERSED: "a date range whose end is before its start",
    FindingCode.TWO_DIGIT_YEAR: "a two-digit year read as Buddhist Era (ม.ค.64 → 2564)",
    FindingCode.OUTSIDE_QUARTER: "an entry dated outside the quarter it is written under",
    FindingCode.OUTSIDE_FY: "an entry dated outside the document's fiscal year",
    # stage "audit": consistency checks over all documents (raingan audit; docs/AUDIT.md explains each)
    FindingCode.PERIOD_MISMATCH: (
        "the stated fiscal year and the project's start and end do not overlap; the report dates say which of"
        " them is suspect"
    ),
    FindingCode.REPORT_BEFORE_START: "progress reports dated before the project's start",
    FindingCode.REPORT_AFTER_END: "progress reports dated after the project's end",
    FindingCode.CITED_YEAR_CONFLICT: (
        "a cited order or letter numbered in one year (ที่ 29/2566) is dated in another (ลงวันที่ 25 มกราคม "
        "2565): one of the two years is a typo"
    ),
    FindingCode.DATE_AFTER_PERIOD: (
        "a quarter's narrative cites dates after the quarter ended (written late, or copied from a later "
        "quarter)"
    ),
    FindingCode.PROGRESS_DOWN: "cumulative progress goes down from one report to the next",
    FindingCode.FINAL_MISMATCH: "the last quarter's result disagrees with the result achieved",
    FindingCode.TARGET_SCALE: (
        "target and result are on different scales (different units, or one 10, 100 or 1000 times the other)"
    ),
    FindingCode.SCORE_INCONSISTENT: "a quarter has a result but a score of 0",
    FindingCode.ARITHMETIC_MISMATCH: (
        "figures the text gives with their parts do not add up (841 − 615 = 226, 226 / 841 = 26.87 %)"
    ),
    FindingCode.BUDGET_OVERSPENT: "budget spent is more than the budget received",
    FindingCode.DUPLICATE_ENTRY: (
        "entries of a report have the same text (line wrapping aside): copied, not written for their period"
    ),
    FindingCode.FROZEN_METRICS: (
        "the same figures in several periods while the report gives other figures for the same units "
        "elsewhere"
    ),
    FindingCode.KPI_UNIT_CHANGED: "the same KPI's target or result is in another unit than the year before",
    FindingCode.KPI_TARGET_CHANGED: "the same KPI's target changed from the year before",
    FindingCode.KPI_TITLE_CHANGED: (
        "a KPI or project code names another title than the year before (its definition may have changed)"
    ),
    FindingCode.KPI_MISSING_YEAR: "a KPI or project has no report for a fiscal year between two years it has",
    FindingCode.KPI_RESULT_JUMP: (
        "the same KPI's result moved implausibly from one year to the next (50 points, or 5 times)"
    ),
    FindingCode.KPI_SAME_YEAR: "more than one report of the same KPI or project for one fiscal year",
    FindingCode.BUDGET_TARGET_JUMP: (
        "a budget document's target for a year is 10 times or more (or a tenth or less) of the same target "
        "for the year before in its row, or of what another budget document of the same agency gives for "
        "that year or a neighbouring one; the evidence names both values and both documents"
    ),
    FindingCode.BUDGET_TARGET_UNIT: (
        "another budget document of the same agency gives the same target (same label) in another unit"
    ),
    FindingCode.TEXT_REPAIRED: (
        "the document's text was damaged (lost quotes, broken vowels, font glyphs) and repaired before it was"
        " read"
    ),
    FindingCode.TEXT_SUSPECT: (
        "text damage that may have changed values: a corrupted label, undecodable bytes, values OCR read with"
        " low confidence, pages that read poorly"
    ),
    FindingCode.AUDIT_ERROR: "an audit check stopped on a bug (please report it); the other checks ran",
}
