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
from api.gql.feedback_types import FeedbackSummaryType
from api.gql.firearm_types import FirearmLinkageType, TraffickingIndicatorsType
from api.gql.network_types import NetworkAnalysisType
from api.gql.pagination import Connection, PageInfo, decode_cursor, encode_cursor
from domain.analysis import CycleMode
from domain.enums import JurisdictionLevel
from services import crossjur, cycles, feedback, firearms, network


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

    @strawberry.field(description="A firearm by id or serial: trace, tied incidents, possessors.")
    async def firearm_linkage(
        self, info: Info, id: strawberry.ID | None = None, serial_number: str | None = None
    ) -> list[FirearmLinkageType]:
        found = await firearms.firearm_linkage(
            info.context.svc, firearm_id=str(id) if id else None, serial=serial_number
        )
        return [FirearmLinkageType.from_domain(f) for f in found]

    @strawberry.field(description="Trafficking indicators over the region's traces.")
    async def trafficking_indicators(
        self,
        info: Info,
        min_guns: int = 3,
        short_ttc_days: int = 365,
        window_days: int = 30,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> TraffickingIndicatorsType:
        t = await firearms.trafficking_indicators(
            info.context.svc,
            min_guns=min_guns,
            short_ttc_days=short_ttc_days,
            window_days=window_days,
            since=since,
            until=until,
        )
        return TraffickingIndicatorsType.from_domain(t)

    @strawberry.field(description="One agency's feedback loop over a period.")
    async def feedback_summary(
        self, info: Info, agency_ori: str, since: datetime, until: datetime
    ) -> FeedbackSummaryType:
        [s] = await feedback.summaries(
            info.context.svc, agency_ori=agency_ori.upper(), since=since, until=until
        )
        return FeedbackSummaryType.from_domain(s)

    @strawberry.field(description="Feedback loops of a region's agencies, side by side.")
    async def region_feedback(
        self, info: Info, since: datetime, until: datetime, region: str | None = None
    ) -> list[FeedbackSummaryType]:
        rows = await feedback.summaries(info.context.svc, since=since, until=until, region=region)
        return [FeedbackSummaryType.from_domain(s) for s in rows]

    @strawberry.field(description="Communities and bridging firearms/people (seeded, cached).")
    async def network_analysis(
        self,
        info: Info,
        since: datetime | None = None,
        until: datetime | None = None,
        agency_ori: str | None = None,
        include_leads: bool = True,
        seed: int = 7,
        top: int = 25,
    ) -> NetworkAnalysisType:
        n = await network.analyse(
            info.context.svc,
            since=since,
            until=until,
            agency_ori=agency_ori.upper() if agency_ori else None,
            leads=include_leads,
            seed=seed,
            top=top,
        )
        return NetworkAnalysisType.from_domain(n)


QUERIES = [AnalysisQuery]
