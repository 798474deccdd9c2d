"""Preprocessing: breech-face region, levelling, outliers, resampling, NaN-aware band-pass.

Input is a :class:`~matching.surface.Surface` at its native resolution; output is a
:class:`Maps` holding float32 maps at :attr:`PreprocessParams.pixel_um`, zero-mean and unit
variance over their valid pixels, NaN elsewhere. Every parameter lives in
:class:`PreprocessParams` with its unit.

Region finding, in order of preference:

1. The surface is already cropped (valid fraction below ``cropped_valid_fraction``, as in the
   Baldwin and Fadul scans): the valid area *is* the breech face; no firing-pin region.
2. The file carries a region mask (x3ptools ``mask.png``): breech face = mask; firing pin =
   the enclosed hole of the mask, when there is one.
3. Otherwise Hough circles on a smoothed copy: primer outline (radius within
   ``primer_radius_mm``) first, then the firing-pin aperture constrained to it (radius a
   plausible fraction ``fp_radius_ratio`` of the primer's, centre near the primer's);
   breech face = the annulus between them, firing pin = the inner disc.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.surface import ScanError, Surface

F32 = npt.NDArray[np.float32]
BoolA = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class PreprocessParams:
    """Every preprocessing parameter, with its unit."""

    #: Working resolution of the fine maps (µm/pixel); CMC cells are cut from these.
    pixel_um: float = 25.0
    #: Valid fraction below which a surface counts as already cropped to the breech face.
    cropped_valid_fraction: float = 0.9
    #: Polynomial order of the levelling fit (1 = plane, 2 = quadratic).
    level_order: int = 2
    #: Heights further than this many robust SDs (1.4826·MAD) from the median are outliers.
    outlier_mad: float = 5.0
    #: Band-pass: Gaussian cut-off wavelengths (µm). Long-wave form above ``highpass_um`` is
    #: removed; short-wave noise below ``lowpass_um`` is smoothed (0 disables it).
    highpass_um: float = 400.0
    lowpass_um: float = 25.0
    #: Subtract the mean height of every ring (width ``radial_bin_um``) around the region's
    #: centre: a rotationally symmetric form (primer cup curvature, concentric bands) looks
    #: the same at every rotation, so it carries no firearm-specific pose and makes cells of
    #: different firearms agree at a common pose (measured on Baldwin). 0 disables it.
    radial_bin_um: float = 25.0
    #: Primer outline and firing-pin hole radius ranges for Hough detection (mm).
    primer_radius_mm: tuple[float, float] = (1.6, 2.8)
    #: Firing-pin aperture (outer edge of the firing-pin impression) radius range, as a
    #: fraction of the detected primer radius, and the largest offset of its centre from the
    #: primer centre (same unit). NBIDE Ruger ring-light images: ratio 0.64–0.68, offset
    #: 0.15–0.25.
    fp_radius_ratio: tuple[float, float] = (0.5, 0.8)
    fp_max_offset_ratio: float = 0.35
    #: Inner edge of the breech-face annulus (= firing-pin region's radius), as a fraction of
    #: the aperture radius, concentric with the aperture: about the impression's floor, so
    #: its wall stays in the breech-face map in every image (NBIDE 118–129: KM log10 LR 7.8
    #: at 0.6, 1.9 with the wall cut at the aperture itself, 0.5–0.85 all ≥ 7.8).
    fp_inner_ratio: float = 0.6
    #: Firing-pin region radius assumed, centred on the primer, when no aperture is found
    #: (fraction of the primer radius).
    fp_default_ratio: float = 0.4
    #: Shrink the breech-face annulus away from both circle edges by this margin (µm).
    edge_margin_um: float = 60.0
    #: A resampled pixel is valid when at least this fraction of its footprint was valid.
    min_coverage: float = 0.5
    #: Minimum valid pixels in a region at the working resolution (else region refused).
    min_region_px: int = 400


#: Gaussian sigma = this × cut-off wavelength (ISO 16610-21 Gaussian filter, 50 % transmission).
SIGMA_PER_CUTOFF = float(np.sqrt(np.log(2.0) / (2.0 * np.pi**2)))


@dataclass(frozen=True)
class Maps:
    """Preprocessed regions of one acquisition (float32, NaN outside, µm/pixel ``pixel_um``).

    ``breech_face`` has shape (H, W); ``firing_pin`` (h, w) or None when absent.
    """

    breech_face: F32
    firing_pin: F32 | None
    pixel_um: float


def nan_gaussian(z: F32, sigma_px: float) -> F32:
    """NaN-aware Gaussian filter ``G*(z·m) / G*m`` (m = validity). Output NaN where z is NaN.

    Shape-preserving, float32, O(H·W) (separable filter). ``sigma_px`` in pixels.
    """
    import cv2

    valid = np.isfinite(z)
    m = valid.astype(np.float32)
    zm = np.where(valid, z, 0).astype(np.float32)
    num = cv2.GaussianBlur(zm, (0, 0), sigma_px, borderType=cv2.BORDER_CONSTANT)
    den = cv2.GaussianBlur(m, (0, 0), sigma_px, borderType=cv2.BORDER_CONSTANT)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    out[~valid] = np.nan
    return out.astype(np.float32)


def resample(z: F32, factor: float, min_coverage: float = 0.5) -> F32:
    """NaN-aware area resampling by ``factor`` (<1 shrinks). O(H·W). float32 out."""
    import cv2

    if abs(factor - 1.0) < 1e-6:
        return z.astype(np.float32, copy=True)
    h, w = z.shape
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
    valid = np.isfinite(z)
    m = cv2.resize(valid.astype(np.float32), size, interpolation=interp)
    zm = cv2.resize(np.where(valid, z, 0).astype(np.float32), size, interpolation=interp)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = zm / m
    out[m < min_coverage] = np.nan
    return out.astype(np.float32)


def level(z: F32, order: int = 2, max_points: int = 20_000) -> F32:
    """Subtract a least-squares polynomial surface (order 1 or 2) fitted to valid pixels.

    Fits on at most ``max_points`` evenly strided valid pixels: O(H·W).
    """
    yy, xx = np.nonzero(np.isfinite(z))
    if yy.size < 10:
        return z
    step = max(1, yy.size // max_points)
    h, w = z.shape

    def design(y: npt.NDArray[np.int64], x: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        u, v = x / max(w, 1) - 0.5, y / max(h, 1) - 0.5
        cols = [np.ones_like(u), u, v] + ([u * u, u * v, v * v] if order >= 2 else [])
        return np.stack(cols, axis=1)

    a = design(yy[::step], xx[::step])
    # normal equations (AᵀA is at most 6×6, well conditioned for u, v in ±0.5): ~10× faster
    # than lstsq's SVD, the same fit to rounding
    coef = np.linalg.solve(a.T @ a, a.T @ z[yy[::step], xx[::step]].astype(np.float64))
    out = np.full_like(z, np.nan)
    out[yy, xx] = (z[yy, xx] - design(yy, xx) @ coef).astype(np.float32)
    return out


def remove_outliers(z: F32, k_mad: float) -> F32:
    """Set to NaN heights more than ``k_mad`` robust SDs from the median. O(H·W)."""
    v = z[np.isfinite(z)]
    if v.size == 0:
        return z
    med = float(np.median(v))
    mad = 1.4826 * float(np.median(np.abs(v - med))) + 1e-12
    out = z.copy()
    with np.errstate(invalid="ignore"):
        out[np.abs(z - med) > k_mad * mad] = np.nan
    return out


def _hough(
    img: F32, px_um: float, r_mm: tuple[float, float], min_dist_px: int = 0
) -> list[tuple[float, float, float]]:
    """Hough circles (x, y, r in pixels of ``img``) with radius in ``r_mm``, most votes first.

    ``min_dist_px`` is the least distance between returned centres (0: only the best one).
    """
    import cv2

    v = np.nan_to_num(img, nan=float(np.nanmedian(img)))
    lo, hi = np.percentile(v, [1, 99])
    u8 = (np.clip((v - lo) / max(hi - lo, 1e-9), 0, 1) * 255).astype(np.uint8)
    u8 = cv2.medianBlur(u8, 5)
    rmin, rmax = (int(r * 1000 / px_um) for r in r_mm)
    found = cv2.HoughCircles(
        u8,
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=min_dist_px or max(u8.shape),
        param1=60,
        param2=20,
        minRadius=max(rmin, 3),
        maxRadius=max(rmax, rmin + 2),
    )
    if found is None:
        return []
    return [(float(x), float(y), float(r)) for x, y, r in found[0]]


def _find_aperture(
    small: F32, px_um: float, primer: tuple[float, float, float], p: PreprocessParams
) -> tuple[float, float, float] | None:
    """Firing-pin aperture (x, y, r in ``small``'s pixels) inside the detected primer circle.

    The primer outline is found first; the aperture is then the best-voted Hough circle
    whose radius is within ``p.fp_radius_ratio`` of the primer radius and whose centre is
    within ``p.fp_max_offset_ratio`` primer radii of the primer centre. Constraining it to
    the primer keeps the same physical circle (the outer edge of the firing-pin impression)
    in every image, instead of the impression's floor in one and its rim in another.
    Returns None when no such circle is found.
    """
    pcx, pcy, pr = primer
    x0, y0 = max(0, int(pcx - pr)), max(0, int(pcy - pr))
    disc = small[y0 : int(pcy + pr) + 1, x0 : int(pcx + pr) + 1]
    if min(disc.shape) > 8:
        r_mm = tuple(q * pr * px_um / 1000 for q in p.fp_radius_ratio)
        for hx, hy, hr in _hough(disc, px_um, (r_mm[0], r_mm[1]), min_dist_px=2):
            cx, cy = hx + x0, hy + y0
            if np.hypot(cx - pcx, cy - pcy) <= p.fp_max_offset_ratio * pr:
                return cx, cy, hr
    return None


def find_regions(s: Surface, p: PreprocessParams) -> tuple[BoolA, BoolA | None]:
    """Breech-face mask and optional firing-pin mask, bool arrays with ``s.heights``' shape."""
    import cv2

    valid = s.valid
    if valid.mean() < p.cropped_valid_fraction:
        return valid, None
    if s.region_mask is not None:
        bf = s.region_mask & valid
        n, labels = cv2.connectedComponents((~s.region_mask).astype(np.uint8), connectivity=4)
        border = set(np.unique(np.r_[labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
        holes = [k for k in range(1, n) if k not in border]  # label 0 = the region itself
        if not holes:
            return bf, None
        largest = max(holes, key=lambda k: int((labels == k).sum()))
        return bf, (labels == largest) & valid
    # Hough on a ~40 µm copy: fast and smooth enough for edges of millimetre circles.
    f = min(1.0, s.pixel_um / 40.0)
    small = resample(s.heights, f)
    px = s.pixel_um / f  # µm per small pixel
    primers = _hough(small, px, p.primer_radius_mm)
    if not primers:
        raise ScanError("could not find the primer outline (no circle of primer size)")
    pcx, pcy, pr = primers[0]
    aperture = _find_aperture(small, px, (pcx, pcy, pr), p)
    if aperture is not None:
        fcx, fcy, fr = aperture[0], aperture[1], aperture[2] * p.fp_inner_ratio
    else:  # no visible aperture: assume a centred firing-pin region of typical size
        fcx, fcy, fr = pcx, pcy, p.fp_default_ratio * pr
    h, w = s.heights.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d_primer = np.hypot(xx - pcx / f, yy - pcy / f) * s.pixel_um
    d_fp = np.hypot(xx - fcx / f, yy - fcy / f) * s.pixel_um
    m = p.edge_margin_um
    bf = valid & (d_primer < pr * px - m) & (d_fp > fr * px + m)
    fp = valid & (d_fp < fr * px - m)
    return bf, (fp if fp.any() else None)


def remove_radial_profile(z: F32, bin_px: float) -> F32:
    """Subtract the mean of ``z`` over rings of width ``bin_px`` pixels about the centre of the
    valid region's bounding box. float32 (H, W) in and out, NaN kept. O(H·W)."""
    valid = np.isfinite(z)
    ys, xs = np.nonzero(valid)
    if ys.size == 0 or bin_px <= 0:
        return z
    cy, cx = (ys.min() + ys.max()) / 2, (xs.min() + xs.max()) / 2
    ring = (np.hypot(ys - cy, xs - cx) / bin_px).astype(np.int64)
    total = np.bincount(ring, z[ys, xs].astype(np.float64))
    count = np.bincount(ring)
    out = np.full_like(z, np.nan)
    out[ys, xs] = z[ys, xs] - (total / np.maximum(count, 1))[ring]
    return out


def region_map(heights: F32, mask: BoolA, pixel_um: float, p: PreprocessParams) -> F32:
    """One region → levelled, outlier-free, resampled, band-passed, standardised map.

    Crops to the mask's bounding box first, so cost is O(region area). Raises
    :class:`ScanError` when fewer than ``p.min_region_px`` valid pixels remain.
    """
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        raise ScanError("empty region")
    z = np.where(mask, heights, np.nan)[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    z = level(z.astype(np.float32), 1)
    z = level(remove_outliers(z, p.outlier_mad), p.level_order)
    if abs(pixel_um - p.pixel_um) > 1e-6:
        z = resample(z, pixel_um / p.pixel_um, p.min_coverage)
    z = remove_outliers(z, p.outlier_mad)
    z = z - nan_gaussian(z, SIGMA_PER_CUTOFF * p.highpass_um / p.pixel_um)
    sigma_lp = SIGMA_PER_CUTOFF * p.lowpass_um / p.pixel_um
    if sigma_lp >= 0.3:
        z = nan_gaussian(z, sigma_lp)
    if p.radial_bin_um > 0:
        z = remove_radial_profile(z, p.radial_bin_um / p.pixel_um)
    v = z[np.isfinite(z)]
    if v.size < p.min_region_px:
        raise ScanError(f"region too small after preprocessing ({v.size} valid pixels)")
    z = (z - v.mean()) / (v.std() + 1e-12)
    return z.astype(np.float32)


def preprocess(s: Surface, p: PreprocessParams | None = None) -> Maps:
    """Full preprocessing of one surface. O(H·W) time and memory.

    Example:
        >>> maps = preprocess(read_x3p("Fadul 1-1.x3p"))   # doctest: +SKIP
        >>> maps.breech_face.shape, maps.pixel_um           # doctest: +SKIP
        ((275, 275), 12.5)
    """
    import cv2

    p = p or PreprocessParams()
    if s.pixel_um < p.pixel_um / 2:  # big image: first bring it near the working resolution
        f = s.pixel_um / (p.pixel_um / 2)
        z = resample(s.heights, f, p.min_coverage)
        region = None
        if s.region_mask is not None:
            size = (z.shape[1], z.shape[0])
            m = s.region_mask.astype(np.float32)
            region = cv2.resize(m, size, interpolation=cv2.INTER_AREA) > 0.5
        s = Surface(heights=z, pixel_um=s.pixel_um / f, kind=s.kind, region_mask=region)
    bf_mask, fp_mask = find_regions(s, p)
    bf = region_map(s.heights, bf_mask, s.pixel_um, p)
    fp = None
    if fp_mask is not None:
        try:
            fp = region_map(s.heights, fp_mask, s.pixel_um, p)
        except ScanError:
            fp = None  # a firing-pin region too small to use is simply absent
    return Maps(breech_face=bf, firing_pin=fp, pixel_um=p.pixel_um)
