"""Correlation review → leads → examiner confirmation → hits → investigator follow-up.

Rules (domain.md): a lead is a growing series, unconfirmed and investigative only; only
examiners confirm; a lead is confirmed at most once (of two concurrent confirmations one
wins, the other gets a CONFLICT); elimination keeps the record and closes the lead; hits
link cases and are counted per case pair; warm hits are flagged and not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from enum import StrEnum

from domain.enums import AfteConclusion, FollowUpOutcome, LeadStatus
from domain.errors import Conflict, NotFound, ValidationFailed
from domain.models import CorrelationCandidate, FollowUp, Hit, Lead
from domain.permissions import Operation, require
from graph.repos.correlation import CorrelationRepo
from graph.repos.workflow import EvidenceContext, FeedEvent, WorkflowRepo
from services.audit import audited, new_id
from services.context import ServiceContext
from services.notify import Notification

LEAD_DISCLAIMER = (
    "NIBIN lead: investigative information only, not an identification. "
    "Only a firearms examiner's confirmation (a NIBIN hit) associates the cases."
)


class CandidateSort(StrEnum):
    COMBINED = "combined"
    BREECH_FACE = "breech_face"
    FIRING_PIN = "firing_pin"
    EJECTOR = "ejector"


def _now() -> datetime:
    return datetime.now(UTC)


async def _visible_evidence(ctx: ServiceContext, ids: Sequence[str]) -> dict[str, EvidenceContext]:
    found = await ctx.repo(WorkflowRepo).evidence_context(ids)
    for eid in ids:
        item = found.get(eid)
        if item is None or not ctx.caller.can_see(item.ori):
            raise NotFound(f"unknown evidence {eid}")
    return found


async def candidates(
    ctx: ServiceContext,
    *,
    evidence_id: str,
    sort: CandidateSort = CandidateSort.COMBINED,
    run_id: str | None = None,
    version: str | None = None,
    include_dismissed: bool = False,
) -> list[CorrelationCandidate]:
    """The ranked candidate list of one acquisition, as IBIS shows it, sortable per region.

    Candidates from agencies outside the caller's scope are left out.
    """
    require(ctx.caller, Operation.READ)
    await _visible_evidence(ctx, [evidence_id])
    found = await ctx.repo(CorrelationRepo).candidates(
        evidence_id, run_id=run_id, version=version, include_dismissed=include_dismissed
    )
    if run_id is None and version is None and found:
        latest = found[0].run_id  # newest run first
        found = [c for c in found if c.run_id == latest]
    found = [c for c in found if ctx.caller.can_see(c.candidate_ori)]
    if sort is CandidateSort.COMBINED:
        return sorted(found, key=lambda c: c.rank)
    region = sort.value
    return sorted(found, key=lambda c: (-(c.scores.get(region) or float("-inf")), c.rank))


def _check_same_class(items: Sequence[EvidenceContext], calibre: str | None = None) -> str:
    calibres = {i.calibre for i in items} | ({calibre} if calibre else set())
    if len(calibres) != 1:
        raise ValidationFailed(
            f"evidence of different calibres cannot share a lead: {sorted(calibres)}"
        )
    return calibres.pop()


async def open_lead(ctx: ServiceContext, *, evidence_id: str, candidate_id: str) -> Lead:
    """Open a lead from a reviewed correlation candidate (technician)."""
    async with audited(ctx, "lead.open", target=f"evidence:{evidence_id}") as note:
        require(ctx.caller, Operation.REVIEW_CANDIDATES)
        if evidence_id == candidate_id:
            raise ValidationFailed("a lead needs two different items")
        items = await _visible_evidence(ctx, [evidence_id, candidate_id])
        repo = ctx.repo(CorrelationRepo)
        if not (
            await repo.candidate_exists(evidence_id, candidate_id)
            or await repo.candidate_exists(candidate_id, evidence_id)
        ):
            raise NotFound(f"{candidate_id} is not a correlation candidate of {evidence_id}")
        calibre = _check_same_class(list(items.values()))
        for item in items.values():
            if item.leads:
                raise Conflict(
                    f"evidence {item.id} is already in lead {item.leads[0]}: "
                    "add the other item to that lead instead"
                )
        lead_id = new_id("lead")
        note.target = f"lead:{lead_id}"
        now = _now()
        wf = ctx.repo(WorkflowRepo)
        await wf.create_lead(
            lead_id=lead_id,
            agency_ori=ctx.caller.agency_ori,
            user_id=ctx.caller.user_id,
            at=now,
            calibre=calibre,
        )
        await wf.add_evidence(
            lead_id=lead_id,
            evidence_ids=[evidence_id, candidate_id],
            user_id=ctx.caller.user_id,
            at=now,
            run_id=None,
        )
        note.detail = f"evidence={evidence_id},{candidate_id}"
    lead = await get_lead(ctx, lead_id)
    await _publish(ctx, "lead_opened", lead, at=now)
    return lead


async def add_to_lead(ctx: ServiceContext, *, lead_id: str, evidence_id: str) -> Lead:
    """Add a further event to an existing (open) lead: leads are series that grow."""
    async with audited(ctx, "lead.add_evidence", target=f"lead:{lead_id}") as note:
        require(ctx.caller, Operation.REVIEW_CANDIDATES)
        lead = await get_lead(ctx, lead_id)
        if lead.status is LeadStatus.CONFIRMED:
            raise Conflict(f"lead {lead_id} is confirmed; open a new lead for the new event")
        if lead.status is LeadStatus.EXCLUDED:
            raise Conflict(f"lead {lead_id} was excluded by an examiner and is closed")
        if evidence_id in lead.evidence_ids:
            raise Conflict(f"evidence {evidence_id} is already in lead {lead_id}")
        items = await _visible_evidence(ctx, [evidence_id])
        item = items[evidence_id]
        if item.leads:
            raise Conflict(f"evidence {evidence_id} is already in lead {item.leads[0]}")
        _check_same_class([item], lead.calibre)
        now = _now()
        added = await ctx.repo(WorkflowRepo).add_evidence(
            lead_id=lead_id,
            evidence_ids=[evidence_id],
            user_id=ctx.caller.user_id,
            at=now,
            run_id=None,
        )
        if not added:
            raise Conflict(f"lead {lead_id} changed meanwhile and is no longer open")
        note.detail = f"evidence={evidence_id}"
    lead = await get_lead(ctx, lead_id)
    await _publish(ctx, "lead_extended", lead, at=now)
    return lead


async def dismiss_candidate(
    ctx: ServiceContext, *, evidence_id: str, candidate_id: str, reason: str
) -> int:
    """Mark a candidate reviewed and dismissed, with the technician's reason."""
    async with audited(ctx, "candidate.dismiss", target=f"evidence:{evidence_id}") as note:
        require(ctx.caller, Operation.REVIEW_CANDIDATES)
        if not reason.strip():
            raise ValidationFailed("a dismissal needs a reason")
        await _visible_evidence(ctx, [evidence_id])
        n = await ctx.repo(CorrelationRepo).dismiss(
            query_id=evidence_id,
            candidate_id=candidate_id,
            reason=reason.strip()[:500],
            user_id=ctx.caller.user_id,
            at=_now(),
        )
        if n == 0:
            raise NotFound(
                f"{candidate_id} is not an undismissed correlation candidate of {evidence_id}"
            )
        note.detail = f"candidate={candidate_id} reason={reason.strip()[:200]}"
    return n


