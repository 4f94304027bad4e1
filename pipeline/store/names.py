"""The names of the files inside a table's dataset folder (``OUT/<table>.parquet/``).

Apart from :mod:`pipeline.store.parquet`, which writes the datasets, so that code that only reads them
(``raingan sql``, the audit, ``raingan doctor``) need not load the writer and the run state.
"""

from __future__ import annotations

from typing import Final

#: the file of a table without rows: it carries the schema
EMPTY: Final = "empty.parquet"
#: a dataset's list of its files, written last: Parquet readers pass over names that start with "_"
MANIFEST: Final = "_files"
