"""The chain candidate → lead → hit → follow-up, over GraphQL/HTTP against the real Neo4j."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from domain.enums import Role
from graph.repos.audit import AuditRepo
from tests import factories as f
from tests.integration.workflow_helpers import (
    ADD,
    EXAMINE,
    FOLLOW,
    OPEN,
    correlate,
    data,
    error_code,
    scene,
)

TODAY = date.today().isoformat()


async def count(svc: Any, cypher: str) -> int:
    async with svc.driver.session() as s:
        rec = await (await s.run(cypher)).single()
    return int(rec["n"])


async def test_full_chain(gql: Any, svc: Any, make_user: Any) -> None:
    sc = await scene(svc, [f.NYPD, f.PPD, f.NYPD])
    a, b, c = sc.evidence
    await correlate(svc, b, [a, c], breech_face=[0.4, 0.8])
    tech = await make_user(Role.TECHNICIAN, f.NYPD, name="Tess Tech")
    examiner = await make_user(Role.EXAMINER, f.PPD, name="Eli Examiner")
    investigator = await make_user(Role.INVESTIGATOR, f.NYPD, name="Ivo Investigator")
    ppd_analyst = await make_user(Role.ANALYST, f.PPD)

    # Technician reviews the ranked list, as IBIS shows it: combined rank or per region.
    q = """query($e: String!, $s: CandidateSort!) { candidates(evidenceId: $e, sortBy: $s) {
             rank candidateId combined scores { breechFace firingPin } version runId } }"""
    by_rank = data(await gql(q, tech, e=b, s="COMBINED"))["candidates"]
    assert [x["candidateId"] for x in by_rank] == [a, c]
    by_bf = data(await gql(q, tech, e=b, s="BREECH_FACE"))["candidates"]
    assert [x["candidateId"] for x in by_bf] == [c, a]

    lead = data(await gql(OPEN, tech, e=b, c=a))["openLead"]
    assert lead["status"] == "LEAD" and lead["crossJurisdiction"] is True
    assert "not an identification" in lead["disclaimer"]
    assert sorted(lead["incidentIds"]) == sorted(sc.incidents[:2])

    grown = data(await gql(ADD, tech, l=lead["id"], e=c))["addToLead"]
    assert sorted(grown["evidenceIds"]) == sorted(sc.evidence)
    assert len(grown["incidentIds"]) == 3
    assert await count(svc, "MATCH ()-[k:LEAD_LINK]->() RETURN count(k) AS n") == 3
    assert await count(svc, "MATCH ()-[k:HIT_LINK]->() RETURN count(k) AS n") == 0

    # Philadelphia sees the new lead in its feed (it involves a PPD case).
    feed = """query($s: DateTime!) { notifications(since: $s) { kind leadId crossJurisdiction } }"""
    events = data(await gql(feed, ppd_analyst, s="2000-01-01T00:00:00Z"))["notifications"]
    assert {(e["kind"], e["leadId"]) for e in events} == {
        ("lead_opened", lead["id"]),
        ("lead_extended", lead["id"]),
    }
    assert all(e["crossJurisdiction"] for e in events)

    res = data(
        await gql(
            EXAMINE, examiner, l=lead["id"], c="IDENTIFICATION", r="LAB-24-17", d=TODAY, w=False
        )
    )
    hit = res["recordExamination"]["hit"]
    assert res["recordExamination"]["lead"]["status"] == "CONFIRMED"
    assert hit["conclusion"] == "IDENTIFICATION" and hit["creditedOri"] == f.PPD
    assert sorted(hit["incidentIds"]) == sorted(sc.incidents)
    assert await count(svc, "MATCH ()-[k:HIT_LINK]->() RETURN count(k) AS n") == 3  # per case pair

    # A lead cannot be confirmed twice, nor grow once confirmed.
    again = await gql(
        EXAMINE, examiner, l=lead["id"], c="IDENTIFICATION", r="LAB-24-18", d=TODAY, w=False
    )
    assert error_code(again) == "CONFLICT" and "confirmed" in again.json()["errors"][0]["message"]
    sc2 = await scene(svc, [f.NYPD])
    assert error_code(await gql(ADD, tech, l=lead["id"], e=sc2.evidence[0])) == "CONFLICT"

    fu = data(await gql(FOLLOW, investigator, t=hit["id"], o="ARREST", d=TODAY))["recordFollowUp"]
    assert fu["outcome"] == "ARREST" and fu["investigatorOri"] == f.NYPD

    t = """query($e: String!) { turnaround(evidenceId: $e) { collectedAt acquiredAt correlatedAt
             leadAt hitAt followUpAt stages { start end hours } } }"""
    ta = data(await gql(t, ppd_analyst, e=b))["turnaround"]
    assert all(
        ta[k]
        for k in ("collectedAt", "acquiredAt", "correlatedAt", "leadAt", "hitAt", "followUpAt")
    )
    stages = {(s["start"], s["end"]): s["hours"] for s in ta["stages"]}
    assert stages[("collected", "submitted")] == 18.0 and stages[("submitted", "acquired")] == 10.0
    assert stages[("lead", "hit")] >= 0

    detail = """query($id: ID!) { lead(id: $id) { status hit { id followUps { outcome } }
                 evidence { id } incidents { id } } }"""
    got = data(await gql(detail, investigator, id=lead["id"]))["lead"]
    assert got["hit"]["followUps"] == [{"outcome": "ARREST"}]

    # Every step left an audit record with the actor's role.
    actions = {
        (e.action, e.role, e.outcome.value)
        for e in await svc.repo(AuditRepo).page(agency_ori=None, limit=200)
    }
    assert {
        ("lead.open", "technician", "success"),
        ("lead.add_evidence", "technician", "success"),
        ("lead.examine", "examiner", "success"),
        ("lead.examine", "examiner", "failure"),
        ("followup.create", "investigator", "success"),
    } <= actions


async def test_concurrent_confirmations_one_wins(gql: Any, svc: Any, make_user: Any) -> None:
    sc = await scene(svc, [f.NYPD, f.NYPD])
    await correlate(svc, sc.evidence[1], [sc.evidence[0]])
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    ex1 = await make_user(Role.EXAMINER, f.NYPD, name="Examiner One")
    ex2 = await make_user(Role.EXAMINER, f.NYPD, name="Examiner Two")
    lead = data(await gql(OPEN, tech, e=sc.evidence[1], c=sc.evidence[0]))["openLead"]
    r1, r2 = await asyncio.gather(
        gql(EXAMINE, ex1, l=lead["id"], c="IDENTIFICATION", r="R-1", d=TODAY, w=False),
        gql(EXAMINE, ex2, l=lead["id"], c="IDENTIFICATION", r="R-2", d=TODAY, w=False),
    )
    outcomes = sorted("errors" in r.json() for r in (r1, r2))
    assert outcomes == [False, True]
    loser = r1 if "errors" in r1.json() else r2
    assert error_code(loser) == "CONFLICT"
    assert await count(svc, "MATCH (h:Hit) RETURN count(h) AS n") == 1
    assert await count(svc, "MATCH (x:Examination) RETURN count(x) AS n") == 1


async def test_elimination_keeps_record_and_closes(gql: Any, svc: Any, make_user: Any) -> None:
    sc = await scene(svc, [f.NYPD, f.NYPD, f.NYPD])
    await correlate(svc, sc.evidence[1], [sc.evidence[0], sc.evidence[2]])
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    examiner = await make_user(Role.EXAMINER, f.NYPD)
    lead = data(await gql(OPEN, tech, e=sc.evidence[1], c=sc.evidence[0]))["openLead"]
    res = data(
        await gql(EXAMINE, examiner, l=lead["id"], c="ELIMINATION", r="R-9", d=TODAY, w=False)
    )
    assert res["recordExamination"]["lead"]["status"] == "EXCLUDED"
    assert res["recordExamination"]["hit"] is None
    assert (
        await count(svc, "MATCH (x:Examination {conclusion: 'elimination'}) RETURN count(x) AS n")
        == 1
    )
    # An eliminated lead links no incidents any more (cycles, cross-jurisdiction tallies).
    q = "MATCH ()-[k:LEAD_LINK {lead_id: $l}]->() RETURN count(k) AS n"
    assert await count(svc, q.replace("$l", repr(lead["id"]))) == 0
    assert error_code(await gql(ADD, tech, l=lead["id"], e=sc.evidence[2])) == "CONFLICT"
    # The excluded lead no longer blocks its evidence from a new lead.
    assert (
        data(await gql(OPEN, tech, e=sc.evidence[1], c=sc.evidence[2]))["openLead"]["status"]
        == "LEAD"
    )


async def test_inconclusive_keeps_lead_open_and_warm_hits_are_flagged(
    gql: Any, svc: Any, make_user: Any
) -> None:
    sc = await scene(svc, [f.NYPD, f.NYPD])
    await correlate(svc, sc.evidence[1], [sc.evidence[0]])
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    examiner = await make_user(Role.EXAMINER, f.NYPD)
    lead = data(await gql(OPEN, tech, e=sc.evidence[1], c=sc.evidence[0]))["openLead"]
    r = data(
        await gql(EXAMINE, examiner, l=lead["id"], c="INCONCLUSIVE", r="R-1", d=TODAY, w=False)
    )
    assert r["recordExamination"]["lead"]["status"] == "LEAD"
    r = data(
        await gql(EXAMINE, examiner, l=lead["id"], c="IDENTIFICATION", r="R-2", d=TODAY, w=True)
    )
    assert r["recordExamination"]["hit"]["warm"] is True
    assert await count(svc, "MATCH ()-[k:HIT_LINK {warm: true}]->() RETURN count(k) AS n") == 1


async def test_review_rules(gql: Any, svc: Any, make_user: Any) -> None:
    sc = await scene(svc, [f.NYPD, f.NYPD, f.OTHER])
    a, b, foreign = sc.evidence
    await correlate(svc, b, [a, foreign])
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    # A candidate from an agency outside the caller's region is not shown.
    q = "query($e: String!) { candidates(evidenceId: $e) { candidateId } }"
    assert [x["candidateId"] for x in data(await gql(q, tech, e=b))["candidates"]] == [a]
    assert error_code(await gql(OPEN, tech, e=b, c=foreign)) == "NOT_FOUND"
    # Not a candidate → no lead.
    sc2 = await scene(svc, [f.NYPD])
    assert error_code(await gql(OPEN, tech, e=b, c=sc2.evidence[0])) == "NOT_FOUND"
    # Dismissal needs a reason, and hides the candidate from the default list.
    dismiss = """mutation($e: String!, $c: String!, $r: String!) {
                   dismissCandidate(evidenceId: $e, candidateId: $c, reason: $r) }"""
    assert error_code(await gql(dismiss, tech, e=b, c=a, r="  ")) == "BAD_USER_INPUT"
    assert data(await gql(dismiss, tech, e=b, c=a, r="different firing pin shape"))
    assert data(await gql(q, tech, e=b))["candidates"] == []
    # A future examination date is refused.
    await correlate(svc, sc2.evidence[0], [a], run_id="run-2")
    lead = data(await gql(OPEN, tech, e=sc2.evidence[0], c=a))["openLead"]
    examiner = await make_user(Role.EXAMINER, f.NYPD)
    future = (date.today() + timedelta(days=3)).isoformat()
    r = await gql(EXAMINE, examiner, l=lead["id"], c="IDENTIFICATION", r="R", d=future, w=False)
    assert error_code(r) == "BAD_USER_INPUT"


async def test_new_algorithm_version_keeps_old_results(gql: Any, svc: Any, make_user: Any) -> None:
    sc = await scene(svc, [f.NYPD, f.NYPD, f.NYPD])
    a, b, c = sc.evidence
    from datetime import UTC, datetime

    await correlate(
        svc, b, [a, c], run_id="run-old", version="1.0", at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    await correlate(
        svc, b, [c, a], run_id="run-new", version="2.0", at=datetime(2024, 2, 1, tzinfo=UTC)
    )
    tech = await make_user(Role.TECHNICIAN, f.NYPD)
    q = """query($e: String!, $v: String) { candidates(evidenceId: $e, version: $v) {
             candidateId version runId } }"""
    latest = data(await gql(q, tech, e=b, v=None))["candidates"]
    assert [(x["candidateId"], x["version"]) for x in latest] == [(c, "2.0"), (a, "2.0")]
    old = data(await gql(q, tech, e=b, v="1.0"))["candidates"]
    assert [(x["candidateId"], x["runId"]) for x in old] == [(a, "run-old"), (c, "run-old")]
