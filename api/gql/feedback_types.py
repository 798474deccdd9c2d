"""GraphQL types for feedback-loop summaries."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from domain import analysis as da


@strawberry.type(name="StageDuration", description="Hours between two workflow steps.")
class StageDurationType:
    stage: str
    count: int
    median_hours: float | None
    p90_hours: float | None


@strawberry.type(name="OutcomeCount")
class OutcomeCountType:
    outcome: str
    count: int


@strawberry.type(name="FeedbackSummary")
class FeedbackSummaryType:
    agency_ori: str
    agency_name: str | None
    since: datetime
    until: datetime
    scene_items: int = strawberry.field(description="Scene casings and bullets submitted.")
    test_fires: int
    stages: list[StageDurationType]
    leads: int = strawberry.field(description="Leads created in the period on these items.")
    hits: int = strawberry.field(description="Hits on those leads (warm hits not counted).")
    warm_hits: int
    cross_jurisdiction_leads: int
    follow_up_outcomes: list[OutcomeCountType]
    leads_without_follow_up: int

    @classmethod
    def from_domain(cls, s: da.FeedbackSummary) -> Self:
        return cls(
            agency_ori=s.agency_ori,
            agency_name=s.agency_name,
            since=s.since,
            until=s.until,
            scene_items=s.scene_items,
            test_fires=s.test_fires,
            stages=[
                StageDurationType(
                    stage=x.stage, count=x.count, median_hours=x.median_hours, p90_hours=x.p90_hours
                )
                for x in s.stages
            ],
            leads=s.leads,
            hits=s.hits,
            warm_hits=s.warm_hits,
            cross_jurisdiction_leads=s.cross_jurisdiction_leads,
            follow_up_outcomes=[
                OutcomeCountType(outcome=k, count=v) for k, v in s.follow_up_outcomes.items()
            ],
            leads_without_follow_up=s.leads_without_follow_up,
        )
