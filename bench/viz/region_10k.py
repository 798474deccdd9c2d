"""Benchmark: a 10,000-incident region map, generated and loaded in headless Chromium.

Real Philadelphia shooting incidents (2018-2024, one per ``dc_key``, newest 10,000) in the 22
police districts, with 1,000 constructed links (a fixed seed). Measures, over ``--repeat``
runs: generation (Python: prepare + folium + inlining), page size, and load to idle in
Chromium (navigation start → every marker clustered, two animation frames later, no
network). Also the static PNG. Prints one JSON line; ``--markdown`` prints a table row.

    python bench/viz/region_10k.py [--n 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.viz.browser import launch, open_html
from tests.viz.cases import philly_districts, philly_incidents
from viz.model import MapIncident, MapLink

IDLE_JS = """() => new Promise(resolve => {
  const done = () => requestAnimationFrame(() => requestAnimationFrame(() =>
    resolve(performance.now())));
  const poll = () => (window.cgiIncidents && window.cgiIncidents.ready) ? done()
    : setTimeout(poll, 10);
  poll();
})"""


def incidents(n: int) -> list[MapIncident]:
    out: list[MapIncident] = []
    for year in range(2024, 2014, -1):
        out += philly_incidents(year)
        if len(out) >= n:
            break
    if len(out) < n:
        raise SystemExit(f"only {len(out)} incidents in the data, asked for {n}")
    return out[:n]


def links(incs: list[MapIncident], count: int, seed: int = 11) -> list[MapLink]:
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        a, b = rnd.sample(incs, 2)
        out.append(MapLink(a.id, b.id, "hit" if rnd.random() < 0.4 else "lead"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--links", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from viz.region_map import region_map_html
    from viz.static import region_map_png

    incs = incidents(args.n)
    lks = links(incs, args.links)
    kwargs = {
        "incidents": incs,
        "links": lks,
        "jurisdictions": philly_districts(),
        "id_field": "police_district",
    }
    gen, load, png_s = [], [], []
    size = 0
    with sync_playwright() as pw:
        browser = launch(pw)
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            html = region_map_html(**kwargs, api_base_url="http://127.0.0.1:8000")
            gen.append(time.perf_counter() - t0)
            size = len(html.encode("utf-8"))
            with open_html(browser, html) as visit:
                idle_ms = visit.page.evaluate(IDLE_JS)
                load.append(idle_ms / 1000.0)  # performance.now() is from navigation start
                assert visit.errors == [] and visit.outside_requests == [], visit.errors
                assert visit.page.evaluate("window.cgiIncidents.total") == len(incs)
            t0 = time.perf_counter()
            region_map_png(**kwargs)
            png_s.append(time.perf_counter() - t0)
        browser.close()
    result = {
        "incidents": len(incs),
        "links": len(lks),
        "generate_s_median": round(statistics.median(gen), 2),
        "load_to_idle_s_median": round(statistics.median(load), 2),
        "total_s_median": round(statistics.median(map(sum, zip(gen, load, strict=True))), 2),
        "html_mb": round(size / 1e6, 2),
        "png_s_median": round(statistics.median(png_s), 2),
        "runs": args.repeat,
    }
    print(json.dumps(result))
    if args.markdown:
        r = result
        print(
            f"| {r['incidents']:,} | {r['links']:,} | {r['generate_s_median']} s | "
            f"{r['load_to_idle_s_median']} s | {r['total_s_median']} s | {r['html_mb']} MB | "
            f"{r['png_s_median']} s |"
        )


if __name__ == "__main__":
    main()
