"""Congruent matching cells (CMC, Song et al. NIST 2013–2018), both directions.

The fixed map is cut into square cells of ``cell_um``. After the global pose (from
:func:`matching.compare.register`), each cell with enough valid pixels is searched for in the
moving map rotated by the pose angle + δ (δ over ``cell_offsets_deg``), within ``search_um``
of where the pose predicts it; its best normalised correlation, δ and displacement are kept.
A cell is *congruent* when its correlation ≥ ``ccf_min``, its δ is within ``angle_tol_deg`` of
the cells' consensus angle and its displacement within ``shift_tol_um`` of the consensus
displacement (medians over the cells that pass the correlation threshold).

The comparison is run fixed→moving and moving→fixed ("high CMC" uses both); the pair's CMC
is the mean of the two counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.compare import Pose, canvas, rotate

F32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class CmcParams:
    """CMC parameters (units in the names)."""

    pixel_um: float = 25.0  # map sampling the cells are cut from
    cell_um: float = 450.0  # cell side
    cell_min_valid: float = 0.5  # least valid fraction of a usable cell
    cell_offsets_deg: tuple[float, ...] = (-9.0, -6.0, -3.0, 0.0, 3.0, 6.0, 9.0)
    search_um: float = 250.0  # search radius around the predicted position
    ccf_min: float = 0.45  # cell correlation threshold
    angle_tol_deg: float = 6.0  # |δ − consensus δ|
    shift_tol_um: float = 62.5  # |displacement − consensus|


@dataclass(frozen=True)
class CmcResult:
    """One direction: congruent cells, usable cells, and their mean correlation."""

    congruent: int
    cells: int
    mean_ccf: float  # mean best correlation of the congruent cells (0 when none)


def _cells(vals: F32, mask: F32, c: int, min_valid: float) -> list[tuple[int, int]]:
    n = vals.shape[0]
    out = []
    for y in range(0, n - c + 1, c):
        for x in range(0, n - c + 1, c):
            if mask[y : y + c, x : x + c].mean() >= min_valid:
                out.append((y, x))
    return out


def cmc_direction(
    fixed: tuple[F32, F32], moving: tuple[F32, F32], pose: Pose, p: CmcParams
) -> CmcResult:
    """Cells of ``fixed`` (vals, mask on a shared n×n canvas) found in ``moving``.

    O(cells × angles × window²) plus one rotation of the moving canvas per angle.
    """
    import cv2

    fv, fm = fixed
    mv, mm = moving
    n = fv.shape[0]
    c = round(p.cell_um / p.pixel_um)
    s = round(p.search_um / p.pixel_um)
    cells = _cells(fv, fm, c, p.cell_min_valid)
    if not cells:
        return CmcResult(0, 0, 0.0)
    t = np.array(pose.shift_um) / p.pixel_um  # (dx, dy) px
    centre = np.array([n / 2 - 0.5, n / 2 - 0.5])
    best = np.full(len(cells), -1.0)
    best_d = np.zeros(len(cells))
    best_xy = np.zeros((len(cells), 2))
    for delta in p.cell_offsets_deg:
        rv, rm = rotate(mv, mm, pose.angle_deg + delta, (float(t[0]), float(t[1])))
        r = np.asarray(cv2.getRotationMatrix2D((0.0, 0.0), delta, 1.0))[:, :2]
        padded = np.pad(rv, s)
        # valid fraction of every c×c window (top-left anchored) of the moving map
        cover = cv2.boxFilter(np.pad(rm, (s, s + c)), -1, (c, c), anchor=(0, 0))
        for i, (y, x) in enumerate(cells):
            q = np.array([x + c / 2, y + c / 2]) - 0.5
            pred = r @ (q - centre - t) + centre + t  # where the cell's centre should be
            px0, py0 = round(pred[0] - c / 2 + 0.5), round(pred[1] - c / 2 + 0.5)
            if not (-s <= px0 <= n - c + s and -s <= py0 <= n - c + s):
                continue
            win = padded[py0 : py0 + c + 2 * s, px0 : px0 + c + 2 * s]
            tmpl = fv[y : y + c, x : x + c]
            res = cv2.matchTemplate(win, tmpl, cv2.TM_CCOEFF_NORMED)
            k = res.shape[0]
            res[cover[py0 + s : py0 + s + k, px0 + s : px0 + s + k] < p.cell_min_valid] = -1
            _, mx, _, loc = cv2.minMaxLoc(res)
            if mx > best[i]:
                best[i], best_d[i] = mx, delta
                best_xy[i] = (loc[0] - s, loc[1] - s)
    good = best >= p.ccf_min
    if not good.any():
        return CmcResult(0, len(cells), 0.0)
    d0 = float(np.median(best_d[good]))
    xy0 = np.median(best_xy[good], axis=0)
    ok = (
        good
        & (np.abs(best_d - d0) <= p.angle_tol_deg)
        & (np.hypot(*(best_xy - xy0).T) * p.pixel_um <= p.shift_tol_um)
    )
    return CmcResult(int(ok.sum()), len(cells), float(best[ok].mean()) if ok.any() else 0.0)


def inverse(pose: Pose) -> Pose:
    """The pose mapping fixed → moving (angle −θ, shift −R(θ)⁻¹·t)."""
    import cv2

    r = np.asarray(cv2.getRotationMatrix2D((0.0, 0.0), pose.angle_deg, 1.0))[:, :2]
    t = -np.linalg.inv(r) @ np.array(pose.shift_um)
    return Pose(-pose.angle_deg, (float(t[0]), float(t[1])), pose.score)


def cmc_both(
    fixed: F32, moving: F32, pose: Pose, side_um: float, p: CmcParams | None = None
) -> tuple[CmcResult, CmcResult]:
    """CMC fixed→moving and moving→fixed. Maps float32 at ``p.pixel_um``, NaN invalid."""
    p = p or CmcParams()
    n = int(np.ceil(side_um / p.pixel_um / 8) * 8)
    f, m = canvas(fixed, n), canvas(moving, n)
    return cmc_direction(f, m, pose, p), cmc_direction(m, f, inverse(pose), p)
