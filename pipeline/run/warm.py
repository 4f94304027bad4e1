"""Loaded once by the process pool's fork server, before any worker is forked from it.

Importing this module imports the reading, OCR and parsing code and loads the Thai dictionaries (the word
list and its matching pattern, the word frequencies: ~5 s), so every worker forked afterwards starts
with them in memory, shared with its siblings until written.
"""

from __future__ import annotations

from parsers.assemble import parse_document
from parsers.repair.quality import quality_score
from parsers.repair.wordscore import cover

# the worker, and what it imports only when a document needs it (the parse step, PDFium, the OCR's numpy,
# scipy and Pillow): loaded here once, not by every worker on its first document, PDF or scan
from pipeline.ocr import digits, image, render  # noqa: F401
from pipeline.read import pdf, pdf_pages  # noqa: F401
from pipeline.run import parse, worker  # noqa: F401

quality_score("ความก้าวหน้าของงาน")
cover("ความก้าวหน้าของงาน")
parse_document("warm-up", ["ความก้าวหน้าของงานฯ = 5.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท"])
