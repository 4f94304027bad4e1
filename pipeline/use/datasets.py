"""The published tables of an output folder, as the files of each dataset (for ``sql`` and ``export``).

Each table ``OUT/<table>.parquet`` is a link to the folder of the last complete run's dataset (README,
Output), holding one Parquet file per fiscal year and ``_files``, the list of them
(:data:`~pipeline.store.names.MANIFEST`). A reader takes the files the list names, not a glob: a file
dropped in by hand is not the table's, and ``[``, ``*`` or ``?`` in the folder's path is no pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import NoInputError
from pipeline.store.names import MANIFEST
from schemas.records import OUTPUT_TABLES


def table_folders(out_dir: Path) -> dict[str, Path]:
    """Each table of ``out_dir`` that exists, by name, in the data dictionary's order: the folder its link
    points to now (resolved, so that a run swapping the links meanwhile cannot change what is read)."""
    folders = {
        model.table: (out_dir / f"{model.table}.parquet").resolve()
        for model in OUTPUT_TABLES
        if (out_dir / f"{model.table}.parquet").is_dir()
    }
    if not folders:
        raise NoInputError(f"no tables in {out_dir}", f"run `raingan ingest ... --out {out_dir}` first")
    return folders


def dataset_files(folder: Path) -> list[Path]:
    """The dataset's files by name: those its list names, else every Parquet file of an older layout's
    folder (which had no list)."""
    try:
        names = (folder / MANIFEST).read_text(encoding="utf-8").split()
    except OSError:
        names = []
    names = names or [p.name for p in folder.glob("*.parquet")]
    return [folder / name for name in sorted(names)]


def table_rows(folder: Path, batch_rows: int = 4096) -> Iterator[list[tuple[object, ...]]]:
    """A dataset's rows, a batch at a time (memory stays flat in the table's size), each row a tuple in
    the schema's column order: dates as :class:`datetime.date`, timestamps as naive
    :class:`datetime.datetime`, lists as lists, NULL as None."""
    import pyarrow.parquet as pq

    for path in dataset_files(folder):
        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(batch_size=batch_rows):
                columns = [column.to_pylist() for column in batch.columns]
                yield list(zip(*columns, strict=True)) if columns else []
