"""Integration: real files into the real Neo4j; idempotent; bad rows reported; REST upload."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from domain.enums import Role
from ingest.service import run_ingest

pytestmark = pytest.mark.integration
AGENCIES = [
    {
        "ori": "NY0303000",
        "name": "New York City Police Department",
        "agency_type": "City",
        "state": "NY",
    },
    {
        "ori": "PAPEP0000",
        "name": "Philadelphia Police Department",
        "agency_type": "City",
        "state": "PA",
        "county": "PHILADELPHIA",
    },
]


async def seed(loader, shared_data: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    agencies = tmp_path / "agencies.json"
    agencies.write_text(json.dumps(AGENCIES))
    for kind, path in [
        ("states", Path("-")),
        ("nypd-precincts", shared_data / "incidents/nypd/NewYorkCityPolicePrecincts.geojson"),
        ("places", shared_data / "boundaries/census_places_2015/cb_2015_42_place_500k.zip"),
        ("agencies", agencies),
    ]:
        report = await run_ingest(kind, path, loader=loader, shared_data=shared_data)
        assert report.rejected == 0, report.rejections[:3]


async def test_nypd_ingest_is_idempotent(
    loader,
    shared_data: Path,
    nypd_csv: Path,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    await seed(loader, shared_data, tmp_path)
    first = await run_ingest("nypd-shootings", nypd_csv, loader=loader, shared_data=shared_data)
    assert (first.read, first.loaded, first.rejected) == (16_255, 16_255, 0)
    counts = await loader.counts()
    assert counts["Incident"] == 16_255
    assert counts["rel:REPORTED_BY"] == 16_255
    # every incident: state, county, place; all but one also a precinct
    assert counts["rel:IN_JURISDICTION"] == 4 * 16_255 - 1
    again = await run_ingest("nypd-shootings", nypd_csv, loader=loader, shared_data=shared_data)
    assert (again.loaded, again.nodes_created, again.relationships_created) == (16_255, 0, 0)
    assert await loader.counts() == counts
    assert "NY0303000" in await loader.known_oris()


async def test_bad_rows_reported_good_rows_load(
    loader,
    shared_data: Path,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    await seed(loader, shared_data, tmp_path)
    rows = [
        ("ok", "PAPEP0000", "2024-05-01T22:10:00-04:00", "39.9526", "-75.1652"),
        ("unknown-ori", "PA9999999", "2024-05-01T22:10:00-04:00", "39.9526", "-75.1652"),
        ("at-sea", "PAPEP0000", "2024-05-01T22:10:00-04:00", "30.0", "-60.0"),
        ("bad-lat", "PAPEP0000", "2024-05-01T22:10:00-04:00", "99.0", "-75.1652"),
        ("future", "PAPEP0000", "2999-05-01T22:10:00-04:00", "39.9526", "-75.1652"),
    ]
    path = tmp_path / "incidents.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "agency_ori", "occurred_at", "latitude", "longitude"])
        w.writerows(rows)
    report = await run_ingest("incidents", path, loader=loader, shared_data=shared_data)
    assert (report.read, report.loaded, report.rejected) == (5, 1, 4)
    got = {r.key: (r.line, r.field) for r in report.rejections}
    assert got == {
        "unknown-ori": (3, "agency_ori"),
        "at-sea": (4, "latitude/longitude"),
        "bad-lat": (5, "latitude"),
        "future": (6, "occurred_at"),
    }
    assert (await loader.counts())["Incident"] == 1


async def test_rest_upload_role_gated_and_audited(  # type: ignore[no-untyped-def]
    http, make_user, loader, shared_data: Path, tmp_path: Path
) -> None:
    await seed(loader, shared_data, tmp_path)
    tech = await make_user(Role.TECHNICIAN, "PAPEP0000")
    inv = await make_user(Role.INVESTIGATOR, "PAPEP0000")
    body = (shared_data / "incidents/philadelphia/shootings_2025.json").read_bytes()
    files = {"file": ("shootings_2025.json", body, "application/json")}
    none = await http.post("/ingest/philadelphia-shootings", files=files)
    assert none.status_code == 401
    denied = await http.post(
        "/ingest/philadelphia-shootings", files=files, headers={"Authorization": f"Bearer {inv}"}
    )
    assert denied.status_code == 403
    ok = await http.post(
        "/ingest/philadelphia-shootings", files=files, headers={"Authorization": f"Bearer {tech}"}
    )
    assert ok.status_code == 200, ok.text
    data = ok.json()
    assert data["rejected"] == 1 and data["loaded"] == data["read"] - 1
    assert data["rejections"][0]["key"] == "202519006009"
    nypd = shared_data / "incidents/nypd/NYPD_Shooting_Incident_Data__Historic_.csv"
    head = b"".join(nypd.read_bytes().splitlines(keepends=True)[:20])
    other = await http.post(
        "/ingest/nypd-shootings",
        files={"file": ("nypd.csv", head)},
        headers={"Authorization": f"Bearer {tech}"},
    )
    assert other.status_code == 200
    assert other.json()["loaded"] == 0  # NYPD records: outside a Philadelphia user's scope
    assert "outside your agency's scope" in other.json()["rejections"][0]["reason"]
    counts = await loader.counts()
    assert counts["AuditEvent"] >= 5  # 2 user.create, 1 denied, 2 ingests
