"""Are two runs' tables the same? For refactors that must not change a single value.

``snapshot`` writes every output table of ``raingan ingest`` (``OUT/<table>.parquet``) in a canonical
form: each row as one line of JSON with sorted keys, the lines of a table sorted, one gzip'd file per
table in ``SNAP/``, with ``SNAP/digests.json`` (rows and sha256 per table). ``compare`` checks two
snapshots, table by table, and prints the first rows that differ (exit 1 when any table differs).

Nothing is left out: a difference in any column (the parser version included) is a difference. The
input folder ``--root`` (as given, and resolved) is written ``<root>/`` wherever a value names it (source
paths, audit messages that name another file), so that two runs over the same inputs reached by
different folders compare equal.

    .venv/bin/python bench/same_tables.py snapshot OUT SNAP [--root INPUT_DIR]
    .venv/bin/python bench/same_tables.py compare SNAP_BEFORE SNAP_AFTER
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from schemas.records import OUTPUT_TABLES


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _rows(path: Path, roots: tuple[str, ...]) -> list[str]:
    table = pq.read_table(path)
    lines = []
    for row in table.to_pylist():
        for key, value in row.items():
            if isinstance(value, str):
                for root in roots:
                    value = value.replace(root, "<root>/")
                row[key] = value
        lines.append(json.dumps(_plain(row), ensure_ascii=False, sort_keys=True))
    return sorted(lines)


def snapshot(out: Path, snap: Path, root: Path | None) -> dict[str, dict[str, Any]]:
    snap.mkdir(parents=True, exist_ok=True)
    # the input folder as given and as resolved (a link to it): paths in any column, messages included
    roots = () if root is None else tuple(dict.fromkeys([f"{root.absolute()}/", f"{root.resolve()}/"]))
    digests: dict[str, dict[str, Any]] = {}
    for model in OUTPUT_TABLES:
        name = model.table
        dataset = out / f"{name}.parquet"
        if not dataset.exists():
            digests[name] = {"rows": None, "sha256": None}
            continue
        lines = _rows(dataset, roots)
        body = "\n".join(lines).encode()
        (snap / f"{name}.jsonl.gz").write_bytes(gzip.compress(body, mtime=0))
        digests[name] = {"rows": len(lines), "sha256": hashlib.sha256(body).hexdigest()}
    (snap / "digests.json").write_text(json.dumps(digests, indent=1) + "\n")
    return digests


def compare(before: Path, after: Path, shown: int = 3) -> bool:
    a = json.loads((before / "digests.json").read_text())
    b = json.loads((after / "digests.json").read_text())
    same = True
    for name in sorted(set(a) | set(b)):
        if a.get(name) == b.get(name):
            print(f"{name:14} same ({a[name]['rows']} rows)")
            continue
        same = False
        print(f"{name:14} DIFFERENT: {a.get(name)} vs {b.get(name)}")
        old = set(gzip.decompress((before / f"{name}.jsonl.gz").read_bytes()).decode().splitlines())
        new = set(gzip.decompress((after / f"{name}.jsonl.gz").read_bytes()).decode().splitlines())
        for label, rows in (("only before", old - new), ("only after", new - old)):
            for line in sorted(rows)[:shown]:
                print(f"  {label}: {line[:400]}")
    return same


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("out", type=Path)
    snap.add_argument("snap", type=Path)
    snap.add_argument("--root", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        for name, d in snapshot(args.out, args.snap, args.root).items():
            print(f"{name:14} {d['rows']} rows {d['sha256']}")
        return 0
    return 0 if compare(args.before, args.after) else 1


if __name__ == "__main__":
    sys.exit(main())
