"""Signature, store, registration, CMC, calibration and the pipeline on SYNTHETIC surfaces."""

from __future__ import annotations

import itertools
import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from matching.cmc import CmcParams, cmc_both, inverse
from matching.compare import Pose, RegisterParams, canvas_um, register
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


def test_store_modality_filter_keeps_calibre_api(tmp_path: Path) -> None:
    """Rows with a modality: ``calibre=`` alone still finds them all; ``modality=`` keeps
    only that modality (legacy rows without one are left out of a modality search)."""
    rng = np.random.default_rng(1)
    sigs = rng.normal(size=(30, 16)).astype(np.float32)
    store = SignatureStore.create(tmp_path / "s", dim=16)
    store.append([f"old{i}" for i in range(10)], sigs[:10], calibre="9mm")
    store.append([f"d3_{i}" for i in range(10)], sigs[10:20], calibre="9mm", modality="3d")
    store.append([f"d2_{i}" for i in range(10)], sigs[20:], calibre="9mm", modality="2d")
    assert len(store.search(sigs[0], k=30, calibre="9mm")) == 30
    two_d = SignatureStore(tmp_path / "s").search(sigs[5], k=30, modality="2d")
    assert {h.id for h in two_d} == {f"d2_{i}" for i in range(10)}
    hits = store.search(sigs[15], k=30, calibre="9mm", modality="3d")
    assert hits[0].id == "d3_5" and all(h.id.startswith("d3_") for h in hits)
    assert store.search(sigs[0], calibre=".40", modality="2d") == []
    with pytest.raises(ValueError):
        store.append(["x"], sigs[:1], calibre="9mm", modality="2\x1fd")


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


def test_cmc_vote_and_median_find_the_cells_of_a_shifted_copy() -> None:
    """Two SYNTHETIC shots of one firearm: many congruent cells; another firearm: few."""
    a = prep(6, 1).breech_face
    sa = synthetic_surface(firearm_seed=6, shot_seed=1)
    b = prep(6, 2).breech_face
    pose = register(a, b, 25.0)
    side = canvas_um(a, b, 25.0, RegisterParams())
    med = cmc_both(a, b, pose, side, CmcParams(consensus="median"))
    vote = cmc_both(a, b, pose, side, CmcParams(consensus="vote"))
    assert sa.meta["synthetic"]
    for m, v in zip(med, vote, strict=True):
        assert m.cells == v.cells > 10
        assert v.congruent >= m.congruent >= 6  # vote never counts fewer
    other = prep(7, 2).breech_face
    pose_knm = register(a, other, 25.0)
    knm = cmc_both(a, other, pose_knm, side, CmcParams(consensus="median"))
    assert max(r.congruent for r in knm) <= 2


def _real(shared_data: Path, name: str) -> Prepared:
    return prepare(read_x3p(shared_data / "scans" / "baldwin_ruger_sr9" / f"{name}.x3p"))


def test_baldwin_k004fa3_matches_its_mates_after_orientation_fix(shared_data: Path) -> None:
    """K004fA3 (Origin NW) scored at non-match level before the reader honoured Origin."""
    q = _real(shared_data, "K004fA3")
    km = [compare(_real(shared_data, m), q) for m in ("K013sA1", "K014vA2")]
    knm = [compare(_real(shared_data, m), q) for m in ("K004dB1", "K004dB2")]
    assert min(s.pose.score for s in km) > 0.35 > 0.25 > max(s.pose.score for s in knm)
    assert min(s.combined for s in km) > max(s.combined for s in knm)


def test_cosine_scan_blocks_match_one_product(tmp_path: Path) -> None:
    from matching.retrieval import CHUNK_ROWS, cosine_scan

    rng = np.random.default_rng(1)
    n = 2 * CHUNK_ROWS + 37  # several blocks and a ragged tail
    mat = rng.normal(size=(n, 16)).astype(np.float32)
    q = rng.normal(size=16).astype(np.float32)
    out = np.full(n, np.nan, np.float32)
    cosine_scan(mat, q, out)
    np.testing.assert_allclose(out, mat @ q, rtol=1e-4, atol=1e-4)
    store = SignatureStore.create(tmp_path / "big", dim=16)
    store.append([f"r{i}" for i in range(n)], mat, calibre="9mm")
    assert store.search(mat[n - 1], k=1)[0].id == f"r{n - 1}"
    store.append(["late"], q[None], calibre="9mm")  # the cached map grows with the store
    assert store.search(q, k=1)[0].id == "late"


def test_prepared_format_roundtrip_and_legacy_npz() -> None:
    import io
    import json

    from matching.pipeline import PREP_MAGIC

    p = prep(3, 1)
    blob = p.to_bytes()
    assert blob.startswith(PREP_MAGIC)
    back = Prepared.from_bytes(blob)
    assert np.array_equal(back.breech_face, p.breech_face, equal_nan=True)
    assert np.array_equal(back.signature, p.signature) and back.pixel_um == p.pixel_um
    assert back.meta["version"] == VERSION and back.meta["synthetic"] is True
    buf = io.BytesIO()  # the .npz layout written by versions <= 0.3.0
    np.savez_compressed(
        buf,
        breech_face=p.breech_face,
        signature=p.signature,
        pixel_um=np.float64(p.pixel_um),
        meta=np.array(json.dumps({"version": "0.3.0"})),
    )
    old = Prepared.from_bytes(buf.getvalue())
    assert np.array_equal(old.breech_face, p.breech_face, equal_nan=True)
    assert old.firing_pin is None and old.meta["version"] == "0.3.0"
