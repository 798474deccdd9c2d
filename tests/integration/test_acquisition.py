"""Upload real scans over HTTP: stored unchanged (SHA-256), correlated, candidates in GraphQL."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from domain.enums import Role
from graph.repos.incidents import IncidentRepo
from tests import factories as f
from tests.integration.workflow_helpers import data


@pytest.fixture(autouse=True)
def fresh_index(live_server: Any) -> None:
    """The matching index is derived data on disk; the database is wiped per test, so is it."""
    import shutil

    index = live_server.app.state.cg.index
    shutil.rmtree(index.root, ignore_errors=True)
    index._store = None


async def upload(http: Any, token: str, path: Path, **form: str) -> Any:
    files = {"scan": (path.name, path.read_bytes(), "application/octet-stream")}
    return await http.post(
        "/acquisitions", files=files, data=form, headers={"Authorization": f"Bearer {token}"}
    )


async def test_upload_correlate_review(
    http: Any, gql: Any, svc: Any, make_user: Any, shared_data: Path, live_server: Any
) -> None:
    await f.seed_agencies(svc)
    incidents = [f.incident(f.NYPD) for _ in range(3)]
    await svc.repo(IncidentRepo).upsert(incidents)
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    fadul = shared_data / "scans" / "fadul_ruger_p95"
    order = [("fa-11", "Fadul 1-1.x3p"), ("fa-21", "Fadul 2-1.x3p"), ("fa-12", "Fadul 1-2.x3p")]
    results = {}
    for (eid, name), inc in zip(order, incidents, strict=True):
        r = await upload(http, tech, fadul / name, id=eid, calibre="9mm Luger", incident_id=inc.id)
        assert r.status_code == 201, r.text
        results[eid] = r.json()
    last = results["fa-12"]
    assert last["candidates"][0]["candidate_id"] == "fa-11"  # true mate first
    assert last["scan_sha256"] == hashlib.sha256((fadul / "Fadul 1-2.x3p").read_bytes()).hexdigest()

    q = """query($e: String!, $i: ID!) { evidence(id: $i) { scanSha256 }
             candidates(evidenceId: $e) { rank candidateId combined algorithm version
               scores { breechFace firingPin } } }"""
    got = data(await gql(q, tech, e="fa-12", i="fa-12"))
    assert got["evidence"]["scanSha256"] == last["scan_sha256"]
    assert [c["candidateId"] for c in got["candidates"]] == ["fa-11", "fa-21"]
    assert got["candidates"][0]["combined"] > got["candidates"][1]["combined"]
    assert (
        got["candidates"][0]["scores"]["breechFace"] > got["candidates"][1]["scores"]["breechFace"]
    )

    # The stored scan is byte-identical and any later change to it is detectable.
    store = live_server.app.state.cg.evidence_store
    sha = last["scan_sha256"]
    assert store.read(sha) == (fadul / "Fadul 1-2.x3p").read_bytes() and store.verify(sha)
    path = store.path_for(sha)
    os.chmod(path, 0o644)
    with path.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\x00")
    assert not store.verify(sha)
    assert store.put((fadul / "Fadul 1-2.x3p").read_bytes()).sha256 == sha  # a fresh copy heals it
    assert store.verify(sha)

    # Same bytes again: refused, not duplicated.
    r = await upload(
        http,
        tech,
        fadul / "Fadul 1-1.x3p",
        id="fa-11-again",
        calibre="9mm Luger",
        incident_id=incidents[0].id,
    )
    assert r.status_code == 409 and "already stored as evidence fa-11" in r.json()["message"]


async def test_corrupt_or_forbidden_uploads(
    http: Any, svc: Any, make_user: Any, shared_data: Path, tmp_path: Path
) -> None:
    await f.seed_agencies(svc)
    inc = f.incident(f.NYPD)
    await svc.repo(IncidentRepo).upsert([inc])
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    analyst = await make_user(Role.ANALYST, f.NYPD)
    good = shared_data / "scans" / "fadul_ruger_p95" / "Fadul 2-1.x3p"
    truncated = tmp_path / "truncated.x3p"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    r = await upload(http, tech, truncated, id="bad-1", calibre="9mm Luger", incident_id=inc.id)
    assert r.status_code == 422
    assert "scan 'truncated.x3p' refused" in r.json()["message"]
    garbage = tmp_path / "notes.png"
    garbage.write_bytes(b"this is not an image")
    r = await upload(http, tech, garbage, id="bad-2", calibre="9mm Luger", incident_id=inc.id)
    assert r.status_code == 422 and "refused" in r.json()["message"]
    async with svc.driver.session() as s:
        rec = await (await s.run("MATCH (e:Evidence) RETURN count(e) AS n")).single()
    assert rec["n"] == 0  # nothing stored for refused scans
    r = await upload(http, analyst, good, id="x-1", calibre="9mm Luger", incident_id=inc.id)
    assert r.status_code == 403 and "may not acquire" in r.json()["message"]
    r = await upload(
        http, tech, good, id="x-2", calibre="9mm Luger", incident_id="no-such-incident"
    )
    assert r.status_code == 404
    r = await http.post(
        "/acquisitions", files={"scan": ("a.x3p", b"x")}, data={"id": "x", "calibre": "9mm"}
    )
    assert r.status_code == 401


async def test_recorrelate_and_reindex(
    http: Any, gql: Any, svc: Any, make_user: Any, shared_data: Path, live_server: Any
) -> None:
    import shutil

    from services.acquisition import reindex

    await f.seed_agencies(svc)
    incidents = [f.incident(f.NYPD) for _ in range(2)]
    await svc.repo(IncidentRepo).upsert(incidents)
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    fadul = shared_data / "scans" / "fadul_ruger_p95"
    for (eid, name), inc in zip(
        [("rc-11", "Fadul 1-1.x3p"), ("rc-12", "Fadul 1-2.x3p")], incidents, strict=True
    ):
        r = await upload(http, tech, fadul / name, id=eid, calibre="9mm Luger", incident_id=inc.id)
        assert r.status_code == 201, r.text
    first = r.json()["run_id"]
    m = 'mutation { recorrelate(evidenceId: "rc-12") { runId candidates { candidateId runId } } }'
    run = data(await gql(m, tech))["recorrelate"]
    assert run["runId"] != first and run["candidates"][0]["candidateId"] == "rc-11"
    async with svc.driver.session() as s:
        rec = await (
            await s.run(
                "MATCH (:Evidence {id: 'rc-12'})-[k:CORRELATES_WITH]->() "
                "RETURN collect(DISTINCT k.run_id) AS runs"
            )
        ).single()
    assert sorted(rec["runs"]) == sorted([first, run["runId"]])  # old run kept

    index = live_server.app.state.cg.index
    shutil.rmtree(index.root)  # derived data: can be rebuilt from the evidence store
    index._store = None
    counts = await reindex(svc, store=live_server.app.state.cg.evidence_store, index=index)
    assert counts["indexed"] >= 2 and counts["missing_or_changed"] == 0
    run = data(await gql(m, tech))["recorrelate"]
    assert run["candidates"][0]["candidateId"] == "rc-11"
