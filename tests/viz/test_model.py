from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.models import Incident
from viz.model import MapIncident, MapLink, as_incident, as_incidents, as_link, as_links
from viz.palette import choropleth_bins, choropleth_colour, firearm_colours


def test_mapping_and_domain_incident_coerce() -> None:
    got = as_incident(
        {
            "id": "a",
            "occurred_at": "2024-05-01T10:00:00+00:00",
            "latitude": "39.9",
            "longitude": -75.1,
            "firearm_ids": "F1",
            "unrelated": 1,
        }
    )
    assert got.latitude == 39.9 and got.firearm_ids == ("F1",)
    domain = Incident(id="b", agency_ori="PAPEP0000", occurred_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert as_incident(domain).agency_ori == "PAPEP0000"


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "a", "occurred_at": datetime(2024, 1, 1)},  # naive
        {"id": "a", "occurred_at": datetime(2024, 1, 1, tzinfo=UTC), "latitude": 1.0},
        {
            "id": "a",
            "occurred_at": datetime(2024, 1, 1, tzinfo=UTC),
            "latitude": 91.0,
            "longitude": 0.0,
        },
        {"occurred_at": datetime(2024, 1, 1, tzinfo=UTC)},
    ],
)
def test_bad_incidents_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        as_incident(bad)


def test_duplicate_incident_refused() -> None:
    inc = MapIncident("a", datetime(2024, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="twice"):
        as_incidents([inc, inc])


def test_link_kinds() -> None:
    assert as_link({"source_id": "a", "target_id": "b", "kind": "Confirmed"}).kind == "hit"
    assert as_link({"source_id": "a", "target_id": "b", "kind": "potential"}).kind == "lead"
    with pytest.raises(ValueError, match="excluded"):
        as_link({"source_id": "a", "target_id": "b", "kind": "excluded"})
    with pytest.raises(ValueError, match="itself"):
        MapLink("a", "a", "hit")
    with pytest.raises(ValueError, match="unknown"):
        as_links([MapLink("a", "z", "hit")], incident_ids=["a", "b"])


def test_palette() -> None:
    colours = firearm_colours(["F1", None, "F2", "F1"])
    assert list(colours) == ["F1", "F2"] and colours["F1"] != colours["F2"]
    assert choropleth_bins(0) == []
    bins = choropleth_bins(40)
    assert bins[-1] == 40 and len(bins) <= 6
    assert choropleth_colour(0, bins) != choropleth_colour(1, bins)
    assert choropleth_colour(40, bins) == choropleth_colour(39, bins)
