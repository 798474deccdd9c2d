from __future__ import annotations

import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from matching.images import image_dimensions, read_image, read_scan
from matching.surface import ScanError
from matching.x3p import read_x3p
from tests.matching.factories import x3p_bytes

RNG = np.random.default_rng(0)


def _z(h: int = 20, w: int = 30, dtype: str = "<f8") -> np.ndarray:
    return (RNG.normal(size=(h, w)) * 1e-6).astype(dtype)


def test_roundtrip_metres_to_micrometres_and_x_fastest() -> None:
    z = _z()
    s = read_x3p(x3p_bytes(z))
    assert s.heights.shape == (20, 30) and s.heights.dtype == np.float32
    assert s.pixel_um == pytest.approx(6.25)
    np.testing.assert_allclose(s.heights, z * 1e6, rtol=1e-5)
    assert s.meta["units_in_file"] == "m"


def test_micrometre_file_is_not_rescaled() -> None:
    z = (RNG.normal(size=(8, 9)) * 3).astype("<f4")
    s = read_x3p(x3p_bytes(z, increment=7.37))
    assert s.pixel_um == pytest.approx(7.37)
    np.testing.assert_allclose(s.heights, z, rtol=1e-6)
    assert s.meta["units_in_file"] == "um"


@pytest.mark.parametrize("dtype", ["<i4", "<i2"])
def test_integer_types_apply_z_increment(dtype: str) -> None:
    z = RNG.integers(-1000, 1000, size=(6, 7)).astype(dtype)
    s = read_x3p(x3p_bytes(z, z_increment=1e-8))
    np.testing.assert_allclose(s.heights, z * 1e-8 * 1e6, rtol=1e-5)


def test_valid_bin_marks_invalid_points_nan() -> None:
    z = _z(5, 11)
    valid = RNG.random((5, 11)) > 0.3
    s = read_x3p(x3p_bytes(z, valid=valid))
    assert np.array_equal(np.isfinite(s.heights), valid)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"data_md5": "0" * 32}, "MD5 of the point data"),
        ({"xml_md5": "f" * 32}, "MD5 of main.xml"),
        ({"size": (21, 30)}, "matrix size needs"),
        ({"data_type": "Q"}, "unknown x3p data type"),
        ({"size": (20_001, 30)}, "absurd matrix dimensions"),
        ({"size": (19_000, 19_000)}, "exceed"),
    ],
)
def test_corrupt_archives_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ScanError, match=message):
        read_x3p(x3p_bytes(_z(), **kwargs))


def test_all_invalid_surface_is_refused() -> None:
    with pytest.raises(ScanError, match="valid points"):
        read_x3p(x3p_bytes(np.full((10, 10), np.nan)))


def test_not_a_zip_and_truncated_zip() -> None:
    with pytest.raises(ScanError, match="not a readable"):
        read_x3p(b"hello, not a zip")
    good = x3p_bytes(_z(200, 200))
    with pytest.raises(ScanError):
        read_x3p(good[: len(good) // 2])


def test_size_checked_before_decompressing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small limit refuses the data member from the zip directory, without reading it."""
    archive = x3p_bytes(_z(100, 100))
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, *a: object, **k: object) -> object:
        opened.append(getattr(name, "filename", str(name)))
        return real_open(self, name, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with pytest.raises(ScanError, match="exceed"):
        read_x3p(archive, max_data_bytes=1000)
    assert "bindata/data.bin" not in opened


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    z=hnp.arrays(
        dtype=st.sampled_from(["<f8", "<f4", "<i4", "<i2"]),
        shape=hnp.array_shapes(min_dims=2, max_dims=2, min_side=4, max_side=40),
        elements={"allow_nan": False, "min_value": -1000, "max_value": 1000},
    ),
    metres=st.booleans(),
)
def test_property_roundtrip(z: np.ndarray, metres: bool) -> None:
    inc = 5e-6 if metres else 5.0
    s = read_x3p(x3p_bytes(z, increment=inc))
    assert s.heights.shape == z.shape
    expected = z.astype(np.float64) * (1e6 if metres else 1.0)
    np.testing.assert_allclose(s.heights, expected.astype(np.float32), rtol=1e-6, atol=1e-3)
    assert s.pixel_um == pytest.approx(5.0)


@settings(max_examples=80, deadline=None)
@given(blob=st.binary(max_size=400), cut=st.integers(min_value=0, max_value=3000))
def test_property_garbage_never_crashes_differently(blob: bytes, cut: int) -> None:
    """Random bytes, or a valid archive cut or spliced anywhere: ScanError or a valid Surface."""
    good = x3p_bytes(_z(12, 12))
    for candidate in (blob, good[:cut], good[:cut] + blob + good[cut + len(blob) :]):
        try:
            s = read_x3p(candidate)
        except ScanError:
            continue
        assert s.heights.shape == (12, 12)


def test_png_and_tiff_images(tmp_path: Path) -> None:
    img = (RNG.random((40, 50)) * 65535).astype(np.uint16)
    for ext in (".png", ".tif"):
        path = tmp_path / f"a{ext}"
        cv2.imwrite(str(path), img)
        assert image_dimensions(path.read_bytes()) == (50, 40)
        s = read_scan(path, pixel_um=2.0)
        assert s.kind == "2d" and s.heights.shape == (40, 50) and s.pixel_um == 2.0
        np.testing.assert_allclose(s.heights, img / 65535.0, rtol=1e-5)


def test_image_errors(tmp_path: Path) -> None:
    ok, png = cv2.imencode(".png", np.full((10, 10), 7, np.uint8))
    assert ok
    with pytest.raises(ScanError, match="blank"):
        read_image(png.tobytes())
    with pytest.raises(ScanError, match="not a PNG or TIFF"):
        read_image(b"GIF89a....")
    huge = bytearray(png.tobytes())
    huge[16:24] = (30000).to_bytes(4, "big") + (30000).to_bytes(4, "big")
    with pytest.raises(ScanError, match="absurd"):
        read_image(bytes(huge))
    ok, png = cv2.imencode(".png", (RNG.random((50, 50)) * 255).astype(np.uint8))
    with pytest.raises(ScanError, match="decoded"):
        read_image(png.tobytes()[:200])
    with pytest.raises(ScanError, match="unsupported"):
        read_scan(tmp_path / "x.jpg")


def test_real_scans_read(shared_data: Path) -> None:
    scans = shared_data / "scans"
    b = read_x3p(scans / "baldwin_ruger_sr9" / "K013sA1.x3p")  # metres in file
    raw = read_x3p(scans / "baldwin_ruger_sr9" / "raw" / "K013sA1.x3p")  # micrometres in file
    assert b.pixel_um == pytest.approx(7.37, abs=0.02)
    assert raw.pixel_um == pytest.approx(7.37, abs=0.02)
    assert 0.2 < np.isfinite(b.heights).mean() < 0.5
    assert 0.5 < float(np.nanstd(b.heights)) < 5  # band-passed, µm
    assert raw.heights.shape == (749, 769) and raw.region_mask is not None
    f = read_x3p(scans / "fadul_ruger_p95" / "Fadul 1-1.x3p")
    assert f.pixel_um == pytest.approx(6.25) and f.heights.shape == (549, 549)
