"""A graph with planted shooting cycles, written straight into Neo4j, and its ground truth.

Cycles are planted as lead series (one firearm each) whose incidents are linked pairwise by
LEAD_LINK and, where an examiner confirmed them, by HIT_LINK (docs/graph-model.md).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any

from domain.enums import EvidenceKind
from domain.models import Evidence, Incident
from tests import factories as f

T0 = datetime(2024, 1, 1, tzinfo=UTC)
AS_OF = datetime(2024, 12, 31, tzinfo=UTC)

JURISDICTIONS = [
    {"id": "place:3651000", "name": "New York city", "level": "place", "state": "NY"},
    {"id": "place:4260000", "name": "Philadelphia city", "level": "place", "state": "PA"},
    {"id": "place:0644000", "name": "Los Angeles city", "level": "place", "state": "CA"},
    {"id": "district:nypd-75", "name": "75th Precinct", "level": "district", "state": "NY"},
    {"id": "district:nypd-73", "name": "73rd Precinct", "level": "district", "state": "NY"},
    {"id": "district:ppd-24", "name": "24th District", "level": "district", "state": "PA"},
]
PLACE = {f.NYPD: "place:3651000", f.PPD: "place:4260000", f.OTHER: "place:0644000"}
DISTRICT = {f.NYPD: "district:nypd-75", f.PPD: "district:ppd-24"}


@dataclass
class Planted:
    incidents: list[Incident] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    placements: list[dict[str, Any]] = field(default_factory=list)
    firearms: list[dict[str, Any]] = field(default_factory=list)
    leads: list[dict[str, Any]] = field(default_factory=list)
    hits: list[dict[str, Any]] = field(default_factory=list)
    involvements: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    traces: list[dict[str, Any]] = field(default_factory=list)
    hit_pairs: set[frozenset[str]] = field(default_factory=set)  # truth: confirmed links
    lead_pairs: set[frozenset[str]] = field(default_factory=set)  # truth: unconfirmed links
    cycles: dict[str, list[str]] = field(default_factory=dict)  # name -> incident ids in order

    def incident(self, ori: str, at: datetime, name: str, district: str | None = None) -> str:
        inc = f.incident(ori, id=name, occurred_at=at)
        self.incidents.append(inc)
        self.placements.append({"incident_id": name, "jurisdiction_id": PLACE[ori]})
        if ori in DISTRICT:
            self.placements.append(
                {"incident_id": name, "jurisdiction_id": district or DISTRICT[ori]}
            )
        self.evidence.append(
            f.evidence(
                name,
                ori,
                id=f"{name}-ev1",
                collected_at=at + timedelta(hours=2),
                submitted_at=at + timedelta(hours=20),
                acquired_at=at + timedelta(hours=30),
            )
        )
        return name

    def series(
        self,
        lead_id: str,
        incidents: list[str],
        *,
        confirmed: list[str] | None = None,
        firearm: str | None = None,
        warm: bool = False,
    ) -> None:
        """A lead grouping the incidents' casings; a hit on the ``confirmed`` subset."""
        by_id = {i.id: i for i in self.incidents}
        ordered = sorted(incidents, key=lambda i: (by_id[i].occurred_at, i))
        created = by_id[ordered[-1]].occurred_at + timedelta(hours=40)
        evidence = [{"id": f"{i}-ev1", "added_at": created.isoformat()} for i in ordered]
        firearm_ids: list[str] = []
        if firearm is not None:
            recovered_in = ordered[-1]
            self.firearms.append(
                {
                    "id": firearm,
                    "serial_number": f"SN-{firearm}",
                    "calibre": "9mm Luger",
                    "recovery_ori": by_id[recovered_in].agency_ori,
                    "recovery_incident_id": recovered_in,
                    "recovered_at": by_id[recovered_in].occurred_at.isoformat(),
                }
            )
            tf = Evidence(
                id=f"{firearm}-tf1",
                kind=EvidenceKind.TEST_FIRE,
                calibre="9mm Luger",
                contributing_ori=by_id[recovered_in].agency_ori,
                firearm_id=firearm,
                collected_at=by_id[recovered_in].occurred_at + timedelta(hours=3),
                acquired_at=by_id[recovered_in].occurred_at + timedelta(hours=26),
            )
            self.evidence.append(tf)
            evidence.append({"id": tf.id, "added_at": created.isoformat()})
            firearm_ids.append(firearm)
        pairs = [list(p) for p in combinations(ordered, 2)]
        self.leads.append(
            {
                "id": lead_id,
                "status": "lead",
                "agency_ori": by_id[ordered[0]].agency_ori,
                "created_by": "tech",
                "created_at": created.isoformat(),
                "calibre": "9mm Luger",
                "cross_jurisdiction": len({by_id[i].agency_ori for i in ordered}) > 1,
                "evidence": evidence,
                "incident_ids": ordered,
                "firearm_ids": firearm_ids,
                "pairs": pairs,
            }
        )
        self.lead_pairs |= {frozenset(p) for p in pairs}
        if confirmed:
            conf = [i for i in ordered if i in confirmed]
            cpairs = [list(p) for p in combinations(conf, 2)]
            self.hits.append(
                {
                    "id": f"hit-{lead_id}",
                    "lead_id": lead_id,
                    "examiner": "examiner",
                    "confirmed_at": (created + timedelta(days=3)).isoformat(),
                    "report_number": f"R-{lead_id}",
                    "credited_ori": by_id[conf[0]].agency_ori,
                    "warm": warm,
                    "incident_ids": conf,
                    "pairs": cpairs,
                }
            )
            self.hit_pairs |= {frozenset(p) for p in cpairs}


