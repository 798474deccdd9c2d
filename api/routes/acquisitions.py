"""``POST /acquisitions``: upload a scan (multipart) → stored, correlated, candidates back."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import ValidationError

from api.deps import CtxDep, StateDep
from domain.enums import EvidenceKind
from domain.errors import ValidationFailed
from domain.models import Evidence
from services.acquisition import acquire
from services.evidence_store import MAX_SCAN_BYTES

router = APIRouter(tags=["acquisitions"])


@router.post("/acquisitions", status_code=201)
async def upload_acquisition(
    ctx: CtxDep,
    state: StateDep,
    scan: Annotated[UploadFile, File(description="x3p (3D) or PNG/TIFF (2D) breech-face scan")],
    id: Annotated[str, Form()],
    calibre: Annotated[str, Form()],
    kind: Annotated[EvidenceKind, Form()] = EvidenceKind.SCENE_CASING,
    incident_id: Annotated[str | None, Form()] = None,
    firearm_id: Annotated[str | None, Form()] = None,
    case_number: Annotated[str | None, Form()] = None,
    item_number: Annotated[str | None, Form()] = None,
    collected_at: Annotated[datetime | None, Form()] = None,
    submitted_at: Annotated[datetime | None, Form()] = None,
    top_n: Annotated[int | None, Form(ge=1, le=200)] = None,
) -> dict[str, Any]:
    """Technicians: store the scan unchanged (SHA-256), correlate it, keep the top N."""
    data = await scan.read(MAX_SCAN_BYTES + 1)
    if len(data) > MAX_SCAN_BYTES:
        raise ValidationFailed(f"scan larger than {MAX_SCAN_BYTES} bytes")
    try:
        evidence = Evidence(
            id=id,
            kind=kind,
            calibre=calibre,
            contributing_ori=ctx.caller.agency_ori,
            incident_id=incident_id,
            firearm_id=firearm_id,
            case_number=case_number,
            item_number=item_number,
            collected_at=collected_at,
            submitted_at=submitted_at,
        )
    except ValidationError as exc:
        raise ValidationFailed(
            "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'input'}: {e['msg']}" for e in exc.errors()
            )
        ) from exc
    result = await acquire(
        ctx,
        data=data,
        filename=scan.filename or "scan",
        evidence=evidence,
        store=state.evidence_store,
        index=state.index,
        top_n=top_n or state.settings.candidates_top_n,
    )
    return {
        "evidence_id": result.evidence.id,
        "scan_sha256": result.scan.sha256,
        "run_id": result.run_id,
        "timings_ms": result.timings_ms,
        "candidates": [
            {
                "rank": c.rank,
                "candidate_id": c.candidate_id,
                "scores": c.scores,
                "combined": c.combined,
                "algorithm": c.algorithm,
                "version": c.version,
            }
            for c in result.candidates
        ],
    }
