"""Set-up for workflow tests: agencies, incidents, evidence and a stored correlation run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.models import CorrelationCandidate
from graph.repos.correlation import CorrelationRepo
from graph.repos.evidence import EvidenceRepo
from graph.repos.incidents import IncidentRepo
from tests import factories as f


@dataclass
class Scene:
    incidents: list[str]
    evidence: list[str]  # evidence[i] recovered at incidents[i]


async def scene(svc: Any, oris: list[str]) -> Scene:
    """One incident with one scene casing per ORI, a day apart, in the given order."""
    await f.seed_agencies(svc)
    base = datetime(2024, 3, 1, 22, 0, tzinfo=UTC)
    incidents = [
        f.incident(ori, occurred_at=base + timedelta(days=k)) for k, ori in enumerate(oris)
    ]
    await svc.repo(IncidentRepo).upsert(incidents)
    items = [
        f.evidence(
            inc.id,
            inc.agency_ori,
            collected_at=inc.occurred_at + timedelta(hours=2),
            submitted_at=inc.occurred_at + timedelta(hours=20),
            acquired_at=inc.occurred_at + timedelta(hours=30),
        )
        for inc in incidents
    ]
    await svc.repo(EvidenceRepo).upsert(items)
    return Scene(incidents=[i.id for i in incidents], evidence=[e.id for e in items])


async def correlate(
    svc: Any,
    query_id: str,
    candidate_ids: list[str],
    *,
    run_id: str = "run-1",
    version: str = "1.0",
    breech_face: list[float] | None = None,
    at: datetime | None = None,
) -> None:
    """Store a correlation run: candidates ranked in the given order."""
    at = at or datetime.now(UTC)
    bf = breech_face or [0.9 - 0.1 * k for k in range(len(candidate_ids))]
    cands = [
        CorrelationCandidate(
            query_id=query_id,
            candidate_id=cid,
            rank=k + 1,
            scores={"breech_face": bf[k], "firing_pin": 0.5 + 0.1 * k},
            combined=1.0 - 0.1 * k,
            algorithm="test",
            version=version,
            run_id=run_id,
            run_at=at,
        )
        for k, cid in enumerate(candidate_ids)
    ]
    await svc.repo(CorrelationRepo).store_run(
        query_id=query_id,
        run_id=run_id,
        algorithm="test",
        version=version,
        run_at=at,
        top_n=20,
        candidates=cands,
    )


OPEN = """mutation($e: String!, $c: String!) { openLead(evidenceId: $e, candidateId: $c) {
  id status crossJurisdiction disclaimer evidenceIds incidentIds agencyOris } }"""
ADD = """mutation($l: String!, $e: String!) { addToLead(leadId: $l, evidenceId: $e) {
  id status evidenceIds incidentIds } }"""
EXAMINE = """mutation($l: String!, $c: AfteConclusion!, $r: String!, $d: Date!, $w: Boolean!) {
  recordExamination(leadId: $l, conclusion: $c, reportNumber: $r, examinedOn: $d, warm: $w) {
    lead { id status hitId } hit { id conclusion creditedOri warm incidentIds } } }"""
FOLLOW = """mutation($t: String!, $o: FollowUpOutcome!, $d: Date!) {
  recordFollowUp(targetId: $t, outcome: $o, occurredOn: $d, notes: "arrest on warrant") {
    id outcome investigator investigatorOri } }"""


def data(r: Any) -> Any:
    body = r.json()
    assert "errors" not in body, body
    return body["data"]


def error_code(r: Any) -> str:
    return str(r.json()["errors"][0]["extensions"]["code"])
