"""GraphQL for correlation runs: re-correlate a stored acquisition (technicians)."""

from __future__ import annotations

import strawberry

from api.gql.context import Info
from api.gql.workflow import CandidateType
from services import acquisition


@strawberry.type(name="CorrelationRun")
class CorrelationRunType:
    run_id: str
    evidence_id: str
    candidates: list[CandidateType]


@strawberry.type
class MatchingMutation:
    @strawberry.mutation(
        description="Correlate a stored acquisition again with the current algorithm version; "
        "earlier runs are kept and stay distinguishable by run id and version."
    )
    async def recorrelate(
        self, info: Info, evidence_id: str, top_n: int | None = None
    ) -> CorrelationRunType:
        state = info.context.app
        result = await acquisition.recorrelate(
            info.context.svc,
            evidence_id=evidence_id,
            store=state.evidence_store,
            index=state.index,
            top_n=top_n or state.settings.candidates_top_n,
        )
        return CorrelationRunType(
            run_id=result.run_id,
            evidence_id=evidence_id,
            candidates=[CandidateType.from_domain(c) for c in result.candidates],
        )


MUTATIONS = [MatchingMutation]
