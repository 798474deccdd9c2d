"""FBI Crime Data Explorer agency list (``fbi_cde_agencies_2025.csv``) → Agency records.

The ORI is validated (9 characters: the 2-letter state code then 7 letters/digits, and the
NCIC state code must agree with ``state_abbr``). A repeated ORI with different values is refused
(the first row is kept, the later one reported); an identical repeat passes (MERGE folds it).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from domain.models import Agency
from ingest.records import Batch, Located, Rejection, batched, build

NULLS = {"", "NA", "N/A", "NULL", "NOT SPECIFIED"}
# NCIC state codes that differ from the USPS abbreviation (Nebraska is NB in NCIC).
NCIC_STATE = {"NE": "NB"}
COLUMNS = ("ori", "agency_name", "agency_type", "state_abbr")


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return None if text.upper() in NULLS else text


def read_fbi_agencies(path: Path, *, batch_size: int = 5_000) -> Iterator[Batch[Agency]]:
    yield from batched(_items(path), size=batch_size)


def _items(path: Path) -> Iterator[Located[Agency] | Rejection]:
    file = path.name
    seen: dict[str, tuple[int, int]] = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{file}: not an FBI agency list, missing columns {missing}")
        for row in reader:
            line = reader.line_num
            ori = (row.get("ori") or "").strip().upper()
            state = (_clean(row.get("state_abbr")) or "").upper()
            expected = NCIC_STATE.get(state, state)
            if ori and state and ori[:2] != expected:
                yield Rejection(
                    file,
                    line,
                    "ori",
                    f"ORI {ori} does not start with the NCIC code {expected} of state {state}",
                    ori,
                )
                continue
            lat, lon = _clean(row.get("latitude")), _clean(row.get("longitude"))
            data = {
                "ori": ori,
                "name": _clean(row.get("agency_name")),
                "agency_type": _clean(row.get("agency_type")) or "Other",
                "state": state,
                "county": _clean(row.get("county")),
                "latitude": lat,
                "longitude": lon,
            }
            made = build(
                Agency,
                {k: v for k, v in data.items() if v is not None},
                file=file,
                line=line,
                key=ori or None,
            )
            if isinstance(made, list):
                yield from made
                continue
            digest = hash(made)
            if ori in seen and seen[ori][1] != digest:
                yield Rejection(
                    file,
                    line,
                    "ori",
                    f"duplicate ORI with conflicting values (line {seen[ori][0]} kept)",
                    ori,
                )
                continue
            seen.setdefault(ori, (line, digest))
            yield Located(made, line)
