"""Incidents and links for maps (see graph/queries/maps.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.models import Incident
from graph.base import Repo, iso
from graph.queries import maps as q


@dataclass(frozen=True, slots=True)
class MapRow:
    incident: Incident
    jurisdiction_ids: tuple[str, ...]
    firearm_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LinkRow:
    source_id: str
    target_id: str
    kind: str  # "hit" | "lead"
    lead_id: str | None
    id: str | None


def _map_row(data: dict[str, Any]) -> MapRow:
    raw = data["incident"]
    incident = Incident.model_validate({k: v for k, v in raw.items() if k in Incident.model_fields})
    return MapRow(
        incident=incident,
        jurisdiction_ids=tuple(sorted(data["jurisdictions"] or ())),
        firearm_ids=tuple(sorted(data["firearms"] or ())),
    )


class MapRepo(Repo):
    async def cycle_incidents(
        self, incident_id: str, *, oris: Sequence[str], max_incidents: int
    ) -> list[MapRow]:
        rows = await self._read(
            q.CYCLE_INCIDENTS, incident_id=incident_id, oris=list(oris), max_incidents=max_incidents
        )
        return [_map_row(r) for r in rows]

    async def region_incidents(
        self,
        *,
        oris: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        jurisdiction_ids: Sequence[str] | None,
        limit: int,
    ) -> list[MapRow]:
        rows = await self._read(
            q.REGION_INCIDENTS,
            oris=list(oris),
            since=iso(since),
            until=iso(until),
            jurisdiction_ids=list(jurisdiction_ids) if jurisdiction_ids is not None else None,
            limit=limit,
        )
        return [_map_row(r) for r in rows]

    async def links_among(self, incident_ids: Sequence[str]) -> list[LinkRow]:
        rows = await self._read(q.LINKS_AMONG, ids=list(incident_ids))
        return [
            LinkRow(r["source_id"], r["target_id"], r["kind"], r.get("lead_id"), r.get("id"))
            for r in rows
        ]
