"""The canonical exchange format: one table per kind, CSV or JSON (see docs/formats.md).

Columns are the field names of the domain models. CSV: empty cell = no value, lists are
``;``-separated, per-region scores are a JSON object. JSON: an array of objects (``.json``)
or one object per line (``.jsonl``, streamed). Timestamps are ISO 8601 with a UTC offset.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Container, Iterator
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from domain.models import (
    Agency,
    CorrelationCandidate,
    Evidence,
    Firearm,
    FollowUp,
    Hit,
    Incident,
    Jurisdiction,
    Lead,
    Trace,
)
from ingest.records import Batch, Located, Rejection, batched, build
from ingest.validate import coordinate_problem


class Kind(StrEnum):
    AGENCIES = "agencies"
    JURISDICTIONS = "jurisdictions"
    INCIDENTS = "incidents"
    EVIDENCE = "evidence"
    FIREARMS = "firearms"
    TRACES = "traces"
    FOLLOWUPS = "followups"
    LEADS = "leads"
    HITS = "hits"
    CANDIDATES = "candidates"


MODELS: dict[Kind, type[BaseModel]] = {
    Kind.AGENCIES: Agency,
    Kind.JURISDICTIONS: Jurisdiction,
    Kind.INCIDENTS: Incident,
    Kind.EVIDENCE: Evidence,
    Kind.FIREARMS: Firearm,
    Kind.TRACES: Trace,
    Kind.FOLLOWUPS: FollowUp,
    Kind.LEADS: Lead,
    Kind.HITS: Hit,
    Kind.CANDIDATES: CorrelationCandidate,
}
ORI_FIELDS = ("agency_ori", "contributing_ori", "requesting_ori", "recovery_ori", "credited_ori")
LIST_FIELDS = ("regions", "evidence_ids")
JSON_FIELDS = ("scores",)
LAT_LON = (("latitude", "longitude"), ("recovery_latitude", "recovery_longitude"))
# ATF licence number: region-district-county-type-expiry-sequence, e.g. 1-23-456-01-2B-12345.
FFL_RE = re.compile(r"^\d-?\d{2}-?\d{3}-?\d{2}-?[0-9A-Z]{2}-?\d{5}$")


KEY_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.AGENCIES: ("ori",),
    Kind.TRACES: ("trace_number",),
    Kind.CANDIDATES: ("run_id", "query_id", "candidate_id"),
}


def natural_key(kind: Kind, record: BaseModel) -> str:
    """The MERGE key of a record of ``kind`` (``|``-joined where it has several parts)."""
    return "|".join(str(getattr(record, f)) for f in KEY_FIELDS.get(kind, ("id",)))


def _from_csv(row: dict[str, str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k is None or v is None or not v.strip():
            continue
        k = k.strip()
        if k in LIST_FIELDS:
            out[k] = tuple(p.strip() for p in v.split(";") if p.strip())
        elif k in JSON_FIELDS:
            out[k] = json.loads(v)
        else:
            out[k] = v.strip()
    return out


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | Rejection]]:
    file = path.name
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                try:
                    yield reader.line_num, _from_csv(row)
                except json.JSONDecodeError as exc:
                    yield reader.line_num, Rejection(file, reader.line_num, "scores", str(exc))
    elif suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as fh:
            for n, text in enumerate(fh, start=1):
                if text.strip():
                    try:
                        yield n, json.loads(text)
                    except json.JSONDecodeError as exc:
                        yield n, Rejection(file, n, None, f"invalid JSON: {exc}")
    elif suffix == ".json":
        doc = json.loads(path.read_text(encoding="utf-8"))
        items = doc if isinstance(doc, list) else next(iter(doc.values()), [])
        for n, obj in enumerate(items, start=1):
            yield n, obj
    else:
        raise ValueError(f"{file}: canonical files are .csv, .json or .jsonl")


def _checks(
    kind: Kind, data: dict[str, Any], *, known_oris: Container[str] | None, now: datetime
) -> tuple[str, str] | None:
    """Problems the model itself cannot see: unknown ORIs, coordinates, future, TTC, FFL."""
    if known_oris is not None:
        for f in ORI_FIELDS:
            value = data.get(f)
            if value and str(value).strip().upper() not in known_oris:
                return f, f"unknown ORI {value!r}: load the agency first"
    for lat_f, lon_f in LAT_LON:
        if lat_f in data or lon_f in data:
            try:
                lat, lon = float(data.get(lat_f, "nan")), float(data.get(lon_f, "nan"))
            except (TypeError, ValueError):
                return lat_f, "coordinate is not a number"
            problem = coordinate_problem(lat, lon)
            if problem:
                return lat_f if problem[0] == "latitude" else lon_f, problem[1]
    if kind is Kind.TRACES:
        ffl = data.get("dealer_ffl")
        if ffl and not FFL_RE.match(str(ffl).strip().upper()):
            return "dealer_ffl", f"not an ATF licence number (X-XX-XXX-XX-XX-XXXXX): {ffl!r}"
    for f, v in data.items():
        if isinstance(v, str) and len(v) >= 10 and v[4] == "-" and v[7] == "-":
            try:
                stamp = datetime.fromisoformat(v)
            except ValueError:
                continue
            later = stamp > now if stamp.tzinfo else stamp.date() > now.date()
            if later:
                return f, f"{v} is in the future (ingest time {now.isoformat()})"
    return None


def _trace_checks(record: Trace, data: dict[str, Any]) -> tuple[str, str] | None:
    bought, recovered = record.purchase_date, record.recovery_date
    if bought and recovered and bought > recovered:
        return "purchase_date", "purchase date after recovery date"
    given = data.get("time_to_crime_days")
    if given is not None and record.time_to_crime_days is not None:
        try:
            if int(given) != record.time_to_crime_days:
                return "time_to_crime_days", (
                    f"{given} disagrees with purchase/recovery dates "
                    f"({record.time_to_crime_days} days)"
                )
        except ValueError:
            return "time_to_crime_days", f"not an integer: {given!r}"
    return None


def read_canonical(
    kind: Kind | str,
    path: Path,
    *,
    known_oris: Container[str] | None = None,
    now: datetime | None = None,
    batch_size: int = 5_000,
) -> Iterator[Batch[BaseModel]]:
    """Stream records of one kind from a canonical CSV/JSON file (bounded memory)."""
    yield from batched(
        _items(Kind(kind), path, known_oris=known_oris, now=now or datetime.now(UTC)),
        size=batch_size,
    )


def _items(
    kind: Kind, path: Path, *, known_oris: Container[str] | None, now: datetime
) -> Iterator[Located[BaseModel] | Rejection]:
    file, model = path.name, MODELS[kind]
    seen: dict[str, tuple[int, int]] = {}
    for line, data in _rows(path):
        if isinstance(data, Rejection):
            yield data
            continue
        if not isinstance(data, dict):
            yield Rejection(file, line, None, "not an object")
            continue
        key = str(data.get("ori") or data.get("trace_number") or data.get("id") or "") or None
        problem = _checks(kind, data, known_oris=known_oris, now=now)
        if problem:
            yield Rejection(file, line, problem[0], problem[1], key)
            continue
        extra = {k: data.pop(k) for k in ("time_to_crime_days",) if k in data}
        made = build(model, data, file=file, line=line, key=key)
        if isinstance(made, list):
            yield from made
            continue
        if isinstance(made, Trace):
            problem = _trace_checks(made, extra)
            if problem:
                yield Rejection(file, line, problem[0], problem[1], key)
                continue
        nk, digest = natural_key(kind, made), hash(made.model_dump_json())
        if nk in seen and seen[nk][1] != digest:
            yield Rejection(
                file,
                line,
                "id",
                f"duplicate key {nk!r} with conflicting values (line {seen[nk][0]} kept)",
                nk,
            )
            continue
        seen.setdefault(nk, (line, digest))
        yield Located(made, line)


def to_csv_row(record: BaseModel) -> dict[str, str]:
    """The canonical CSV cells of one record (inverse of the reader)."""
    out: dict[str, str] = {}
    for k, v in record.model_dump(mode="json").items():
        if v is None:
            out[k] = ""
        elif isinstance(v, list):
            out[k] = ";".join(str(x) for x in v)
        elif isinstance(v, dict):
            out[k] = json.dumps(v, sort_keys=True)
        elif isinstance(v, bool):
            out[k] = "true" if v else "false"
        else:
            out[k] = str(v)
    return out
