"""Factories for domain records used across tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from domain.enums import EvidenceKind
from domain.models import Agency, Evidence, Incident

_seq = count(1)

NYPD = "NY0303000"
PPD = "PAPEP0000"
OTHER = "CA0194200"  # outside the I-95 region


def agency(ori: str = NYPD, **kw: Any) -> Agency:
    names = {NYPD: "New York City Police Department", PPD: "Philadelphia Police Department"}
    data: dict[str, Any] = {
        "ori": ori,
        "name": names.get(ori, f"Agency {ori}"),
        "agency_type": "City",
        "state": ori[:2],
        "region": "I-95" if ori in (NYPD, PPD) else "WEST",
    }
    data.update(kw)
    return Agency(**data)


def incident(ori: str = NYPD, **kw: Any) -> Incident:
    n = next(_seq)
    data: dict[str, Any] = {
        "id": f"test-inc-{n}",
        "agency_ori": ori,
        "case_number": f"C-{n}",
        "occurred_at": datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n),
        # Inside NYPD's 75th precinct whatever the sequence number (tests run in any order).
        "latitude": 40.66 + (n % 100) * 1e-5,
        "longitude": -73.885,
        "injured": 1,
    }
    data.update(kw)
    return Incident(**data)


def evidence(incident_id: str, ori: str = NYPD, **kw: Any) -> Evidence:
    n = next(_seq)
    data: dict[str, Any] = {
        "id": f"test-ev-{n}",
        "kind": EvidenceKind.SCENE_CASING,
        "calibre": "9mm Luger",
        "contributing_ori": ori,
        "incident_id": incident_id,
        "item_number": str(n),
    }
    data.update(kw)
    return Evidence(**data)


async def seed_agencies(svc: Any, *agencies: Agency) -> None:
    from graph.repos.agencies import AgencyRepo

    await svc.repo(AgencyRepo).upsert(list(agencies) or [agency(NYPD), agency(PPD), agency(OTHER)])
