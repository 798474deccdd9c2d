"""/maps routes and the maps service, with the graph faked (role gate, scope, audit)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.enums import Role
from domain.models import Principal
from graph.repos.audit import AuditRepo
from graph.repos.maps import MapRepo
from services.context import ServiceContext
from services.maps import cycle_map_path, to_map_data
from tests.viz.cases import shared_data
from tests.viz.fake_graph import FakeAuditRepo, FakeMapRepo


def _principal(role: Role, visible: frozenset[str] = frozenset()) -> Principal:
    return Principal(
        user_id="u1", name="Pat", role=role, agency_ori="PAPEP0000", visible_oris=visible
    )


@pytest.fixture
def world() -> SimpleNamespace:
    return SimpleNamespace(maps=FakeMapRepo(), audit=FakeAuditRepo(), principal=None)


@pytest.fixture
def client(world: SimpleNamespace) -> TestClient:
    from api.app import create_app
    from api.deps import authenticated_context, get_state
    from domain.settings import Settings

    settings = Settings(NEO4J_PASSWORD="unused", CGI_SHARED_DATA=str(shared_data()))  # type: ignore[call-arg]
    app = create_app(settings)

    def ctx() -> ServiceContext:
        c = ServiceContext(driver=None, database="neo4j", principal=world.principal)  # type: ignore[arg-type]
        c._repos[MapRepo] = world.maps  # type: ignore[assignment]
        c._repos[AuditRepo] = world.audit  # type: ignore[assignment]
        return c

    app.dependency_overrides[authenticated_context] = ctx
    app.dependency_overrides[get_state] = lambda: SimpleNamespace(settings=settings)
    return TestClient(app)


def test_to_map_data_colours_by_series() -> None:
    repo = FakeMapRepo()
    incs, links = to_map_data(repo.rows, repo.links)
    assert links[0].firearm_id == "series L0"
    first = next(i for i in incs if i.id == "PHL-0")
    assert first.firearm_ids == ("series L0", "FA-9")  # its series first, then recovered guns


def test_cycle_map_html_scoped_and_audited(client: TestClient, world: SimpleNamespace) -> None:
    world.principal = _principal(Role.INVESTIGATOR)
    resp = client.get(cycle_map_path("PHL-0"))
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in resp.headers["content-security-policy"]
    page = resp.text
    assert "NY0303000" not in page and "PHL-2" not in page  # another agency's incident
    assert "/maps/incidents/PHL-1/cycle" in page
    assert world.maps.calls == [("cycle", ["PAPEP0000"])]
    [event] = world.audit.events
    assert (event.action, event.outcome.value, event.target) == (
        "map.cycle",
        "success",
        "incident:PHL-0",
    )


def test_cycle_map_png(client: TestClient, world: SimpleNamespace) -> None:
    world.principal = _principal(Role.TECHNICIAN)
    resp = client.get(cycle_map_path("PHL-0"), params={"format": "png"})
    assert resp.status_code == 200 and resp.content.startswith(b"\x89PNG")


def test_unknown_or_invisible_incident_is_404(client: TestClient, world: SimpleNamespace) -> None:
    world.principal = _principal(Role.ANALYST)
    assert client.get(cycle_map_path("PHL-2")).status_code == 404  # exists, other agency
    assert client.get(cycle_map_path("nope")).status_code == 404
    assert world.audit.events[-1].outcome.value == "failure"


def test_region_map_needs_analysis_role(client: TestClient, world: SimpleNamespace) -> None:
    world.principal = _principal(Role.TECHNICIAN)
    resp = client.get("/maps/region")
    assert resp.status_code == 403
    assert world.audit.events[-1].outcome.value == "denied"
    assert world.maps.calls == []


def test_region_map_agency_scope(
    client: TestClient, world: SimpleNamespace, data_dir: Path
) -> None:
    world.principal = _principal(Role.ANALYST, visible=frozenset({"NY0303000"}))
    assert client.get("/maps/region", params={"agency_ori": "TX1234500"}).status_code == 403
    resp = client.get("/maps/region")
    assert resp.status_code == 200, resp.text
    assert world.maps.calls[-1] == ("region", ["NY0303000", "PAPEP0000"])
    assert "window.cgiIncidents" in resp.text
    resp = client.get("/maps/region", params={"format": "png", "agency_ori": "papep0000"})
    assert resp.status_code == 200 and resp.content.startswith(b"\x89PNG")
    assert world.maps.calls[-1] == ("region", ["PAPEP0000"])


def test_graphql_incident_carries_map_url() -> None:
    from api.gql.types import IncidentType

    fields: Any = IncidentType.__strawberry_definition__.fields  # type: ignore[attr-defined]
    assert "cycle_map_url" in {f.python_name for f in fields}
    assert cycle_map_path("phl:1/2") == "/maps/incidents/phl%3A1%2F2/cycle"
