"""The one configuration object of a run, passed explicitly."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from pipeline.defaults import DOC_MEMORY_MB, DOC_TIMEOUT_S, PAGE_TIMEOUT_S, OcrMode

__all__ = ["DOC_MEMORY_MB", "DOC_TIMEOUT_S", "PAGE_TIMEOUT_S", "STRICT_ENV", "Config", "OcrMode"]

#: set (to anything but 0) to make every run strict by default: the test suite does
STRICT_ENV: Final = "RAINGAN_STRICT"


class Config(BaseModel):
    """Settings of an ingest run (frozen: build a new one to change a setting)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    out_dir: Path = Field(Path("data/out"), description="folder the Parquet tables are written to")
    suffixes: frozenset[str] | None = Field(
        None,
        description="file suffixes collected when a folder is given (a file named directly is always read); "
        "None: every suffix raingan reads (pipeline.read.identity.FORMAT_BY_SUFFIX)",
    )
    max_file_bytes: int = Field(
        64 * 1024 * 1024, description="larger files are not read: they get a failed row with a finding"
    )
    show_progress: bool = Field(True, description="draw a progress bar on the terminal")
    page_timeout_s: float | None = Field(
        PAGE_TIMEOUT_S,
        gt=0,
        description="seconds a PDF page (or opening a PDF) may take; PDFs are then read in a child process "
        "that is killed when late. None: read in this process, without a limit",
    )
    ocr: OcrMode = Field(
        OcrMode.AUTO,
        description="auto: OCR the PDF pages without a text layer or whose text layer reads worse than "
        "ocr_below; always: every PDF page; never: no OCR",
    )
    ocr_below: float = Field(
        0.80,
        ge=0,
        le=1,
        description="auto mode: a page whose text-layer quality (after repair) is below this is OCR'd too, "
        "and the OCR text is kept when it reads better",
    )
    ocr_engine: str = Field("tesseract", description="the OCR engine (pipeline.ocr.runner.ENGINES)")
    ocr_dpi: int = Field(300, ge=72, le=600, description="resolution pages are rendered at for OCR")
    ocr_workers: int | None = Field(
        None, ge=1, description="OCR processes run at once (one page each); None: the number of cores"
    )
    low_confidence_below: float = Field(
        80.0,
        ge=0,
        le=100,
        description="values read by OCR with a lower word confidence (0–100) get a low_confidence finding",
    )
    workers: int | None = Field(
        None, ge=1, description="worker processes that read and parse documents; None: the number of cores"
    )
    scheduler: str | None = Field(
        None,
        description="run the documents on a Dask cluster: 'local' starts one on this machine, "
        "'tcp://HOST:8786' joins a running scheduler; None: this machine's process pool",
    )
    doc_timeout_s: float | None = Field(
        DOC_TIMEOUT_S,
        gt=0,
        description="seconds one document may take (reading, OCR, parsing) before it is stopped and fails "
        "with doc_timeout; None: no limit. Enforced by the process pool",
    )
    doc_memory_mb: int | None = Field(
        DOC_MEMORY_MB,
        gt=0,
        description="MB of memory a worker (with its PDF reader and OCR) may hold while on one document; "
        "above it the document fails with doc_memory. None: no limit. Enforced by the process pool",
    )
    force: bool = Field(False, description="redo every document, even those the run state has done")
    cache_dir: Path | None = Field(
        None,
        description="where OCR results are cached by page-image hash; None: <out_dir>/cache. Only batch "
        "runs (raingan ingest) use the cache",
    )

    strict: bool = Field(
        default_factory=lambda: os.environ.get(STRICT_ENV, "") not in ("", "0"),
        description="a step that stops on a bug stops the run (exit 1, with the traceback) instead of "
        "failing its document with extract_error or parse_error; default: the environment variable "
        "RAINGAN_STRICT (the tests set it)",
    )

    @property
    def ocr_cache_dir(self) -> Path:
        return (self.cache_dir or self.out_dir / "cache") / "ocr"
