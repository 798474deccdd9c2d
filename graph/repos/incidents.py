"""Incidents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.models import Incident
from graph.base import Repo
from graph.queries import incidents as q


def _incident(data: dict[str, Any]) -> Incident:
    return Incident.model_validate({k: v for k, v in data.items() if k in Incident.model_fields})


class IncidentRepo(Repo):
    async def upsert(self, incidents: Sequence[Incident]) -> list[str]:
        rows = [i.model_dump(mode="json") for i in incidents]
        out = await self._write(q.UPSERT, rows=rows)
        return [r["id"] for r in out]

    async def by_ids(self, ids: Sequence[str]) -> dict[str, Incident]:
        rows = await self._read(q.BY_IDS, ids=list(ids))
        return {r["incident"]["id"]: _incident(r["incident"]) for r in rows}

    async def page(
        self,
        *,
        oris: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Incident]:
        rows = await self._read(
            q.PAGE,
            oris=list(oris),
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            after_time=after[0].isoformat() if after else None,
            after_id=after[1] if after else None,
            limit=limit,
        )
        return [_incident(r["incident"]) for r in rows]

    async def evidence_ids(self, incident_ids: Sequence[str]) -> dict[str, list[str]]:
        rows = await self._read(q.EVIDENCE_IDS_BY_INCIDENTS, ids=list(incident_ids))
        return {r["id"]: sorted(r["evidence_ids"]) for r in rows}
