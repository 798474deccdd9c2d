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


@dataclass
class AcquisitionResult:
    evidence: Evidence
    scan: StoredScan
    run_id: str
    candidates: list[CorrelationCandidate]
    timings_ms: dict[str, float] = field(default_factory=dict)


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
    from matching.pipeline import ALGORITHM, VERSION, prepare

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
        surface = await asyncio.to_thread(read_scan_bytes, data, filename)
        prepared = await asyncio.to_thread(prepare, surface)  # type: ignore[arg-type]
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
            raise NotFound(f"unknown agency ORI {evidence.contributing_ori}")
        await asyncio.to_thread(index.add, evidence.id, prepared, calibre=evidence.calibre)

        t1 = time.perf_counter()
        found = await asyncio.to_thread(
            index.correlate, prepared, calibre=evidence.calibre, exclude={evidence.id}, top_n=top_n
        )
        timings["correlate"] = (time.perf_counter() - t1) * 1000
        run_id = f"run-{uuid.uuid4().hex[:16]}"
        run_at = datetime.now(UTC)
        candidates = [
            CorrelationCandidate(
                query_id=evidence.id,
                candidate_id=c.id,
                rank=c.rank,
                scores={k: float(v) for k, v in c.regions.items()},
                combined=float(c.combined),
                algorithm=ALGORITHM,
                version=VERSION,
                run_id=run_id,
                run_at=run_at,
            )
            for c in found
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
        note.detail = f"sha256={scan.sha256} run={run_id} candidates={len(candidates)}"
    return AcquisitionResult(evidence, scan, run_id, candidates, timings)
