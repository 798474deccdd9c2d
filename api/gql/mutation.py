"""Root mutation: parse input → domain record → service (audited there)."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

import strawberry
from pydantic import ValidationError

from api.gql.context import Info
from api.gql.types import EvidenceKindGQL, EvidenceType, IncidentType
from domain import models
from domain.errors import ValidationFailed
from services import records

M = TypeVar("M", bound=models.Record)


def validated(model: type[M], **data: object) -> M:
    """Build a domain record; pydantic's complaints become one clear BAD_USER_INPUT error."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in exc.errors()
        )
        raise ValidationFailed(f"invalid {model.__name__.lower()}: {problems}") from exc


@strawberry.input
class IncidentInput:
    id: strawberry.ID
    agency_ori: str
    occurred_at: datetime
    case_number: str | None = None
    offense: str = "shooting"
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    killed: int = 0
    injured: int = 0


@strawberry.input
class EvidenceInput:
    id: strawberry.ID
    kind: EvidenceKindGQL  # type: ignore[valid-type]
    calibre: str
    contributing_ori: str
    incident_id: str | None = None
    firearm_id: str | None = None
    case_number: str | None = None
    item_number: str | None = None
    collected_at: datetime | None = None
    submitted_at: datetime | None = None
    acquired_at: datetime | None = None


@strawberry.type
class CoreMutation:
    @strawberry.mutation(description="Record a shooting incident for the caller's agency.")
    async def create_incident(self, info: Info, input: IncidentInput) -> IncidentType:
        data = strawberry.asdict(input)
        data["id"] = str(data["id"])
        incident = validated(models.Incident, **data, source="api")
        created = await records.create_incident(info.context.svc, incident)
        return IncidentType.from_domain(created)

    @strawberry.mutation(description="Register an acquisition's metadata (technician).")
    async def register_evidence(self, info: Info, input: EvidenceInput) -> EvidenceType:
        data = strawberry.asdict(input)
        data["id"] = str(data["id"])
        evidence = validated(models.Evidence, **data)
        created = await records.register_evidence(info.context.svc, evidence)
        return EvidenceType.from_domain(created)
