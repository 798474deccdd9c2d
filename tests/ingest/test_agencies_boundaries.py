from __future__ import annotations

from pathlib import Path

from domain.enums import JurisdictionLevel
from ingest import boundaries
from ingest.agencies import read_fbi_agencies
from tests.ingest.helpers import drain

HEAD = (
    "ori,county,latitude,longitude,state_abbr,state,agency_name,agency_type,"
    "is_nibrs,nibrs_start_date\n"
)


PHL = "PAPEP0000,PHILADELPHIA,40.0,-75.1,PA,Pennsylvania,Philadelphia PD,City,TRUE,NA"


def test_real_agency_list(shared_data: Path) -> None:
    records, rejections = drain(
        read_fbi_agencies(shared_data / "agencies/fbi_cde_agencies_2025.csv")
    )
    assert len(records) == 19_166 and rejections == []
    by_ori = {a.ori: a for a in records}
    assert by_ori["NY0303000"].name == "New York City Police Department"
    assert by_ori["PAPEP0000"].county == "PHILADELPHIA"
    assert by_ori["NY0303000"].county is None  # "NOT SPECIFIED"


def test_bad_agencies(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        HEAD
        + "\n".join(
            [
                PHL,
                PHL,
                "PAPEP0000,BUCKS,40.0,-75.1,PA,Pennsylvania,Phila PD,City,TRUE,NA",
                "PA12,X,NA,NA,PA,Pennsylvania,Short ORI,City,FALSE,NA",
                "NY0010000,X,NA,NA,PA,Pennsylvania,Wrong state,City,FALSE,NA",
                "NB0010000,X,NA,NA,NE,Nebraska,NCIC code NB,City,FALSE,NA",
                "PA0010000,X,91,NA,PA,Pennsylvania,Bad latitude,City,FALSE,NA",
            ]
        )
        + "\n"
    )
    records, rejections = drain(read_fbi_agencies(path))
    assert [a.ori for a in records] == ["PAPEP0000", "PAPEP0000", "NB0010000"]
    assert [(r.line, r.field) for r in rejections] == [
        (4, "ori"),
        (5, "ori"),
        (6, "ori"),
        (8, "latitude"),
    ]


def test_boundary_layers(shared_data: Path) -> None:
    nypd = shared_data / "incidents/nypd/NewYorkCityPolicePrecincts.geojson"
    pre = boundaries.read_nypd_precincts(nypd)
    assert len(pre.jurisdictions) == 77 and not pre.rejections
    assert "district:nypd-121" in set(pre.frame["id"])
    phl = boundaries.read_philadelphia_districts(
        shared_data / "incidents/philadelphia/geo/police_districts.geojson"
    )
    assert len(phl.jurisdictions) == 22
    zipped = shared_data / "boundaries/census_places_2015/cb_2015_42_place_500k.zip"
    places = boundaries.read_places(zipped)
    phila = next(j for j in places.jurisdictions if j.id == "place:4260000")
    assert (phila.name, phila.state) == ("Philadelphia", "PA")
    assert phila.vintage == "census-cb-2015-500k"
    assert str(places.frame.crs) == "EPSG:4326"


def test_plotly_geo_layers() -> None:
    states = boundaries.read_states()
    assert len(states.jurisdictions) == 56
    assert {j.level for j in states.jurisdictions} == {JurisdictionLevel.STATE}
    counties = boundaries.read_counties(fips=["36", "42"])
    assert len(counties.jurisdictions) == 62 + 67
    kings = next(j for j in counties.jurisdictions if j.id == "county:36047")
    assert kings.name == "Kings County" and kings.state == "NY"
