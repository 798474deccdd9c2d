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
    """float32 (n, D) signatures of distractors 0..n−1, cached on disk in :func:`work_dir`."""
    from concurrent.futures import ProcessPoolExecutor

    from matching.pipeline import VERSION
    from matching.preprocess import PreprocessParams

    digest = hashlib.md5(repr(PreprocessParams()).encode(), usedforsecurity=False).hexdigest()
    tag = f"{VERSION}-{digest[:8]}"
    path = work_dir() / f"distractor_sigs_{n}_{tag}.npy"
    if path.exists():
        return np.load(path, mmap_mode="r")
    with ProcessPoolExecutor(workers) as ex:
        sigs = list(ex.map(_sig, range(n), chunksize=256))
    arr = np.stack(sigs).astype(np.float32)
    np.save(path, arr)
    return arr


def _sig(i: int) -> np.ndarray:
    return distractor(i).signature
