"""The one ingest code path behind ``cgintel ingest`` and ``POST /ingest/{kind}``.

``run_ingest(kind=..., path=..., loader=...)`` streams the file through its adapter, checks
ORIs (known to the graph and, for API callers, within the caller's scope), places incidents
in every jurisdiction that contains them, loads batch by batch with the graph loaders, and
returns an :class:`IngestReport`. Parsing runs in a worker thread so an API event loop stays
responsive.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from domain.models import Agency, Incident
from graph.loaders import GraphLoader, LoadKind
from ingest import boundaries
from ingest.agencies import read_fbi_agencies
from ingest.canonical import Kind, read_canonical
from ingest.jurisdictions import Gazetteer, assign_incidents, default_gazetteer, served_areas
from ingest.nypd import read_nypd_shootings
from ingest.philadelphia import read_philadelphia_shootings
from ingest.records import Batch, Rejection

MAX_KEPT_REJECTIONS = 10_000
ORI_FIELDS = ("agency_ori", "contributing_ori", "requesting_ori", "recovery_ori", "credited_ori")


class SourceKind(StrEnum):
    NYPD_SHOOTINGS = "nypd-shootings"
    NYPD_PRECINCTS = "nypd-precincts"
    PHILADELPHIA_SHOOTINGS = "philadelphia-shootings"
    PHILADELPHIA_DISTRICTS = "philadelphia-districts"
    FBI_AGENCIES = "fbi-agencies"
    PLACES = "places"
    COUNTIES = "counties"
    STATES = "states"
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


BOUNDARY_KINDS = {
    SourceKind.NYPD_PRECINCTS,
    SourceKind.PHILADELPHIA_DISTRICTS,
    SourceKind.PLACES,
    SourceKind.COUNTIES,
    SourceKind.STATES,
}
GLOBS = {SourceKind.PHILADELPHIA_SHOOTINGS: "shootings_*.json", SourceKind.PLACES: "*.zip"}


@dataclass
class IngestReport:
    kind: str
    path: str
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)  # first MAX_KEPT_REJECTIONS
    nodes_created: int = 0
    relationships_created: int = 0
    elapsed_s: float = 0.0

    def reject(self, items: Collection[Rejection]) -> None:
        self.rejected += len(items)
        room = MAX_KEPT_REJECTIONS - len(self.rejections)
        if room > 0:
            self.rejections.extend(list(items)[:room])

    def summary(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "read": self.read,
            "loaded": self.loaded,
            "rejected": self.rejected,
            "nodes_created": self.nodes_created,
            "relationships_created": self.relationships_created,
            "elapsed_s": round(self.elapsed_s, 3),
        }


def _files(kind: SourceKind, path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(path.glob(GLOBS.get(kind, "*")))
        if not found:
            raise ValueError(f"{path}: no {GLOBS.get(kind, '*')} files in this folder")
        return found
    if not path.exists() and kind not in (SourceKind.COUNTIES, SourceKind.STATES):
        raise FileNotFoundError(str(path))
    return [path]


def _layer(kind: SourceKind, path: Path) -> boundaries.BoundaryLayer:
    if kind is SourceKind.STATES:
        return boundaries.read_states()
    if kind is SourceKind.COUNTIES:
        return boundaries.read_counties()
    if kind is SourceKind.PLACES:
        return boundaries.read_places(path)
    if kind is SourceKind.NYPD_PRECINCTS:
        return boundaries.read_nypd_precincts(path)
    return boundaries.read_philadelphia_districts(path)


def _batches(
    kind: SourceKind,
    path: Path,
    *,
    known_oris: set[str] | None,
    now: datetime | None,
    batch_size: int,
) -> Iterator[Batch[Any]]:
    if kind is SourceKind.NYPD_SHOOTINGS:
        return read_nypd_shootings(path, batch_size=batch_size, now=now)
    if kind is SourceKind.PHILADELPHIA_SHOOTINGS:
        return read_philadelphia_shootings(path, batch_size=batch_size, now=now)
    if kind is SourceKind.FBI_AGENCIES:
        return read_fbi_agencies(path, batch_size=batch_size)
    if kind in BOUNDARY_KINDS:
        return _layer(kind, path).batches()
    return read_canonical(
        Kind(kind.value), path, known_oris=known_oris, now=now, batch_size=batch_size
    )


def _scope(
    batch: Batch[Any], *, file: str, known: set[str] | None, allowed: Collection[str] | None
) -> Batch[Any]:
    """Drop (and report) records naming an unknown ORI or one outside the caller's scope."""
    if known is None and allowed is None:
        return batch
    out: Batch[Any] = Batch(rejections=batch.rejections)
    for record, line in zip(batch.records, batch.lines, strict=True):
        problem = None
        for f in ORI_FIELDS:
            ori = getattr(record, f, None)
            if ori is None:
                continue
            if known is not None and ori not in known:
                problem = (f, f"unknown ORI {ori}: load the agency first")
            elif allowed is not None and ori not in allowed:
                problem = (f, f"ORI {ori} is outside your agency's scope")
            if problem:
                break
        if problem:
            key = getattr(record, "id", None) or getattr(record, "trace_number", None)
            out.rejections.append(Rejection(file, line, problem[0], problem[1], key))
        else:
            out.records.append(record)
            out.lines.append(line)
    return out