async def get_lead(ctx: ServiceContext, lead_id: str) -> Lead:
    require(ctx.caller, Operation.READ)
    found = (await ctx.repo(WorkflowRepo).leads_by_ids([lead_id])).get(lead_id)
    if found is None or not any(ctx.caller.can_see(o) for o in found.agency_oris):
        raise NotFound(f"unknown lead {lead_id}")
    return found


async def leads_by_ids(ctx: ServiceContext, ids: Sequence[str]) -> dict[str, Lead]:
    require(ctx.caller, Operation.READ)
    found = await ctx.repo(WorkflowRepo).leads_by_ids(ids)
    return {k: v for k, v in found.items() if any(ctx.caller.can_see(o) for o in v.agency_oris)}


async def list_leads(
    ctx: ServiceContext,
    *,
    status: LeadStatus | None,
    after: tuple[datetime, str] | None,
    first: int,
) -> list[Lead]:
    from services.records import page_size, visible

    require(ctx.caller, Operation.READ)
    ids = await ctx.repo(WorkflowRepo).lead_page(
        oris=visible(ctx), status=status, after=after, limit=page_size(first) + 1
    )
    found = await ctx.repo(WorkflowRepo).leads_by_ids(ids)
    return [found[i] for i in ids if i in found]


async def examine(
    ctx: ServiceContext,
    *,
    lead_id: str,
    conclusion: AfteConclusion,
    report_number: str,
    examined_on: date,
    notes: str | None = None,
    warm: bool = False,
    credited_ori: str | None = None,
) -> tuple[Lead, Hit | None]:
    """Record an examiner's comparison; identification creates the hit (examiner only)."""
    async with audited(ctx, "lead.examine", target=f"lead:{lead_id}") as note:
        require(ctx.caller, Operation.CONFIRM)
        if not report_number.strip():
            raise ValidationFailed("an examination needs a report number")
        if examined_on > _now().date():
            raise ValidationFailed(f"examined_on {examined_on} is in the future")
        lead = await get_lead(ctx, lead_id)
        if lead.status is not LeadStatus.LEAD:
            raise Conflict(f"lead {lead_id} is {lead.status.value}: no further examination")
        credit = (credited_ori or ctx.caller.agency_ori).upper()
        if conclusion is AfteConclusion.IDENTIFICATION and credit not in lead.agency_oris:
            raise ValidationFailed(f"credited agency {credit} is not involved in lead {lead_id}")
        if conclusion is AfteConclusion.IDENTIFICATION and len(lead.incident_ids) < 2:
            raise ValidationFailed(f"lead {lead_id} links fewer than two cases: nothing to confirm")
        now = _now()
        exam_id = new_id("exam")
        status = await ctx.repo(WorkflowRepo).examine(
            lead_id=lead_id,
            exam_id=exam_id,
            examiner=ctx.caller.name,
            user_id=ctx.caller.user_id,
            examiner_ori=ctx.caller.agency_ori,
            conclusion=conclusion.value,
            report_number=report_number.strip(),
            notes=notes,
            examined_on=examined_on,
            at=now,
        )
        if status is None:
            raise Conflict(f"lead {lead_id} was examined by someone else meanwhile")
        hit: Hit | None = None
        if conclusion is AfteConclusion.IDENTIFICATION:
            hit = Hit(
                id=f"hit-{lead_id.removeprefix('lead-')}",
                lead_id=lead_id,
                examiner=ctx.caller.name,
                confirmed_at=now,
                report_number=report_number.strip(),
                credited_ori=credit,
                warm=warm,
            )
            pairs, new_pairs = await ctx.repo(WorkflowRepo).create_hit(hit, exam_id=exam_id)
            note.detail = (
                f"conclusion={conclusion.value} hit={hit.id} pairs={pairs} new={new_pairs}"
            )
        else:
            note.detail = f"conclusion={conclusion.value}"
    lead = await get_lead(ctx, lead_id)
    if hit is not None:
        await _publish(ctx, "hit_confirmed", lead, at=now, hit_id=hit.id)
        hit = (await hits_by_ids(ctx, [hit.id])).get(hit.id, hit)
    return lead, hit


