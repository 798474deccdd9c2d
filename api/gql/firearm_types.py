"""GraphQL types for firearm linkage and trafficking indicators."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

import strawberry

from api.gql.analysis_pages import keyset_page
from api.gql.context import Info
from api.gql.pagination import Connection
from api.gql.types import IncidentType
from domain import analysis as da


@strawberry.type(name="PersonRef")
class PersonRefType:
    id: str
    name: str | None


@strawberry.type(name="TraceResult")
class TraceResultType:
    trace_number: str
    requesting_ori: str
    requested_at: datetime | None
    dealer_ffl: str | None
    dealer_name: str | None
    dealer_state: str | None
    purchase_date: date | None
    recovery_date: date | None
    time_to_crime_days: int | None
    multiple_sale: bool
    possessor_differs: bool | None
    purchaser: PersonRefType | None = strawberry.field(
        description="Only for the agency that requested the trace (analyst, investigator)."
    )
    purchaser_withheld: bool

    @classmethod
    def from_domain(cls, t: da.TraceView) -> Self:
        return cls(
            trace_number=t.trace_number,
            requesting_ori=t.requesting_ori,
            requested_at=t.requested_at,
            dealer_ffl=t.dealer_ffl,
            dealer_name=t.dealer_name,
            dealer_state=t.dealer_state,
            purchase_date=t.purchase_date,
            recovery_date=t.recovery_date,
            time_to_crime_days=t.ttc_days,
            multiple_sale=t.multiple_sale,
            possessor_differs=t.possessor_differs,
            purchaser=PersonRefType(id=t.purchaser.id, name=t.purchaser.name)
            if t.purchaser
            else None,
            purchaser_withheld=t.purchaser_withheld,
        )


@strawberry.type(name="FirearmTie", description="An incident tied to a firearm.")
class FirearmTieType:
    incident_id: strawberry.ID
    occurred_at: datetime
    agency_ori: str
    lead_id: str | None
    lead_status: str | None
    hit_id: str | None
    confirmed: bool = strawberry.field(description="A hit; otherwise an unconfirmed lead.")
    warm: bool
    recovery: bool = strawberry.field(description="The gun was recovered at this incident.")

    @strawberry.field
    async def incident(self, info: Info) -> IncidentType | None:
        i = await info.context.loaders.incident.load(str(self.incident_id))
        return IncidentType.from_domain(i) if i else None

    @classmethod
    def from_domain(cls, t: da.FirearmTie) -> Self:
        return cls(
            incident_id=strawberry.ID(t.incident_id),
            occurred_at=t.occurred_at,
            agency_ori=t.agency_ori,
            lead_id=t.lead_id,
            lead_status=t.lead_status,
            hit_id=t.hit_id,
            confirmed=t.confirmed,
            warm=t.warm,
            recovery=t.recovery,
        )


@strawberry.type(name="FirearmLinkage")
class FirearmLinkageType:
    firearm_id: strawberry.ID
    serial_number: str | None
    obliterated: bool
    manufacturer: str | None
    model: str | None
    calibre: str | None
    recovery_ori: str | None
    recovered_at: datetime | None
    traces: list[TraceResultType]
    ties: list[FirearmTieType]
    possessors: list[PersonRefType]
    indicators: list[str]

    @classmethod
    def from_domain(cls, f: da.FirearmLinkage) -> Self:
        return cls(
            firearm_id=strawberry.ID(f.firearm_id),
            serial_number=f.serial_number,
            obliterated=f.obliterated,
            manufacturer=f.manufacturer,
            model=f.model,
            calibre=f.calibre,
            recovery_ori=f.recovery_ori,
            recovered_at=f.recovered_at,
            traces=[TraceResultType.from_domain(t) for t in f.traces],
            ties=[FirearmTieType.from_domain(t) for t in f.ties],
            possessors=[PersonRefType(id=p.id, name=p.name) for p in f.possessors],
            indicators=list(f.indicators),
        )


@strawberry.type(name="SourceIndicator")
class SourceIndicatorType:
    key: str | None = strawberry.field(description="Dealer FFL or purchaser id (or withheld).")
    name: str | None
    state: str | None
    guns: int
    short_ttc: int
    median_ttc_days: float | None
    multiple_sale: int
    possessor_differs: int
    firearm_ids: list[str]
    withheld: bool

    @classmethod
    def from_domain(cls, s: da.SourceIndicator) -> Self:
        return cls(
            key=s.key,
            name=s.name,
            state=s.state,
            guns=s.guns,
            short_ttc=s.short_ttc,
            median_ttc_days=s.median_ttc_days,
            multiple_sale=s.multiple_sale,
            possessor_differs=s.possessor_differs,
            firearm_ids=list(s.firearm_ids),
            withheld=s.withheld,
        )


@strawberry.type(name="TtcCluster")
class TtcClusterType:
    dealer_ffl: str
    dealer_name: str | None
    first_purchase: date
    last_purchase: date
    firearm_ids: list[str]
    median_ttc_days: float


@strawberry.type(name="StateFlow")
class StateFlowType:
    from_state: str
    to_state: str
    guns: int
    short_ttc: int
    median_ttc_days: float | None


def _sources(
    items: tuple[da.SourceIndicator, ...], first: int, after: str | None
) -> Connection[SourceIndicatorType]:
    indexed = list(enumerate(items))  # already ranked; the rank is the key
    page, info = keyset_page(indexed, key=lambda t: (t[0],), first=first, after=after)
    return Connection(nodes=[SourceIndicatorType.from_domain(s) for _, s in page], page_info=info)


@strawberry.type(name="TraffickingIndicators")
class TraffickingIndicatorsType:
    traces_considered: int
    ttc_clusters: list[TtcClusterType]
    interstate_flows: list[StateFlowType]
    result: strawberry.Private[da.TraffickingIndicators]

    @strawberry.field(description="Dealers sourcing several crime guns, most first.")
    def dealers(self, first: int = 50, after: str | None = None) -> Connection[SourceIndicatorType]:
        return _sources(self.result.dealers, first, after)

    @strawberry.field(description="Purchasers of several crime guns (identity may be withheld).")
    def purchasers(
        self, first: int = 50, after: str | None = None
    ) -> Connection[SourceIndicatorType]:
        return _sources(self.result.purchasers, first, after)

    @classmethod
    def from_domain(cls, t: da.TraffickingIndicators) -> Self:
        return cls(
            traces_considered=t.traces_considered,
            ttc_clusters=[
                TtcClusterType(
                    dealer_ffl=c.dealer_ffl,
                    dealer_name=c.dealer_name,
                    first_purchase=c.first_purchase,
                    last_purchase=c.last_purchase,
                    firearm_ids=list(c.firearm_ids),
                    median_ttc_days=c.median_ttc_days,
                )
                for c in t.ttc_clusters
            ],
            interstate_flows=[
                StateFlowType(
                    from_state=f.from_state,
                    to_state=f.to_state,
                    guns=f.guns,
                    short_ttc=f.short_ttc,
                    median_ttc_days=f.median_ttc_days,
                )
                for f in t.interstate_flows
            ],
            result=t,
        )
