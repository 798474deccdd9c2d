"""Cross-jurisdiction pairs from the planted graph, through the service and GraphQL."""

from __future__ import annotations

from typing import Any

from domain.analysis import CycleMode
from domain.enums import JurisdictionLevel, Role
from services import crossjur
from tests import factories as f
from tests.analysis import planted

SUMMARY = """
query($level: JurisdictionLevel!, $after: String) {
  crossJurisdictionLinks(level: $level) {
    level linksConsidered jurisdictionPairCount
    jurisdictionPairs(first: 1, after: $after) {
      nodes { a b aName bName hits leads total exampleIncidents { a b } firearmIds seriesIds }
      pageInfo { hasNextPage endCursor }
    }
    agencyPairs { nodes { a b aName hits leads } }
  }
}
"""


async def test_place_and_agency_pairs(svc: Any, caller: Any) -> None:
    await planted.write(svc, planted.scenario())
    s = await crossjur.summary(caller(), level=JurisdictionLevel.PLACE)
    assert [(p.a, p.b, p.hits, p.leads) for p in s.jurisdiction_pairs] == [
        ("place:3651000", "place:4260000", 1, 1)  # b1 -> b2: one hit and its lead
    ]
    pair = s.jurisdiction_pairs[0]
    assert pair.example_incidents == (("b1", "b2"),) and pair.firearm_ids == ("gun-b",)
    assert [(p.a, p.b, p.a_name) for p in s.agency_pairs] == [
        (f.NYPD, f.PPD, "New York City Police Department")
    ]
    confirmed = await crossjur.summary(caller(), mode=CycleMode.CONFIRMED)
    assert confirmed.jurisdiction_pairs[0].leads == 0
    precincts = await crossjur.summary(caller(), level=JurisdictionLevel.DISTRICT)
    got = {(p.a, p.b): p.total for p in precincts.jurisdiction_pairs}
    assert got == {
        ("district:nypd-73", "district:nypd-75"): 1,
        ("district:nypd-75", "district:ppd-24"): 2,
    }
    west = await crossjur.summary(caller(Role.ANALYST, f.OTHER))
    assert west.jurisdiction_pairs == () and west.agency_pairs == ()  # a1-x1 bridge hidden


async def test_summary_over_graphql_pages(gql: Any, svc: Any, make_user: Any) -> None:
    await planted.write(svc, planted.scenario())
    token = await make_user(Role.ANALYST, f.NYPD)
    r = await gql(SUMMARY, token, level="DISTRICT")
    s = r.json()["data"]["crossJurisdictionLinks"]
    assert s["jurisdictionPairCount"] == 2
    first = s["jurisdictionPairs"]
    assert first["nodes"][0]["total"] == 2 and first["pageInfo"]["hasNextPage"]
    r = await gql(SUMMARY, token, level="DISTRICT", after=first["pageInfo"]["endCursor"])
    second = r.json()["data"]["crossJurisdictionLinks"]["jurisdictionPairs"]
    assert [n["a"] for n in second["nodes"]] == ["district:nypd-73"]
    assert not second["pageInfo"]["hasNextPage"]


async def test_graph_written_before_area_keys(svc: Any, caller: Any) -> None:
    """Incidents without ``area_keys`` and hit links without ``lead_id`` (graphs written
    before 0.4): applying the schema (as start-up does) fills both in, same summary."""
    from graph.schema import apply_schema

    await planted.write(svc, planted.scenario())
    levels = (JurisdictionLevel.PLACE, JurisdictionLevel.DISTRICT)
    now = [await crossjur.summary(caller(), level=lv) for lv in levels]
    async with svc.driver.session() as s:
        keys = {
            r["id"]: sorted(r["keys"])
            async for r in await s.run(
                "MATCH (i:Incident)-[:IN_JURISDICTION]->(j) "
                "RETURN i.id AS id, collect(j.level + '|' + j.id) AS keys"
            )
        }
        stored = {
            r["id"]: sorted(r["keys"])
            async for r in await s.run(
                "MATCH (i:Incident) WHERE i.area_keys IS NOT NULL "
                "RETURN i.id AS id, i.area_keys AS keys"
            )
        }
        assert stored == keys and "district|district:nypd-75" in keys["b1"]
        await s.run("MATCH (i:Incident) REMOVE i.area_keys")
        await s.run("MATCH ()-[k:HIT_LINK]->() REMOVE k.lead_id")
    from services.cache import clear_all

    await apply_schema(svc.driver, database=svc.database)
    async with svc.driver.session() as s:
        r = await (
            await s.run(
                "MATCH ()-[k:HIT_LINK]->() WITH count(k) AS links, count(k.lead_id) AS with_lead "
                "MATCH (i:Incident) WHERE i.area_keys IS NOT NULL "
                "RETURN links, with_lead, count(i) AS placed"
            )
        ).single()
    assert r["links"] > 0 and r["with_lead"] == r["links"] and r["placed"] == len(keys)
    clear_all()
    assert [await crossjur.summary(caller(), level=lv) for lv in levels] == now