async def load_incident_batch(
    batch: Batch[Incident],
    *,
    file: str,
    loader: GraphLoader,
    gazetteer: Gazetteer,
    report: IngestReport,
) -> None:
    placements, placed, outside = await asyncio.to_thread(
        assign_incidents, batch.records, gazetteer, file=file, lines=batch.lines
    )
    report.reject(outside)
    used = sorted({p.jurisdiction_id for p in placements})
    await loader.load([gazetteer.jurisdictions[j] for j in used if "state:" in j])
    await loader.load([gazetteer.jurisdictions[j] for j in used if "state:" not in j])
    result = await loader.load(placed)
    _count(report, result)
    lines = {r.id: ln for r, ln in zip(batch.records, batch.lines, strict=True)}
    report.reject(
        [
            Rejection(file, lines.get(k), "agency_ori", "agency not in the graph", k)
            for k in result.missing
        ]
    )
    rows = [
        {"incident_id": p.incident_id, "jurisdiction_id": p.jurisdiction_id, "vintage": p.vintage}
        for p in placements
    ]
    _count(report, await loader.load_rows(LoadKind.PLACEMENT, rows), loaded=False)


def _count(report: IngestReport, result: Any, *, loaded: bool = True) -> None:
    if loaded:
        report.loaded += result.written
    report.nodes_created += result.nodes_created
    report.relationships_created += result.relationships_created


async def run_ingest(
    kind: SourceKind | str,
    path: Path,
    *,
    loader: GraphLoader,
    gazetteer: Gazetteer | None = None,
    shared_data: Path | None = None,
    allowed_oris: Collection[str] | None = None,
    now: datetime | None = None,
    batch_size: int = 5_000,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Read ``path`` as ``kind``, validate, place, load; report read/loaded/rejected/elapsed."""
    kind = SourceKind(kind)
    started = time.perf_counter()
    report = IngestReport(kind=kind.value, path=str(path))
    needs_oris = kind not in BOUNDARY_KINDS and kind not in (
        SourceKind.FBI_AGENCIES,
        SourceKind.AGENCIES,
        SourceKind.JURISDICTIONS,
    )
    known = await loader.known_oris() if needs_oris else None
    if (
        kind in (SourceKind.NYPD_SHOOTINGS, SourceKind.PHILADELPHIA_SHOOTINGS, SourceKind.INCIDENTS)
        and gazetteer is None
    ):
        gazetteer = await asyncio.to_thread(default_gazetteer, shared_data)
    if kind in BOUNDARY_KINDS and kind is not SourceKind.STATES:
        report_states = await loader.load(boundaries.read_states().jurisdictions)
        report.nodes_created += report_states.nodes_created
    for file_path in _files(kind, path):
        file = file_path.name
        batches = _batches(kind, file_path, known_oris=known, now=now, batch_size=batch_size)
        while True:
            batch = await asyncio.to_thread(next, batches, None)
            if batch is None:
                break
            report.read += len(batch.records) + len(batch.rejections)
            batch = _scope(batch, file=file, known=known, allowed=allowed_oris)
            report.reject(batch.rejections)
            if gazetteer is not None and batch.records and isinstance(batch.records[0], Incident):
                await load_incident_batch(
                    batch, file=file, loader=loader, gazetteer=gazetteer, report=report
                )
            elif batch.records:
                result = await loader.load(batch.records)
                _count(report, result)
                lines = {
                    getattr(r, "id", None)
                    or getattr(r, "trace_number", None)
                    or getattr(r, "ori", None): ln
                    for r, ln in zip(batch.records, batch.lines, strict=True)
                }
                report.reject(
                    [
                        Rejection(
                            file, lines.get(k), None, "references a record not in the graph", k
                        )
                        for k in result.missing
                    ]
                )
                if isinstance(batch.records[0], Agency):
                    await _link_agencies(
                        batch.records, loader=loader, shared_data=shared_data, report=report
                    )
            if progress:
                progress(report.read)
    report.elapsed_s = time.perf_counter() - started
    return report


async def _link_agencies(
    agencies: list[Agency], *, loader: GraphLoader, shared_data: Path | None, report: IngestReport
) -> None:
    """SERVES links to the served areas already in the graph (load boundaries first)."""
    names = await asyncio.to_thread(_names_gazetteer, shared_data)
    pairs = served_areas(agencies, names)
    rows = [{"ori": o, "jurisdiction_id": j} for o, j in pairs]
    _count(report, await loader.load_rows(LoadKind.SERVES, rows), loaded=False)


_NAMES: dict[str, Gazetteer] = {}


def _names_gazetteer(shared_data: Path | None) -> Gazetteer:
    key = str(shared_data)
    if key not in _NAMES:
        _NAMES[key] = default_gazetteer(shared_data)
    return _NAMES[key]