def scenario() -> Planted:
    """Hand-made cycles covering each case the analysis must get right."""
    p = Planted()
    d = lambda n: T0 + timedelta(days=n)  # noqa: E731
    # A: four NYPD shootings, one unrecovered gun, all confirmed; a gun recovered at a4.
    a = [p.incident(f.NYPD, d(10 + 7 * k), f"a{k + 1}") for k in range(4)]
    p.series("lead-a", a, confirmed=a)
    p.firearms.append(
        {
            "id": "gun-a4",
            "serial_number": "SN-A4",
            "calibre": "9mm Luger",
            "recovery_ori": f.NYPD,
            "recovery_incident_id": "a4",
            "recovered_at": d(31).isoformat(),
        }
    )
    p.cycles["A"] = a
    # B: NYPD -> Philadelphia confirmed (recovered gun), b3 joined only by an unconfirmed lead.
    b = [
        p.incident(f.NYPD, d(50), "b1"),
        p.incident(f.PPD, d(52), "b2"),
        p.incident(f.PPD, d(200), "b3"),
    ]
    p.series("lead-b", b[:2], confirmed=b[:2], firearm="gun-b")
    p.series("lead-b3", [b[1], b[2]])
    p.cycles["B"] = b
    # C: two incidents on an unconfirmed lead only.
    c = [p.incident(f.NYPD, d(100), "c1", "district:nypd-73"), p.incident(f.NYPD, d(101), "c2")]
    p.series("lead-c", c)
    p.cycles["C"] = c
    # D: the same suspect in two shootings, no ballistic link.
    dd = [p.incident(f.NYPD, d(120), "d1"), p.incident(f.NYPD, d(125), "d2")]
    p.involvements += [{"incident_id": i, "person_id": "person-d", "role": "suspect"} for i in dd]
    p.cycles["D"] = dd
    # E: a chain of 10 confirmed hits, one per pair in turn (diameter 9 > one search round).
    e = [p.incident(f.PPD, d(300 + 3 * k), f"e{k:02d}") for k in range(10)]
    for k in range(9):
        p.series(f"lead-e{k}", e[k : k + 2], confirmed=e[k : k + 2])
    p.cycles["E"] = e
    # F: an agency outside the region: invisible to NYPD callers, and never traversed.
    fx = [p.incident(f.OTHER, d(40), "x1"), p.incident(f.OTHER, d(41), "x2")]
    p.series("lead-x", fx, confirmed=fx)
    p.series("lead-ax", ["a1", "x1"], confirmed=["a1", "x1"])  # a hidden bridge out of A
    p.cycles["X"] = fx
    # Traces: gun-b (Philadelphia's trace) and a straw purchaser's guns (New York's traces),
    # all from one Georgia dealer, bought within days, short time-to-crime.
    p.traces.append(_trace("T-B", "gun-b", f.PPD, "p-owner", "2023-10-01", "2024-02-21"))
    for k in range(3):
        gun = f"gun-s{k}"
        p.firearms.append(
            {
                "id": gun,
                "serial_number": f"SN-S{k}",
                "recovery_ori": f.NYPD,
                "recovered_at": d(60 + k).isoformat(),
            }
        )
        p.traces.append(
            _trace(f"T-S{k}", gun, f.NYPD, "p-straw", f"2023-12-0{k + 1}", f"2024-03-0{k + 1}")
        )
    p.traces.append(_trace("T-X", "gun-b", f.OTHER, "p-west", "2023-10-01", "2024-02-21"))
    # Noise: unlinked incidents.
    for k in range(5):
        p.incident(f.NYPD, d(5 + k), f"n{k}")
    return p


