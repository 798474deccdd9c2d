"""GraphQL for correlation review, leads, examinations, hits, follow-ups and notifications."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, date, datetime
from typing import Self

import strawberry

from api.gql.context import Info
from api.gql.pagination import Connection, PageInfo, decode_cursor, encode_cursor
from api.gql.types import EvidenceType, IncidentType
from domain import models
from domain.enums import AfteConclusion, FollowUpOutcome, LeadStatus
from domain.permissions import Operation, require
from services import workflow
from services.workflow import LEAD_DISCLAIMER, CandidateSort

LeadStatusGQL = strawberry.enum(LeadStatus, name="LeadStatus")
AfteConclusionGQL = strawberry.enum(AfteConclusion, name="AfteConclusion")
FollowUpOutcomeGQL = strawberry.enum(FollowUpOutcome, name="FollowUpOutcome")
CandidateSortGQL = strawberry.enum(CandidateSort, name="CandidateSort")


@strawberry.type(name="RegionScores")
class RegionScoresType:
    breech_face: float | None
    firing_pin: float | None
    ejector: float | None


@strawberry.type(name="CorrelationCandidate")
class CandidateType:
    rank: int
    candidate_id: str
    scores: RegionScoresType
    combined: float
    algorithm: str
    version: str
    run_id: str
    run_at: datetime
    review: str | None
    dismissed_reason: str | None

    @strawberry.field
    async def candidate(self, info: Info) -> EvidenceType | None:
        e = await info.context.loaders.evidence.load(self.candidate_id)
        return EvidenceType.from_domain(e) if e else None

    @classmethod
    def from_domain(cls, c: models.CorrelationCandidate) -> Self:
        return cls(
            rank=c.rank,
            candidate_id=c.candidate_id,
            scores=RegionScoresType(
                breech_face=c.scores.get("breech_face"),
                firing_pin=c.scores.get("firing_pin"),
                ejector=c.scores.get("ejector"),
            ),
            combined=c.combined,
            algorithm=c.algorithm,
            version=c.version,
            run_id=c.run_id,
            run_at=c.run_at,
            review=c.review,
            dismissed_reason=c.dismissed_reason,
        )


@strawberry.type(name="FollowUp")
class FollowUpType:
    id: strawberry.ID
    target_id: str
    investigator: str
    investigator_ori: str | None
    outcome: FollowUpOutcomeGQL  # type: ignore[valid-type]
    occurred_on: date
    notes: str | None
    recorded_at: datetime | None

    @classmethod
    def from_domain(cls, f: models.FollowUp) -> Self:
        return cls(
            id=strawberry.ID(f.id),
            target_id=f.target_id,
            investigator=f.investigator,
            investigator_ori=f.investigator_ori,
            outcome=f.outcome,
            occurred_on=f.occurred_on,
            notes=f.notes,
            recorded_at=f.recorded_at,
        )


@strawberry.type(name="Hit", description="A NIBIN hit: examiner-confirmed (identification).")
class HitType:
    id: strawberry.ID
    lead_id: str
    examiner: str
    conclusion: AfteConclusionGQL  # type: ignore[valid-type]
    confirmed_at: datetime
    report_number: str
    credited_ori: str
    warm: bool
    incident_ids: list[str]

    @strawberry.field
    async def incidents(self, info: Info) -> list[IncidentType]:
        found = await info.context.loaders.incident.load_many(self.incident_ids)
        return [IncidentType.from_domain(i) for i in found if i is not None]

    @strawberry.field
    async def follow_ups(self, info: Info) -> list[FollowUpType]:
        found = await workflow.follow_ups(info.context.svc, [str(self.id)])
        return [FollowUpType.from_domain(f) for f in found.get(str(self.id), [])]

    @classmethod
    def from_domain(cls, h: models.Hit) -> Self:
        return cls(
            id=strawberry.ID(h.id),
            lead_id=h.lead_id,
            examiner=h.examiner,
            conclusion=h.conclusion,
            confirmed_at=h.confirmed_at,
            report_number=h.report_number,
            credited_ori=h.credited_ori,
            warm=h.warm,
            incident_ids=list(h.incident_ids),
        )


@strawberry.type(
    name="Lead",
    description="A NIBIN lead: unconfirmed, investigative only; never an identification.",
)
class LeadType:
    id: strawberry.ID
    status: LeadStatusGQL  # type: ignore[valid-type]
    created_by: str
    created_at: datetime
    updated_at: datetime | None
    agency_ori: str
    calibre: str | None
    cross_jurisdiction: bool
    evidence_ids: list[str]
    incident_ids: list[str]
    agency_oris: list[str]
    hit_id: str | None

    @strawberry.field(description="Always shown with a lead: it is not an identification.")
    def disclaimer(self) -> str:
        return LEAD_DISCLAIMER

    @strawberry.field
    async def evidence(self, info: Info) -> list[EvidenceType]:
        found = await info.context.loaders.evidence.load_many(self.evidence_ids)
        return [EvidenceType.from_domain(e) for e in found if e is not None]

    @strawberry.field
    async def incidents(self, info: Info) -> list[IncidentType]:
        found = await info.context.loaders.incident.load_many(self.incident_ids)
        return [IncidentType.from_domain(i) for i in found if i is not None]

    @strawberry.field
    async def hit(self, info: Info) -> HitType | None:
        if self.hit_id is None:
            return None
        found = await workflow.hits_by_ids(info.context.svc, [self.hit_id])
        h = found.get(self.hit_id)
        return HitType.from_domain(h) if h else None

    @strawberry.field
    async def follow_ups(self, info: Info) -> list[FollowUpType]:
        found = await workflow.follow_ups(info.context.svc, [str(self.id)])
        return [FollowUpType.from_domain(f) for f in found.get(str(self.id), [])]

    @classmethod
    def from_domain(cls, lead: models.Lead) -> Self:
        return cls(
            id=strawberry.ID(lead.id),
            status=lead.status,
            created_by=lead.created_by,
            created_at=lead.created_at,
            updated_at=lead.updated_at,
            agency_ori=lead.agency_ori,
            calibre=lead.calibre,
            cross_jurisdiction=lead.cross_jurisdiction,
            evidence_ids=list(lead.evidence_ids),
            incident_ids=list(lead.incident_ids),
            agency_oris=list(lead.agency_oris),
            hit_id=lead.hit_id,
        )


@strawberry.type(name="Examination")
class ExaminationResult:
    lead: LeadType
    hit: HitType | None


@strawberry.type(name="Stage")
class StageType:
    start: str
    end: str
    hours: float | None


@strawberry.type(name="Turnaround")
class TurnaroundType:
    evidence_id: str
    collected_at: datetime | None
    submitted_at: datetime | None
    acquired_at: datetime | None
    correlated_at: datetime | None
    lead_at: datetime | None
    hit_at: datetime | None
    follow_up_at: datetime | None
    stages: list[StageType]


@strawberry.type(name="Notification")
class NotificationType:
    kind: str
    lead_id: str
    hit_id: str | None
    at: datetime
    agency_oris: list[str]
    cross_jurisdiction: bool


@strawberry.type
class WorkflowQuery:
    @strawberry.field(description="Ranked correlation candidates of an acquisition (latest run).")
    async def candidates(
        self,
        info: Info,
        evidence_id: str,
        sort_by: CandidateSortGQL = CandidateSort.COMBINED,  # type: ignore[valid-type]
        run_id: str | None = None,
        version: str | None = None,
        include_dismissed: bool = False,
    ) -> list[CandidateType]:
        found = await workflow.candidates(
            info.context.svc,
            evidence_id=evidence_id,
            sort=sort_by,
            run_id=run_id,
            version=version,
            include_dismissed=include_dismissed,
        )
        return [CandidateType.from_domain(c) for c in found]

    @strawberry.field
    async def lead(self, info: Info, id: strawberry.ID) -> LeadType | None:
        found = await workflow.leads_by_ids(info.context.svc, [str(id)])
        lead = found.get(str(id))
        return LeadType.from_domain(lead) if lead else None

    @strawberry.field(description="Leads involving the caller's visible agencies, newest first.")
    async def leads(
        self,
        info: Info,
        status: LeadStatusGQL | None = None,  # type: ignore[valid-type]
        first: int = 50,
        after: str | None = None,
    ) -> Connection[LeadType]:
        key = decode_cursor(after)
        rows = await workflow.list_leads(
            info.context.svc,
            status=status,
            after=(datetime.fromisoformat(key[0]), str(key[1])) if key else None,
            first=first,
        )
        more = len(rows) > first
        rows = rows[:first]
        end = encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id) if rows else None
        return Connection(
            nodes=[LeadType.from_domain(lead) for lead in rows],
            page_info=PageInfo(has_next_page=more, end_cursor=end),
        )

    @strawberry.field
    async def hit(self, info: Info, id: strawberry.ID) -> HitType | None:
        found = await workflow.hits_by_ids(info.context.svc, [str(id)])
        h = found.get(str(id))
        return HitType.from_domain(h) if h else None

    @strawberry.field(description="Each workflow step's time for one item, and stage durations.")
    async def turnaround(self, info: Info, evidence_id: str) -> TurnaroundType:
        times = await workflow.turnaround(info.context.svc, evidence_id)
        return TurnaroundType(
            evidence_id=evidence_id,
            collected_at=times["collected"],
            submitted_at=times["submitted"],
            acquired_at=times["acquired"],
            correlated_at=times["correlated"],
            lead_at=times["lead"],
            hit_at=times["hit"],
            follow_up_at=times["follow_up"],
            stages=[StageType(start=a, end=b, hours=h) for a, b, h in workflow.stage_hours(times)],
        )

    @strawberry.field(description="Pollable feed: new leads, additions and hits for my agency.")
    async def notifications(
        self, info: Info, since: datetime, first: int = 50
    ) -> list[NotificationType]:
        events = await workflow.feed(info.context.svc, since=since, first=first)
        leads = await workflow.leads_by_ids(info.context.svc, [e.lead_id for e in events])
        return [
            NotificationType(
                kind=e.kind,
                lead_id=e.lead_id,
                hit_id=e.hit_id,
                at=e.at,
                agency_oris=list(e.agency_oris),
                cross_jurisdiction=len(e.agency_oris) > 1
                or bool(leads.get(e.lead_id) and leads[e.lead_id].cross_jurisdiction),
            )
            for e in events
        ]


@strawberry.type
class WorkflowMutation:
    @strawberry.mutation(description="Open a lead from a correlation candidate (technician).")
    async def open_lead(self, info: Info, evidence_id: str, candidate_id: str) -> LeadType:
        lead = await workflow.open_lead(
            info.context.svc, evidence_id=evidence_id, candidate_id=candidate_id
        )
        return LeadType.from_domain(lead)

    @strawberry.mutation(description="Add a further event to an existing lead (technician).")
    async def add_to_lead(self, info: Info, lead_id: str, evidence_id: str) -> LeadType:
        lead = await workflow.add_to_lead(
            info.context.svc, lead_id=lead_id, evidence_id=evidence_id
        )
        return LeadType.from_domain(lead)

    @strawberry.mutation(description="Dismiss a correlation candidate with a reason (technician).")
    async def dismiss_candidate(
        self, info: Info, evidence_id: str, candidate_id: str, reason: str
    ) -> bool:
        await workflow.dismiss_candidate(
            info.context.svc, evidence_id=evidence_id, candidate_id=candidate_id, reason=reason
        )
        return True

    @strawberry.mutation(description="Record a microscope comparison on a lead (examiner).")
    async def record_examination(
        self,
        info: Info,
        lead_id: str,
        conclusion: AfteConclusionGQL,  # type: ignore[valid-type]
        report_number: str,
        examined_on: date,
        notes: str | None = None,
        warm: bool = False,
        credited_ori: str | None = None,
    ) -> ExaminationResult:
        lead, hit = await workflow.examine(
            info.context.svc,
            lead_id=lead_id,
            conclusion=conclusion,
            report_number=report_number,
            examined_on=examined_on,
            notes=notes,
            warm=warm,
            credited_ori=credited_ori,
        )
        return ExaminationResult(
            lead=LeadType.from_domain(lead), hit=HitType.from_domain(hit) if hit else None
        )

    @strawberry.mutation(description="Record a follow-up on a lead or hit (investigator).")
    async def record_follow_up(
        self,
        info: Info,
        target_id: str,
        outcome: FollowUpOutcomeGQL,  # type: ignore[valid-type]
        occurred_on: date,
        notes: str | None = None,
    ) -> FollowUpType:
        f = await workflow.record_follow_up(
            info.context.svc,
            target_id=target_id,
            outcome=outcome,
            occurred_on=occurred_on,
            notes=notes,
        )
        return FollowUpType.from_domain(f)


@strawberry.type
class WorkflowSubscription:
    @strawberry.subscription(description="New leads and hits involving my agency, as they happen.")
    async def lead_and_hit_events(self, info: Info) -> AsyncGenerator[NotificationType, None]:
        svc = info.context.svc
        require(svc.caller, Operation.READ)
        if svc.broker is None:
            return
        async for event in svc.broker.subscribe(svc.caller.agency_ori):
            yield NotificationType(
                kind=event.kind,
                lead_id=event.lead_id,
                hit_id=event.hit_id,
                at=event.at.astimezone(UTC),
                agency_oris=list(event.agency_oris),
                cross_jurisdiction=event.cross_jurisdiction,
            )


QUERIES = [WorkflowQuery]
MUTATIONS = [WorkflowMutation]
SUBSCRIPTIONS = [WorkflowSubscription]
