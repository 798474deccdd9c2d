"""Submit an acquisition: keep the scan, prepare it, correlate it, store the candidates.

One code path for the REST upload and ``cgintel acquire`` (technicians, audited). The scan
is refused with a clear message if it cannot be read; nothing is stored then.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from domain.errors import Conflict, NotFound, ValidationFailed
from domain.models import CorrelationCandidate, Evidence
from domain.permissions import Operation, require
from graph.repos.correlation import CorrelationRepo
from graph.repos.evidence import EvidenceRepo
from services import records
from services.audit import audited
from services.context import ServiceContext
from services.evidence_store import EvidenceStore, StoredScan
from services.matching_index import MatchingIndex

if TYPE_CHECKING:
    from matching.pipeline import Prepared


@dataclass
class AcquisitionResult:
    evidence: Evidence
    scan: StoredScan
    run_id: str
    candidates: list[CorrelationCandidate]
    timings_ms: dict[str, float] = field(default_factory=dict)


def prepare_scan(data: bytes, filename: str) -> Prepared:
    """Read and prepare a scan; the prepared data remembers its modality (2d / 3d)."""
    from matching.pipeline import prepare

    surface = read_scan_bytes(data, filename)
    prepared = prepare(surface)  # type: ignore[arg-type]
    prepared.meta["modality"] = surface.kind  # type: ignore[attr-defined]
    return prepared


def read_scan_bytes(data: bytes, filename: str) -> object:
    """x3p (zip) or PNG/TIFF, by content; :class:`ValidationFailed` with the reason if not."""
    from matching.images import read_image
    from matching.surface import ScanError
    from matching.x3p import read_x3p

    try:
        if data[:4] == b"PK\x03\x04":
            return read_x3p(data)
        return read_image(data)
    except ScanError as exc:
        raise ValidationFailed(f"scan {filename!r} refused: {exc}") from exc


async def acquire(
    ctx: ServiceContext,
    *,
    data: bytes,
    filename: str,
    evidence: Evidence,
    store: EvidenceStore,
    index: MatchingIndex,
    top_n: int = 20,
) -> AcquisitionResult:

    timings: dict[str, float] = {}
    async with audited(ctx, "evidence.acquire", target=f"evidence:{evidence.id}") as note:
        require(ctx.caller, Operation.ACQUIRE)
        if evidence.contributing_ori != ctx.caller.agency_ori:
            raise ValidationFailed(
                f"you may submit evidence for your own agency ({ctx.caller.agency_ori}) only"
            )
        if not data:
            raise ValidationFailed(f"scan {filename!r} is empty")
        repo = ctx.repo(EvidenceRepo)
        if await repo.by_ids([evidence.id]):
            raise Conflict(f"evidence {evidence.id} already exists")
        sha = hashlib.sha256(data).hexdigest()
        same = await repo.by_scan_sha256(sha)
        if same:
            raise Conflict(f"this scan (sha256 {sha[:12]}…) is already stored as evidence {same}")
        if evidence.incident_id is not None:
            visible = await records.incidents_by_ids(ctx, [evidence.incident_id])
            if evidence.incident_id not in visible:
                raise NotFound(f"unknown incident {evidence.incident_id}")

        t0 = time.perf_counter()
        prepared = await asyncio.to_thread(prepare_scan, data, filename)
        timings["read_prepare"] = (time.perf_counter() - t0) * 1000

        scan = await asyncio.to_thread(store.put, data)
        now = datetime.now(UTC)
        evidence = evidence.model_copy(
            update={
                "scan_sha256": scan.sha256,
                "scan_uri": scan.uri,
                "acquired_at": evidence.acquired_at or now,
            }
        )
        await asyncio.to_thread(index.save_prepared, evidence.id, prepared)
        if not await repo.upsert([evidence]):
            raise NotFound(
                f"unknown agency {evidence.contributing_ori}, incident or firearm for {evidence.id}"
            )
        await asyncio.to_thread(index.add, evidence.id, prepared, calibre=evidence.calibre)

        t1 = time.perf_counter()
        run_id, candidates = await _correlate_and_store(ctx, evidence, prepared, index, top_n)
        timings["correlate"] = (time.perf_counter() - t1) * 1000
        note.detail = f"sha256={scan.sha256} run={run_id} candidates={len(candidates)}"
    return AcquisitionResult(evidence, scan, run_id, candidates, timings)


async def recorrelate(
    ctx: ServiceContext,
    *,
    evidence_id: str,
    store: EvidenceStore,
    index: MatchingIndex,
    top_n: int = 20,
) -> AcquisitionResult:
    """Correlate a stored acquisition again (e.g. after an algorithm upgrade): a new run.

    Earlier runs stay in the graph with their own run id and algorithm version.
    """

    async with audited(ctx, "evidence.recorrelate", target=f"evidence:{evidence_id}") as note:
        require(ctx.caller, Operation.ACQUIRE)
        found = await records.evidence_by_ids(ctx, [evidence_id])
        evidence = found.get(evidence_id)
        if evidence is None:
            raise NotFound(f"unknown evidence {evidence_id}")
        if not evidence.scan_sha256:
            raise ValidationFailed(f"evidence {evidence_id} has no stored scan to correlate")
        if not store.verify(evidence.scan_sha256):
            raise Conflict(
                f"the stored scan of {evidence_id} fails its SHA-256 integrity check: "
                "it was changed or lost after acquisition"
            )
        if index.has_prepared(evidence_id):
            prepared = await asyncio.to_thread(index.load_prepared, evidence_id)
        else:
            data = await asyncio.to_thread(store.read, evidence.scan_sha256)
            prepared = await asyncio.to_thread(prepare_scan, data, evidence_id)
            await asyncio.to_thread(index.save_prepared, evidence_id, prepared)
        await asyncio.to_thread(index.add, evidence_id, prepared, calibre=evidence.calibre)
        result = await _correlate_and_store(ctx, evidence, prepared, index, top_n)
        note.detail = f"run={result[0]} candidates={len(result[1])}"
    scan = StoredScan(evidence.scan_sha256, store.path_for(evidence.scan_sha256), 0, False)
    return AcquisitionResult(evidence, scan, result[0], result[1])


async def _correlate_and_store(
    ctx: ServiceContext, evidence: Evidence, prepared: object, index: MatchingIndex, top_n: int
) -> tuple[str, list[CorrelationCandidate]]:
    from matching.pipeline import ALGORITHM, VERSION

    found = await asyncio.to_thread(
        index.correlate,
        prepared,  # type: ignore[arg-type]
        calibre=evidence.calibre,
        exclude={evidence.id},
        top_n=top_n,
    )
    # The index is derived data: keep only candidates the graph still holds, re-ranked.
    known = await ctx.repo(EvidenceRepo).by_ids([c.id for c in found])
    found = [c for c in found if c.id in known]
    run_id = f"run-{uuid.uuid4().hex[:16]}"
    run_at = datetime.now(UTC)
    candidates = [
        CorrelationCandidate(
            query_id=evidence.id,
            candidate_id=c.id,
            rank=rank,
            scores={k: float(v) for k, v in c.regions.items()},
            combined=float(c.combined),
            algorithm=ALGORITHM,
            version=VERSION,
            run_id=run_id,
            run_at=run_at,
            candidate_ori=known[c.id].contributing_ori,
            candidate_incident_id=known[c.id].incident_id,
        )
        for rank, c in enumerate(found, start=1)
    ]
    await ctx.repo(CorrelationRepo).store_run(
        query_id=evidence.id,
        run_id=run_id,
        algorithm=ALGORITHM,
        version=VERSION,
        run_at=run_at,
        top_n=top_n,
        candidates=candidates,
    )
    # Everything is stored (correlation runs across the region); the caller is shown only
    # the candidates of agencies in its scope.
    return run_id, [c for c in candidates if ctx.caller.can_see(c.candidate_ori)]


async def reindex(
    ctx: ServiceContext, *, store: EvidenceStore, index: MatchingIndex, batch: int = 500
) -> dict[str, int]:
    """Rebuild the current version's matching index from the evidence store.

    Skips acquisitions already indexed; reports scans that are missing or fail their
    integrity check instead of indexing them.
    """

    counts = {"indexed": 0, "already": 0, "missing_or_changed": 0, "unreadable": 0}
    async with audited(ctx, "matching.reindex", target=f"index:{index.version}") as note:
        repo = ctx.repo(EvidenceRepo)
        after = ""
        done: set[str] | None = None
        while rows := await repo.with_scans(after=after, limit=batch):
            after = rows[-1][0]
            for evidence_id, sha, calibre in rows:
                if done is not None and evidence_id in done:
                    counts["already"] += 1
                    continue
                if not await asyncio.to_thread(store.verify, sha):
                    counts["missing_or_changed"] += 1
                    continue
                data = await asyncio.to_thread(store.read, sha)
                try:
                    prepared = await asyncio.to_thread(prepare_scan, data, evidence_id)
                except ValidationFailed:
                    counts["unreadable"] += 1
                    continue
                if done is None:
                    done = index.indexed(len(prepared.signature))
                    if evidence_id in done:
                        counts["already"] += 1
                        continue
                await asyncio.to_thread(index.save_prepared, evidence_id, prepared)
                await asyncio.to_thread(index.add, evidence_id, prepared, calibre=calibre)
                counts["indexed"] += 1
        note.detail = " ".join(f"{k}={v}" for k, v in counts.items())
    return counts
