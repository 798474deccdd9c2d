from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.enums import JurisdictionLevel
from domain.models import Agency, Incident
from ingest.jurisdictions import assign_incidents, default_gazetteer, served_areas

AT = datetime(2020, 1, 1, tzinfo=UTC)


def inc(iid: str, lat: float, lon: float, ori: str = "NY0303000") -> Incident:
    return Incident(id=iid, agency_ori=ori, occurred_at=AT, latitude=lat, longitude=lon)


@pytest.fixture(scope="module")
def gazetteer(shared_data: Path):  # type: ignore[no-untyped-def]
    return default_gazetteer(shared_data)


def test_every_containing_jurisdiction(gazetteer) -> None:  # type: ignore[no-untyped-def]
    incidents = [
        inc("brooklyn", 40.6782, -73.9442),  # Brooklyn, 77th precinct area
        inc("phl", 39.9526, -75.1652, "PAPEP0000"),  # Philadelphia City Hall
        inc("atlantic", 38.0, -60.0),  # ocean: outside every jurisdiction
    ]
    placements, placed, rejections = assign_incidents(
        incidents, gazetteer, file="x.csv", lines=[2, 3, 4]
    )
    by = {(p.incident_id, p.level) for p in placements}
    for level in JurisdictionLevel:
        assert ("brooklyn", level) in by
        assert ("phl", level) in by
    ids = {p.jurisdiction_id for p in placements if p.incident_id == "brooklyn"}
    assert {"state:36", "county:36047", "place:3651000"} <= ids
    assert {p.vintage for p in placements if p.level is JurisdictionLevel.STATE} == {
        "census-cb-2016-500k"
    }
    assert [i.id for i in placed] == ["brooklyn", "phl"]
    assert [(r.key, r.line, r.field) for r in rejections] == [("atlantic", 4, "latitude/longitude")]


def test_served_areas(gazetteer) -> None:  # type: ignore[no-untyped-def]
    agencies = [
        Agency(
            ori="NY0303000", name="New York City Police Department", agency_type="City", state="NY"
        ),
        Agency(
            ori="PAPEP0000",
            name="Philadelphia Police Department",
            agency_type="City",
            state="PA",
            county="PHILADELPHIA",
        ),
        Agency(
            ori="NY0140000",
            name="Erie County Sheriff's Office",
            agency_type="County",
            state="NY",
            county="ERIE",
        ),
        Agency(
            ori="NYNSP0000", name="New York State Police", agency_type="State Police", state="NY"
        ),
    ]
    pairs = set(served_areas(agencies, gazetteer))
    assert ("NY0303000", "place:3651000") in pairs
    assert ("PAPEP0000", "place:4260000") in pairs
    assert ("NY0140000", "county:36029") in pairs
    assert ("NYNSP0000", "state:36") in pairs
    assert ("NY0303000", "district:nypd-75") in pairs
    assert ("PAPEP0000", "district:phl-19") in pairs
