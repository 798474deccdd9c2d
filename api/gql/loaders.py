"""DataLoaders, built per request (a module-level loader would cache across callers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from domain.models import Agency, Evidence, Incident
from services import records
from services.context import ServiceContext


@dataclass
class Loaders:
    agency: DataLoader[str, Agency | None]
    incident: DataLoader[str, Incident | None]
    evidence: DataLoader[str, Evidence | None]
    incident_evidence: DataLoader[str, list[str]]


def build_loaders(ctx: ServiceContext) -> Loaders:
    async def load_agencies(keys: Sequence[str]) -> list[Agency | None]:
        found = await records.agencies_by_oris(ctx, list(keys))
        return [found.get(k) for k in keys]

    async def load_incidents(keys: Sequence[str]) -> list[Incident | None]:
        found = await records.incidents_by_ids(ctx, list(keys))
        return [found.get(k) for k in keys]

    async def load_evidence(keys: Sequence[str]) -> list[Evidence | None]:
        found = await records.evidence_by_ids(ctx, list(keys))
        return [found.get(k) for k in keys]

    async def load_incident_evidence(keys: Sequence[str]) -> list[list[str]]:
        from graph.repos.incidents import IncidentRepo

        found = await ctx.repo(IncidentRepo).evidence_ids(list(keys))
        return [found.get(k, []) for k in keys]

    return Loaders(
        agency=DataLoader(load_fn=load_agencies),
        incident=DataLoader(load_fn=load_incidents),
        evidence=DataLoader(load_fn=load_evidence),
        incident_evidence=DataLoader(load_fn=load_incident_evidence),
    )
