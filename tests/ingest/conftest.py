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


@pytest.fixture(scope="session")
def neo4j_settings():  # type: ignore[no-untyped-def]
    """Settings for the Neo4j the test command started (NEO4J_* environment variables)."""
    from domain.settings import Settings

    if not os.environ.get("NEO4J_PASSWORD"):
        message = "NEO4J_PASSWORD not set: no Neo4j for integration tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return Settings()  # type: ignore[call-arg]


@pytest.fixture
async def clean_graph(neo4j_settings):  # type: ignore[no-untyped-def]
    """An async driver on an emptied database with the schema applied."""
    from graph.driver import make_driver
    from graph.loaders import delete_everything
    from graph.schema import apply_schema

    driver = make_driver(neo4j_settings)
    try:
        await delete_everything(driver, database=neo4j_settings.neo4j_database)
        await apply_schema(driver, database=neo4j_settings.neo4j_database)
    except Exception as exc:
        await driver.close()
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(f"Neo4j not reachable: {exc}")
    yield driver
    await driver.close()


@pytest.fixture
def loader(clean_graph, neo4j_settings):  # type: ignore[no-untyped-def]
    from graph.loaders import GraphLoader

    return GraphLoader(clean_graph, database=neo4j_settings.neo4j_database)
