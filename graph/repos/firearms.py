"""Firearm linkage (trace, incidents, possessors) and trace rows for trafficking analysis."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from graph.analytics.trafficking import TraceRow
from graph.base import Repo
from graph.queries import firearms as q


class FirearmRepo(Repo):
    async def linkage(
        self,
        *,
        firearm_id: str | None,
        serial: str | None,
        oris: Sequence[str],
        purchaser_ori: str | None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Raw linkage rows per matching firearm (see the query for the keys)."""
        return await self._read(
            q.LINKAGE,
            id=firearm_id,
            serial=serial,
            oris=list(oris),
            purchaser_ori=purchaser_ori,
            limit=limit,
        )

    async def trace_rows(
        self,
        *,
        oris: Sequence[str],
        purchaser_ori: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> list[TraceRow]:
        rows = await self._read(
            q.TRACE_ROWS,
            oris=list(oris),
            purchaser_ori=purchaser_ori,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
        )
        return [
            TraceRow(
                trace=r["trace"],
                firearm=r["firearm"],
                requesting_ori=r["requesting_ori"],
                ffl=r["ffl"],
                dealer_name=r["dealer_name"],
                dealer_state=r["dealer_state"],
                purchaser=r["purchaser"],
                purchaser_name=r["purchaser_name"],
                ttc=None if r["ttc"] is None else int(r["ttc"]),
                recovery_state=r["recovery_state"],
                multiple_sale=bool(r["multiple_sale"]),
                possessor_differs=bool(r["possessor_differs"]),
                purchase_date=r["purchase_date"],
                purchaser_visible=purchaser_ori is not None
                and r["requesting_ori"] == purchaser_ori,
            )
            for r in rows
        ]
