"""eTrace firearm linkage and trafficking indicators; purchaser details stay with the
requesting agency."""

from __future__ import annotations

from typing import Any

from domain.enums import Role
from domain.errors import Forbidden
from services import firearms
from tests import factories as f
from tests.analysis import planted

LINKAGE = """
query($serial: String) {
  firearmLinkage(serialNumber: $serial) {
    firearmId indicators possessors { name }
    traces { traceNumber requestingOri dealerState timeToCrimeDays purchaser { id name }
             purchaserWithheld multipleSale possessorDiffers }
    ties { incidentId confirmed leadId hitId recovery incident { caseNumber } }
  }
}
"""


async def test_linkage_ties_and_purchaser_scope(svc: Any, caller: Any) -> None:
    await planted.write(svc, planted.scenario())
    ppd = caller(Role.INVESTIGATOR, f.PPD)
    [gun] = await firearms.firearm_linkage(ppd, firearm_id="gun-b")
    assert [(t.incident_id, t.confirmed, t.recovery) for t in gun.ties] == [
        ("b1", True, False),
        ("b2", False, True),
        ("b2", True, False),
    ]
    [trace] = gun.traces  # the western agency's trace of the same gun is out of scope
    assert trace.trace_number == "T-B" and trace.ttc_days == 143
    assert trace.purchaser is not None and trace.purchaser.name == "Name of p-owner"
    assert set(gun.indicators) >= {"ttc_under_1y", "possessor_differs", "interstate"}
    assert [p.id for p in gun.possessors] == ["possessor-gun-b"]

    [nypd_view] = await firearms.firearm_linkage(caller(Role.ANALYST, f.NYPD), serial="SN-gun-b")
    assert nypd_view.traces[0].purchaser is None and nypd_view.traces[0].purchaser_withheld
    [tech] = await firearms.firearm_linkage(caller(Role.TECHNICIAN, f.PPD), firearm_id="gun-b")
    assert tech.traces[0].purchaser is None  # the requesting agency, but not a reading role
    assert await firearms.firearm_linkage(caller(Role.ANALYST, f.NYPD), firearm_id="nope") == []


async def test_trafficking_indicators(svc: Any, caller: Any) -> None:
    await planted.write(svc, planted.scenario())
    t = await firearms.trafficking_indicators(caller(Role.ANALYST, f.NYPD), min_guns=3)
    assert t.traces_considered == 4
    [dealer] = t.dealers
    assert dealer.key == "1-58-000-01-0A-00001" and dealer.guns == 4 and dealer.short_ttc == 4
    [buyer] = t.purchasers
    assert buyer.key == "p-straw" and buyer.name == "Name of p-straw" and buyer.guns == 3
    [cluster] = t.ttc_clusters
    assert cluster.firearm_ids == ("gun-s0", "gun-s1", "gun-s2")  # gun-b: two months before
    assert {(fl.from_state, fl.to_state, fl.guns) for fl in t.interstate_flows} == {
        ("GA", "NY", 3),
        ("GA", "PA", 1),
    }
    ppd = await firearms.trafficking_indicators(caller(Role.ANALYST, f.PPD), min_guns=3)
    assert ppd.purchasers[0].withheld and ppd.purchasers[0].name is None
    try:
        await firearms.trafficking_indicators(caller(Role.TECHNICIAN, f.NYPD))
    except Forbidden:
        pass
    else:  # pragma: no cover
        raise AssertionError("technicians may not run analytics")


async def test_linkage_over_graphql(gql: Any, svc: Any, make_user: Any) -> None:
    await planted.write(svc, planted.scenario())
    token = await make_user(Role.INVESTIGATOR, f.NYPD)
    r = await gql(LINKAGE, token, serial="SN-S1")
    [gun] = r.json()["data"]["firearmLinkage"]
    assert gun["traces"][0]["purchaser"] == {"id": "p-straw", "name": "Name of p-straw"}
    assert "multiple_sale" in gun["indicators"]
    r = await gql(LINKAGE, token, serial="SN-gun-b")
    [gun] = r.json()["data"]["firearmLinkage"]
    assert gun["traces"][0]["purchaser"] is None and gun["traces"][0]["purchaserWithheld"]
    assert {t["incident"]["caseNumber"] is not None for t in gun["ties"]} == {True}
