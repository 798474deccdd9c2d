"""Evidence (acquisitions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.models import Evidence
from graph.base import Repo
from graph.queries import evidence as q


def _evidence(data: dict[str, Any]) -> Evidence:
    clean = {k: v for k, v in data.items() if k in Evidence.model_fields}
    clean["regions"] = tuple(clean.get("regions") or ())
    return Evidence.model_validate(clean)


class EvidenceRepo(Repo):
    async def upsert(self, items: Sequence[Evidence]) -> list[str]:
        rows = [e.model_dump(mode="json") for e in items]
        out = await self._write(q.UPSERT, rows=rows)
        return list(out[0]["keys"]) if out else []

    async def by_ids(self, ids: Sequence[str]) -> dict[str, Evidence]:
        rows = await self._read(q.BY_IDS, ids=list(ids))
        return {r["evidence"]["id"]: _evidence(r["evidence"]) for r in rows}

    async def by_scan_sha256(self, sha: str) -> str | None:
        rows = await self._read(q.BY_SCAN_SHA, sha=sha)
        return str(rows[0]["id"]) if rows else None

    async def with_scans(self, *, after: str, limit: int) -> list[tuple[str, str, str]]:
        """``(id, scan sha256, calibre)`` of acquisitions that have a stored scan, by id."""
        rows = await self._read(q.WITH_SCANS, after=after, limit=limit)
        return [(r["id"], r["sha"], r["calibre"]) for r in rows]
