"""NYPD Shooting Incident Data (Historic): one CSV row per victim → one Incident per key.

Victims of one ``INCIDENT_KEY`` are aggregated (``STATISTICAL_MURDER_FLAG`` true → killed,
else injured). Rows of one key that disagree on when or where it happened are a conflict:
the incident is refused and every conflicting row is reported (nothing is guessed).
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from domain.models import Incident
from ingest.records import Batch, Located, Rejection, batched, build
from ingest.validate import NEW_YORK, coordinate_problem, file_cutoff, future_reason, localize

NYPD_ORI = "NY0303000"  # New York City Police Department (FBI CDE agency list)
SOURCE = "nypd-shooting-historic"
REQUIRED = ("INCIDENT_KEY", "OCCUR_DATE", "OCCUR_TIME", "STATISTICAL_MURDER_FLAG")
# Fields every victim row of one incident must agree on.
SHARED = ("OCCUR_DATE", "OCCUR_TIME", "BORO", "PRECINCT", "Latitude", "Longitude")


@dataclass(slots=True)
class _Group:
    line: int
    row: dict[str, str]
    killed: int = 0
    injured: int = 0
    conflicts: list[Rejection] = field(default_factory=list)


def incident_id(key: str) -> str:
    return f"nypd:{key}"


def _victim(group: _Group, row: dict[str, str], *, file: str, line: int) -> Rejection | None:
    flag = (row.get("STATISTICAL_MURDER_FLAG") or "").strip().upper()
    if flag not in ("TRUE", "FALSE"):
        return Rejection(file, line, "STATISTICAL_MURDER_FLAG", f"not TRUE/FALSE: {flag!r}")
    if flag == "TRUE":
        group.killed += 1
    else:
        group.injured += 1
    return None


def _parse_time(row: dict[str, str]) -> datetime:
    naive = datetime.strptime(
        f"{row['OCCUR_DATE'].strip()} {row['OCCUR_TIME'].strip()}", "%m/%d/%Y %H:%M:%S"
    )
    return localize(naive, NEW_YORK)


def _incident(
    key: str, g: _Group, *, file: str, now: datetime, cutoff: datetime | None
) -> Incident | list[Rejection]:
    row, line = g.row, g.line
    try:
        occurred = _parse_time(row)
    except ValueError as exc:
        return [Rejection(file, line, "OCCUR_DATE", f"bad date/time: {exc}", key)]
    reason = future_reason(occurred, now=now, cutoff=cutoff)
    if reason:
        return [Rejection(file, line, "OCCUR_DATE", reason, key)]
    try:
        lat = float(row["Latitude"]) if row.get("Latitude", "").strip() else None
        lon = float(row["Longitude"]) if row.get("Longitude", "").strip() else None
    except ValueError as exc:
        return [Rejection(file, line, "Latitude", f"not a number: {exc}", key)]
    problem = coordinate_problem(lat, lon)
    if problem:
        return [Rejection(file, line, problem[0].capitalize(), problem[1], key)]
    data: dict[str, object] = {
        "id": incident_id(key),
        "agency_ori": NYPD_ORI,
        "case_number": key,
        "offense": "shooting",
        "occurred_at": occurred,
        "latitude": lat,
        "longitude": lon,
        "address": (row.get("LOCATION_DESC") or "").strip() or None,
        "killed": g.killed,
        "injured": g.injured,
        "source": SOURCE,
    }
    return build(Incident, data, file=file, line=line, key=key)


def _groups(path: Path) -> tuple[dict[str, _Group], list[Rejection], int]:
    file = path.name
    groups: dict[str, _Group] = {}
    bad: list[Rejection] = []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{file}: not an NYPD shooting file, missing columns {missing}")
        rows = 0
        for row in reader:
            rows += 1
            line = reader.line_num
            key = (row.get("INCIDENT_KEY") or "").strip()
            if not key:
                bad.append(Rejection(file, line, "INCIDENT_KEY", "empty key"))
                continue
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group(line=line, row=row)
            else:
                for col in SHARED:
                    a, b = (g.row.get(col) or "").strip(), (row.get(col) or "").strip()
                    if a != b:
                        g.conflicts.append(
                            Rejection(
                                file,
                                line,
                                col,
                                f"duplicate INCIDENT_KEY with conflicting {col}: {b!r} here, "
                                f"{a!r} on line {g.line}",
                                key,
                            )
                        )
            victim = _victim(g, row, file=file, line=line)
            if victim:  # a victim we cannot count: the incident's totals would be a guess
                g.conflicts.append(
                    Rejection(victim.file, victim.line, victim.field, victim.reason, key)
                )
    return groups, bad, rows


def read_nypd_shootings(
    path: Path, *, batch_size: int = 5_000, now: datetime | None = None
) -> Iterator[Batch[Incident]]:
    """Stream Incidents (and rejections) from the NYPD historic shooting CSV."""
    now = now or datetime.now(UTC)
    file = path.name
    groups, bad, _ = _groups(path)

    def items() -> Iterator[Located[Incident] | Rejection]:
        yield from bad
        stamps = []
        for g in groups.values():
            with contextlib.suppress(ValueError):
                stamps.append(_parse_time(g.row))
        cutoff = file_cutoff(stamps)
        for key, g in groups.items():
            if g.conflicts:
                yield from g.conflicts
                continue
            result = _incident(key, g, file=file, now=now, cutoff=cutoff)
            if isinstance(result, list):
                yield from result
            else:
                yield Located(result, g.line)

    yield from batched(items(), size=batch_size)


def reported_precincts(path: Path) -> dict[str, str]:
    """NYPD's own ``PRECINCT`` label per incident id (first victim row), for benchmarks."""
    out: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(incident_id(row["INCIDENT_KEY"].strip()), row["PRECINCT"].strip())
    return out
