"""Accuracy on any labelled folder of scans: all pairs' scores, ROC AUC, score gap, FP/FN.

Labels CSV: columns ``file`` (name relative to the scans folder) and ``firearm``; optional
``pixel_um`` for 2D images whose pixel size is not the reader's default. Known-match pairs
(KM) share a firearm, known-non-match pairs (KNM) do not. A new labelled set needs a new CSV
only.

Cost: n scans prepared once, n(n−1)/2 Stage B comparisons (~50–90 ms each on 2 cores).
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matching.images import read_scan
from matching.pipeline import Prepared, compare, prepare
from matching.scoring import REVIEW_LOG10_LR


@dataclass(frozen=True)
class EvalResult:
    pairs: int
    km: int
    knm: int
    auc: dict[str, float]  # per score column
    gap: dict[str, float]  # min KM − max KNM per score column (> 0: perfect separation)
    km_min: dict[str, float]
    knm_max: dict[str, float]
    false_positives: int  # KNM at or above the review threshold (combined score)
    false_negatives: int  # KM below it
    threshold: float


def read_labels(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or not {"file", "firearm"} <= set(rows[0]):
        raise ValueError(f"{path}: labels CSV needs columns 'file' and 'firearm'")
    return rows


def roc_auc(km: list[float], knm: list[float]) -> float:
    """Mann–Whitney AUC (ties count ½). O(|km|·|knm|)."""
    if not km or not knm:
        return float("nan")
    a, b = np.asarray(km)[:, None], np.asarray(knm)[None, :]
    return float(((a > b).sum() + 0.5 * (a == b).sum()) / (a.size * b.size))


def evaluate(
    scans: Path, labels: Path, out_csv: Path | None = None, *, threshold: float = REVIEW_LOG10_LR
) -> EvalResult:
    """Score all pairs of the labelled scans; optionally write every pair's scores as CSV."""
    rows = read_labels(labels)
    prepared: dict[str, Prepared] = {}
    firearm: dict[str, str] = {}
    for r in rows:
        px = float(r["pixel_um"]) if r.get("pixel_um") else None
        prepared[r["file"]] = prepare(read_scan(scans / r["file"], pixel_um=px))
        firearm[r["file"]] = r["firearm"]
    columns = ["combined", "breech_face", "breech_face_ccf"]
    records: list[dict[str, Any]] = []
    for a, b in itertools.combinations(prepared, 2):
        s = compare(prepared[a], prepared[b])
        rec = {
            "scan_a": a,
            "scan_b": b,
            "firearm_a": firearm[a],
            "firearm_b": firearm[b],
            "same_firearm": int(firearm[a] == firearm[b]),
            "combined": round(s.combined, 4),
            "breech_face": s.regions["breech_face"],
            "breech_face_ccf": round(s.regions["breech_face_ccf"], 4),
            "firing_pin": round(s.regions["firing_pin"], 4) if "firing_pin" in s.regions else "",
            "cmc_ab": s.cmc_ab,
            "cmc_ba": s.cmc_ba,
            "cells_ab": s.cells_ab,
            "cells_ba": s.cells_ba,
            "angle_deg": s.pose.angle_deg,
        }
        records.append(rec)
    if out_csv is not None:
        out_csv.parent.mkdir(parents=True, exist_ok=True)
        with open(out_csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(records[0]) if records else ["scan_a"])
            w.writeheader()
            w.writerows(records)
    km = [r for r in records if r["same_firearm"]]
    knm = [r for r in records if not r["same_firearm"]]
    auc, gap, kmin, nmax = {}, {}, {}, {}
    for c in columns:
        kv, nv = [float(r[c]) for r in km], [float(r[c]) for r in knm]
        auc[c] = roc_auc(kv, nv)
        kmin[c] = min(kv) if kv else float("nan")
        nmax[c] = max(nv) if nv else float("nan")
        gap[c] = kmin[c] - nmax[c]
    fp = len([r for r in knm if float(r["combined"]) >= threshold])
    fn = len([r for r in km if float(r["combined"]) < threshold])
    return EvalResult(len(records), len(km), len(knm), auc, gap, kmin, nmax, fp, fn, threshold)
