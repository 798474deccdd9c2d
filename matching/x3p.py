"""Reader for ISO 25178-72 (x3p) surface files.

An x3p file is a zip holding ``main.xml`` (axes, increments, data type, matrix size, MD5 of
the point data), ``bindata/data.bin`` (little-endian points, X varies fastest), optionally
``bindata/valid.bin`` (packed validity bits, LSB first), ``md5checksum.hex`` (MD5 of
``main.xml``) and, in files written by x3ptools, ``bindata/mask.png`` (a region mask).

Units are normalised: an increment above 1e-3 means the file is in micrometres, otherwise
metres; lateral increments and heights are returned in micrometres.

Every size is checked against the zip directory before anything is decompressed, so a
hostile file cannot make the reader allocate more than ``MAX_DATA_BYTES`` (+ the XML limit).

Example:
    >>> s = read_x3p("K013sA1.x3p")          # doctest: +SKIP
    >>> s.heights.shape, s.pixel_um            # doctest: +SKIP
    ((435, 430), 7.37)
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from matching.surface import MAX_DATA_BYTES, MAX_SIDE_PX, MAX_XML_BYTES, ScanError, Surface

#: x3p data type letter → little-endian numpy dtype.
DTYPES: dict[str, str] = {"D": "<f8", "F": "<f4", "L": "<i4", "I": "<i2"}
#: An increment above this is taken to be in micrometres (some real files), else metres.
MICROMETRE_INCREMENT_THRESHOLD = 1e-3
_MAX_MASK_PNG_BYTES = 64 * 1024 * 1024


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(root: ET.Element, path: str) -> ET.Element | None:
    """Find a descendant by '/'-separated local names, ignoring XML namespaces."""
    node: ET.Element | None = root
    for part in path.split("/"):
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == part), None)
    return node


def _text(root: ET.Element, path: str, default: str | None = None) -> str:
    node = _find(root, path)
    if node is None or node.text is None or not node.text.strip():
        if default is None:
            raise ScanError(f"main.xml lacks {path}")
        return default
    return node.text.strip()


def _number(root: ET.Element, path: str, default: str | None = None) -> float:
    raw = _text(root, path, default)
    try:
        value = float(raw)
    except ValueError as exc:
        raise ScanError(f"main.xml {path} is not a number: {raw!r}") from exc
    if not np.isfinite(value):
        raise ScanError(f"main.xml {path} is not finite: {raw!r}")
    return value


def _read_member(zf: zipfile.ZipFile, name: str, limit: int, expect: int | None = None) -> bytes:
    """Read one zip member, refusing it (before decompressing) if it is larger than ``limit``."""
    try:
        info = zf.getinfo(name)
    except KeyError as exc:
        raise ScanError(f"x3p archive lacks {name}") from exc
    if info.file_size > limit:
        raise ScanError(f"{name} is {info.file_size} bytes, over the {limit}-byte limit")
    if expect is not None and info.file_size != expect:
        raise ScanError(
            f"{name} holds {info.file_size} bytes but the matrix size needs {expect} bytes"
        )
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) != info.file_size:
        raise ScanError(f"{name}: {len(data)} bytes decompressed, directory says {info.file_size}")
    return data


def _find_member(zf: zipfile.ZipFile, name: str) -> str | None:
    names = {n.lower(): n for n in zf.namelist()}
    return names.get(name.lower())


def read_x3p(
    source: str | Path | bytes | IO[bytes], *, max_data_bytes: int = MAX_DATA_BYTES
) -> Surface:
    """Read an x3p file into a :class:`Surface` (heights float32 µm, NaN invalid).

    Args:
        source: path, raw bytes or a binary file object of the zip.
        max_data_bytes: refuse point data larger than this (uncompressed).

    Raises:
        ScanError: not a zip, truncated, missing members, checksum mismatch, matrix size not
            matching the data length, unknown data type, absurd dimensions, all invalid.

    Complexity: O(SizeX·SizeY) time and memory (one copy of the data plus a float32 map).
    """
    name = str(source) if isinstance(source, str | Path) else "<bytes>"
    fileobj: Any = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(fileobj) as zf:
            return _read_zip(zf, name, max_data_bytes)
    except ScanError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ET.ParseError) as exc:
        raise ScanError(f"{name}: not a readable x3p archive ({exc})") from exc
    except (NotImplementedError, RuntimeError) as exc:  # encrypted / unsupported compression
        raise ScanError(f"{name}: unsupported x3p archive ({exc})") from exc


def _read_zip(zf: zipfile.ZipFile, name: str, max_data_bytes: int) -> Surface:
    xml_name = _find_member(zf, "main.xml")
    if xml_name is None:
        raise ScanError(f"{name}: x3p archive lacks main.xml")
    xml_bytes = _read_member(zf, xml_name, MAX_XML_BYTES)
    if b"<!ENTITY" in xml_bytes or b"<!DOCTYPE" in xml_bytes:
        raise ScanError(f"{name}: main.xml must not declare a DOCTYPE or entities")
    _check_xml_md5(zf, xml_bytes, name)
    root = ET.fromstring(xml_bytes)

    dtype_code = _text(root, "Record1/Axes/CZ/DataType").upper()
    if dtype_code not in DTYPES:
        raise ScanError(f"{name}: unknown x3p data type {dtype_code!r} (expected D, F, L or I)")
    dtype = np.dtype(DTYPES[dtype_code])
    try:
        sx = int(_text(root, "Record3/MatrixDimension/SizeX"))
        sy = int(_text(root, "Record3/MatrixDimension/SizeY"))
        sz = int(_text(root, "Record3/MatrixDimension/SizeZ", "1"))
    except ValueError as exc:
        raise ScanError(f"{name}: matrix dimensions are not integers") from exc
    if not (1 <= sx <= MAX_SIDE_PX and 1 <= sy <= MAX_SIDE_PX) or sz != 1:
        raise ScanError(f"{name}: absurd matrix dimensions {sx}x{sy}x{sz}")
    expect = sx * sy * dtype.itemsize
    if expect > max_data_bytes:
        raise ScanError(f"{name}: {expect} bytes of point data exceed the {max_data_bytes} limit")

    link = _text(root, "Record3/DataLink/PointDataLink", "bindata/data.bin")
    member = _find_member(zf, link)
    if member is None:
        raise ScanError(f"{name}: x3p archive lacks its point data {link}")
    data = _read_member(zf, member, max_data_bytes, expect=expect)
    md5 = _text(root, "Record3/DataLink/MD5ChecksumPointData", "").lower()
    if md5 and hashlib.md5(data, usedforsecurity=False).hexdigest() != md5:
        raise ScanError(f"{name}: MD5 of the point data does not match main.xml")

    raw = np.frombuffer(data, dtype=dtype).reshape(sy, sx)
    with np.errstate(invalid="ignore", over="ignore"):  # odd NaN payloads / huge values → NaN
        if dtype.kind == "i":  # integer heights: apply the axis scale
            inc_z = _number(root, "Record1/Axes/CZ/Increment", "1")
            off_z = _number(root, "Record1/Axes/CZ/Offset", "0")
            heights = (raw.astype(np.float64) * inc_z + off_z).astype(np.float32)
        else:
            heights = raw.astype(np.float32)

    inc_x = _number(root, "Record1/Axes/CX/Increment")
    inc_y = _number(root, "Record1/Axes/CY/Increment", str(inc_x))
    if inc_x <= 0 or inc_y <= 0:
        raise ScanError(f"{name}: increments must be positive, got {inc_x}, {inc_y}")
    in_um = inc_x > MICROMETRE_INCREMENT_THRESHOLD
    scale = 1.0 if in_um else 1e6
    heights *= np.float32(scale)
    heights[~np.isfinite(heights)] = np.nan

    valid_link = _text(root, "Record3/DataLink/ValidPointsLink", "bindata/valid.bin")
    valid_member = _find_member(zf, valid_link)
    if valid_member is not None:
        nbytes = (sx * sy + 7) // 8
        bits = _read_member(zf, valid_member, max(nbytes, 1))
        if len(bits) < nbytes:
            raise ScanError(f"{name}: valid.bin holds {len(bits)} bytes, needs {nbytes}")
        valid = np.unpackbits(np.frombuffer(bits, np.uint8), bitorder="little")[: sx * sy]
        heights[valid.reshape(sy, sx) == 0] = np.nan

    region = _read_mask_png(zf, (sy, sx), name)
    meta = {
        "source": name,
        "format": "x3p",
        "data_type": dtype_code,
        "units_in_file": "um" if in_um else "m",
        "pixel_um_y": inc_y * scale,
        "instrument": _text(root, "Record2/Instrument/Model", ""),
        "manufacturer": _text(root, "Record2/Instrument/Manufacturer", ""),
    }
    px = inc_x * scale
    return Surface(heights=heights, pixel_um=px, kind="3d", region_mask=region, meta=meta)


def _check_xml_md5(zf: zipfile.ZipFile, xml_bytes: bytes, name: str) -> None:
    member = _find_member(zf, "md5checksum.hex")
    if member is None:
        return
    text = _read_member(zf, member, 4096).decode("ascii", errors="replace")
    found = re.search(r"[0-9a-fA-F]{32}", text)
    if found is None:
        raise ScanError(f"{name}: md5checksum.hex holds no MD5")
    if hashlib.md5(xml_bytes, usedforsecurity=False).hexdigest() != found.group(0).lower():
        raise ScanError(f"{name}: MD5 of main.xml does not match md5checksum.hex")


def _read_mask_png(
    zf: zipfile.ZipFile, shape: tuple[int, int], name: str
) -> npt.NDArray[np.bool_] | None:
    """x3ptools region mask: white (or any non-background colour) = region. None if absent."""
    member = _find_member(zf, "bindata/mask.png")
    if member is None:
        return None
    import cv2

    buf = _read_member(zf, member, _MAX_MASK_PNG_BYTES)
    img = cv2.imdecode(np.frombuffer(buf, np.uint8), cv2.IMREAD_COLOR)
    if img is None or img.shape[:2] != shape:
        return None  # an unusable mask is ignored, the surface itself is still valid
    mask = img.max(axis=2) > 127
    return mask if 0 < mask.sum() < mask.size else None
