"""SYNTHETIC breech-face surfaces, for unit tests and scale (distractors) only.

Nothing produced here is real evidence, and accuracy is never reported on it. Every surface
carries ``meta["synthetic"] = True``.

Model: a firearm owns a texture (band-limited isotropic roughness + striations along a random
direction + a few impact dents), fixed by ``firearm_seed``. Each shot sees that texture through
a random rotation and translation, with a random gain, independent shot-to-shot noise of
relative amplitude ``noise``, and dropout blobs; the breech-face annulus (primer outline minus
the firing-pin hole) is cut out with slight per-shot jitter.

Example:
    >>> a = synthetic_surface(firearm_seed=1, shot_seed=1)
    >>> b = synthetic_surface(firearm_seed=1, shot_seed=2)   # same firearm, another shot
    >>> a.heights.shape == b.heights.shape, a.meta["synthetic"]
    (True, True)
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from matching.surface import Surface

F32 = npt.NDArray[np.float32]


def _blur(x: F32, sx: float, sy: float | None = None) -> F32:
    import cv2

    out = cv2.GaussianBlur(x, (0, 0), sigmaX=sx, sigmaY=sy or sx, borderType=cv2.BORDER_REFLECT)
    return np.asarray(out, np.float32)


def _rotate(x: F32, angle_deg: float, shift: tuple[float, float] = (0.0, 0.0)) -> F32:
    import cv2

    h, w = x.shape
    m = np.asarray(cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0), np.float64)
    m[:, 2] += np.asarray(shift)
    out = cv2.warpAffine(x, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    return np.asarray(out, np.float32)


def _smooth_noise(rng: np.random.Generator, n: int, sx: float, sy: float) -> F32:
    """Unit-SD Gaussian-filtered white noise (n, n), blur SDs (sx, sy) in pixels.

    Long blurs are made on a coarser grid and upsampled (same spectrum, far cheaper).
    """
    import cv2

    kx, ky = max(1, int(sx // 3)), max(1, int(sy // 3))
    noise = rng.standard_normal((-(-n // ky), -(-n // kx)), dtype=np.float32)
    f = _blur(noise, max(sx / kx, 0.5), max(sy / ky, 0.5))
    if (kx, ky) != (1, 1):
        f = np.asarray(cv2.resize(f, (n, n), interpolation=cv2.INTER_CUBIC), np.float32)
    return f / (f.std() + 1e-9)


def _field(rng: np.random.Generator, n: int, pixel_um: float) -> F32:
    """Band-limited roughness: a sum of blurred white noises at 15–120 µm scales (unit SD)."""
    out = np.zeros((n, n), np.float32)
    for scale_um, amp in ((15.0, 0.6), (40.0, 1.0), (120.0, 0.7)):
        sd = scale_um / pixel_um
        out += np.float32(amp) * _smooth_noise(rng, n, sd, sd)
    return out / (out.std() + 1e-9)


def firearm_texture(firearm_seed: int, n: int, pixel_um: float) -> F32:
    """The firearm's own breech-face texture, float32 (n, n), unit SD. Deterministic in seed.

    O(n²) (a few separable Gaussian blurs).
    """
    rng = np.random.default_rng([firearm_seed, 7919])
    tex = _field(rng, n, pixel_um)
    # striations (machining marks) along a random direction
    stri = _smooth_noise(rng, n, 400.0 / pixel_um, 12.0 / pixel_um)
    stri = _rotate(stri, float(rng.uniform(0, 180)))
    tex += np.float32(rng.uniform(0.3, 1.0)) * stri
    # a few dents
    for _ in range(int(rng.integers(3, 9))):
        cx, cy = rng.uniform(0, n, 2)
        r = rng.uniform(30, 120) / pixel_um
        x0, x1 = int(max(0, cx - 3 * r)), int(min(n, cx + 3 * r + 1))
        y0, y1 = int(max(0, cy - 3 * r)), int(min(n, cy + 3 * r + 1))
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        dent = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / r**2)
        tex[y0:y1, x0:x1] -= np.float32(rng.uniform(0.5, 2.0)) * dent
    return tex / (tex.std() + 1e-9)


def synthetic_surface(
    *,
    firearm_seed: int,
    shot_seed: int,
    pixel_um: float = 12.5,
    size_um: float = 3400.0,
    noise: float = 0.6,
    max_shift_um: float = 150.0,
    dropout: float = 0.05,
    height_um: float = 1.5,
) -> Surface:
    """One SYNTHETIC shot: breech-face annulus, NaN elsewhere, heights in µm.

    Args:
        firearm_seed: selects the firearm texture (same seed = same firearm).
        shot_seed: selects pose, gain, noise and dropouts of this shot.
        pixel_um: sampling (µm/pixel). size_um: side of the square map (µm).
        noise: SD of the shot-to-shot noise relative to the texture's SD.
        max_shift_um: translation drawn uniformly in ±max_shift_um on each axis.
        dropout: approximate fraction of the annulus lost to dropout blobs.
        height_um: SD of the heights (µm).

    Returns a :class:`Surface` (float32, shape (n, n), n = size_um / pixel_um) whose meta holds
    ``synthetic=True`` and the true ``rotation_deg`` and ``shift_um``. O(n²).
    """
    n = max(16, round(size_um / pixel_um))
    big = int(np.ceil(n * 1.5))
    tex = firearm_texture(firearm_seed, big, pixel_um)
    rng = np.random.default_rng([firearm_seed, shot_seed, 104729])
    angle = float(rng.uniform(-180, 180))
    shift = rng.uniform(-max_shift_um, max_shift_um, 2) / pixel_um
    posed = _rotate(tex, angle, (float(shift[0]), float(shift[1])))
    o = (big - n) // 2
    z = posed[o : o + n, o : o + n] * np.float32(rng.uniform(0.7, 1.0))
    z = z + np.float32(noise) * _field(rng, n, pixel_um)
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
    c = n / 2 + rng.normal(0, 40 / pixel_um, 2)
    r = np.hypot(xx - c[0], yy - c[1]) * pixel_um
    outer = size_um / 2 * rng.uniform(0.92, 0.98)
    inner = outer * rng.uniform(0.55, 0.68)
    mask = (r < outer) & (r > inner)
    if dropout > 0:
        blobs = _smooth_noise(rng, n, 60 / pixel_um, 60 / pixel_um)
        mask &= blobs < np.quantile(blobs, 1 - dropout)
    heights = np.where(mask, z * np.float32(height_um), np.nan).astype(np.float32)
    meta = {
        "synthetic": True,
        "firearm_seed": firearm_seed,
        "shot_seed": shot_seed,
        "rotation_deg": angle,
        "shift_um": (float(shift[0] * pixel_um), float(shift[1] * pixel_um)),
    }
    return Surface(heights=heights, pixel_um=pixel_um, kind="3d", meta=meta)
