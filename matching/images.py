"""Reader for 2D optical images of breech faces (PNG, TIFF; 8- or 16-bit, grey or colour).

The image becomes a :class:`~matching.surface.Surface` of kind ``"2d"`` whose "heights" are
intensities scaled to 0..1 (float32). Pure-black pixels (0) in a mostly-black border are not
treated specially: region finding happens in :mod:`matching.preprocess`.

Image dimensions are read from the file header *before* decoding, so an absurd image is
refused without allocating its pixels.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from matching.surface import MAX_DATA_BYTES, MAX_SIDE_PX, ScanError, Surface

#: Pixel size assumed for 2D images when the caller gives none (µm/pixel). Estimated for the
#: NBIDE ring-light images (2592 px wide; a 4.45 mm primer spans about 1440 px).
DEFAULT_IMAGE_PIXEL_UM = 3.1
MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024


def image_dimensions(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG IHDR or the first TIFF IFD, without decoding. O(header)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        if len(data) < 24 or data[12:16] != b"IHDR":
            raise ScanError("truncated PNG header")
        w, h = struct.unpack(">II", data[16:24])
        return int(w), int(h)
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        end = "<" if data[:2] == b"II" else ">"
        try:
            (ifd,) = struct.unpack(end + "I", data[4:8])
            (count,) = struct.unpack(end + "H", data[ifd : ifd + 2])
            dims: dict[int, int] = {}
            for i in range(count):
                entry = data[ifd + 2 + 12 * i : ifd + 14 + 12 * i]
                tag, typ = struct.unpack(end + "HH", entry[:4])
                if tag in (256, 257):
                    fmt = end + ("H" if typ == 3 else "I")
                    dims[tag] = struct.unpack(fmt, entry[8 : 8 + struct.calcsize(fmt)])[0]
            return dims[256], dims[257]
        except (struct.error, KeyError) as exc:
            raise ScanError("truncated or malformed TIFF header") from exc
    raise ScanError("not a PNG or TIFF image")


def read_image(source: str | Path | bytes, *, pixel_um: float | None = None) -> Surface:
    """Read a PNG/TIFF image into a 2D :class:`Surface` (float32 intensity 0..1, no NaN).

    Args:
        source: path or the file's bytes.
        pixel_um: lateral sampling in µm/pixel; default :data:`DEFAULT_IMAGE_PIXEL_UM`.

    Raises:
        ScanError: unknown format, truncated/undecodable file, absurd dimensions, blank image.

    Complexity: O(W·H).
    """
    import cv2

    name = str(source) if isinstance(source, str | Path) else "<bytes>"
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        if path.stat().st_size > MAX_IMAGE_FILE_BYTES:
            raise ScanError(f"{name}: image file larger than {MAX_IMAGE_FILE_BYTES} bytes")
        data = path.read_bytes()
    w, h = image_dimensions(data)
    if not (1 <= w <= MAX_SIDE_PX and 1 <= h <= MAX_SIDE_PX) or w * h * 8 > MAX_DATA_BYTES:
        raise ScanError(f"{name}: absurd image dimensions {w}x{h}")
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_ANYDEPTH | cv2.IMREAD_ANYCOLOR)
    if img is None:
        raise ScanError(f"{name}: image could not be decoded (truncated or corrupt)")
    if img.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if img.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        img = cv2.cvtColor(img, code)
    full = float(np.iinfo(img.dtype.str).max) if img.dtype.kind in "ui" else 1.0
    intensity = (img.astype(np.float32) / np.float32(full)).astype(np.float32)
    if float(intensity.max() - intensity.min()) <= 0.0:
        raise ScanError(f"{name}: image is blank (constant intensity)")
    px = DEFAULT_IMAGE_PIXEL_UM if pixel_um is None else float(pixel_um)
    meta = {"source": name, "format": "image", "pixel_um_assumed": pixel_um is None}
    return Surface(heights=intensity, pixel_um=px, kind="2d", meta=meta)


def read_scan(path: str | Path, *, pixel_um: float | None = None) -> Surface:
    """Read any supported scan by extension: ``.x3p`` → 3D, ``.png/.tif/.tiff`` → 2D."""
    from matching.x3p import read_x3p

    suffix = Path(path).suffix.lower()
    if suffix == ".x3p":
        return read_x3p(path)
    if suffix in (".png", ".tif", ".tiff"):
        return read_image(path, pixel_um=pixel_um)
    raise ScanError(f"{path}: unsupported scan format {suffix!r} (x3p, png, tif)")
