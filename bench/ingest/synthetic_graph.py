"""Sustained write rate and a synthetic graph of N acquisitions, streamed (bounded memory).

Run from the repository root against a running Neo4j (``cgintel neo4j start``):

    NEO4J_URI=... NEO4J_PASSWORD=... python bench/ingest/synthetic_graph.py --acquisitions 1000000

Proportions per acquisition (documented in docs/benchmarks.md, from NIBIN/ATF figures):
85 % scene casings / 15 % test fires (2 per recovered firearm); 2.5 scene casings per
incident; 90 % of recovered firearms traced; 0.165 leads per acquisition, each grouping 2
acquisitions (FY2024: 217k leads for 658k acquisitions); 30 % of leads confirmed as hits;
``--candidates`` correlation candidates stored per acquisition (default 5: the top of the
ranked list that reviewers look at). Records are generated chunk by chunk and written with
the same batched UNWIND MERGE loaders as ``cgintel ingest``: memory stays bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psutil

from domain.settings import Settings
from graph.driver import make_driver
from graph.loaders import GraphLoader, LoadKind, delete_everything
from graph.schema import apply_schema

T0 = datetime(2020, 1, 1, tzinfo=UTC)
LEADS_PER_ACQUISITION = 0.165  # each lead groups 2 acquisitions: 0.33 acquisitions in a lead
CALIBRES = ["9mm Luger", ".40 S&W", ".45 Auto", ".380 Auto"]


def _agencies(n: int) -> list[dict[str, Any]]:
    return [
        {
            "ori": f"PA{i:07d}",
            "name": f"Agency {i}",
            "agency_type": "City",
            "state": "PA",
            "county": None,
            "county_fips": None,
            "latitude": None,
            "longitude": None,
            "region": "bench",
        }
        for i in range(n)
    ]


def chunk(
    k: int, size: int, *, rng: random.Random, oris: list[str], candidates: int
) -> dict[LoadKind, list[dict[str, Any]]]:
    """Rows for acquisitions ``k*size .. (k+1)*size``: pure function of ``k`` and the seed."""
    out: dict[LoadKind, list[dict[str, Any]]] = {kind: [] for kind in LoadKind}
    base = k * size
    n_scene = int(size * 0.85)
    n_guns = (size - n_scene) // 2
    incidents = []
    for j in range(int(n_scene / 2.5)):
        iid = f"b-inc:{k}:{j}"
        at = T0 + timedelta(minutes=rng.randrange(5 * 365 * 1440))
        incidents.append(iid)
        lat, lon = 39.9 + rng.random() * 0.2, -75.3 + rng.random() * 0.3
        out[LoadKind.INCIDENT].append(
            {
                "id": iid,
                "agency_ori": rng.choice(oris),
                "case_number": iid,
                "offense": "shooting",
                "occurred_at": at.isoformat(),
                "latitude": lat,
                "longitude": lon,
                "address": None,
                "killed": 0,
                "injured": 1,
                "source": "bench",
            }
        )
    ev = []
    for j in range(n_scene):
        eid = f"b-ev:{base + j}"
        ev.append(eid)
        out[LoadKind.EVIDENCE].append(
            _ev(eid, "scene_casing", rng, oris, incident_id=incidents[j % len(incidents)])
        )
    for g in range(n_guns):
        fid = f"b-fa:{k}:{g}"
        out[LoadKind.FIREARM].append(
            {
                "id": fid,
                "serial_number": f"S{k}{g}",
                "obliterated": False,
                "manufacturer": "Glock",
                "model": "19",
                "firearm_type": "pistol",
                "calibre": "9mm Luger",
                "country": "USA",
                "importer": None,
                "recovered_at": T0.isoformat(),
                "recovery_incident_id": incidents[g % len(incidents)],
                "recovery_ori": oris[0],
                "recovery_latitude": None,
                "recovery_longitude": None,
            }
        )
        for t in (1, 2):
            eid = f"b-tf:{k}:{g}:{t}"
            ev.append(eid)
            out[LoadKind.EVIDENCE].append(_ev(eid, "test_fire", rng, oris, firearm_id=fid))
        if rng.random() < 0.9:
            bought = T0.date() - timedelta(days=rng.randrange(10, 4000))
            out[LoadKind.TRACE].append(
                {
                    "trace_number": f"b-t:{k}:{g}",
                    "firearm_id": fid,
                    "requesting_ori": oris[0],
                    "requested_at": T0.isoformat(),
                    "dealer_ffl": f"1-23-{rng.randrange(100, 140)}-01-2B-00001",
                    "dealer_name": "Dealer",
                    "dealer_address": None,
                    "dealer_state": "PA",
                    "purchaser_id": f"b-p:{rng.randrange(10**6)}",
                    "purchaser_name": "P",
                    "purchaser_dob": None,
                    "purchaser_address": None,
                    "purchase_date": bought.isoformat(),
                    "recovery_date": T0.date().isoformat(),
                    "possessor_id": None,
                    "possessor_name": None,
                    "multiple_sale": False,
                    "time_to_crime_days": (T0.date() - bought).days,
                    "possessor_differs": None,
                }
            )
    for j in range(int(size * LEADS_PER_ACQUISITION)):
        lid = f"b-lead:{k}:{j}"
        a, b = rng.sample(ev, 2)
        out[LoadKind.LEAD].append(
            {
                "id": lid,
                "status": "lead",
                "evidence_ids": [a, b],
                "created_by": "bench",
                "created_at": T0.isoformat(),
                "agency_ori": oris[0],
            }
        )
        if rng.random() < 0.3:
            out[LoadKind.HIT].append(
                {
                    "id": f"b-hit:{k}:{j}",
                    "lead_id": lid,
                    "examiner": "x",
                    "conclusion": "identification",
                    "confirmed_at": T0.isoformat(),
                    "report_number": lid,
                    "credited_ori": oris[0],
                    "warm": False,
                }
            )
    for q in ev:
        for r in range(1, candidates + 1):
            out[LoadKind.CANDIDATE].append(
                {
                    "query_id": q,
                    "candidate_id": rng.choice(ev),
                    "rank": r,
                    "combined": 1.0 / r,
                    "breech_face": rng.random(),
                    "firing_pin": rng.random(),
                    "ejector": None,
                    "algorithm": "bench",
                    "version": "1",
                    "run_id": f"run:{q}",
                    "run_at": T0.isoformat(),
                }
            )
    return out


def _ev(
    eid: str,
    kind: str,
    rng: random.Random,
    oris: list[str],
    *,
    incident_id: str | None = None,
    firearm_id: str | None = None,
) -> dict[str, Any]:
    return {
        "id": eid,
        "kind": kind,
        "calibre": rng.choice(CALIBRES),
        "contributing_ori": rng.choice(oris),
        "case_number": None,
        "item_number": None,
        "incident_id": incident_id,
        "firearm_id": firearm_id,
        "collected_at": None,
        "submitted_at": None,
        "acquired_at": T0.isoformat(),
        "scan_sha256": None,
        "scan_uri": None,
        "regions": ["breech_face", "firing_pin"],
    }


ORDER = [
    LoadKind.INCIDENT,
    LoadKind.FIREARM,
    LoadKind.EVIDENCE,
    LoadKind.TRACE,
    LoadKind.LEAD,
    LoadKind.HIT,
    LoadKind.CANDIDATE,
]


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--acquisitions", type=int, default=100_000)
    ap.add_argument("--chunk", type=int, default=10_000, help="acquisitions generated at once")
    ap.add_argument("--batch", type=int, default=10_000, help="rows per transaction")
    ap.add_argument("--candidates", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="do not empty the database first")
    args = ap.parse_args()
    s = Settings()  # type: ignore[call-arg]
    driver = make_driver(s)
    loader = GraphLoader(driver, database=s.neo4j_database)
    if not args.keep:
        await delete_everything(driver, database=s.neo4j_database)
    await apply_schema(driver, database=s.neo4j_database)
    rng = random.Random(args.seed)
    oris = [a["ori"] for a in _agencies(50)]
    await loader.load_rows(LoadKind.AGENCY, _agencies(50))
    me = psutil.Process()
    neo = _neo4j_process()
    peak, neo_peak, written, per_kind = 0, 0, 0, dict.fromkeys(ORDER, 0.0)
    started = time.perf_counter()
    for k in range(max(1, args.acquisitions // args.chunk)):
        rows = chunk(k, args.chunk, rng=rng, oris=oris, candidates=args.candidates)
        for kind in ORDER:
            t = time.perf_counter()
            for i in range(0, len(rows[kind]), args.batch):
                r = await loader.load_rows(kind, rows[kind][i : i + args.batch])
                written += r.nodes_created + r.relationships_created
            per_kind[kind] += time.perf_counter() - t
        peak = max(peak, me.memory_info().rss)
        if neo is not None:
            neo_peak = max(neo_peak, neo.memory_info().rss)
        el = time.perf_counter() - started
        print(
            f"chunk {k + 1}: {written:,} records in {el:.0f} s = {written / el:,.0f}/s",
            file=sys.stderr,
            flush=True,
        )
    elapsed = time.perf_counter() - started
    counts = await loader.counts()
    await driver.close()
    print(
        json.dumps(
            {
                "acquisitions": args.acquisitions,
                "candidates_per_acquisition": args.candidates,
                "elapsed_s": round(elapsed, 1),
                "records_written": written,
                "records_per_s": round(written / elapsed),
                "loader_peak_rss_mib": peak >> 20,
                "neo4j_peak_rss_mib": neo_peak >> 20,
                "seconds_per_kind": {k.value: round(v, 1) for k, v in per_kind.items()},
                "counts": counts,
            },
            indent=1,
        )
    )


def _neo4j_process() -> psutil.Process | None:
    from graph.localserver import ServerConfig, running_pid

    cfg = ServerConfig(
        home=Path(os.environ.get("CGI_NEO4J_HOME", "var/neo4j")), uri="", user="", password=""
    )
    pid = running_pid(cfg)
    return psutil.Process(pid) if pid else None


if __name__ == "__main__":
    asyncio.run(main())
