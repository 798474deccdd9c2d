"""Fault test: Neo4j is killed (SIGKILL, a crash) in the middle of a large ingest, restarted,
the ingest rerun: exact counts, nothing lost, nothing doubled."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.errors import DatabaseUnavailable
from ingest.boundaries import read_counties, read_states
from ingest.jurisdictions import Gazetteer
from ingest.service import run_ingest

pytestmark = [pytest.mark.integration, pytest.mark.slow]
N = 60_000


def write_incidents(path: Path, n: int) -> None:
    rng = random.Random(42)
    t0 = datetime(2022, 1, 1, tzinfo=UTC)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "agency_ori", "occurred_at", "latitude", "longitude", "injured"])
        for i in range(n):
            at = t0 + timedelta(minutes=rng.randrange(2 * 365 * 1440))
            w.writerow(
                [
                    f"fault:{i:06d}",
                    "PAPEP0000",
                    at.isoformat(),
                    f"{40.00 + rng.uniform(-0.02, 0.02):.6f}",
                    f"{-75.16 + rng.uniform(-0.02, 0.02):.6f}",
                    1,
                ]
            )


async def test_kill_neo4j_mid_ingest_then_rerun(  # type: ignore[no-untyped-def]
    neo4j_server: Any, loader, tmp_path: Path
) -> None:
    from graph import localserver

    agencies = tmp_path / "agencies.csv"
    agencies.write_text(
        "ori,name,agency_type,state\nPAPEP0000,Philadelphia Police Department,City,PA\n"
    )
    assert (await run_ingest("agencies", agencies, loader=loader)).loaded == 1
    path = tmp_path / "incidents.csv"
    write_incidents(path, N)
    gaz = Gazetteer.from_layers([read_states(fips=["42"]), read_counties(fips=["42"])])
    killed = False

    def crash_at_a_third(read: int) -> None:
        nonlocal killed
        if not killed and read >= N // 3:
            killed = localserver.kill(neo4j_server)

    with pytest.raises(DatabaseUnavailable):
        await run_ingest(
            "incidents",
            path,
            loader=loader,
            gazetteer=gaz,
            batch_size=2_000,
            progress=crash_at_a_third,
        )
    assert killed
    localserver.start(neo4j_server)
    partial = (await loader.counts()).get("Incident", 0)
    assert N // 3 <= partial < N  # committed batches survived the crash, the rest is missing

    report = await run_ingest("incidents", path, loader=loader, gazetteer=gaz, batch_size=2_000)
    assert (report.read, report.loaded, report.rejected) == (N, N, 0)
    counts = await loader.counts()
    assert counts["Incident"] == N
    assert counts["rel:REPORTED_BY"] == N
    assert counts["rel:IN_JURISDICTION"] == 2 * N  # state + county, each exactly once
    assert counts["Agency"] == 1 and counts["Jurisdiction"] == 2
