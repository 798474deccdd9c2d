"""Stage B registration: coarse-to-fine rotation sweep with cached FFT spectra.

Maps are placed centred on a common square canvas (side in µm fixed per pair), so a pose
(θ, t) means the same at every resolution: rotate the *moving* map by θ degrees about the
canvas centre (OpenCV convention, counter-clockwise on screen) and shift it by t (µm,
(dx, dy)); then it lies on the *fixed* map.

Cost per pair (defaults, ~3.4 mm breech face): coarse sweep 72 angles on ~96² canvases
(one batched inverse FFT), refine 2×5 angles of masked NCC on ~192² canvases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.fft as sfft

F32 = npt.NDArray[np.float32]
C64 = npt.NDArray[np.complex64]


@dataclass(frozen=True)
class RegisterParams:
    """Registration parameters (units in the names)."""

    coarse_px_um: float = 50.0  # sampling of the coarse sweep
    coarse_step_deg: float = 5.0  # sweep −180..180 in these steps
    coarse_keep: int = 3  # best coarse angles that are refined
    refine_px_um: float = 25.0  # sampling of the refinement
    refine_offsets_deg: tuple[float, ...] = (-3.0, -1.5, 0.0, 1.5, 3.0)
    max_shift_um: float = 600.0  # largest translation searched (each axis)
    min_overlap: float = 0.3  # least overlap (fraction of the smaller region) for a peak


@dataclass(frozen=True)
class Pose:
    """Moving → fixed: rotate by ``angle_deg`` about the canvas centre, shift by ``shift_um``."""

    angle_deg: float
    shift_um: tuple[float, float]
    score: float  # masked normalised cross-correlation at the pose (−1..1)


def canvas(z: F32, n: int) -> tuple[F32, F32]:
    """Centre ``z`` (NaN invalid) on an n×n canvas: (values zero-filled, mask 0/1), float32."""
    h, w = z.shape
    vals = np.zeros((n, n), np.float32)
    mask = np.zeros((n, n), np.float32)
    y0, x0 = (n - h) // 2, (n - w) // 2
    ys, xs = slice(max(0, y0), max(0, y0) + min(h, n)), slice(max(0, x0), max(0, x0) + min(w, n))
    sub = z[max(0, -y0) : max(0, -y0) + min(h, n), max(0, -x0) : max(0, -x0) + min(w, n)]
    ok = np.isfinite(sub)
    vals[ys, xs] = np.where(ok, sub, 0)
    mask[ys, xs] = ok
    return vals, mask


def rotate(
    vals: F32, mask: F32, angle_deg: float, shift_px: tuple[float, float] = (0, 0)
) -> tuple[F32, F32]:
    """Rotate (and shift) a zero-filled map and its mask about the canvas centre. O(n²)."""
    import cv2

    n = vals.shape[0]
    m = np.asarray(cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), angle_deg, 1.0))
    m[:, 2] += np.asarray(shift_px, np.float64)
    rv = cv2.warpAffine(vals, m, (n, n), flags=cv2.INTER_LINEAR)
    rm = cv2.warpAffine(mask, m, (n, n), flags=cv2.INTER_LINEAR)
    ok = rm > 0.5
    out_v = np.where(ok, rv / np.maximum(rm, 1e-6), 0).astype(np.float32)
    return out_v, ok.astype(np.float32)


def _resampled(z: F32, from_um: float, to_um: float) -> F32:
    from matching.preprocess import resample

    return resample(z, from_um / to_um) if abs(from_um - to_um) > 1e-9 else z


def canvas_um(fixed: F32, moving: F32, pixel_um: float, p: RegisterParams) -> float:
    """Side of the common canvas (µm): larger map extent + 2·max shift, rotation-safe."""
    ext = max(max(fixed.shape), max(moving.shape)) * pixel_um * 1.05
    return ext + 2 * p.max_shift_um


@dataclass
class Level:
    """One map at one resolution on its canvas, with cached spectra (rfft2)."""

    vals: F32
    mask: F32
    px_um: float

    @classmethod
    def build(cls, z: F32, pixel_um: float, px_um: float, side_um: float) -> Level:
        n = sfft.next_fast_len(int(np.ceil(side_um / px_um)), real=True)
        v, m = canvas(_resampled(z, pixel_um, px_um), n)
        return cls(v, m, px_um)


def _peak(c: npt.NDArray[np.float32], max_px: int) -> tuple[float, int, int]:
    """Best value of a circular correlation surface within ±max_px: (value, dy, dx)."""
    n = c.shape[-1]
    win = np.r_[0 : max_px + 1, n - max_px : n]
    sub = c[np.ix_(win, win)]
    i = int(np.nanargmax(sub))
    iy, ix = divmod(i, sub.shape[1])
    dy, dx = int(win[iy]), int(win[ix])
    dy, dx = (dy - n if dy > n // 2 else dy), (dx - n if dx > n // 2 else dx)
    return float(sub.flat[i]), dy, dx


def coarse_bank(moving: Level, angles: npt.NDArray[np.float64]) -> C64:
    """Conjugated rfft2 of the moving coarse map rotated by each angle: complex64 (A, n, n//2+1)."""
    rots = np.stack([rotate(moving.vals, moving.mask, float(a))[0] for a in angles])
    return np.conj(sfft.rfft2(rots, workers=-1))


def coarse_scores(
    fixed: Level, bank: C64, bank_norm: float, max_shift_um: float
) -> tuple[npt.NDArray[np.float32], list[tuple[int, int]]]:
    """Cross-correlation (normalised by global norms) of ``fixed`` with every banked angle.

    Returns (best value per angle (A,), best (dy, dx) per angle). One batched irfft2:
    O(A·n² log n).
    """
    n = fixed.vals.shape[0]
    ff = sfft.rfft2(fixed.vals)
    corr = sfft.irfft2(np.multiply(bank, ff[None]), s=(n, n), workers=-1)
    norm = float(np.linalg.norm(fixed.vals)) * bank_norm + 1e-9
    max_px = int(max_shift_um / fixed.px_um)
    win = np.r_[0 : max_px + 1, n - max_px : n]
    sub = corr[:, win][:, :, win].reshape(len(bank), -1)
    arg = sub.argmax(axis=1)
    best = (sub[np.arange(len(bank)), arg] / norm).astype(np.float32)
    iy, ix = np.divmod(arg, len(win))
    wrap = np.where(win > n // 2, win - n, win)
    return best, [(int(wrap[a]), int(wrap[b])) for a, b in zip(iy, ix, strict=True)]


def masked_ncc(
    fixed: Level, moving_vals: F32, moving_mask: F32, max_px: int, min_ovl: float
) -> list[tuple[float, int, int]]:
    """Masked normalised cross-correlation peaks (Padfield 2012, zero-mean maps).

    ``moving_vals``/``moving_mask``: float32 (K, n, n), K rotated copies; one peak per copy.
    O(K·n² log n), batched (float32 FFTs).
    """
    n = fixed.vals.shape[0]
    fa, fa2, fma = sfft.rfft2(np.stack([fixed.vals, fixed.vals**2, fixed.mask]), workers=-1)
    fb = sfft.rfft2(np.concatenate([moving_vals, moving_vals**2, moving_mask]), workers=-1)
    k = len(moving_vals)
    fb, fb2, fmb = fb[:k], fb[k : 2 * k], fb[2 * k :]
    prods = np.concatenate(
        [
            fa[None] * np.conj(fb),
            fa2[None] * np.conj(fmb),
            fma[None] * np.conj(fb2),
            fma[None] * np.conj(fmb),
        ]
    )
    xc = sfft.irfft2(prods, s=(n, n), workers=-1)
    num, ea, eb, ovl = xc[:k], xc[k : 2 * k], xc[2 * k : 3 * k], xc[3 * k :]
    out = []
    for j in range(k):
        need = min_ovl * min(float(fixed.mask.sum()), float(moving_mask[j].sum()))
        with np.errstate(invalid="ignore", divide="ignore"):
            ncc = np.where(ovl[j] > need, num[j] / np.sqrt(np.maximum(ea[j] * eb[j], 1e-12)), -1)
        out.append(_peak(ncc.astype(np.float32), max_px))
    return out


def register(fixed: F32, moving: F32, pixel_um: float, p: RegisterParams | None = None) -> Pose:
    """Find the pose that lays ``moving`` on ``fixed`` (both float32, NaN invalid, same µm/px).

    Coarse: all angles in ``coarse_step_deg`` steps at ``coarse_px_um``; refine: the
    ``coarse_keep`` best angles ± ``refine_offsets_deg`` with masked NCC at ``refine_px_um``.
    """
    p = p or RegisterParams()
    side = canvas_um(fixed, moving, pixel_um, p)
    fc, mc = (Level.build(z, pixel_um, p.coarse_px_um, side) for z in (fixed, moving))
    angles = np.arange(-180.0, 180.0, p.coarse_step_deg)
    bank = coarse_bank(mc, angles)
    scores, _ = coarse_scores(fc, bank, float(np.linalg.norm(mc.vals)), p.max_shift_um)
    return refine(fixed, moving, pixel_um, angles[np.argsort(-scores)[: p.coarse_keep]], p, side)


def refine(
    fixed: F32,
    moving: F32,
    pixel_um: float,
    start_deg: npt.NDArray[np.float64],
    p: RegisterParams,
    side_um: float,
) -> Pose:
    """Masked-NCC refinement around each angle of ``start_deg``; best pose overall."""
    fr, mr = (Level.build(z, pixel_um, p.refine_px_um, side_um) for z in (fixed, moving))
    max_px = int(p.max_shift_um / p.refine_px_um)
    angles = [float(a0 + off) for a0 in start_deg for off in p.refine_offsets_deg]
    rots = [rotate(mr.vals, mr.mask, a) for a in angles]
    peaks = masked_ncc(
        fr, np.stack([r[0] for r in rots]), np.stack([r[1] for r in rots]), max_px, p.min_overlap
    )
    j = int(np.argmax([pk[0] for pk in peaks]))
    v, dy, dx = peaks[j]
    return Pose(_wrap(angles[j]), (dx * p.refine_px_um, dy * p.refine_px_um), v)


def _wrap(a: float) -> float:
    return float((a + 180.0) % 360.0 - 180.0)
