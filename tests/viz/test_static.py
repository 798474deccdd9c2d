from __future__ import annotations

import io
from pathlib import Path

from tests.viz.artifacts import keep
from tests.viz.cases import (
    philly_districts,
    philly_incidents,
    small_cycle,
    squares_geojson,
    squares_incidents,
)
from viz.static import cycle_map_png, region_map_png

PNG = b"\x89PNG\r\n\x1a\n"


def _check_png(data: bytes, *, min_colours: int) -> tuple[int, int]:
    from PIL import Image

    assert data.startswith(PNG)
    img = Image.open(io.BytesIO(data)).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20) or []
    assert len(colours) >= min_colours  # something was drawn, not a blank page
    return img.size


def test_cycle_png_without_jurisdictions() -> None:
    incs, links = small_cycle()
    size = _check_png(cycle_map_png(incidents=incs, links=links, dpi=60), min_colours=20)
    assert size == (480, 480)


def test_region_png_squares() -> None:
    incs, links = squares_incidents()
    png = region_map_png(
        incidents=incs, links=links, jurisdictions=squares_geojson(), id_field="code", dpi=60
    )
    _check_png(png, min_colours=20)


def test_real_data_pngs_kept(data_dir: Path) -> None:
    incs, links = small_cycle()
    png = cycle_map_png(
        incidents=incs,
        links=links,
        jurisdictions=philly_districts(),
        id_field="police_district",
        title="Constructed cycle in Philadelphia",
        dpi=100,
    )
    _check_png(png, min_colours=50)
    keep("cycle_static.png", png)
    region = philly_incidents(2023, limit=1500)
    png = region_map_png(
        incidents=region,
        jurisdictions=philly_districts(),
        id_field="police_district",
        title="Philadelphia shootings 2023",
        dpi=100,
    )
    _check_png(png, min_colours=50)
    keep("region_static.png", png)
