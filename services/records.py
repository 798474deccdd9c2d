"""Agencies, incidents and evidence: scoped reads and audited writes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.errors import NotFound, ValidationFailed
from domain.models import Agency, Evidence, Incident
from domain.permissions import Operation, require, require_agency
from graph.repos.agencies import AgencyRepo
from graph.repos.evidence import EvidenceRepo
from graph.repos.incidents import IncidentRepo
from services.audit import audited
from services.context import ServiceContext

MAX_PAGE = 500


def page_size(first: int) -> int:
    if first < 1 or first > MAX_PAGE:
        raise ValidationFailed(f"first must be between 1 and {MAX_PAGE}")
    return first


def visible(ctx: ServiceContext) -> list[str]:
    p = ctx.caller
    return sorted(p.visible_oris | {p.agency_ori})


async def agencies_by_oris(ctx: ServiceContext, oris: Sequence[str]) -> dict[str, Agency]:
    require(ctx.caller, Operation.READ)
    found = await ctx.repo(AgencyRepo).by_oris(oris)
    return found  # agency reference data (name, type, state) is not restricted


async def list_agencies(
    ctx: ServiceContext, *, state: str | None, after: str | None, first: int
) -> list[Agency]:
    require(ctx.caller, Operation.READ)
    return await ctx.repo(AgencyRepo).page(
        visible=visible(ctx), state=state, after=after, limit=page_size(first) + 1
    )


async def incidents_by_ids(ctx: ServiceContext, ids: Sequence[str]) -> dict[str, Incident]:
    """Incidents the caller may see, by id; others are left out (as if absent)."""
    require(ctx.caller, Operation.READ)
    found = await ctx.repo(IncidentRepo).by_ids(ids)
    return {k: v for k, v in found.items() if ctx.caller.can_see(v.agency_ori)}


async def list_incidents(
    ctx: ServiceContext,
    *,
    agency_ori: str | None,
    since: datetime | None,
    until: datetime | None,
    after: tuple[datetime, str] | None,
    first: int,
) -> list[Incident]:
    require(ctx.caller, Operation.READ)
    oris = visible(ctx)
    if agency_ori is not None:
        require_agency(ctx.caller, agency_ori, what="agency's data")
        oris = [agency_ori]
    return await ctx.repo(IncidentRepo).page(
        oris=oris, since=since, until=until, after=after, limit=page_size(first) + 1
    )


async def create_incident(ctx: ServiceContext, incident: Incident) -> Incident:
    async with audited(ctx, "incident.create", target=f"incident:{incident.id}"):
        require(ctx.caller, Operation.CREATE_INCIDENT)
        if incident.agency_ori != ctx.caller.agency_ori:
            raise ValidationFailed(
                f"you may record incidents for your own agency ({ctx.caller.agency_ori}) only"
            )
        existing = await ctx.repo(IncidentRepo).by_ids([incident.id])
        if incident.id in existing:
            from domain.errors import Conflict

            raise Conflict(f"incident {incident.id} already exists")
        ids = await ctx.repo(IncidentRepo).upsert([incident])
        if not ids:
            raise NotFound(f"unknown agency ORI {incident.agency_ori}")
    return incident


async def evidence_by_ids(ctx: ServiceContext, ids: Sequence[str]) -> dict[str, Evidence]:
    require(ctx.caller, Operation.READ)
    found = await ctx.repo(EvidenceRepo).by_ids(ids)
    return {k: v for k, v in found.items() if ctx.caller.can_see(v.contributing_ori)}


async def register_evidence(ctx: ServiceContext, evidence: Evidence) -> Evidence:
    """Record an acquisition's metadata (scan uploads go through the acquisition service)."""
    async with audited(ctx, "evidence.register", target=f"evidence:{evidence.id}"):
        require(ctx.caller, Operation.ACQUIRE)
        if evidence.contributing_ori != ctx.caller.agency_ori:
            raise ValidationFailed(
                f"you may register evidence for your own agency ({ctx.caller.agency_ori}) only"
            )
        if evidence.incident_id is not None:
            incidents = await incidents_by_ids(ctx, [evidence.incident_id])
            if evidence.incident_id not in incidents:
                raise NotFound(f"unknown incident {evidence.incident_id}")
        ids = await ctx.repo(EvidenceRepo).upsert([evidence])
        if not ids:
            raise NotFound(
                f"unknown agency {evidence.contributing_ori}, incident or firearm for {evidence.id}"
            )
    return evidence