async def hits_by_ids(ctx: ServiceContext, ids: Sequence[str]) -> dict[str, Hit]:
    require(ctx.caller, Operation.READ)
    found = await ctx.repo(WorkflowRepo).hits_by_ids(ids)
    return {k: h for k, (h, oris) in found.items() if any(ctx.caller.can_see(o) for o in oris)}


async def record_follow_up(
    ctx: ServiceContext,
    *,
    target_id: str,
    outcome: FollowUpOutcome,
    occurred_on: date,
    notes: str | None = None,
) -> FollowUp:
    """An investigator's follow-up on a lead or a hit."""
    async with audited(ctx, "followup.create", target=target_id) as note:
        require(ctx.caller, Operation.FOLLOW_UP)
        if occurred_on > _now().date():
            raise ValidationFailed(f"occurred_on {occurred_on} is in the future")
        scope = await ctx.repo(WorkflowRepo).target_scope(target_id)
        if scope is None or not any(ctx.caller.can_see(o) for o in scope[1]):
            raise NotFound(f"unknown lead or hit {target_id}")
        follow = FollowUp(
            id=new_id("fu"),
            target_id=target_id,
            investigator=ctx.caller.name,
            investigator_ori=ctx.caller.agency_ori,
            outcome=outcome,
            occurred_on=occurred_on,
            notes=notes,
            recorded_at=_now(),
        )
        await ctx.repo(WorkflowRepo).create_follow_up(follow, user_id=ctx.caller.user_id)
        note.target = f"{scope[0]}:{target_id}"
        note.detail = f"outcome={outcome.value} followup={follow.id}"
    return follow


