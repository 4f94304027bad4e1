"""Tooling that is not the product: generators of test material whose truth is known, and the measure
that compares what was read with it.

* :mod:`tools.corpus` — the sample reports as text-layer PDFs (``raingan corpus``);
* :mod:`tools.scans`, :mod:`tools.scan_page` — the sample reports as scanned, image-only PDFs
  (``raingan scans``);
* :mod:`tools.accuracy` — character error rate and field-by-field agreement of two readings.

Tests and ``bench/`` import them; the product (``schemas``, ``parsers``, ``pipeline``) never does, but
for the two commands, which load them when run. Their libraries (fpdf2, fontTools) are the ``tools``
extra: ``pip install -e '.[tools]'`` (``make`` installs it).
"""
