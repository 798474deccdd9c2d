"""Stopping Neo4j under a running API: 503 and a clear GraphQL error; recovery without restart."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from domain.enums import Role
from graph import localserver
from tests import factories as f


@pytest.mark.slow
async def test_neo4j_down_then_back(
    gql: Any, http: Any, svc: Any, make_user: Any, neo4j_server: Any
) -> None:
    await f.seed_agencies(svc)
    token = await make_user(Role.ANALYST, f.NYPD)
    assert (await http.get("/health")).status_code == 200
    assert (await gql("{ me { name } }", token)).status_code == 200

    await asyncio.to_thread(localserver.stop, neo4j_server)
    r = await http.get("/health")
    assert r.status_code == 503 and r.json()["status"] == "unavailable"
    r = await gql('{ agency(ori: "NY0303000") { name } }', token)  # cached token, dead DB
    assert r.status_code == 503
    err = r.json()["errors"][0]
    assert err["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert "graph database is unavailable" in err["message"]

    await asyncio.to_thread(localserver.start, neo4j_server)
    for _ in range(40):  # the API reconnects by itself
        if (await http.get("/health")).status_code == 200:
            break
        await asyncio.sleep(0.5)
    assert (await http.get("/health")).status_code == 200
    r = await gql('{ agency(ori: "NY0303000") { name } }', token)
    assert r.json()["data"]["agency"]["name"] == "New York City Police Department"
