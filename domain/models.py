"""Domain records. Validated on construction (pydantic); immutable; no I/O.

Every timestamp is timezone-aware (naive datetimes are refused). Identifiers are strings
chosen by the source system (``INCIDENT_KEY``, ``dc_key``, ORI, trace number, ...), prefixed
by the ingest adapters so that keys from different sources cannot collide.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from domain.enums import (
    AfteConclusion,
    AuditOutcome,
    EvidenceKind,
    FollowUpOutcome,
    JurisdictionLevel,
    LeadStatus,
    Role,
)

ORI_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{7}$")


def _check_ori(value: str) -> str:
    value = value.strip().upper()
    if not ORI_RE.match(value):
        raise ValueError(
            f"ORI must be 9 characters: 2-letter state code + 7 letters/digits, got {value!r}"
        )
    return value


def _check_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must be timezone-aware")
    return value


Ori = Annotated[str, AfterValidator(_check_ori)]
AwareDatetime = Annotated[datetime, AfterValidator(_check_aware)]
Latitude = Annotated[float, Field(ge=-90.0, le=90.0)]
Longitude = Annotated[float, Field(ge=-180.0, le=180.0)]
NonEmpty = Annotated[str, Field(min_length=1, max_length=512)]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Agency(Record):
    ori: Ori
    name: NonEmpty
    agency_type: str = "Other"
    state: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    county: str | None = None
    county_fips: Annotated[str, Field(pattern=r"^\d{5}$")] | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    region: str | None = None  # CGIC / NIBIN sharing region (agencies in one region share data)


class Jurisdiction(Record):
    """An area: state, county, Census place or police district/precinct.

    ``id`` is ``<level>:<code>`` (e.g. ``state:36``, ``county:36047``, ``place:3651000``,
    ``district:nypd-75``). ``vintage`` records the boundary source (e.g. ``census-2015``).
    """

    id: NonEmpty
    name: NonEmpty
    level: JurisdictionLevel
    vintage: NonEmpty
    state: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None


class Incident(Record):
    id: NonEmpty
    agency_ori: Ori
    case_number: str | None = None
    offense: str = "shooting"
    occurred_at: AwareDatetime
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    address: str | None = None
    killed: Annotated[int, Field(ge=0)] = 0
    injured: Annotated[int, Field(ge=0)] = 0
    source: str | None = None


class Evidence(Record):
    """One acquisition: an imaged cartridge case (scene item or test fire)."""

    id: NonEmpty
    kind: EvidenceKind
    calibre: NonEmpty
    contributing_ori: Ori
    case_number: str | None = None
    item_number: str | None = None
    incident_id: str | None = None  # scene items
    firearm_id: str | None = None  # test fires
    collected_at: AwareDatetime | None = None
    submitted_at: AwareDatetime | None = None
    acquired_at: AwareDatetime | None = None
    scan_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    scan_uri: str | None = None
    regions: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _links(self) -> Evidence:
        if self.kind is EvidenceKind.TEST_FIRE and not self.firearm_id:
            raise ValueError("a test fire needs firearm_id")
        if self.kind is not EvidenceKind.TEST_FIRE and not self.incident_id:
            raise ValueError("a scene item needs incident_id")
        return self


class Firearm(Record):
    id: NonEmpty
    serial_number: str | None = None
    obliterated: bool = False
    manufacturer: str | None = None
    model: str | None = None
    firearm_type: str | None = None
    calibre: str | None = None
    country: str | None = None
    importer: str | None = None
    recovered_at: AwareDatetime | None = None
    recovery_incident_id: str | None = None
    recovery_ori: Ori | None = None
    recovery_latitude: Latitude | None = None
    recovery_longitude: Longitude | None = None


class Trace(Record):
    """An eTrace-style result. Purchaser fields are visible to the requesting agency only."""

    trace_number: NonEmpty
    firearm_id: NonEmpty
    requesting_ori: Ori
    requested_at: AwareDatetime
    dealer_ffl: str | None = None
    dealer_name: str | None = None
    dealer_address: str | None = None
    dealer_state: str | None = None
    purchaser_id: str | None = None
    purchaser_name: str | None = None
    purchaser_dob: date | None = None
    purchaser_address: str | None = None
    purchase_date: date | None = None
    recovery_date: date | None = None
    possessor_id: str | None = None
    possessor_name: str | None = None
    multiple_sale: bool = False

    @property
    def time_to_crime_days(self) -> int | None:
        if self.purchase_date is None or self.recovery_date is None:
            return None
        return (self.recovery_date - self.purchase_date).days

    @property
    def possessor_differs(self) -> bool | None:
        if not self.possessor_id or not self.purchaser_id:
            return None
        return self.possessor_id != self.purchaser_id


class FollowUp(Record):
    id: NonEmpty
    target_id: NonEmpty  # a lead or hit id
    investigator: NonEmpty
    investigator_ori: Ori | None = None
    outcome: FollowUpOutcome
    occurred_on: date
    notes: str | None = None
    recorded_at: AwareDatetime | None = None


class CorrelationCandidate(Record):
    query_id: NonEmpty
    candidate_id: NonEmpty
    rank: Annotated[int, Field(ge=1)]
    scores: dict[str, float]  # per region: breech_face, firing_pin, ejector
    combined: float
    algorithm: NonEmpty
    version: NonEmpty
    run_id: NonEmpty
    run_at: AwareDatetime
    review: str | None = None  # None: not reviewed; "dismissed"
    dismissed_reason: str | None = None
    candidate_ori: str | None = None
    candidate_incident_id: str | None = None


class Lead(Record):
    """A NIBIN lead: an unconfirmed, investigative-only same-firearm series (never an ID)."""

    id: NonEmpty
    status: LeadStatus
    evidence_ids: tuple[str, ...]
    created_by: NonEmpty
    created_at: AwareDatetime
    agency_ori: Ori
    updated_at: AwareDatetime | None = None
    calibre: str | None = None
    cross_jurisdiction: bool = False
    incident_ids: tuple[str, ...] = ()
    agency_oris: tuple[str, ...] = ()  # agencies of the evidence and incidents involved
    hit_id: str | None = None


class Examination(Record):
    """An examiner's microscope comparison on a lead (AFTE conclusion); always kept."""

    id: NonEmpty
    lead_id: NonEmpty
    examiner: NonEmpty
    examiner_ori: Ori
    conclusion: AfteConclusion
    report_number: NonEmpty
    notes: str | None = None
    examined_on: date
    recorded_at: AwareDatetime


class Hit(Record):
    """A NIBIN hit: an examiner-confirmed (identification) link between cases."""

    id: NonEmpty
    lead_id: NonEmpty
    examiner: NonEmpty
    conclusion: AfteConclusion = AfteConclusion.IDENTIFICATION
    confirmed_at: AwareDatetime
    report_number: NonEmpty
    credited_ori: Ori
    warm: bool = False
    incident_ids: tuple[str, ...] = ()


class Principal(Record):
    """The authenticated caller of a request."""

    user_id: NonEmpty
    name: NonEmpty
    role: Role
    agency_ori: Ori
    visible_oris: frozenset[str] = frozenset()  # own agency plus agencies sharing a region

    def can_see(self, ori: str | None) -> bool:
        return ori is not None and (ori == self.agency_ori or ori in self.visible_oris)


class AuditEvent(Record):
    id: NonEmpty
    at: AwareDatetime
    user_id: str | None = None  # None: the caller could not be authenticated
    role: str | None = None
    agency_ori: str | None = None
    action: NonEmpty  # e.g. "incident.create", "auth.token"
    target: str | None = None
    outcome: AuditOutcome
    source: str | None = None  # client address
    component: str = "api"
    detail: str | None = None