async def follow_ups(ctx: ServiceContext, target_ids: Sequence[str]) -> dict[str, list[FollowUp]]:
    require(ctx.caller, Operation.READ)
    return await ctx.repo(WorkflowRepo).follow_ups(target_ids)


STAGES = (
    ("collected", "submitted"),
    ("submitted", "acquired"),
    ("acquired", "correlated"),
    ("correlated", "lead"),
    ("lead", "hit"),
    ("hit", "follow_up"),
)


async def turnaround(ctx: ServiceContext, evidence_id: str) -> dict[str, datetime | None]:
    """Every workflow timestamp of one item: collected → … → follow-up."""
    require(ctx.caller, Operation.READ)
    await _visible_evidence(ctx, [evidence_id])
    row = await ctx.repo(WorkflowRepo).turnaround(evidence_id)
    if row is None:
        raise NotFound(f"unknown evidence {evidence_id}")
    follow = [d for d in (row.get("lead_follow_up"), row.get("hit_follow_up")) if d is not None]
    first_follow = min(follow) if follow else None
    out: dict[str, datetime | None] = {
        k: row.get(k) for k in ("collected", "submitted", "acquired", "correlated", "lead", "hit")
    }
    out["follow_up"] = (
        datetime(first_follow.year, first_follow.month, first_follow.day, tzinfo=UTC)
        if first_follow
        else None
    )
    return out


def stage_hours(times: dict[str, datetime | None]) -> list[tuple[str, str, float | None]]:
    """Duration of each stage in hours (None where a timestamp is missing)."""
    out = []
    for a, b in STAGES:
        ta, tb = times.get(a), times.get(b)
        hours = (tb - ta).total_seconds() / 3600 if ta and tb else None
        out.append((a, b, hours))
    return out


async def feed(ctx: ServiceContext, *, since: datetime, first: int = 50) -> list[FeedEvent]:
    """New leads, lead additions and hits that involve the caller's agency, newest first."""
    from services.records import page_size

    require(ctx.caller, Operation.READ)
    return await ctx.repo(WorkflowRepo).feed(
        ori=ctx.caller.agency_ori, since=since, limit=page_size(first)
    )


async def _publish(
    ctx: ServiceContext, kind: str, lead: Lead, *, at: datetime, hit_id: str | None = None
) -> None:
    if ctx.broker is None:
        return
    await ctx.broker.publish(
        Notification(
            kind=kind,
            lead_id=lead.id,
            hit_id=hit_id,
            at=at,
            agency_oris=lead.agency_oris,
            cross_jurisdiction=lead.cross_jurisdiction,
        )
    )
