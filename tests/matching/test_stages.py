"""Signature, store, registration, CMC, calibration and the pipeline on SYNTHETIC surfaces."""

from __future__ import annotations

import itertools
import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from matching.cmc import inverse
from matching.compare import Pose, register
from matching.pipeline import ALGORITHM, VERSION, Prepared, compare, correlate, prepare
from matching.retrieval import SignatureStore
from matching.scoring import NFI_CALIBRATION, fit_calibration
from matching.signature import SIG_DIM, signature
from matching.synthetic import synthetic_surface
from matching.x3p import read_x3p


@cache
def prep(firearm: int, shot: int) -> Prepared:
    return prepare(synthetic_surface(firearm_seed=firearm, shot_seed=shot))


def test_signature_shape_norm_and_rotation_invariance() -> None:
    a, b, c = prep(1, 1), prep(1, 2), prep(2, 1)
    assert a.signature.shape == (SIG_DIM,) and a.signature.dtype == np.float32
    assert np.linalg.norm(a.signature) == pytest.approx(1.0, abs=1e-5)
    rot = np.rot90(a.breech_face).copy()
    assert float(signature(rot, a.pixel_um) @ a.signature) > 0.98
    shifted = np.pad(a.breech_face, ((7, 0), (0, 11)), constant_values=np.nan)
    assert float(signature(shifted, a.pixel_um) @ a.signature) > 0.98
    assert float(b.signature @ c.signature) < 0.99  # different surfaces, different signatures


def test_signature_ranks_real_mates_high(shared_data: Path) -> None:
    """Among the 10 real 3D scans, each query's mate is in its top 3 (measured: 1–3)."""
    scans = shared_data / "scans"
    files = sorted((scans / "baldwin_ruger_sr9").glob("*.x3p"))
    files += sorted((scans / "fadul_ruger_p95").glob("*.x3p"))
    labels = [f.stem[-2] if "baldwin" in str(f) else f.stem.split()[-1][0] for f in files]
    sig = np.stack([prepare(read_x3p(f)).signature for f in files])
    sim = sig @ sig.T
    for i, lab in enumerate(labels):
        order = [j for j in np.argsort(-sim[i]) if j != i]
        mates = [order.index(j) + 1 for j in order if labels[j] == lab]
        if mates:
            assert min(mates) <= 3, (files[i].name, min(mates))


def test_store_append_search_calibre_and_exclude(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    sigs = rng.normal(size=(50, 16)).astype(np.float32)
    store = SignatureStore.create(tmp_path / "s", dim=16)
    store.append([f"a{i}" for i in range(30)], sigs[:30], calibre="9mm")
    store.append([f"b{i}" for i in range(20)], sigs[30:], calibre=".40")
    assert len(store) == 50 and store.bytes_per_signature == 66
    hits = store.search(sigs[3], k=5)
    assert hits[0].id == "a3" and hits[0].similarity == pytest.approx(1.0, abs=1e-5)
    assert all(h1.similarity >= h2.similarity for h1, h2 in itertools.pairwise(hits))
    assert all(
        h.id.startswith("b")
        for h in SignatureStore(tmp_path / "s").search(sigs[3], k=5, calibre=".40")
    )
    assert store.search(sigs[3], k=3, exclude={"a3"})[0].id != "a3"
    assert store.search(sigs[3], calibre="unknown") == []
    with pytest.raises(FileExistsError):
        SignatureStore.create(tmp_path / "s", dim=16)


def test_register_recovers_true_rotation() -> None:
    sa = synthetic_surface(firearm_seed=4, shot_seed=1)
    sb = synthetic_surface(firearm_seed=4, shot_seed=2)
    a, b = prepare(sa), prepare(sb)
    pose = register(a.breech_face, b.breech_face, a.pixel_um)
    truth = sa.meta["rotation_deg"] - sb.meta["rotation_deg"]
    err = (pose.angle_deg - truth + 180) % 360 - 180
    assert abs(err) <= 3.0
    assert pose.score > 0.3


def test_inverse_pose_roundtrip() -> None:
    p = Pose(30.0, (10.0, -5.0), 0.5)
    q = inverse(inverse(p))
    assert q.angle_deg == pytest.approx(30.0) and np.allclose(q.shift_um, p.shift_um)


def test_compare_separates_synthetic_km_from_knm() -> None:
    km = [compare(prep(f, 1), prep(f, 2)) for f in (1, 2, 3)]
    knm = [compare(prep(f, 1), prep(f + 1, 2)) for f in (1, 2, 3)]
    assert min(s.regions["breech_face"] for s in km) >= 6
    assert max(s.regions["breech_face"] for s in knm) <= 2
    assert min(s.combined for s in km) > 0 > max(s.combined for s in knm)


def test_calibration_constants_match_a_fresh_fit(shared_data: Path) -> None:
    fresh = fit_calibration(shared_data / "scores" / "nfi_glock_breech_face_scores.csv")
    assert fresh.w_cmc == pytest.approx(NFI_CALIBRATION.w_cmc, rel=1e-3)
    assert fresh.w_accf == pytest.approx(NFI_CALIBRATION.w_accf, rel=1e-3)
    assert NFI_CALIBRATION.log10_lr(0.5, 10) > 2 > 0 > NFI_CALIBRATION.log10_lr(0.1, 0)
    assert fresh.prior_log_odds == pytest.approx(math.log(188 / 1327))


def test_prepared_roundtrip_and_correlate(tmp_path: Path) -> None:
    store = SignatureStore.create(tmp_path / "s", dim=SIG_DIM)
    cache: dict[str, Prepared] = {}
    for f in range(1, 9):
        cache[f"f{f}"] = Prepared.from_bytes(prep(f, 2).to_bytes())
    store.append(list(cache), np.stack([p.signature for p in cache.values()]), calibre="9mm")
    q = prep(5, 1)
    out = correlate(q, store, cache.__getitem__, top_n=3, shortlist=8, refine_n=4)
    assert [c.rank for c in out] == [1, 2, 3]
    assert out[0].id == "f5" and out[0].combined > out[1].combined
    assert out[0].algorithm == ALGORITHM and out[0].version == VERSION
    assert "breech_face" in out[0].regions
    back = Prepared.from_bytes(q.to_bytes())
    assert np.array_equal(back.breech_face, q.breech_face, equal_nan=True)
