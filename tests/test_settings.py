"""Settings: read from the environment, and every one documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
CONVENTIONAL = {"database_url": "DATABASE_URL", "host": "HOST", "port": "PORT"}


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    variable = CONVENTIONAL.get(name, f"FAULTLINE_{name.upper()}")
    assert f"`{variable}`" in README, f"{variable} is not in the README's settings table"


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/f")
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("FAULTLINE_API_KEYS", " a-key, another ,")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://u:p@db:5432/f"
    assert settings.port == 9000
    assert settings.api_keys == ("a-key", "another")
