"""The one configuration object of a run, passed explicitly."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Config(BaseModel):
    """Settings of an ingest run (frozen: build a new one to change a setting)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    out_dir: Path = Field(Path("data/out"), description="folder the Parquet tables are written to")
    suffixes: frozenset[str] = Field(
        frozenset({".txt", ".text", ".html", ".htm", ".pdf"}),
        description="file suffixes collected when a folder is given (a file named directly is always read)",
    )
    max_file_bytes: int = Field(
        64 * 1024 * 1024, description="larger files are not read: they get a failed row with a finding"
    )
    show_progress: bool = Field(True, description="draw a progress bar on the terminal")
    page_timeout_s: float | None = Field(
        30.0,
        gt=0,
        description="seconds a PDF page (or opening a PDF) may take; PDFs are then read in a child process "
        "that is killed when late. None: read in this process, without a limit",
    )
