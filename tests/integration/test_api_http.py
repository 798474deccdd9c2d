"""Write and read the real Neo4j through the API over HTTP."""

from __future__ import annotations

from typing import Any

from domain.enums import Role
from tests import factories as f

CREATE = """
mutation($input: IncidentInput!) {
  createIncident(input: $input) { id agencyOri occurredAt killed injured agency { name } }
}
"""
REGISTER = """
mutation($input: EvidenceInput!) {
  registerEvidence(input: $input) { id kind calibre incident { id caseNumber } }
}
"""
READ = """
query($id: ID!) {
  incident(id: $id) { id caseNumber latitude longitude agency { ori name }
                      evidence { id kind calibre contributingAgency { ori } } }
}
"""


async def test_incident_and_evidence_round_trip(gql: Any, svc: Any, make_user: Any) -> None:
    await f.seed_agencies(svc)
    analyst = await make_user(Role.ANALYST, f.NYPD)
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    inc = {
        "id": "nypd-1001",
        "agencyOri": f.NYPD,
        "occurredAt": "2024-06-01T23:15:00-04:00",
        "caseNumber": "2024-075-01234",
        "latitude": 40.6602,
        "longitude": -73.8912,
        "injured": 2,
    }
    r = await gql(CREATE, analyst, input=inc)
    assert r.status_code == 200, r.text
    body = r.json()["data"]["createIncident"]
    assert body["agency"]["name"] == "New York City Police Department"
    assert body["occurredAt"].startswith("2024-06-01T23:15:00")

    ev = {
        "id": "nypd-1001-item-1",
        "kind": "SCENE_CASING",
        "calibre": "9mm Luger",
        "contributingOri": f.NYPD,
        "incidentId": "nypd-1001",
        "collectedAt": "2024-06-02T01:00:00-04:00",
    }
    r = await gql(REGISTER, tech, input=ev)
    assert r.json()["data"]["registerEvidence"]["incident"]["caseNumber"] == "2024-075-01234"

    r = await gql(READ, analyst, id="nypd-1001")
    got = r.json()["data"]["incident"]
    assert got["latitude"] == 40.6602 and got["agency"]["ori"] == f.NYPD
    assert [e["id"] for e in got["evidence"]] == ["nypd-1001-item-1"]
    assert got["evidence"][0]["contributingAgency"]["ori"] == f.NYPD

    # The same key again is a conflict, not a duplicate.
    r = await gql(CREATE, analyst, input=inc)
    assert r.json()["errors"][0]["extensions"]["code"] == "CONFLICT"
    async with svc.driver.session() as s:
        n = await (
            await s.run("MATCH (i:Incident {id: 'nypd-1001'}) RETURN count(i) AS n")
        ).single()
    assert n["n"] == 1


async def test_bad_input_is_a_clear_error(gql: Any, svc: Any, make_user: Any) -> None:
    await f.seed_agencies(svc)
    analyst = await make_user(Role.ANALYST, f.NYPD)
    bad = {"id": "x", "agencyOri": f.NYPD, "occurredAt": "2024-06-01T23:15:00", "latitude": 123.0}
    r = await gql(CREATE, analyst, input=bad)
    err = r.json()["errors"][0]
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert "timezone-aware" in err["message"] and "latitude" in err["message"]


async def test_incidents_are_scoped_and_paginated(gql: Any, svc: Any, make_user: Any) -> None:
    from graph.repos.incidents import IncidentRepo

    await f.seed_agencies(svc)
    mine = [f.incident(f.NYPD) for _ in range(7)]
    region_peer = [f.incident(f.PPD) for _ in range(2)]
    foreign = [f.incident(f.OTHER) for _ in range(3)]
    await svc.repo(IncidentRepo).upsert(mine + region_peer + foreign)
    analyst = await make_user(Role.ANALYST, f.NYPD)
    q = """query($after: String) { incidents(first: 4, after: $after) {
             nodes { id agencyOri } pageInfo { hasNextPage endCursor } } }"""
    seen: list[str] = []
    after = None
    for _ in range(5):
        page = (await gql(q, analyst, after=after)).json()["data"]["incidents"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    expected = sorted(mine + region_peer, key=lambda i: (i.occurred_at, i.id), reverse=True)
    assert seen == [i.id for i in expected]  # newest first, no gaps, no repeats, no foreign
    r = await gql("query($id: ID!) { incident(id: $id) { id } }", analyst, id=foreign[0].id)
    assert r.json()["data"]["incident"] is None
    r = await gql(f'{{ incidents(agencyOri: "{f.OTHER}") {{ nodes {{ id }} }} }}', analyst)
    assert r.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_dataloaders_batch_round_trips(gql: Any, svc: Any, make_user: Any) -> None:
    from graph.repos.incidents import IncidentRepo

    await f.seed_agencies(svc)
    analyst = await make_user(Role.ANALYST, f.NYPD)
    q = "query($n: Int!) { incidents(first: $n) { nodes { id agency { name } evidence { id } } } }"

    async def trips(n: int) -> int:
        r = await gql(q, analyst, n=n)
        assert len(r.json()["data"]["incidents"]["nodes"]) == n
        return int(r.json()["extensions"]["dbRoundTrips"])

    await svc.repo(IncidentRepo).upsert([f.incident(f.NYPD) for _ in range(3)])
    small = await trips(3)
    await svc.repo(IncidentRepo).upsert([f.incident(f.PPD) for _ in range(40)])
    large = await trips(40)
    assert small == large <= 4  # page + agencies + evidence ids (+ evidence): no N+1
