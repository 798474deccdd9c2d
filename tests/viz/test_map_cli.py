from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.map_cmd import map_app
from tests.viz.cases import squares_geojson, squares_incidents


def _inputs(tmp_path: Path) -> list[str]:
    incs, links = squares_incidents()
    (tmp_path / "incidents.json").write_text(
        json.dumps(
            [
                {
                    "id": i.id,
                    "occurred_at": i.occurred_at.isoformat(),
                    "latitude": i.latitude,
                    "longitude": i.longitude,
                }
                for i in incs
            ]
        )
    )
    (tmp_path / "links.json").write_text(
        json.dumps(
            [
                {"source_id": lk.source_id, "target_id": lk.target_id, "kind": lk.kind}
                for lk in links
            ]
        )
    )
    (tmp_path / "areas.geojson").write_text(json.dumps(squares_geojson()))
    return [
        "file",
        "--incidents",
        str(tmp_path / "incidents.json"),
        "--links",
        str(tmp_path / "links.json"),
        "--jurisdictions",
        str(tmp_path / "areas.geojson"),
        "--id-field",
        "code",
    ]


def test_map_file_writes_html_and_png(tmp_path: Path) -> None:
    runner = CliRunner()
    args = _inputs(tmp_path)
    out = tmp_path / "region.html"
    result = runner.invoke(map_app, [*args, "--kind", "region", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "cgi-xlink" in out.read_text()
    png = tmp_path / "cycle.png"
    result = runner.invoke(map_app, [*args, "--png", "--out", str(png)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes().startswith(b"\x89PNG")


def test_map_file_bad_input_exits_1(tmp_path: Path) -> None:
    args = _inputs(tmp_path)
    (tmp_path / "links.json").write_text(
        json.dumps([{"source_id": "a1", "target_id": "zz", "kind": "hit"}])
    )
    result = CliRunner().invoke(map_app, [*args, "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "unknown incident" in result.output
