"""Results of the analysis queries: shooting cycles, links, firearm linkage, summaries.

Plain frozen dataclasses (computed, never stored): the graph layer builds them from query
results and pure analytics, services scope them, the API wraps them.
A *lead* link is unconfirmed and investigative only; only a *hit* link is a confirmed
same-firearm association (an examiner's identification).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class LinkKind(StrEnum):
    HIT = "hit"  # confirmed by an examiner (HIT_LINK)
    LEAD = "lead"  # unconfirmed NIBIN lead (LEAD_LINK), investigative only
    PERSON = "person"  # the same person involved in both incidents


class CycleMode(StrEnum):
    """Which links join incidents into a cycle."""

    CONFIRMED = "confirmed"  # hits only
    WITH_LEADS = "with_leads"  # hits and unconfirmed leads

    def kinds(self) -> frozenset[LinkKind]:
        if self is CycleMode.CONFIRMED:
            return frozenset({LinkKind.HIT})
        return frozenset({LinkKind.HIT, LinkKind.LEAD})


class CycleSupport(StrEnum):
    """What holds a cycle together: hits alone, or also leads / shared people."""

    CONFIRMED = "confirmed"  # the hit links alone connect every incident
    LEAD_SUPPORTED = "lead_supported"  # at least one incident is joined only through leads
    PERSON_SUPPORTED = "person_supported"  # ... or only through a shared person


@dataclass(frozen=True, slots=True)
class LinkedIncidentNode:
    """An incident as the link queries return it (enough to order and scope)."""

    id: str
    occurred_at: datetime
    agency_ori: str


@dataclass(frozen=True, slots=True)
class Link:
    """One link between two incidents; ``source`` is the earlier incident."""

    source: str
    target: str
    kind: LinkKind
    ref: str  # hit id, lead id or person id
    series_id: str | None = None  # the lead (= one firearm, recovered or not) behind it
    at: datetime | None = None  # when the link was made (lead created / hit confirmed)
    warm: bool = False  # warm hit: known beforehand, not counted

    @property
    def confirmed(self) -> bool:
        return self.kind is LinkKind.HIT


@dataclass(frozen=True, slots=True)
class JurisdictionRef:
    id: str
    name: str
    level: str


@dataclass(frozen=True, slots=True)
class CycleMember:
    incident_id: str
    occurred_at: datetime
    agency_ori: str
    hours_since_previous: float | None
    jurisdictions: tuple[JurisdictionRef, ...] = ()


@dataclass(frozen=True, slots=True)
class CycleFirearm:
    """A firearm behind a cycle: a lead series, with the recovered gun when there is one."""

    series_id: str | None  # lead id (None: a gun recovered at a member incident, no series)
    firearm_id: str | None  # None: not recovered (known only from its casings)
    recovered: bool
    confirmed: bool  # at least one hit on the series
    incident_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cycle:
    id: str  # "cycle:<earliest incident id>", stable while the cycle grows
    members: tuple[CycleMember, ...]  # time order
    links: tuple[Link, ...]
    firearms: tuple[CycleFirearm, ...]
    jurisdictions: tuple[JurisdictionRef, ...]
    agency_oris: tuple[str, ...]
    first_event: datetime
    last_event: datetime
    active: bool
    support: CycleSupport
    truncated: bool = False  # the size or depth bound stopped the search

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def span_days(self) -> float:
        return (self.last_event - self.first_event).total_seconds() / 86400.0


@dataclass(frozen=True, slots=True)
class IncidentLinkView:
    """A link seen from one incident: the other incident and how it is linked."""

    incident_id: str
    occurred_at: datetime
    agency_ori: str
    kind: LinkKind
    ref: str
    series_id: str | None
    at: datetime | None
    warm: bool
    hours_apart: float
    cross_agency: bool
    cross_jurisdiction: bool | None = None  # at the level asked for (None: not asked)
    jurisdictions: tuple[JurisdictionRef, ...] = ()


@dataclass(frozen=True, slots=True)
class PairCount:
    """A pair of jurisdictions or agencies joined by links (keys sorted: a < b)."""

    a: str
    b: str
    a_name: str | None
    b_name: str | None
    hits: int
    leads: int
    example_incidents: tuple[tuple[str, str], ...]  # (incident in a, incident in b)
    firearm_ids: tuple[str, ...]  # recovered guns behind the links
    series_ids: tuple[str, ...]  # lead series behind the links

    @property
    def total(self) -> int:
        return self.hits + self.leads


@dataclass(frozen=True, slots=True)
class CrossJurisdictionSummary:
    level: str
    jurisdiction_pairs: tuple[PairCount, ...]
    agency_pairs: tuple[PairCount, ...]
    links_considered: int = 0


@dataclass(frozen=True, slots=True)
class StageStats:
    stage: str  # e.g. "collection_to_acquisition"
    count: int
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True, slots=True)
class FeedbackSummary:
    agency_ori: str
    agency_name: str | None
    since: datetime
    until: datetime
    scene_items: int
    test_fires: int
    stages: tuple[StageStats, ...]
    leads: int
    hits: int
    warm_hits: int
    cross_jurisdiction_leads: int
    follow_up_outcomes: dict[str, int] = field(default_factory=dict)
    leads_without_follow_up: int = 0
