"""Sustained write rate and a synthetic graph of N acquisitions, streamed (bounded memory).

Run from the repository root against a running Neo4j (``cgintel neo4j start``):

    NEO4J_URI=... NEO4J_PASSWORD=... python bench/ingest/synthetic_graph.py --acquisitions 1000000

Proportions per acquisition (documented in docs/benchmarks.md, from NIBIN/ATF figures):
85 % scene casings / 15 % test fires (2 per recovered firearm); 2.5 scene casings per
incident; 90 % of recovered firearms traced; 0.165 leads per acquisition, each grouping 2
acquisitions fired by the same gun (FY2024: 217k leads for 658k acquisitions); 30 % of
leads confirmed as hits; ``--candidates`` correlation candidates stored per acquisition
(default 5: the top of the ranked list that reviewers look at, the true mate first).

Shape, as NIBIN data has it: a crime gun is fired at a *series* of incidents (sizes from a
power law, most 2-3, a few dozens), mostly in one agency's area, weeks apart; each new
acquisition of the series becomes a lead with the previous one; a third of the series' guns
are recovered (at its last incident or another one) and their test fires lead to the last
casing; a few incidents see two guns (series join). Agencies are of very unequal size (the
big city dominates), each with its place, 5 districts, a county and the state; every
incident is placed in all four. Time to crime is log-normal (about a quarter under a year,
half within three years); a few dealers and straw purchasers source many guns.

Records are generated chunk by chunk and written with the same batched UNWIND MERGE loaders
as ``cgintel ingest``: memory stays bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import itertools
import json
import math
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
SPAN_DAYS = 5 * 365  # incidents fall in 2020-2024
END = T0 + timedelta(days=SPAN_DAYS)
LEADS_PER_ACQUISITION = 0.165  # each lead groups 2 acquisitions: 0.33 acquisitions in a lead
HIT_RATE = 0.30
SERIES_EXPONENT = 2.3  # P(series of k incidents) ~ k^-2.3, k in 2..MAX_SERIES
MAX_SERIES = 60
SAME_AGENCY = 0.8  # next incident of a series in the same agency's area
SERIES_GUN_RECOVERED = 0.35
JOIN_RATE = 0.03  # a series incident where a second gun was fired too
N_AGENCIES = 50
DISTRICTS = 5
CALIBRES = ["9mm Luger", ".40 S&W", ".45 Auto", ".380 Auto"]
TTC_MEDIAN_DAYS, TTC_SIGMA = 1095.0, 1.63  # P(< 1 y) = 0.25, P(< 3 y) = 0.5
N_DEALERS, N_STRAW = 400, 300


def _agencies(n: int) -> list[dict[str, Any]]:
    return [
        {
            "ori": f"PA{i:07d}",
            "name": f"Agency {i}",
            "agency_type": "City",
            "state": "PA",
            "county": f"County {i // 5}",
            "county_fips": None,
            "latitude": _box(i)[0] + 0.075,
            "longitude": _box(i)[1] + 0.15,
            "region": "bench",
        }
        for i in range(n)
    ]


def _box(i: int) -> tuple[float, float]:
    """South-west corner of agency ``i``'s place (0.15° x 0.3°, 5 longitude-band districts)."""
    return 39.5 + (i // 10) * 0.2, -80.0 + (i % 10) * 0.4


def jurisdictions(n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The state, a county per 5 agencies, a place per agency with its districts; SERVES."""
    rows = [{"id": "bench:state:PA", "name": "Pennsylvania", "level": "state", "state": "PA"}]
    serves = []
    for c in range((n + 4) // 5):
        rows.append({"id": f"bench:county:{c}", "name": f"County {c}", "level": "county"})
    for i in range(n):
        ori = f"PA{i:07d}"
        rows.append({"id": f"bench:place:{i}", "name": f"Place {i}", "level": "place"})
        serves.append({"ori": ori, "jurisdiction_id": f"bench:place:{i}"})
        for d in range(DISTRICTS):
            rows.append(
                {
                    "id": f"bench:district:{i}:{d}",
                    "name": f"District {i}-{d + 1}",
                    "level": "district",
                }
            )
    for r in rows:
        r.setdefault("state", "PA")
        r["vintage"] = "bench"
    return rows, serves


def _series_sizes() -> tuple[list[int], list[float]]:
    ks = list(range(2, MAX_SERIES + 1))
    w = list(itertools.accumulate(k**-SERIES_EXPONENT for k in ks))
    return ks, w


_SIZES, _SIZE_CUM = _series_sizes()
_AGENCY_CUM = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(N_AGENCIES)))
_DEALER_CUM = list(itertools.accumulate(1.0 / (i + 1) for i in range(N_DEALERS)))


def _draw(rng: random.Random, cum: list[float]) -> int:
    return bisect.bisect_left(cum, rng.random() * cum[-1])


def chunk(
    k: int, size: int, *, rng: random.Random, oris: list[str], candidates: int
) -> dict[LoadKind, list[dict[str, Any]]]:
    """Rows for acquisitions ``k*size .. (k+1)*size``: pure function of ``k`` and the seed."""
    out: dict[LoadKind, list[dict[str, Any]]] = {kind: [] for kind in LoadKind}
    n_scene = int(size * 0.85)
    n_guns = (size - n_scene) // 2
    n_inc = int(n_scene / 2.5)
    n_leads = int(size * LEADS_PER_ACQUISITION)

    # Incidents: agency (unequal sizes), time, one casing each, the rest spread at random.
    agency = [_draw(rng, _AGENCY_CUM) for _ in range(n_inc)]
    at = [T0 + timedelta(minutes=rng.randrange(SPAN_DAYS * 1440)) for _ in range(n_inc)]
    casings: list[list[int]] = [[j] for j in range(n_inc)]
    for c in range(n_inc, n_scene):
        casings[rng.randrange(n_inc)].append(c)
    owner = {c: j for j, cs in enumerate(casings) for c in cs}
    by_agency: dict[int, list[int]] = {}
    for j, a in enumerate(agency):
        by_agency.setdefault(a, []).append(j)

    # Series: one gun, incidents in time order weeks apart, mostly one agency's.
    in_series: set[int] = set()
    gun_of: dict[int, int] = {}  # casing -> series
    series: list[list[int]] = []  # casings of the series gun, in time order
    lead_pairs: list[tuple[str, str]] = []  # (earlier evidence, later evidence)
    recovered: list[tuple[int, int]] = []  # (series, recovery incident)

    def pick_incident(home: int) -> int | None:
        pool = by_agency.get(home) if rng.random() < SAME_AGENCY else None
        for _ in range(20):
            j = rng.choice(pool) if pool else rng.randrange(n_inc)
            if j not in in_series or (rng.random() < JOIN_RATE and _free_casing(j) is not None):
                return j
        return None

    def _free_casing(j: int) -> int | None:
        return next((c for c in casings[j] if c not in gun_of), None)

    while len(lead_pairs) < n_leads:
        size_k = _SIZES[_draw(rng, _SIZE_CUM)]
        first = rng.randrange(n_inc)
        if first in in_series:
            continue
        members = [first]
        while len(members) < size_k:
            nxt = pick_incident(agency[first])
            if nxt is None or nxt in members:
                break
            members.append(nxt)
        when = at[first]
        s_idx = len(series)
        gun_casings = []
        for j in members:
            free = _free_casing(j)
            if free is None:
                continue
            if j != first and j not in in_series:
                when += timedelta(minutes=int(rng.expovariate(1 / (21 * 1440))) + 60)
                at[j] = when = min(when, END)
            in_series.add(j)
            gun_of[free] = s_idx
            gun_casings.append(free)
        gun_casings.sort(key=lambda c: at[owner[c]])
        series.append(gun_casings)
        for x, y in itertools.pairwise(gun_casings):
            lead_pairs.append((f"b-ev:{k}:{x}", f"b-ev:{k}:{y}"))
        room = len(recovered) < n_guns
        if len(gun_casings) >= 2 and rng.random() < SERIES_GUN_RECOVERED and room:
            last = owner[gun_casings[-1]]
            where = last if rng.random() < 0.5 else rng.randrange(n_inc)
            if where in in_series and where != last:
                where = last
            if at[where] < at[last]:
                at[where] = at[last] + timedelta(days=rng.randrange(1, 60))
            recovered.append((s_idx, where))
            lead_pairs.append((f"b-ev:{k}:{gun_casings[-1]}", f"b-tf:{k}:{len(recovered) - 1}:1"))

    inc_id = [f"b-inc:{k}:{j}" for j in range(n_inc)]
    for j in range(n_inc):
        a = agency[j]
        lat0, lon0 = _box(a)
        lat, lon = lat0 + rng.random() * 0.15, lon0 + rng.random() * 0.3
        d = min(DISTRICTS - 1, int((lon - lon0) / 0.3 * DISTRICTS))
        out[LoadKind.INCIDENT].append(
            {
                "id": inc_id[j],
                "agency_ori": oris[a],
                "case_number": inc_id[j],
                "offense": "shooting",
                "occurred_at": at[j].isoformat(),
                "latitude": lat,
                "longitude": lon,
                "address": None,
                "killed": int(rng.random() < 0.2),
                "injured": 1,
                "source": "bench",
            }
        )
        for jid in (
            f"bench:district:{a}:{d}",
            f"bench:place:{a}",
            f"bench:county:{a // 5}",
            "bench:state:PA",
        ):
            out[LoadKind.PLACEMENT].append(
                {"incident_id": inc_id[j], "jurisdiction_id": jid, "vintage": "bench"}
            )

    acquired: dict[str, datetime] = {}
    ev: list[str] = []
    for j in range(n_inc):
        for c in casings[j]:
            eid = f"b-ev:{k}:{c}"
            ev.append(eid)
            acq = at[j] + timedelta(days=rng.randrange(1, 15))
            acquired[eid] = acq
            out[LoadKind.EVIDENCE].append(
                _ev(eid, "scene_casing", rng, oris[agency[j]], at[j], acq, incident_id=inc_id[j])
            )

    # Recovered guns: those of series first, then guns with no series (test fires, no lead).
    recovery = [where for _, where in recovered]
    recovery += [rng.randrange(n_inc) for _ in range(n_guns - len(recovery))]
    straw = [f"b-straw:{i}" for i in range(N_STRAW)]
    for g, where in enumerate(recovery):
        fid = f"b-fa:{k}:{g}"
        ori = oris[agency[where]]
        rec_at = at[where]
        out[LoadKind.FIREARM].append(
            {
                "id": fid,
                "serial_number": f"S{k}-{g}",
                "obliterated": rng.random() < 0.05,
                "manufacturer": "Glock",
                "model": "19",
                "firearm_type": "pistol",
                "calibre": "9mm Luger",
                "country": "USA",
                "importer": None,
                "recovered_at": rec_at.isoformat(),
                "recovery_incident_id": inc_id[where],
                "recovery_ori": ori,
                "recovery_latitude": None,
                "recovery_longitude": None,
            }
        )
        for t in (1, 2):
            eid = f"b-tf:{k}:{g}:{t}"
            ev.append(eid)
            acq = rec_at + timedelta(days=rng.randrange(3, 31))
            acquired[eid] = acq
            out[LoadKind.EVIDENCE].append(
                _ev(eid, "test_fire", rng, ori, rec_at, acq, firearm_id=fid)
            )
        if rng.random() < 0.9:
            ttc = min(12_000, max(1, int(rng.lognormvariate(math.log(TTC_MEDIAN_DAYS), TTC_SIGMA))))
            bought = rec_at.date() - timedelta(days=ttc)
            buyer = rng.choice(straw) if rng.random() < 0.08 else f"b-p:{k}:{g}"
            out[LoadKind.TRACE].append(
                {
                    "trace_number": f"b-t:{k}:{g}",
                    "firearm_id": fid,
                    "requesting_ori": ori,
                    "requested_at": (rec_at + timedelta(days=2)).isoformat(),
                    "dealer_ffl": f"1-23-{_draw(rng, _DEALER_CUM):03d}-01-2B-00001",
                    "dealer_name": "Dealer",
                    "dealer_address": None,
                    "dealer_state": "PA" if rng.random() < 0.7 else rng.choice(["GA", "VA", "OH"]),
                    "purchaser_id": buyer,
                    "purchaser_name": "P",
                    "purchaser_dob": None,
                    "purchaser_address": None,
                    "purchase_date": bought.isoformat(),
                    "recovery_date": rec_at.date().isoformat(),
                    "possessor_id": f"b-q:{k}:{g}" if rng.random() < 0.8 else None,
                    "possessor_name": None,
                    "multiple_sale": rng.random() < 0.1,
                    "time_to_crime_days": ttc,
                    "possessor_differs": None,
                }
            )

    ori_of = {r["id"]: r["contributing_ori"] for r in out[LoadKind.EVIDENCE]}
    mates: dict[str, list[str]] = {}
    for j, (ea, eb) in enumerate(lead_pairs):
        mates.setdefault(ea, []).append(eb)
        mates.setdefault(eb, []).append(ea)
        created = max(acquired[ea], acquired[eb]) + timedelta(hours=rng.randrange(1, 72))
        ori = ori_of[eb]
        lid = f"b-lead:{k}:{j}"
        out[LoadKind.LEAD].append(
            {
                "id": lid,
                "status": "lead",
                "evidence_ids": [ea, eb],
                "created_by": "bench",
                "created_at": created.isoformat(),
                "agency_ori": ori,
            }
        )
        if rng.random() < HIT_RATE:
            out[LoadKind.HIT].append(
                {
                    "id": f"b-hit:{k}:{j}",
                    "lead_id": lid,
                    "examiner": "x",
                    "conclusion": "identification",
                    "confirmed_at": (created + timedelta(days=rng.randrange(2, 60))).isoformat(),
                    "report_number": lid,
                    "credited_ori": ori,
                    "warm": False,
                }
            )
    for q in ev:
        picks = [m for m in mates.get(q, []) if m != q][:candidates]
        while len(picks) < candidates:
            pick = rng.choice(ev)
            if pick != q and pick not in picks:
                picks.append(pick)
        run_at = acquired[q] + timedelta(minutes=5)
        for r, cand in enumerate(picks, start=1):
            out[LoadKind.CANDIDATE].append(
                {
                    "query_id": q,
                    "candidate_id": cand,
                    "rank": r,
                    "combined": 1.0 / r,
                    "breech_face": rng.random(),
                    "firing_pin": rng.random(),
                    "ejector": None,
                    "algorithm": "bench",
                    "version": "1",
                    "run_id": f"run:{q}",
                    "run_at": run_at.isoformat(),
                }
            )
    return out


def _ev(
    eid: str,
    kind: str,
    rng: random.Random,
    ori: str,
    collected: datetime,
    acquired: datetime,
    *,
    incident_id: str | None = None,
    firearm_id: str | None = None,
) -> dict[str, Any]:
    return {
        "id": eid,
        "kind": kind,
        "calibre": rng.choice(CALIBRES),
        "contributing_ori": ori,
        "case_number": None,
        "item_number": None,
        "incident_id": incident_id,
        "firearm_id": firearm_id,
        "collected_at": collected.isoformat(),
        "submitted_at": (collected + timedelta(days=1)).isoformat(),
        "acquired_at": acquired.isoformat(),
        "scan_sha256": None,
        "scan_uri": None,
        "regions": ["breech_face", "firing_pin"],
    }


ORDER = [
    LoadKind.INCIDENT,
    LoadKind.PLACEMENT,
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
    ap.add_argument("--streams", type=int, default=2, choices=(1, 2), help="concurrent writers")
    args = ap.parse_args()
    s = Settings()  # type: ignore[call-arg]
    driver = make_driver(s)
    loader = GraphLoader(driver, database=s.neo4j_database)
    if not args.keep:
        await delete_everything(driver, database=s.neo4j_database)
    await apply_schema(driver, database=s.neo4j_database)
    rng = random.Random(args.seed)
    oris = [a["ori"] for a in _agencies(N_AGENCIES)]
    await loader.load_rows(LoadKind.AGENCY, _agencies(N_AGENCIES))
    areas, serves = jurisdictions(N_AGENCIES)
    await loader.load_rows(LoadKind.JURISDICTION, areas)
    await loader.load_rows(LoadKind.SERVES, serves)
    me = psutil.Process()
    neo = _neo4j_process()
    peak, neo_peak, written, per_kind = 0, 0, 0, dict.fromkeys(ORDER, 0.0)
    started = time.perf_counter()

    async def load(kind: LoadKind, rows: list[dict[str, Any]]) -> None:
        nonlocal written
        t = time.perf_counter()
        for i in range(0, len(rows), args.batch):
            r = await loader.load_rows(kind, rows[i : i + args.batch])
            written += r.nodes_created + r.relationships_created
        per_kind[kind] += time.perf_counter() - t

    def progress(k: int) -> None:
        nonlocal peak, neo_peak
        peak = max(peak, me.memory_info().rss)
        if neo is not None:
            neo_peak = max(neo_peak, neo.memory_info().rss)
        el = time.perf_counter() - started
        print(
            f"chunk {k + 1}: {written:,} records in {el:.0f} s = {written / el:,.0f}/s",
            file=sys.stderr,
            flush=True,
        )

    # Two streams (--streams 2): chunk k's candidate edges are written while chunk k+1's
    # entities are; they touch disjoint nodes (candidates stay inside their chunk), so the
    # two transactions never wait on each other's locks and Neo4j works on both cores.
    # At most two chunks are in memory.
    pending: asyncio.Task[None] | None = None
    for k in range(max(1, args.acquisitions // args.chunk)):
        rows = chunk(k, args.chunk, rng=rng, oris=oris, candidates=args.candidates)
        for kind in ORDER:
            if kind is LoadKind.CANDIDATE and args.streams > 1:
                if pending is not None:
                    await pending
                pending = asyncio.create_task(load(kind, rows[kind]))
            else:
                await load(kind, rows[kind])
        progress(k)
    if pending is not None:
        await pending
    elapsed = time.perf_counter() - started
    counts = await loader.counts()
    await driver.close()
    print(
        json.dumps(
            {
                "acquisitions": args.acquisitions,
                "candidates_per_acquisition": args.candidates,
                "streams": args.streams,
                "elapsed_s": round(elapsed, 1),
                "records_written": written,
                "records_per_s": round(written / elapsed),
                "loader_peak_rss_mib": peak >> 20,
                "neo4j_peak_rss_mib": neo_peak >> 20,
                "seconds_per_kind_overlapping": {k.value: round(v, 1) for k, v in per_kind.items()},
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
