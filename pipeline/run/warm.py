"""Loaded once by the process pool's fork server, before any worker is forked from it.

Importing this module imports the reading and parsing code and loads the Thai dictionaries (the word
list and its matching pattern, the word frequencies: ~5 s), so every worker forked afterwards starts
with them in memory, shared with its siblings until written.
"""

from __future__ import annotations

from parsers.assemble import parse_document
from parsers.repair.quality import quality_score
from parsers.repair.wordscore import cover
from pipeline.run import worker  # noqa: F401 - imported so that forked workers have it

quality_score("ความก้าวหน้าของงาน")
cover("ความก้าวหน้าของงาน")
parse_document("warm-up", ["ความก้าวหน้าของงานฯ = 5.00 % งบประมาณที่เบิกใช้ (ครั้งที่ 1) = 0 บาท"])
