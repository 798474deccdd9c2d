from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.enums import EvidenceKind
from domain.models import Agency, Evidence, Incident

ORI = st.from_regex(r"\A[A-Z]{2}[A-Z0-9]{7}\Z")


@given(ORI)
def test_valid_oris_accepted(ori: str) -> None:
    assert Agency(ori=ori, name="x", state="NY").ori == ori


@given(st.text(max_size=12).filter(lambda s: len(s.strip()) != 9 or not s.strip().isalnum()))
def test_invalid_oris_refused(ori: str) -> None:
    with pytest.raises(ValidationError):
        Agency(ori=ori, name="x", state="NY")


def test_naive_timestamps_refused() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        Incident(id="i", agency_ori="NY0303000", occurred_at=datetime(2024, 1, 1))


@given(st.floats(allow_nan=False).filter(lambda v: abs(v) > 90))
def test_latitude_range(lat: float) -> None:
    with pytest.raises(ValidationError):
        Incident(
            id="i",
            agency_ori="NY0303000",
            occurred_at=datetime.fromisoformat("2024-01-01T00:00:00+00:00"),
            latitude=lat,
        )


def test_evidence_links_required() -> None:
    with pytest.raises(ValidationError, match="test fire needs firearm_id"):
        Evidence(id="e", kind=EvidenceKind.TEST_FIRE, calibre="9mm", contributing_ori="NY0303000")
    with pytest.raises(ValidationError, match="scene item needs incident_id"):
        Evidence(
            id="e", kind=EvidenceKind.SCENE_CASING, calibre="9mm", contributing_ori="NY0303000"
        )
