"""Query benchmarks on the synthetic region (bench/queries/synth.py): latency of the
analysis services against the real Neo4j, and GraphQL throughput over HTTP.

    NEO4J_URI=... NEO4J_PASSWORD=... python bench/queries/run_queries.py [--samples 300]

On the 1,000,000-acquisition graph of bench/ingest/synthetic_graph.py (50 agencies
PA0000000..PA0000049 of one region, each with a place and districts, incidents 2020-2024):

    python bench/queries/run_queries.py --agency PA0000000 --year 2022 \
        --skip-http --out bench/queries/results-1m.json

The analyst sees every agency in the graph, as the caller of ``--agency``.

Latencies are measured at the service layer (Cypher round trips + Python analytics), one
request at a time after a warm-up. Throughput: a uvicorn server (one worker) on 127.0.0.1
and an asyncio httpx client with ``--concurrency`` requests in flight, bounded by
``--requests`` and ``--seconds``. Writes bench/queries/results.json (``--out``), and what is
measured so far to ``<out>.partial.json`` as it goes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.queries.synth import ori  # noqa: E402
from domain.enums import JurisdictionLevel, Role  # noqa: E402
from domain.models import Principal  # noqa: E402


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def stats(ms: list[float]) -> dict[str, float]:
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(pct(ms, 0.95), 1),
        "max_ms": round(max(ms), 1),
    }


async def timed(fn: Callable[[], Awaitable[Any]]) -> float:
    t = time.perf_counter()
    await fn()
    return (time.perf_counter() - t) * 1000


async def latencies(
    samples: int,
    seed: int,
    *,
    agency: str,
    year: int,
    cycle_list: bool = True,
    runs: int = 5,
    partial: Path | None = None,
) -> dict[str, Any]:
    from domain.settings import Settings
    from graph.driver import make_driver
    from graph.repos.seed import SeedRepo
    from services import crossjur, cycles, feedback
    from services.cache import clear_all
    from services.context import ServiceContext

    settings = Settings()  # type: ignore[call-arg]
    driver = make_driver(settings)
    async with driver.session(database=settings.neo4j_database) as s:
        oris = frozenset(
            [r["ori"] async for r in await s.run("MATCH (a:Agency) RETURN a.ori AS ori")]
        )
    ctx = ServiceContext(
        driver=driver,
        database=settings.neo4j_database,
        principal=Principal(
            user_id="bench", name="bench", role=Role.ANALYST, agency_ori=agency, visible_oris=oris
        ),
    )
    linked = await SeedRepo(driver, database=settings.neo4j_database).linked_incident_ids()
    rng = random.Random(seed)
    ids = rng.sample(linked, min(samples, len(linked)))
    out: dict[str, Any] = {
        "agencies_visible": len(oris),
        "agency": agency,
        "year": year,
        "linked_incidents_in_graph": len(linked),
    }

    def save() -> None:  # what is measured so far, in case a long run is cut short
        if partial is not None:
            partial.write_text(json.dumps(out, indent=1) + "\n")

    for i in ids[:20]:  # warm-up
        await cycles.incident_cycle(ctx, incident_id=i)
    out["incident_linked"] = stats(
        [await timed(lambda i=i: cycles.linked_incidents(ctx, incident_id=i)) for i in ids]
    )
    sizes: list[int] = []

    async def cycle(i: str) -> None:
        c = await cycles.incident_cycle(ctx, incident_id=i)
        sizes.append(c.size if c else 0)

    out["incident_cycle"] = stats([await timed(lambda i=i: cycle(i)) for i in ids])
    out["incident_cycle"]["median_size"] = statistics.median(sizes)
    out["incident_cycle"]["max_size"] = max(sizes)
    save()
    for level in (JurisdictionLevel.PLACE, JurisdictionLevel.DISTRICT):
        ms = [
            await timed(lambda lv=level: crossjur.summary(ctx, level=lv)) for _ in range(runs + 1)
        ]
        out[f"cross_jurisdiction_{level.value}_cached"] = stats(ms[1:])
        uncached = []
        for _ in range(runs):
            clear_all()
            uncached.append(await timed(lambda lv=level: crossjur.summary(ctx, level=lv)))
        out[f"cross_jurisdiction_{level.value}"] = stats(uncached)
        save()
    since, until = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    fb: list[Any] = []

    async def agency_year() -> None:
        fb[:] = await feedback.summaries(ctx, agency_ori=agency, since=since, until=until)

    ms = [await timed(agency_year) for _ in range(runs + 1)]
    out["feedback_agency_year"] = stats(ms[1:])
    out["feedback_agency_year"]["scene_items"] = fb[0].scene_items if fb else 0
    out["feedback_agency_year"]["leads"] = fb[0].leads if fb else 0
    save()
    ms = [
        await timed(lambda: feedback.summaries(ctx, since=since, until=until))
        for _ in range(max(2, runs - 1))
    ]
    out["feedback_region_year"] = stats(ms[1:])
    save()
    if not cycle_list:
        await driver.close()
        out["_ids"] = ids
        return out
    clear_all()
    ms = []
    for _ in range(max(1, runs - 2)):
        clear_all()
        ms.append(await timed(lambda: cycles.list_cycles(ctx, filter=cycles.CycleFilter())))
    out["cycle_list_uncached"] = stats(ms)
    out["cycle_list_cached"] = stats(
        [
            await timed(lambda: cycles.list_cycles(ctx, filter=cycles.CycleFilter()))
            for _ in range(runs)
        ]
    )
    await driver.close()
    out["_ids"] = ids
    return out


async def make_token(agency: str) -> str:
    from domain.settings import Settings
    from graph.driver import make_driver
    from services.auth import create_user
    from services.context import ServiceContext

    settings = Settings()  # type: ignore[call-arg]
    driver = make_driver(settings)
    ctx = ServiceContext(driver=driver, database=settings.neo4j_database, component="bench")
    _, token = await create_user(ctx, name="bench", role=Role.ANALYST, agency_ori=agency)
    await driver.close()
    return token


async def throughput(
    ids: list[str], requests: int, seconds: float, conc: int, agency: str
) -> dict[str, Any]:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(  # noqa: ASYNC220 - started once, before the load
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    token = await make_token(agency)
    query = "query($id: ID!) { incident(id: $id) { id caseNumber occurredAt agencyOri } }"
    url = f"http://127.0.0.1:{port}/graphql"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=conc)) as c:
            for _ in range(100):
                try:
                    await c.get(f"http://127.0.0.1:{port}/health")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.2)
            for i in ids[:50]:  # warm-up (and the token's session)
                await c.post(url, json={"query": query, "variables": {"id": i}}, headers=headers)
            done, errors, lat = 0, 0, []
            deadline = time.perf_counter() + seconds
            t0 = time.perf_counter()

            async def worker(w: int) -> None:
                nonlocal done, errors
                k = w
                while done < requests and time.perf_counter() < deadline:
                    done += 1
                    t = time.perf_counter()
                    body = {"query": query, "variables": {"id": ids[k % len(ids)]}}
                    r = await c.post(url, json=body, headers=headers)
                    lat.append((time.perf_counter() - t) * 1000)
                    if r.status_code != 200 or "errors" in r.json():
                        errors += 1
                    k += conc

            await asyncio.gather(*(worker(w) for w in range(conc)))
            elapsed = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {
        "requests": done,
        "errors": errors,
        "seconds": round(elapsed, 2),
        "req_per_s": round(done / elapsed, 1),
        "concurrency": conc,
        **stats(lat),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=6000)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--skip-http", action="store_true")
    ap.add_argument(
        "--agency", default=ori(0), help="the analyst's agency and the feedback summary's"
    )
    ap.add_argument("--year", type=int, default=2023, help="the feedback summaries' year")
    ap.add_argument("--skip-cycle-list", action="store_true", help="skip the full cycle list")
    ap.add_argument("--runs", type=int, default=5, help="repeats of the region-wide summaries")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "queries" / "results.json")
    args = ap.parse_args()
    out = asyncio.run(
        latencies(
            args.samples,
            args.seed,
            agency=args.agency,
            year=args.year,
            cycle_list=not args.skip_cycle_list,
            runs=args.runs,
            partial=args.out.with_suffix(".partial.json"),
        )
    )
    ids = out.pop("_ids")
    if not args.skip_http:
        out["graphql_incident_lookup"] = asyncio.run(
            throughput(ids, args.requests, args.seconds, args.concurrency, args.agency)
        )
    out["cpus"] = os.cpu_count()
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(out, indent=1)
    args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
