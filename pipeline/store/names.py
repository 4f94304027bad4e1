"""The names of the files inside a table's dataset folder (``OUT/<table>.parquet/``) and of the run
state's.

Apart from :mod:`pipeline.store.parquet`, which writes the datasets, and :mod:`pipeline.store.state`,
so that code that only reads them (``raingan sql``, the audit, ``raingan doctor``) or looks whether
they are there (an ingest's first lines) need not load the writer and the run state.
"""

from __future__ import annotations

from typing import Final

#: the tables of an output folder (``OUT/<name>.parquet``), as :data:`schemas.records.OUTPUT_TABLES` names
#: them; written out so that looking whether they are there (an ingest with nothing to do) loads no records
#: and no pydantic (a test checks they agree)
TABLES: Final = (
    "documents",
    "entries",
    "metrics",
    "findings",
    "pages",
    "dates",
    "fields",
    "tables",
    "cells",
    "budget_items",
    "kpi_history",
)

#: the table whose fiscal-year files are the output's partitions
DOCUMENTS: Final = TABLES[0]

#: the file of a table without rows: it carries the schema
EMPTY: Final = "empty.parquet"
#: a dataset's list of its files, written last: Parquet readers pass over names that start with "_"
MANIFEST: Final = "_files"

#: the run state's folder in the output folder, and its database there
STATE_DIR: Final = ".raingan"
STATE_FILE: Final = "state.sqlite"
