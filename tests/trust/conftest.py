"""Markers of the trust suite (hostile input, faults, load)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: starts processes or servers (seconds each); deselect with -m 'not slow'"
    )
