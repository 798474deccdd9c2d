"""The maps in a real browser: no JS errors, no network, the right numbers of things drawn."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from tests.viz.artifacts import keep
from tests.viz.browser import Visit, open_html
from tests.viz.cases import (
    philly_districts,
    philly_incidents,
    small_cycle,
    squares_geojson,
    squares_incidents,
)
from viz.cycle_map import cycle_map_html
from viz.model import MapLink
from viz.prepare import prepare_cycle, prepare_region
from viz.region_map import region_map_html

pytestmark = pytest.mark.browser

API = "http://127.0.0.1:8000"
MARKERS = ".leaflet-marker-icon.cgi-incident"


def _clean(visit: Visit) -> None:
    assert visit.errors == []
    assert visit.outside_requests == []


def _shot(visit: Visit, name: str) -> None:
    keep(name, visit.page.screenshot(full_page=False))


def _wait_ready(visit: Visit) -> None:
    visit.page.wait_for_function("window.cgiIncidents && window.cgiIncidents.ready", timeout=30000)


def _cluster_total(visit: Visit) -> int:
    """Incidents on screen: the numbers on cluster icons plus the single markers."""
    return int(
        visit.page.evaluate(
            """() => {
              let n = 0;
              document.querySelectorAll('.marker-cluster').forEach(
                el => { n += parseInt(el.textContent, 10); });
              return n + document.querySelectorAll('.leaflet-marker-icon.cgi-incident').length;
            }"""
        )
    )


def test_cycle_map_in_browser(browser: Any, data_dir: Path) -> None:
    incs, links = small_cycle()
    kwargs: dict[str, Any] = {
        "incidents": incs,
        "links": links,
        "jurisdictions": philly_districts(),
        "id_field": "police_district",
    }
    crossed = prepare_cycle(**kwargs).jurisdictions
    assert crossed is not None
    html = cycle_map_html(**kwargs, api_base_url=API, title="Constructed cycle")
    keep("cycle_map.html", html)
    with open_html(browser, html) as visit:
        _clean(visit)
        assert visit.count(MARKERS) == 4  # 5 incidents, one without a location
        assert visit.page.locator(MARKERS).all_inner_texts() == ["1", "2", "3", "4"]
        assert visit.count("path.cgi-link-hit") == 1
        assert visit.count("path.cgi-link-lead") == 2
        assert visit.count("path.cgi-link-lead[stroke-dasharray]") == 2
        assert visit.count("path.cgi-link-hit[stroke-dasharray]") == 0
        assert visit.count("path.cgi-jurisdiction") == len(crossed) >= 2
        _shot(visit, "cycle_map.png")

        # the time slider: event 1 only, then events 1-3 with the two links among them
        visit.page.evaluate("window.cgiTimeSlider.show(0)")
        assert visit.count(MARKERS) == 1 and visit.count("path.cgi-link") == 0
        visit.page.evaluate("window.cgiTimeSlider.show(2)")
        assert visit.count(MARKERS) == 3 and visit.count("path.cgi-link") == 2
        assert "3 / 4" in visit.page.inner_text(".cgi-time-label")  # #5 has no location
        visit.page.evaluate("window.cgiTimeSlider.show(3)")
        assert visit.count(MARKERS) == 4 and visit.count("path.cgi-link") == 3

        # a popup shows the data as text (escaped) and links back to the API
        visit.page.locator(MARKERS).first.click()
        popup = visit.page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "100 block <Market> St `x` ${y}" in popup.inner_text()
        hrefs = popup.locator("a").evaluate_all("els => els.map(a => a.href)")
        assert hrefs == [f"{API}/incidents/PHL-0", f"{API}/maps/incidents/PHL-0/cycle"]
        _clean(visit)


def test_cycle_map_without_polygons_or_slider(browser: Any) -> None:
    incs, links = small_cycle()
    html = cycle_map_html(incidents=incs, links=links, api_base_url=API, time_slider=False)
    with open_html(browser, html) as visit:
        _clean(visit)
        assert visit.count(MARKERS) == 4 and visit.count("path.cgi-jurisdiction") == 0
        assert visit.count(".cgi-time-slider") == 0


def test_region_map_small_in_browser(browser: Any) -> None:
    incs, links = squares_incidents()
    html = region_map_html(
        incidents=incs,
        links=links,
        jurisdictions=squares_geojson(),
        id_field="code",
        name_field="label",
        api_base_url=API,
    )
    with open_html(browser, html) as visit:
        _clean(visit)
        _wait_ready(visit)
        assert visit.count(MARKERS) == 5 and visit.count(".marker-cluster") == 0
        assert visit.count("path.cgi-jurisdiction") == 3
        assert visit.count("path.cgi-xlink-hit") == 1  # A–B
        assert visit.count("path.cgi-xlink-lead[stroke-dasharray]") == 1  # B–C, leads only
        assert visit.count("canvas.leaflet-heatmap-layer") == 1
        visit.page.evaluate("window.cgiTimeSlider.show(1)")  # second day
        assert visit.count(MARKERS) == 2
        assert visit.page.evaluate("window.cgiIncidents.visible()") == 2
        _clean(visit)


def test_region_map_real_philadelphia_clustered(browser: Any, data_dir: Path) -> None:
    incs = philly_incidents(2023)
    rnd = random.Random(7)
    links = []
    for _ in range(120):
        a, b = rnd.sample(incs, 2)
        links.append(MapLink(a.id, b.id, rnd.choice(["hit", "lead"])))
    kwargs: dict[str, Any] = {
        "incidents": incs,
        "links": links,
        "jurisdictions": philly_districts(),
        "id_field": "police_district",
    }
    pic = prepare_region(**kwargs)
    html = region_map_html(**kwargs, api_base_url=API, title="Philadelphia 2023")
    keep("region_map.html", html)
    with open_html(browser, html) as visit:
        _wait_ready(visit)
        _clean(visit)
        assert visit.page.evaluate("window.cgiIncidents.total") == len(pic.incidents) > 1000
        assert visit.count(".marker-cluster") > 0
        assert _cluster_total(visit) == len(pic.incidents)
        assert visit.count("path.cgi-jurisdiction") == 22
        assert visit.count("path.cgi-xlink") == len(pic.pairs) > 0
        _shot(visit, "region_map.png")
        visit.page.evaluate("window.cgiTimeSlider.show(30)")
        _wait_ready(visit)
        days = sorted({i.occurred_at.date() for i in pic.incidents})
        expected = sum(1 for i in pic.incidents if i.occurred_at.date() <= days[30])
        shown = visit.page.evaluate("window.cgiIncidents.visible()")
        assert shown == expected < len(pic.incidents)
        assert _cluster_total(visit) == shown
        _clean(visit)
