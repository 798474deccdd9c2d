from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.nypd import NYPD_ORI, read_nypd_shootings
from tests.ingest.helpers import drain

HEADER = [
    "INCIDENT_KEY",
    "OCCUR_DATE",
    "OCCUR_TIME",
    "BORO",
    "PRECINCT",
    "JURISDICTION_CODE",
    "LOCATION_DESC",
    "STATISTICAL_MURDER_FLAG",
    "Latitude",
    "Longitude",
]


def row(
    key: str,
    *,
    date: str = "9/9/2017",
    time: str = "3:57:00",
    murder: str = "FALSE",
    lat: str = "40.638",
    lon: str = "-74.087",
    precinct: str = "120",
) -> list[str]:
    return [key, date, time, "STATEN ISLAND", precinct, "0", "", murder, lat, lon]


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def test_real_file_one_incident_per_key(nypd_csv: Path) -> None:
    records, rejections = drain(read_nypd_shootings(nypd_csv))
    assert len(records) == 16_255
    assert rejections == []
    assert sum(r.killed + r.injured for r in records) == 20_659
    assert all(r.occurred_at.utcoffset() is not None for r in records)
    assert {r.agency_ori for r in records} == {NYPD_ORI}
    first = next(r for r in records if r.id == "nypd:169180023")
    assert first.occurred_at.isoformat() == "2017-09-09T03:57:00-04:00"


def test_bad_rows_reported_good_rows_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path / "s.csv",
        [
            row("1"),
            row("1", murder="TRUE"),  # two victims: 1 killed, 1 injured
            row("2"),
            row("2", precinct="121"),  # conflicting duplicate
            row("3", lat="123.0"),  # latitude out of range
            row("4", date="1/1/2999"),  # future
            row("5", murder="MAYBE"),  # bad flag
            row("6", date="13/45/2017"),  # bad date
        ],
    )
    records, rejections = drain(read_nypd_shootings(path))
    assert [(r.id, r.killed, r.injured) for r in records] == [("nypd:1", 1, 1)]
    by_key = {(r.key, r.field) for r in rejections}
    assert ("2", "PRECINCT") in by_key
    assert ("3", "Latitude") in by_key
    assert ("4", "OCCUR_DATE") in by_key
    assert ("5", "STATISTICAL_MURDER_FLAG") in by_key
    assert ("6", "OCCUR_DATE") in by_key
    conflict = next(r for r in rejections if r.key == "2")
    assert conflict.line == 5 and "line 4" in conflict.reason and conflict.file == "s.csv"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 8), st.booleans()), min_size=1, max_size=40))
def test_victims_aggregate(tmp_path_factory, victims: list[tuple[int, bool]]) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path_factory.mktemp("n") / "s.csv",
        [row(str(k), murder="TRUE" if m else "FALSE") for k, m in victims],
    )
    records, rejections = drain(read_nypd_shootings(path, now=datetime(2030, 1, 1, tzinfo=UTC)))
    assert not rejections
    got = {r.id: (r.killed, r.injured) for r in records}
    for k in {k for k, _ in victims}:
        killed = sum(1 for kk, m in victims if kk == k and m)
        injured = sum(1 for kk, m in victims if kk == k and not m)
        assert got[f"nypd:{k}"] == (killed, injured)
