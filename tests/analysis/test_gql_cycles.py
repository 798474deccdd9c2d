"""Cycles and links over GraphQL (real HTTP, real Neo4j): scoping, paging, round trips."""

from __future__ import annotations

from typing import Any

from domain.enums import Role
from tests import factories as f
from tests.analysis import planted

CYCLE = """
query($id: ID!, $mode: CycleMode!) {
  incidentCycle(incidentId: $id, mode: $mode, asOf: "2024-12-31T00:00:00+00:00") {
    id size support confirmedOnly active spanDays lastEvent hits leads truncated agencyOris
    members { incidentId hoursSincePrevious incident { caseNumber } jurisdictions { id } }
    firearms { seriesId firearmId recovered confirmed incidentIds }
    links { sourceId targetId kind confirmed seriesId }
    agencies { name }
  }
}
"""

CYCLES = """
query($after: String, $first: Int!, $filter: CycleFilterInput) {
  shootingCycles(first: $first, after: $after, filter: $filter) {
    nodes { id size lastEvent agencies { ori }
            members { incident { id agency { name } evidence { id } } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

LINKS = """
query($id: ID!) {
  linkedIncidents(incidentId: $id, leavingOnly: true) {
    incidentId kind confirmed crossAgency crossJurisdiction hoursApart incident { agencyOri }
  }
}
"""


async def test_incident_cycle_over_graphql(gql: Any, svc: Any, make_user: Any) -> None:
    await planted.write(svc, planted.scenario())
    analyst = await make_user(Role.INVESTIGATOR, f.NYPD)
    r = await gql(CYCLE, analyst, id="b2", mode="WITH_LEADS")
    c = r.json()["data"]["incidentCycle"]
    assert c["id"] == "cycle:b1" and c["size"] == 3 and c["support"] == "LEAD_SUPPORTED"
    assert not c["confirmedOnly"] and c["hits"] == 1 and c["leads"] == 2
    assert [m["incidentId"] for m in c["members"]] == ["b1", "b2", "b3"]
    assert c["members"][1]["hoursSincePrevious"] == 48.0
    assert {a["name"] for a in c["agencies"]} == {
        "New York City Police Department",
        "Philadelphia Police Department",
    }
    assert any(g["firearmId"] == "gun-b" and g["recovered"] for g in c["firearms"])
    r = await gql(CYCLE, analyst, id="b2", mode="CONFIRMED")
    assert r.json()["data"]["incidentCycle"]["confirmedOnly"] is True
    r = await gql(CYCLE, analyst, id="x1", mode="CONFIRMED")  # another region's incident
    assert r.json()["data"]["incidentCycle"] is None

    r = await gql(LINKS, analyst, id="b1")
    got = r.json()["data"]["linkedIncidents"]
    assert {(x["incidentId"], x["kind"], x["confirmed"]) for x in got} == {
        ("b2", "HIT", True),
        ("b2", "LEAD", False),
    }
    assert all(x["crossAgency"] and x["crossJurisdiction"] for x in got)


async def test_cycles_page_and_batch_round_trips(gql: Any, svc: Any, make_user: Any) -> None:
    await planted.write(svc, planted.random_cycles(7, 30))
    analyst = await make_user(Role.ANALYST, f.NYPD)

    async def page(first: int, after: str | None = None) -> dict[str, Any]:
        r = await gql(CYCLES, analyst, first=first, after=after)
        body = r.json()
        assert "errors" not in body, body
        body["data"]["shootingCycles"]["trips"] = body["extensions"]["dbRoundTrips"]
        return body["data"]["shootingCycles"]

    seen: list[str] = []
    after = None
    while True:
        p = await page(7, after)
        seen += [n["id"] for n in p["nodes"]]
        if not p["pageInfo"]["hasNextPage"]:
            break
        after = p["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 30
    small, large = await page(2), await page(30)
    assert small["trips"] == large["trips"] <= 8  # no N+1 over cycles, members or agencies


async def test_cycles_need_visible_agency(gql: Any, svc: Any, make_user: Any) -> None:
    await planted.write(svc, planted.scenario())
    analyst = await make_user(Role.ANALYST, f.NYPD)
    r = await gql(CYCLES, analyst, first=5, filter={"agencyOri": f.OTHER})
    assert r.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    r = await gql(CYCLES, analyst, first=5, filter={"minSize": 1})
    assert r.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    r = await gql(CYCLES, None, first=5)
    assert r.status_code == 401
