"""Feedback summaries, network analytics and exports (GraphML, GEXF, CSV) over HTTP."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import networkx as nx

from domain.enums import Role
from services import feedback, network
from tests import factories as f
from tests.analysis import planted

Y2024 = {"since": datetime(2024, 1, 1, tzinfo=UTC), "until": datetime(2025, 1, 1, tzinfo=UTC)}


async def test_feedback_summary_counts_and_stages(svc: Any, caller: Any) -> None:
    p = planted.scenario()
    p.follow_ups.append(
        {
            "id": "fu-1",
            "target_id": "hit-lead-a",
            "investigator": "inv",
            "investigator_ori": f.NYPD,
            "outcome": "arrest",
            "occurred_on": "2024-03-01",
            "recorded_at": "2024-03-01T10:00:00Z",
        }
    )
    await planted.write(svc, p)
    [ny] = await feedback.summaries(caller(), agency_ori=f.NYPD, **Y2024)
    nypd_scene = sum(1 for i in p.incidents if i.agency_ori == f.NYPD)
    assert ny.scene_items == nypd_scene and ny.test_fires == 0  # gun-b's test fire: PPD
    stages = {s.stage: s for s in ny.stages}
    assert stages["collection_to_submission"].median_hours == 18.0
    assert stages["collection_to_acquisition"].p90_hours == 28.0
    assert stages["lead_to_hit"].median_hours == 72.0
    # NYPD's items are in lead-a, lead-b, lead-c, lead-ax (x1 is western, still NYPD's lead)
    assert (ny.leads, ny.hits, ny.cross_jurisdiction_leads) == (4, 3, 2)
    assert ny.follow_up_outcomes == {"arrest": 1} and ny.leads_without_follow_up == 3
    side = await feedback.summaries(caller(), **Y2024)
    assert [s.agency_ori for s in side] == [f.NYPD, f.PPD] and side[1].test_fires == 1
    text = feedback.to_csv(side)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["agency_ori"] == f.NYPD and rows[0]["follow_up_arrest"] == "1"
    assert rows[0]["lead_to_hit_median_h"] == "72.00"


async def test_network_communities_and_bridges(svc: Any, caller: Any) -> None:
    await planted.write(svc, planted.scenario())
    n = await network.analyse(caller(), seed=3)
    again = await network.analyse(caller(), seed=3)
    assert n == again  # seeded and cached
    assert n.communities and n.communities[0].size >= n.communities[-1].size
    top = {x.id for x in n.central[:3]}
    assert "firearm:gun-b" in top  # the recovered gun bridging New York and Philadelphia
    comm_of = {m: c.id for c in n.communities for m in c.members}
    assert comm_of["incident:a1"] == comm_of["incident:a4"]
    assert comm_of["incident:a1"] != comm_of["incident:e00"]


async def test_exports_over_http(http: Any, gql: Any, svc: Any, make_user: Any) -> None:
    await planted.write(svc, planted.scenario())
    token = await make_user(Role.ANALYST, f.NYPD)
    auth = {"Authorization": f"Bearer {token}"}
    r = await http.get("/exports/subgraph.graphml", params={"incident": "b1"}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/graphml+xml")
    g = nx.parse_graphml(r.text)
    assert {"incident:b1", "incident:b2", "incident:b3", "firearm:gun-b"} <= set(g.nodes)
    assert "incident:a1" not in g
    r = await http.get("/exports/subgraph.gexf", headers=auth)
    assert r.status_code == 200 and "<gexf" in r.text and "incident:x1" not in r.text
    r = await http.get(
        "/exports/leads.csv", params={k: v.isoformat() for k, v in Y2024.items()}, headers=auth
    )
    leads = list(csv.DictReader(io.StringIO(r.text)))
    by_id = {x["lead_id"]: x for x in leads}
    assert by_id["lead-c"]["status"] == "lead (unconfirmed, investigative only)"
    assert by_id["lead-a"]["hit_id"] == "hit-lead-a"
    assert "x1" not in by_id["lead-ax"]["incidents"]  # the western incident stays hidden
    r = await http.get(
        "/exports/feedback.csv", params={k: v.isoformat() for k, v in Y2024.items()}, headers=auth
    )
    assert r.status_code == 200 and r.text.count("\n") == 3
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    r = await http.get("/exports/subgraph.gexf", headers={"Authorization": f"Bearer {tech}"})
    assert r.status_code == 403
    assert (await http.get("/exports/leads.csv")).status_code in (401, 422)
    q = '{ auditEvents(action: "export.subgraph.graphml") { nodes { outcome target } } }'
    admin = await make_user(Role.AGENCY_ADMIN, f.NYPD)
    r = await gql(q, admin)
    assert r.json()["data"]["auditEvents"]["nodes"][0]["target"] == "incident:b1"


async def test_feedback_and_network_over_graphql(gql: Any, svc: Any, make_user: Any) -> None:
    await planted.write(svc, planted.scenario())
    token = await make_user(Role.AGENCY_ADMIN, f.PPD)
    r = await gql(
        """query($s: DateTime!, $u: DateTime!) {
             regionFeedback(since: $s, until: $u) {
               agencyOri leads hits stages { stage medianHours } }
             networkAnalysis(seed: 1, top: 3) { nodes central { id kind } communities { size } }
           }""",
        token,
        s="2024-01-01T00:00:00Z",
        u="2025-01-01T00:00:00Z",
    )
    data = r.json()["data"]
    assert [x["agencyOri"] for x in data["regionFeedback"]] == [f.NYPD, f.PPD]
    assert len(data["networkAnalysis"]["central"]) == 3
    bad = await gql(
        '{ feedbackSummary(agencyOri: "CA0194200", since: "2024-01-01T00:00:00Z", '
        'until: "2025-01-01T00:00:00Z") { leads } }',
        token,
    )
    assert bad.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
