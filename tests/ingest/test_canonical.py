from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.models import Incident, Trace
from ingest.canonical import Kind, read_canonical, to_csv_row
from tests.ingest.helpers import drain

NOW = datetime(2025, 6, 1, tzinfo=UTC)
text = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
aware = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2025, 1, 1), timezones=st.just(UTC)
)
incidents = st.builds(
    Incident,
    id=text.map(lambda s: f"x:{s}"),
    agency_ori=st.sampled_from(["NY0303000", "PAPEP0000"]),
    case_number=st.none() | text,
    occurred_at=aware,
    latitude=st.floats(-89, 89).filter(lambda v: abs(v) > 1e-3),
    longitude=st.floats(-179, 179).filter(lambda v: abs(v) > 1e-3),
    killed=st.integers(0, 5),
    injured=st.integers(0, 5),
)


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


@settings(max_examples=30, deadline=None)
@given(st.lists(incidents, min_size=1, max_size=20, unique_by=lambda i: i.id))
def test_csv_and_jsonl_round_trip(tmp_path_factory, items: list[Incident]) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("c")
    path = write_csv(d / "incidents.csv", [to_csv_row(i) for i in items])
    records, rejections = drain(read_canonical(Kind.INCIDENTS, path, now=NOW))
    assert rejections == [] and records == items
    jl = d / "incidents.jsonl"
    jl.write_text("".join(i.model_dump_json() + "\n" for i in items))
    records, rejections = drain(read_canonical("incidents", jl, now=NOW))
    assert rejections == [] and records == items


def base_trace(**kw: object) -> dict[str, str]:
    row = {
        "trace_number": "T1",
        "firearm_id": "f1",
        "requesting_ori": "NY0303000",
        "requested_at": "2024-03-01T10:00:00-05:00",
        "dealer_ffl": "1-23-456-01-2B-12345",
        "purchase_date": "2023-06-01",
        "recovery_date": "2024-02-28",
        "multiple_sale": "false",
        "time_to_crime_days": "272",
    }
    row.update({k: str(v) for k, v in kw.items()})
    return row


def test_trace_checks(tmp_path: Path) -> None:
    rows = [
        base_trace(),
        base_trace(trace_number="T2", time_to_crime_days="5"),
        base_trace(trace_number="T3", dealer_ffl="12345"),
        base_trace(trace_number="T4", requesting_ori="ZZ9999999"),
        base_trace(trace_number="T5", purchase_date="2024-03-01", time_to_crime_days=""),
        base_trace(trace_number="T6", requested_at="2024-03-01T10:00:00"),  # naive
        base_trace(trace_number="T7", recovery_date="2026-01-01", time_to_crime_days=""),
        base_trace(trace_number="T1", firearm_id="other"),  # conflicting dup
        base_trace(),  # identical dup
    ]
    path = write_csv(tmp_path / "traces.csv", rows)
    records, rejections = drain(
        read_canonical(Kind.TRACES, path, now=NOW, known_oris={"NY0303000"})
    )
    assert [t.trace_number for t in records] == ["T1", "T1"]
    assert isinstance(records[0], Trace) and records[0].time_to_crime_days == 272
    fields = {r.key: (r.line, r.field) for r in rejections}
    assert fields["T2"] == (3, "time_to_crime_days")
    assert fields["T3"][1] == "dealer_ffl"
    assert fields["T4"][1] == "requesting_ori"
    assert fields["T5"][1] == "purchase_date"
    assert fields["T6"][1] == "requested_at"
    assert fields["T7"][1] == "recovery_date"
    assert fields["T1"] == (9, "id")


def test_evidence_lists_and_links(tmp_path: Path) -> None:
    good = {
        "id": "e1",
        "kind": "scene_casing",
        "calibre": "9mm Luger",
        "contributing_ori": "PAPEP0000",
        "incident_id": "phl:1",
        "acquired_at": "2024-01-02T10:00:00+00:00",
        "regions": "breech_face;firing_pin",
        "scan_uri": "scans/e1.x3p",
    }
    orphan = dict(good, id="e2", kind="test_fire", incident_id="")
    path = write_csv(tmp_path / "evidence.csv", [good, orphan])
    records, rejections = drain(read_canonical(Kind.EVIDENCE, path, now=NOW))
    assert records[0].regions == ("breech_face", "firing_pin")
    assert len(rejections) == 1 and rejections[0].key == "e2"
    assert "firearm_id" in rejections[0].reason


def test_json_array_and_bad_coordinates(tmp_path: Path) -> None:
    at = (NOW - timedelta(days=3)).isoformat()
    rows = [
        {
            "id": "i1",
            "agency_ori": "NY0303000",
            "occurred_at": at,
            "latitude": 40.7,
            "longitude": -74.0,
        },
        {"id": "i2", "agency_ori": "NY0303000", "occurred_at": at, "latitude": 0, "longitude": 0},
        {
            "id": "i3",
            "agency_ori": "NY0303000",
            "occurred_at": at,
            "latitude": 40.7,
            "longitude": -740.0,
        },
    ]
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(rows))
    records, rejections = drain(read_canonical(Kind.INCIDENTS, path, now=NOW))
    assert [r.id for r in records] == ["i1"]
    assert [(r.line, r.field) for r in rejections] == [(2, "latitude"), (3, "longitude")]


def test_followups(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        [
            {
                "id": "f1",
                "target_id": "lead:1",
                "investigator": "Det. Ruiz",
                "outcome": "arrest",
                "occurred_on": str(date(2024, 5, 1)),
            },
            {
                "id": "f2",
                "target_id": "lead:1",
                "investigator": "Det. Ruiz",
                "outcome": "won",
                "occurred_on": "2024-05-01",
            },
        ],
    )
    records, rejections = drain(read_canonical(Kind.FOLLOWUPS, path, now=NOW))
    assert len(records) == 1 and rejections[0].field == "outcome"
