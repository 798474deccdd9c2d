"""Role-gated, audited ingest for API callers (the CLI runs :func:`run_ingest` directly)."""

from __future__ import annotations

from pathlib import Path

from domain.permissions import Operation, require
from graph.loaders import GraphLoader
from ingest.service import IngestReport, SourceKind, run_ingest
from services.audit import audited
from services.context import ServiceContext


async def ingest_upload(
    ctx: ServiceContext,
    *,
    kind: SourceKind,
    path: Path,
    filename: str,
    shared_data: Path | None,
) -> IngestReport:
    """Ingest an uploaded file as the caller: needs the ``ingest`` operation; every record
    naming an agency must name one the caller may see (own agency or its region)."""
    async with audited(ctx, f"ingest.{kind.value}", target=filename) as note:
        p = ctx.caller
        require(p, Operation.INGEST)
        report = await run_ingest(
            kind,
            path,
            loader=GraphLoader(ctx.driver, database=ctx.database),
            shared_data=shared_data,
            allowed_oris=p.visible_oris | {p.agency_ori},
        )
        note.detail = (
            f"read={report.read} loaded={report.loaded} "
            f"rejected={report.rejected} elapsed_s={report.elapsed_s:.2f}"
        )
        return report
