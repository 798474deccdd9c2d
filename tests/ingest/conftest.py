"""Fixtures for ingest tests. ``shared_data``, ``settings``, ``db`` and ``neo4j_server`` come
from tests/conftest.py (real data folder: fails, not skips, under CI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.settings import Settings


@pytest.fixture(scope="session")
def nypd_csv(shared_data: Path) -> Path:
    return shared_data / "incidents/nypd/NYPD_Shooting_Incident_Data__Historic_.csv"


@pytest.fixture(scope="session")
def phl_dir(shared_data: Path) -> Path:
    return shared_data / "incidents/philadelphia"


@pytest.fixture
def loader(db: Any, settings: Settings) -> Any:
    """A graph loader over an emptied database (schema kept)."""
    from graph.loaders import GraphLoader

    return GraphLoader(db, database=settings.neo4j_database)
