"""The NIBIN workflow over the demo scenario: correlation runs, leads, examinations, hits,
follow-ups, with realistic (seeded) turnaround times.

The plan is pure (:func:`plan_workflow`); :func:`apply_workflow` writes it through the same
repository methods the services use, so the demo graph has exactly the production shape
(docs/graph-model.md). Ground truth gains ``confirmed_pairs`` (incident pairs linked by a
hit), ``lead_only_firearms`` (series still unconfirmed) and ``false_leads`` (excluded by an
examiner).
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.enums import AfteConclusion, EvidenceKind, FollowUpOutcome
from domain.models import CorrelationCandidate, Evidence, FollowUp, Hit
from ingest.demo import Scenario

ALGORITHM = "demo-simulated"
VERSION = "demo-1"
CONFIRM_SHARE = 0.85  # share of true series an examiner confirms (planted cycles: all)
FALSE_LEADS = 12
DISTRACTORS = 8


@dataclass
class LeadPlan:
    lead_id: str
    firearm_id: str | None  # None: a false lead (different guns)
    events: list[tuple[datetime, str]]  # (added_at, evidence id); the first two open it
    agency_ori: str
    calibre: str
    exam: tuple[datetime, AfteConclusion, str, str] | None  # at, conclusion, examiner ORI, report
    follow_ups: list[tuple[str, FollowUpOutcome, datetime]] = field(default_factory=list)


@dataclass
class WorkflowPlan:
    runs: list[tuple[str, str, datetime, list[CorrelationCandidate]]]
    leads: list[LeadPlan]
    truth: dict[str, Any]


def _acquired(e: Evidence) -> datetime:
    at = e.acquired_at or e.collected_at
    if at is None:
        raise ValueError(f"demo evidence {e.id} has no acquisition time")
    return at


def _events_by_firearm(scenario: Scenario) -> dict[str, list[Evidence]]:
    """One item per incident (first casing) and every test fire, per firearm, in time order."""
    gun_of = dict(scenario.truth.get("evidence_firearm", []))
    out: dict[str, list[Evidence]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for ev in sorted(scenario.evidence, key=lambda e: (_acquired(e), e.id)):
        fid = ev.firearm_id if ev.kind is EvidenceKind.TEST_FIRE else gun_of.get(ev.id)
        if fid is None:
            continue
        key = (fid, ev.incident_id or ev.id)
        if key in seen:
            continue
        seen.add(key)
        out[fid].append(ev)
    return out


def _runs(
    scenario: Scenario, rng: random.Random
) -> list[tuple[str, str, datetime, list[CorrelationCandidate]]]:
    """Every acquisition is correlated against earlier ones of its calibre: true mates score
    high, a few others low (a simulated correlator, labelled so on every candidate)."""
    gun_of = dict(scenario.truth.get("evidence_firearm", []))
    ordered = sorted(
        (e for e in scenario.evidence if e.acquired_at is not None),
        key=lambda e: (_acquired(e), e.id),
    )
    by_calibre: dict[str, list[Evidence]] = defaultdict(list)
    runs = []
    for ev in ordered:
        gun = ev.firearm_id if ev.kind is EvidenceKind.TEST_FIRE else gun_of.get(ev.id)
        earlier = by_calibre[ev.calibre]
        mates = [e for e in earlier if (e.firearm_id or gun_of.get(e.id)) == gun][-10:]
        others = [e for e in rng.sample(earlier, min(len(earlier), DISTRACTORS)) if e not in mates]
        at = _acquired(ev) + timedelta(minutes=rng.randint(5, 90))
        scored = [(rng.uniform(2.0, 5.0), rng.uniform(8, 22), e) for e in mates] + [
            (rng.uniform(-3.0, 0.5), rng.uniform(0, 4), e) for e in others
        ]
        scored.sort(key=lambda t: -t[0])
        run_id = f"demo-run:{ev.id}"
        cands = [
            CorrelationCandidate(
                query_id=ev.id,
                candidate_id=e.id,
                rank=k + 1,
                scores={
                    "breech_face": round(cmc, 1),
                    "firing_pin": round(rng.uniform(0.2, 0.9), 3),
                },
                combined=round(comb, 3),
                algorithm=ALGORITHM,
                version=VERSION,
                run_id=run_id,
                run_at=at,
            )
            for k, (comb, cmc, e) in enumerate(scored)
        ]
        runs.append((ev.id, run_id, at, cands))
        earlier.append(ev)
    return runs


def plan_workflow(scenario: Scenario, *, seed: int) -> WorkflowPlan:
    rng = random.Random(seed * 7919 + 1)
    now = datetime.now(UTC)
    incident_ori = {i.id: i.agency_ori for i in scenario.incidents}
    firearm_incident = {f.id: f.recovery_incident_id for f in scenario.firearms}
    cycle_guns = {g for c in scenario.truth.get("cycles", []) for g in c["firearms"]}
    leads: list[LeadPlan] = []
    confirmed_pairs: set[tuple[str, str]] = set()
    lead_only: list[str] = []

    def incident_of(ev: Evidence) -> str | None:
        return ev.incident_id or firearm_incident.get(ev.firearm_id or "")

    for fid, events in sorted(_events_by_firearm(scenario).items()):
        incidents = {i for i in (incident_of(e) for e in events) if i}
        if len(events) < 2 or len(incidents) < 2:
            continue
        # A technician reviews each new acquisition 6–60 h after it is acquired; the lead
        # opens when the second event is reviewed, and grows in time order.
        review: list[tuple[datetime, str]] = []
        for k, e in enumerate(events):
            at = _acquired(e) + timedelta(hours=rng.randint(6, 60))
            if review:
                at = max(at, review[-1][0])
            review.append((at, e.id))
            if k == 1:
                review[0] = (at, review[0][1])
        last_inc = incident_of(events[-1]) or ""
        plan = LeadPlan(
            lead_id=f"lead-demo-{len(leads) + 1:04d}",
            firearm_id=fid,
            events=review,
            agency_ori=events[1].contributing_ori,
            calibre=events[0].calibre,
            exam=None,
        )
        if fid in cycle_guns or rng.random() < CONFIRM_SHARE:
            exam_at = min(review[-1][0] + timedelta(days=rng.randint(3, 28)), now)
            plan.exam = (
                exam_at,
                AfteConclusion.IDENTIFICATION,
                incident_ori.get(last_inc, events[-1].contributing_ori),
                f"DEMO-LAB-{len(leads) + 1:05d}",
            )
            confirmed_pairs |= set(itertools.combinations(sorted(incidents), 2))
            if rng.random() < 0.7:
                plan.follow_ups.append(
                    ("hit", FollowUpOutcome.ASSIGNED, exam_at + timedelta(days=2))
                )
                if rng.random() < 0.4:
                    plan.follow_ups.append(
                        (
                            "hit",
                            FollowUpOutcome.ARREST,
                            exam_at + timedelta(days=rng.randint(10, 60)),
                        )
                    )
        else:
            lead_only.append(fid)
            if rng.random() < 0.5:
                plan.follow_ups.append(
                    ("lead", FollowUpOutcome.ASSIGNED, review[-1][0] + timedelta(days=1))
                )
        leads.append(plan)

    runs = _runs(scenario, rng)
    false_leads: list[str] = []
    for query, _, at, cands in rng.sample(runs, min(FALSE_LEADS * 3, len(runs))):
        weak = [c for c in cands if c.combined < 0.5]
        if not weak or len(false_leads) >= FALSE_LEADS:
            continue
        lead_id = f"lead-demo-x{len(false_leads) + 1:03d}"
        examiner_ori = next(e.contributing_ori for e in scenario.evidence if e.id == query)
        leads.append(
            LeadPlan(
                lead_id=lead_id,
                firearm_id=None,
                events=[
                    (at + timedelta(hours=8), query),
                    (at + timedelta(hours=8), weak[0].candidate_id),
                ],
                agency_ori=examiner_ori,
                calibre=next(e.calibre for e in scenario.evidence if e.id == query),
                exam=(
                    min(at + timedelta(days=10), now),
                    AfteConclusion.ELIMINATION,
                    examiner_ori,
                    f"DEMO-LAB-X{len(false_leads) + 1:03d}",
                ),
            )
        )
        false_leads.append(lead_id)
    truth = {
        "confirmed_pairs": sorted([list(p) for p in confirmed_pairs]),
        "lead_only_firearms": sorted(lead_only),
        "false_leads": false_leads,
        "lead_firearm": {p.lead_id: p.firearm_id for p in leads if p.firearm_id},
    }
    return WorkflowPlan(runs=runs, leads=leads, truth=truth)


async def apply_workflow(plan: WorkflowPlan, *, driver: Any, database: str) -> dict[str, int]:
    """Write the plan through the repositories (idempotent on re-run: ids are fixed)."""
    from graph.repos.correlation import CorrelationRepo
    from graph.repos.workflow import WorkflowRepo

    corr = CorrelationRepo(driver, database=database)
    wf = WorkflowRepo(driver, database=database)
    for k in range(0, len(plan.runs), 500):
        await corr.store_runs(
            plan.runs[k : k + 500], algorithm=ALGORITHM, version=VERSION, top_n=20
        )
    existing = await wf.leads_by_ids([p.lead_id for p in plan.leads])
    todo = [p for p in plan.leads if p.lead_id not in existing]

    async def one(p: LeadPlan) -> int:
        user = f"demo-tech-{p.agency_ori.lower()}"
        await wf.create_lead(
            lead_id=p.lead_id,
            agency_ori=p.agency_ori,
            user_id=user,
            at=p.events[0][0],
            calibre=p.calibre,
        )
        await wf.add_evidence(
            lead_id=p.lead_id,
            evidence_ids=[e for _, e in p.events[:2]],
            user_id=user,
            at=p.events[0][0],
            run_id=None,
        )
        for at, eid in p.events[2:]:
            await wf.add_evidence(
                lead_id=p.lead_id, evidence_ids=[eid], user_id=user, at=at, run_id=None
            )
        hits = 0
        if p.exam is not None:
            at, conclusion, ori, report = p.exam
            examiner = f"Demo examiner {ori}"
            exam_id = f"exam-{p.lead_id}"
            await wf.examine(
                lead_id=p.lead_id,
                exam_id=exam_id,
                examiner=examiner,
                user_id=f"demo-exam-{ori.lower()}",
                examiner_ori=ori,
                conclusion=conclusion.value,
                report_number=report,
                notes=None,
                examined_on=at.date(),
                at=at,
            )
            if conclusion is AfteConclusion.IDENTIFICATION:
                hit = Hit(
                    id=f"hit-{p.lead_id.removeprefix('lead-')}",
                    lead_id=p.lead_id,
                    examiner=examiner,
                    confirmed_at=at,
                    report_number=report,
                    credited_ori=ori,
                )
                await wf.create_hit(hit, exam_id=exam_id)
                hits = 1
        for n, (target, outcome, at) in enumerate(p.follow_ups):
            target_id = f"hit-{p.lead_id.removeprefix('lead-')}" if target == "hit" else p.lead_id
            await wf.create_follow_up(
                FollowUp(
                    id=f"fu-{p.lead_id}-{n}",
                    target_id=target_id,
                    investigator=f"Demo investigator {p.agency_ori}",
                    investigator_ori=p.agency_ori,
                    outcome=outcome,
                    occurred_on=at.date(),
                    recorded_at=at,
                ),
                user_id=f"demo-inv-{p.agency_ori.lower()}",
            )
        return hits

    hits = 0
    for k in range(0, len(todo), 8):
        hits += sum(await asyncio.gather(*(one(p) for p in todo[k : k + 8])))
    return {"correlation_runs": len(plan.runs), "leads": len(todo), "hits": hits}
