"""Correlation runs and their ranked candidates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.models import CorrelationCandidate
from graph.base import Repo
from graph.queries import correlation as q

REGIONS = ("breech_face", "firing_pin", "ejector")


class CorrelationRepo(Repo):
    async def store_run(
        self,
        *,
        query_id: str,
        run_id: str,
        algorithm: str,
        version: str,
        run_at: datetime,
        top_n: int,
        candidates: Sequence[CorrelationCandidate],
    ) -> int:
        """Store one run's candidates as CORRELATES_WITH edges (idempotent per run id)."""
        return await self.store_runs(
            [(query_id, run_id, run_at, candidates)],
            algorithm=algorithm,
            version=version,
            top_n=top_n,
        )

    async def store_runs(
        self,
        runs: Sequence[tuple[str, str, datetime, Sequence[CorrelationCandidate]]],
        *,
        algorithm: str,
        version: str,
        top_n: int,
    ) -> int:
        """Store many runs ``(query_id, run_id, run_at, candidates)`` in one round trip.

        A run with no candidates is still recorded (the acquisition was correlated)."""
        payload = [
            {
                "query_id": query_id,
                "run_id": run_id,
                "at": run_at.isoformat(),
                "candidates": [
                    {
                        "candidate_id": c.candidate_id,
                        "rank": c.rank,
                        "combined": c.combined,
                        **{r: c.scores.get(r) for r in REGIONS},
                    }
                    for c in cands
                ],
            }
            for query_id, run_id, run_at, cands in runs
        ]
        if not payload:
            return 0
        out = await self._write(
            q.STORE_RUNS, runs=payload, algorithm=algorithm, version=version, top_n=top_n
        )
        return int(out[0]["n"]) if out else 0

    async def runs(self, query_id: str) -> list[dict[str, object]]:
        return [r["run"] for r in await self._read(q.RUNS_FOR, query_id=query_id)]

    async def candidates(
        self,
        query_id: str,
        *,
        run_id: str | None = None,
        version: str | None = None,
        include_dismissed: bool = False,
    ) -> list[CorrelationCandidate]:
        rows = await self._read(
            q.CANDIDATES,
            query_id=query_id,
            run_id=run_id,
            version=version,
            include_dismissed=include_dismissed,
        )
        out = []
        for r in rows:
            k = r["candidate"]
            out.append(
                CorrelationCandidate(
                    query_id=query_id,
                    candidate_id=r["candidate_id"],
                    rank=k["rank"],
                    scores={reg: k[reg] for reg in REGIONS if k.get(reg) is not None},
                    combined=k["combined"],
                    algorithm=r["algorithm"],
                    version=r["version"],
                    run_id=k["run_id"],
                    run_at=r["run_at"],
                    review=k.get("review"),
                    dismissed_reason=k.get("dismissed_reason"),
                    candidate_ori=r["candidate_ori"],
                    candidate_incident_id=r["candidate_incident_id"],
                )
            )
        return out

    async def candidate_exists(self, query_id: str, candidate_id: str) -> bool:
        rows = await self._read(q.CANDIDATE_EXISTS, query_id=query_id, candidate_id=candidate_id)
        return bool(rows and rows[0]["n"])

    async def dismiss(
        self, *, query_id: str, candidate_id: str, reason: str, user_id: str, at: datetime
    ) -> int:
        rows = await self._write(
            q.DISMISS,
            query_id=query_id,
            candidate_id=candidate_id,
            reason=reason,
            user_id=user_id,
            at=at.isoformat(),
        )
        return int(rows[0]["n"]) if rows else 0
