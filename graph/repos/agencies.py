"""Agencies."""

from __future__ import annotations

from collections.abc import Sequence

from domain.models import Agency
from graph.base import Repo
from graph.queries import agencies as q


class AgencyRepo(Repo):
    async def upsert(self, agencies: Sequence[Agency]) -> int:
        rows = [a.model_dump(mode="json") for a in agencies]
        out = await self._write(q.UPSERT, rows=rows)
        return int(out[0]["n"]) if out else 0

    async def by_oris(self, oris: Sequence[str]) -> dict[str, Agency]:
        rows = await self._read(q.BY_ORIS, oris=list(oris))
        result: dict[str, Agency] = {}
        for r in rows:
            data = {k: v for k, v in r["agency"].items() if k in Agency.model_fields}
            agency = Agency.model_validate(data)
            result[agency.ori] = agency
        return result

    async def page(
        self, *, visible: Sequence[str], state: str | None, after: str | None, limit: int
    ) -> list[Agency]:
        rows = await self._read(
            q.PAGE, visible=list(visible), state=state, after=after or "", limit=limit
        )
        return [
            Agency.model_validate(
                {k: v for k, v in r["agency"].items() if k in Agency.model_fields}
            )
            for r in rows
        ]

    async def region_peers(self, ori: str) -> list[str]:
        rows = await self._read(q.REGION_PEERS, ori=ori)
        return [p for p in rows[0]["peers"] if p] if rows else []
