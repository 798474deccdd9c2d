"""In-memory stand-ins for the map repository and the audit log (no Neo4j needed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.models import AuditEvent, Incident
from graph.repos.maps import LinkRow, MapRow
from tests.viz.cases import small_cycle


class FakeMapRepo:
    """Holds the constructed cycle as graph rows; records the scope each call was given."""

    def __init__(self) -> None:
        incs, links = small_cycle()
        self.rows = [
            MapRow(
                incident=Incident(
                    id=i.id,
                    agency_ori="PAPEP0000" if n != 2 else "NY0303000",
                    occurred_at=i.occurred_at,
                    latitude=i.latitude,
                    longitude=i.longitude,
                    address=i.address,
                ),
                jurisdiction_ids=(),
                firearm_ids=("FA-9",) if n == 0 else (),
            )
            for n, i in enumerate(incs)
        ]
        self.links = [
            LinkRow(lk.source_id, lk.target_id, lk.kind, f"L{n // 2}", f"X{n}")
            for n, lk in enumerate(links)
        ]
        self.calls: list[tuple[str, Any]] = []

    def _scoped(self, oris: Sequence[str]) -> list[MapRow]:
        return [r for r in self.rows if r.incident.agency_ori in oris]

    async def cycle_incidents(
        self, incident_id: str, *, oris: Sequence[str], max_incidents: int
    ) -> list[MapRow]:
        self.calls.append(("cycle", sorted(oris)))
        rows = self._scoped(oris)
        return rows if any(r.incident.id == incident_id for r in rows) else []

    async def region_incidents(
        self,
        *,
        oris: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        jurisdiction_ids: Sequence[str] | None,
        limit: int,
    ) -> list[MapRow]:
        self.calls.append(("region", sorted(oris)))
        return self._scoped(oris)[:limit]

    async def links_among(self, incident_ids: Sequence[str]) -> list[LinkRow]:
        ids = set(incident_ids)
        return [lk for lk in self.links if lk.source_id in ids and lk.target_id in ids]


class FakeAuditRepo:
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    async def append(self, event: AuditEvent) -> None:
        self.events.append(event)
