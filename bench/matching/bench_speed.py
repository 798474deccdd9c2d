"""Speed of the matching engine on this machine: prepare, Stage A (1M), Stage B, top-20.

Run: ``python bench/matching/bench_speed.py`` (env CGI_BENCH_TMP for the scratch folder;
the 1M-signature store, 514 MB, is built there once and reused).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.matching._common import distractor, real_scans, shared_data, work_dir
from matching.images import read_scan
from matching.pipeline import Prepared, compare, correlate, prepare
from matching.retrieval import SignatureStore
from matching.signature import SIG_DIM

N_STORE = 1_000_000


def ms(f, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts) * 1000


def big_store() -> SignatureStore:
    root = work_dir() / f"store_{N_STORE}"
    if (root / "meta.json").exists() and len(SignatureStore(root)) == N_STORE:
        return SignatureStore(root)
    import shutil

    shutil.rmtree(root, ignore_errors=True)
    store = SignatureStore.create(root, dim=SIG_DIM)
    rng = np.random.default_rng(0)
    base = np.stack([distractor(i).signature for i in range(64)])  # realistic directions
    step = 100_000
    for s in range(0, N_STORE, step):
        idx = rng.integers(0, len(base), step)
        sigs = base[idx] + rng.normal(0, 0.05, (step, SIG_DIM)).astype(np.float32)
        cal = "9mm Luger" if (s // step) % 4 else ".40 S&W"
        store.append([f"syn{s + k}" for k in range(step)], sigs, calibre=cal)
    return store


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    scans = sorted((shared_data() / "scans").glob("*/*.x3p"))
    surfaces = [read_scan(p) for p in scans]
    per = [ms(lambda s=s: prepare(s)) for s in surfaces]
    rows.append(
        (
            "prepare (preprocess + signature), 3D scan",
            f"{statistics.median(per):.1f} ms",
            f"max {max(per):.1f} ms over {len(per)} real x3p scans; target ≤ 200 ms",
        )
    )
    nb = read_scan(next((shared_data() / "scans" / "nbide_2d").glob("*.png")), pixel_um=3.1)
    rows.append(("prepare, 2D 2592×1944 PNG", f"{ms(lambda: prepare(nb), 3):.1f} ms", ""))

    real = real_scans()
    preps = [p for name, _, p in real if not name.startswith("nbide")]
    pairs = [(a, b) for i, a in enumerate(preps) for b in preps[i + 1 :]]
    per = [ms(lambda a=a, b=b: compare(a, b), 1) for a, b in pairs]
    rows.append(
        (
            "Stage B compare, one pair",
            f"{statistics.median(per):.1f} ms",
            f"p90 {np.percentile(per, 90):.1f} ms over {len(pairs)} real pairs; target ≤ 100",
        )
    )

    store = big_store()
    q = preps[0]
    store.search(q.signature, k=200)  # warm the page cache
    t_all = ms(lambda: store.search(q.signature, k=200), 10)
    t_cal = ms(lambda: store.search(q.signature, k=200, calibre="9mm Luger"), 10)
    rows.append(
        (
            "Stage A top-200 over 1,000,000",
            f"{t_all:.1f} ms",
            f"{store.bytes_per_signature} B/signature; calibre-filtered {t_cal:.1f} ms",
        )
    )

    pool = [distractor(i).to_bytes() for i in range(200)]

    def load(i: str) -> Prepared:
        return Prepared.from_bytes(pool[hash(i) % len(pool)])

    t_corr = ms(lambda: correlate(q, store, load, top_n=20, shortlist=200), 3)
    rows.append(
        (
            "whole top-20 list vs 1,000,000",
            f"{t_corr:.0f} ms",
            "Stage A 200 → coarse 200 → Stage B 20 (npz decode incl.); target ≤ 2 s",
        )
    )

    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'result':>10}  notes")
    for r in rows:
        print(f"{r[0]:<{w}}  {r[1]:>10}  {r[2]}")


if __name__ == "__main__":
    main()
