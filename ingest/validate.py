"""Validators shared by the adapters: coordinates, local timestamps, dates in the future."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

NEW_YORK = ZoneInfo("America/New_York")

#: A record later than the rest of its file by more than this is "in the future" of the file.
FILE_GAP = timedelta(days=30)


def coordinate_problem(lat: float | None, lon: float | None) -> tuple[str, str] | None:
    """Return ``(field, reason)`` when a WGS84 coordinate pair is unusable, else ``None``."""
    if lat is None or lon is None:
        return ("latitude" if lat is None else "longitude", "missing coordinate")
    for name, value, bound in (("latitude", lat, 90.0), ("longitude", lon, 180.0)):
        if not math.isfinite(value):
            return name, f"{name} is not a finite number"
        if abs(value) > bound:
            return name, f"{name} {value} out of range [-{bound:g}, {bound:g}]"
    if lat == 0.0 and lon == 0.0:
        return "latitude", "null island (0, 0): coordinate missing, not a location"
    return None


def parse_float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    return float(text)


def localize(naive: datetime, tz: ZoneInfo = NEW_YORK) -> datetime:
    """Attach ``tz`` to a wall-clock time (ambiguous DST hour: first occurrence)."""
    if naive.tzinfo is not None:
        raise ValueError("expected a naive wall-clock time")
    return naive.replace(tzinfo=tz)


def file_cutoff(stamps: Sequence[datetime], *, gap: timedelta = FILE_GAP) -> datetime | None:
    """The latest time a file plausibly covers.

    A file of incidents covers a contiguous period. A few records (at most 1 % of the file,
    at least one) lying more than ``gap`` after all the others are data-entry errors: they
    are "in the future" relative to the file. Returns the last time before such a tail, or
    ``None`` when the file has no such tail. ``O(n log n)``.

    >>> from datetime import datetime, UTC
    >>> ds = [datetime(2025, 1, d, tzinfo=UTC) for d in range(1, 27)]
    >>> file_cutoff(ds + [datetime(2025, 11, 26, tzinfo=UTC)]) == ds[-1]
    True
    """
    ordered = sorted(stamps)
    n = len(ordered)
    if n < 2:
        return None
    tail = max(1, n // 100)
    cutoff = None
    for k in range(1, min(tail, n - 1) + 1):
        if ordered[n - k] - ordered[n - k - 1] > gap:
            cutoff = ordered[n - k - 1]
    return cutoff


def future_reason(stamp: datetime, *, now: datetime, cutoff: datetime | None) -> str | None:
    if stamp > now:
        return f"{stamp.isoformat()} is in the future (ingest time {now.isoformat()})"
    if cutoff is not None and stamp > cutoff:
        return (
            f"{stamp.isoformat()} is in the future relative to its file "
            f"(the rest of the file ends {cutoff.isoformat()})"
        )
    return None
