from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.viz.cases import philly_districts, philly_incidents, squares_geojson, squares_incidents
from viz.geo import load_jurisdictions
from viz.prepare import prepare_region
from viz.region_map import region_map_html


def test_prepare_region_counts_links_per_area_and_pair() -> None:
    incs, links = squares_incidents()
    pic = prepare_region(
        incidents=incs,
        links=links,
        jurisdictions=squares_geojson(),
        id_field="code",
        name_field="label",
    )
    assert pic.unlocated == 0 and len(pic.incidents) == 5
    per = pic.jurisdictions.set_index("id")
    assert per.loc["A", "incidents"] == 2 and per.loc["B", "incidents"] == 1
    assert list(per["links"]) == [3, 3, 2]  # A: a1a2, a1b1, a2b1; B: +b1c1; C: b1c1, c1-out
    assert list(per["cross_links"]) == [2, 3, 1]
    assert [(p.a, p.b, p.hits, p.leads) for p in pic.pairs] == [("A", "B", 1, 1), ("B", "C", 0, 1)]
    assert set(pic.pairs[0].examples) == {"a1", "b1", "a2"}
    lat, lon = pic.label_points["B"]
    assert abs(lat - 39.955) < 1e-3 and abs(lon + 75.185) < 1e-3


def test_region_page_offline_with_lines_and_clusters() -> None:
    incs, links = squares_incidents()
    page = region_map_html(
        incidents=incs,
        links=links,
        jurisdictions=squares_geojson(),
        id_field="code",
        api_base_url="http://127.0.0.1:8000",
        cluster=True,
    )
    assert not re.search(r"<script[^>]+src=", page)
    assert "L.markerClusterGroup(" in page and ".marker-cluster-small" in page
    assert page.count("cgi-xlink cgi-xlink-hit") == 1
    assert page.count("cgi-xlink cgi-xlink-lead") == 1
    plain = region_map_html(
        incidents=incs,
        links=links,
        jurisdictions=squares_geojson(),
        id_field="code",
        api_base_url="http://127.0.0.1:8000",
    )
    assert "L.markerClusterGroup(" not in plain  # 5 incidents: below the threshold


def test_jurisdictions_are_validated() -> None:
    with pytest.raises(ValueError, match="no 'nope' column"):
        load_jurisdictions(squares_geojson(), id_field="nope")
    bad = squares_geojson()
    bad["features"][1]["properties"]["code"] = "A"  # type: ignore[index]
    with pytest.raises(ValueError, match="duplicate"):
        load_jurisdictions(bad, id_field="code")


def test_real_philadelphia_incidents_fall_in_districts(data_dir: Path) -> None:
    incs = philly_incidents(2023, limit=400)
    pic = prepare_region(
        incidents=incs, jurisdictions=philly_districts(), id_field="police_district"
    )
    assert len(pic.jurisdictions) == 22
    placed = sum(1 for i in pic.incidents if i.jurisdiction_id)
    assert placed / len(pic.incidents) > 0.98
