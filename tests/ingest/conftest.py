"""Fixtures for ingest tests: the real data folder (fails, not skips, under CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path:
    raw = os.environ.get("CGI_SHARED_DATA", "../shared/data")
    path = Path(raw)
    return path if path.is_absolute() else (ROOT / path).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not (path / "incidents").is_dir():
        message = f"real data folder {path} is missing (set CGI_SHARED_DATA)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def nypd_csv(shared_data: Path) -> Path:
    return shared_data / "incidents/nypd/NYPD_Shooting_Incident_Data__Historic_.csv"


@pytest.fixture(scope="session")
def phl_dir(shared_data: Path) -> Path:
    return shared_data / "incidents/philadelphia"
