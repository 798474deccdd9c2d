"""A deterministic (seeded), realistic demo region on the real NYPD and Philadelphia data.

Firearms are reused across incidents (mostly nearby, some across precincts, a few between
the two cities); recovered guns get test fires and eTrace results whose time-to-crime is
about a quarter under 1 year and about half within 3 years (ATF's published shape); two
trafficking patterns (one dealer, one straw purchaser, each sourcing many crime guns with
short TTC); planted shooting cycles (retaliatory chains linked through shared guns). The
ground truth goes to a JSON file that tests and the matching evaluation use.

Without real incident files it falls back to synthetic incidents inside real county polygons
(:mod:`ingest.demo_synth`) and says so in ``Scenario.source``.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from domain.enums import EvidenceKind
from domain.models import Agency, Evidence, Firearm, Incident, Trace
from ingest.nypd import NYPD_ORI
from ingest.philadelphia import PHILADELPHIA_ORI

CALIBRES = [
    ("9mm Luger", 0.55),
    (".40 S&W", 0.15),
    (".45 Auto", 0.1),
    (".380 Auto", 0.1),
    (".38 Special", 0.05),
    ("7.62x39mm", 0.05),
]
MAKERS = ["Glock", "Smith & Wesson", "Taurus", "Ruger", "SCCY", "Hi-Point", "Sig Sauer"]
DEALER_STATES = ["PA", "PA", "PA", "VA", "GA", "SC", "NC", "NY", "NJ", "FL"]
TTC_MEDIAN_DAYS = 3 * 365
REUSE = 0.2  # with the cycles: about a third of shootings link to another one
# Ordinary guns: P(TTC < 1 year) = 20 %; with the trafficked guns (all < 1 year) the whole
# set lands at about 25 % under 1 year and about half within 3 years (ATF's published shape).
TTC_SIGMA = math.log(3) / 0.842
AGENCIES = [
    Agency(
        ori=NYPD_ORI,
        name="New York City Police Department",
        agency_type="City",
        state="NY",
        region="I-95",
    ),
    Agency(
        ori=PHILADELPHIA_ORI,
        name="Philadelphia Police Department",
        agency_type="City",
        state="PA",
        county="PHILADELPHIA",
        region="I-95",
    ),
]


@dataclass
class Scenario:
    seed: int
    source: str
    incidents: list[Incident]
    firearms: list[Firearm] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    traces: list[Trace] = field(default_factory=list)
    truth: dict[str, Any] = field(default_factory=dict)


def real_incidents(shared_data: Path, *, rng: random.Random, per_city: int) -> list[Incident]:
    """A seeded sample of real incidents, 2016-2018 (years both files cover)."""
    from ingest.nypd import read_nypd_shootings
    from ingest.philadelphia import read_philadelphia_shootings

    nypd = shared_data / "incidents/nypd/NYPD_Shooting_Incident_Data__Historic_.csv"
    nyc = [
        r
        for b in read_nypd_shootings(nypd)
        for r in b.records
        if 2016 <= r.occurred_at.year <= 2018
    ]
    phl: list[Incident] = []
    for year in (2016, 2017, 2018):
        path = shared_data / f"incidents/philadelphia/shootings_{year}.json"
        phl += [r for b in read_philadelphia_shootings(path) for r in b.records]
    out = []
    for pool in (nyc, phl):
        pool.sort(key=lambda i: i.id)
        out += rng.sample(pool, min(per_city, len(pool)))
    return out


def _pick_calibre(rng: random.Random) -> str:
    return rng.choices([c for c, _ in CALIBRES], [w for _, w in CALIBRES])[0]


def _near(a: Incident, b: Incident) -> float:
    dy = (a.latitude or 0) - (b.latitude or 0)
    dx = ((a.longitude or 0) - (b.longitude or 0)) * 0.76
    return math.hypot(dx, dy) * 111_000


class _Builder:
    def __init__(self, scenario: Scenario, rng: random.Random) -> None:
        self.s, self.rng = scenario, rng
        self.by_city: dict[str, list[Incident]] = defaultdict(list)
        for inc in sorted(scenario.incidents, key=lambda i: (i.occurred_at, i.id)):
            self.by_city[inc.agency_ori].append(inc)
        self.uses: dict[str, list[Incident]] = {}
        self.calibre: dict[str, str] = {}
        self.n_ev = 0

    def new_gun(self) -> str:
        fid = f"demo-fa:{len(self.uses):05d}"
        self.uses[fid] = []
        self.calibre[fid] = _pick_calibre(self.rng)
        return fid

    def later(self, inc: Incident, *, city: str, near: bool) -> Incident | None:
        pool = [
            c
            for c in self.by_city[city]
            if inc.occurred_at < c.occurred_at <= inc.occurred_at + timedelta(days=365)
        ]
        if not pool:
            return None
        if near:
            pool = sorted(pool, key=lambda c: _near(inc, c))[:8]
        return self.rng.choice(pool)

    def chains(self) -> None:
        """Each incident gets a gun; a gun is reused with probability ``REUSE`` per step."""
        for city, incs in self.by_city.items():
            other = PHILADELPHIA_ORI if city == NYPD_ORI else NYPD_ORI
            for inc in incs:
                if any(inc in u for u in self.uses.values()):
                    continue
                fid = self.new_gun()
                self.uses[fid].append(inc)
                cur = inc
                while self.rng.random() < REUSE:
                    r = self.rng.random()
                    nxt = self.later(cur, city=other if r < 0.06 else city, near=r > 0.35)
                    if nxt is None:
                        break
                    self.uses[fid].append(nxt)
                    cur = nxt

    def cycles(self, n: int) -> list[dict[str, Any]]:
        """Retaliatory chains: 5 shootings within ~2 km / 90 days, each pair of consecutive
        shootings sharing a gun."""
        out = []
        for k in range(n):
            city = (NYPD_ORI, PHILADELPHIA_ORI)[k % 2]
            seed = self.rng.choice(self.by_city[city][: len(self.by_city[city]) // 2])
            members = [seed]
            for _ in range(4):
                pool = [
                    c
                    for c in self.by_city[city]
                    if members[-1].occurred_at
                    < c.occurred_at
                    <= members[-1].occurred_at + timedelta(days=30)
                    and c not in members
                ]
                if not pool:
                    break
                members.append(min(pool, key=lambda c: _near(seed, c)))
            guns = []
            for a, b in itertools.pairwise(members):
                fid = self.new_gun()
                self.uses[fid] += [a, b]
                guns.append(fid)
            out.append(
                {"id": f"cycle-{k + 1}", "incidents": [m.id for m in members], "firearms": guns}
            )
        return out

    def evidence(self) -> None:
        for fid, incs in self.uses.items():
            for inc in incs:
                for _ in range(self.rng.choice([1, 1, 2, 3])):
                    self.n_ev += 1
                    self.s.evidence.append(
                        Evidence(
                            id=f"demo-ev:{self.n_ev:06d}",
                            kind=EvidenceKind.SCENE_CASING,
                            calibre=self.calibre[fid],
                            contributing_ori=inc.agency_ori,
                            case_number=inc.case_number,
                            item_number=str(self.n_ev),
                            incident_id=inc.id,
                            collected_at=inc.occurred_at + timedelta(hours=2),
                            submitted_at=inc.occurred_at + timedelta(hours=20),
                            acquired_at=inc.occurred_at + timedelta(days=self.rng.randint(1, 6)),
                            regions=("breech_face", "firing_pin", "ejector"),
                        )
                    )
                    self.s.truth["evidence_firearm"][f"demo-ev:{self.n_ev:06d}"] = fid

    def recover_and_trace(self) -> None:
        """~40 % of guns recovered after their last shooting; test fires and a trace each.

        Two trafficking patterns: one dealer, one straw purchaser (multiple sales), each
        sourcing many of the recovered guns with short time-to-crime.
        """
        rng = self.rng
        dealers = [
            (
                f"{rng.randint(1, 9)}-{rng.randint(10, 99)}-{rng.randint(100, 999)}-01-"
                f"{rng.choice('123456789')}{rng.choice('ABCDEFGHJK')}-{rng.randint(10000, 99999)}",
                st,
            )
            for st in DEALER_STATES * 4
        ]
        hot_dealer = dealers[3]  # a VA dealer on the I-95 corridor
        straw = ("demo-person:straw-1", "Straw Purchaser One")
        recovered = sorted(f for f in self.uses if rng.random() < 0.4)
        patterns = {"dealer": [], "straw": []}  # type: dict[str, list[str]]
        for n, fid in enumerate(recovered):
            last = max(self.uses[fid], key=lambda i: i.occurred_at)
            at = last.occurred_at + timedelta(days=rng.randint(0, 20))
            role = "dealer" if n % 25 == 0 else "straw" if n % 40 == 5 else "plain"
            ttc = (
                rng.randint(40, 330)
                if role != "plain"
                else int(
                    min(30 * 365, max(7, rng.lognormvariate(math.log(TTC_MEDIAN_DAYS), TTC_SIGMA)))
                )
            )
            self.s.firearms.append(
                Firearm(
                    id=fid,
                    serial_number=None if rng.random() < 0.08 else f"SN{rng.randint(10**6, 10**7)}",
                    obliterated=False,
                    manufacturer=rng.choice(MAKERS),
                    firearm_type="pistol",
                    calibre=self.calibre[fid],
                    country="USA",
                    recovered_at=at,
                    recovery_incident_id=last.id,
                    recovery_ori=last.agency_ori,
                    recovery_latitude=last.latitude,
                    recovery_longitude=last.longitude,
                )
            )
            for t in (1, 2):
                self.s.evidence.append(
                    Evidence(
                        id=f"demo-tf:{fid.split(':')[1]}-{t}",
                        kind=EvidenceKind.TEST_FIRE,
                        calibre=self.calibre[fid],
                        contributing_ori=last.agency_ori,
                        firearm_id=fid,
                        item_number=f"TF{t}",
                        acquired_at=at + timedelta(days=2),
                        regions=("breech_face", "firing_pin", "ejector"),
                    )
                )
            ffl, dstate = (
                hot_dealer
                if role == "dealer"
                else (dealers[n % 2] if role == "straw" else rng.choice(dealers))
            )
            buyer = straw[0] if role == "straw" else f"demo-person:p{n:05d}"
            possessor = f"demo-person:x{n:05d}" if role != "plain" or rng.random() < 0.7 else buyer
            recovery_day: date = at.date()
            self.s.traces.append(
                Trace(
                    trace_number=f"T{2016 + n % 3}-{n:06d}",
                    firearm_id=fid,
                    requesting_ori=last.agency_ori,
                    requested_at=at + timedelta(days=1),
                    dealer_ffl=ffl,
                    dealer_name=f"Demo Guns {ffl[-5:]}",
                    dealer_state=dstate,
                    purchaser_id=buyer,
                    purchaser_name=straw[1] if role == "straw" else f"Purchaser {n}",
                    purchase_date=recovery_day - timedelta(days=ttc),
                    recovery_date=recovery_day,
                    possessor_id=possessor,
                    multiple_sale=role == "straw",
                )
            )
            if role != "plain":
                patterns[role].append(fid)
        self.s.truth["trafficking"] = [
            {"kind": "dealer", "dealer_ffl": hot_dealer[0], "firearms": patterns["dealer"]},
            {"kind": "straw_purchaser", "purchaser_id": straw[0], "firearms": patterns["straw"]},
        ]


def build_scenario(
    *, seed: int = 7, per_city: int = 1_200, shared_data: Path | None = None
) -> Scenario:
    """Pure: the same seed and inputs give the same scenario (records and ground truth)."""
    rng = random.Random(seed)
    nypd = (
        shared_data / "incidents/nypd/NYPD_Shooting_Incident_Data__Historic_.csv"
        if shared_data
        else None
    )
    if nypd is not None and nypd.exists():
        incidents = real_incidents(shared_data, rng=rng, per_city=per_city)  # type: ignore[arg-type]
        source = f"real NYPD and Philadelphia incidents from {shared_data}"
    else:
        from ingest.demo_synth import synthetic_incidents

        incidents = synthetic_incidents(rng=rng, per_city=per_city)
        source = (
            "synthetic incidents inside real county polygons (plotly-geo) of New York "
            "City and Philadelphia: no real incident files found"
        )
    s = Scenario(seed=seed, source=source, incidents=incidents)
    s.truth = {"seed": seed, "source": source, "evidence_firearm": {}}
    b = _Builder(s, rng)
    b.chains()
    cycles = b.cycles(4)
    b.evidence()
    b.recover_and_trace()
    shared = {
        f: [i.id for i in sorted(u, key=lambda i: i.occurred_at)]
        for f, u in b.uses.items()
        if len({i.id for i in u}) > 1
    }
    cross = [f for f, u in b.uses.items() if len({i.agency_ori for i in u}) > 1]
    s.truth.update(
        {
            "incidents": len(incidents),
            "firearms_used": len(b.uses),
            "firearm_incidents": shared,
            "cross_city_firearms": sorted(cross),
            "cycles": cycles,
            "recovered_firearms": [f.id for f in s.firearms],
            "ttc_days": sorted(t.time_to_crime_days or 0 for t in s.traces),
        }
    )
    return s
