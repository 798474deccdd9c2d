"""The cgintel command line against the real Neo4j."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

from tests import factories as f


def cgintel(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, check=False
    )


async def test_user_create_prints_a_working_token(gql: Any, svc: Any) -> None:
    await f.seed_agencies(svc)
    proc = await asyncio.to_thread(
        cgintel,
        "user",
        "create",
        "--name",
        "Tia Tech",
        "--role",
        "technician",
        "--agency",
        "ny0303000",
    )
    assert proc.returncode == 0, proc.stderr
    token = proc.stdout.strip()
    assert token.startswith("cgi_") and "created user" in proc.stderr
    r = await gql("{ me { name role agencyOri } }", token)
    assert r.json()["data"]["me"] == {"name": "Tia Tech", "role": "TECHNICIAN", "agencyOri": f.NYPD}
    async with svc.driver.session() as s:
        rec = await (
            await s.run("MATCH (u:User {name: 'Tia Tech'}) RETURN u.token_hash AS h")
        ).single()
    assert rec["h"] != token and token.split("_", 2)[2] not in rec["h"]


async def test_user_create_refuses_unknown_agency_and_role(svc: Any) -> None:
    await f.seed_agencies(svc)
    proc = await asyncio.to_thread(
        cgintel, "user", "create", "--name", "X", "--role", "technician", "--agency", "ZZ0000000"
    )
    assert proc.returncode == 1 and "unknown agency ORI ZZ0000000" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = await asyncio.to_thread(
        cgintel, "user", "create", "--name", "X", "--role", "wizard", "--agency", f.NYPD
    )
    assert proc.returncode == 2 and "wizard" in proc.stderr


async def test_db_init_is_idempotent_and_status_answers(db: Any) -> None:
    for _ in range(2):
        proc = await asyncio.to_thread(cgintel, "db", "init")
        assert proc.returncode == 0 and "schema applied" in proc.stderr, proc.stderr
    proc = await asyncio.to_thread(cgintel, "neo4j", "status")
    assert proc.returncode == 0 and "bolt: answering" in proc.stderr
    async with db.session() as s:
        names = [r["name"] async for r in await s.run("SHOW CONSTRAINTS YIELD name RETURN name")]
    assert {"agency_ori", "incident_id", "evidence_id", "lead_id", "hit_id", "audit_id"} <= set(
        names
    )
