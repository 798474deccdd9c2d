"""Shared fixtures: where the real data lives, and how a test that needs it behaves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path:
    """``CGI_SHARED_DATA`` or ``../shared/data`` relative to the repository root."""
    raw = os.environ.get("CGI_SHARED_DATA", "../shared/data")
    path = Path(raw)
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder; fails under CI=true when missing, skips otherwise."""
    path = shared_data_dir()
    if not (path / "scans").is_dir():
        msg = f"real data not found at {path} (set CGI_SHARED_DATA)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return path
