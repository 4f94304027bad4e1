"""Loaded once by the process pool's fork server, before any worker is forked from it.

Importing this module imports the reading and parsing code (PDFium's binding among it) and loads what
every worker would otherwise load for itself: PyThaiNLP (its newmm tokenizer; importing it takes
~0.1 s), and the Thai dictionaries, the tries of words and the corpus word costs, read from their cache
(:mod:`wordlists.cache`) in a few milliseconds. Every worker forked afterwards starts with them in
memory, shared with its siblings until written. (Before the dictionaries were cached this took ~6 s:
a regular expression of the whole dictionary and PyThaiNLP's pure-Python tries were built here.)

The OCR's numpy, scipy and Pillow (~0.5 s) are not loaded here: a run of text reports would wait for
them before its first document, while a worker that meets a scan imports them once, next to seconds of
OCR a page. A process that is not forked from here (``raingan show``, a notebook) loads each structure
on its first use instead, only those its pages need: a clean text-layer page only the quality trie.
"""

from __future__ import annotations

from parsers.assemble import parse_document
from parsers.registry import LINE_STARTERS
from parsers.repair.quality import quality_score
from parsers.repair.wordscore import cover
from parsers.thai.agencies import find_agencies

# the worker, and what it imports only when a document needs it (the parse step, PDFium): loaded here
# once, not by every worker on its first document or PDF
from pipeline.read import pdf, pdf_pages  # noqa: F401
from pipeline.run import parse, worker  # noqa: F401
from pipeline.store.codec import formats

quality_score("ความก้าวหน้าของงาน")  # the project dictionary's trie
cover("ความก้าวหน้าของงาน")  # newmm, the set of words, the word costs
# PyThaiNLP's default dictionary (the first word after a count: "จำนวน 5 คน")
parse_document("warm-up", ["ความก้าวหน้าของงานฯ = 5.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) จำนวน 5 คน = 0 บาท"])
# every form's label patterns (the warm-up above compiles only those of the forms it could be): a
# worker compiled the others on its first documents, ~60 ms
for table in LINE_STARTERS:
    table.compile()
# the run state's formats, walked from the stored classes: each worker encodes its outcomes
formats()
# the agencies' pattern (~0.2 s to compile): the agency of KPI reports, budget and unknown documents
next(find_agencies("สำนักงานเขตบางนา"), None)
