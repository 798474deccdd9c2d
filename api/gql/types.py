"""GraphQL object types wrapping domain records (``from_domain`` + ``strawberry.Private``)."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from api.gql.context import Info
from domain import models
from domain.enums import EvidenceKind, Role

RoleGQL = strawberry.enum(Role, name="Role")
EvidenceKindGQL = strawberry.enum(EvidenceKind, name="EvidenceKind")


@strawberry.type(name="Agency")
class AgencyType:
    ori: str
    name: str
    agency_type: str
    state: str
    county: str | None
    region: str | None
    latitude: float | None
    longitude: float | None

    @classmethod
    def from_domain(cls, a: models.Agency) -> Self:
        return cls(
            ori=a.ori,
            name=a.name,
            agency_type=a.agency_type,
            state=a.state,
            county=a.county,
            region=a.region,
            latitude=a.latitude,
            longitude=a.longitude,
        )


@strawberry.type(name="Incident")
class IncidentType:
    id: strawberry.ID
    agency_ori: str
    case_number: str | None
    offense: str
    occurred_at: datetime
    latitude: float | None
    longitude: float | None
    address: str | None
    killed: int
    injured: int

    @strawberry.field
    async def agency(self, info: Info) -> AgencyType | None:
        a = await info.context.loaders.agency.load(self.agency_ori)
        return AgencyType.from_domain(a) if a else None

    @strawberry.field
    async def evidence(self, info: Info) -> list[EvidenceType]:
        ids = await info.context.loaders.incident_evidence.load(str(self.id))
        items = await info.context.loaders.evidence.load_many(ids)
        return [EvidenceType.from_domain(e) for e in items if e is not None]

    @strawberry.field(
        description="Path of this incident's shooting-cycle map (HTML; add ?format=png for "
        "a picture for reports)"
    )
    def cycle_map_url(self) -> str:
        from services.maps import cycle_map_path

        return cycle_map_path(str(self.id))

    @classmethod
    def from_domain(cls, i: models.Incident) -> Self:
        return cls(
            id=strawberry.ID(i.id),
            agency_ori=i.agency_ori,
            case_number=i.case_number,
            offense=i.offense,
            occurred_at=i.occurred_at,
            latitude=i.latitude,
            longitude=i.longitude,
            address=i.address,
            killed=i.killed,
            injured=i.injured,
        )


@strawberry.type(name="Evidence")
class EvidenceType:
    id: strawberry.ID
    kind: EvidenceKindGQL  # type: ignore[valid-type]
    calibre: str
    contributing_ori: str
    case_number: str | None
    item_number: str | None
    incident_id: str | None
    firearm_id: str | None
    collected_at: datetime | None
    submitted_at: datetime | None
    acquired_at: datetime | None
    scan_sha256: str | None

    @strawberry.field
    async def incident(self, info: Info) -> IncidentType | None:
        if self.incident_id is None:
            return None
        i = await info.context.loaders.incident.load(self.incident_id)
        return IncidentType.from_domain(i) if i else None

    @strawberry.field
    async def contributing_agency(self, info: Info) -> AgencyType | None:
        a = await info.context.loaders.agency.load(self.contributing_ori)
        return AgencyType.from_domain(a) if a else None

    @classmethod
    def from_domain(cls, e: models.Evidence) -> Self:
        return cls(
            id=strawberry.ID(e.id),
            kind=e.kind,
            calibre=e.calibre,
            contributing_ori=e.contributing_ori,
            case_number=e.case_number,
            item_number=e.item_number,
            incident_id=e.incident_id,
            firearm_id=e.firearm_id,
            collected_at=e.collected_at,
            submitted_at=e.submitted_at,
            acquired_at=e.acquired_at,
            scan_sha256=e.scan_sha256,
        )


@strawberry.type(name="Me")
class MeType:
    user_id: str
    name: str
    role: RoleGQL  # type: ignore[valid-type]
    agency_ori: str
    visible_agencies: list[str]

    @classmethod
    def from_domain(cls, p: models.Principal) -> Self:
        return cls(
            user_id=p.user_id,
            name=p.name,
            role=p.role,
            agency_ori=p.agency_ori,
            visible_agencies=sorted(p.visible_oris | {p.agency_ori}),
        )


@strawberry.type(name="AuditEvent")
class AuditEventType:
    id: strawberry.ID
    at: datetime
    user_id: str | None
    role: str | None
    agency_ori: str | None
    action: str
    target: str | None
    outcome: str
    source: str | None
    component: str
    detail: str | None

    @classmethod
    def from_domain(cls, e: models.AuditEvent) -> Self:
        return cls(
            id=strawberry.ID(e.id),
            at=e.at,
            user_id=e.user_id,
            role=e.role,
            agency_ori=e.agency_ori,
            action=e.action,
            target=e.target,
            outcome=e.outcome.value,
            source=e.source,
            component=e.component,
            detail=e.detail,
        )
