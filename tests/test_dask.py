"""Scale-out: the same ingest on a Dask cluster (a LocalCluster of two worker processes) writes the
same tables as the process pool."""

from __future__ import annotations

from pathlib import Path

from test_archive import archive, assert_same_tables, run


def test_a_local_dask_cluster_writes_what_the_process_pool_writes(tmp_path: Path) -> None:
    files = archive(tmp_path / "in")
    pool = run(files, tmp_path / "pool", workers=2)
    dask = run(files, tmp_path / "dask", workers=2, scheduler="local")
    assert dask.read == pool.read == len(files)
    assert dask.summary == pool.summary
    assert_same_tables(tmp_path / "pool", tmp_path / "dask")
    again = run(files, tmp_path / "dask", workers=2, scheduler="local")
    assert (again.read, again.reused) == (0, len(files))  # the run state works the same
