"""GraphQL types for shooting cycles and incident links (wrapping domain.analysis)."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from api.gql.context import Info
from api.gql.types import AgencyType, IncidentType
from domain import analysis as da
from domain.enums import JurisdictionLevel
from services.cycles import CycleFilter

CycleModeGQL = strawberry.enum(da.CycleMode, name="CycleMode")
LinkKindGQL = strawberry.enum(
    da.LinkKind,
    name="LinkKind",
    description="HIT: confirmed by an examiner. LEAD: unconfirmed NIBIN lead, investigative "
    "only, never an identification. PERSON: the same person in both incidents.",
)
CycleSupportGQL = strawberry.enum(da.CycleSupport, name="CycleSupport")
JurisdictionLevelGQL = strawberry.enum(JurisdictionLevel, name="JurisdictionLevel")


@strawberry.type(name="JurisdictionRef")
class JurisdictionRefType:
    id: str
    name: str
    level: str

    @classmethod
    def from_domain(cls, j: da.JurisdictionRef) -> Self:
        return cls(id=j.id, name=j.name, level=j.level)


def _refs(refs: tuple[da.JurisdictionRef, ...]) -> list[JurisdictionRefType]:
    return [JurisdictionRefType.from_domain(j) for j in refs]


@strawberry.type(name="IncidentLink", description="Another incident linked to this one.")
class IncidentLinkType:
    incident_id: strawberry.ID
    occurred_at: datetime
    agency_ori: str
    kind: LinkKindGQL  # type: ignore[valid-type]
    confirmed: bool = strawberry.field(description="True only for examiner-confirmed hits.")
    ref: str = strawberry.field(description="The hit, lead or person behind the link.")
    series_id: str | None = strawberry.field(description="The lead series (one firearm).")
    linked_at: datetime | None
    warm: bool
    hours_apart: float = strawberry.field(description="Other incident minus this one, hours.")
    cross_agency: bool
    cross_jurisdiction: bool | None = strawberry.field(
        description="Different areas at the level asked for (null: an area is unknown)."
    )
    jurisdictions: list[JurisdictionRefType]

    @strawberry.field
    async def incident(self, info: Info) -> IncidentType | None:
        i = await info.context.loaders.incident.load(str(self.incident_id))
        return IncidentType.from_domain(i) if i else None

    @classmethod
    def from_domain(cls, v: da.IncidentLinkView) -> Self:
        return cls(
            incident_id=strawberry.ID(v.incident_id),
            occurred_at=v.occurred_at,
            agency_ori=v.agency_ori,
            kind=v.kind,
            confirmed=v.kind is da.LinkKind.HIT,
            ref=v.ref,
            series_id=v.series_id,
            linked_at=v.at,
            warm=v.warm,
            hours_apart=v.hours_apart,
            cross_agency=v.cross_agency,
            cross_jurisdiction=v.cross_jurisdiction,
            jurisdictions=_refs(v.jurisdictions),
        )


@strawberry.type(name="CycleMember")
class CycleMemberType:
    incident_id: strawberry.ID
    occurred_at: datetime
    agency_ori: str
    hours_since_previous: float | None
    jurisdictions: list[JurisdictionRefType]

    @strawberry.field
    async def incident(self, info: Info) -> IncidentType | None:
        i = await info.context.loaders.incident.load(str(self.incident_id))
        return IncidentType.from_domain(i) if i else None

    @classmethod
    def from_domain(cls, m: da.CycleMember) -> Self:
        return cls(
            incident_id=strawberry.ID(m.incident_id),
            occurred_at=m.occurred_at,
            agency_ori=m.agency_ori,
            hours_since_previous=m.hours_since_previous,
            jurisdictions=_refs(m.jurisdictions),
        )


@strawberry.type(name="CycleLink")
class CycleLinkType:
    source_id: strawberry.ID = strawberry.field(description="The earlier incident.")
    target_id: strawberry.ID
    kind: LinkKindGQL  # type: ignore[valid-type]
    confirmed: bool
    ref: str
    series_id: str | None
    linked_at: datetime | None
    warm: bool

    @classmethod
    def from_domain(cls, link: da.Link) -> Self:
        return cls(
            source_id=strawberry.ID(link.source),
            target_id=strawberry.ID(link.target),
            kind=link.kind,
            confirmed=link.confirmed,
            ref=link.ref,
            series_id=link.series_id,
            linked_at=link.at,
            warm=link.warm,
        )


@strawberry.type(name="CycleFirearm", description="A firearm behind a cycle, recovered or not.")
class CycleFirearmType:
    series_id: str | None
    firearm_id: str | None
    recovered: bool
    confirmed: bool
    incident_ids: list[str]

    @classmethod
    def from_domain(cls, f: da.CycleFirearm) -> Self:
        return cls(
            series_id=f.series_id,
            firearm_id=f.firearm_id,
            recovered=f.recovered,
            confirmed=f.confirmed,
            incident_ids=list(f.incident_ids),
        )


@strawberry.type(name="ShootingCycle")
class ShootingCycleType:
    id: strawberry.ID
    size: int
    members: list[CycleMemberType]
    links: list[CycleLinkType]
    firearms: list[CycleFirearmType]
    jurisdictions: list[JurisdictionRefType]
    agency_oris: list[str]
    first_event: datetime
    last_event: datetime
    span_days: float
    active: bool
    support: CycleSupportGQL  # type: ignore[valid-type]
    confirmed_only: bool = strawberry.field(description="Hits alone connect every incident.")
    hits: int
    leads: int
    truncated: bool

    @strawberry.field
    async def agencies(self, info: Info) -> list[AgencyType]:
        found = await info.context.loaders.agency.load_many(self.agency_oris)
        return [AgencyType.from_domain(a) for a in found if a is not None]

    @classmethod
    def from_domain(cls, c: da.Cycle) -> Self:
        return cls(
            id=strawberry.ID(c.id),
            size=c.size,
            members=[CycleMemberType.from_domain(m) for m in c.members],
            links=[CycleLinkType.from_domain(link) for link in c.links],
            firearms=[CycleFirearmType.from_domain(f) for f in c.firearms],
            jurisdictions=_refs(c.jurisdictions),
            agency_oris=list(c.agency_oris),
            first_event=c.first_event,
            last_event=c.last_event,
            span_days=c.span_days,
            active=c.active,
            support=c.support,
            confirmed_only=c.support is da.CycleSupport.CONFIRMED,
            hits=sum(1 for link in c.links if link.kind is da.LinkKind.HIT),
            leads=sum(1 for link in c.links if link.kind is da.LinkKind.LEAD),
            truncated=c.truncated,
        )


@strawberry.input
class CycleFilterInput:
    mode: CycleModeGQL = da.CycleMode.WITH_LEADS  # type: ignore[valid-type]
    include_people: bool = False
    agency_ori: str | None = None
    region: str | None = None
    jurisdiction_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    min_size: int = 2
    active_since: datetime | None = None
    as_of: datetime | None = None

    def to_domain(self) -> CycleFilter:
        return CycleFilter(
            mode=self.mode,
            include_people=self.include_people,
            agency_ori=self.agency_ori.upper() if self.agency_ori else None,
            region=self.region,
            jurisdiction_id=self.jurisdiction_id,
            since=self.since,
            until=self.until,
            min_size=self.min_size,
            active_since=self.active_since,
            as_of=self.as_of,
        )
