"""`make eval` without the public data says so in one line and fails, instead of printing zeros."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.eval_accuracy import main


def test_eval_without_data_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NEWSMON_EVAL_DIR", str(tmp_path / "nowhere"))
    assert main(["--no-write"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("newsmon: error: evaluation data not found at ") and str(tmp_path / "nowhere") in err
    assert "\n" not in err
