"""Every finding code raingan writes, with its meaning: the catalogue docs/DATA.md lists.

A test checks that every code the code base can emit is listed here.
"""

from __future__ import annotations

from typing import Final

FINDING_CODES: Final[dict[str, str]] = {
    # stage "read": the file itself
    "not_text": "the file is not text (binary, an image or a PDF under a text name); the document failed",
    "empty_file": "the file is empty or only whitespace; the document failed",
    "read_error": "the file could not be read (permissions, vanished); the document failed",
    "extract_error": "reading the file stopped on a bug (in a reader, the repair or the OCR step: please "
    "report it); the document failed (with --strict the run stops instead)",
    "doc_timeout": "the document took longer than the time limit of one document (--doc-timeout); it failed",
    "doc_memory": "the document's worker used more memory than the limit (--doc-memory); it failed",
    "worker_crash": "the worker process reading the document died (a crash in a PDF library, killed by the "
    "system); only this document failed",
    "unsupported_format": "a file type this version does not read; the document failed",
    "too_large": "the file is larger than the configured limit; the document failed",
    "encoding_fallback": "the file is not UTF-8; it was decoded as cp874 (TIS-620 and its Windows superset)",
    "decode_replaced": "some bytes could not be decoded and were replaced by U+FFFD",
    "encoding_uncertain": "not UTF-8 and not clearly Thai; read as cp874 — check the text",
    "charset_ignored": "a web page's declared charset is unknown or contradicts its bytes; it was not used",
    "no_visible_text": "a web page with markup but no visible text; the document failed",
    "format_sniffed": "the content says another format than the file name (a web page saved as .txt)",
    "not_pdf": "a file named .pdf that is not a PDF; the document failed",
    "pdf_damaged": "the PDF is damaged or truncated and cannot be opened; the document failed",
    "pdf_encrypted": "the PDF needs a password; the document failed (decrypt it and ingest again)",
    "pdf_encrypted_open": "the PDF is encrypted with an empty user password and was read as usual",
    "pdf_no_pages": "the PDF has no pages; the document failed",
    "pdf_page_error": "the text of one page could not be read; the document is partial",
    "pdf_page_timeout": "reading a page took longer than the page time limit (page_timeout_s); the page "
    "is left empty, the document is partial",
    "pdf_open_timeout": "opening the PDF took longer than the page time limit; the document failed",
    "pdf_worker_crash": "the PDF library crashed on a page (or while opening the file); that page is left "
    "empty (or the document failed), and the run goes on",
    "no_text_layer": "pages without a usable text layer (scans) that were not OCR'd because OCR is off "
    "(--ocr never): error when no page has text, warning otherwise",
    "text_layer_unusable": "one page whose text layer lies (wrong script: a font without a Unicode map; "
    "Latin garbage: a foreign OCR over a scan) and is not used: the finding names the reason and what "
    "was read instead (OCR: info; left empty because OCR is off, missing or failed: warning, error when "
    "no page has text); the layer is kept in pages.layer_raw",
    "text_layer_partial": "one page whose text layer holds only a few lines while an image without text "
    "covers most of the page (a header over a scanned body): read by OCR (info), or the layer kept when "
    "OCR read no more or did not run (warning)",
    # stage "read": OCR of scanned pages
    "ocr_pages": "pages read by OCR (no usable text layer, or --ocr always), with their mean confidence",
    "ocr_unavailable": "pages needed OCR but the OCR engine is not installed (the finding says how to "
    "install it); they are left empty: error when no page has text, warning otherwise",
    "ocr_failed": "the OCR engine failed on a page (or rendering it failed); the page is left empty",
    "ocr_no_text": "OCR found no text on a page (a blank page, or an image too faint to read)",
    "ocr_not_better": "a page with a poor text layer was OCR'd, but the OCR text read no better; the text "
    "layer was kept",
    "duplicate_content": "another input file has the same bytes (same doc_id); rows are not repeated",
    # stage "normalize": repairs of the text (info)
    "lying_glyph": "a character a font of the document writes for another (the full stop as ศ: พศศศ 2560, "
    "4ศ1ศ2), found from the document's own evidence and put back only where that evidence stands",
    "nfc": "text put in Unicode NFC form",
    "invisible_chars": "zero-width characters removed, no-break spaces made plain",
    "sara_am_aa": "SARA AM followed by a stray SARA AA (ดำารง → ดำรง)",
    "sara_am_split": "SARA AM written as NIKHAHIT + SARA AA joined (ดํา → ดำ)",
    "lost_quotes": "quotation marks lost as '?' restored (?ทิ้งรักลงคลอง? → “ทิ้งรักลงคลอง”)",
    "lost_dash": "a dash lost as ' ? ' between a strategy code and its title restored",
    "stray_backtick": "stray back-ticks next to Thai text removed",
    "trailing_bar": "table-cell bars at line ends removed",
    "digit_month_space": "a space put between a number and a Thai month name (30สิงหาคม)",
    "repeated_header": "a page header repeated inside the text dropped",
    "wrapped_lines": "lines a page edge wrapped (a print to PDF, a scan of one, a narrow text export) joined "
    "back into one logical line before the form was read",
    # stage "normalize", text layers of PDFs only: repairs of damaged Thai (info)
    "pua_glyphs": "glyphs of legacy Thai fonts (private-use U+F700–U+F71A, Latin-1 tone marks É Ê Í) mapped "
    "back to Thai",
    "fffd_in_word": "replacement characters (U+FFFD) inside Thai words removed",
    "space_before_mark": "spaces between a Thai letter and its mark removed (ส ำนัก → สำนัก)",
    "doubled_marks": "doubled vowels and marks collapsed (อุุดม → อุดม)",
    "dictionary_repair": "า/ำ swaps, lost ำ and displaced tone marks repaired where the dictionary says",
    "late_marks": "marks a text layer wrote late (after the next letters, among spaces: ลวงหน ่ า) put back "
    "on their letter where the dictionary says",
    "spaced_am": "ำ whose NIKHAHIT came out as a space (ส านักงาน) restored where the dictionary says",
    # stage "normalize", OCR pages only: the post-OCR clean-up (info)
    "ocr_specks": "OCR text: specks read as a lone quote, bar or point at a line's start or end removed "
    "(| ที่ 1) → ที่ 1))",
    "ocr_dots": "OCR text: spaces around the dots of an abbreviation removed (พ .ศ . → พ.ศ.)",
    "ocr_spaces": "spaces the OCR left inside Thai words (สำนัก งาน) removed where the dictionary says",
    "ocr_tones": "tone marks the OCR dropped over upper vowels (ไตรมาสที 2, ตัวชีวัด) put back where the "
    "dictionary says",
    "ocr_vocabulary": "near misses of report words (labels, months, districts: ผูลประเมิน) corrected",
    "ocr_am": "ำ the OCR read as า or ้า (ระดับน้า, จ้านวน) restored where the dictionary says",
    "ocr_digits": "a comma of a grouped number the OCR read as a point (1.020,000 → 1,020,000) put back",
    # stage "parse": the form
    "unknown_form": "the text matches none of the known forms; only its text is kept",
    "parse_error": "the parser stopped on this document (a bug: please report it); the document failed, "
    "its read findings are kept (with --strict the run stops instead)",
    "missing_field": "a field the form requires (name, code, target …) was not found: no label of it (the "
    "message names the field and the spellings looked for); the field is null",
    "unreadable_field": "a field's label was found but its value could not be read as what the field holds "
    "(a number, a date, a year …); the evidence is the raw value, the field is null",
    "no_entries": "no progress entry was found",
    "heading_mismatch": "a section number and its quarter heading disagree ((6.2) ไตรมาสที่ 3)",
    "layout_shift": "a progress line is printed under another report's heading; bound by its (ครั้งที่ N)",
    "label_corrupted": "a label was corrupted (งบ written as Thai digits ๕๖) and read tolerantly",
    "status_missing": "a progress line states no plan/target status",
    "missing_progress": "a report has no progress line of its own",
    "progress_number_unread": "a progress line's (ครั้งที่ N) could not be read; bound by position to the "
    "report it is printed under",
    "quarter_cell_unread": "the quarter cell of a quarter-table row could not be read (a scan read 4 as a "
    "letter); the row was taken as the next quarter by its place in the table",
    "duplicate_progress": "a report has more than one progress line",
    "truncated": "text cut off mid-phrase, marked by a '%' that is not a percentage",
    "low_confidence": "a value (number, date, field) was read by OCR with a word confidence below the "
    "threshold: check it on the page",
    "ocr_thai_digits": "a value (number, date, field) was read by OCR in Thai digits, which tesseract's Thai "
    "model confuses with one another (๖ → ๐/๒, ๗ → ๐/๓, ๘ → ๕) at any confidence: check it on the page",
    # stage "parse": dates
    "ambiguous_order": "day/month order of a slash date could not be decided; the era-rule reading is kept",
    "invalid_date": "a date that is no calendar date in either order",
    "weekday_mismatch": "the weekday written with a date is not that date's weekday",
    "order_against_era": "a slash date valid only in the order its era does not usually use",
    "era_marker_mismatch": "an era marker that does not fit the year (พ.ศ. 2021)",
    "range_reversed": "a date range whose end is before its start",
    "two_digit_year": "a two-digit year read as Buddhist Era (ม.ค.64 → 2564)",
    "outside_quarter": "an entry dated outside the quarter it is written under",
    "outside_fy": "an entry dated outside the document's fiscal year",
    # stage "audit": consistency checks over all documents (raingan audit; docs/AUDIT.md explains each)
    "period_mismatch": "the stated fiscal year and the project's start and end do not overlap; the report "
    "dates say which of them is suspect",
    "report_before_start": "progress reports dated before the project's start",
    "report_after_end": "progress reports dated after the project's end",
    "cited_year_conflict": "a cited order or letter numbered in one year (ที่ 29/2566) is dated in another "
    "(ลงวันที่ 25 มกราคม 2565): one of the two years is a typo",
    "date_after_period": "a quarter's narrative cites dates after the quarter ended (written late, or "
    "copied from a later quarter)",
    "progress_down": "cumulative progress goes down from one report to the next",
    "final_mismatch": "the last quarter's result disagrees with the result achieved",
    "target_scale": "target and result are on different scales (different units, or one 10, 100 or 1000 "
    "times the other)",
    "score_inconsistent": "a quarter has a result but a score of 0",
    "arithmetic_mismatch": "figures the text gives with their parts do not add up (841 − 615 = 226, "
    "226 / 841 = 26.87 %)",
    "budget_overspent": "budget spent is more than the budget received",
    "duplicate_entry": "entries of a report have the same text (line wrapping aside): copied, not written "
    "for their period",
    "frozen_metrics": "the same figures in several periods while the report gives other figures for the "
    "same units elsewhere",
    "kpi_unit_changed": "the same KPI's target or result is in another unit than the year before",
    "kpi_target_changed": "the same KPI's target changed from the year before",
    "kpi_title_changed": "a KPI or project code names another title than the year before (its definition "
    "may have changed)",
    "kpi_missing_year": "a KPI or project has no report for a fiscal year between two years it has",
    "kpi_result_jump": "the same KPI's result moved implausibly from one year to the next (50 points, or "
    "5 times)",
    "kpi_same_year": "more than one report of the same KPI or project for one fiscal year",
    "text_repaired": "the document's text was damaged (lost quotes, broken vowels, font glyphs) and repaired "
    "before it was read",
    "text_suspect": "text damage that may have changed values: a corrupted label, undecodable bytes, values "
    "OCR read with low confidence, pages that read poorly",
    "audit_error": "an audit check stopped on a bug (please report it); the other checks ran",
}
