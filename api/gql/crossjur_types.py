"""GraphQL types for cross-jurisdiction link summaries."""

from __future__ import annotations

from typing import Self

import strawberry

from api.gql.analysis_pages import keyset_page
from api.gql.pagination import Connection
from domain import analysis as da


@strawberry.type(name="IncidentPair")
class IncidentPairType:
    a: strawberry.ID
    b: strawberry.ID


@strawberry.type(
    name="LinkPair", description="Two areas or agencies joined by hits and (unconfirmed) leads."
)
class LinkPairType:
    a: str
    b: str
    a_name: str | None
    b_name: str | None
    hits: int = strawberry.field(description="Confirmed hits (warm hits not counted).")
    leads: int = strawberry.field(description="Unconfirmed lead links, investigative only.")
    total: int
    example_incidents: list[IncidentPairType]
    firearm_ids: list[str] = strawberry.field(description="Recovered guns behind the links.")
    series_ids: list[str] = strawberry.field(description="Lead series (one firearm each).")

    @classmethod
    def from_domain(cls, p: da.PairCount) -> Self:
        return cls(
            a=p.a,
            b=p.b,
            a_name=p.a_name,
            b_name=p.b_name,
            hits=p.hits,
            leads=p.leads,
            total=p.total,
            example_incidents=[
                IncidentPairType(a=strawberry.ID(x), b=strawberry.ID(y))
                for x, y in p.example_incidents
            ],
            firearm_ids=list(p.firearm_ids),
            series_ids=list(p.series_ids),
        )


def _pairs(
    items: tuple[da.PairCount, ...], first: int, after: str | None
) -> Connection[LinkPairType]:
    page, info = keyset_page(items, key=lambda p: (-p.total, p.a, p.b), first=first, after=after)
    return Connection(nodes=[LinkPairType.from_domain(p) for p in page], page_info=info)


@strawberry.type(name="CrossJurisdictionSummary")
class CrossJurisdictionSummaryType:
    level: str
    links_considered: int
    jurisdiction_pair_count: int
    agency_pair_count: int
    summary: strawberry.Private[da.CrossJurisdictionSummary]

    @strawberry.field(description="Pairs of areas at the level asked for, most links first.")
    def jurisdiction_pairs(
        self, first: int = 50, after: str | None = None
    ) -> Connection[LinkPairType]:
        return _pairs(self.summary.jurisdiction_pairs, first, after)

    @strawberry.field(description="Pairs of agencies, most links first.")
    def agency_pairs(self, first: int = 50, after: str | None = None) -> Connection[LinkPairType]:
        return _pairs(self.summary.agency_pairs, first, after)

    @classmethod
    def from_domain(cls, s: da.CrossJurisdictionSummary) -> Self:
        return cls(
            level=s.level,
            links_considered=s.links_considered,
            jurisdiction_pair_count=len(s.jurisdiction_pairs),
            agency_pair_count=len(s.agency_pairs),
            summary=s,
        )
