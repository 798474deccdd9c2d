"""A synthetic region for the query benchmarks: N acquisitions with leads, hits and traces.

    NEO4J_URI=... NEO4J_PASSWORD=... python bench/queries/synth.py --acquisitions 100000

Seeded. Proportions (after NIBIN/ATF figures): 85 % scene casings (2.5 per incident), 15 %
test fires (2 per recovered firearm), 90 % of recovered firearms traced, 0.165 leads per
acquisition as series of 2-6 incidents (one firearm each; 40 % with a recovered gun),
30 % of leads confirmed as hits, 10 % of incidents with a known person (some shared).
Written through the seed writers (graph/queries/seed.py) in batches; the graph is wiped
first.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from domain.enums import EvidenceKind
from domain.models import Agency, Evidence, Incident

T0 = datetime(2021, 1, 1, tzinfo=UTC)
DAYS = 4 * 365
STATES = ["PA", "NJ", "NY", "DE"]
AGENCIES = 20
DISTRICTS_PER_AGENCY = 5


def ori(k: int) -> str:
    return f"{STATES[k % 4]}B{k:06d}0"[:9]


def build(acquisitions: int, seed: int) -> dict[str, list[Any]]:
    rng = random.Random(seed)
    agencies = [
        Agency(ori=ori(k), name=f"Bench agency {k}", state=STATES[k % 4], region="bench")
        for k in range(AGENCIES)
    ]
    juris = [
        {
            "id": f"place:bench{k}",
            "name": f"Place {k}",
            "level": "place",
            "state": STATES[k % 4],
            "vintage": "bench",
        }
        for k in range(AGENCIES)
    ] + [
        {
            "id": f"district:bench{k}-{d}",
            "name": f"District {k}-{d}",
            "level": "district",
            "state": STATES[k % 4],
            "vintage": "bench",
        }
        for k in range(AGENCIES)
        for d in range(DISTRICTS_PER_AGENCY)
    ]
    n_scene = int(acquisitions * 0.85)
    n_incidents = int(n_scene / 2.5)
    n_guns = int(acquisitions * 0.15 / 2)
    incidents: list[Incident] = []
    placements: list[dict[str, Any]] = []
    evidence: list[Evidence] = []
    for i in range(n_incidents):
        k = min(int(rng.paretovariate(1.2)) - 1, AGENCIES - 1)  # a few big agencies
        at = T0 + timedelta(minutes=rng.randint(0, DAYS * 1440))
        iid = f"bi{i:07d}"
        incidents.append(
            Incident(id=iid, agency_ori=agencies[k].ori, occurred_at=at, case_number=f"B-{i}")
        )
        placements += [
            {"incident_id": iid, "jurisdiction_id": f"place:bench{k}"},
            {
                "incident_id": iid,
                "jurisdiction_id": f"district:bench{k}-{rng.randrange(DISTRICTS_PER_AGENCY)}",
            },
        ]
    for e in range(n_scene):
        inc = incidents[e % n_incidents]
        c = inc.occurred_at + timedelta(hours=rng.uniform(0.5, 6))
        evidence.append(
            Evidence(
                id=f"be{e:07d}",
                kind=EvidenceKind.SCENE_CASING,
                calibre="9mm Luger",
                contributing_ori=inc.agency_ori,
                incident_id=inc.id,
                collected_at=c,
                submitted_at=c + timedelta(hours=rng.expovariate(1 / 30)),
                acquired_at=c + timedelta(hours=30 + rng.expovariate(1 / 60)),
            )
        )
    firearms, traces = [], []
    for g in range(n_guns):
        inc = incidents[rng.randrange(n_incidents)]
        gid = f"bf{g:06d}"
        firearms.append(
            {
                "id": gid,
                "serial_number": f"BSN{g:06d}",
                "calibre": "9mm Luger",
                "recovery_ori": inc.agency_ori,
                "recovery_incident_id": inc.id,
                "recovered_at": inc.occurred_at.isoformat(),
            }
        )
        for t in range(2):
            c = inc.occurred_at + timedelta(days=2)
            evidence.append(
                Evidence(
                    id=f"bt{g:06d}-{t}",
                    kind=EvidenceKind.TEST_FIRE,
                    calibre="9mm Luger",
                    contributing_ori=inc.agency_ori,
                    firearm_id=gid,
                    collected_at=c,
                    acquired_at=c + timedelta(days=1),
                )
            )
        if rng.random() < 0.9:
            ttc = int(rng.lognormvariate(6.9, 1.2))
            recovery = inc.occurred_at.date()
            traces.append(
                {
                    "trace_number": f"BT{g:06d}",
                    "firearm_id": gid,
                    "requesting_ori": inc.agency_ori,
                    "requested_at": (inc.occurred_at + timedelta(days=1)).isoformat(),
                    "dealer_ffl": f"FFL{rng.randrange(300):04d}",
                    "dealer_name": "Dealer",
                    "dealer_state": rng.choice([*STATES, "GA", "VA", "SC"]),
                    "purchaser_id": f"bp{rng.randrange(n_guns):06d}",
                    "purchaser_name": "Buyer",
                    "purchaser_dob": None,
                    "purchase_date": (recovery - timedelta(days=ttc)).isoformat(),
                    "recovery_date": recovery.isoformat(),
                    "time_to_crime_days": ttc,
                    "multiple_sale": rng.random() < 0.05,
                    "possessor_differs": rng.random() < 0.6,
                    "possessor_id": None,
                    "possessor_name": None,
                }
            )
    leads, hits = [], []
    n_leads = int(acquisitions * 0.165)
    by_gun = {f["id"]: f for f in firearms}
    pool = list(range(n_incidents))
    rng.shuffle(pool)
    series: list[list[str]] = []
    while len(leads) < n_leads and pool:
        size = min(2 + int(rng.expovariate(1.2)), 6)
        members = {incidents[pool.pop()].id for _ in range(min(size, len(pool)))}
        if series and rng.random() < 0.08:  # a bridge: shares an incident with another series
            members.add(rng.choice(rng.choice(series)))
        gun = f"bf{rng.randrange(n_guns):06d}" if rng.random() < 0.4 else None
        if gun:
            members.add(by_gun[gun]["recovery_incident_id"])
        ordered = sorted(members, key=lambda i: (incidents[int(i[2:])].occurred_at, i))
        if len(ordered) < 2:
            continue
        series.append(ordered)
        # the series grows: one lead per new event (the pair it adds), as reviewers add them
        for k in range(1, len(ordered)):
            part = ordered[: k + 1]
            created = incidents[int(part[-1][2:])].occurred_at + timedelta(
                hours=30 + rng.expovariate(1 / 48)
            )
            ev = [{"id": f"be{int(i[2:]):07d}", "added_at": created.isoformat()} for i in part[-2:]]
            pairs = [[part[-2], part[-1]]]
            lid = f"bl{len(leads):06d}"
            oris = {incidents[int(i[2:])].agency_ori for i in part[-2:]}
            leads.append(
                {
                    "id": lid,
                    "status": "lead",
                    "agency_ori": oris.pop(),
                    "created_by": "tech",
                    "created_at": created.isoformat(),
                    "calibre": "9mm Luger",
                    "cross_jurisdiction": bool(oris),
                    "evidence": ev,
                    "incident_ids": part[-2:],
                    "firearm_ids": [gun] if gun else [],
                    "pairs": pairs,
                }
            )
            if rng.random() < 0.3:
                hits.append(
                    {
                        "id": f"bh{len(leads):06d}",
                        "lead_id": lid,
                        "examiner": "ex",
                        "confirmed_at": (
                            created + timedelta(days=rng.expovariate(1 / 20))
                        ).isoformat(),
                        "report_number": f"R{len(leads)}",
                        "credited_ori": incidents[int(part[-1][2:])].agency_ori,
                        "warm": rng.random() < 0.05,
                        "incident_ids": part[-2:],
                        "pairs": pairs,
                    }
                )
    people = [
        {
            "incident_id": incidents[rng.randrange(n_incidents)].id,
            "person_id": f"bx{rng.randrange(n_incidents // 15):06d}",
            "role": "suspect",
        }
        for _ in range(n_incidents // 10)
    ]
    return {
        "agencies": agencies,
        "jurisdictions": juris,
        "incidents": incidents,
        "placements": placements,
        "firearms": firearms,
        "evidence": evidence,
        "traces": traces,
        "leads": leads,
        "hits": hits,
        "people": people,
    }


async def load(data: dict[str, list[Any]]) -> None:
    from domain.settings import Settings
    from graph.driver import make_driver
    from graph.repos.agencies import AgencyRepo
    from graph.repos.evidence import EvidenceRepo
    from graph.repos.incidents import IncidentRepo
    from graph.repos.seed import SeedRepo
    from graph.schema import apply_schema

    settings = Settings()  # type: ignore[call-arg]
    driver = make_driver(settings)
    db = settings.neo4j_database
    await apply_schema(driver, database=db)
    async with driver.session(database=db) as s:
        await s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
    seed = SeedRepo(driver, database=db)
    steps = [
        ("agencies", lambda: AgencyRepo(driver, database=db).upsert(data["agencies"])),
        ("jurisdictions", lambda: seed.jurisdictions(data["jurisdictions"])),
        ("incidents", lambda: _chunks(IncidentRepo(driver, database=db).upsert, data["incidents"])),
        ("placements", lambda: seed.placements(data["placements"])),
        ("firearms", lambda: seed.firearms(data["firearms"])),
        ("evidence", lambda: _chunks(EvidenceRepo(driver, database=db).upsert, data["evidence"])),
        ("traces", lambda: seed.traces(data["traces"])),
        ("leads", lambda: seed.leads(data["leads"])),
        ("hits", lambda: seed.hits(data["hits"])),
        ("people", lambda: seed.involvements(data["people"])),
    ]
    for name, step in steps:
        t = time.perf_counter()
        await step()
        print(
            f"  {name:14s} {len(data[name]):8d} rows  {time.perf_counter() - t:6.1f} s", flush=True
        )
    await driver.close()


async def _chunks(fn: Any, rows: list[Any], size: int = 5000) -> None:
    for k in range(0, len(rows), size):
        await fn(rows[k : k + size])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--acquisitions", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    t = time.perf_counter()
    data = build(args.acquisitions, args.seed)
    print(f"generated {args.acquisitions} acquisitions in {time.perf_counter() - t:.1f} s")
    asyncio.run(load(data))
    print(f"total {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
