"""Role × operation matrix over every GraphQL mutation: allowed roles pass the permission
check, every other role gets FORBIDDEN (HTTP 403), and the denial is audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
import websockets

from domain.enums import Role
from domain.permissions import MATRIX, Operation
from graph.repos.audit import AuditRepo
from tests import factories as f
from tests.integration.workflow_helpers import OPEN, correlate, data, scene

INC = '{id: "m-1", agencyOri: "NY0303000", occurredAt: "2024-01-01T00:00:00Z"}'
EV = (
    '{id: "m-e", kind: SCENE_CASING, calibre: "9mm", contributingOri: "NY0303000",'
    ' incidentId: "nope"}'
)

# Every mutation of the schema, with the operation it needs and a call that reaches it.
MUTATIONS: dict[str, tuple[Operation, str]] = {
    "createIncident": (
        Operation.CREATE_INCIDENT,
        f"mutation {{ createIncident(input: {INC}) {{ id }} }}",
    ),
    "registerEvidence": (
        Operation.ACQUIRE,
        f"mutation {{ registerEvidence(input: {EV}) {{ id }} }}",
    ),
    "openLead": (
        Operation.REVIEW_CANDIDATES,
        'mutation { openLead(evidenceId: "x", candidateId: "y") { id } }',
    ),
    "addToLead": (
        Operation.REVIEW_CANDIDATES,
        'mutation { addToLead(leadId: "x", evidenceId: "y") { id } }',
    ),
    "dismissCandidate": (
        Operation.REVIEW_CANDIDATES,
        'mutation { dismissCandidate(evidenceId: "x", candidateId: "y", reason: "r") }',
    ),
    "recordExamination": (
        Operation.CONFIRM,
        'mutation { recordExamination(leadId: "x", conclusion: IDENTIFICATION, reportNumber: "r",'
        ' examinedOn: "2024-01-01") { lead { id } } }',
    ),
    "recordFollowUp": (
        Operation.FOLLOW_UP,
        'mutation { recordFollowUp(targetId: "x", outcome: ARREST, occurredOn: "2024-01-01")'
        " { id } }",
    ),
}


async def test_matrix_covers_every_mutation(gql: Any, svc: Any, make_user: Any) -> None:
    await f.seed_agencies(svc)
    token = await make_user(Role.ANALYST, f.NYPD)
    r = await gql("{ __schema { mutationType { fields { name } } } }", token)
    names = {x["name"] for x in data(r)["__schema"]["mutationType"]["fields"]}
    extra = {n for n in names if n not in MUTATIONS}
    # Mutations owned by other features register their operation next to them.
    from tests.integration import role_matrix_extra

    assert names == set(MUTATIONS) | set(role_matrix_extra.MUTATIONS), f"unmapped: {extra}"


@pytest.mark.parametrize("role", list(Role))
async def test_role_matrix(role: Role, gql: Any, svc: Any, make_user: Any) -> None:
    from tests.integration import role_matrix_extra

    await f.seed_agencies(svc)
    token = await make_user(role, f.NYPD)
    for name, (operation, query) in {**MUTATIONS, **role_matrix_extra.MUTATIONS}.items():
        r = await gql(query, token)
        body = r.json()
        codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
        if role in MATRIX[operation]:
            assert "FORBIDDEN" not in codes, f"{role.value} should be allowed to {name}: {body}"
        else:
            assert codes == ["FORBIDDEN"] and r.status_code == 403, f"{role.value} {name}: {body}"
    denied = [
        e
        for e in await svc.repo(AuditRepo).page(agency_ori=f.NYPD, limit=500)
        if e.outcome.value == "denied"
    ]
    expected = sum(
        1
        for op, _ in {**MUTATIONS, **role_matrix_extra.MUTATIONS}.values()
        if role not in MATRIX[op]
    )
    assert len(denied) == expected


async def test_subscription_delivers_lead_events(
    live_server: Any, gql: Any, svc: Any, make_user: Any
) -> None:
    sc = await scene(svc, [f.NYPD, f.PPD])
    await correlate(svc, sc.evidence[1], [sc.evidence[0]])
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    ppd = await make_user(Role.INVESTIGATOR, f.PPD)
    url = live_server.url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {ppd}"}})
        )
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        sub = "subscription { leadAndHitEvents { kind leadId crossJurisdiction agencyOris } }"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": sub}}))
        for _ in range(50):  # wait until the subscriber is registered
            if live_server.app.state.cg.broker.subscriber_count:
                break
            import asyncio

            await asyncio.sleep(0.05)
        lead = data(await gql(OPEN, tech, e=sc.evidence[1], c=sc.evidence[0]))["openLead"]
        msg = json.loads(await ws.recv())
        assert msg["type"] == "next"
        event = msg["payload"]["data"]["leadAndHitEvents"]
        assert event == {
            "kind": "lead_opened",
            "leadId": lead["id"],
            "crossJurisdiction": True,
            "agencyOris": sorted([f.NYPD, f.PPD]),
        }


async def test_subscription_needs_a_token(live_server: Any, http: Any) -> None:
    url = live_server.url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        with pytest.raises(websockets.ConnectionClosed) as info:
            await ws.recv()
        assert info.value.rcvd is not None and info.value.rcvd.code == 4403
