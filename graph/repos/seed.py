"""Writers for synthetic graphs (tests, benchmarks). Rows are plain dicts; see the queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from graph.base import Repo
from graph.queries import seed as q

Row = dict[str, Any]


class SeedRepo(Repo):
    async def _batched(self, query: LiteralString, rows: Sequence[Row], batch: int) -> int:
        n = 0
        for start in range(0, len(rows), batch):
            out = await self._write(query, rows=list(rows[start : start + batch]))
            n += int(out[0]["n"]) if out else 0
        return n

    async def jurisdictions(self, rows: Sequence[Row], batch: int = 5000) -> int:
        return await self._batched(q.JURISDICTIONS, rows, batch)

    async def placements(self, rows: Sequence[Row], batch: int = 5000) -> int:
        return await self._batched(q.PLACEMENTS, rows, batch)

    async def firearms(self, rows: Sequence[Row], batch: int = 5000) -> int:
        return await self._batched(q.FIREARMS, rows, batch)

    async def traces(self, rows: Sequence[Row], batch: int = 5000) -> int:
        """Rows as the canonical trace loader takes them (``time_to_crime_days``, ...)."""
        n = 0
        for start in range(0, len(rows), batch):
            out = await self._write(q.TRACES, rows=list(rows[start : start + batch]))
            n += len(out[0]["keys"]) if out else 0
        return n

    async def involvements(self, rows: Sequence[Row], batch: int = 5000) -> int:
        return await self._batched(q.INVOLVEMENTS, rows, batch)

    async def leads(self, rows: Sequence[Row], batch: int = 2000) -> int:
        """``{id, status, agency_ori, created_by, created_at, calibre, cross_jurisdiction,
        evidence: [{id, added_at}], incident_ids, firearm_ids, pairs: [[earlier, later]]}``"""
        return await self._batched(q.LEADS, rows, batch)

    async def hits(self, rows: Sequence[Row], batch: int = 2000) -> int:
        """``{id, lead_id, examiner, confirmed_at, report_number, credited_ori, warm,
        incident_ids, pairs: [[earlier, later]]}``"""
        return await self._batched(q.HITS, rows, batch)

    async def follow_ups(self, rows: Sequence[Row], batch: int = 5000) -> int:
        return await self._batched(q.FOLLOW_UPS, rows, batch)

    async def linked_incident_ids(self) -> list[str]:
        """Every incident with at least one hit or lead link (benchmark sampling)."""
        return [r["id"] for r in await self._read(q.LINKED_INCIDENT_IDS)]
