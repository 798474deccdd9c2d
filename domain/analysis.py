"""Results of the analysis queries: shooting cycles, links, firearm linkage, summaries.

Plain frozen dataclasses (computed, never stored): the graph layer builds them from query
results and pure analytics, services scope them, the API wraps them.
A *lead* link is unconfirmed and investigative only; only a *hit* link is a confirmed
same-firearm association (an examiner's identification).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
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


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: str
    name: str | None


@dataclass(frozen=True, slots=True)
class TraceView:
    """An eTrace result as the caller may see it: purchaser only for the requesting agency
    (and a role allowed to read it); otherwise ``purchaser_withheld``."""

    trace_number: str
    requesting_ori: str
    requested_at: datetime | None
    dealer_ffl: str | None
    dealer_name: str | None
    dealer_state: str | None
    purchase_date: date | None
    recovery_date: date | None
    ttc_days: int | None
    multiple_sale: bool
    possessor_differs: bool | None
    purchaser: PersonRef | None = None
    purchaser_withheld: bool = False


@dataclass(frozen=True, slots=True)
class FirearmTie:
    """An incident tied to a firearm through a lead (unconfirmed) or a hit (confirmed)."""

    incident_id: str
    occurred_at: datetime
    agency_ori: str
    lead_id: str | None
    lead_status: str | None
    hit_id: str | None
    warm: bool
    recovery: bool = False  # the incident where the gun was recovered

    @property
    def confirmed(self) -> bool:
        return self.hit_id is not None


@dataclass(frozen=True, slots=True)
class FirearmLinkage:
    firearm_id: str
    serial_number: str | None
    obliterated: bool
    manufacturer: str | None
    model: str | None
    calibre: str | None
    recovery_ori: str | None
    recovered_at: datetime | None
    traces: tuple[TraceView, ...]
    ties: tuple[FirearmTie, ...]
    possessors: tuple[PersonRef, ...]
    indicators: tuple[str, ...]  # e.g. "ttc_under_1y", "possessor_differs", "multiple_sale"


@dataclass(frozen=True, slots=True)
class SourceIndicator:
    """A dealer or purchaser sourcing several crime guns (purchaser identity may be withheld)."""

    key: str | None  # dealer FFL, or purchaser id (None when withheld)
    name: str | None
    state: str | None
    guns: int
    short_ttc: int
    median_ttc_days: float | None
    multiple_sale: int
    possessor_differs: int
    firearm_ids: tuple[str, ...]
    withheld: bool = False


@dataclass(frozen=True, slots=True)
class TtcCluster:
    """Short time-to-crime guns from one dealer bought within a short window of each other."""

    dealer_ffl: str
    dealer_name: str | None
    first_purchase: date
    last_purchase: date
    firearm_ids: tuple[str, ...]
    median_ttc_days: float


@dataclass(frozen=True, slots=True)
class StateFlow:
    from_state: str
    to_state: str
    guns: int
    short_ttc: int
    median_ttc_days: float | None


@dataclass(frozen=True, slots=True)
class TraffickingIndicators:
    dealers: tuple[SourceIndicator, ...]
    purchasers: tuple[SourceIndicator, ...]
    ttc_clusters: tuple[TtcCluster, ...]
    interstate_flows: tuple[StateFlow, ...]
    traces_considered: int


@dataclass(frozen=True, slots=True)
class NetworkNode:
    id: str  # "incident:<id>", "firearm:<id>", "person:<id>"
    kind: str
    community: int
    degree: int
    betweenness: float


@dataclass(frozen=True, slots=True)
class Community:
    id: int
    size: int
    incidents: int
    firearms: int
    persons: int
    members: tuple[str, ...]  # node ids, most central first (at most 50)


@dataclass(frozen=True, slots=True)
class NetworkAnalysis:
    nodes: int
    edges: int
    seed: int
    sampled: bool  # betweenness estimated from a seeded sample of sources
    communities: tuple[Community, ...]
    central: tuple[NetworkNode, ...]  # bridging firearms and people, most central first
