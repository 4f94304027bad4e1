"""What the commands of the ``raingan`` command line share (:mod:`pipeline.cli`, :mod:`pipeline.cli_tables`):
the ``--out`` and ``--lang`` options and the terminal's two consoles."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

#: --out of the commands that read an ingest's output (audit, sql)
TABLES_OPTION = click.option(
    "--out",
    "out_dir",
    default=Path("data/out"),
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the tables (what ingest wrote).",
)

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["th", "en"]),
    default=None,
    help="Language of DIR/audit.html: th (Thai, the default) or en; the last one used is kept.",
)

console = Console(stderr=False)
err = Console(stderr=True)
