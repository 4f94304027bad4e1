"""Values carry their unit: entries.progress_unit beside progress_pct, kpi_history.progress_unit, and charts
that never put a score and a percentage on one axis."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.audit import audit_output
from pipeline.audit.svg import unit_panels
from pipeline.config import Config
from pipeline.run.serial import run_serial
from schemas.enums import Form
from schemas.records import KpiHistory

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("units") / "out"
    files = [
        RAW / "kpi_detail_environment_fy2565.txt",
        RAW / "kpi_detail_finance_fy2564.html",
        RAW / "project_progress_dindaeng_fy2565.txt",
    ]
    run_serial(files, Config(out_dir=folder, show_progress=False))
    audit_output(folder, html=True)
    return folder


def by_file(out: Path, table: str) -> pd.DataFrame:
    docs = pd.read_parquet(out / "documents.parquet")[["doc_id", "source_path"]]
    rows = pd.read_parquet(out / f"{table}.parquet")
    rows = rows.drop(columns=[c for c in ("source_path",) if c in rows.columns])
    rows = rows.merge(docs, on="doc_id")
    rows["file"] = rows["source_path"].map(lambda p: Path(p).name)
    return rows


def test_entries_say_the_unit_of_their_progress(out: Path) -> None:
    entries = by_file(out, "entries")
    with_progress = entries[entries.progress_pct.notna()]
    units = with_progress.groupby("file")["progress_unit"].unique().map(list).to_dict()
    # a project's progress is a percentage; the quarter results of these KPI pages are scores (คะแนน)
    assert units == {
        "project_progress_dindaeng_fy2565.txt": ["%"],
        "kpi_detail_environment_fy2565.txt": ["คะแนน"],
        "kpi_detail_finance_fy2564.html": ["คะแนน"],
    }
    assert entries[entries.progress_pct.isna()].progress_unit.isna().all()


def test_history_and_charts_keep_units_apart(out: Path) -> None:
    history = by_file(out, "kpi_history").set_index("file")
    environment = history.loc["kpi_detail_environment_fy2565.txt"]
    assert (environment.target_unit, environment.progress_unit) == ("%", "คะแนน")
    assert history.loc["project_progress_dindaeng_fy2565.txt"].progress_unit == "%"
    page = (out / "audit.html").read_text(encoding="utf-8")

    def charts(series_id: str) -> list[str]:
        return re.findall(rf'<svg class="chart" data-series="{series_id}" data-unit="([^"]+)"', page)

    # the scores of the quarters, then the target's percentage: two charts, each labelled with its unit
    assert charts(environment.series_id) == ["คะแนน", "%"]
    finance = history.loc["kpi_detail_finance_fy2564.html"]
    assert (finance.target_unit, finance.progress_unit) == ("คะแนน", "คะแนน")
    assert charts(finance.series_id) == ["คะแนน"]
    # the table's values with their unit
    assert "87.5 คะแนน" in page


def row(**values: object) -> KpiHistory:
    base: dict[str, object] = {
        "series_id": "s",
        "match": "code",
        "series_key": "k",
        "doc_id": "d",
        "source_path": "x.txt",
        "form": Form.KPI_DETAIL,
        "year_index": 1,
    }
    return KpiHistory.model_validate(base | values)


def test_unit_panels() -> None:
    same = [row(target_value=80.0, target_unit="%", q1_progress=20.0, progress_unit="%")]
    assert [u for u, _ in unit_panels(same)] == ["%"]
    mixed = [
        row(target_value=5.0, target_unit="คะแนน", q1_progress=100.0, q4_progress=90.0, progress_unit="%")
    ]
    panels = dict(unit_panels(mixed))
    assert list(panels) == ["%", "คะแนน"]
    assert panels["%"][0].target_value is None and panels["%"][0].q1_progress == 100.0
    assert panels["คะแนน"][0].target_value == 5.0 and panels["คะแนน"][0].q4_progress is None
    # a value whose report writes no unit goes with the first unit
    unwritten = [row(target_value=100.0, target_unit=None, q2_progress=50.0, progress_unit="%")]
    assert [(u, p[0].target_value) for u, p in unit_panels(unwritten)] == [("%", 100.0)]
