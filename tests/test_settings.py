from __future__ import annotations

import pytest

from conftest import REPO
from marsad.settings import Settings


def test_every_setting_is_documented() -> None:
    page = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`MARSAD_{name.upper()}`" in page, f"MARSAD_{name.upper()} missing from docs/settings.md"


def test_settings_read_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_MAX_INPUT_BYTES", "1234")
    monkeypatch.setenv("MARSAD_MIN_ARABIC_RATIO", "0.5")
    settings = Settings()
    assert settings.max_input_bytes == 1234
    assert settings.min_arabic_ratio == 0.5


def test_invalid_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_MIN_ARABIC_RATIO", "2")
    with pytest.raises(ValueError, match="min_arabic_ratio"):
        Settings()
