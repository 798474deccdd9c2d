from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ingest.philadelphia import PHILADELPHIA_ORI, read_philadelphia_shootings
from tests.ingest.helpers import drain


def feature(
    key: str, date: str, lon: float = -75.18, lat: float = 39.99, fatal: bool = False
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {
            "dc_key": key,
            "date": date,
            "fatal": fatal,
            "street_name": "N 29TH ST",
            "block_number": 2200.0,
        },
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def write(path: Path, features: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_real_future_record_rejected(phl_dir: Path) -> None:
    records, rejections = drain(read_philadelphia_shootings(phl_dir / "shootings_2025.json"))
    future = [r for r in rejections if "future relative to its file" in r.reason]
    assert [(r.key, r.field, r.file) for r in future] == [
        ("202519006009", "date", "shootings_2025.json")
    ]
    assert len(records) >= 40
    assert all(r.agency_ori == PHILADELPHIA_ORI and r.occurred_at.tzinfo for r in records)


def test_all_real_files(phl_dir: Path) -> None:
    total, bad = 0, 0
    for path in sorted(phl_dir.glob("shootings_*.json")):
        records, rejections = drain(read_philadelphia_shootings(path))
        total += len(records)
        bad += len(rejections)
        assert all(r.line and r.reason for r in rejections)
    assert total > 14_000
    assert bad < 0.02 * total


def test_victims_and_conflicts(tmp_path: Path) -> None:
    feats = [feature(f"2024{n:08d}", f"2024/01/{n:02d} 10:00:00") for n in range(1, 20)]
    feats += [
        feature("202400000001", "2024/01/01 10:20:00", fatal=True),  # 2nd victim, 20 min later
        feature("202400000002", "2024/01/02 22:00:00"),  # 12 h apart: conflict
        feature("202400000003", "2024/01/03 10:00:00", lon=-75.10),  # 7 km apart: conflict
        {
            "type": "Feature",
            "properties": {"dc_key": "X1", "date": "2024/01/05 10:00:00", "fatal": False},
            "geometry": None,
        },
        feature("X2", "2024/01/06 10:00:00", lat=95.0),
    ]
    records, rejections = drain(read_philadelphia_shootings(write(tmp_path / "s.json", feats)))
    one = next(r for r in records if r.id == "phl:202400000001")
    assert (one.killed, one.injured) == (1, 1)
    assert one.occurred_at.hour == 10 and one.occurred_at.minute == 0
    assert {r.key for r in rejections} == {"202400000002", "202400000003", "X1", "X2"}
    assert len(records) == 17
