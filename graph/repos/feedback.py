"""Feedback-loop figures per agency and period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.analysis import FeedbackSummary, StageStats
from graph.base import Repo
from graph.queries import feedback as q

EVIDENCE_STAGES = (
    ("collection_to_submission", "c2s"),
    ("collection_to_acquisition", "c2a"),
    ("acquisition_to_lead", "a2l"),
    ("collection_to_lead", "c2l"),
)


def _stage(name: str, prefix: str, r: dict[str, Any] | None) -> StageStats:
    if r is None:
        return StageStats(name, 0, None, None)
    n = int(r[f"{prefix}_n"])
    return StageStats(
        stage=name,
        count=n,
        median_hours=r[f"{prefix}_med"] if n else None,
        p90_hours=r[f"{prefix}_p90"] if n else None,
    )


class FeedbackRepo(Repo):
    async def summaries(
        self,
        *,
        oris: Sequence[str],
        names: dict[str, str],
        since: datetime,
        until: datetime,
    ) -> list[FeedbackSummary]:
        window = {"oris": list(oris), "since": since.isoformat(), "until": until.isoformat()}
        ev = {r["ori"]: r for r in await self._read(q.EVIDENCE_STAGES, **window)}
        leads = {r["ori"]: r for r in await self._read(q.LEAD_COHORT, **window)}
        out = []
        for ori in oris:
            e, lc = ev.get(ori), leads.get(ori)
            outcomes = Counter(o for group in (lc or {}).get("outcomes", []) for o in group)
            stages = [_stage(name, p, e) for name, p in EVIDENCE_STAGES]
            stages.insert(3, _stage("lead_to_hit", "l2h", lc))
            out.append(
                FeedbackSummary(
                    agency_ori=ori,
                    agency_name=names.get(ori),
                    since=since,
                    until=until,
                    scene_items=int(e["scene_items"]) if e else 0,
                    test_fires=int(e["test_fires"]) if e else 0,
                    stages=tuple(stages),
                    leads=int(lc["leads"]) if lc else 0,
                    hits=int(lc["hits"]) if lc else 0,
                    warm_hits=int(lc["warm_hits"]) if lc else 0,
                    cross_jurisdiction_leads=int(lc["cross_leads"]) if lc else 0,
                    follow_up_outcomes=dict(sorted(outcomes.items())),
                    leads_without_follow_up=int(lc["no_follow_up"]) if lc else 0,
                )
            )
        return out
