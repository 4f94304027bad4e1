"""The run's settings (:class:`pipeline.config.Config`): what pydantic checked, a frozen dataclass checks."""

from __future__ import annotations

import math
import pickle
from dataclasses import FrozenInstanceError, fields
from pathlib import Path

import pytest

from pipeline.config import DOC_MEMORY_MB, DOC_TIMEOUT_S, PAGE_TIMEOUT_S, STRICT_ENV, Config, OcrMode


def test_the_defaults() -> None:
    config = Config(strict=False)
    assert config.out_dir == Path("data/out") and config.suffixes is None
    assert config.max_file_bytes == 64 * 2**20 and config.show_progress and not config.force
    assert (config.page_timeout_s, config.doc_timeout_s, config.doc_memory_mb) == (
        PAGE_TIMEOUT_S,
        DOC_TIMEOUT_S,
        DOC_MEMORY_MB,
    )
    assert (config.ocr, config.ocr_below, config.ocr_engine, config.ocr_dpi) == (
        OcrMode.AUTO,
        0.8,
        "tesseract",
        300,
    )
    assert (config.ocr_workers, config.workers, config.scheduler, config.cache_dir) == (
        None,
        None,
        None,
        None,
    )
    assert config.low_confidence_below == 80.0
    assert config.ocr_cache_dir == Path("data/out/cache/ocr")


def test_strict_follows_the_environment_unless_given(monkeypatch: pytest.MonkeyPatch) -> None:
    for value, strict in (("1", True), ("yes", True), ("0", False), ("", False)):
        monkeypatch.setenv(STRICT_ENV, value)
        assert Config().strict is strict
        assert Config(strict=not strict).strict is not strict
    monkeypatch.delenv(STRICT_ENV)
    assert Config().strict is False


def test_values_are_converted_as_pydantic_converted_them() -> None:
    config = Config(out_dir="out", cache_dir="c", page_timeout_s=30, ocr="never", suffixes=[".txt", ".txt"])
    assert config.out_dir == Path("out") and config.cache_dir == Path("c")
    assert config.page_timeout_s == 30.0 and type(config.page_timeout_s) is float  # the extract key's text
    assert config.ocr is OcrMode.NEVER and config.suffixes == frozenset({".txt"})
    same = Config(
        out_dir=Path("out"), cache_dir=Path("c"), page_timeout_s=30.0, ocr=OcrMode.NEVER, suffixes={".txt"}
    )
    assert config == same and hash(config) == hash(same)
    # what pydantic's lax mode read without losing anything: settings from text (the environment, JSON)
    lax = Config(show_progress=0, strict="yes", workers=2.0, ocr_workers="3", page_timeout_s="12.5")
    assert (lax.show_progress, lax.strict, lax.workers, lax.ocr_workers) == (False, True, 2, 3)
    assert lax.page_timeout_s == 12.5 and type(lax.workers) is int


@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        ({"ocr_dpi": 71}, ValueError, "Config.ocr_dpi must be ≥ 72, not 71"),
        ({"ocr_dpi": 601}, ValueError, "Config.ocr_dpi must be ≤ 600"),
        ({"ocr_below": 1.5}, ValueError, "Config.ocr_below must be ≤ 1"),
        ({"ocr_below": math.nan}, ValueError, "Config.ocr_below must be ≥ 0"),
        ({"low_confidence_below": -1}, ValueError, "Config.low_confidence_below must be ≥ 0"),
        ({"page_timeout_s": 0}, ValueError, "Config.page_timeout_s must be > 0"),
        ({"doc_timeout_s": -1.0}, ValueError, "Config.doc_timeout_s must be > 0"),
        ({"doc_memory_mb": 0}, ValueError, "Config.doc_memory_mb must be > 0"),
        ({"workers": 0}, ValueError, "Config.workers must be ≥ 1"),
        ({"ocr_workers": 0}, ValueError, "Config.ocr_workers must be ≥ 1"),
        ({"ocr": "sometimes"}, ValueError, "Config.ocr: 'sometimes' is not one of 'auto', 'always', 'never'"),
        ({"out_dir": 3}, TypeError, "Config.out_dir must be Path, not int"),
        ({"out_dir": None}, TypeError, "Config.out_dir must be Path, not NoneType"),
        ({"workers": 2.5}, TypeError, "Config.workers must be int, not float"),
        ({"max_file_bytes": True}, TypeError, "Config.max_file_bytes must be int, not bool"),
        ({"show_progress": 2}, TypeError, "Config.show_progress must be bool, not int"),
        ({"show_progress": "maybe"}, TypeError, "Config.show_progress must be bool, not str"),
        ({"page_timeout_s": "thirty"}, TypeError, "Config.page_timeout_s must be float, not str"),
        ({"workers": "two"}, TypeError, "Config.workers must be int, not str"),
        ({"ocr_engine": None}, TypeError, "Config.ocr_engine must be str, not NoneType"),
        ({"suffixes": ".txt"}, TypeError, "Config.suffixes must be frozenset"),
        ({"suffixes": [".txt", 1]}, TypeError, "Config.suffixes must be frozenset"),
        ({"bogus": 1}, TypeError, "unexpected keyword argument 'bogus'"),
    ],
)
def test_a_bad_setting_is_refused_by_name(
    settings: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        Config(**settings)  # type: ignore[arg-type]
    assert message in str(raised.value)


def test_none_is_taken_where_a_setting_allows_it() -> None:
    config = Config(page_timeout_s=None, doc_timeout_s=None, doc_memory_mb=None, workers=None, cache_dir=None)
    assert (config.page_timeout_s, config.doc_timeout_s, config.doc_memory_mb) == (None, None, None)


def test_frozen_hashable_and_picklable() -> None:
    """It goes to the worker processes, and the workers keep their readers by it."""
    config = Config(out_dir=Path("out"), workers=2, suffixes={".pdf"}, strict=True)
    with pytest.raises(FrozenInstanceError):
        config.workers = 3  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(config))
    assert again == config and hash(again) == hash(config) and {config: 1}[again] == 1
    assert Config(out_dir=Path("a")) != Config(out_dir=Path("b"))
    with pytest.raises(TypeError):
        Config(Path("out"))  # type: ignore[misc]  # keywords only, as pydantic's models took them


def test_every_setting_is_described() -> None:
    for setting in fields(Config):
        assert len(setting.metadata["doc"]) > 20, setting.name
