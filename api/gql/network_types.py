"""GraphQL types for network analytics."""

from __future__ import annotations

from typing import Self

import strawberry

from domain import analysis as da


@strawberry.type(name="NetworkNode")
class NetworkNodeType:
    id: str
    kind: str
    community: int
    degree: int
    betweenness: float


@strawberry.type(name="Community")
class CommunityType:
    id: int
    size: int
    incidents: int
    firearms: int
    persons: int
    members: list[str] = strawberry.field(description="Most central first (at most 50).")


@strawberry.type(name="NetworkAnalysis")
class NetworkAnalysisType:
    nodes: int
    edges: int
    seed: int
    sampled: bool = strawberry.field(description="Betweenness estimated from seeded samples.")
    communities: list[CommunityType]
    central: list[NetworkNodeType] = strawberry.field(
        description="Firearms and people bridging the network, most central first."
    )

    @classmethod
    def from_domain(cls, n: da.NetworkAnalysis) -> Self:
        return cls(
            nodes=n.nodes,
            edges=n.edges,
            seed=n.seed,
            sampled=n.sampled,
            communities=[
                CommunityType(
                    id=c.id,
                    size=c.size,
                    incidents=c.incidents,
                    firearms=c.firearms,
                    persons=c.persons,
                    members=list(c.members),
                )
                for c in n.communities
            ],
            central=[
                NetworkNodeType(
                    id=x.id,
                    kind=x.kind,
                    community=x.community,
                    degree=x.degree,
                    betweenness=x.betweenness,
                )
                for x in n.central
            ],
        )