def _trace(
    number: str, gun: str, ori: str, buyer: str, bought: str, recovered: str
) -> dict[str, Any]:
    from datetime import date

    ttc = (date.fromisoformat(recovered) - date.fromisoformat(bought)).days
    return {
        "trace_number": number,
        "firearm_id": gun,
        "requesting_ori": ori,
        "requested_at": recovered + "T12:00:00+00:00",
        "dealer_ffl": "1-58-000-01-0A-00001",
        "dealer_name": "Peach State Guns",
        "dealer_state": "GA",
        "purchaser_id": buyer,
        "purchaser_name": f"Name of {buyer}",
        "purchaser_dob": None,
        "purchase_date": bought,
        "recovery_date": recovered,
        "time_to_crime_days": ttc,
        "multiple_sale": buyer == "p-straw",
        "possessor_differs": True,
        "possessor_id": f"possessor-{gun}",
        "possessor_name": f"Possessor of {gun}",
    }


def random_cycles(seed: int, n_cycles: int, *, oris: tuple[str, ...] = (f.NYPD, f.PPD)) -> Planted:
    """``n_cycles`` random cycles (3-8 incidents) each confirmed on a random spanning chain;
    some extra unconfirmed leads inside cycles; noise incidents between them."""
    rng = random.Random(seed)
    p = Planted()
    for c in range(n_cycles):
        size = rng.randint(3, 8)
        start = T0 + timedelta(days=rng.randint(0, 300))
        ids = [
            p.incident(rng.choice(oris), start + timedelta(hours=rng.randint(1, 2000)), f"r{c}-{k}")
            for k in range(size)
        ]
        ordered = sorted(ids, key=lambda i: next(x.occurred_at for x in p.incidents if x.id == i))
        for k in range(size - 1):  # a hit on each consecutive pair: connected, confirmed
            pair = ordered[k : k + 2]
            p.series(f"lead-r{c}-{k}", pair, confirmed=pair)
        if size > 3 and rng.random() < 0.5:
            p.series(f"lead-r{c}-x", [ordered[0], ordered[-1]])  # an extra unconfirmed lead
        p.cycles[f"R{c}"] = ordered
        for k in range(rng.randint(0, 3)):
            p.incident(rng.choice(oris), start + timedelta(days=k), f"noise{c}-{k}")
    return p


async def write(svc: Any, p: Planted) -> None:
    from graph.repos.evidence import EvidenceRepo
    from graph.repos.incidents import IncidentRepo
    from graph.repos.seed import SeedRepo
    from services.cache import clear_all

    await f.seed_agencies(svc)
    seed = svc.repo(SeedRepo)
    await seed.jurisdictions([{**j, "vintage": "test"} for j in JURISDICTIONS])
    await svc.repo(IncidentRepo).upsert(p.incidents)
    await seed.placements(p.placements)
    await seed.firearms(p.firearms)
    await svc.repo(EvidenceRepo).upsert(p.evidence)
    await seed.leads(p.leads)
    await seed.hits(p.hits)
    await seed.involvements(p.involvements)
    await seed.follow_ups(p.follow_ups)
    await seed.traces(p.traces)
    clear_all()
