from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matching.preprocess import (
    PreprocessParams,
    level,
    nan_gaussian,
    preprocess,
    remove_outliers,
    remove_radial_profile,
    resample,
)
from matching.surface import ScanError, Surface
from matching.synthetic import synthetic_surface
from matching.x3p import read_x3p


def test_nan_gaussian_ignores_invalid_pixels() -> None:
    z = np.full((40, 40), 5.0, np.float32)
    z[:, :20] = np.nan
    out = nan_gaussian(z, 3.0)
    assert np.isnan(out[:, :20]).all()
    np.testing.assert_allclose(out[:, 20:], 5.0, rtol=1e-5)  # no leak of zeros from NaN side


def test_level_removes_quadratic_form() -> None:
    yy, xx = np.mgrid[0:50, 0:60].astype(np.float32)
    z = (3 + 0.2 * xx - 0.1 * yy + 0.01 * xx * yy + 0.003 * yy**2).astype(np.float32)
    z[10:20, 10:20] = np.nan
    out = level(z, 2)
    assert np.nanmax(np.abs(out)) < 1e-3
    assert np.isnan(out[15, 15])
    assert np.nanstd(level(z, 1)) > 0.1  # a plane cannot remove the quadratic part


def test_outliers_and_resample() -> None:
    rng = np.random.default_rng(1)
    z = rng.normal(size=(64, 64)).astype(np.float32)
    z[5, 5] = 1000
    assert np.isnan(remove_outliers(z, 5.0)[5, 5])
    z[:32] = np.nan
    r = resample(z, 0.5)
    assert r.shape == (32, 32)
    assert np.isnan(r[:15]).all() and np.isfinite(r[17:]).all()


def test_preprocess_cropped_synthetic_keeps_region_and_standardises() -> None:
    s = synthetic_surface(firearm_seed=3, shot_seed=1, pixel_um=6.25)
    maps = preprocess(s)
    bf = maps.breech_face
    assert maps.pixel_um == PreprocessParams().pixel_um and maps.firing_pin is None
    # resampled to the working pixel size, and the annulus survives (not destroyed)
    rows = np.nonzero(np.isfinite(s.heights).any(axis=1))[0]
    assert abs(bf.shape[0] - (rows[-1] - rows[0] + 1) * s.pixel_um / maps.pixel_um) < 3
    frac_in = np.isfinite(s.heights).mean()
    assert abs(np.isfinite(bf).mean() - frac_in) < 0.1
    v = bf[np.isfinite(bf)]
    assert abs(v.mean()) < 1e-4 and abs(v.std() - 1) < 1e-3


def test_preprocess_full_disc_finds_annulus_and_firing_pin() -> None:
    """A whole primer (valid everywhere): Hough finds primer and hole; FP kept separately."""
    n, px = 400, 12.5
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
    r = np.hypot(xx - 200, yy - 200) * px
    rng = np.random.default_rng(2)
    z = rng.normal(scale=0.3, size=(n, n)).astype(np.float32)
    z += np.where(r < 2200, 0, 30).astype(np.float32)  # primer recessed below the case head
    z -= np.where(r < 1000, 20, 0).astype(np.float32)  # firing-pin hole
    maps = preprocess(Surface(heights=z, pixel_um=px))
    assert maps.firing_pin is not None
    bf_diam = maps.breech_face.shape[0] * maps.pixel_um
    assert 3600 < bf_diam < 4500  # inside the primer outline
    c, half = maps.breech_face.shape[0] // 2, int(500 / maps.pixel_um)
    assert np.isnan(maps.breech_face[c, c - half : c + half]).all()  # the hole is not BF


def test_preprocess_refuses_tiny_region() -> None:
    z = np.full((40, 40), np.nan, np.float32)
    z[:5, :5] = 1.0
    with pytest.raises(ScanError, match="too small"):
        preprocess(Surface(heights=z, pixel_um=12.5), PreprocessParams())


def test_real_scans_are_not_destroyed(shared_data: Path) -> None:
    for name in ("baldwin_ruger_sr9/K004dB1.x3p", "fadul_ruger_p95/Fadul 1-2.x3p"):
        s = read_x3p(shared_data / "scans" / name)
        maps = preprocess(s)
        ratio = np.isfinite(maps.breech_face).mean() / np.isfinite(s.heights).mean()
        assert 0.85 < ratio < 1.15
    raw = read_x3p(shared_data / "scans/baldwin_ruger_sr9/raw/K013sA1.x3p")
    maps = preprocess(raw)
    assert maps.firing_pin is not None


def test_radial_profile_removal_kills_rings_keeps_texture() -> None:
    yy, xx = np.mgrid[0:81, 0:81].astype(np.float32)
    r = np.hypot(yy - 40, xx - 40)
    rings = np.cos(r / 3.0).astype(np.float32)
    rings[r > 38] = np.nan  # a disc, centred on its bounding box
    out = remove_radial_profile(rings, 1.0)
    assert np.array_equal(np.isnan(out), np.isnan(rings))
    assert float(np.nanstd(out)) < 0.1 * float(np.nanstd(rings))  # concentric form removed
    texture = np.where(np.isfinite(rings), np.cos(xx / 2.0), np.nan).astype(np.float32)
    kept = remove_radial_profile(texture, 1.0)
    assert float(np.nanstd(kept)) > 0.8 * float(np.nanstd(texture))  # directional marks stay


def test_firing_pin_aperture_is_constrained_to_the_primer() -> None:
    """Primer, an off-centre firing-pin impression (aperture edge + darker floor): the
    aperture (not the floor) is found, and the breech-face inner edge is concentric with it
    at ``fp_inner_ratio`` of its radius, whichever of the two circles is stronger."""
    from matching.preprocess import find_regions

    n, px = 480, 12.5
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
    r = np.hypot(xx - 240, yy - 240) * px
    ax, ay = 240 + 200 / px, 240 + 250 / px  # aperture centre, 320 µm off the primer's
    ra = np.hypot(xx - ax, yy - ay) * px
    rng = np.random.default_rng(3)
    z = rng.normal(scale=0.05, size=(n, n)).astype(np.float32)
    z += np.where(r < 2200, 0.6, 0.1).astype(np.float32)  # bright primer, dark case gap
    z -= np.where((ra > 1400) & (ra < 1500), 0.4, 0).astype(np.float32)  # aperture edge
    z -= np.where(ra < 800, 0.5, 0).astype(np.float32)  # floor of the impression
    p = PreprocessParams()
    bf, fp = find_regions(Surface(heights=z, pixel_um=px), p)
    assert fp is not None
    ys, xs = np.nonzero(fp)
    assert abs(xs.mean() - ax) * px < 60 and abs(ys.mean() - ay) * px < 60
    fp_radius = np.sqrt(fp.sum() / np.pi) * px
    expected = 1450 * p.fp_inner_ratio - p.edge_margin_um
    assert abs(fp_radius - expected) < 80
    assert not bf[ra < 0.5 * 1450].any()
    assert bf[(ra > 0.75 * 1450) & (ra < 0.9 * 1450)].mean() > 0.95
