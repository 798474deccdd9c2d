"""The in-memory representation of one acquisition, shared by every reader and stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt


class ScanError(ValueError):
    """An input scan is unreadable, corrupt or unusable (the message says why).

    A ``ValueError`` subclass so callers that validate input can catch either.
    """


#: Hard limits that keep a hostile or broken file from exhausting memory.
MAX_SIDE_PX = 20_000
MAX_DATA_BYTES = 512 * 1024 * 1024  # uncompressed point data (512 MiB)
MAX_XML_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Surface:
    """One breech-face acquisition.

    Attributes:
        heights: float32 array, shape (H, W). Heights in micrometres for 3D scans, intensity
            (0..1) for 2D images; NaN where invalid (outside the scanned region, dropouts).
        pixel_um: lateral sampling, micrometres per pixel (square pixels).
        kind: ``"3d"`` (height map) or ``"2d"`` (optical image intensity).
        region_mask: optional bool array (H, W) marking the breech-face region when the file
            carries one (x3ptools ``bindata/mask.png``); None otherwise.
        meta: free-form source metadata (file name, instrument, units found, ...).
    """

    heights: npt.NDArray[np.float32]
    pixel_um: float
    kind: str = "3d"
    region_mask: npt.NDArray[np.bool_] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate_surface(self.heights, self.pixel_um)
        if self.kind not in ("3d", "2d"):
            raise ScanError(f"kind must be '3d' or '2d', not {self.kind!r}")
        if self.region_mask is not None and self.region_mask.shape != self.heights.shape:
            raise ScanError(
                f"region mask shape {self.region_mask.shape} != surface {self.heights.shape}"
            )

    @property
    def valid(self) -> npt.NDArray[np.bool_]:
        """Bool (H, W): True where the height is finite."""
        return np.isfinite(self.heights)


def validate_surface(heights: npt.NDArray[Any], pixel_um: float, *, min_valid: int = 16) -> None:
    """Raise :class:`ScanError` unless ``heights`` is a usable 2D float32 map.

    Checks: 2D, float32, each side within ``1..MAX_SIDE_PX``, finite positive ``pixel_um``
    (0.01–1000 µm), at least ``min_valid`` finite points, no infinities. O(H·W).
    """
    if heights.ndim != 2:
        raise ScanError(f"surface must be 2D, got shape {heights.shape}")
    if heights.dtype != np.float32:
        raise ScanError(f"surface must be float32, got {heights.dtype}")
    h, w = heights.shape
    if not (1 <= h <= MAX_SIDE_PX and 1 <= w <= MAX_SIDE_PX):
        raise ScanError(f"absurd surface dimensions {w}x{h} (limit {MAX_SIDE_PX} per side)")
    if not (np.isfinite(pixel_um) and 0.01 <= pixel_um <= 1000.0):
        raise ScanError(f"pixel size {pixel_um!r} µm is not plausible (0.01–1000 µm)")
    if np.isinf(heights).any():
        raise ScanError("surface contains infinite heights")
    n_valid = int(np.isfinite(heights).sum())
    if n_valid < min_valid:
        raise ScanError(f"surface has {n_valid} valid points (all or almost all invalid)")
