"""Retrieval: each real scan queried with its mates hidden among SYNTHETIC distractors.

Run: ``python bench/matching/bench_retrieval.py [N ...]`` (default 10000 100000). For each N,
a store holds every real scan (all sets) + N synthetic distractors; every real scan that has
a mate is queried (itself excluded) through the full :func:`matching.pipeline.correlate`
(Stage A shortlist 200 → coarse → Stage B top 20). Prints the rank of the best-ranked mate
after Stage A and in the final list, and the rank curve.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.matching._common import distractor, distractor_signatures, real_scans
from matching.pipeline import Prepared, correlate
from matching.retrieval import SignatureStore
from matching.signature import SIG_DIM


def run(n: int, real: list[tuple[str, str, Prepared]]) -> list[tuple[str, int, int]]:
    sigs = distractor_signatures(n)
    by_id = {name: p for name, _, p in real}
    label = {name: lab for name, lab, _ in real}
    with tempfile.TemporaryDirectory() as tmp:
        store = SignatureStore.create(Path(tmp) / "s", dim=SIG_DIM)
        store.append(list(by_id), np.stack([p.signature for p in by_id.values()]), calibre="9mm")
        store.append([f"syn{i}" for i in range(n)], np.asarray(sigs), calibre="9mm")

        def load(i: str) -> Prepared:
            return by_id[i] if i in by_id else distractor(int(i[3:]))

        out = []
        for name, lab, q in real:
            mates = {m for m in by_id if m != name and label[m] == lab}
            if not mates:
                continue
            hits = store.search(q.signature, k=n + len(by_id), exclude={name})
            a_rank = next(k + 1 for k, h in enumerate(hits) if h.id in mates)
            cands = correlate(q, store, load, top_n=20, shortlist=200, exclude={name})
            final = next((c.rank for c in cands if c.id in mates), 10**9)
            out.append((name, a_rank, final))
    return out


def main() -> None:
    ns = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    real = real_scans()
    for n in ns:
        t = time.perf_counter()
        res = run(n, real)
        dt = time.perf_counter() - t
        print(f"\n### {n:,} synthetic distractors ({dt:.0f} s incl. distractor generation)")
        print(f"{'query':<36} {'Stage A rank':>12} {'final rank':>10}")
        for name, a, f in res:
            print(f"{name:<36} {a:>12} {f if f < 10**9 else '>20':>10}")
        finals = np.array([f for _, _, f in res])
        stage_a = np.array([a for _, a, _ in res])
        for k in (1, 5, 10, 20):
            print(
                f"mate in top {k:>2}: final {np.mean(finals <= k):.0%}, "
                f"Stage A {np.mean(stage_a <= k):.0%}"
            )
        print(f"Stage A recall@200: {np.mean(stage_a <= 200):.0%}")


if __name__ == "__main__":
    main()
