"""Build x3p archives in memory for reader tests, with knobs to corrupt each part."""

from __future__ import annotations

import hashlib
import io
import zipfile

import numpy as np
import numpy.typing as npt

_CODES = {"<f8": "D", "<f4": "F", "<i4": "L", "<i2": "I"}


def x3p_bytes(
    z: npt.NDArray[np.generic],
    *,
    increment: float = 6.25e-6,
    z_increment: float = 1.0,
    data_type: str | None = None,
    size: tuple[int, int] | None = None,
    data_md5: str | None = None,
    xml_md5: str | None = None,
    valid: npt.NDArray[np.bool_] | None = None,
    data_override: bytes | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """An x3p zip of ``z`` (shape (SizeY, SizeX)); each keyword overrides one field."""
    data = data_override if data_override is not None else z.tobytes()
    code = data_type or _CODES[z.dtype.str]
    sy, sx = size or z.shape
    md5 = data_md5 if data_md5 is not None else hashlib.md5(data).hexdigest()
    valid_link = "<ValidPointsLink>bindata/valid.bin</ValidPointsLink>" if valid is not None else ""
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<p:ISO5436_2 xmlns:p="http://www.opengps.eu/2008/ISO5436_2">
<Record1><Revision>ISO5436-2000</Revision><FeatureType>SUR</FeatureType><Axes>
<CX><AxisType>I</AxisType><DataType>D</DataType><Increment>{increment!r}</Increment>
<Offset>0</Offset></CX>
<CY><AxisType>I</AxisType><DataType>D</DataType><Increment>{increment!r}</Increment>
<Offset>0</Offset></CY>
<CZ><AxisType>A</AxisType><DataType>{code}</DataType><Increment>{z_increment!r}</Increment>
<Offset>0</Offset></CZ></Axes></Record1>
<Record2><Instrument><Manufacturer>test</Manufacturer><Model>factory</Model></Instrument>
</Record2>
<Record3><MatrixDimension><SizeX>{sx}</SizeX><SizeY>{sy}</SizeY><SizeZ>1</SizeZ>
</MatrixDimension><DataLink><PointDataLink>bindata/data.bin</PointDataLink>
<MD5ChecksumPointData>{md5}</MD5ChecksumPointData>{valid_link}</DataLink></Record3>
<Record4><ChecksumFile>md5checksum.hex</ChecksumFile></Record4>
</p:ISO5436_2>""".encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("main.xml", xml)
        zf.writestr("md5checksum.hex", (xml_md5 or hashlib.md5(xml).hexdigest()) + " *main.xml\n")
        zf.writestr("bindata/data.bin", data)
        if valid is not None:
            bits = np.packbits(valid.reshape(-1).astype(np.uint8), bitorder="little")
            zf.writestr("bindata/valid.bin", bits.tobytes())
    return buf.getvalue()
