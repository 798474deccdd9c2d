"""``POST /ingest/{kind}``: upload one file; same code path as ``cgintel ingest``."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, UploadFile

from api.deps import CtxDep, StateDep
from ingest.service import SourceKind
from services.ingest import ingest_upload

router = APIRouter(tags=["ingest"])
MAX_REPORTED = 1_000


@router.post("/ingest/{kind}")
async def upload(
    kind: SourceKind, file: UploadFile, ctx: CtxDep, state: StateDep
) -> dict[str, Any]:
    name = Path(file.filename or f"upload.{kind.value}").name
    with tempfile.TemporaryDirectory(prefix="cgintel-ingest-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out, length=1 << 20)
        report = await ingest_upload(
            ctx, kind=kind, path=path, filename=name, shared_data=state.settings.shared_data
        )
    return {
        **report.summary(),
        "path": name,
        "rejections": [r.as_dict() for r in report.rejections[:MAX_REPORTED]],
    }
