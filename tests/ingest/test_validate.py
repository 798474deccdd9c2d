from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ingest.validate import coordinate_problem, file_cutoff, future_reason

T0 = datetime(2020, 1, 1, tzinfo=UTC)


@given(
    st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True)
)
def test_coordinates(lat: float, lon: float) -> None:
    ok = (abs(lat) <= 90 and abs(lon) <= 180) and not (lat == 0 and lon == 0)
    assert (coordinate_problem(lat, lon) is None) == ok


@given(st.lists(st.integers(0, 24 * 60), min_size=2, max_size=300))
def test_contiguous_file_has_no_cutoff(minutes: list[int]) -> None:
    # everything within one day: no gap of 30 days anywhere
    assert file_cutoff([T0 + timedelta(minutes=m) for m in minutes]) is None


@given(st.lists(st.integers(0, 25 * 24 * 60), min_size=1, max_size=300), st.integers(31, 3_000))
def test_one_late_record_is_found(minutes: list[int], days_later: int) -> None:
    stamps = [T0 + timedelta(minutes=m) for m in minutes]
    late = max(stamps) + timedelta(days=days_later)
    cutoff = file_cutoff([*stamps, late])
    assert cutoff == max(stamps)
    assert future_reason(late, now=late + timedelta(days=1), cutoff=cutoff)
    assert all(future_reason(s, now=late, cutoff=cutoff) is None for s in stamps)


def test_future_relative_to_now() -> None:
    assert future_reason(T0 + timedelta(days=1), now=T0, cutoff=None)
