"""Abusive queries against the analysis fields are refused before they touch the database."""

from __future__ import annotations

from typing import Any

from domain.enums import Role
from tests import factories as f


async def _rejected(gql: Any, token: str, query: str, word: str) -> None:
    r = await gql(query, token)
    body = r.json()
    assert body.get("data") is None, body
    assert word in body["errors"][0]["message"].lower(), body


async def test_depth_alias_and_token_limits(gql: Any, svc: Any, make_user: Any) -> None:
    await f.seed_agencies(svc)
    token = await make_user(Role.ANALYST, f.NYPD)
    deep = "{ shootingCycles { nodes { members { incident { evidence { incident { evidence {"
    deep += " incident { evidence { incident { evidence { incident { id } } } } } } } } } } } } }"
    await _rejected(gql, token, deep, "depth")
    aliases = " ".join(f'c{k}: incidentCycle(incidentId: "i{k}") {{ id }}' for k in range(40))
    await _rejected(gql, token, "{ " + aliases + " }", "alias")
    tokens = "{ me { " + " ".join(["name"] * 5000) + " } }"
    await _rejected(gql, token, tokens, "token")
    r = await gql("{ shootingCycles(first: 100000) { nodes { id } } }", token)
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
