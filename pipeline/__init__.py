"""raingan's I/O layer: readers, the archive run, the Parquet store and the command line."""

import os

# pythainlp makes ~/pythainlp-data whenever it looks up its data folder, though raingan only uses the
# word lists shipped inside the package: an ingest must write nothing outside --out (but for raingan's
# own cache of the dictionaries built from those lists, wordlists/cache.py). (Respect a setting the user
# made; PYTHAINLP_READ_MODE is its deprecated name.)
if "PYTHAINLP_READ_MODE" not in os.environ:
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


def __getattr__(name: str) -> object:
    """``from pipeline import load``: the typed tables for notebooks (pandas is imported only then)."""
    if name == "load":
        from pipeline.use.load import load

        return load
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
