"""Shared fixtures.

Integration tests talk Bolt to the real Neo4j that the test command (``make test``) starts,
and HTTP to a real uvicorn server running the API in a background thread. Each integration
test starts from an empty database (constraints and indexes stay).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.enums import Role
from domain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """``../shared/data`` (or ``CGI_SHARED_DATA``). Missing → skip locally, fail under CI."""
    path = Path(os.environ.get("CGI_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not path.is_absolute():
        path = (ROOT / path).resolve()
    if not path.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared data folder {path} is missing (required under CI)")
        pytest.skip(f"shared data folder {path} not present")
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return shared_data_dir()


@pytest.fixture(scope="session")
def settings() -> Settings:
    if not os.environ.get("NEO4J_PASSWORD"):
        pytest.fail(
            "integration tests need the Neo4j that `make test` starts (NEO4J_PASSWORD unset)"
        )
    return Settings()  # type: ignore[call-arg]


@pytest.fixture(scope="session")
async def driver(settings: Settings) -> AsyncIterator[Any]:
    from graph.driver import make_driver
    from graph.schema import apply_schema

    drv = make_driver(settings)
    try:
        await drv.verify_connectivity()
    except Exception as exc:  # pragma: no cover - environment problem
        pytest.fail(f"Neo4j at {settings.neo4j_uri} is not answering: {exc}")
    await apply_schema(drv, database=settings.neo4j_database)
    yield drv
    await drv.close()


async def wipe(drv: Any, database: str) -> None:
    async with drv.session(database=database) as session:
        await session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")


@pytest.fixture
async def db(driver: Any, settings: Settings) -> AsyncIterator[Any]:
    """An empty database (schema kept) for one test; process caches of query results cleared."""
    from services.cache import clear_all

    await wipe(driver, settings.neo4j_database)
    clear_all()
    yield driver


@pytest.fixture
def svc(db: Any, settings: Settings) -> Any:
    """A service context without a caller (as the CLI has), for set-up through services."""
    from services.context import ServiceContext

    return ServiceContext(
        driver=db, database=settings.neo4j_database, source="test", component="test"
    )


@pytest.fixture
def make_user(svc: Any) -> Callable[..., Awaitable[str]]:
    """``await make_user(Role.ANALYST, "NY0303000")`` → API token (agency must exist)."""
    from services.auth import create_user

    async def make(role: Role, ori: str, name: str | None = None) -> str:
        _, token = await create_user(
            svc, name=name or f"{role.value} user", role=role, agency_ori=ori
        )
        return token

    return make


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The real API app served by uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, settings: Settings) -> None:
        import uvicorn

        from api.app import create_app

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(settings)
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("API server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def forget_auth_cache(self) -> None:
        self.app.state.cg.authenticator.forget()


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[LiveServer]:
    server = LiveServer(settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def http(live_server: LiveServer, db: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client to the live API, over a clean database."""
    live_server.forget_auth_cache()
    async with httpx.AsyncClient(base_url=live_server.url, timeout=30) as client:
        yield client


class GQL:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(
        self, query: str, token: str | None = None, **variables: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )


@pytest.fixture
def gql(http: httpx.AsyncClient) -> GQL:
    return GQL(http)


def local_server_config() -> Any:
    from graph.localserver import ServerConfig

    return ServerConfig(
        home=Path(os.environ.get("CGI_NEO4J_HOME", "var/neo4j-test")),
        uri=os.environ["NEO4J_URI"],
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ["NEO4J_PASSWORD"],
        heap_mb=int(os.environ.get("CGI_NEO4J_HEAP_MB", "1024")),
        pagecache_mb=int(os.environ.get("CGI_NEO4J_PAGECACHE_MB", "512")),
    )


@pytest.fixture
def neo4j_server() -> Any:
    """Control of the test Neo4j for fault tests (stop/kill/start); restarts it afterwards."""
    if os.environ.get("CGI_TEST_NEO4J_MANAGED") != "1":
        pytest.skip("fault tests need the Neo4j managed by `make test`")
    from graph import localserver

    cfg = local_server_config()
    yield cfg
    if localserver.running_pid(cfg) is None:
        localserver.start(cfg)
