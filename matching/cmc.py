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
    #: How congruent cells are counted: "median" (each cell's top peak, consensus = median
    #: angle and displacement; Song 2013) or "vote" (the (angle, displacement) hypothesis most
    #: cells support, each cell's whole correlation map considered). "vote" finds more cells
    #: of known matches but also of non-matches (Baldwin AUC 0.954 vs 1.0), so it is off.
    consensus: str = "median"


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


def _cell_maps(
    fixed: tuple[F32, F32], moving: tuple[F32, F32], pose: Pose, p: CmcParams
) -> tuple[npt.NDArray[np.float32], int]:
    """Correlation maps of every usable cell of ``fixed`` around its predicted position.

    Returns (float32 (cells, len(p.cell_offsets_deg), 2s+1, 2s+1), cell count) with s the
    search radius in pixels: entry [i, d, s+dy, s+dx] is the normalised correlation of cell i
    with the moving map rotated by pose angle + offset d, displaced by (dx, dy) pixels from
    where the pose predicts it; −1 where the displaced window is less than
    ``p.cell_min_valid`` valid or off the canvas. O(cells × offsets × (c + 2s)²).
    """
    import cv2

    fv, fm = fixed
    mv, mm = moving
    n = fv.shape[0]
    c = round(p.cell_um / p.pixel_um)
    s = round(p.search_um / p.pixel_um)
    cells = _cells(fv, fm, c, p.cell_min_valid)
    k = 2 * s + 1
    out = np.full((len(cells), len(p.cell_offsets_deg), k, k), -1.0, np.float32)
    t = np.array(pose.shift_um) / p.pixel_um  # (dx, dy) px
    centre = np.array([n / 2 - 0.5, n / 2 - 0.5])
    for d, delta in enumerate(p.cell_offsets_deg):
        rv, rm = rotate(mv, mm, pose.angle_deg + delta, (float(t[0]), float(t[1])))
        r = np.asarray(cv2.getRotationMatrix2D((0.0, 0.0), delta, 1.0))[:, :2]
        padded = np.pad(rv, s)  # padded[j] = rv[j − s]
        # cover[j] = valid fraction of rm[j − s : j − s + c] (same indexing as ``padded``)
        cover = cv2.boxFilter(np.pad(rm, (s, s + c)), -1, (c, c), anchor=(0, 0))
        for i, (y, x) in enumerate(cells):
            q = np.array([x + c / 2, y + c / 2]) - 0.5
            pred = r @ (q - centre - t) + centre + t  # where the cell's centre should be
            px0, py0 = round(pred[0] - c / 2 + 0.5), round(pred[1] - c / 2 + 0.5)
            if not (0 <= px0 <= n - c and 0 <= py0 <= n - c):
                continue  # the whole search window must lie on the (padded) canvas
            win = padded[py0 : py0 + c + 2 * s, px0 : px0 + c + 2 * s]
            tmpl = fv[y : y + c, x : x + c]
            res = cv2.matchTemplate(win, tmpl, cv2.TM_CCOEFF_NORMED)
            res[cover[py0 : py0 + k, px0 : px0 + k] < p.cell_min_valid] = -1
            out[i, d] = res
    np.nan_to_num(out, copy=False, nan=-1.0)  # flat windows (zero variance) give NaN
    return out, len(cells)


def _count_median(maps: npt.NDArray[np.float32], p: CmcParams) -> tuple[int, float]:
    """Original CMC: each cell keeps its best (offset, displacement); consensus = medians."""
    nc, _, k, _ = maps.shape
    flat = maps.reshape(nc, -1)
    arg = flat.argmax(axis=1)
    best = flat[np.arange(nc), arg]
    d, rest = np.divmod(arg, k * k)
    dy, dx = np.divmod(rest, k)
    deg = np.asarray(p.cell_offsets_deg)[d]
    good = best >= p.ccf_min
    if not good.any():
        return 0, 0.0
    d0 = float(np.median(deg[good]))
    x0, y0 = float(np.median(dx[good])), float(np.median(dy[good]))
    ok = (
        good
        & (np.abs(deg - d0) <= p.angle_tol_deg)
        & (np.hypot(dx - x0, dy - y0) * p.pixel_um <= p.shift_tol_um)
    )
    return int(ok.sum()), float(best[ok].mean()) if ok.any() else 0.0


def _count_vote(maps: npt.NDArray[np.float32], p: CmcParams) -> tuple[int, float]:
    """Maximal congruent set: the pose (offset, displacement) that most cells agree on.

    A cell supports the hypothesis (δ, u) when, at some offset within ``angle_tol_deg`` of δ
    and some displacement within ``shift_tol_um`` of u, its correlation is ≥ ``ccf_min``.
    CMC = the largest support over all (δ, u). Every cell's whole correlation map counts,
    not only its single highest peak (a cell whose top peak is a spurious match elsewhere
    still counts where it agrees). O(cells × offsets × window²).
    """
    from scipy.ndimage import maximum_filter

    nc, _, k, _ = maps.shape
    r = max(0, int(np.floor(p.shift_tol_um / p.pixel_um)))
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1]
    disc = (np.hypot(yy, xx) <= p.shift_tol_um / p.pixel_um)[None, None]
    offs = np.asarray(p.cell_offsets_deg)
    near = np.abs(offs[:, None] - offs[None, :]) <= p.angle_tol_deg + 1e-9  # (nd, nd)
    v = maximum_filter(maps, footprint=disc, mode="constant", cval=-1.0)
    # best correlation per cell within the angle window of each offset: (nc, nd, k, k)
    v = np.max(np.where(near[None, :, :, None, None], v[:, None], -1.0), axis=2)
    hit = v >= p.ccf_min
    support = hit.sum(axis=0)  # (nd, k, k)
    j = int(np.argmax(support))
    count = int(support.flat[j])
    if count == 0:
        return 0, 0.0
    d, rest = divmod(j, k * k)
    at = v[:, d].reshape(nc, -1)[:, rest]
    return count, float(at[at >= p.ccf_min].mean())


def cmc_direction(
    fixed: tuple[F32, F32], moving: tuple[F32, F32], pose: Pose, p: CmcParams
) -> CmcResult:
    """Cells of ``fixed`` (vals, mask on a shared n×n canvas) found in ``moving``.

    Counting follows ``p.consensus`` (``"vote"``: maximal congruent set; ``"median"``: the
    original median consensus). O(cells × offsets × window²) plus one rotation of the moving
    canvas per offset.
    """
    maps, cells = _cell_maps(fixed, moving, pose, p)
    if cells == 0:
        return CmcResult(0, 0, 0.0)
    count, mean = (_count_vote if p.consensus == "vote" else _count_median)(maps, p)
    return CmcResult(count, cells, mean)


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
