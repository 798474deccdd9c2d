"""Analysis root fields: shooting cycles, links, cross-jurisdiction, firearms, summaries.

Resolvers parse arguments, call a service, wrap the result.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.gql.analysis_types import (
    CycleFilterInput,
    CycleModeGQL,
    IncidentLinkType,
    JurisdictionLevelGQL,
    ShootingCycleType,
)
from api.gql.context import Info
from api.gql.crossjur_types import CrossJurisdictionSummaryType
from api.gql.pagination import Connection, PageInfo, decode_cursor, encode_cursor
from domain.analysis import CycleMode
from domain.enums import JurisdictionLevel
from services import crossjur, cycles


@strawberry.type
class AnalysisQuery:
    @strawberry.field(
        description="Incidents directly linked to one incident (hits, leads, shared people)."
    )
    async def linked_incidents(
        self,
        info: Info,
        incident_id: strawberry.ID,
        mode: CycleModeGQL = CycleMode.WITH_LEADS,  # type: ignore[valid-type]
        include_people: bool = False,
        level: JurisdictionLevelGQL = JurisdictionLevel.PLACE,  # type: ignore[valid-type]
        leaving_only: Annotated[
            bool, strawberry.argument(description="Only links leaving the incident's area/agency.")
        ] = False,
    ) -> list[IncidentLinkType]:
        views = await cycles.linked_incidents(
            info.context.svc,
            incident_id=str(incident_id),
            mode=mode,
            include_people=include_people,
            level=level,
            leaving_only=leaving_only,
        )
        return [IncidentLinkType.from_domain(v) for v in views]

    @strawberry.field(description="The shooting cycle an incident belongs to.")
    async def incident_cycle(
        self,
        info: Info,
        incident_id: strawberry.ID,
        mode: CycleModeGQL = CycleMode.WITH_LEADS,  # type: ignore[valid-type]
        include_people: bool = False,
        as_of: datetime | None = None,
    ) -> ShootingCycleType | None:
        c = await cycles.incident_cycle(
            info.context.svc,
            incident_id=str(incident_id),
            mode=mode,
            include_people=include_people,
            as_of=as_of,
        )
        return ShootingCycleType.from_domain(c) if c else None

    @strawberry.field(description="Shooting cycles, most recent last event first.")
    async def shooting_cycles(
        self,
        info: Info,
        filter: CycleFilterInput | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[ShootingCycleType]:
        key = decode_cursor(after)
        f = (filter or CycleFilterInput()).to_domain()
        rows, more = await cycles.list_cycles(
            info.context.svc,
            filter=f,
            after=(datetime.fromisoformat(key[0]), str(key[1])) if key else None,
            first=first,
        )
        end = encode_cursor(rows[-1].last_event.isoformat(), rows[-1].id) if rows else None
        return Connection(
            nodes=[ShootingCycleType.from_domain(c) for c in rows],
            page_info=PageInfo(has_next_page=more, end_cursor=end),
        )

    @strawberry.field(
        description="Areas and agencies joined by hits and leads across the caller's region."
    )
    async def cross_jurisdiction_links(
        self,
        info: Info,
        level: JurisdictionLevelGQL = JurisdictionLevel.PLACE,  # type: ignore[valid-type]
        mode: CycleModeGQL = CycleMode.WITH_LEADS,  # type: ignore[valid-type]
        region: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> CrossJurisdictionSummaryType:
        s = await crossjur.summary(
            info.context.svc, level=level, mode=mode, region=region, since=since, until=until
        )
        return CrossJurisdictionSummaryType.from_domain(s)


QUERIES = [AnalysisQuery]
