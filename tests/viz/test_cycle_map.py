from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.viz.cases import philly_districts, small_cycle
from viz.assets import inline_assets
from viz.cycle_map import cycle_map_html
from viz.prepare import prepare_cycle


def test_prepare_cycle_orders_and_colours(data_dir: Path) -> None:
    incs, links = small_cycle()
    pic = prepare_cycle(
        incidents=list(reversed(incs)),
        links=links,
        jurisdictions=philly_districts(),
        id_field="police_district",
    )
    assert [i.id for i in pic.numbered] == [f"PHL-{k}" for k in range(5)]
    assert pic.unlocated == 1
    assert len(pic.links) == 3  # the F2 hit to the unlocated incident is not drawn
    assert set(pic.colours) == {"F1", "F2"}
    assert pic.jurisdictions is not None
    crossed = {i.jurisdiction_id for i in pic.numbered if i.jurisdiction_id}
    assert set(pic.jurisdictions["id"]) == crossed and len(crossed) >= 2


def test_cycle_page_is_offline_and_escaped() -> None:
    incs, links = small_cycle()
    page = cycle_map_html(incidents=incs, links=links, api_base_url="https://cgi.example/api/")
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+stylesheet", page)
    assert "https://cgi.example/api/incidents/PHL-0" in page
    assert "<Market>" not in page and "&lt;Market&gt;" in page
    # data reaches scripts only as JSON string literals, never inside a JS template literal
    outside = re.sub(r'\.bind(?:Popup|Tooltip)\("(?:[^"\\]|\\.)*"', "", page)
    assert "`x`" not in outside and "${y}" not in outside
    assert page.count("cgi-link cgi-link-hit") == 1  # the F2 hit ends at an unlocated incident
    assert page.count("cgi-link cgi-link-lead") == 2


def test_inliner_refuses_unknown_external_assets() -> None:
    with pytest.raises(ValueError, match="external"):
        inline_assets('<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>')
    page = inline_assets(
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
    )
    assert "L.version" in page or "Leaflet" in page
