"""Map queries against the real Neo4j: the cycle around an incident, scope, links, a region."""

from __future__ import annotations

from typing import Any

import pytest

from domain.enums import Role
from domain.models import Principal
from graph.repos.incidents import IncidentRepo
from graph.repos.maps import MapRepo
from services.maps import MapOptions, cycle_map, region_map
from tests import factories as f
from tests.viz.cases import shared_data

pytestmark = pytest.mark.integration

# Test-only set-up: links as the workflow would leave them (labels from graph/labels.py).
LINKS = """
UNWIND $rows AS row
MATCH (a:Incident {id: row.a}), (b:Incident {id: row.b})
FOREACH (_ IN CASE WHEN row.kind = 'hit' THEN [1] ELSE [] END |
  MERGE (l:Lead {id: row.lead})
  MERGE (h:Hit {id: row.id})
  MERGE (h)-[:CONFIRMS]->(l)
  MERGE (a)-[:HIT_LINK {hit_id: row.id}]->(b))
FOREACH (_ IN CASE WHEN row.kind = 'lead' THEN [1] ELSE [] END |
  MERGE (a)-[:LEAD_LINK {lead_id: row.lead}]->(b))
"""


async def _seed(svc: Any) -> list[str]:
    """NYPD chain n0-n1-n2 (hit, lead), PPD p0 linked to n2 (lead), NYPD n3 unlinked."""
    await f.seed_agencies(svc)
    incs = [f.incident(f.NYPD, id=f"n{k}") for k in range(4)] + [f.incident(f.PPD, id="p0")]
    await svc.repo(IncidentRepo).upsert(incs)
    rows = [
        {"a": "n0", "b": "n1", "kind": "hit", "id": "H1", "lead": "L1"},
        {"a": "n1", "b": "n2", "kind": "lead", "id": None, "lead": "L1"},
        {"a": "n2", "b": "p0", "kind": "lead", "id": None, "lead": "L2"},
    ]
    async with svc.driver.session(database=svc.database) as session:
        await session.run(LINKS, rows=rows)
    return [i.id for i in incs]


async def test_cycle_rows_respect_scope(svc: Any) -> None:
    await _seed(svc)
    repo = svc.repo(MapRepo)
    both = await repo.cycle_incidents("n0", oris=[f.NYPD, f.PPD], max_incidents=100)
    assert sorted(r.incident.id for r in both) == ["n0", "n1", "n2", "p0"]
    nypd = await repo.cycle_incidents("n1", oris=[f.NYPD], max_incidents=100)
    assert sorted(r.incident.id for r in nypd) == ["n0", "n1", "n2"]
    assert await repo.cycle_incidents("p0", oris=[f.NYPD], max_incidents=100) == []
    links = await repo.links_among(["n0", "n1", "n2", "p0"])
    got = sorted((lk.source_id, lk.target_id, lk.kind, lk.lead_id) for lk in links)
    assert got == [
        ("n0", "n1", "hit", "L1"),
        ("n1", "n2", "lead", "L1"),
        ("n2", "p0", "lead", "L2"),
    ]


async def test_region_rows_and_maps(svc: Any) -> None:
    await _seed(svc)
    rows = await svc.repo(MapRepo).region_incidents(
        oris=[f.NYPD], since=None, until=None, jurisdiction_ids=None, limit=3
    )
    assert len(rows) == 3 and all(r.incident.agency_ori == f.NYPD for r in rows)
    svc.principal = Principal(
        user_id="u1", name="A", role=Role.ANALYST, agency_ori=f.NYPD, visible_oris=frozenset()
    )
    opts = MapOptions(public_url="http://127.0.0.1:8000", shared_data=shared_data())
    page = (await cycle_map(svc, "n0", fmt="html", opts=opts)).decode()
    assert page.count("cgi-link cgi-link-hit") == 1 and f.PPD not in page
    if (shared_data() / "incidents" / "nypd").is_dir():
        png = await region_map(
            svc,
            agency_ori=None,
            jurisdiction_ids=None,
            since=None,
            until=None,
            limit=100,
            fmt="png",
            opts=opts,
        )
        assert png.startswith(b"\x89PNG")
