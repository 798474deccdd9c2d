"""Shared helpers of the matching benchmarks (paths, real scans, SYNTHETIC distractors)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

from matching.images import read_scan
from matching.pipeline import Prepared, prepare
from matching.synthetic import synthetic_surface

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "bench" / "matching" / "labels"
SETS = ("baldwin_ruger_sr9", "fadul_ruger_p95", "nbide_2d")


def shared_data() -> Path:
    p = Path(os.environ.get("CGI_SHARED_DATA", "../shared/data"))
    return p if p.is_absolute() else (REPO / p).resolve()


def work_dir() -> Path:
    """Reusable scratch folder for big bench files (outside the repo)."""
    d = Path(os.environ.get("CGI_BENCH_TMP", Path(tempfile.gettempdir()) / "cgintel-bench"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def real_scans() -> list[tuple[str, str, Prepared]]:
    """(name, firearm label, Prepared) for every labelled real scan of the shared sets."""
    import csv

    out = []
    for s in SETS:
        for r in csv.DictReader((LABELS / f"{s}.csv").open()):
            px = float(r["pixel_um"]) if r.get("pixel_um") else None
            surf = read_scan(shared_data() / "scans" / s / r["file"], pixel_um=px)
            out.append((f"{s}/{r['file']}", r["firearm"], prepare(surf)))
    return out


def distractor(i: int) -> Prepared:
    """SYNTHETIC distractor number i (its own firearm), prepared like a real scan."""
    return prepare(synthetic_surface(firearm_seed=10_000_000 + i, shot_seed=1, pixel_um=25.0))


def distractor_signatures(n: int, workers: int = 2) -> np.ndarray:
    """float32 (n, D) signatures of distractors 0..n−1, cached on disk in :func:`work_dir`.

    Generated in blocks of :data:`BLOCK` by ``workers`` processes, each with single-threaded
    BLAS and OpenCV (several processes × several library threads on 2 cores thrash); each
    block is cached on its own, so a larger N reuses the blocks of a smaller one and an
    interrupted run resumes. ~12 ms per distractor per core (synthetic map 7 ms + prepare).
    """
    from concurrent.futures import ProcessPoolExecutor

    # cache key = fingerprint of the first signatures themselves: any change of the
    # generator, preprocessing or signature that affects distractors starts a new cache
    probe = np.stack([distractor(i).signature for i in range(3)]).round(4)
    digest = hashlib.md5(probe.tobytes(), usedforsecurity=False).hexdigest()
    folder = work_dir() / f"distractors-{digest[:12]}"
    folder.mkdir(parents=True, exist_ok=True)
    starts = list(range(0, n, BLOCK))
    todo = [s for s in starts if not (folder / f"{s:09d}.npy").exists()]
    if todo:
        with ProcessPoolExecutor(workers, initializer=_single_threaded) as ex:
            for s, block in zip(todo, ex.map(_block, todo), strict=True):
                np.save(folder / f"{s:09d}.npy", block)
    out = np.concatenate([np.load(folder / f"{s:09d}.npy") for s in starts])
    return out[:n]


#: Distractors per cached block file.
BLOCK = 2000


def _single_threaded() -> None:
    from matching.runtime import single_threaded

    single_threaded()


def _block(start: int) -> np.ndarray:
    return np.stack([distractor(i).signature for i in range(start, start + BLOCK)])
