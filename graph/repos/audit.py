"""The append-only audit trail. There is deliberately no update or delete method."""

from __future__ import annotations

from datetime import datetime

from domain.models import AuditEvent
from graph.base import Repo
from graph.queries import audit as q


class AuditRepo(Repo):
    async def append(self, event: AuditEvent) -> None:
        data = event.model_dump(mode="json")
        await self._write(q.APPEND, **data)

    async def page(
        self,
        *,
        agency_ori: str | None,
        action: str | None = None,
        before: tuple[datetime, str] | None = None,
        limit: int = 50,
    ) -> list[AuditEvent]:
        rows = await self._read(
            q.PAGE,
            agency_ori=agency_ori,
            action=action,
            before=before[0].isoformat() if before else None,
            before_id=before[1] if before else None,
            limit=limit,
        )
        return [AuditEvent.model_validate(r["event"]) for r in rows]
