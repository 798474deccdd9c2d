"""Stage A signature: a compact rotation- and translation-invariant vector per acquisition.

``signature(map)`` → float32 vector of :data:`SIG_DIM` numbers, unit L2 norm, so cosine
similarity is a dot product (float32: 4·SIG_DIM bytes per stored signature).

Two halves, each standardised separately:

* **Fourier–Mellin spectrum** (translation-invariant): the power spectrum |FFT|² of the
  zero-filled band-passed map, sampled on a polar grid (``N_BANDS`` log-spaced wavelength
  bands × ``N_ANGLES`` angles over 180°). Rotating the surface shifts the angular profile of
  each band, so its angular-Fourier *magnitudes* (harmonics 0..``N_HARM``-1) are
  rotation-invariant: texture energy per scale and its anisotropy.
* **Polar energy layout** (invariant to rotation; translation fixed by the region's centre,
  the primer axis): local roughness energy averaged over rings around the breech-face
  centre, each ring's angular profile reduced to harmonic magnitudes. This captures *where*
  on the breech face the marks are strong, which texture statistics alone do not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class SignatureParams:
    """Signature layout (changing any of these changes :data:`SIG_DIM` or its meaning)."""

    pixel_um: float = 25.0  # map sampling used for the signature (µm/pixel)
    fft_size: int = 256  # zero-padded FFT side (pixels)
    wavelengths_um: tuple[float, float] = (60.0, 600.0)  # spectrum band range (µm)
    n_bands: int = 8
    n_angles: int = 64
    n_harm: int = 8
    n_rings: int = 8
    ring_harm: int = 8
    energy_sigma_um: float = 60.0  # smoothing of the local roughness energy (µm)


PARAMS = SignatureParams()
SIG_DIM = PARAMS.n_bands * PARAMS.n_harm + PARAMS.n_rings * PARAMS.ring_harm


def _standardise(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    v = v - v.mean()
    return v / (np.linalg.norm(v) + 1e-12)


def _spectrum_part(z: F32, p: SignatureParams) -> npt.NDArray[np.float64]:
    import cv2

    n = p.fft_size
    pad = np.zeros((n, n), np.float32)
    h, w = min(z.shape[0], n), min(z.shape[1], n)
    pad[:h, :w] = np.nan_to_num(z[:h, :w])
    power = np.abs(np.fft.fft2(pad)) ** 2
    power = np.fft.fftshift(np.log1p(power)).astype(np.float32)
    freqs = p.pixel_um / np.geomspace(p.wavelengths_um[1], p.wavelengths_um[0], p.n_bands)
    radius = freqs * n  # cycles per FFT side
    theta = np.linspace(0, np.pi, p.n_angles, endpoint=False)
    mx = (n / 2 + radius[:, None] * np.cos(theta)[None]).astype(np.float32)
    my = (n / 2 + radius[:, None] * np.sin(theta)[None]).astype(np.float32)
    polar = cv2.remap(power, mx, my, cv2.INTER_LINEAR)  # (n_bands, n_angles)
    harm = np.abs(np.fft.rfft(polar, axis=1))[:, : p.n_harm] / p.n_angles
    harm[:, 1:] = np.log1p(harm[:, 1:] / (harm[:, :1] + 1e-9) * 10)
    return harm.reshape(-1).astype(np.float64)


def _layout_part(z: F32, p: SignatureParams) -> npt.NDArray[np.float64]:
    import cv2

    s = p.energy_sigma_um / p.pixel_um
    z = np.pad(z, int(3 * s) + 2, constant_values=np.nan)  # blur and rings see no array edge
    valid = np.isfinite(z)
    ys, xs = np.nonzero(valid)
    cy, cx = (ys.min() + ys.max()) / 2, (xs.min() + xs.max()) / 2
    rmax = max(ys.max() - ys.min(), xs.max() - xs.min()) / 2 + 1
    e = np.where(valid, z, 0).astype(np.float32) ** 2
    m = valid.astype(np.float32)
    c0 = cv2.BORDER_CONSTANT
    e = cv2.GaussianBlur(e, (0, 0), s, borderType=c0) / (
        cv2.GaussianBlur(m, (0, 0), s, borderType=c0) + 1e-3
    )
    n_ang = 128
    radii = np.linspace(0.3, 1.0, p.n_rings) * rmax
    theta = np.linspace(0, 2 * np.pi, n_ang, endpoint=False)
    mx = (cx + radii[:, None] * np.cos(theta)[None]).astype(np.float32)
    my = (cy + radii[:, None] * np.sin(theta)[None]).astype(np.float32)
    ring = cv2.remap(e.astype(np.float32), mx, my, cv2.INTER_LINEAR, borderMode=c0)
    ring = np.log1p(ring)
    harm = np.abs(np.fft.rfft(ring, axis=1))[:, 1 : p.ring_harm + 1] / n_ang
    return np.log1p(harm * 10).reshape(-1).astype(np.float64)


def signature(bf: F32, pixel_um: float, p: SignatureParams = PARAMS) -> F32:
    """Signature of a preprocessed breech-face map.

    Args:
        bf: float32 (H, W) band-passed map, NaN outside the region.
        pixel_um: its sampling (µm/pixel); it is resampled to ``p.pixel_um`` first.

    Returns float32 (SIG_DIM,), unit L2 norm. O(F² log F) with F = ``p.fft_size``.
    """
    from matching.preprocess import resample

    z = resample(bf, pixel_um / p.pixel_um) if abs(pixel_um - p.pixel_um) > 1e-6 else bf
    if not np.isfinite(z).any():
        raise ValueError("signature of an empty map")
    a = _standardise(_spectrum_part(z, p))
    b = _standardise(_layout_part(z, p))
    return (np.concatenate([a, b]) / np.sqrt(2.0)).astype(np.float32)
